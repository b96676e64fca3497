"""Ids unique within their kind, and every cross-reference between files resolved: a
reference to an unknown id, or to a record by its name instead of its id, is told where it
is written, with the closest id."""

from __future__ import annotations

import difflib
import functools
import typing
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ...text.slugs import fold_accents, slug
from .. import load
from ..characters import cleaned, shown
from ..model import (
    ID_PATTERN,
    PROJECTS_DIR,
)
from ..previous import Previous
from ..problems import Problems
from ..removals import Gone, Held, Place, Words, is_former_id, was_declared
from ..removals import report as report_removals
from ..value_checks import missing_comma, reference_character
from ..vocabulary import KINDS
from .model_errors import suggest

T = TypeVar("T")

# Where each kind of record is declared: (file, path to the records, kind).
# "*" stands for every item of a list; project sheets are one record per file.
DECLARATIONS: list[tuple[str, tuple[str, ...], str]] = [
    (KINDS[kind].file, KINDS[kind].records_at, kind)
    for kind in ("category", "period", "event", "term", "person", "organisation", "committee",
                 "publication", "project")]

# Where each cross-reference stands: (file, path to the referring value, kind it names).
REFERENCES: list[tuple[str, tuple[str, ...], str]] = [
    ("timeline.yml", ("events", "*", "categories", "*"), "category"),
    ("timeline.yml", ("events", "*", "projects", "*"), "project"),
    ("timeline.yml", ("events", "*", "people", "*"), "person"),
    ("timeline.yml", ("events", "*", "organisations", "*"), "organisation"),
    ("timeline.yml", ("events", "*", "terms", "*"), "term"),
    (PROJECTS_DIR, ("people", "*"), "person"),
    (PROJECTS_DIR, ("organisations", "*"), "organisation"),
    (PROJECTS_DIR, ("terms", "*"), "term"),
    ("content/glossary.yml", ("terms", "*", "definitions", "*", "event"), "event"),
    ("content/glossary.yml", ("terms", "*", "mentions", "*", "event"), "event"),
    ("content/glossary.yml", ("terms", "*", "see_also", "*"), "term"),
    ("content/people.yml", ("people", "*", "organisations", "*"), "organisation"),
    ("content/committees.yml", ("committees", "*", "hosts", "*"), "organisation"),
    ("content/committees.yml", ("committees", "*", "members", "*", "people", "*"), "person"),
    ("content/committees.yml", ("committees", "*", "members", "*", "organisation"),
     "organisation"),
    ("content/publications.yml", ("publications", "*", "publisher"), "organisation"),
    ("content/publications.yml", ("publications", "*", "articles", "*", "authors", "*"),
     "person"),
    ("content/publications.yml", ("publications", "*", "articles", "*", "contributors", "*"),
     "person"),
    ("content/publications.yml", ("publications", "*", "articles", "*", "featured", "*"),
     "person"),
]

