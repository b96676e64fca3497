"""The site built by Zensical from `regard render`, in Chromium: the chronology lists every
event and its category filters work.

Only the chronology's stable hooks are used (`li.rd-event[id]`, `[data-rd-count]`,
`input[name=categorie][value=…]`), so that this check holds while the page is redesigned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from generator.content.validate import load_site
from tests.browser.conftest import serve
from tests.conftest import FROZEN
from tests.test_engines import zensical_site  # noqa: F401  (a fixture)

SITE = load_site(FROZEN)
ALL = sorted(e.id for e in SITE.events)


def count_text(shown: int) -> str:
    return f"{shown} {'événements' if shown > 1 else 'événement'} sur {len(ALL)}"


def visible_events(page) -> list[str]:
    return sorted(page.eval_on_selector_all(
        "li.rd-event[id]", "els => els.filter(e => e.checkVisibility()).map(e => e.id)"))


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:  # noqa: F811
    server, url = serve(zensical_site)
    yield url
    server.shutdown()


def test_the_chronology_lists_every_event_and_filters_by_category(page, zensical_url):
    page.goto(f"{zensical_url}/chronologie/", wait_until="networkidle")
    count = page.locator("[data-rd-count]")
    expect(count).to_have_text(count_text(len(ALL)))
    assert visible_events(page) == ALL
    for category in SITE.timeline.legend:
        box = page.locator(f"input[name=categorie][value={category.id}]")
        box.check()
        expected = sorted(e.id for e in SITE.events if category.id in e.categories)
        assert 0 < len(expected) < len(ALL)
        expect(count).to_have_text(count_text(len(expected)))
        assert visible_events(page) == expected
        box.uncheck()
        expect(count).to_have_text(count_text(len(ALL)))
    first, second = SITE.timeline.legend[:2]
    page.locator(f"input[name=categorie][value={first.id}]").check()
    page.locator(f"input[name=categorie][value={second.id}]").check()
    either = sorted(e.id for e in SITE.events
                    if {first.id, second.id} & set(e.categories))
    expect(count).to_have_text(count_text(len(either)))
    assert visible_events(page) == either
