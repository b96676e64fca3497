"""Records renamed or removed by hand, told as such rather than as unknown ids.

Staff rename and delete records in GitHub's web editor, without a terminal. Compared with the
content at the pull request's base (:mod:`generator.content.previous`):

- an id that is gone while a record of the same kind and the same name (and date, for an
  event) appeared is a rename: one message at the new record, asking for ``former_ids`` so
  that the old address keeps leading to it, and listing the references still to update;
- an id that is gone and still cited is a deletion: one message where the record stood,
  listing the places that cite it (when its whole file is gone, at the first of them).

Without a base, the last commit stands for it: each citing line says that the record was
removed from its file and offers the two ways out, putting it back or removing the line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from .previous import Previous
from .problems import Problems

LISTED = 10
"""Citing places a message lists; more are counted (« et 4 autres »)."""


@dataclass(frozen=True)
class Held:
    """A record as a version of the content declares it."""

    kind: str
    record_id: str
    path: str
    line: int
    column: int
    title: str | None
    date: str | None = None
    former_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """Where a reference is written."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


Records = Mapping[str, Mapping[str, Held]]
"""Per kind, each record by its id."""


@dataclass(frozen=True)
class Words:
    """How the messages name a kind: « personne », « retirée », « la personne »,
    « cette personne »."""

    noun: str
    feminine: bool
    the: str
    this: str
    label: str = "nom"
    """What names a record of the kind: « nom », « titre », « terme », « libellé »."""


@dataclass
class Gone:
    """The references to ids no longer declared, gathered by the reference check."""

    cited: dict[tuple[str, str], list[Place]] = field(default_factory=dict)

    def add(self, kind: str, ref: str, place: Place) -> None:
        places = self.cited.setdefault((kind, ref), [])
        places.append(place)
        places.sort(key=lambda p: (p.path, p.line, p.column))


def was_declared(previous: Previous | None, before: Records | None, kind: str,
                 ref: str) -> bool:
    """Whether ``ref`` named a record of ``kind`` in the previous version."""
    return previous is not None and before is not None and ref in before.get(kind, {})


def _listed(places: list[Place]) -> str:
    shown = ", ".join(str(p) for p in places[:LISTED])
    more = len(places) - LISTED
    return f"{shown} et {more} autre{'s' if more > 1 else ''}" if more > 0 else shown


def _same_name(held: Held) -> tuple[str, str, str | None] | None:
    """What a rename keeps: the kind, the name (case aside) and, for an event, the date."""
    if held.title is None:
        return None
    return held.kind, held.title.casefold().strip(), held.date


def _new_by_name(now: Records, before: Records) -> dict[tuple[str, str, str | None],
                                                        list[Held]]:
    """The records new at this version, by what a rename keeps."""
    found: dict[tuple[str, str, str | None], list[Held]] = {}
    for kind, records in now.items():
        for record_id, held in records.items():
            key = _same_name(held)
            if key is not None and record_id not in before.get(kind, {}):
                found.setdefault(key, []).append(held)
    return found


def renamed_ids(previous: Previous | None, before: Records, now: Records
                ) -> dict[tuple[str, str], str]:
    """(kind, old id) → new id, for every rename known: a record's ``former_ids``, and,
    compared with ``previous``, an id gone while one record of its kind and name appeared
    (as :func:`report` tells them)."""
    found = {(kind, former): held.record_id for kind, records in now.items()
             for held in records.values() for former in held.former_ids}
    if previous is None:
        return found
    appeared = _new_by_name(now, before)
    for kind, records in before.items():
        for ref, old in records.items():
            key = _same_name(old)
            if ref not in now.get(kind, {}) and key is not None and \
                    len(appeared.get(key, [])) == 1:
                found.setdefault((kind, ref), appeared[key][0].record_id)
    return found


def is_former_id(kind: str, ref: str, now: Records) -> bool:
    """Whether a record of ``kind`` lists ``ref`` among its former ids."""
    return _former_holder(kind, ref, now) is not None


def _former_holder(kind: str, ref: str, now: Records) -> Held | None:
    return next((held for held in now.get(kind, {}).values() if ref in held.former_ids), None)


def _where_it_stood(previous: Previous, old: Held, lines_now: list[str] | None) -> int:
    """The line of the file as it is now where ``old`` stood before it was removed: its own
    line when nothing above it changed, else as far below the nearest line above it that
    both versions hold once (a diff of a 10,000-event file would take seconds)."""
    before = previous.texts.get(old.path, [])
    if lines_now is None or not before:
        return 1
    last = max(len(lines_now), 1)
    target = min(old.line - 1, len(before))
    if before[:target] == lines_now[:target]:
        return min(target + 1, last)
    once_before, once_now = Counter(before), Counter(lines_now)
    for index in range(target - 1, -1, -1):
        line = before[index]
        if line.strip() and once_before[line] == 1 and once_now[line] == 1:
            return min(lines_now.index(line) + 1 + target - index, last)
    return 1


