"""The frise's layout: every event drawn in the lane of each of its categories, at its own
precision, on a touch target that no other marker covers; crowded years aggregated, the real
content never."""

from __future__ import annotations

import itertools

import pytest

from generator.content.dates import PartialDate
from generator.content.model import Category, Event, Period
from generator.content.site import Site
from generator.pages import frise
from generator.pages.frise import GAP, MARK, Frise, TimeAxis, layout

from .support import FROZEN, ROOT


@pytest.fixture(scope="module")
def real(frozen_data: Site) -> Frise:
    """The frise of the frozen content."""
    return layout(frozen_data.events, frozen_data.timeline.legend, frozen_data.timeline.periods)


LEGEND = [Category(id="theory", label="Théorie", colour="#1f5fa8", icon="◆"),
          Category(id="field", label="Terrain", colour="#2e7d32", icon="■")]


def event(i: int, date: str, categories: tuple[str, ...] = ("theory",),
          end: str | None = None) -> Event:
    return Event(id=f"e{i}", date=PartialDate.parse(date),
                 end=PartialDate.parse(end) if end else None, title=f"Événement {i}",
                 categories=list(categories), summary="Résumé.")


def drawn(f: Frise) -> list[str]:
    return [e.id for lane in f.lanes for m in lane.marks for e in m.events]


def expected(events, legend) -> list[str]:
    """Each event once per category of the legend it has: once per lane it is drawn in."""
    ids = {c.id for c in legend}
    return sorted(e.id for e in events for c in e.categories if c in ids)


def assert_targets_free(f: Frise) -> None:
    """Markers of a row never overlap, except a point on a bar that keeps a free stretch a
    marker wide (where the bar's shape is drawn, at ``head``)."""
    for lane in f.lanes:
        for row in {m.row for m in lane.marks}:
            marks = [m for m in lane.marks if m.row == row]
            for a, b in itertools.combinations(marks, 2):
                overlap = a.x < b.x + b.width + GAP - 0.01 and b.x < a.x + a.width + GAP - 0.01
                if overlap:
                    assert a.bar != b.bar, (a.event.id, b.event.id)
            for bar in (m for m in marks if m.bar):
                head = (bar.x + bar.head, bar.x + bar.head + MARK)
                for point in (m for m in marks if not m.bar):
                    assert point.x + point.width + GAP <= head[0] + 0.01 or \
                        point.x >= head[1] - 0.01, (bar.event.id, point.event.id)
                assert bar.head + MARK <= bar.width + 0.01


def test_every_event_of_the_real_content_has_its_own_marker_in_each_of_its_lanes(
        frozen_data, real):
    assert sorted(drawn(real)) == expected(frozen_data.events, frozen_data.timeline.legend)
    assert real.marks == len(expected(frozen_data.events, frozen_data.timeline.legend))
    assert not real.aggregated
    # The content has events of several categories (else the test below proves little).
    assert any(len(e.categories) > 1 for e in frozen_data.events)


def test_a_lane_holds_every_event_of_its_category(frozen_data, real):
    for lane in real.lanes:
        ids = sorted(e.id for m in lane.marks for e in m.events)
        assert ids == sorted(e.id for e in frozen_data.events if lane.category.id in e.categories)
        assert lane.count == len(ids)


def test_a_marker_of_an_event_of_several_categories_names_the_others():
    f = layout([event(1, "2020-03", ("theory", "field")), event(2, "2021")], LEGEND, [])
    names = sorted((lane.category.id, lane.label(m)) for lane in f.lanes for m in lane.marks)
    assert names == [("field", "mars 2020 : Événement 1 (aussi : Théorie)"),
                     ("theory", "2021 : Événement 2"),
                     ("theory", "mars 2020 : Événement 1 (aussi : Terrain)")]


def test_markers_are_touch_targets_that_do_not_cover_each_other(real):
    for lane in real.lanes:
        assert all(m.width >= MARK for m in lane.marks)
    assert_targets_free(real)


def test_a_lane_of_the_real_content_needs_few_rows(real):
    # The frise must leave the first event on the first screen of a laptop.
    assert all(lane.rows <= frise.ROWS for lane in real.lanes)


def test_dates_are_drawn_at_their_own_precision():
    events = [event(1, "2020"), event(2, "2021-03"), event(3, "2022-05-10"),
              event(4, "2020-04", end="2022-09"), event(5, "2023")]
    f = layout(events, LEGEND, [])
    marks = {m.event.id: m for lane in f.lanes for m in lane.marks}
    axis = f.axis
    # A year-only event covers its year, not 1 January.
    assert marks["e1"].bar
    assert marks["e1"].x == pytest.approx(axis.starts[2020])
    assert marks["e1"].x + marks["e1"].width + GAP == pytest.approx(
        axis.starts[2020] + axis.widths[2020], abs=0.2)
    # A month: centred on its month.
    march = axis.starts[2021] + axis.widths[2021] * 2.5 / 12
    assert marks["e2"].x + MARK / 2 == pytest.approx(march, abs=0.2)
    assert not marks["e2"].bar
    # A span: from its start to the end of its end.
    assert marks["e4"].bar
    assert marks["e4"].x == pytest.approx(axis.starts[2020] + axis.widths[2020] * 3 / 12, abs=0.2)
    assert marks["e4"].x + marks["e4"].width + GAP == pytest.approx(
        axis.starts[2022] + axis.widths[2022] * 9 / 12, abs=0.2)
    assert_targets_free(f)


