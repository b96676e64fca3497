"""The frise tells what the list, the table and the filters tell: in each lane, the events it
shows (markers, or the counts of its aggregates) are the events of that category that the
table counts and that the category filter counts, with and without filters; on the site the
tests build and on a synthetic chronology of 1,000 events (split into pages, aggregated).
Expectations come from the loaded page (its list of events), never from the content."""

from __future__ import annotations

import re

import pytest

from tests.support import free_port, load_benchmark, mkdocs_build, serve

# Per lane, read from the page: its category, the events its markers show (an aggregate
# counts its data-n), the table's column for it (summed over the given years, or every
# row), and the count the category filter shows.
AGREEMENT = """years => {
  const table = document.querySelector('.rd-frise__data table');
  const heads = Array.from(table.querySelectorAll('thead th'), th => th.textContent.trim());
  const number = text => text.trim() === 'aucun' ? 0 : Number(text.replace(/\\D/g, ''));
  return Array.from(document.querySelectorAll('.rd-lane'), lane => {
    const input = lane.querySelector('input[name=categorie]');
    const label = lane.querySelector('.rd-lane__label').textContent.trim();
    const column = heads.findIndex(h => h && label.endsWith(h));
    let markers = 0;
    for (const a of lane.querySelectorAll('a.rd-mark:not(.rd-mark--out)')) {
      markers += a.dataset.n ? Number(a.dataset.n) : 1;
    }
    let table_ = 0;
    for (const row of table.querySelectorAll('tbody tr')) {
      if (years && !years.includes(row.querySelector('th').textContent.trim())) continue;
      table_ += number(row.children[column].textContent);
    }
    const option = document.querySelector(
      `[data-rd-panel] input[data-rd-kind=categorie][value="${input.value}"]`)
      .closest('label').querySelector('[data-rd-option-count]');
    return {category: input.value, markers, table: table_, filter: number(option.textContent)};
  });
}"""

# The page's own list of events (every page's, from the split index when there is one).
EVENTS = """() => {
  const c = window.regardChronology;
  return c.entries.map(e => [e.id, e.year, e.values.categorie]);
}"""


def settle(page) -> None:
    page.evaluate("window.regardChronology.ready.then(() => window.regardChronology.settled())")


def open_panel(page) -> None:
    """The filters' counts follow the other filters only while the panel is open."""
    if page.get_attribute("[data-rd-toggle]", "aria-expanded") != "true":
        page.click("[data-rd-toggle]")


def check(page, years: list[str] | None = None) -> list[dict]:
    settle(page)
    rows = page.evaluate(AGREEMENT, years)
    assert rows
    for row in rows:
        assert row["markers"] == row["table"] == row["filter"], row
    return rows


def assert_frise_tells_the_truth(page) -> dict:
    """The three agree for every category: without filters, with a year, with a category.
    Returns the figures, for the report."""
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    settle(page)
    events = page.evaluate(EVENTS)
    open_panel(page)
    figures = {"sans filtre": check(page)}
    by_id = {c["category"]: c for c in figures["sans filtre"]}
    for category in by_id:
        assert by_id[category]["markers"] == sum(category in cats for _, _, cats in events)
    # An event of several categories: the test would prove little without one.
    several = next(e for e in events if len(e[2]) > 1)
    first, other = several[2][0], several[2][1]
    # A year: its events' categories, counted in every lane and in that year's table row.
    page.check(f"[data-rd-panel] input[name=annee][value='{several[1]}']")
    figures[f"année {several[1]}"] = check(page, [several[1]])
    page.uncheck(f"[data-rd-panel] input[name=annee][value='{several[1]}']")
    # A category: its lane, row and count agree; another lane shows the events of both.
    page.check(f"[data-rd-panel] input[data-rd-kind=categorie][value='{first}']")
    settle(page)
    rows = {r["category"]: r for r in page.evaluate(AGREEMENT, None)}
    assert rows[first]["markers"] == rows[first]["table"] == rows[first]["filter"], rows[first]
    both = sum(first in cats and other in cats for _, _, cats in events)
    assert rows[other]["markers"] == both > 0
    figures[f"catégorie {first}"] = rows[first]
    page.uncheck(f"[data-rd-panel] input[data-rd-kind=categorie][value='{first}']")
    check(page)
    return figures


