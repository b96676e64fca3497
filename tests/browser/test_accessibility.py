"""axe-core finds no violation on every kind of page, in the light and the dark (``slate``)
colour schemes, the chronology included with its filters open."""

from __future__ import annotations

import re

import pytest

from tests.support import AXE_OPTIONS, SCHEMES, open_in_scheme

PAGES = ["chronologie/", "terrains/chatel/", "terrains/", "glossaire/", "comites/", "",
         "personnes/", "personnes/marie-ferru/", "organisations/", "publications/",
         "programme/", "contribuer/"]
# WCAG 2.2 AA (with `target-size`, which axe runs only when asked for wcag22aa) and axe's
# best practices (landmark-unique among them).


def _axe(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    # Cards off screen are not drawn (content-visibility: auto): axe reads their style as it
    # is, so a colour they would keep from the other scheme is found too.
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violation(open_page, base_url, path, scheme):
    _axe(open_in_scheme(open_page, base_url, path, scheme, viewport={"width": 1280, "height": 900}))


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_on_a_filtered_chronology_with_the_filters_open(
        open_page, base_url, scheme):
    page = open_in_scheme(open_page, base_url,
                          "chronologie/?categorie=theory&annee=2024&texte=atelier", scheme,
                          viewport={"width": 1280, "height": 900})
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.get_by_role("button", name=re.compile("^Filtres")).click()
    page.wait_for_selector("[data-rd-panel]:not([hidden])")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    _axe(page)


@pytest.mark.parametrize(("first", "then"), [("light", "dark"), ("dark", "light")])
def test_no_axe_violation_right_after_the_reader_switches_the_scheme(open_page, base_url,
                                                                     first, then):
    page = open_in_scheme(open_page, base_url, "chronologie/", first,
                 viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=SCHEMES[then])
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    _axe(page)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_axe_violation_on_a_phone_with_the_filter_sheet_open_and_nothing_found(
        open_page, base_url, scheme):
    page = open_in_scheme(open_page, base_url, "chronologie/?texte=xyzzy", scheme,
                 viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.wait_for_selector("[data-rd-empty]:not([hidden])")
    page.get_by_role("button", name=re.compile("^Filtres")).click()
    page.wait_for_selector("[data-rd-panel]:not([hidden])")
    _axe(page)
