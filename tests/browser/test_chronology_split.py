"""A chronology too large for one page: built from a few hundred synthetic events with a low
page limit (the same code paths as 10,000 events with the real limit). Every event stays
reachable without JavaScript; with it, the filters count and select across every page."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from generator.content.validate import load_site
from generator.pages.chronology import split
from generator.pages.french import french_number
from generator.text.urls import url_of
from tests.support import FROZEN, free_port, load_benchmark, mkdocs_build, serve

LIMIT = 60
CROWDED_YEAR = 2010


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """300 synthetic events, and 70 more in one year and lane: a year cut into two pages,
    whose markers the frise must aggregate."""
    bench = load_benchmark()
    project = bench.make_project(tmp_path_factory.mktemp("split"), 300, content=FROZEN)
    timeline = yaml.safe_load((project / "timeline.yml").read_text("utf-8"))
    for i in range(70):
        timeline["events"].append({
            "id": f"foule-{i:02d}", "date": f"{CROWDED_YEAR}-{1 + i % 12:02d}",
            "title": f"Atelier de la foule {i}", "categories": ["theory"],
            "summary": "Une rencontre parmi beaucoup d'autres.",
        })
    (project / "timeline.yml").write_text(yaml.safe_dump(timeline, allow_unicode=True,
                                                         sort_keys=False), "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("guide: CONTRIBUTING.md",
                            f"guide: CONTRIBUTING.md\n      chronology_page_limit: {LIMIT}")
    (project / "mkdocs.yml").write_text(config, "utf-8")
    return project


@pytest.fixture(scope="module")
def site(project):
    return load_site(project)


@pytest.fixture(scope="module")
def built(project) -> tuple[Path, str]:
    port = free_port()
    site_dir = project / "site"
    mkdocs_build(project, site_dir, site_url=f"http://127.0.0.1:{port}/")
    server, url = serve(site_dir, port)
    yield site_dir, url
    server.shutdown()


def _page_ids(html: str) -> list[str]:
    return re.findall(r'<li class="rd-event" id="([^"]+)"', html)


def _pages(site_dir: Path) -> dict[str, str]:
    """Every chronology page's HTML by its URL path, from /chronologie/."""
    pages = {"chronologie/": (site_dir / "chronologie" / "index.html").read_text("utf-8")}
    for path in sorted((site_dir / "chronologie").glob("*/index.html")):
        pages[f"chronologie/{path.parent.name}/"] = path.read_text("utf-8")
    return pages


def test_every_event_is_on_exactly_one_page_within_the_limit(built, site):
    site_dir, _ = built
    pages = _pages(site_dir)
    found = Counter(i for html in pages.values() for i in _page_ids(html))
    assert sorted(found) == sorted(e.id for e in site.events)
    assert set(found.values()) == {1}
    assert all(len(_page_ids(html)) <= LIMIT for html in pages.values())
    # /chronologie/ holds the latest events; a crowded year is cut into parts.
    index = _page_ids(pages["chronologie/"])
    assert index == [e.id for e in site.events[-len(index):]]
    assert f"chronologie/{CROWDED_YEAR}-2/" in pages


def test_without_javascript_every_page_is_linked_from_every_page(built):
    site_dir, _ = built
    pages = _pages(site_dir)
    for path, html in pages.items():
        nav = re.search(r'<nav class="rd-pages".*?</nav>', html, re.S)
        assert nav, path
        linked = {urljoin(path, href) for href in re.findall(r'href="([^"]+)"', nav.group(0))}
        assert linked == set(pages), path


