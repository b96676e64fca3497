"""Turn loaded documents into one checked :class:`Site`, or report every problem.

Three passes, none stopping at the first problem: each file against its
model, ids unique within their kind, then every cross-reference resolved.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from . import load
from .model import (
    FILE_MODELS,
    PROJECTS_DIR,
    Category,
    Committee,
    Committees,
    Event,
    Glossary,
    Home,
    Organisation,
    Organisations,
    People,
    Person,
    Project,
    Publication,
    Publications,
    Record,
    Term,
    Timeline,
)
from .problems import ContentError, Problem, Problems

R = TypeVar("R", bound=Record)

_FIELD_NAMES_FR = {
    "id": "identifiant", "date": "date", "title": "titre", "categories": "catégories",
    "summary": "résumé", "name": "nom", "term": "terme", "definitions": "définitions",
    "legend": "légende", "years": "années", "label": "libellé", "colour": "couleur",
    "icon": "symbole", "mission": "mission", "text": "texte", "alt": "texte alternatif",
    "src": "fichier", "attribution": "attribution", "status": "statut", "tagline": "accroche",
    "intro": "introduction", "start": "début",
}


@dataclass
class Seated:
    """A person's or organisation's seat on one committee."""

    committee: Committee
    role: str | None
    organisation: Organisation | None


@dataclass
class Site:
    """All content, checked, with every cross-reference resolved both ways."""

    timeline: Timeline
    projects: dict[str, Project]
    terms: dict[str, Term]
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    committees: list[Committee]
    publications: list[Publication]
    home: Home
    sources: dict[str, str] = field(default_factory=dict)
    """Record key (``event:<id>``, ``project:<id>``…) → file it is written in."""
    lines: dict[str, int] = field(default_factory=dict)
    """Record key → line of the record in its file."""
    warnings: list[Problem] = field(default_factory=list)
    """Likely mistakes that do not stop the build."""

    def __post_init__(self) -> None:
        self.categories: dict[str, Category] = {c.id: c for c in self.timeline.legend}
        self.events: list[Event] = sorted(self.timeline.events, key=lambda e: e.date)
        self.event_by_id = {e.id: e for e in self.events}
        self.events_of: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            for kind, ids in (("project", event.projects), ("person", event.people),
                              ("organisation", event.organisations), ("term", event.terms),
                              ("category", event.categories)):
                for ref in ids:
                    self.events_of[f"{kind}:{ref}"].append(event)
        self.seats_of: dict[str, list[Seated]] = defaultdict(list)
        for committee in self.committees:
            for seat in committee.members:
                org = self.organisations.get(seat.organisation or "")
                for person_id in seat.people:
                    self.seats_of[f"person:{person_id}"].append(Seated(committee, seat.role, org))
                if org is not None:
                    self.seats_of[f"organisation:{org.id}"].append(
                        Seated(committee, seat.role, org))
        self.definitions_of_event: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms.values():
            for definition in term.definitions:
                if definition.event:
                    self.definitions_of_event[definition.event].append(term)
        self.writings_of: dict[str, list[tuple[Publication, str]]] = defaultdict(list)
        for publication in self.publications:
            for article in publication.articles:
                for person_id in [*article.authors, *article.contributors]:
                    self.writings_of[person_id].append((publication, article.title))
        self.people_of_org: dict[str, list[Person]] = defaultdict(list)
        for person in self.people.values():
            for org_id in person.organisations:
                self.people_of_org[org_id].append(person)


def _french_field(name: str) -> str:
    return _FIELD_NAMES_FR.get(name, name)


def _allowed_fields(model: type[Record], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at ``loc`` inside ``model`` (for « vouliez-vous dire »)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def suggest(word: str, choices: list[str]) -> str:
    """« , vouliez-vous dire « x » ? » or nothing."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def _message(error: Any, model: type[Record], loc: tuple[Any, ...]) -> tuple[str, bool]:
    """French message for one pydantic error, and whether it points at a key."""
    kind = error["type"]
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    label = f"« {name} »"
    if kind == "missing":
        return f"champ obligatoire {label} ({_french_field(name)}) manquant", False
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = suggest(name, allowed) or (
            f" ; champs possibles : {', '.join(allowed)}" if allowed else "")
        return f"champ inconnu {label}{hint}", True
    if kind == "value_error":
        return str(error["ctx"]["error"]), False
    if kind in {"string_type"}:
        return (f"{label} : texte attendu, pas « {error['input']} » ; mettez-le entre "
                "guillemets"), False
    if kind in {"list_type"}:
        return f"{label} : liste attendue (une ligne « - valeur » par élément)", False
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{label or 'élément'} : champs attendus (nom: valeur), pas « {error['input']} »", \
            False
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"{label} : nombre entier attendu, pas « {error['input']} »", False
    if kind == "too_short":
        return f"{label} : au moins {error['ctx']['min_length']} élément(s) attendu(s)", False
    return f"{label} : valeur invalide ({error['msg']})", False


