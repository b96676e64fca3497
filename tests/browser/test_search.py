"""The site's search in Chromium, on the real site served under /regard/ as on GitHub Pages:
nothing downloaded before searching, accents forgiven both ways, each result opening its
record, keyboard use, accessibility in both colour schemes."""

from __future__ import annotations

import re

import pytest

from tests.support import open_search

SEARCH_FILES = re.compile(r"/(pagefind/|assets/search\.js)")


@pytest.fixture
def site(page, pages_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{pages_url}/terrains/chatel/")
    page.wait_for_load_state("load")
    page.requests = requests  # type: ignore[attr-defined]
    return page


def test_nothing_is_downloaded_for_search_until_the_reader_starts(site, pages_url):
    site.wait_for_timeout(500)
    assert [url for url in site.requests if SEARCH_FILES.search(url)] == []
    assert not [url for url in site.requests if "search_index" in url]
    site.locator("[data-rd-search-input]").focus()
    site.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(r => r.name.includes('/pagefind/pagefind.js'))")
    fetched = [url for url in site.requests if SEARCH_FILES.search(url)]
    assert all(url.startswith(f"{pages_url}/") for url in fetched), fetched


@pytest.mark.parametrize(("plain", "accented"), [
    ("maturite", "maturité"), ("ecologie", "Écologie"), ("chatel", "Châtel"),
    ("l'ect", "l’ECT"),
])
def test_accents_and_apostrophes_do_not_change_the_results(site, plain, accented):
    without = open_search(site, plain)
    with_them = open_search(site, accented)
    assert without, plain
    assert sorted(without) == sorted(with_them)


@pytest.mark.parametrize(("query", "expected"), [
    ("sortie terrain chatel", "/regard/evenements/sortie-terrain-chatel/"),
    ("maturité coopérative capacité", "/regard/glossaire/#maturite-cooperative"),
    ("Marie Ferru", "/regard/personnes/marie-ferru/"),
    ("Commun de Chatel", "/regard/terrains/chatel/"),
    ("Laboratoire Ruralités", "/regard/organisations/#ruralites"),
])
def test_a_result_opens_its_record(site, pages_url, query, expected):
    results = open_search(site, query)
    assert results[0].endswith(expected), results[:3]
    site.locator(".md-search-result__item > a").first.click()
    site.wait_for_url(f"**{expected}")
    assert not site.locator("#__search").is_checked()
    anchor = expected.partition("#")[2]
    if anchor:
        target = site.locator(f"[id='{anchor}']")
        target.wait_for()
        site.wait_for_function(f"() => Math.abs(document.getElementById('{anchor}')"
                               ".getBoundingClientRect().top) < 300")


@pytest.mark.parametrize(("spelling", "person"), [
    ("Philippi", "maryline-filippi"), ("Balhazard", "marjolaine-gros-balthazard"),
    ("Palluaut", "sebastien-palluault"), ("Siltine", "romain-slitine"),
])
def test_a_person_is_found_under_a_spelling_of_the_source(site, spelling, person):
    # The source spells these names two ways; the site shows one (content/people.yml aliases).
    results = open_search(site, spelling)
    assert results and results[0].endswith(f"/regard/personnes/{person}/"), results[:3]


def test_french_stemming_finds_other_forms_of_a_word(site):
    assert set(open_search(site, "coopératives")) & set(open_search(site, "coopératif"))


def test_the_keyboard_opens_moves_through_and_closes_the_search(site):
    site.keyboard.press("/")
    box = site.locator("[data-rd-search-input]")
    assert box.evaluate("el => el === document.activeElement")
    assert site.locator("#__search").is_checked()
    site.keyboard.type("maturite")
    site.wait_for_selector(".md-search-result__item")
    site.keyboard.press("ArrowDown")
    first = site.locator(".md-search-result__item > a").first
    assert first.evaluate("el => el === document.activeElement")
    site.keyboard.press("ArrowDown")
    site.keyboard.press("ArrowUp")
    assert first.evaluate("el => el === document.activeElement")
    site.keyboard.press("Escape")
    assert not site.locator("#__search").is_checked()
    site.keyboard.press("/")
    site.keyboard.press("Enter")  # the best result
    site.wait_for_url("**/evenements/*/")


def test_the_count_is_announced_and_no_result_says_what_to_do(site):
    status = site.locator("#rd-search-status")
    # Announced politely (not role=status: the chronology's count is the page's status).
    assert status.get_attribute("aria-live") == "polite"
    open_search(site, "maturite")
    # In French typography: no-break spaces inside « ».
    assert re.fullmatch(r"\d+ résultats pour «\u00a0maturite\u00a0»", status.text_content())
    open_search(site, "xylophonique")
    assert status.text_content().startswith("Aucun résultat pour «\u00a0xylophonique\u00a0».")


def test_the_search_button_opens_the_dialog_on_a_phone(open_page, pages_url):
    page = open_page(viewport={"width": 375, "height": 812}, has_touch=True)
    page.goto(f"{pages_url}/")
    button = page.get_by_role("button", name="Rechercher dans le site").first
    assert button.get_attribute("aria-label") == "Rechercher dans le site"
    button.click()
    box = page.locator("[data-rd-search-input]")
    assert box.evaluate("el => el === document.activeElement")
    box.fill("ecologie")
    page.wait_for_selector(".md-search-result__item")
    # No sideways scroll once the dialog is open: while it slides in (longer on a busy
    # machine) it may stand beyond the right edge, so its settled state is what counts.
    page.wait_for_function("document.documentElement.scrollWidth <= 375", timeout=5_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_with_results_shown(open_page, pages_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page.goto(f"{pages_url}/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == (
        "default" if scheme == "light" else "slate")
    open_search(page, "maturite")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_staff_guide_is_not_among_the_readers_results(site):
    # The guide quotes identifiers and error messages about « Chatel »: readers want the
    # terrain and its events.
    results = open_search(site, "chatel")
    assert results and not [url for url in results if "/contribuer/" in url]


def test_excerpts_keep_the_no_break_spaces_of_french_typography(site):
    open_search(site, "ateliers concepts")
    text = site.locator(".md-search-result").inner_text()
    assert "«\u00a0ateliers concepts\u00a0»" in text
    assert "« " not in text and " »" not in text


def test_excerpts_quote_the_pages_words_not_their_citation(site):
    """A page's « Citer » block is left out of the index: a result read « Citer FERRU
    Marie… », the reference's words, instead of what the page says."""
    for query in ("Marie Ferru", "Clus'Ter Jura"):
        open_search(site, query)
        text = site.locator(".md-search-result").inner_text()
        assert text and "Citer" not in text and "FERRU" not in text, query
