"""An event's own page (``evenements/<id>/``) in Chromium, with and without JavaScript: its
share tags, its links, the way back to its card in the chronology, the card's title and
« Copier le lien » leading to it, search opening it once, and axe with WCAG 2.2 tags in both
colour schemes. Events are taken from the loaded content, never named."""

from __future__ import annotations

import re

import pytest

from generator.pages.typography import Typesetter
from tests.support import SCHEMES, open_in_scheme, open_search

WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def typeset(text: str) -> str:
    return Typesetter().text(text)


def _linked_event(site):
    """An event with a neighbour on each side and at least one person or terrain."""
    events = site.events
    return next(e for i, e in enumerate(events[1:-1], 1) if e.people or e.projects)


def _meta(page, attribute: str, name: str) -> str | None:
    return page.evaluate("([a, n]) => { const m = document.querySelector(`meta[${a}='${n}']`);"
                         " return m && m.getAttribute('content'); }", [attribute, name])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_an_event_page_shows_the_card_with_its_links_and_share_tags(open_page, base_url,
                                                                     javascript, frozen_data):
    event = _linked_event(frozen_data)
    index = frozen_data.events.index(event)
    page = open_page(java_script_enabled=javascript)
    page.goto(f"{base_url}/evenements/{event.id}/")
    heading = page.locator("h1").evaluate("h => h.firstChild.textContent")
    assert _meta(page, "property", "og:title") == event.title
    # The page typesets its text (’ for ', no-break spaces); the tags keep the content's.
    assert heading == typeset(event.title)
    assert _meta(page, "property", "og:url") == f"{base_url}/evenements/{event.id}/"
    description = _meta(page, "name", "description")
    assert description and description == _meta(page, "property", "og:description")
    assert page.title().startswith(typeset(event.title) + " – ")
    body = page.locator(".rd-event-page")
    assert body.locator("time").get_attribute("datetime") == event.date.iso()
    labels = body.locator(".rd-event__cats a").all_inner_texts()
    assert labels == [frozen_data.categories[c].label for c in event.categories]
    hrefs = body.locator(".rd-event__links a").evaluate_all("as => as.map(a => a.href)")
    for person in event.people:
        assert f"{base_url}/personnes/{person}/" in hrefs
    for project in event.projects:
        assert f"{base_url}/terrains/{project}/" in hrefs
    assert page.locator("a[rel=prev]").evaluate("a => a.href") == \
        f"{base_url}/evenements/{frozen_data.events[index - 1].id}/"
    assert page.locator("a[rel=next]").evaluate("a => a.href") == \
        f"{base_url}/evenements/{frozen_data.events[index + 1].id}/"
    assert f"/evenements/{event.id}/" in body.locator("[data-rd-cite-text]").text_content()
    # « Voir dans la chronologie » lands on the card, in context.
    page.get_by_role("link", name="Voir dans la chronologie").click()
    page.wait_for_url(re.compile(rf"/chronologie/(\d+/)?#{event.id}$"))
    # (Instant navigation changes the address before the page: wait for the card.)
    page.wait_for_selector(f"li#{event.id}")
    assert page.locator(f"li#{event.id}").count() == 1
    page.wait_for_function("id => { const r = document.getElementById(id)"
                           ".getBoundingClientRect();"
                           " return r.top < innerHeight && r.bottom > 0; }", arg=event.id)


def test_the_card_title_opens_the_event_page_and_copy_link_copies_it(open_page, base_url,
                                                                      frozen_data):
    event = _linked_event(frozen_data)
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{base_url}/chronologie/#{event.id}")
    card = page.locator(f"li#{event.id}")
    card.locator(".rd-event__copy").click()
    page.wait_for_function("() => document.querySelector('li#' + CSS.escape("
                           f"'{event.id}') + ' .rd-event__copy').textContent === 'Lien copié'")
    assert page.evaluate("navigator.clipboard.readText()") == \
        f"{base_url}/evenements/{event.id}/"
    card.locator(".rd-event__permalink").click()
    page.wait_for_url(f"{base_url}/evenements/{event.id}/")


def test_search_gives_each_event_once_opening_its_page(page, base_url, frozen_data):
    event = _linked_event(frozen_data)
    page.goto(f"{base_url}/")
    hrefs = open_search(page, event.title)
    assert [h for h in hrefs if h.endswith(f"/evenements/{event.id}/")] == [
        f"{base_url}/evenements/{event.id}/"]
    assert not [h for h in hrefs if h.endswith(f"#{event.id}")]
    page.locator(".md-search-result__item > a", has_text=typeset(event.title)).first.click()
    page.wait_for_url(f"{base_url}/evenements/{event.id}/")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_with_wcag22_tags_on_an_event_page(open_page, base_url, scheme,
                                                            frozen_data):
    from axe_playwright_python.sync_playwright import Axe

    event = _linked_event(frozen_data)
    page = open_in_scheme(open_page, base_url, f"evenements/{event.id}/", scheme,
                          viewport={"width": 1280, "height": 900})
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG22}})
    assert results.violations_count == 0, results.generate_report()


