"""The frise: the chronology drawn on a horizontal time axis, laid out at build time.

One lane per legend category; each event is drawn in the lane of every category it has (one
marker per lane, whose accessible name says its other categories), so that a lane holds as
many events as the category filter and the frise's table count, across the time its date
covers: a year-only event across its year, a month across its month,
a span from its start to its end. Every marker is at least :data:`MARK` pixels wide and tall
(a touch target), so markers that would overlap are stacked in rows; where a lane would need
more than :data:`MAX_ROWS` rows in a year, that year's markers in that lane are aggregated into
one marker per :attr:`Frise.bin_months` months, which says how many events it stands for.

Geometry is in CSS pixels, on a time scale: every year is as wide (the width at which the
busiest years' markers fit in :data:`ROWS` rows, up to :data:`WIDEST_YEAR`), a month is a
twelfth of it, and a crowded year stacks its markers in more rows, then aggregates them.
The frise scrolls inside its own box when it is wider than the page, so
the layout is the same on a phone and a desktop and is computed once, here, without
JavaScript.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..content.dates import MONTHS, PartialDate, french_span
from ..content.model import Category, Event, Period

MARK = 24
"""Smallest side of a marker, in pixels: the minimum touch target."""
GAP = 2
ROW = MARK + GAP
"""Height of a row of markers."""
ROWS = 4
"""Rows a lane should use: the years are widened until the busiest's markers fit, up to
:data:`WIDEST_YEAR`."""
MAX_ROWS = 4
"""Rows a lane may use before a crowded year of it is aggregated."""
MAX_MARKS = 250
"""Events drawn one by one, at most: beyond, the oldest years are aggregated (a large
chronology's frise stays light, and opens on its latest years, which stay detailed)."""
YEAR = 2 * ROW
"""Narrowest year: two bins of six months, each a marker wide."""
WIDEST_YEAR = 8 * ROW
"""Years are widened until the busiest's markers fit in :data:`ROWS` rows, up to this width."""
BIN_MONTHS = 6
"""Months an aggregate marker stands for."""
BAND_CHAR_WIDTH = 6.2
"""Estimated width of a character of a period's label (0.55 rem text), to place it."""


@dataclass(frozen=True)
class Mark:
    """One marker of a lane: an event, or several aggregated ones."""

    events: tuple[Event, ...]
    x: float
    """Left edge, in pixels from the start of the axis."""
    width: float
    row: int
    bar: bool
    """Drawn across the time it covers (a year, a span) rather than as a point."""
    year: int
    """Year the marker starts in (the year its events are grouped under)."""
    bin: int | None = None
    """Index of the aggregation bin within its year, for an aggregate."""
    span_months: int = 12
    """Months an aggregation bin covers."""
    head: float = 0.0
    """Offset of a bar's shape from its start: the first stretch no point covers."""

    @property
    def aggregate(self) -> bool:
        return self.bin is not None

    @property
    def event(self) -> Event:
        return self.events[0]

    @property
    def label(self) -> str:
        """Accessible name and tooltip: the date as shown and the title, or what an
        aggregate stands for."""
        if len(self.events) == 1:
            return f"{french_span(self.event.date, self.event.end)} : {self.event.title}"
        return f"{len(self.events)} événements, {self.period}"

    @property
    def period(self) -> str:
        """The months an aggregate covers: « janvier – juin 2019 », « 2019 »."""
        if self.bin is None:
            return str(self.year)
        months = self.span_months
        if months == 12:
            return str(self.year)
        first, last = self.bin * months, self.bin * months + months - 1
        if first == last:
            return f"{MONTHS[first]} {self.year}"
        return f"{MONTHS[first]} – {MONTHS[last]} {self.year}"


@dataclass(frozen=True)
class Lane:
    category: Category
    marks: list[Mark]
    rows: int
    count: int
    """Events drawn in this lane (every event of its category)."""
    legend: tuple[Category, ...] = ()

    def label(self, mark: Mark) -> str:
        """A marker's accessible name in this lane: an event's also names its other
        categories, so that a reader meeting it in two lanes knows why."""
        if len(mark.events) != 1:
            return mark.label
        others = [c.label for c in self.legend
                  if c.id != self.category.id and c.id in mark.event.categories]
        return f"{mark.label} (aussi : {', '.join(others)})" if others else mark.label


@dataclass(frozen=True)
class Tick:
    """A year of the axis, with its events (all categories) and their count per category."""

    year: int
    x: float
    width: float
    total: int
    counts: list[tuple[Category, int]]


@dataclass(frozen=True)
class Band:
    """A period drawn along the axis."""

    period: Period
    x: float
    width: float
    row: int
    label_x: float
    """Where its label starts: within the band, or earlier in the free space before it
    when the band is too narrow for its title."""
    label_width: float
    open_end: bool

    @property
    def years(self) -> str:
        """The years it covers, shown after its title: « 2017–2022 », « 2019 »,
        « depuis 2025 » (its dates say more, read out with it)."""
        return period_years(self.period)


def period_years(period: Period) -> str:
    """A period's years as its band shows them, from its dates alone."""
    first = period.start.year
    if period.end is None:
        return f"depuis {first}"
    last = period.end.year
    return str(first) if last == first else f"{first}–{last}"


@dataclass(frozen=True)
class Frise:
    axis: TimeAxis
    bin_months: int
    """Months an aggregate marker stands for."""
    ticks: list[Tick]
    bands: list[Band]
    band_rows: int
    lanes: list[Lane] = field(default_factory=list)

    @property
    def first(self) -> int:
        return self.axis.first

    @property
    def last(self) -> int:
        return self.axis.last

    @property
    def width(self) -> float:
        return round(self.axis.width, 1)

    @property
    def marks(self) -> int:
        return sum(len(lane.marks) for lane in self.lanes)

    @property
    def aggregated(self) -> bool:
        return any(m.aggregate for lane in self.lanes for m in lane.marks)


class TimeAxis:
    """Years from ``first`` to ``last``, each with its width (on the frise, the same for
    all), and within a year time is linear."""

    def __init__(self, first: int, last: int, widths: dict[int, float]) -> None:
        self.first, self.last = first, last
        self.widths = widths
        self.starts: dict[int, float] = {}
        x = 0.0
        for year in range(first, last + 1):
            self.starts[year] = x
            x += widths[year]
        self.width = x

    def at(self, date: PartialDate, *, end: bool) -> float:
        """Pixels from the start of the axis to the start (or the end) of what ``date``
        covers at its own precision: a year, a month or a day."""
        year = min(max(date.year, self.first), self.last)
        return self.starts[year] + self.widths[year] * year_fraction(date, end=end)


def year_fraction(date: PartialDate, *, end: bool) -> float:
    """Where in its year the start (or the end) of ``date`` falls, from 0 to 1."""
    if date.month is None:
        return 1.0 if end else 0.0
    if date.day is None:
        return (date.month - (0 if end else 1)) / 12
    days = calendar.monthrange(date.year, date.month)[1]
    return (date.month - 1 + (date.day - (0 if end else 1)) / days) / 12


def _exact(event: Event, axis: TimeAxis) -> Mark:
    start = axis.at(event.date, end=False)
    stop = axis.at(event.end or event.date, end=True)
    if stop - start >= MARK + GAP:
        return Mark((event,), round(start, 1), round(stop - start - GAP, 1), 0, True,
                    event.date.year)
    centre = (start + stop) / 2
    x = min(max(centre - MARK / 2, 0), axis.width - MARK)
    return Mark((event,), round(x, 1), MARK, 0, False, event.date.year)


def bin_of(date: PartialDate) -> int:
    """The aggregation bin of its year that an event of ``date`` counts in (a date without
    a month, in the first). The chronology's script counts bins from this number, which
    the pages and the filter index give it, never from a rule of its own."""
    return ((date.month or 1) - 1) // BIN_MONTHS


def _aggregates(events: Sequence[Event], year: int, axis: TimeAxis) -> list[Mark]:
    bins: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        bins[bin_of(event.date)].append(event)
    width = axis.widths[year] * BIN_MONTHS / 12
    return [Mark(tuple(group), round(axis.starts[year] + index * width, 1),
                 round(width - GAP, 1), 0, False, year, index, BIN_MONTHS)
            for index, group in sorted(bins.items())]


def _free(bar: tuple[float, float], points: list[tuple[float, float]]) -> float | None:
    """Offset from the start of a bar of its first stretch of :data:`ROW` pixels that no
    point covers (where its shape is drawn), or None."""
    start, end = bar
    at = start
    for x0, x1 in sorted(points):
        if x1 + GAP <= at or x0 >= end:
            continue
        if x0 - at >= ROW - 0.01:
            return at - start
        at = max(at, x1 + GAP)
    return at - start if end - at >= MARK - 0.01 else None


def _pack(marks: list[Mark], limit: int) -> tuple[list[Mark], Mark | None, list[Mark]]:
    """Marks placed in the first row where they fit, or the first mark that fits in none
    of ``limit`` rows, with the marks that block it.

    A point may lie on a bar of the same row (an event of a month within an event of the
    year) as long as the bar keeps a free stretch a marker wide, where its shape is drawn:
    every marker keeps a target of at least :data:`MARK` × :data:`MARK` pixels."""
    points: list[list[tuple[float, float]]] = []
    bars: list[list[tuple[float, float]]] = []
    last: list[Mark] = []
    placed: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.x, -m.width, m.event.date, m.event.id)):
        span = (mark.x, mark.x + mark.width)
        for row in range(len(points)):
            if mark.bar:
                fits = (all(span[0] >= b1 + GAP - 0.01 or span[1] + GAP <= b0 + 0.01
                            for b0, b1 in bars[row])
                        and _free(span, points[row]) is not None)
            else:
                fits = (all(span[0] >= p1 + GAP - 0.01 or span[1] + GAP <= p0 + 0.01
                            for p0, p1 in points[row])
                        and all(_free(b, [*points[row], span]) is not None
                                for b in bars[row] if b[0] < span[1] and span[0] < b[1]))
            if fits:
                break
        else:
            if len(points) == limit:
                return placed, mark, last
            row = len(points)
            points.append([])
            bars.append([])
            last.append(mark)
        (bars if mark.bar else points)[row].append(span)
        last[row] = mark
        placed.append(_with_row(mark, row))
    # Each bar's shape where no point covers it.
    return [_with_row(m, m.row, _free((m.x, m.x + m.width), points[m.row]) or 0.0)
            if m.bar else m for m in placed], None, []


