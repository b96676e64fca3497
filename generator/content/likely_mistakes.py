"""Warnings for content that is valid but probably not what staff meant: one record written
twice under two ids, a definition dated before the event that posed it.

They do not stop the build (two organisations may share a name, a definition may have been
drafted before it was presented), so each is a warning that asks the question.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import load
from .dates import PartialDate
from .model import Event, Glossary, Timeline
from .problems import Problems

SIMILAR = 0.85
"""Ratio of difflib above which two folded names are taken for one spelt twice: « Cécile
Colsson » and « Cécile Colson », not « 1er comité » and « 2e comité » of different dates."""

_SAME: dict[str, str] = {
    "person": "de la même personne", "organisation": "de la même organisation",
    "term": "du même terme", "project": "du même terrain",
    "publication": "de la même publication", "event": "du même événement",
}


@dataclass(frozen=True)
class Named:
    """A record by its name, and where the name is written."""

    kind: str
    record_id: str
    name: str
    doc: load.Document
    loc: tuple[Any, ...]
    date: PartialDate | None = None
    """Events are alike only on the same date."""


KEY = 4
"""Names are compared only with those that begin or end with the same ``KEY`` letters: a
name spelt twice keeps its beginning or its end, and a check of 10,000 synthetic events
compares 10,086 pairs of titles instead of every pair of a date."""


def _candidates(folded: list[str]) -> set[tuple[int, int]]:
    buckets: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for index, name in enumerate(folded):
        letters = "".join(c for c in name if c.isalnum())
        for key in {(True, letters[:KEY]), (False, letters[-KEY:])}:
            buckets[key].append(index)
    return {(a, b) for group in buckets.values() for i, b in enumerate(group)
            for a in group[:i]}


def _pairs(folded: list[str]) -> list[tuple[int, int]]:
    """Indexes (a, b), a before b, of names that are the same or almost."""
    matcher = difflib.SequenceMatcher(None)
    similar: list[tuple[int, int]] = []
    indexed = -1
    for a, b in sorted(_candidates(folded), key=lambda pair: (pair[1], pair[0])):
        name_a, name_b = folded[a], folded[b]
        if name_a != name_b:
            if indexed != b:
                # The matcher indexes the second name once for the pairs that end with it.
                matcher.set_seq2(name_b)
                indexed = b
            matcher.set_seq1(name_a)
            # The quick ratios are upper bounds of ratio(): most pairs stop there.
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR \
                    or matcher.ratio() < SIMILAR:
                continue
        similar.append((a, b))
    return sorted(similar)


def warn_lookalikes(records: list[Named], fold: Callable[[str], str],
                    problems: Problems) -> None:
    """Two records of one kind whose names (and, for events, dates) are the same or almost
    are likely one record written twice: a warning at the second, naming the first."""
    groups: dict[tuple[str, str], list[Named]] = defaultdict(list)
    for record in records:
        day = record.date.iso() if record.date else ""
        groups[(record.kind, day)].append(record)
    for (kind, _), group in groups.items():
        folded = [fold(r.name).strip() for r in group]
        for a, b in _pairs(folded):
            first, second = group[a], group[b]
            line, column = second.doc.where(second.loc)
            said = (f"est aussi le nom de « {first.record_id} »" if folded[a] == folded[b] else
                    f"ressemble beaucoup à « {first.name} » ({first.record_id})")
            problems.add(second.doc.path, line, column,
                         f"« {second.name} » {said} : s'agit-il {_SAME[kind]} ?", "warning")


def _before(first: PartialDate, second: PartialDate) -> bool:
    """Whether ``first`` is before ``second`` at the precision both have: « 2023 » is not
    before « mars 2023 »."""
    depth = min(len([p for p in (d.year, d.month, d.day) if p is not None])
                for d in (first, second))
    return first.key[:depth] < second.key[:depth]


def warn_definitions_before_events(doc: load.Document, glossary: Glossary,
                                   timeline: Timeline, problems: Problems) -> None:
    """A definition is posed at its event: dated before it, one of the two dates is wrong."""
    events: dict[str, Event] = {}
    for each in timeline.events:
        # An id written twice (an event copied with its id) is told as such; references
        # name the first record, which the copy did not change.
        events.setdefault(each.id, each)
    for t, term in enumerate(glossary.terms):
        for d, definition in enumerate(term.definitions):
            event = events.get(definition.event or "")
            if definition.date is None or event is None or \
                    not _before(definition.date, event.date):
                continue
            line, column = doc.where(("terms", t, "definitions", d, "date"))
            problems.add(doc.path, line, column,
                         "définition datée d'avant l'événement qui l'a posée "
                         f"({definition.date.french()} ; {event.id} : {event.date.french()}) : "
                         "vérifiez l'une des deux dates", "warning")