def report(gone: Gone, previous: Previous | None, before: Records, now: Records,
           lines_now: Mapping[str, list[str]], words: Mapping[str, Words],
           unchecked: set[str], problems: Problems) -> None:
    """One message per record renamed or removed since ``previous`` (see the module's
    docstring), and one per reference to a former id; ``unchecked`` kinds could not be
    read now and are left alone."""
    told: set[tuple[str, str]] = set()
    for (kind, ref), places in gone.cited.items():
        holder = _former_holder(kind, ref, now)
        if holder is not None:
            for place in places:
                problems.add(place.path, place.line, place.column,
                             f"{words[kind].noun} « {ref} » renommé{_e(words[kind])} en "
                             f"« {holder.record_id} » (former_ids) : écrivez "
                             f"{holder.record_id}")
            told.add((kind, ref))
    if previous is None:
        return
    if previous.pull_request:
        _renames(gone, previous, before, now, words, unchecked, told, problems)
    appeared: dict[tuple[str, str, str | None], list[Held]] | None = None
    for (kind, ref), places in gone.cited.items():
        if (kind, ref) in told:
            continue
        old = before[kind][ref]
        if previous.pull_request:
            _removed(old, places, previous, lines_now, words[kind], problems)
        else:
            appeared = appeared if appeared is not None else _new_by_name(now, before)
            found = appeared.get(_same_name(old) or ("", "", None), [])
            _each_line(old, places, previous, found[0] if len(found) == 1 else None,
                       words[kind], problems)


def _each_line(old: Held, places: list[Place], previous: Previous, new: Held | None,
               words: Words, problems: Problems) -> None:
    """Without a pull request's base, each citing line says what became of the record."""
    e = _e(words)
    for place in places:
        if new is not None:
            message = (f"{words.noun} « {old.record_id} » renommé{e} en « {new.record_id} » "
                       f"depuis {previous.name} : écrivez {new.record_id} (et ajoutez "
                       f"former_ids: [{old.record_id}] à {words.this}, pour garder son "
                       "ancienne adresse)")
        else:
            message = (f"{words.noun} « {old.record_id} » retiré{e} de {old.path} depuis "
                       f"{previous.name} : remettez {words.the} dans {old.path}, ou retirez "
                       "ce renvoi")
        problems.add(place.path, place.line, place.column, message)


def _e(words: Words) -> str:
    return "e" if words.feminine else ""


def _renames(gone: Gone, previous: Previous, before: Records, now: Records,
             words: Mapping[str, Words], unchecked: set[str], told: set[tuple[str, str]],
             problems: Problems) -> None:
    appeared = _new_by_name(now, before)
    formers = {(kind, former) for kind, records in now.items() for held in records.values()
               for former in held.former_ids}
    for kind, records in before.items():
        if kind in unchecked:
            continue
        for ref, old in records.items():
            key = _same_name(old)
            if ref in now.get(kind, {}) or (kind, ref) in told or (kind, ref) in formers or \
                    key is None or len(appeared.get(key, [])) != 1:
                continue
            new = appeared[key][0]
            told.add((kind, ref))
            places = gone.cited.get((kind, ref), [])
            said = words[kind]
            message = (f"{said.noun} « {ref} » renommé{_e(said)} en « {new.record_id} » (même "
                       f"{said.label} « {new.title} ») : ajoutez former_ids: [{ref}] à "
                       f"{said.this}, pour garder son ancienne adresse")
            if places:
                message += (f", et écrivez {new.record_id} dans les renvois qui citent encore "
                            f"{ref} : {_listed(places)}")
            problems.add(new.path, new.line, new.column, message,
                         "error" if places else "warning")


def _removed(old: Held, places: list[Place], previous: Previous,
             lines_now: Mapping[str, list[str]], words: Words, problems: Problems) -> None:
    e = _e(words)
    count = f"{len(places)} endroit{'s' if len(places) > 1 else ''}"
    if old.path in lines_now:
        line = _where_it_stood(previous, old, lines_now[old.path])
        problems.add(old.path, line, 1,
                     f"{words.noun} « {old.record_id} » retiré{e} ici (présent{e} dans "
                     f"{previous.name}), mais encore cité{e} à {count} : {_listed(places)} ; "
                     f"retirez ces renvois, ou remettez {words.the}")
        return
    first = places[0]
    problems.add(first.path, first.line, first.column,
                 f"{words.noun} « {old.record_id} » : son fichier {old.path} a été supprimé "
                 f"(présent dans {previous.name}), mais {words.the} est encore cité{e} à "
                 f"{count} : {_listed(places)} ; retirez ces renvois, ou remettez le fichier")
