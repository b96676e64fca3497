"""The chronology's pages: one page up to the limit, then the latest years on
``chronologie/`` and one page per earlier year; links to an event follow it; the indexes
that let the filters work across pages; cards, dates and colours."""

from __future__ import annotations

import json
import re

import pytest

from generator.content.dates import PartialDate, span_parts_within
from generator.pages import frise
from generator.pages.chronology import FILTER_INDEX, INDEX, TEXT_INDEX, split
from generator.pages.colours import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    TINT,
    _mix,
    contrast,
    readable_colour,
)
from generator.pages.pages import build_data_files, build_pages, notions


@pytest.fixture(scope="module")
def site(frozen_data):
    """The frozen content."""
    return frozen_data


def years_of(events) -> list[int]:
    return sorted({e.date.year for e in events})


def test_up_to_the_limit_the_chronology_is_one_page(site):
    chronology = split(site.events, len(site.events))
    assert not chronology.split
    assert [p.path for p in chronology.pages] == [INDEX]
    assert [e.id for e in chronology.index.events] == [e.id for e in site.events]
    assert build_data_files(site) == []


@pytest.mark.parametrize("limit", [5, 10, 20])
def test_beyond_the_limit_the_index_shows_the_latest_events_and_the_rest_have_pages(limit, site):
    chronology = split(site.events, limit)
    assert chronology.split
    shown = [e.id for p in chronology.pages for e in p.events]
    assert shown == [e.id for e in site.events]  # each event once, pages in order
    assert all(len(p.events) <= limit for p in chronology.pages)
    index = chronology.index
    assert index.path == INDEX
    assert index.events == site.events[-len(index.events):]


def test_pages_hold_whole_years_when_each_year_fits(site):
    fullest = max(sum(e.date.year == y for e in site.events) for y in years_of(site.events))
    limit = fullest + 1
    chronology = split(site.events, limit)
    latest = years_of(chronology.index.events)
    assert latest[-1] == site.events[-1].date.year
    earlier = [y for y in years_of(site.events) if y < latest[0]]
    assert [p.path for p in chronology.pages[:-1]] == [f"chronologie/{y}.md" for y in earlier]
    for page in chronology.pages:
        for year in years_of(page.events):
            assert sum(e.date.year == year for e in page.events) == sum(
                e.date.year == year for e in site.events)
    # The index takes as many whole latest years as the limit allows.
    before = earlier[-1]
    assert len(chronology.index.events) + sum(
        e.date.year == before for e in site.events) > limit


