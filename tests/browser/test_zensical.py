"""The site built by Zensical from `regard render`, in Chromium: the chronology lists every
event and its category filters work.

Only the chronology's stable hooks are used (`li.rd-event[id]`, `[data-rd-count]`,
`input[name=categorie][value=…]`), so that this check holds while the page is redesigned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support import serve


def count_text(shown: int, total: int) -> str:
    return f"{shown} {'événements' if shown > 1 else 'événement'} sur {total}"


def visible_events(page) -> list[str]:
    return sorted(page.eval_on_selector_all(
        "li.rd-event[id]",
        "els => els.filter(e => e.checkVisibility({visibilityProperty: true})).map(e => e.id)"))


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    server, url = serve(zensical_site)
    yield url
    server.shutdown()


def test_the_chronology_lists_every_event_and_filters_by_category(page, zensical_url,
                                                                  frozen_data):
    every = sorted(e.id for e in frozen_data.events)
    page.goto(f"{zensical_url}/chronologie/", wait_until="networkidle")
    count = page.locator("[data-rd-count]")
    expect(count).to_have_text(count_text(len(every), len(every)))
    assert visible_events(page) == every
    for category in frozen_data.timeline.legend:
        box = page.locator(f"input[name=categorie][value={category.id}]")
        box.check()
        expected = sorted(e.id for e in frozen_data.events if category.id in e.categories)
        assert 0 < len(expected) < len(every)
        expect(count).to_have_text(count_text(len(expected), len(every)))
        assert visible_events(page) == expected
        box.uncheck()
        expect(count).to_have_text(count_text(len(every), len(every)))
    first, second = frozen_data.timeline.legend[:2]
    page.locator(f"input[name=categorie][value={first.id}]").check()
    page.locator(f"input[name=categorie][value={second.id}]").check()
    either = sorted(e.id for e in frozen_data.events
                    if {first.id, second.id} & set(e.categories))
    expect(count).to_have_text(count_text(len(either), len(every)))
    assert visible_events(page) == either
