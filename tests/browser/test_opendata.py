"""Open data in the browser: « Citer » copies the reference and downloads its files;
« Télécharger la sélection » exports exactly the events the filters show, as CSV and as
TimelineJS JSON, saying which filters produced the file.

The selection buttons work against the chronology's API (window.regardChronology.visibleIds()
and .filterSummary(), and an empty [data-rd-selection-actions] in its filter bar). The stub
page below provides that API, so the script is tested on its own; a second test uses it on
the real chronology, filtered by its URL.
"""

from __future__ import annotations

import csv
import io
import json
import re

import bibtexparser
import jsonschema
import rispy

from generator.content.dates import french_span
from generator.content.validate import load_site
from generator.pages.typography import Typesetter
from tests.support import FROZEN, TIMELINEJS_FORMAT

STUB = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Sélection</title>
<meta name="regard:donnees" content="{base}/donnees/"></head>
<body><div class="rd-selection-actions" data-rd-selection-actions></div>
<script>
window.regardChronology = {{
  visibleIds: () => {ids},
  filterSummary: () => {summary},
}};
</script>
<script src="{base}/assets/selection.js"></script>
</body></html>
"""


def _stub(page, base_url: str, ids: list[str], summary: str, query: str = "") -> None:
    html = STUB.format(base=base_url, ids=json.dumps(ids), summary=json.dumps(summary))
    page.route(re.compile(re.escape(f"{base_url}/selection-stub/") + r"(\?.*)?$"),
               lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                           body=html))
    page.goto(f"{base_url}/selection-stub/{query}")


def _download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read(), info.value.suggested_filename


def test_selection_downloads_the_shown_events_as_csv_and_timelinejs(page, base_url):
    site = load_site(FROZEN)
    ids = [e.id for e in site.events if e.date.year == 2023][::-1][:4]
    summary = 'année : 2023 ; texte : « <img src=x onerror=alert(1)> »'
    _stub(page, base_url, ids, summary,
          "?categorie=method&annee=2023&texte=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert page.locator("[data-rd-selection=csv]").inner_text() == "Tableur (CSV)"

    content, name = _download(page, "[data-rd-selection=csv]")
    # Named after the filters of the address, in the chronology's order, as plain words.
    assert name == "regard-chronologie-method-2023-img-src-x-onerror-alert-1.csv"
    assert content.startswith(b"\xef\xbb\xbf")
    rest = content.decode("utf-8-sig")
    # The header (as in the published file) and the rows: no comment row.
    assert "# " not in rest and "Sélection" not in rest
    rows = list(csv.DictReader(io.StringIO(rest, newline=""), delimiter=";"))
    assert [r["id"] for r in rows] == ids
    assert [r["titre"] for r in rows] == [site.event_by_id[i].title for i in ids]
    # The lines are the published file's, byte for byte.
    published = page.evaluate("fetch('/donnees/evenements.csv').then(r => r.text())")
    published_lines = published.lstrip("\ufeff").split("\r\n")  # "\n" only inside cells
    by_id = {line.split(";", 1)[0]: line for line in published_lines[1:]}
    assert rest.split("\r\n") == [published_lines[0], *(by_id[i] for i in ids), ""]
    assert page.locator(".rd-selection__status").inner_text() == (
        f"{len(ids)} événements téléchargés dans le fichier «\u00a0{name}\u00a0».")

    content, name = _download(page, "[data-rd-selection=timelinejs]")
    assert name == "regard-chronologie-method-2023-img-src-x-onerror-alert-1.timeline.json"
    data = json.loads(content)
    jsonschema.validate(data, TIMELINEJS_FORMAT)
    assert [s["unique_id"] for s in data["events"]] == ids
    title = data["title"]["text"]["text"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in title and "<img" not in title
    assert f"{len(ids)} événements sur {len(site.events)}" in title


def test_selection_on_the_real_chronology_downloads_what_its_filters_show(page, base_url):
    site = load_site(FROZEN)
    expected = [e.id for e in site.events if e.date.year == 2023 and "field" in e.categories]
    assert 1 < len(expected) < len(site.events)
    page.goto(f"{base_url}/chronologie/?annee=2023&categorie=field")
    page.wait_for_selector("[data-rd-selection=csv]")
    # A hidden card is an empty box nothing shows (visibility), not a box-less one.
    shown = page.evaluate("[...document.querySelectorAll('li.rd-event')]"
                          ".filter(li => li.checkVisibility({visibilityProperty: true}))"
                          ".map(li => li.id)")
    assert shown == expected

    content, name = _download(page, "[data-rd-selection=csv]")
    assert name == "regard-chronologie-field-2023.csv"
    rest = content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(rest, newline=""), delimiter=";"))
    assert [r["id"] for r in rows] == expected

    content, _ = _download(page, "[data-rd-selection=timelinejs]")
    assert [s["unique_id"] for s in json.loads(content)["events"]] == expected


def test_an_empty_selection_says_so_instead_of_downloading(page, base_url):
    _stub(page, base_url, [], "terrain : aucun")
    page.click("[data-rd-selection=csv]")
    assert page.locator(".rd-selection__status").inner_text() == (
        "Aucun événement à télécharger\u00a0: élargissez les filtres.")


def test_citer_shows_the_reference_copies_it_and_downloads_bibtex_and_ris(open_page, base_url):
    page = open_page(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                     permissions=["clipboard-read", "clipboard-write"])
    site = load_site(FROZEN)
    event = site.events[0]
    page.goto(f"{base_url}/chronologie/")
    box = page.locator(f"#{event.id} details.rd-cite")
    assert not box.locator("[data-rd-cite-text]").is_visible()
    box.locator("summary").click()
    reference = box.locator("[data-rd-cite-text]").inner_text()
    # As displayed: in French typography (the page's text is typeset at build time).
    span = french_span(event.date, event.end)
    assert reference.startswith(Typesetter().text(
        f"Clus'Ter Jura. « {event.title} ({span}) »"))
    # The script has written today's date where the page leaves it to fill.
    assert re.search(r"\(consulté le (1er|\d+)\u00a0\w+\u00a0\d{4}\)\.$", reference)
    box.locator(".rd-cite__copy").click()
    page.wait_for_function("document.querySelector('.rd-cite__status').textContent !== ''")
    assert box.locator(".rd-cite__status").inner_text() == "Référence copiée."
    assert page.evaluate("navigator.clipboard.readText()") == reference

    content, name = _download(page, f"#{event.id} details.rd-cite a[href$='.bib']")
    assert name == f"regard-evenement-{event.id}.bib"
    entry = bibtexparser.parse_string(content.decode("utf-8")).entries[0]
    assert entry["title"] == f"{event.title} ({span})" and "urldate" in entry.fields_dict
    content, name = _download(page, f"#{event.id} details.rd-cite a[href$='.ris']")
    record = rispy.loads(content.decode("utf-8"))[0]
    assert record["title"] == f"{event.title} ({span})" and record["access_date"]


def test_on_a_phone_the_selection_is_offered_in_the_panel_not_in_the_sticky_bar(open_page,
                                                                                base_url):
    page = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
                     accept_downloads=True)
    page.goto(f"{base_url}/chronologie/?annee=2024")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    bar = page.locator(".rd-bar__line [data-rd-selection-actions]")
    assert bar.locator("[data-rd-selection=csv]").count() == 1
    assert not bar.is_visible()  # the sticky bar keeps the list in sight
    page.click("[data-rd-toggle]")
    button = page.locator(".rd-panel [data-rd-selection=csv]")
    button.scroll_into_view_if_needed()
    assert button.is_visible()
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    content, _ = _download(page, ".rd-panel [data-rd-selection=csv]")
    rows = content.decode("utf-8-sig").split("\r\n")[1:-1]  # the header, the rows, no comment
    assert len(rows) == sum(1 for e in load_site(FROZEN).events if e.date.year == 2024)