def _with_row(mark: Mark, row: int, head: float = 0.0) -> Mark:
    return Mark(mark.events, mark.x, mark.width, row, mark.bar, mark.year, mark.bin,
                mark.span_months, round(head, 1))


class _Lanes:
    """Markers of every lane on one axis, with the years aggregated so far."""

    def __init__(self, by_lane: dict[str, list[Event]], axis: TimeAxis,
                 crowded: dict[str, set[int]], legend: Sequence[Category]) -> None:
        self.by_lane, self.axis, self.crowded = by_lane, axis, crowded
        self.legend = tuple(legend)

    def marks(self, lane: str) -> list[Mark]:
        by_year: dict[int, list[Event]] = defaultdict(list)
        for event in self.by_lane[lane]:
            by_year[event.date.year].append(event)
        marks: list[Mark] = []
        for year, group in by_year.items():
            if year in self.crowded[lane]:
                marks += _aggregates(group, year, self.axis)
            else:
                marks += [_exact(e, self.axis) for e in group]
        return marks


def _counts(events: Sequence[Event]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for event in events:
        counts[event.date.year] += 1
    return counts


def _widths(first: int, last: int, by_lane: dict[str, list[Event]],
            crowded: dict[str, set[int]]) -> dict[int, float]:
    """Every year's width, the same for all (a time scale: a month is a twelfth of a year):
    the narrowest, a marker at a time from :data:`YEAR` to :data:`WIDEST_YEAR`, at which the
    markers of each lane's busiest years (and the bars that cross them) fit in :data:`ROWS`
    rows. A year that needs more stacks up to :data:`MAX_ROWS` rows, then is aggregated."""
    busy = {e.date.year for events in by_lane.values() for e in events}
    frozen = {y for years in crowded.values() for y in years}
    width = float(YEAR)
    for year in sorted(busy - frozen):
        groups = []
        for events in by_lane.values():
            own = [e for e in events if e.date.year == year]
            # Bars that started earlier and cross this year take a row all through it.
            crossing = sum(1 for e in events
                           if e.date.year < year and e.end and e.end.year >= year)
            if own:
                groups.append((own, crossing))
        while width < WIDEST_YEAR:
            axis = TimeAxis(year, year, {year: width})
            if all(_pack([_exact(e, axis) for e in own], ROWS - crossing)[1] is None
                   for own, crossing in groups if crossing < ROWS):
                break
            width += ROW
    return {y: width for y in range(first, last + 1)}


def _lane(category: Category, lanes: _Lanes) -> Lane:
    """A lane's markers in rows; a year whose markers would need more than
    :data:`MAX_ROWS` rows is aggregated, the busiest first."""
    events = lanes.by_lane[category.id]
    crowded = lanes.crowded[category.id]
    while True:
        placed, failed, blocking = _pack(lanes.marks(category.id), MAX_ROWS)
        if failed is None:
            rows = 1 + max((m.row for m in placed), default=0)
            placed.sort(key=lambda m: (m.event.date, m.x, m.event.id))
            return Lane(category, placed, rows, len(events), lanes.legend)
        candidates = {m.year for m in [failed, *blocking] if m.year not in crowded}
        if not candidates:  # pragma: no cover - aggregates of one year never overlap
            raise AssertionError("frise: no year left to aggregate")
        count = {y: sum(1 for e in events if e.date.year == y) for y in candidates}
        crowded.add(max(candidates, key=lambda y: (count[y], y)))


def _bands(periods: Iterable[Period], axis: TimeAxis) -> tuple[list[Band], int]:
    """Periods in rows (two periods may share a year), each label on one line, starting
    with its band or, where the row leaves too little room after it, earlier."""
    spans = []
    for period in periods:
        start = axis.at(period.start, end=False)
        stop = axis.at(period.end, end=True) if period.end else axis.width
        spans.append((period, start, stop))
    ends: list[float] = []
    rows: list[list[tuple[Period, float, float]]] = []
    for period, start, stop in sorted(spans, key=lambda s: (s[1], s[2])):
        row = next((r for r, end in enumerate(ends) if start >= end + GAP - 0.01), len(ends))
        if row == len(ends):
            ends.append(0.0)
            rows.append([])
        ends[row] = stop
        rows[row].append((period, start, stop))
    bands = []
    for row, spans_in_row in enumerate(rows):
        for index, (period, start, stop) in enumerate(spans_in_row):
            before = spans_in_row[index - 1][2] + GAP if index else 0.0
            after = spans_in_row[index + 1][1] - GAP if index + 1 < len(spans_in_row) \
                else axis.width
            # Room for the title and its years (« … (2022–2025) »).
            text = f"{period.title} ({period_years(period)})"
            needed = len(text) * BAND_CHAR_WIDTH + 8
            label_x = max(before, min(start, after - needed))
            bands.append(Band(period, round(start, 1), round(stop - start - GAP, 1), row,
                              round(label_x, 1), round(min(needed, after - label_x), 1),
                              period.end is None))
    bands.sort(key=lambda b: (b.period.start, b.row))
    return bands, len(rows)


def layout(events: Sequence[Event], legend: Sequence[Category],
           periods: Sequence[Period]) -> Frise:
    """The frise of ``events`` (in chronological order)."""
    if not events:
        return Frise(TimeAxis(0, -1, {}), BIN_MONTHS, [], [], 0,
                     [Lane(c, [], 1, 0) for c in legend])
    years = [e.date.year for e in events] + [e.end.year for e in events if e.end]
    years += [p.start.year for p in periods] + [p.end.year for p in periods if p.end]
    first, last = min(years), max(years)
    by_lane: dict[str, list[Event]] = {c.id: [] for c in legend}
    for event in events:
        for category in event.categories:
            if category in by_lane:
                by_lane[category].append(event)
    # A lane-year with more events than even its widest year could hold in ROWS rows is
    # aggregated from the start (a large chronology): its year stays narrow.
    capacity = ROWS * int(WIDEST_YEAR // ROW)
    crowded: dict[str, set[int]] = {lane: set() for lane in by_lane}
    for lane, lane_events in by_lane.items():
        lane_years: dict[int, int] = defaultdict(int)
        for event in lane_events:
            lane_years[event.date.year] += 1
        crowded[lane] = {y for y, n in lane_years.items() if n > capacity}
    per_year_count: dict[int, int] = defaultdict(int)
    for event in events:
        per_year_count[event.date.year] += 1
    exact = sum(n for lane in by_lane for y, n in _counts(by_lane[lane]).items()
                if y not in crowded[lane])
    for year in sorted(per_year_count):
        if exact <= MAX_MARKS:
            break
        for lane in by_lane:
            if year not in crowded[lane]:
                exact -= _counts(by_lane[lane]).get(year, 0)
                crowded[lane].add(year)
    axis = TimeAxis(first, last, _widths(first, last, by_lane, crowded))
    lanes = _Lanes(by_lane, axis, crowded, legend)
    drawn = [_lane(c, lanes) for c in legend]
    per_year: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        per_year[event.date.year].append(event)
    ticks = [Tick(year, round(axis.starts[year], 1), axis.widths[year], len(per_year[year]),
                  [(c, sum(1 for e in per_year[year] if c.id in e.categories)) for c in legend])
             for year in range(first, last + 1)]
    bands, band_rows = _bands(periods, axis)
    return Frise(axis, BIN_MONTHS, ticks, bands, band_rows, drawn)