def check_model(doc: load.Document, model: type[R], problems: Problems) -> R | None:
    """Validate one document against ``model``; every error goes to ``problems``."""
    data = doc.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        line, column = doc.where(())
        problems.add(doc.path, line, column,
                     "le fichier doit contenir des champs (nom: valeur), pas une liste ni un texte")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            message, at_key = _message(error, model, loc)
            line, column = doc.where(loc, key=at_key)
            problems.add(doc.path, line, column, message)
        return None


@dataclass
class _Index:
    """Where each record of one kind is written: id → (file, loc path in the file)."""

    kind: str
    label: str
    places: dict[str, tuple[load.Document, tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, record_id: str, doc: load.Document, loc: tuple[Any, ...],
            problems: Problems) -> None:
        if record_id in self.places:
            first_doc, first_loc = self.places[record_id]
            first_line = first_doc.where((*first_loc, "id"))[0]
            line, column = doc.where((*loc, "id"))
            problems.add(doc.path, line, column,
                         f"identifiant « {record_id} » déjà utilisé par {self.label} "
                         f"({first_doc.path}, ligne {first_line}) : choisissez-en un autre")
            return
        self.places[record_id] = (doc, loc)


def _collect(index: _Index, doc: load.Document | None, key: str, records: list[Any],
             problems: Problems) -> None:
    if doc is None:
        return
    for i, record in enumerate(records):
        index.add(record.id, doc, (key, i), problems)


def _check_refs(doc: load.Document, loc: tuple[Any, ...], ids: list[str] | str | None,
                index: _Index, problems: Problems) -> None:
    if ids is None:
        return
    values = [ids] if isinstance(ids, str) else ids
    for i, ref in enumerate(values):
        if ref in index.places:
            continue
        where = loc if isinstance(ids, str) else (*loc, i)
        line, column = doc.where(where)
        known = sorted(index.places)
        hint = suggest(ref, known)
        if not hint and len(known) <= 8:
            hint = f" ; valeurs possibles : {', '.join(known)}" if known else ""
        problems.add(doc.path, line, column, f"{index.label} « {ref} » inconnu(e){hint}")


def load_site(root: Path) -> Site:
    """Read, validate and cross-check all content under ``root``.

    Raises :class:`ContentError` with every error found. Warnings found on
    valid content are attached to the returned site's ``warnings``.
    """
    problems = Problems()
    docs: dict[str, load.Document] = {}
    parsed: dict[str, Any] = {}
    for relative, model in FILE_MODELS.items():
        doc = load.read(root, relative, problems)
        docs[relative] = doc
        if doc.data is not None or not any(p.path == relative for p in problems.items):
            parsed[relative] = check_model(doc, model, problems)
    project_docs: list[tuple[load.Document, Project]] = []
    projects_dir = root / PROJECTS_DIR
    for file in sorted(projects_dir.glob("*.yml")) if projects_dir.is_dir() else []:
        relative = f"{PROJECTS_DIR}/{file.name}"
        doc = load.read(root, relative, problems)
        if doc.data is None and any(p.path == relative for p in problems.items):
            continue
        project = check_model(doc, Project, problems)
        if project is None:
            continue
        if project.id != file.stem:
            line, column = doc.where(("id",))
            problems.add(relative, line, column,
                         f"l'identifiant « {project.id} » doit être le nom du fichier "
                         f"(« {file.stem} ») : renommez l'un ou l'autre")
        project_docs.append((doc, project))

    timeline: Timeline | None = parsed.get("timeline.yml")
    glossary: Glossary | None = parsed.get("content/glossary.yml")
    people: People | None = parsed.get("content/people.yml")
    orgs: Organisations | None = parsed.get("content/organisations.yml")
    committees: Committees | None = parsed.get("content/committees.yml")
    publications: Publications | None = parsed.get("content/publications.yml")
    home: Home | None = parsed.get("content/home.yml")

    indexes = {
        "category": _Index("category", "la catégorie"),
        "period": _Index("period", "la période"),
        "event": _Index("event", "l'événement"),
        "project": _Index("project", "le terrain"),
        "term": _Index("term", "le terme"),
        "person": _Index("person", "la personne"),
        "organisation": _Index("organisation", "l'organisation"),
        "committee": _Index("committee", "le comité"),
        "publication": _Index("publication", "la publication"),
    }
    tdoc = docs["timeline.yml"]
    if timeline:
        _collect(indexes["category"], tdoc, "legend", timeline.legend, problems)
        _collect(indexes["period"], tdoc, "periods", timeline.periods, problems)
        _collect(indexes["event"], tdoc, "events", timeline.events, problems)
    for doc, project in project_docs:
        indexes["project"].add(project.id, doc, (), problems)
    if glossary:
        _collect(indexes["term"], docs["content/glossary.yml"], "terms", glossary.terms, problems)
    if people:
        _collect(indexes["person"], docs["content/people.yml"], "people", people.people, problems)
    if orgs:
        _collect(indexes["organisation"], docs["content/organisations.yml"], "organisations",
                 orgs.organisations, problems)
    if committees:
        _collect(indexes["committee"], docs["content/committees.yml"], "committees",
                 committees.committees, problems)
    if publications:
        _collect(indexes["publication"], docs["content/publications.yml"], "publications",
                 publications.publications, problems)

    def refs(doc: load.Document, loc: tuple[Any, ...], ids: list[str] | str | None,
             kind: str) -> None:
        _check_refs(doc, loc, ids, indexes[kind], problems)

    if timeline:
        for i, event in enumerate(timeline.events):
            at = ("events", i)
            refs(tdoc, (*at, "categories"), event.categories, "category")
            refs(tdoc, (*at, "projects"), event.projects, "project")
            refs(tdoc, (*at, "people"), event.people, "person")
            refs(tdoc, (*at, "organisations"), event.organisations, "organisation")
            refs(tdoc, (*at, "terms"), event.terms, "term")
    for doc, project in project_docs:
        refs(doc, ("people",), project.people, "person")
        refs(doc, ("organisations",), project.organisations, "organisation")
        refs(doc, ("terms",), project.terms, "term")
    if glossary:
        gdoc = docs["content/glossary.yml"]
        for i, term in enumerate(glossary.terms):
            for j, definition in enumerate(term.definitions):
                refs(gdoc, ("terms", i, "definitions", j, "event"), definition.event, "event")
            refs(gdoc, ("terms", i, "see_also"), term.see_also, "term")
    if people:
        pdoc = docs["content/people.yml"]
        for i, person in enumerate(people.people):
            refs(pdoc, ("people", i, "organisations"), person.organisations, "organisation")
    if committees:
        cdoc = docs["content/committees.yml"]
        for i, committee in enumerate(committees.committees):
            refs(cdoc, ("committees", i, "hosts"), committee.hosts, "organisation")
            for j, seat in enumerate(committee.members):
                at = ("committees", i, "members", j)
                refs(cdoc, (*at, "people"), seat.people, "person")
                refs(cdoc, (*at, "organisation"), seat.organisation, "organisation")
    if publications:
        bdoc = docs["content/publications.yml"]
        for i, publication in enumerate(publications.publications):
            refs(bdoc, ("publications", i, "publisher"), publication.publisher, "organisation")
            for j, article in enumerate(publication.articles):
                at = ("publications", i, "articles", j)
                refs(bdoc, (*at, "authors"), article.authors, "person")
                refs(bdoc, (*at, "contributors"), article.contributors, "person")
    if people:
        _warn_similar_names(docs["content/people.yml"], people.people, problems)

    if problems.errors or None in (timeline, glossary, people, orgs, committees, publications,
                                   home):
        raise ContentError(problems.errors)
    assert timeline and glossary and people and orgs and committees and publications and home
    sources: dict[str, str] = {}
    lines: dict[str, int] = {}
    for kind, index in indexes.items():
        for record_id, (doc, loc) in index.places.items():
            sources[f"{kind}:{record_id}"] = doc.path
            lines[f"{kind}:{record_id}"] = doc.where(loc)[0]
    return Site(
        timeline=timeline,
        projects={p.id: p for _, p in sorted(project_docs, key=lambda dp: dp[1].name.lower())},
        terms={t.id: t for t in glossary.terms},
        people={p.id: p for p in people.people},
        organisations={o.id: o for o in orgs.organisations},
        committees=committees.committees,
        publications=publications.publications,
        home=home,
        sources=sources,
        lines=lines,
        warnings=problems.warnings,
    )


def fold(text: str) -> str:
    """Lower case without accents: « Écologie » → « ecologie »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _warn_similar_names(doc: load.Document, people: list[Person], problems: Problems) -> None:
    """Two people whose names are almost the same are likely one person spelt twice."""
    folded = [(fold(p.name), i, p) for i, p in enumerate(people)]
    for a in range(len(folded)):
        for b in range(a + 1, len(folded)):
            name_a, _, person_a = folded[a]
            name_b, index_b, person_b = folded[b]
            if name_a != name_b and difflib.SequenceMatcher(None, name_a, name_b).ratio() < 0.85:
                continue
            line, column = doc.where(("people", index_b, "name"))
            problems.add(doc.path, line, column,
                         f"« {person_b.name} » ressemble beaucoup à « {person_a.name} » "
                         f"({person_a.id}) : s'agit-il de la même personne ?", "warning")