def _today(page) -> dict[str, str]:
    return page.evaluate("""() => { const d = new Date(), two = n => String(n).padStart(2, '0');
        return {iso: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`,
                day: d.getDate(), year: d.getFullYear()}; }""")


def test_a_copied_or_downloaded_reference_gets_todays_access_date(open_page, base_url,
                                                                  tmp_path, frozen_data):
    event = _linked_event(frozen_data)
    page = open_page(permissions=["clipboard-read", "clipboard-write"], accept_downloads=True)
    page.goto(f"{base_url}/evenements/{event.id}/")
    box = page.locator(".rd-event-page details[data-rd-cite]")
    box.locator("summary").click()
    today = _today(page)
    text = box.locator("[data-rd-cite-text]")
    page.wait_for_function("t => !t.textContent.includes('[date]')", arg=text.element_handle())
    shown = text.text_content()
    assert re.search(rf"\(consulté le {'1er' if today['day'] == 1 else today['day']}"
                     rf"\u00a0\w+\u00a0{today['year']}\)\.$", shown), shown
    box.get_by_role("button", name="Copier la référence").click()
    page.wait_for_function("() => document.querySelector('.rd-cite__status')"
                           ".textContent === 'Référence copiée.'")
    assert page.evaluate("navigator.clipboard.readText()") == shown.strip()
    files = {}
    for name in ("BibTeX", "RIS"):
        with page.expect_download() as info:
            box.get_by_role("link", name=name).click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        files[name] = target.read_bytes().decode("utf-8")
        assert download.suggested_filename == f"regard-evenement-{event.id}." + (
            "bib" if name == "BibTeX" else "ris")
    assert f"  urldate = {{{today['iso']}}},\n" in files["BibTeX"]
    ris_day = today["iso"].replace("-", "/") + "/"
    # Y2 for Zotero and EndNote, M1 for a web page as the RIS specification (and Citation.js)
    # reads it.
    assert f"\r\nY2  - {ris_day}\r\nM1  - {ris_day}\r\nER  - " in files["RIS"]
    # The files as built have no access date.
    for extension in ("bib", "ris"):
        built = page.request.get(
            f"{base_url}/donnees/citer/regard-evenement-{event.id}.{extension}").text()
        assert "urldate" not in built and "Y2  -" not in built and "M1  -" not in built


def test_without_javascript_the_reference_shows_a_date_to_fill(open_page, base_url,
                                                               frozen_data):
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/evenements/{_linked_event(frozen_data).id}/")
    box = page.locator(".rd-event-page details[data-rd-cite]")
    box.locator("summary").click()
    text = box.locator("[data-rd-cite-text]").text_content()
    assert text.endswith("(consulté le [date]).") and "…" not in text


ACTIVE_TAB = "() => Array.from(document.querySelectorAll('.md-tabs__item--active'),"\
             " li => li.textContent.trim())"
ACTIVE_IN_DRAWER = "() => Array.from(document.querySelectorAll("\
                   "'.md-nav--primary > .md-nav__list > .md-nav__item--active'),"\
                   " li => li.querySelector('a, label').textContent.trim())"


def test_an_event_page_is_shown_under_the_chronology_tab(open_page, base_url, frozen_data):
    """Event pages are generated and kept out of the navigation (one per event): the theme
    still marks the chronology's tab and drawer entry as the current ones, on a full load
    and after instant navigation from a card, and nothing else."""
    event = _linked_event(frozen_data)
    page = open_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{base_url}/evenements/{event.id}/")
    assert page.evaluate(ACTIVE_TAB) == ["Chronologie"]
    page.goto(f"{base_url}/chronologie/")
    page.locator(f"li#{event.id} .rd-event__permalink").click()
    page.wait_for_url(f"{base_url}/evenements/{event.id}/")
    page.wait_for_selector(".rd-event-page")
    assert page.evaluate(ACTIVE_TAB) == ["Chronologie"]
    phone = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    phone.goto(f"{base_url}/evenements/{event.id}/")
    assert phone.evaluate(ACTIVE_IN_DRAWER) == ["Chronologie"]
    # Only while that page is drawn: the next one (out of the navigation too) has its own.
    person = next(iter(event.people), None)
    if person is not None:
        phone.goto(f"{base_url}/personnes/{person}/")
        assert phone.evaluate(ACTIVE_IN_DRAWER) == ["Comités"]