def test_frise_markers_and_links_from_other_pages_lead_to_the_events_page(built, site):
    site_dir, _ = built
    pages = _pages(site_dir)
    where = {i: path for path, html in pages.items() for i in _page_ids(html)}
    html = pages["chronologie/"]
    # The markers (after the page's events, in a template: see below).
    marks = re.findall(r'<a class="rd-mark[^"]*" href="([^"]+)"[^>]* data-rd-event="([^"]+)"',
                       html)
    assert len(marks) > 50
    for href, event in marks:
        target = urljoin("chronologie/", href)
        assert target == f"{where[event]}#{event}"
    person = next(p for p in site.people if site.events_of[f"person:{p}"])
    person_page = (site_dir / "personnes" / person / "index.html").read_text("utf-8")
    # A record names its events by their own pages; the filtered view (« ?personne=… ») is
    # the index's.
    events = site.events_of[f"person:{person}"]
    links = re.findall(r'href="(\.\./\.\./evenements/[^"]+)"', person_page)
    assert links == [f"../../evenements/{e.id}/" for e in events]
    # An event's page leads to the chronology's page that shows it, at its card.
    for event in events:
        event_page = (site_dir / "evenements" / event.id / "index.html").read_text("utf-8")
        href = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Voir dans la chronologie',
                         event_page).group(1)
        page, anchor = urljoin(f"evenements/{event.id}/", href).split("#")
        assert (where[anchor], anchor) == (page, event.id)


def test_the_frise_aggregates_crowded_and_old_years_and_keeps_the_latest_detailed(built, site):
    site_dir, _ = built
    html = (site_dir / "chronologie" / "index.html").read_text("utf-8")
    exact = re.findall(r'data-rd-event="([^"]+)"', html)
    bins = re.findall(r'data-rd-bin="(\w+) (\d+) (\d)"( data-n="(\d+)")?', html)
    # An event is drawn (or counted) in the lane of each of its categories.
    assert len(exact) + sum(int(n or 1) for *_, n in bins) == sum(
        len(e.categories) for e in site.events)
    assert max(Counter(exact).values()) <= max(len(e.categories) for e in site.events)
    aggregated = {(lane, int(year)) for lane, year, *_ in bins}
    assert ("theory", CROWDED_YEAR) in aggregated
    crowded = {e.id for e in site.events
               if e.date.year == CROWDED_YEAR and e.categories == ["theory"]}
    assert not crowded & set(exact)
    latest = site.events[-1].date.year
    assert all((c, latest) not in aggregated for e in site.events for c in e.categories)
    assert {e.id for e in site.events if e.date.year == latest} <= set(exact)


def _matching(site_dir: Path, word: str) -> list[str]:
    """Events whose searchable text (the generator's own index) holds ``word``."""
    ids = [row[0] for row in json.loads(
        (site_dir / "chronologie" / "evenements.json").read_text("utf-8"))["events"]]
    texts = json.loads((site_dir / "chronologie" / "textes.json").read_text("utf-8"))
    return [i for i, text in zip(ids, texts, strict=True) if word in text.lower()]


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.evaluate("window.regardChronology.ready")


def _count(n: int, total: int) -> str:
    return f"{n} {'événements' if n > 1 else 'événement'} sur {total}"


def test_filters_count_and_select_across_every_page(page, built, site):
    _, url = built
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, f"{url}/chronologie/?categorie=method")
    total = len(site.events)
    expected = [e.id for e in site.events if "method" in e.categories]
    page.wait_for_function("t => document.querySelector('[data-rd-count]').textContent === t",
                           arg=_count(len(expected), total))
    assert page.evaluate("window.regardChronology.visibleIds()") == expected
    page.evaluate("window.regardChronology.settled()")  # the page list follows the list
    chronology = split(site.events, LIMIT)
    here = [e.id for e in chronology.index.events if "method" in e.categories]
    assert page.eval_on_selector_all("li.rd-event", "els => els.filter(e => !e.hidden)"
                                                    ".map(e => e.id)") == here
    # Each page's count, and links that keep the filters.
    for number, other in enumerate(chronology.pages):
        n = sum("method" in e.categories for e in other.events)
        text = page.locator(f"[data-rd-page-count='{number}']").text_content()
        assert text == (f"{n} événement{'s' if n > 1 else ''}" if n else "aucun événement")
        href = page.locator(f"a[data-rd-page='{number}']").evaluate("a => a.href")
        assert href.endswith("?categorie=method")
    assert not any(r.endswith("textes.json") for r in requests)


def test_text_search_loads_the_texts_when_the_reader_types(page, built, site):
    site_dir, url = built
    _open(page, f"{url}/chronologie/")
    with page.expect_request(re.compile(r"textes\.json$")):
        page.get_by_label("Rechercher dans la chronologie").fill("foule")
    expected = _matching(site_dir, "foule")
    assert len(expected) == 70
    # Other scripts wait for « ready »: the selection is exact once it settles.
    assert page.evaluate("window.regardChronology.ready.then(() => "
                         "window.regardChronology.visibleIds())") == expected
    page.wait_for_function("t => document.querySelector('[data-rd-count]').textContent === t",
                           arg=_count(len(expected), len(site.events)))
    assert page.evaluate("window.regardChronology.visibleIds()") == expected