def test_each_lane_agrees_with_the_table_and_the_filter(page, base_url):
    page.goto(f"{base_url}/chronologie/")
    figures = assert_frise_tells_the_truth(page)
    print(figures)
    # Each marker of an event of several categories names the others.
    several = page.evaluate("""() => {
      const e = window.regardChronology.entries.find(e => e.values.categorie.length > 1);
      return Array.from(document.querySelectorAll(`.rd-frise a[data-rd-event="${e.id}"]`),
                        a => a.getAttribute('aria-label'));
    }""")
    assert len(several) > 1 and all("(aussi : " in name for name in several)


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    """A synthetic chronology of 1,000 events: split into pages, its old years aggregated."""
    project = load_benchmark().make_project(tmp_path_factory.mktemp("thousand"), 1000)
    port = free_port()
    site_dir = project / "site"
    mkdocs_build(project, site_dir, site_url=f"http://127.0.0.1:{port}/")
    server, url = serve(site_dir, port)
    yield url
    server.shutdown()


def test_each_lane_agrees_with_the_table_and_the_filter_at_1000_events(page, thousand):
    page.goto(f"{thousand}/chronologie/")
    page.wait_for_selector(".rd-frise__cells[data-rd-lane] a.rd-mark")
    assert page.locator(".rd-frise a[data-rd-bin][data-n]").count() > 0
    figures = assert_frise_tells_the_truth(page)
    print(figures)


# ---- A time scale ------------------------------------------------------------------------

