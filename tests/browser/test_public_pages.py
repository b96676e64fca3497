"""Pages outside the chronology in Chromium, served under /regard/ as on GitHub Pages: the
404 page, tables on a phone, accessibility in both colour schemes."""

from __future__ import annotations

import re

import pytest

from tests.support import AXE_OPTIONS

PHONE = {"width": 375, "height": 812}


def _expected_404(problems) -> None:
    """The browser logs the 404 status of the page itself: that one is expected."""
    problems.console = [message for message in problems.console
                        if "status of 404" not in message]


def test_an_unknown_address_gets_the_french_404_with_ways_back(page, pages_url, problems):
    response = page.goto(f"{pages_url}/une/adresse/qui/n-existe/pas/")
    assert response is not None and response.status == 404
    assert page.title() == "Page introuvable – RegarD — Clus’Ter Jura"
    assert page.locator("h1").text_content() == "Page introuvable"
    # The page's styles and scripts load from this address too.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header'))"
                         ".position") in {"sticky", "fixed"}
    page.get_by_role("link", name="Revenir à l’accueil").click()
    page.wait_for_url(f"{pages_url}/")
    page.wait_for_function("() => document.querySelector('h1').firstChild.textContent"
                           " === 'RegarD'")
    _expected_404(problems)


def test_the_404_page_opens_the_search(page, pages_url, problems):
    page.goto(f"{pages_url}/absente/")
    page.get_by_role("button", name="Rechercher dans le site").last.click()
    assert page.locator("#__search").is_checked()
    box = page.locator("[data-rd-search-input]")
    assert box.evaluate("el => el === document.activeElement")
    box.fill("chatel")
    page.wait_for_selector(".md-search-result__item")
    _expected_404(problems)


@pytest.mark.parametrize("path", ["programme/figures/", "comites/", "personnes/",
                                  "organisations/", "terrains/chatel/",
                                  "personnes/claire-pinet/", ""])
def test_nothing_is_wider_than_a_phone(open_page, pages_url, path):
    page = open_page(viewport=PHONE)
    page.goto(f"{pages_url}/{path}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = page.evaluate("""() => [...document.querySelectorAll('.md-content table')]
        .filter(t => t.getBoundingClientRect().right > window.innerWidth + 0.5
                  || t.scrollWidth > t.clientWidth + 1).length""")
    assert wide == 0


def test_on_a_phone_each_figure_row_reads_as_labelled_lines(open_page, pages_url):
    page = open_page(viewport=PHONE)
    page.goto(f"{pages_url}/programme/figures/")
    cell = page.locator("td[data-label]").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Le Porteur de projets" in label
    header = page.locator("table thead").first
    assert header.evaluate("el => el.getBoundingClientRect().width") <= 1
    # Screen readers still read a table with its column headings.
    assert page.get_by_role("columnheader", name="Le Financier").count() == 1


def test_a_committee_row_on_a_phone_drops_its_empty_cells(open_page, pages_url):
    page = open_page(viewport=PHONE)
    page.goto(f"{pages_url}/comites/")
    empty = page.locator("td[data-rd-empty]").first
    assert empty.evaluate("el => getComputedStyle(el).display") == "none"
    wide = open_page(viewport={"width": 1280, "height": 800})
    wide.goto(f"{pages_url}/comites/")
    assert wide.locator("td[data-rd-empty]").first.evaluate(
        "el => getComputedStyle(el).display") == "table-cell"


def test_share_tags_are_in_the_page_as_written(page, pages_url):
    page.goto(f"{pages_url}/personnes/marie-ferru/")

    def meta(key: str) -> str | None:
        return page.locator(f"meta[property='{key}'], meta[name='{key}']").get_attribute(
            "content")

    assert meta("og:title") == "Marie Ferru"
    assert meta("og:url") == f"{pages_url}/personnes/marie-ferru/"
    assert meta("og:locale") == "fr_FR"
    assert meta("twitter:card") == "summary_large_image"
    assert meta("og:image") == f"{pages_url}/assets/images/partage.png"
    image = page.request.get(meta("og:image"))
    assert image.status == 200 and image.headers["content-type"] == "image/png"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "personnes/claire-pinet/", "terrains/chatel/",
                                  "programme/figures/", "comites/", "absente/"])
def test_no_axe_violation_in_either_scheme(open_page, pages_url, problems, scheme, path):
    from axe_playwright_python.sync_playwright import Axe

    for viewport in ({"width": 1280, "height": 800}, PHONE):
        page = open_page(viewport=viewport, color_scheme=scheme)
        page.goto(f"{pages_url}/{path}")
        page.wait_for_load_state("load")
        _expected_404(problems)
        results = Axe().run(page, options=AXE_OPTIONS)
        assert results.violations_count == 0, (viewport, results.generate_report())


@pytest.fixture(scope="module")
def preview_url(frozen_site):
    """The site as CI uploads it for a pull request (built for its published address) and
    as the run's summary tells staff to preview it: from their own machine, under /regard/."""
    from tests.support import serve

    server, url = serve(frozen_site, pages=True)
    yield url
    server.shutdown()


def test_the_preview_instruction_serves_the_site_at_its_published_path():
    from tests.support import ROOT

    # The guide tells those who have Python how to serve the whole site artifact.
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    path = re.search(r"^site_url: https?://[^/]+(/.*)$", config, re.M)[1]  # "/regard/"
    assert f"`apercu{path.rstrip('/')}`" in guide
    assert "`python3 -m http.server -d apercu 8000`" in guide
    assert f"`http://127.0.0.1:8000{path}`" in guide


def test_the_preview_404_page_has_its_styles_and_ways_back(page, preview_url, problems):
    response = page.goto(f"{preview_url}/une/adresse/absente/")
    assert response is not None and response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header'))"
                         ".position") in {"sticky", "fixed"}
    _expected_404(problems)
    assert problems.outside == []


@pytest.mark.parametrize("path", ["/", "/chronologie/", "/terrains/chatel/"])
def test_a_preview_served_locally_asks_nothing_of_the_published_site(page, preview_url,
                                                                     problems, path):
    page.goto(preview_url + path)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # Material fetches its sitemap once the page has loaded
    # The page fixture fails the test on any request that leaves 127.0.0.1.
    assert problems.outside == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_on_a_phone_the_home_shows_the_way_in_and_the_figures_in_the_first_screen(
        open_page, pages_url, javascript):
    page = open_page(viewport=PHONE, is_mobile=True, has_touch=True,
                     java_script_enabled=javascript)
    page.goto(f"{pages_url}/")
    page.wait_for_load_state("load")
    start = page.locator(".rd-start")
    way_in = start.get_by_role("link", name="Parcourir la chronologie")
    assert way_in.get_attribute("href").rstrip("/").endswith("chronologie")
    for name in ("programme", "glossaire", "terrains"):
        assert start.get_by_role("link", name=name, exact=True).count() == 1
    boxes = [way_in.bounding_box()] + [
        figure.bounding_box() for figure in page.locator(".rd-figures li").all()]
    assert len(boxes) > 1
    for box in boxes:
        assert box is not None and box["y"] >= 0
        assert box["y"] + box["height"] <= PHONE["height"], box