def test_a_year_on_another_page_opens_it_with_the_filters(page, built, site):
    _, url = built
    _open(page, f"{url}/chronologie/?categorie=field")
    year = min(e.date.year for e in site.events)
    page.locator(f".rd-frise a[data-rd-year='{year}']").click()
    page.wait_for_url(re.compile(rf"/chronologie/{year}/\?categorie=field&annee={year}"))
    # Instant navigation: the year's page replaces the content, and its script starts.
    page.wait_for_function("() => window.regardChronology && "
                           "window.regardChronology.pathname === location.pathname")
    page.evaluate("window.regardChronology.ready")
    shown = page.eval_on_selector_all("li.rd-event", "els => els.filter(e => !e.hidden)"
                                                     ".map(e => e.id)")
    assert shown == [e.id for e in site.events
                     if e.date.year == year and "field" in e.categories]


def test_an_old_link_to_an_event_now_on_a_year_page_follows_it(page, built, site):
    _, url = built
    chronology = split(site.events, LIMIT)
    event = chronology.pages[0].events[0]
    page.goto(f"{url}/chronologie/#{event.id}")
    page.wait_for_url(re.compile(rf"/chronologie/[0-9-]+/#{event.id}$"))
    page.wait_for_selector(f"#{event.id}")
    assert page.locator(f"#{event.id}").is_visible()


def test_aggregated_markers_count_what_the_filters_show(page, built, site):
    site_dir, url = built
    _open(page, f"{url}/chronologie/?texte=foule")
    page.wait_for_function("() => window.regardChronology.texts === true")
    page.evaluate("window.regardChronology.settled()")
    numbers = page.eval_on_selector_all(
        f".rd-frise a[data-rd-bin^='theory {CROWDED_YEAR}']",
        "els => els.map(e => Number(e.dataset.n))")
    assert sum(numbers) == len(_matching(site_dir, "foule"))
    names = page.eval_on_selector_all(
        f".rd-frise a[data-rd-bin^='theory {CROWDED_YEAR}']",
        "els => els.map(e => e.getAttribute('aria-label'))")
    assert all(re.match(r"\d+ événements?, \w+ – \w+ \d{4}$", n) for n in names), names


def test_the_frise_is_left_as_drawn_until_a_filter_changes(page, built):
    """On arrival without filters the frise already counts every event: it is not redrawn
    (the page's own events, read before the index of every page, never mark the others as
    filtered out, even for a moment)."""
    site_dir, url = built
    html = (site_dir / "chronologie" / "index.html").read_text("utf-8")
    drawn = dict(re.findall(r'data-rd-bin="([^"]+)" data-n="(\d+)"', html))
    page.add_init_script("""
        window.friseChanges = [];
        new MutationObserver(records => {
            for (const r of records) {
                if (r.target.closest && r.target.closest('.rd-frise')) {
                    window.friseChanges.push(r.attributeName + ' ' + r.target.className);
                }
            }
        }).observe(document, {subtree: true, attributes: true,
                              attributeFilter: ['class', 'data-n', 'aria-label']});
    """)
    page.goto(f"{url}/chronologie/")
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    page.wait_for_timeout(300)
    assert page.evaluate("window.friseChanges") == []
    now = dict(page.eval_on_selector_all(
        ".rd-frise a[data-rd-bin][data-n]", "els => els.map(e => [e.dataset.rdBin, e.dataset.n])"))
    assert now == drawn and len(drawn) > 3
    page.get_by_label("Rechercher dans la chronologie").fill("foule")
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    assert page.evaluate("window.friseChanges") != []


BIN_COUNTS = """els => els.map(e => [e.textContent, e.dataset.n,
    e.getAttribute('aria-label').split(' ')[0], getComputedStyle(e, '::before').content])"""