def test_the_axis_is_a_time_scale_with_labelled_counts_and_a_caption_that_follows(page,
                                                                                base_url):
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    widths = page.eval_on_selector_all(".rd-frise .rd-tick",
                                       "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(widths) > 2 and max(widths) - min(widths) < 0.5
    # The numbers under the years say what they count.
    tick = page.locator(".rd-frise a[data-rd-year]").first
    unit = tick.locator(".rd-tick__n > [aria-hidden=true]")
    assert unit.is_visible() and unit.inner_text().strip() == "év."
    caption = page.locator("[data-rd-frise-count]")
    events = page.evaluate(EVENTS)
    assert caption.inner_text() == expected_caption(events, events)
    several = next(e for e in events if len(e[2]) > 1)
    page.locator(f".rd-lane__label input[value='{several[2][0]}']").check()
    settle(page)
    assert caption.inner_text() == expected_caption(
        [e for e in events if several[2][0] in e[2]], events)


def expected_caption(selection: list, events: list) -> str:
    """What the frise's caption says of ``selection`` (rows of EVENTS) among ``events``."""
    total = len(events)
    if not selection:
        return f"Aucun des {total} événements ne correspond aux filtres"
    years = sorted(int(year) for _, year, _ in selection)
    span = f"en {years[0]}" if years[0] == years[-1] else f"de {years[0]} à {years[-1]}"
    noun = "événements" if len(selection) > 1 else "événement"
    return f"{len(selection)} {noun} {span}" + ("" if len(selection) == total
                                                 else f" (sur {total})")


def test_the_caption_follows_every_filter_and_says_when_nothing_matches(page, base_url):
    """The caption's count and years are those of the selection (the list's), whatever the
    filter: a category, a year, a text, nothing at all."""
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    caption = page.locator("[data-rd-frise-count]")
    events = page.evaluate(EVENTS)
    shown = """() => { const c = window.regardChronology;
        return c.entries.filter(e => e.visible)
                        .map(e => [e.id, e.year, e.values.categorie]); }"""
    # A year span narrower than the whole: the latest year's events only.
    last = max(int(year) for _, year, _ in events)
    for query in (f"?annee={last}", f"?categorie={events[0][2][0]}&annee={last}",
                  "?texte=zzzzqqqq", ""):
        page.goto(f"{base_url}/chronologie/{query}")
        page.wait_for_selector("[data-rd-filters]:not([hidden])")
        settle(page)
        selection = page.evaluate(shown)
        if query == "?texte=zzzzqqqq":
            assert selection == []
        assert caption.inner_text() == expected_caption(selection, events), query


def test_without_javascript_the_caption_describes_every_event(open_page, base_url):
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/chronologie/?categorie=method")
    years = page.eval_on_selector_all("li.rd-event", "els => els.map(e => [e.id, e.dataset.year,"
                                      " []])")
    assert page.locator("[data-rd-frise-count]").inner_text() == expected_caption(years, years)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_frise_shows_that_earlier_years_exist_and_leads_to_them(
        open_page, base_url, scheme):
    page = open_page(viewport={"width": 375, "height": 812}, color_scheme=scheme)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    scroller = page.locator("[data-rd-frise-scroll]")
    page.wait_for_function("document.querySelector('[data-rd-frise-scroll]').scrollLeft > 0")
    shade = ("v => getComputedStyle(v, '::before').opacity")
    view = page.locator("[data-rd-frise-view]")
    page.wait_for_function("getComputedStyle(document.querySelector('[data-rd-frise-view]'),"
                           " '::before').opacity === '1'")
    start = page.get_by_role("button", name=re.compile(r"^Début de la frise"))
    end = page.get_by_role("button", name=re.compile(r"^Fin de la frise"))
    assert not end.is_visible()
    # On the first screen, with the shade: the reader sees them without scrolling.
    box = start.bounding_box()
    assert start.is_visible() and box["y"] + box["height"] < 812 and box["x"] >= 0
    first = page.locator(".rd-frise .rd-tick").first
    assert first.bounding_box()["x"] + first.bounding_box()["width"] < 0
    start.click()
    page.wait_for_function("document.querySelector('[data-rd-frise-scroll]').scrollLeft === 0")
    assert scroller.evaluate("s => s.scrollLeft") == 0
    assert first.bounding_box()["x"] >= 0
    page.wait_for_function("getComputedStyle(document.querySelector('[data-rd-frise-view]'),"
                           " '::before').opacity === '0'")
    assert view.evaluate(shade) == "0"
    # The focus stays on the frise's edge buttons: the one to the end, now shown.
    assert page.evaluate("document.activeElement.dataset.rdFriseTo") == "end"
    end.click()
    page.wait_for_function("document.querySelector('[data-rd-frise-scroll]').scrollLeft > 0")
    start.wait_for(state="visible")


# What of the drawing (markers, periods, years) a shown edge button covers, within the
# scroller's box after the rows' heads (what is scrolled out of it, or under the sticky heads
# on a wide screen, is not drawn there).
COVERED = """() => {
  const box = document.querySelector('[data-rd-frise-scroll]').getBoundingClientRect();
  const head = document.querySelector('.rd-frise__axis > .rd-frise__head').getBoundingClientRect();
  const clip = {left: head.width > 1 ? Math.max(box.left, head.right) : box.left,
                right: box.right, top: box.top, bottom: box.bottom};
  const drawn = document.querySelectorAll(
    '.rd-frise a.rd-mark, .rd-frise li.rd-band, .rd-frise .rd-band__label,'
    + ' .rd-frise li.rd-tick > *');
  const covered = [];
  for (const button of document.querySelectorAll('[data-rd-frise-to]:not([hidden])')) {
    const b = button.getBoundingClientRect();
    for (const el of drawn) {
      const r = el.getBoundingClientRect();
      const left = Math.max(r.left, clip.left), right = Math.min(r.right, clip.right);
      const top = Math.max(r.top, clip.top), bottom = Math.min(r.bottom, clip.bottom);
      if (right <= left || bottom <= top) continue;
      if (left < b.right && b.left < right && top < b.bottom && b.top < bottom) {
        covered.push([button.dataset.rdFriseTo, el.className, el.getAttribute('aria-label')
                      || el.textContent.trim()]);
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_the_edge_buttons_cover_nothing_of_the_frise(open_page, base_url, width, height):
    """« ◂ Début » and « Fin ▸ » sit outside the drawing: at the frise's opening view (its
    latest years), in its middle (both shown) and at its start."""
    page = open_page(viewport={"width": width, "height": height})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-frise-to=start]:not([hidden])")
    scroller = page.locator("[data-rd-frise-scroll]")
    assert page.evaluate(COVERED) == []
    scroller.evaluate("s => { s.scrollLeft = (s.scrollWidth - s.clientWidth) / 2; }")
    page.wait_for_selector("[data-rd-frise-to=end]:not([hidden])")
    page.wait_for_selector("[data-rd-frise-to=start]:not([hidden])")
    assert page.evaluate(COVERED) == []
    page.click("[data-rd-frise-to=start]")
    page.wait_for_selector("[data-rd-frise-to=start]", state="hidden")
    assert page.evaluate(COVERED) == []


# ---- A keyboard path -----------------------------------------------------------------------

ACTIVE = """() => {
  const a = document.activeElement;
  return {skip: a.dataset.rdSkip || null, id: a.id || null,
          event: a.closest('li.rd-event') ? a.closest('li.rd-event').id : null,
          search: Boolean(a.closest('.md-search')),
          open: document.getElementById('__search').checked};
}"""


def tabs_until(page, wanted, limit: int = 5) -> int:
    """Tab presses from where the focus is until ``wanted(active)`` holds, at most ``limit``."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if wanted(page.evaluate(ACTIVE)):
            return count
    raise AssertionError(f"not reached in {limit} Tab presses: {page.evaluate(ACTIVE)}")


