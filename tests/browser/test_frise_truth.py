"""The frise tells what the list, the table and the filters tell: in each lane, the events it
shows (markers, or the counts of its aggregates) are the events of that category that the
table counts and that the category filter counts, with and without filters; on the site the
tests build and on a synthetic chronology of 1,000 events (split into pages, aggregated).
Expectations come from the loaded page (its list of events), never from the content."""

from __future__ import annotations

import pytest

from tests.browser.conftest import free_port, serve
from tests.browser.test_chronology_split import _bench
from tests.test_site_build import _build

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
    project = _bench().make_project(tmp_path_factory.mktemp("thousand"), 1000)
    port = free_port()
    site_dir = project / "site"
    _build(project, site_dir, site_url=f"http://127.0.0.1:{port}/")
    server, url = serve(site_dir, port)
    yield url
    server.shutdown()


def test_each_lane_agrees_with_the_table_and_the_filter_at_1000_events(page, thousand):
    page.goto(f"{thousand}/chronologie/")
    page.wait_for_selector(".rd-frise__cells[data-rd-lane] a.rd-mark")
    assert page.locator(".rd-frise a[data-rd-bin][data-n]").count() > 0
    figures = assert_frise_tells_the_truth(page)
    print(figures)