def test_an_aggregated_marker_shows_its_count_as_its_text_rewritten_in_place(page, built):
    """An aggregated marker's number is its own text (not drawn by the style sheet, which
    would take the marker out of layout at each change): after a filter it is the new count,
    the one its accessible name says, in the same element."""
    _, url = built
    page.goto(f"{url}/chronologie/")
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    page.evaluate("window.drawnBins = Array.from(document.querySelectorAll("
                  "'.rd-frise a[data-rd-bin][data-n]'))")
    before = page.eval_on_selector_all(".rd-frise a[data-rd-bin][data-n]", BIN_COUNTS)
    assert before and all(text == n == named and generated == "none"
                          for text, n, named, generated in before)
    page.get_by_label("Rechercher dans la chronologie").fill("foule")
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    page.wait_for_timeout(300)
    after = page.eval_on_selector_all(".rd-frise a[data-rd-bin][data-n]", BIN_COUNTS)
    assert all(text == n == named and generated == "none" for text, n, named, generated in after)
    assert [a[0] for a in after] != [b[0] for b in before]
    assert page.evaluate("window.drawnBins.every(a => a.isConnected)")


def test_an_aggregated_marker_the_filters_empty_turns_grey_and_hollow(page, built):
    """A year filter leaves the aggregates of the other years without events: they say 0 and
    lose their category's fill, as a point filtered out does; the year's keep it."""
    _, url = built
    page.goto(f"{url}/chronologie/")
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    year = page.eval_on_selector(".rd-frise a[data-rd-bin][data-n]",
                                 "a => a.dataset.rdBin.split(' ')[1]")
    page.evaluate("y => document.querySelector(`[data-rd-panel] input[name=annee][value='${y}']`)"
                  ".click()", year)
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")
    bins = page.eval_on_selector_all(".rd-frise a[data-rd-bin][data-n]", """els => els.map(a => {
        const box = a.querySelector('.rd-mark__n'), style = getComputedStyle(box);
        return [a.dataset.rdBin.split(' ')[1], box.textContent, style.backgroundColor,
                style.color];
    })""")
    kept = [b for b in bins if b[0] == year]
    emptied = [b for b in bins if b[0] != year]
    assert kept and emptied
    assert all(text != "0" and fill != "rgba(0, 0, 0, 0)" for _, text, fill, _ in kept)
    assert all(text == "0" and fill == "rgba(0, 0, 0, 0)" for _, text, fill, _ in emptied)
    assert {colour for *_, colour in emptied}.isdisjoint({colour for *_, colour in kept})

def test_the_filter_index_is_small(built):
    site_dir, _ = built
    index = json.loads((site_dir / "chronologie" / "evenements.json").read_text("utf-8"))
    size = (site_dir / "chronologie" / "evenements.json").stat().st_size
    assert size / len(index["events"]) < 120


# A large page paints its first events sooner when what the reader does not see at first
# comes after them in the HTML: the filters (hidden until the script shows them), the frise's
# table (in a closed <details>) and its markers (the heaviest part). The script puts them back.

LANES = ("() => Array.from(document.querySelectorAll('.rd-frise__cells[data-rd-lane]'), "
         "el => [el.dataset.rdLane, Math.round(el.getBoundingClientRect().top"
         " - el.closest('.rd-frise').getBoundingClientRect().top),"
         " Math.round(el.getBoundingClientRect().height)])")


def test_a_large_page_holds_its_first_events_before_the_filters_table_and_markers(built):
    site_dir, _ = built
    for path, html in _pages(site_dir).items():
        first_event = html.index('<li class="rd-event"')
        frise = re.search(r'<figure class="rd-frise".*?</figure>', html, re.S)
        assert frise and frise.start() < first_event, path
        assert "rd-mark" not in frise.group(0), path
        assert "<table" not in frise.group(0), path
        for later in ("data-rd-chronology", "<template data-rd-marks>", "<table"):
            assert html.index(later) > first_event, (path, later)


ARRANGE = re.compile(r"<script>\s*/\* Written into a split chronology's page.*?</script>", re.S)


def _held_back(route):
    """The page without its script that puts the filters, table and markers back."""
    response = route.fetch()
    body, found = ARRANGE.subn("", response.text())
    assert found == 1
    route.fulfill(response=response, body=body)


