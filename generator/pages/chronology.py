"""Where each event of the chronology is published: one page, or one page per year.

Up to :data:`PAGE_LIMIT` events, the chronology is one page, ``chronologie/``. Beyond, it is
split by the size of the data: ``chronologie/`` shows the latest years (as many whole years
as the limit allows, at least one) and every earlier year has its own page
(``chronologie/2019/``); a year with more events than the limit is cut into parts
(``chronologie/2019/``, ``chronologie/2019-2/``…). Every page stays under the same budget,
and every event is reachable without JavaScript.

In the split mode the filters work across pages from a small index of every event
(:func:`filter_index`), and the text search from a second file fetched when the reader first
types (:func:`text_index`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..content.model import Event
from ..text import urls
from ..text.markup import markdown_words
from .frise import bin_of

PAGE_LIMIT = 300
"""Events a chronology page may hold: beyond, the chronology is split by year (a page of
300 synthetic events, as the benchmark writes them, is about 20,000 DOM nodes)."""
INDEX = urls.CHRONOLOGY
FILTER_INDEX = urls.CHRONOLOGY_DIR + "evenements.json"
TEXT_INDEX = urls.CHRONOLOGY_DIR + "textes.json"
FILTER_COLUMNS = ("id", "page", "year", "bin", "categories", "projects", "people")
"""The columns of :func:`filter_index`'s rows, named in the file: the script finds each by
its name (theme/assets/chronology-core.js, ``readIndex``), never by its place."""


@dataclass(frozen=True)
class Section:
    """The events of a year on one page (or of a part of a year too full for one page)."""

    year: int
    events: list[Event]
    part: int = 0
    """1, 2… for the parts of a year cut into several pages, 0 for a whole year."""
    parts: int = 0

    @property
    def slug(self) -> str:
        return str(self.year) if self.part <= 1 else f"{self.year}-{self.part}"

    @property
    def label(self) -> str:
        return str(self.year) if not self.part else f"{self.year} ({self.part}/{self.parts})"


@dataclass(frozen=True)
class ChronologyPage:
    path: str
    sections: list[Section]

    @property
    def events(self) -> list[Event]:
        return [e for s in self.sections for e in s.events]

    @property
    def label(self) -> str:
        """« 2019 », « 2019 (2/3) » or « 2025 – 2026 »."""
        first, last = self.sections[0], self.sections[-1]
        return first.label if first is last else f"{first.label} – {last.label}"

    @property
    def is_index(self) -> bool:
        return self.path == INDEX


@dataclass
class Chronology:
    """The chronology's pages, in chronological order (the index, latest, is last)."""

    pages: list[ChronologyPage]
    split: bool
    total: int
    _page_of: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._page_of = {e.id: p.path for p in self.pages for e in p.events}

    def page_of(self, event_id: str) -> str:
        """The Markdown path of the page that shows an event."""
        return self._page_of[event_id]

    def has(self, event_id: str) -> bool:
        return event_id in self._page_of

    def page_of_year(self, year: int) -> str:
        """The Markdown path of the page where a year's events start."""
        return next(p.path for p in self.pages for s in p.sections if s.year == year)

    @property
    def index(self) -> ChronologyPage:
        return self.pages[-1]


def split(events: Sequence[Event], limit: int = PAGE_LIMIT) -> Chronology:
    """Events (in chronological order) on pages of at most ``limit`` events."""
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(event.date.year, []).append(event)
    if len(events) <= limit:
        sections = [Section(year, group) for year, group in years.items()]
        return Chronology([ChronologyPage(INDEX, sections)], False, len(events))
    sections = []
    for year, group in years.items():
        if len(group) <= limit:
            sections.append(Section(year, group))
            continue
        parts = -(-len(group) // limit)
        size = -(-len(group) // parts)
        sections += [Section(year, group[i * size:(i + 1) * size], i + 1, parts)
                     for i in range(parts)]
    latest: list[Section] = []
    while sections and (not latest or sum(len(s.events) for s in latest)
                        + len(sections[-1].events) <= limit):
        latest.insert(0, sections.pop())
    pages = [ChronologyPage(urls.chronology_page(s.slug), [s]) for s in sections]
    pages.append(ChronologyPage(INDEX, latest))
    return Chronology(pages, True, len(events))


def _page_url(path: str) -> str:
    """A chronology page's URL relative to ``chronologie/``: ``""`` or ``"2019/"``."""
    stem = path.removeprefix(urls.CHRONOLOGY_DIR).removesuffix(".md")
    return "" if stem == "index" else stem + "/"


def filter_index(chronology: Chronology) -> str:
    """Every event's page and filter values, for the filters of a split chronology.

    Compact on purpose (about 75 bytes an event): ``events`` rows hold the values of
    ``columns`` (:data:`FILTER_COLUMNS`): the page as an index into ``pages`` (URLs relative
    to ``chronologie/``), the frise's aggregation bin within the year (:func:`bin_of`), and
    the lists as space-separated ids in their order in the event.
    """
    pages = [_page_url(p.path) for p in chronology.pages]
    rows = []
    for number, page in enumerate(chronology.pages):
        for event in page.events:
            row = {"id": event.id, "page": number, "year": event.date.year,
                   "bin": bin_of(event.date), "categories": " ".join(event.categories),
                   "projects": " ".join(event.projects), "people": " ".join(event.people)}
            rows.append([row[column] for column in FILTER_COLUMNS])
    return json.dumps({"total": chronology.total, "pages": pages,
                       "columns": FILTER_COLUMNS, "events": rows},
                      ensure_ascii=False, separators=(",", ":"))


def event_text(event: Event, names: dict[str, dict[str, str]],
               defined: dict[str, list[str]]) -> str:
    """The searchable text of an event, the one text the chronology's search reads (from
    :func:`text_index` on a split chronology, from the card's ``data-rd-text`` otherwise):
    its own content (title, summary, quote, resources, tags) and the names of what it links
    to, never the labels of its fields. ``names`` maps a kind (``projects``, ``people``,
    ``organisations``, ``terms``) to id → name; ``defined`` maps an event to the names of
    the terms it gave a definition of."""
    parts = [event.title, markdown_words(event.summary)]
    for quote in ([event.quote] if event.quote else []) + event.quotes:
        parts += [quote.text, quote.attribution]
    parts += [r.title for r in event.resources]
    for kind in ("projects", "people", "organisations", "terms"):
        parts += [names[kind][ref] for ref in getattr(event, kind)]
    parts += defined.get(event.id, [])
    parts += event.tags
    return " ".join(" ".join(parts).split())


def text_index(chronology: Chronology, names: dict[str, dict[str, str]],
               defined: dict[str, list[str]]) -> str:
    """The searchable text of every event (:func:`event_text`), in the order of
    :func:`filter_index`."""
    texts = [event_text(event, names, defined)
             for page in chronology.pages for event in page.events]
    return json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