def test_the_phone_filter_sheet_covers_the_frise_edge_cue(open_page, base_url):
    """The sheet of filters, over the page, hides the frise's « Début » button and shade (they
    showed through it)."""
    page = open_page(viewport={"width": 375, "height": 812})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-frise-to=start]:not([hidden])")
    page.click("[data-rd-toggle]")
    page.wait_for_selector("[data-rd-panel]:not([hidden])")
    on_top = page.eval_on_selector("[data-rd-frise-to=start]", """button => {
        const r = button.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return Boolean(top && top.closest('[data-rd-panel]'));
    }""")
    assert on_top


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("scripts", [True, False], ids=["js", "no-js"])
def test_the_filters_and_the_first_event_are_a_few_tabs_and_one_enter_away(
        open_page, base_url, width, scripts):
    page = open_page(viewport={"width": width, "height": 800}, java_script_enabled=scripts)
    first = None
    counts = {}
    for goal in (["filters", "first"] if scripts else ["first"]):
        page.goto(f"{base_url}/chronologie/")
        if scripts:
            page.wait_for_selector("[data-rd-filters]:not([hidden])")
        first = first or page.eval_on_selector("li.rd-event", "li => li.id")
        tabs = tabs_until(page, lambda a, goal=goal: a["skip"] == goal)
        page.keyboard.press("Enter")
        if scripts:
            # The script focuses the filters' text box, or the first event's title.
            page.wait_for_function(
                "first => document.activeElement.id === 'rd-q' || "
                "(document.activeElement.closest('li.rd-event') || {}).id === first", arg=first)
        else:
            # Without scripts the link moves the reading point: the next Tab is the event's.
            tabs += tabs_until(page, lambda a, first=first: a["event"] == first, 5 - tabs)
        if goal == "filters":
            assert page.evaluate(ACTIVE)["id"] == "rd-q"
        else:
            assert page.evaluate(ACTIVE)["event"] == first
        counts[goal] = tabs
    print(width, "js" if scripts else "no-js", counts)
    assert all(n <= 5 for n in counts.values())
    if not scripts:
        # Without scripts the markers stay plain links, each in the Tab order.
        assert page.locator(".rd-frise a.rd-mark[tabindex]").count() == 0
        assert page.locator("[data-rd-skip=filters]").is_hidden()


def test_the_frise_is_one_tab_stop_walked_with_the_arrow_keys(page, base_url):
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    stops = page.eval_on_selector_all(
        ".rd-frise__track a, .rd-frise__track input, .rd-frise__track button",
        "els => els.filter(e => e.tabIndex >= 0).length")
    assert stops == 1
    first = page.locator(".rd-frise__track [tabindex='0']")
    first.focus()
    where = ("() => { const a = document.activeElement, lane = a.closest('.rd-lane');"
             " return [lane ? lane.querySelector('input').value : a.closest('.rd-frise__axis')"
             " ? 'axis' : null, a.getAttribute('aria-label') || a.textContent]; }")
    lane, name = page.evaluate(where)
    page.keyboard.press("ArrowRight")
    assert page.evaluate(where)[0] == lane and page.evaluate(where)[1] != name
    page.keyboard.press("ArrowDown")
    assert page.evaluate(where)[0] != lane
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(where)[0] == "axis"
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.rdYear") == page.eval_on_selector_all(
        ".rd-frise a[data-rd-year]", "els => els[els.length - 1].dataset.rdYear")
    # The last one focused is the frise's Tab stop; Tab leaves the frise.
    assert page.evaluate("document.activeElement.tabIndex") == 0
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('.rd-frise__track')")


@pytest.mark.parametrize("width", [375, 1280])
def test_the_search_overlay_closes_when_the_focus_leaves_it_and_on_escape(open_page,
                                                                        base_url, width):
    page = open_page(viewport={"width": width, "height": 800})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    if width > 1000:
        # The header's search box is in the Tab order: reaching it opens the dialog.
        tabs_until(page, lambda a: a["search"], 10)
    else:
        # A phone's header has a button instead: its dialog opens with the focus in it.
        page.locator(".rd-search-button").click()
        page.wait_for_function("document.activeElement.closest('.md-search')")
    assert page.evaluate(ACTIVE)["open"]
    tabs_until(page, lambda a: not a["search"], 5)
    assert not page.evaluate(ACTIVE)["open"]
    # Escape, wherever the focus is.
    page.locator("h1").click()
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("Escape")
    assert not page.evaluate(ACTIVE)["open"]
