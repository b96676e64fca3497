"""Records in Chromium, with and without JavaScript: every terrain, person, term and
organisation says where it stands in the chronology, « aucun événement pour l'instant »
included. Records are taken from the loaded content, never named."""

from __future__ import annotations

import pytest

NONE = "Aucun événement pour l'instant"


def _without_events(site, kind: str, records) -> list[str]:
    return [i for i in records if not site.events_of[f"{kind}:{i}"]]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_sheet_without_events_says_so_under_dans_la_chronologie(open_page, base_url,
                                                                  javascript, frozen_data):
    sheets = [f"terrains/{i}/" for i in _without_events(frozen_data, "project",
                                                         frozen_data.projects)]
    sheets += [f"personnes/{i}/" for i in _without_events(frozen_data, "person",
                                                           frozen_data.people)][:2]
    if not sheets:
        pytest.skip("every terrain and person has an event")
    page = open_page(java_script_enabled=javascript)
    for path in sheets:
        page.goto(f"{base_url}/{path}")
        heading = page.locator("h2", has_text="Dans la chronologie")
        assert heading.count() == 1, path
        following = heading.evaluate("h => h.nextElementSibling.textContent")
        assert following.strip().replace("\u2019", "'") == NONE + ".", path


@pytest.mark.parametrize(("kind", "path", "records"), [
    ("term", "glossaire/", "terms"), ("organisation", "organisations/", "organisations")])
def test_each_term_and_organisation_says_where_it_stands(open_page, base_url, kind, path,
                                                         records, frozen_data):
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/{path}")
    for record_id in getattr(frozen_data, records):
        section = page.evaluate("""id => { const h = document.getElementById(id); let out = "";
            for (let e = h.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling)
              out += e.textContent + "\\n";
            return out; }""", record_id)
        assert "Dans la chronologie" in section, record_id
        empty = "aucun événement pour l'instant" in section.replace("\u2019", "'")
        assert empty == (not frozen_data.events_of[f"{kind}:{record_id}"]), record_id


def test_a_sheets_events_lead_to_their_own_pages(open_page, base_url, frozen_data):
    """« Dans la chronologie » on a terrain leads to each event's page, whose « Voir dans la
    chronologie » still reaches its card by its anchor."""
    project = next(i for i in frozen_data.projects if frozen_data.events_of[f"project:{i}"])
    events = frozen_data.events_of[f"project:{project}"]
    page = open_page()
    page.goto(f"{base_url}/terrains/{project}/")
    section = page.locator("h2", has_text="Dans la chronologie").locator(
        "xpath=following-sibling::*[1]")
    hrefs = section.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs == [f"{base_url}/evenements/{e.id}/" for e in events]
    section.locator("a").first.click()
    page.wait_for_url(f"{base_url}/evenements/{events[0].id}/")
    page.get_by_role("link", name="Voir dans la chronologie").click()
    page.wait_for_selector(f"li#{events[0].id}")
    assert page.evaluate("location.hash") == f"#{events[0].id}"