def test_the_page_puts_the_markers_table_and_filters_back_without_moving_the_frise(
        browser, built):
    site_dir, url = built
    html = (site_dir / "chronologie" / "index.html").read_text("utf-8")
    markers = len(re.findall(r'<a class="rd-mark', html))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        bare = context.new_page()
        bare.route("**/chronologie/", _held_back)
        bare.goto(f"{url}/chronologie/")
        before = bare.evaluate(LANES)
        assert len(before) == 4 and all(height > 0 for *_, height in before)
        assert bare.locator(".rd-frise a.rd-mark").count() == 0
        table_before = bare.locator(".rd-frise details.rd-frise__data").bounding_box()

        page = context.new_page()
        page.goto(f"{url}/chronologie/")
        page.wait_for_selector("[data-rd-filters]:not([hidden])")
        assert page.locator(".rd-frise__cells[data-rd-lane] a.rd-mark").count() == markers
        assert page.evaluate(LANES) == before
        assert page.locator(".rd-frise details.rd-frise__data").bounding_box() == table_before
        assert page.locator(".rd-frise details.rd-frise__data table").count() == 1
        assert page.locator("details.rd-frise__data").count() == 1
        assert page.locator("template, noscript[data-rd-no-script]").count() == 0
        # The filters sit between the frise and the first year, as on a page of one piece.
        order = page.evaluate("""() => {
            const all = Array.from(document.querySelectorAll(
                '.rd-frise, [data-rd-chronology], h2.rd-year, li.rd-event'));
            return all.slice(0, 3).map(el => el.className.split(' ')[0]);
        }""")
        assert order == ["rd-frise", "rd-chronology", "rd-year"]
        assert page.locator(".rd-frise__lanes").is_visible()
    finally:
        context.close()


def test_a_large_frise_is_whole_even_if_the_site_scripts_do_not_come(browser, built):
    """The page's own script puts the markers and the table back: a reader whose connection
    drops the site's scripts (Material's and RegarD's) still has the whole frise, and its
    table opens."""
    site_dir, url = built
    html = (site_dir / "chronologie" / "index.html").read_text("utf-8")
    context = browser.new_context(viewport={"width": 375, "height": 812})
    try:
        page = context.new_page()
        page.route("**/assets/**/*.js", lambda route: route.abort())
        page.goto(f"{url}/chronologie/")
        assert page.evaluate("typeof window.document$") == "undefined", "no site script"
        assert page.locator(".rd-frise__cells[data-rd-lane] a.rd-mark").count() == len(
            re.findall(r'<a class="rd-mark', html))
        table = page.locator(".rd-frise details.rd-frise__data")
        table.locator("summary").click()
        assert table.locator("tbody tr").count() > 10
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_without_scripts_a_large_frise_shows_its_periods_and_years_and_the_table_follows(
        open_page, built, site, width):
    _, url = built
    page = open_page(java_script_enabled=False, viewport={"width": width, "height": 812})
    page.goto(f"{url}/chronologie/")
    caption = page.locator(".rd-frise__caption").inner_text()
    assert "une ligne par catégorie" not in caption
    assert "par période et par année" in caption
    assert not page.locator(".rd-frise__lanes").is_visible()
    assert not page.locator("[data-rd-chronology]").is_visible()
    years = page.locator(".rd-frise a[data-rd-year]")
    assert years.count() == len({e.date.year for e in site.events})
    # It opens on the latest years, as with the script.
    scroller = page.locator(".rd-frise__scroll").bounding_box()
    latest = years.last.bounding_box()
    assert scroller["x"] <= latest["x"] and latest["x"] + latest["width"] <= (
        scroller["x"] + scroller["width"] + 1)
    # One « La frise en tableau », after the page's events, that opens on the table.
    tables = page.locator("details.rd-frise__data")
    visible = [i for i in range(tables.count()) if tables.nth(i).is_visible()]
    assert len(visible) == 1
    table = tables.nth(visible[0])
    last_event = page.locator("li.rd-event").last.bounding_box()
    summary = table.locator("summary").bounding_box()
    assert summary["y"] > last_event["y"] + last_event["height"]
    assert summary["height"] > 10 and summary["width"] > 50
    table.locator("summary").click()
    assert table.locator("tbody tr").count() == years.count()