def test_a_year_fuller_than_the_limit_is_cut_into_parts(site):
    year = max(years_of(site.events), key=lambda y: sum(e.date.year == y for e in site.events))
    count = sum(e.date.year == year for e in site.events)
    chronology = split(site.events, count // 2)
    parts = [p for p in chronology.pages for s in p.sections if s.year == year]
    assert len(parts) >= 2
    assert [s.label for p in parts for s in p.sections] == [
        f"{year} ({i}/{len(parts)})" for i in range(1, len(parts) + 1)]
    assert sum(len(p.events) for p in parts) == count


def test_links_to_an_event_lead_to_the_page_that_shows_it(site):
    limit = 10
    chronology = split(site.events, limit)
    pages = {p.path: p.markdown for p in build_pages(site, chronology_limit=limit)}
    for page in chronology.pages:
        assert page.path in pages
        for event in page.events:
            assert f'<li class="rd-event" id="{event.id}"' in pages[page.path]
    # From a term's definitions and a person's page: to the year page, with the anchor.
    glossary = pages["glossaire/index.md"]
    for target, anchor in re.findall(r"\]\(\.\./(chronologie/[^)#]*)#([^)]+)\)", glossary):
        assert target == chronology.page_of(anchor), anchor
    linked = re.findall(r"\]\(\.\./(chronologie/[^)#]*)#", glossary)
    assert linked and any(t != INDEX for t in linked)


def test_every_chronology_page_lists_all_the_pages_when_split(site):
    chronology = split(site.events, 10)
    pages = {p.path: p.markdown for p in build_pages(site, chronology_limit=10)}
    for page in chronology.pages:
        listed = re.findall(r'data-rd-page="(\d+)"', pages[page.path])
        assert listed == [str(i) for i in range(len(chronology.pages))]


def test_the_filter_index_lists_every_event_with_its_page_and_values(site):
    files = {f.path: f.text for f in build_data_files(site, 10)}
    index = json.loads(files[FILTER_INDEX])
    chronology = split(site.events, 10)
    assert index["total"] == len(site.events)
    assert len(index["pages"]) == len(chronology.pages)
    assert index["pages"][-1] == ""  # chronologie/ itself
    rows = {row[0]: dict(zip(index["columns"], row, strict=True)) for row in index["events"]}
    assert len(rows) == len(site.events)
    for event in site.events:
        row = rows[event.id]
        page = chronology.pages[row["page"]]
        assert event in page.events
        assert row == {"id": event.id, "page": row["page"], "year": event.date.year,
                       "bin": frise.bin_of(event.date),
                       "categories": " ".join(event.categories),
                       "projects": " ".join(event.projects), "people": " ".join(event.people)}


def test_the_text_index_holds_the_events_own_words_not_field_labels(site):
    files = {f.path: f.text for f in build_data_files(site, 10)}
    texts = json.loads(files[TEXT_INDEX])
    ids = [row[0] for row in json.loads(files[FILTER_INDEX])["events"]]
    assert len(texts) == len(ids)
    for event_id, text in zip(ids, texts, strict=True):
        event = site.event_by_id[event_id]
        assert event.title in text
        for project in event.projects:
            assert site.projects[project].name in text
        for person in event.people:
            assert site.people[person].name in text
        own = " ".join([event.title, event.summary, *(r.title for r in event.resources)])
        for label in ("Notions", "Glossaire", "Définitions", "Terrains", "Personnes"):
            assert (label in text) == (label in own), (event_id, label)


def test_a_card_merges_terms_and_definitions_into_one_notions_row(site):
    for event in site.events:
        listed = notions(site, event)
        ids = [t.id for t, _ in listed]
        assert len(ids) == len(set(ids))
        assert set(ids) == set(event.terms) | {t.id for t in site.definitions_of_event[event.id]}
        assert {t.id for t, defined in listed if defined} == {
            t.id for t in site.definitions_of_event[event.id]}
    chronology = next(p for p in build_pages(site) if p.path == INDEX).markdown
    assert "<dt>Glossaire</dt>" not in chronology and "<dt>Définitions</dt>" not in chronology
    with_definitions = [e for e in site.events if site.definitions_of_event[e.id]]
    assert chronology.count("(définition posée ici)") == sum(
        len(site.definitions_of_event[e.id]) for e in with_definitions)


@pytest.mark.parametrize(("start", "end", "year", "expected"), [
    ("2024", None, 2024, ("dans l'année", None)),
    ("2024-03", None, 2024, ("mars", None)),
    ("2024-03-01", None, 2024, ("1er mars", None)),
    ("2023-04", "2023-07", 2023, ("avril", "juillet")),
    ("2025-11-28", "2025-11-29", 2025, ("28", "29 novembre")),
    ("2017", "2022", 2017, ("2017", "2022")),
    ("2022-11", "2023-02", 2022, ("novembre 2022", "février 2023")),
])
def test_a_card_does_not_repeat_the_year_of_its_heading(start, end, year, expected):
    assert span_parts_within(PartialDate.parse(start),
                             PartialDate.parse(end) if end else None, year) == expected


def _assert_readable_in_both_schemes(colour: str) -> None:
    for background in (LIGHT_BACKGROUND, DARK_BACKGROUND):
        value = readable_colour(colour, background)
        rgb = tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
        assert contrast(rgb, background) >= 4.5, (colour, value, background)
        assert contrast(rgb, _mix(rgb, background, TINT)) >= 4.5, (colour, value, background)


@pytest.mark.parametrize("colour", ["#ffff00", "#000000", "#ffffff", "#777777"])
def test_category_colours_are_readable_in_both_schemes(colour):
    _assert_readable_in_both_schemes(colour)


def test_the_legend_s_colours_are_readable_in_both_schemes(site):
    for category in site.timeline.legend:
        _assert_readable_in_both_schemes(category.colour)


def test_a_readable_colour_is_the_data_colour_when_it_already_is():
    assert readable_colour("#1f5fa8", LIGHT_BACKGROUND) == "#1f5fa8"


def test_hand_written_links_to_an_event_follow_it_to_its_page(site):
    from generator.pages.pages import retarget_event_links

    chronology = split(site.events, 10)
    first = site.events[0]
    page = chronology.page_of(first.id)
    assert page != INDEX
    text = (f"Voir [l'événement](../chronologie/index.md#{first.id}), [la page]"
            "(../chronologie/index.md), [un titre](../chronologie/index.md#periodes) et "
            f"[ailleurs](../glossaire/index.md#{first.id}).")
    assert retarget_event_links(text, "programme/index.md", chronology) == text.replace(
        f"../chronologie/index.md#{first.id}", f"../{page}#{first.id}")
    # One page: nothing moves.
    assert retarget_event_links(text, "programme/index.md", split(site.events)) == text
