"""axe-core finds no violation on the main kinds of page."""

from __future__ import annotations

import pytest

PAGES = ["chronologie/", "terrains/chatel/", "glossaire/", "comites/", "", "personnes/marie-ferru/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violation(page, base_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_no_axe_violation_on_a_filtered_chronology_with_open_filters(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{base_url}/chronologie/?categorie=theory&annee=2024")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