def test_a_large_chronology_reached_by_instant_navigation_is_put_together(page, built):
    _, url = built
    page.goto(f"{url}/")
    # Material's instant navigation takes clicks once its script has started.
    page.wait_for_function("document.documentElement.classList.contains('js')")
    page.evaluate("window.sameDocument = true")
    page.locator(".md-tabs a[href$='chronologie/']").first.click()
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert page.evaluate("window.sameDocument"), "Material's instant navigation"
    assert page.locator(".rd-frise__cells[data-rd-lane] a.rd-mark").count() > 50
    assert page.locator(".rd-frise__lanes").is_visible()
    assert page.locator(".rd-frise .rd-frise__lanes-note").is_visible()
    assert page.locator("noscript[data-rd-no-script], template").count() == 0


def test_the_script_writes_numbers_as_the_generator_does(page):
    """chronology.js writes counts with Intl.NumberFormat("fr-FR"): the same characters as the
    generator's (a narrow no-break space between thousands), so a count does not change
    look when the script rewrites it."""
    for count in (7, 999, 1000, 10000, 1234567):
        assert page.evaluate(f"new Intl.NumberFormat('fr-FR').format({count})") == (
            french_number(count))


def test_without_filters_the_count_is_written_before_the_index_of_every_page_comes(
        page, built, site):
    """The bar keeps its size while the page loads: without filters the count is known (every
    event), so it is not « … » until evenements.json arrives."""
    _, url = built
    held = []
    page.route("**/chronologie/evenements.json", lambda route: held.append(route))
    page.goto(f"{url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    # The script may ask for the index just after it shows the filters: give it 5 s.
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the index is asked for"
    total = len(site.events)
    count = page.locator("[data-rd-count]")
    assert count.text_content() == _count(total, total)
    held[0].continue_()
    page.evaluate("window.regardChronology.ready")
    assert count.text_content() == _count(total, total)


@pytest.mark.parametrize("width", [375, 1280])
def test_instant_navigation_to_a_year_lands_on_it_as_a_full_load_does(open_page, built, site,
                                                                      width):
    """Material scrolls to the year once it has put the page in: the lanes are in place by
    then (the fetched page's no-script style never hides them), so the year is where a full
    load puts it, just under the filter bar."""
    _, url = built
    chronology = split(site.events, LIMIT)
    other = chronology.pages[len(chronology.pages) // 2]
    year = other.sections[0].year
    path = url_of(other.path)
    target = f"{url}/{path}#annee-{year}"

    def heading_under_bar(page) -> int:
        page.wait_for_selector("[data-rd-filters]:not([hidden])")
        page.evaluate("window.regardChronology.ready")
        # The year settles once the lanes and fonts are in: read it until five frames in a row
        # agree (a fixed pause was too short on a loaded machine).
        return round(page.evaluate(f"""() => new Promise(done => {{
            // Null until instant navigation has put the new page in: not settled yet.
            const offset = () => {{
                const heading = document.getElementById('annee-{year}');
                return heading ? heading.getBoundingClientRect().top - document
                    .querySelector('[data-rd-chronology]').getBoundingClientRect().bottom : NaN;
            }};
            let last = offset(), same = 0, frames = 0;
            const tick = () => {{
                const now = offset();
                same = Math.abs(now - last) < 0.5 ? same + 1 : 0;  // NaN never counts
                last = now;
                if (same >= 5 || ++frames > 300) done(now); else requestAnimationFrame(tick);
            }};
            document.fonts.ready.then(() => requestAnimationFrame(tick));
        }})"""))

    full = open_page(viewport={"width": width, "height": 812})
    full.goto(target)
    landed = heading_under_bar(full)
    assert 0 <= landed <= 40

    page = open_page(viewport={"width": width, "height": 812})
    page.goto(f"{url}/chronologie/")
    # Material's instant navigation takes clicks once its script has started.
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.evaluate("window.sameDocument = true")
    page.evaluate("""href => { const a = document.createElement('a'); a.href = href;
        a.textContent = 'année'; document.querySelector('.md-content').prepend(a); a.click(); }""",
                  target)
    page.wait_for_url(f"**/{path}*")
    assert heading_under_bar(page) == landed
    assert page.evaluate("window.sameDocument"), "Material's instant navigation"