def test_every_year_is_as_wide_a_time_scale(real):
    """Empty or busy, every year has the same width, that of the busiest's markers."""
    few = layout([event(1, "2010"), event(2, "2020-05")], LEGEND, [])
    events = [event(1, "2010")] + [event(i, f"2020-{1 + i % 12:02d}") for i in range(2, 14)]
    f = layout(events, LEGEND, [])
    assert set(few.axis.widths.values()) == {frise.YEAR}
    assert len(set(f.axis.widths.values())) == 1
    assert f.axis.widths[2015] > frise.YEAR
    assert f.width == pytest.approx(f.axis.widths[2015] * 11)
    assert all(lane.rows <= frise.ROWS for lane in f.lanes)
    assert len(set(real.axis.widths.values())) == 1


def test_a_crowded_year_is_aggregated_and_says_how_many():
    events = [event(i, f"2019-{1 + i % 12:02d}") for i in range(200)]
    events += [event(1000, "2018-05"), event(1001, "2020-02")]
    f = layout(sorted(events, key=lambda e: e.date), LEGEND, [])
    lane = f.lanes[0]
    aggregates = [m for m in lane.marks if m.aggregate]
    assert aggregates and all(m.year == 2019 for m in aggregates)
    assert sum(len(m.events) for m in aggregates) == 200
    assert [m.period for m in aggregates] == ["janvier – juin 2019", "juillet – décembre 2019"]
    first_half = sum(1 for e in events if e.date.year == 2019 and (e.date.month or 1) <= 6)
    assert aggregates[0].label == f"{first_half} événements, janvier – juin 2019"
    # The years around keep one marker per event.
    assert {m.event.id for m in lane.marks if not m.aggregate} == {"e1000", "e1001"}
    assert sorted(drawn(f)) == sorted(e.id for e in events)
    assert_targets_free(f)


def test_ten_thousand_events_make_a_frise_of_a_few_hundred_markers(frozen_data):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "chronology.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    timeline = bench.synthetic_timeline(10_000, content=FROZEN)
    # PyYAML reads the real events' days as dates: the model reads them as written.
    events = sorted((Event.model_validate({k: str(v) if k in {"date", "end"} else v
                                           for k, v in e.items()})
                     for e in timeline["events"]), key=lambda e: e.date)
    f = layout(events, frozen_data.timeline.legend, frozen_data.timeline.periods)
    assert sorted(drawn(f)) == expected(events, frozen_data.timeline.legend)
    assert f.marks < 600
    assert all(lane.rows <= frise.MAX_ROWS for lane in f.lanes)
    assert_targets_free(f)


def test_periods_are_bands_along_the_axis(frozen_data, real):
    bands = {b.period.id: b for b in real.bands}
    assert set(bands) == {p.id for p in frozen_data.timeline.periods}
    for period in frozen_data.timeline.periods:
        band = bands[period.id]
        assert band.x == pytest.approx(real.axis.at(period.start, end=False), abs=0.2)
        assert band.open_end == (period.end is None)
        # Bands of one row never overlap.
    for a, b in itertools.combinations(real.bands, 2):
        if a.row == b.row:
            assert a.x + a.width <= b.x or b.x + b.width <= a.x


@pytest.mark.parametrize(("start", "end", "years"), [
    ("2017", "2022", "2017–2022"), ("2022", "2025-11", "2022–2025"),
    ("2019-03", "2019-11", "2019"), ("2025-11", None, "depuis 2025")])
def test_a_band_shows_the_years_of_its_period_dates(start, end, years):
    period = Period(id="p", title="Période", start=PartialDate.parse(start),
                    end=PartialDate.parse(end) if end else None)
    f = layout([event(1, "2017")], LEGEND, [period])
    assert f.bands[0].years == years


def test_a_band_label_has_room_for_its_years_where_its_row_is_free():
    period = Period(id="p", title="Programme", start=PartialDate.parse("2022"),
                    end=PartialDate.parse("2022"))
    f = layout([event(1, "2017"), event(2, "2030")], LEGEND, [period])
    text = "Programme (2022)"
    assert f.bands[0].label_width == pytest.approx(len(text) * frise.BAND_CHAR_WIDTH + 8, abs=0.1)


def test_an_axis_places_dates_within_their_years():
    axis = TimeAxis(2020, 2021, {2020: 100.0, 2021: 52.0})
    assert axis.at(PartialDate.parse("2021"), end=False) == 100
    assert axis.at(PartialDate.parse("2021"), end=True) == 152
    assert axis.at(PartialDate.parse("2020-07"), end=False) == pytest.approx(50)
    assert axis.at(PartialDate.parse("2020-12-31"), end=True) == pytest.approx(100)


def test_a_mark_label_is_the_date_as_shown_and_the_title():
    f = layout([event(1, "2025-11-28", end="2025-11-29"), event(2, "2024")], LEGEND, [])
    labels = sorted(m.label for lane in f.lanes for m in lane.marks)
    assert labels == ["2024 : Événement 2", "28 – 29 novembre 2025 : Événement 1"]
