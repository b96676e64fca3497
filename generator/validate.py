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
    Article,
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
            for event_id in dict.fromkeys(d.event for d in term.definitions if d.event):
                self.definitions_of_event[event_id].append(term)
        self.writings_of: dict[str, list[tuple[Publication, str]]] = defaultdict(list)
        # Featured people are not authors: their pages list these articles apart.
        self.featured_in: dict[str, list[tuple[Publication, Article]]] = defaultdict(list)
        for publication in self.publications:
            for article in publication.articles:
                for person_id in [*article.authors, *article.contributors]:
                    self.writings_of[person_id].append((publication, article.title))
                for person_id in article.featured:
                    self.featured_in[person_id].append((publication, article))
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
    """Validate one document against ``model``; every error goes to ``problems``.

    An unreadable document was already reported: it is not checked again."""
    if not doc.readable:
        return None
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


KINDS: dict[str, tuple[str, str, str]] = {
    # kind: (noun, "unknown" agreeing with it, noun with its article)
    "category": ("catégorie", "inconnue", "la catégorie"),
    "period": ("période", "inconnue", "la période"),
    "event": ("événement", "inconnu", "l'événement"),
    "project": ("terrain", "inconnu", "le terrain"),
    "term": ("terme", "inconnu", "le terme"),
    "person": ("personne", "inconnue", "la personne"),
    "organisation": ("organisation", "inconnue", "l'organisation"),
    "committee": ("comité", "inconnu", "le comité"),
    "publication": ("publication", "inconnue", "la publication"),
}

# Where each kind of record is declared: (file, path to the records, kind).
# "*" stands for every item of a list; project sheets are one record per file.
DECLARATIONS: list[tuple[str, tuple[str, ...], str]] = [
    ("timeline.yml", ("legend", "*"), "category"),
    ("timeline.yml", ("periods", "*"), "period"),
    ("timeline.yml", ("events", "*"), "event"),
    ("content/glossary.yml", ("terms", "*"), "term"),
    ("content/people.yml", ("people", "*"), "person"),
    ("content/organisations.yml", ("organisations", "*"), "organisation"),
    ("content/committees.yml", ("committees", "*"), "committee"),
    ("content/publications.yml", ("publications", "*"), "publication"),
    (PROJECTS_DIR, (), "project"),
]

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


def _walk(data: Any, pattern: tuple[str, ...],
          loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Values of raw YAML data at ``pattern``, with their paths."""
    if not pattern:
        return [(loc, data)]
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if not isinstance(data, list):
            return []
        return [found for i, item in enumerate(data) for found in _walk(item, rest, (*loc, i))]
    if not isinstance(data, dict) or head not in data:
        return []
    return _walk(data[head], rest, (*loc, head))


def _docs_for(docs: dict[str, load.Document], file: str) -> list[load.Document]:
    if file == PROJECTS_DIR:
        return [d for name, d in docs.items() if name.startswith(PROJECTS_DIR + "/")]
    return [docs[file]] if file in docs else []


def check_references(docs: dict[str, load.Document], problems: Problems
                     ) -> dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]]:
    """Check ids are unique and every reference resolves, on the raw data.

    Working on the raw data means that a record with an unrelated error
    (a bad date, say) still counts as existing: one mistake, one message.
    Returns, per kind, where each id is declared.
    """
    declared: dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]] = {
        kind: {} for kind in KINDS}
    for file, pattern, kind in DECLARATIONS:
        for doc in _docs_for(docs, file):
            for loc, record in _walk(doc.data, pattern):
                record_id = record.get("id") if isinstance(record, dict) else None
                if not isinstance(record_id, str):
                    continue
                places = declared[kind]
                if record_id in places:
                    first_doc, first_loc = places[record_id]
                    line, column = doc.where((*loc, "id"))
                    problems.add(doc.path, line, column,
                                 f"identifiant « {record_id} » déjà utilisé par "
                                 f"{KINDS[kind][2]} ({first_doc.path}, ligne "
                                 f"{first_doc.where((*first_loc, 'id'))[0]}) : "
                                 "choisissez-en un autre")
                    continue
                places[record_id] = (doc, loc)
    for file, pattern, kind in REFERENCES:
        known = sorted(declared[kind])
        for doc in _docs_for(docs, file):
            for loc, ref in _walk(doc.data, pattern):
                if not isinstance(ref, str) or ref in declared[kind]:
                    continue
                noun, unknown, _ = KINDS[kind]
                hint = suggest(ref, known)
                if not hint and known and len(known) <= 8:
                    hint = f" ; valeurs possibles : {', '.join(known)}"
                line, column = doc.where(loc)
                problems.add(doc.path, line, column, f"{noun} « {ref} » {unknown}{hint}")
    return declared


def load_site(root: Path) -> Site:
    """Read, validate and cross-check all content under ``root``.

    Raises :class:`ContentError` with every error found; warnings on valid
    content are in the returned site's ``warnings``.
    """
    problems = Problems()
    docs: dict[str, load.Document] = {}
    parsed: dict[str, Any] = {}
    for relative, model in FILE_MODELS.items():
        docs[relative] = doc = load.read(root, relative, problems)
        parsed[relative] = check_model(doc, model, problems)
    projects: list[Project] = []
    projects_dir = root / PROJECTS_DIR
    for stray in sorted(projects_dir.iterdir()) if projects_dir.is_dir() else []:
        if stray.suffix != ".yml" and not stray.name.startswith("."):
            problems.add(f"{PROJECTS_DIR}/{stray.name}", 1, 1,
                         "seuls les fichiers .yml sont lus dans ce dossier : renommez-le en "
                         f"« {stray.stem}.yml » (ou retirez-le)")
    for file in sorted(projects_dir.glob("*.yml")) if projects_dir.is_dir() else []:
        relative = f"{PROJECTS_DIR}/{file.name}"
        docs[relative] = doc = load.read(root, relative, problems)
        project = check_model(doc, Project, problems)
        if project is None:
            continue
        if project.id != file.stem:
            line, column = doc.where(("id",))
            problems.add(relative, line, column,
                         f"l'identifiant « {project.id} » doit être le nom du fichier "
                         f"(« {file.stem} ») : renommez l'un ou l'autre")
        projects.append(project)
    declared = check_references(docs, problems)
    people: People | None = parsed["content/people.yml"]
    if people is not None:
        _warn_similar_names(docs["content/people.yml"], people.people, problems)
    if problems.errors:
        raise ContentError(problems.errors)

    timeline: Timeline = parsed["timeline.yml"]
    glossary: Glossary = parsed["content/glossary.yml"]
    organisations: Organisations = parsed["content/organisations.yml"]
    committees: Committees = parsed["content/committees.yml"]
    publications: Publications = parsed["content/publications.yml"]
    assert people is not None
    sources: dict[str, str] = {}
    lines: dict[str, int] = {}
    for kind, places in declared.items():
        for record_id, (doc, loc) in places.items():
            sources[f"{kind}:{record_id}"] = doc.path
            lines[f"{kind}:{record_id}"] = doc.where(loc)[0]
    return Site(
        timeline=timeline,
        projects={p.id: p for p in sorted(projects, key=lambda p: fold(p.name))},
        terms={t.id: t for t in glossary.terms},
        people={p.id: p for p in people.people},
        organisations={o.id: o for o in organisations.organisations},
        committees=committees.committees,
        publications=publications.publications,
        home=parsed["content/home.yml"],
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
