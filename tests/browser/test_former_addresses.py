"""After ``regard rename``, the old addresses still reach the record, without JavaScript: the
old page address (a redirect page the generator writes) and the old anchor (an alias in the
record's card). The site is the frozen copy renamed and built strict (``renamed_site``),
served as GitHub Pages serves it, under /regard/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import serve


@pytest.fixture(scope="module")
def renamed_url(renamed_site: Path) -> Iterator[str]:
    server, url = serve(renamed_site, pages=True)
    yield url
    server.shutdown()


@pytest.mark.parametrize("old, new, name", [
    ("personnes/marie-ferru/", "personnes/marie-ferru-lons/", "Marie Ferru"),
    ("terrains/chatel/", "terrains/commun-de-chatel/", "Commun de Chatel"),
])
def test_a_former_page_address_leads_to_the_record_without_javascript(open_page, renamed_url,
                                                                      old, new, name):
    page = open_page(java_script_enabled=False)
    page.goto(f"{renamed_url}/{old}")
    page.wait_for_url(f"{renamed_url}/{new}")
    assert page.locator("h1").inner_text().removesuffix("¶") == name


@pytest.mark.parametrize("old, new, page_path", [
    ("figures-ect", "focus-figures-ect", "chronologie/"),
    ("recherche-action", "recherche-action-ect", "glossaire/"),
])
def test_a_former_anchor_shows_the_record_without_javascript(open_page, renamed_url, old, new,
                                                             page_path):
    page = open_page(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page.goto(f"{renamed_url}/{page_path}#{old}")
    target = page.locator(f"[id='{old}']")
    assert target.count() == 1
    # The alias is where the record is: in its card (an event), just before its heading (a
    # term); the page scrolled there.
    record = page.locator(f"[id='{new}']")
    record.wait_for()
    assert record.is_visible()
    box, view = record.bounding_box(), page.viewport_size
    assert box is not None and view is not None
    assert 0 <= box["y"] < view["height"], (box, view)
    if page_path == "chronologie/":
        assert page.locator(f"li#{new} [id='{old}']").count() == 1


@pytest.mark.parametrize("width, height", [(375, 812), (1280, 800)])
def test_with_javascript_a_former_event_anchor_brings_the_card_below_the_filter_bar(
        page, renamed_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{renamed_url}/chronologie/#figures-ect")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    card = page.locator("li#focus-figures-ect")
    page.wait_for_function(
        """() => {
          const card = document.getElementById("focus-figures-ect").getBoundingClientRect();
          const bar = document.querySelector("[data-rd-filters]").getBoundingClientRect();
          return card.top >= bar.bottom - 1 && card.top < innerHeight;
        }""", timeout=5000)
    assert card.is_visible()