def walk(data: Any, pattern: tuple[str, ...],
          loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Values of raw YAML data at ``pattern``, with their paths."""
    if not pattern:
        return [(loc, data)]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if not isinstance(data, list):
            return []
        return [found for i, item in enumerate(data) for found in walk(item, rest, (*loc, i))]
    if not isinstance(data, dict) or head not in data:
        return []
    return walk(data[head], rest, (*loc, head))


def _docs_for(docs: dict[str, load.Document], file: str) -> list[load.Document]:
    if file == PROJECTS_DIR:
        return [d for name, d in docs.items() if name.startswith(PROJECTS_DIR + "/")]
    return [docs[file]] if file in docs else []


def _complete(doc: load.Document, pattern: tuple[str, ...]) -> bool:
    """Whether every record at ``pattern`` of ``doc`` could be read with a usable id."""
    if not doc.readable or not doc.complete:
        return False
    containers = walk(doc.data, pattern[:-1]) if pattern else [((), [doc.data])]
    if not containers:
        return False
    for container, records in containers:
        if not isinstance(records, list):
            return False
        for index, record in enumerate(records):
            record_id = record.get("id") if isinstance(record, dict) else None
            # An id the model refused (« index », too long…) is not the one staff meant.
            loc = (*container, index, "id") if pattern else ("id",)
            if (not isinstance(record_id, str) or not ID_PATTERN.match(record_id)
                    or doc.already_reported(loc)):
                return False
    return True


def _by_name(kind: str, ref: str, names: dict[str, str]) -> str:
    """« : écrivez l'identifiant x (nom « … ») » when ``ref`` is a record's name, label or
    a close spelling of its id."""
    folded = fold_accents(ref).strip()
    label = KINDS[kind].name_label
    for record_id, name in names.items():
        if fold_accents(name) == folded or slug(name) == slug(ref):
            return f" : écrivez l'identifiant {record_id} ({label} « {name} »)"
    wanted = slug(ref)
    if wanted in names:
        return (f" : écrivez l'identifiant {wanted} ({KINDS[kind].name_label} "
                f"« {names[wanted]} »)")
    close = difflib.get_close_matches(wanted or ref, list(names), n=1, cutoff=0.6)
    if close and kind == "category":
        return (f" : écrivez l'identifiant {close[0]} ({KINDS[kind].name_label} "
                f"« {names[close[0]]} »)")
    return ""


def held_records(docs: Mapping[str, load.Document]) -> dict[str, dict[str, Held]]:
    """Per kind, each record a version of the content declares, by its id (the first of
    two records sharing one)."""
    held: dict[str, dict[str, Held]] = {kind: {} for kind in KINDS}
    for file, pattern, kind in DECLARATIONS:
        for doc in _docs_for(dict(docs), file):
            for loc, record in walk(doc.data, pattern):
                record_id = record.get("id") if isinstance(record, dict) else None
                if not isinstance(record_id, str) or record_id in held[kind]:
                    continue
                title = next((record[f] for f in KINDS[kind].named_by
                              if isinstance(record.get(f), str)), None)
                former = record.get("former_ids")
                line, column = doc.where((*loc, "id"))
                held[kind][record_id] = Held(
                    kind, record_id, doc.path, line, column, title,
                    str(record["date"]) if kind == "event" and "date" in record else None,
                    tuple(f for f in former if isinstance(f, str))
                    if isinstance(former, list) else ())
    return held


@dataclass
class _Twin:
    """A record whose id another record of its kind declared first."""

    kind: str
    record_id: str
    doc: load.Document
    loc: tuple[Any, ...]
    record: dict[str, Any]
    first: tuple[load.Document, tuple[Any, ...]]
    former: str | None = None
    """The id it most likely had: cited but declared nowhere, and its name's slug, or the
    id a base held at its line."""
    cited: int = 0
    """References to :attr:`former`, told by this record's one message."""

    def report(self, problems: Problems) -> None:
        """One message at the id: taken by the first record; with the id to put back when
        the references to it say which it was (they are not told apart)."""
        first_doc, first_loc = self.first
        line, column = self.doc.where((*self.loc, "id"))
        message = (f"identifiant « {self.record_id} » déjà utilisé par "
                   f"{KINDS[self.kind].with_article} ({first_doc.path}, ligne "
                   f"{first_doc.where((*first_loc, 'id'))[0]})")
        if self.former and self.cited:
            places = f"{self.cited} endroit{'s' if self.cited > 1 else ''}"
            message += (f" ; « {self.former} », cité à {places}, est sans doute l'identifiant "
                        f"de {KINDS[self.kind].this} : écrivez id: {self.former}")
        else:
            message += " : choisissez-en un autre"
        problems.add(self.doc.path, line, column, message)


def _claims(twins: list[_Twin], declared: Mapping[str, Mapping[str, Any]],
            before: Mapping[str, Mapping[str, Held]]) -> dict[tuple[str, str], _Twin]:
    """The ids no record declares that a twin most likely had (its name's slug, or the id
    a base held at its place): references to them are told by the twin's message, not as
    unknown or removed ids."""
    claims: dict[tuple[str, str], _Twin] = {}
    for twin in twins:
        line = twin.doc.where((*twin.loc, "id"))[0]
        held = next((h.record_id for h in before.get(twin.kind, {}).values()
                     if h.path == twin.doc.path and h.line == line), None)
        name = next((twin.record[f] for f in KINDS[twin.kind].named_by
                     if isinstance(twin.record.get(f), str)), "")
        for former in (held, slug(name)):
            if former and former not in declared[twin.kind] and \
                    (twin.kind, former) not in claims:
                twin.former = former
                claims[twin.kind, former] = twin
                break
    return claims


class _Lazy(typing.Generic[T]):
    """A value computed the first time it is asked for: the records' details are needed
    only when a reference is unknown or a base is compared."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute

    @functools.cached_property
    def value(self) -> T:
        return self._compute()


_WORDS = {kind: Words(said.noun, said.feminine, said.with_article, said.this, said.name_label)
          for kind, said in KINDS.items()}


def check_references(docs: dict[str, load.Document], problems: Problems,
                     previous: Previous | None = None
                     ) -> dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]]:
    """Check ids are unique and every reference resolves, on the raw data.

    Working on the raw data means that a record with an unrelated error
    (a bad date, say) still counts as existing: one mistake, one message.
    References to a kind whose file could not be read are not checked, and a
    note under that file's first error says so.
    With ``previous`` (the content at a pull request's base, or the last commit), a
    reference to a record renamed or removed since is told as such
    (:mod:`generator.content.removals`).
    Returns, per kind, where each id is declared.
    """
    declared: dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]] = {
        kind: {} for kind in KINDS}
    names: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    broken: dict[str, list[load.Document]] = defaultdict(list)
    twins: list[_Twin] = []
    for file, pattern, kind in DECLARATIONS:
        # A sheet whose id is not its file's name has its message already (a copy of
        # another sheet, say): the sheet named after the id declares it.
        for doc in sorted(_docs_for(docs, file), key=lambda d: d.already_reported(("id",))
                          if file == PROJECTS_DIR else False):
            if not _complete(doc, pattern):
                broken[kind].append(doc)
            for loc, record in walk(doc.data, pattern):
                record_id = record.get("id") if isinstance(record, dict) else None
                if not isinstance(record_id, str):
                    continue
                for name_field in KINDS[kind].named_by:
                    name = record.get(name_field)
                    if isinstance(name, str) and record_id not in names[kind]:
                        names[kind][record_id] = name
                places = declared[kind]
                if record_id in places:
                    if not doc.already_reported((*loc, "id")):
                        twins.append(_Twin(kind, record_id, doc, loc, record, places[record_id]))
                    continue
                places[record_id] = (doc, loc)
    _check_former_ids(docs, declared, problems)
    before = held_records(previous.docs) if previous is not None else {}
    claims = _claims(twins, declared, before)
    now = _Lazy(lambda: held_records(docs))
    gone = Gone()
    skipped: dict[str, set[str]] = defaultdict(set)
    for file, pattern, kind in REFERENCES:
        known = sorted(declared[kind])
        for doc in _docs_for(docs, file):
            for loc, ref in walk(doc.data, pattern):
                if not isinstance(ref, str) or ref in declared[kind]:
                    continue
                if doc.already_reported(loc):
                    continue
                if broken[kind]:
                    skipped[kind].add(doc.path)
                    continue
                noun, unknown = KINDS[kind].noun, KINDS[kind].unknown
                line, column = doc.where(loc)
                if (kind, ref) in claims:
                    claims[kind, ref].cited += 1
                    continue
                odd = reference_character(doc, loc, ref)
                if odd:
                    meant = slug(cleaned(ref))
                    tail = f"écrivez {meant}" if meant in declared[kind] else (
                        f"sans lui, « {meant} » reste {unknown}"
                        + (_by_name(kind, meant, names[kind]) or suggest(meant, known)))
                    problems.add(doc.path, line, odd[0], f"identifiant « {shown(ref)} » "
                                                         f"({noun}) : il contient {odd[1]} ; "
                                                         f"{tail}")
                    continue
                comma = missing_comma(doc, loc, ref, set(declared[kind]))
                if comma:
                    problems.add(doc.path, line, comma[0], comma[1])
                    continue
                if was_declared(previous, before, kind, ref) or \
                        is_former_id(kind, ref, now.value):
                    gone.add(kind, ref, Place(doc.path, line, column))
                    continue
                hint = _by_name(kind, ref, names[kind]) or suggest(ref, known)
                if not hint and known and len(known) <= 8:
                    hint = f" ; valeurs possibles : {', '.join(known)}"
                elif not hint:
                    hint = (f" : vérifiez l'identifiant, ou ajoutez d'abord {KINDS[kind].this} "
                            f"dans {KINDS[kind].declared_in}")
                    if slug(ref) and slug(ref) != ref:
                        hint += f", avec l'identifiant « {slug(ref)} » (minuscules et tirets)"
                problems.add(doc.path, line, column, f"{noun} « {ref} » {unknown}{hint}")
    for twin in twins:
        twin.report(problems)
    if gone.cited or (previous is not None and previous.pull_request):
        report_removals(gone, previous, before, now.value,
                        {path: d.lines for path, d in docs.items()}, _WORDS,
                        {kind for kind, docs_ in broken.items() if docs_}, problems)
    unchecked: dict[str, list[str]] = defaultdict(list)
    for kind, docs_ in broken.items():
        if not skipped[kind]:
            continue
        for doc in docs_:
            if problems.of(doc.path):
                unchecked[doc.path].append(kind)
                break
    for path, kinds in unchecked.items():
        # Which files refer to them changes with every edit of the content: the note does
        # not list them, so that it reads the same from one run to the next.
        what = [KINDS[k].unchecked for k in KINDS if k in kinds]
        listed = what[0] if len(what) == 1 else f"{', '.join(what[:-1])} et {what[-1]}"
        problems.annotate(path, f"tant que ce fichier a une erreur, les renvois vers {listed} "
                                "de ce fichier ne sont pas vérifiés")
    return declared


def _former_ids(doc: load.Document, pattern: tuple[str, ...]
                ) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """Each well-formed former id of the records at ``pattern``: (id, its place, the
    record's id). A malformed one already has its message from the model."""
    for loc, record in walk(doc.data, pattern):
        if not isinstance(record, dict) or not isinstance(record.get("former_ids"), list):
            continue
        for index, former in enumerate(record["former_ids"]):
            place = (*loc, "former_ids", index)
            if isinstance(former, str) and ID_PATTERN.match(former) \
                    and not doc.already_reported(place):
                yield former, place, str(record.get("id"))


def _check_former_ids(docs: dict[str, load.Document],
                      declared: dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]],
                      problems: Problems) -> None:
    """A former id keeps an old address leading to one record: it cannot be the id, or a
    former id, of another record of its kind (nor of its own record)."""
    given: dict[str, dict[str, tuple[load.Document, tuple[Any, ...], str]]] = {
        kind: {} for kind in KINDS}
    for file, pattern, kind in DECLARATIONS:
        for doc in _docs_for(docs, file):
            for former, place, owner in _former_ids(doc, pattern):
                line, column = doc.where(place)
                message = _former_clash(kind, former, owner, declared[kind].get(former),
                                        given[kind].get(former))
                if message:
                    problems.add(doc.path, line, column, message)
                else:
                    given[kind][former] = (doc, place, owner)


def _former_clash(kind: str, former: str, owner: str,
                  current: tuple[load.Document, tuple[Any, ...]] | None,
                  earlier: tuple[load.Document, tuple[Any, ...], str] | None) -> str | None:
    """What is wrong with ``former`` as a former id of the record ``owner``, if anything."""
    what = KINDS[kind].with_article
    if former == owner:
        return (f"ancien identifiant « {former} » : c'est l'identifiant actuel de cet élément ; "
                "retirez-le de former_ids")
    if current is not None:
        doc, loc = current
        return (f"ancien identifiant « {former} » déjà utilisé comme identifiant par {what} "
                f"({doc.path}, ligne {doc.where((*loc, 'id'))[0]}) : une ancienne adresse ne "
                "peut mener qu'à un élément ; retirez-le de former_ids, ou renommez l'autre")
    if earlier is not None:
        doc, place, other = earlier
        if other == owner:
            return f"ancien identifiant « {former} » écrit deux fois : retirez l'un des deux"
        return (f"ancien identifiant « {former} » déjà donné à {what} « {other} » "
                f"({doc.path}, ligne {doc.where(place)[0]}) : une ancienne adresse ne peut "
                "mener qu'à un élément ; retirez-le de l'un des deux")
    return None
