"""Turn loaded documents into one checked :class:`Site`, or report every problem.

Passes, none stopping at the first problem: each file against its model, placeholders
and Markdown fields, ids unique within their kind, then every cross-reference resolved.
One mistake gets one message: a reference into a file that could not be read is not
checked (a note under that file's error says so), a value already reported while reading
is not reported again by the model, and a misspelt field is one message, not « unknown
field » plus « missing field ».
"""

from __future__ import annotations

import difflib
import re
import typing
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..text.markup import (
    MarkupError,
    line_column,
    link_places,
    render_markdown,
    site_paths,
    site_target,
)
from . import load
from .model import (
    EMPTY_TEXT,
    FILE_MODELS,
    ID_PATTERN,
    PAGES_DIR,
    PLACEHOLDER,
    PROJECTS_DIR,
    Committees,
    Glossary,
    Markdown,
    Organisations,
    People,
    Person,
    Project,
    Publications,
    Record,
    Timeline,
    invisible,
    slug,
)
from .problems import ContentError, Problems
from .site import Site, fold

R = TypeVar("R", bound=Record)

_FIELD_NAMES_FR = {
    "id": "identifiant", "date": "date", "title": "titre", "categories": "catégories",
    "summary": "résumé", "name": "nom", "term": "terme", "definitions": "définitions",
    "legend": "légende", "years": "années", "label": "libellé", "colour": "couleur",
    "icon": "symbole", "mission": "mission", "text": "texte", "alt": "texte alternatif",
    "src": "fichier", "attribution": "attribution", "status": "statut", "tagline": "accroche",
    "intro": "introduction", "start": "début", "events": "événements", "people": "personnes",
    "organisations": "organisations", "terms": "termes", "committees": "comités",
    "publications": "publications",
}

# French words staff write for a field, folded (see fold): the field they mean.
_FRENCH_FIELDS = {
    "titre": "title", "resume": "summary", "description": "summary", "categorie": "categories",
    "categories": "categories", "fin": "end", "date-fin": "end", "date_fin": "end",
    "debut": "date", "personnes": "people", "personne": "people", "terrains": "projects",
    "terrain": "projects", "projets": "projects", "projet": "projects", "termes": "terms",
    "terme": "term", "nom": "name", "lien": "url", "adresse": "url", "image": "media",
    "images": "media", "photo": "media", "photos": "media", "citation": "quote",
    "ressources": "resources", "ressource": "resources", "etiquettes": "tags",
    "mots-cles": "tags", "auteur": "attribution", "credit": "credit", "legende": "legend",
    "libelle": "label", "couleur": "colour", "color": "colour", "annees": "years",
    "annee": "years", "apprentissages": "learnings", "lieu": "where", "acteurs": "actors",
    "sigle": "acronym", "acronyme": "acronym", "definition": "definitions",
    "texte": "text", "role": "role", "fonction": "role", "site": "website",
    "membres": "members", "statut": "status", "editeur": "publisher", "articles": "articles",
    "auteurs": "authors", "contributeurs": "contributors", "voir-aussi": "see_also",
    "voir_aussi": "see_also", "organisation": "organisations", "mission": "mission",
    "introduction": "intro", "accroche": "tagline", "axe": "axes", "exemple": "example",
    "discipline": "discipline", "affiliation": "affiliation", "type": "kind",
    "nature": "kind", "site-web": "website", "site_web": "website", "siteweb": "website",
    "url": "url", "fichier": "src", "texte-alternatif": "alt",
    "hotes": "hosts", "coanimation": "hosts", "sieges": "members", "auteurs-contributeurs":
    "contributors", "date-debut": "date", "debut-date": "date", "fin-date": "end",
    "periodes": "periods", "evenements": "events", "icone": "icon", "symbole": "icon",
}


def _french_field(name: str) -> str:
    return _FIELD_NAMES_FR.get(name, name)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model of the mapping at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names allowed at ``loc`` inside ``model`` (for « vouliez-vous dire »)."""
    inner = _model_at(model, loc)
    return list(inner.model_fields) if inner else []


def _required_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items() if info.is_required()]


def suggest(word: str, choices: list[str]) -> str:
    """« ; vouliez-vous dire « x » ? » or nothing. A word that begins exactly one choice
    (« maturite » for « maturite-cooperative ») is that choice."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    starting = [c for c in choices if c.startswith(f"{word}-")]
    if not close and len(starting) == 1:
        close = starting
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def _meant_field(key: str, allowed: list[str]) -> str | None:
    """The field a misspelt or French field name stands for."""
    french = _FRENCH_FIELDS.get(fold(key).strip())
    if french in allowed:
        return french
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _raw(doc: load.Document, loc: tuple[Any, ...]) -> str | None:
    return doc.raw.get(loc)


def _shown(value: Any, raw: str | None) -> str:
    return raw if raw is not None else str(value)


def _quoting_hint(doc: load.Document, loc: tuple[Any, ...]) -> str:
    """Why a text became a list or fields: it starts with « [ » or « { »."""
    raw_line = doc.lines[doc.where(loc)[0] - 1] if doc.lines else ""
    after = raw_line.split(":", 1)[1].strip() if ":" in raw_line else ""
    if after[:1] in ("[", "{"):
        return (f" ; un texte qui commence par « {after[0]} » se met entre guillemets droits "
                "(\"…\")")
    return ""


def _type_message(kind: str, error: dict[str, Any], name: str, doc: load.Document,
                  loc: tuple[Any, ...], model: type[BaseModel]) -> str | None:
    """French for a value of the wrong type; None if ``kind`` is not a type error."""
    value = error.get("input")
    raw = _raw(doc, loc)
    label = f"« {name} »"
    if isinstance(value, bool) and kind in _TYPE_ERRORS:
        shown = _shown(value, raw)
        return (f"{label} : « {shown} » est lu comme oui/non, pas comme un texte ; "
                f"mettez-le entre guillemets : \"{shown}\"")
    if kind == "string_type":
        if isinstance(value, list):
            return f"{label} : texte attendu, pas une liste{_quoting_hint(doc, loc)}"
        if isinstance(value, dict):
            return (f"{label} : texte attendu, pas des champs (nom: valeur)"
                    f"{_quoting_hint(doc, loc)}")
        shown = _shown(value, raw)
        return (f"{label} : « {shown} » est lu comme un nombre, pas comme un texte ; "
                f"mettez-le entre guillemets : \"{shown}\"")
    if kind == "list_type":
        if isinstance(value, (str, int, float)):
            shown = _shown(value, raw)
            return (f"{label} : liste attendue : écrivez [{shown}] (ou une ligne « - … » par "
                    "élément)")
        if isinstance(value, dict) and value:
            first = next(iter(value))
            return (f"{label} : liste attendue : « - » manquant devant « {first}: » ; écrivez "
                    f"« - {first}: … » pour commencer chaque élément")
        return f"{label} : liste attendue (une ligne « - … » par élément, ou [a, b])"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        if name == "years":
            return (f"{label} : année attendue (par exemple 2023), pas « {_shown(value, raw)} » ; "
                    "plusieurs années s'écrivent [2023, 2024]")
        return f"{label} : nombre entier attendu, pas « {_shown(value, raw)} »"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        inner = _model_at(model, tuple(p for p in loc))
        required = _required_fields(inner) if inner else []
        where = f"élément de {label}" if loc and isinstance(loc[-1], int) else label
        if isinstance(value, (str, int, float)) and len(required) == 1:
            return (f"{where} : champs attendus, pas un texte seul ; écrivez "
                    f"« {required[0]}: {_shown(value, raw)} »")
        if isinstance(value, (str, int, float)) and required:
            return (f"{where} : champs attendus, pas un texte seul ; écrivez "
                    f"{' et '.join(required)} sur les lignes suivantes, plus indentés")
        fields = f" ({', '.join(required)}…)" if required else ""
        if isinstance(value, list):
            return f"{where} : champs attendus{fields}, pas une liste"
        return f"{where} : champs attendus (nom: valeur){fields}, pas « {_shown(value, raw)} »"
    return None


_TYPE_ERRORS = {"string_type", "list_type", "int_type", "int_parsing", "int_from_float",
                "model_type", "model_attributes_type", "dict_type"}


def _name_of(loc: tuple[Any, ...]) -> str:
    return next((p for p in reversed(loc) if isinstance(p, str)), "")


def _report_model_errors(doc: load.Document, model: type[R], errors: list[Any],
                         problems: Problems) -> None:
    """One French message per mistake for pydantic's errors on one document."""
    errors = [e for e in errors if not doc.already_reported(tuple(e["loc"]))]
    missing = {tuple(e["loc"]): e for e in errors if e["type"] == "missing"}
    merged: set[tuple[Any, ...]] = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden":
            continue
        key = loc[-1]
        parent = loc[:-1]
        allowed = _allowed_fields(model, parent)
        meant = _meant_field(str(key), allowed)
        line, column = doc.where(loc, key=True)
        if meant and (*parent, meant) in missing:
            merged.add((*parent, meant))
            problems.add(doc.path, line, column, f"champ « {key} » mal orthographié : "
                                                 f"écrivez « {meant} »")
            continue
        misplaced = _misplaced(model, str(key), parent, missing)
        if misplaced:
            target, message = misplaced
            merged.add(target)
            problems.add(doc.path, line, column, message)
            continue
        if not meant and _field_of_ancestor(model, str(key), parent):
            holder = _name_of(parent)
            problems.add(doc.path, line, column, f"« {key} » est trop indenté : ce n'est pas un "
                                                 f"champ de « {holder} » ; alignez-le sur "
                                                 f"« {holder} »")
            continue
        if meant:
            hint = f" ; vouliez-vous dire « {meant} » ?"
        else:
            hint = f" ; champs possibles : {', '.join(allowed)}" if allowed else ""
        problems.add(doc.path, line, column, f"champ inconnu « {key} »{hint}")
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden" or loc in merged:
            continue
        name = _name_of(loc)
        line, column = doc.where(loc)
        empty = error.get("input") is None or (
            kind == "value_error" and str(error["ctx"]["error"]) == EMPTY_TEXT)
        if kind == "missing":
            message = f"champ obligatoire « {name} » ({_french_field(name)}) manquant"
        elif empty and (kind == "value_error" or kind in _TYPE_ERRORS):
            message, column = _empty_value(doc, model, loc, name, column)
        elif kind == "value_error":
            message = str(error["ctx"]["error"])
        elif kind == "too_short":
            message = f"« {name} » : liste vide ; écrivez au moins un élément"
        elif kind == "greater_than_equal":
            message = (f"« {name} » : « {_shown(error['input'], _raw(doc, loc))} » trop petit "
                       f"(au moins {error['ctx']['ge']})")
        elif kind == "less_than_equal":
            message = (f"« {name} » : « {_shown(error['input'], _raw(doc, loc))} » trop grand "
                       f"(au plus {error['ctx']['le']})")
        else:
            message = (_type_message(kind, error, name, doc, loc, model)
                       or f"« {name} » : valeur invalide, pas « "
                          f"{_shown(error.get('input'), _raw(doc, loc))} »")
        problems.add(doc.path, line, column, message)
        if kind != "missing":
            doc.reported.add(loc)


def _is_required(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether the value at ``loc`` must be there: a required field, or a list item."""
    if not loc or isinstance(loc[-1], int):
        return True
    holder = _model_at(model, loc[:-1])
    info = holder.model_fields.get(str(loc[-1])) if holder else None
    return info is not None and info.is_required()


def _empty_value(doc: load.Document, model: type[BaseModel], loc: tuple[Any, ...], name: str,
                 column: int) -> tuple[str, int]:
    """« valeur manquante » for an empty value, ``~`` or blank text; a value YAML read as a
    comment (an unquoted « # ») is pointed at."""
    if isinstance(loc[-1], int):
        message = f"élément vide dans la liste « {name} » : écrivez-le ou retirez la ligne"
    elif _is_required(model, loc):
        message = f"« {name} » : valeur manquante après « {name}: » ; écrivez-la"
    else:
        message = (f"« {name} » : valeur manquante après « {name}: » ; écrivez-la (ou retirez "
                   "le champ)")
    line = doc.where(loc)[0]
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    comment = re.search(r"(?:^|\s)(#\S*)", text[column - 1:])
    if comment and not isinstance(loc[-1], int):
        start = column - 1 + comment.start(1)
        return (f"« {name} » : ce qui suit « # » est un commentaire pour YAML, la valeur est "
                f"donc vide ; mettez-la entre guillemets : \"{comment[1]}\""), start + 1
    return message, column


def _field_of_ancestor(model: type[BaseModel], key: str, parent: tuple[Any, ...]) -> bool:
    """Whether ``key`` is a field of a record that holds the mapping at ``parent``."""
    for cut in range(len(parent) - 1, -1, -1):
        ancestor = parent[:cut]
        if ancestor and not isinstance(ancestor[-1], int):
            continue
        if key in _allowed_fields(model, ancestor):
            return True
    return False


def _misplaced(model: type[BaseModel], key: str, parent: tuple[Any, ...],
               missing: dict[tuple[Any, ...], Any]) -> tuple[tuple[Any, ...], str] | None:
    """A field indented under the wrong mapping: it is missing one level up or down."""
    for target in missing:
        if target[-1] != key:
            continue
        where = target[:-1]
        holder = _name_of(parent) or "l'élément"
        if len(where) < len(parent) and parent[:len(where)] == where:
            return target, (f"« {key} » est trop indenté : ce n'est pas un champ de "
                            f"« {holder} » ; alignez-le sur « {_name_of(parent)} »")
        if len(where) > len(parent) and where[:len(parent)] == parent:
            return target, (f"« {key} » n'est pas assez indenté : c'est un champ de "
                            f"« {_name_of(where)} » ; indentez-le sous « {_name_of(where)} »")
    return None


def check_model(doc: load.Document, model: type[R], problems: Problems) -> R | None:
    """Validate one document against ``model``; every error goes to ``problems``.

    An unreadable document was already reported: it is not checked again."""
    if not doc.readable:
        return None
    data = doc.data
    if data is None:
        required = _required_fields(model)
        if required:
            fields = ", ".join(f"« {r}: »" for r in required)
            problems.add(doc.path, 1, 1, "fichier vide (ou seulement des commentaires) : il "
                                         f"doit contenir {fields}")
            doc.complete = False
            return None
        data = {}
    if not isinstance(data, dict):
        line, column = doc.where(())
        problems.add(doc.path, line, column,
                     "le fichier doit contenir des champs (nom: valeur), pas une liste ni un texte")
        doc.complete = False
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        _report_model_errors(doc, model, list(exc.errors()), problems)
        return None


KINDS: dict[str, tuple[str, str, str, str]] = {
    # kind: (noun, "unknown" agreeing with it, noun with its article, « this » noun)
    "category": ("catégorie", "inconnue", "la catégorie", "cette catégorie"),
    "period": ("période", "inconnue", "la période", "cette période"),
    "event": ("événement", "inconnu", "l'événement", "cet événement"),
    "project": ("terrain", "inconnu", "le terrain", "la fiche de ce terrain"),
    "term": ("terme", "inconnu", "le terme", "ce terme"),
    "person": ("personne", "inconnue", "la personne", "cette personne"),
    "organisation": ("organisation", "inconnue", "l'organisation", "cette organisation"),
    "committee": ("comité", "inconnu", "le comité", "ce comité"),
    "publication": ("publication", "inconnue", "la publication", "cette publication"),
}

_DECLARED_IN = {"category": "timeline.yml (legend)", "period": "timeline.yml (periods)",
                "event": "timeline.yml", "project": "content/projects/",
                "term": "content/glossary.yml", "person": "content/people.yml",
                "organisation": "content/organisations.yml",
                "committee": "content/committees.yml",
                "publication": "content/publications.yml"}

# What a file that cannot be read declares, for « les renvois vers … de ce fichier ne sont
# pas vérifiés »: a project sheet declares one project.
_UNCHECKED = {"category": "les catégories", "period": "les périodes",
              "event": "les événements", "project": "le terrain", "term": "les termes",
              "person": "les personnes", "organisation": "les organisations",
              "committee": "les comités", "publication": "les publications"}

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

# The field that names a record of each kind, for « écrivez l'identifiant … (nom « … ») ».
_NAMED_BY: dict[str, tuple[str, ...]] = {
    "category": ("label",), "period": ("title",), "event": ("title",),
    "project": ("name", "acronym"), "term": ("term", "acronym"), "person": ("name",),
    "organisation": ("name", "acronym"), "committee": ("name",), "publication": ("title",),
}
_NAME_LABEL = {"category": "libellé", "period": "titre", "event": "titre", "term": "terme",
               "publication": "titre"}


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


def _complete(doc: load.Document, pattern: tuple[str, ...]) -> bool:
    """Whether every record at ``pattern`` of ``doc`` could be read with a usable id."""
    if not doc.readable or not doc.complete:
        return False
    containers = _walk(doc.data, pattern[:-1]) if pattern else [((), [doc.data])]
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
    folded = fold(ref).strip()
    label = _NAME_LABEL.get(kind, "nom")
    for record_id, name in names.items():
        if fold(name) == folded or slug(name) == slug(ref):
            return f" : écrivez l'identifiant {record_id} ({label} « {name} »)"
    wanted = slug(ref)
    if wanted in names:
        return (f" : écrivez l'identifiant {wanted} ({_NAME_LABEL.get(kind, 'nom')} "
                f"« {names[wanted]} »)")
    close = difflib.get_close_matches(wanted or ref, list(names), n=1, cutoff=0.6)
    if close and kind == "category":
        return (f" : écrivez l'identifiant {close[0]} ({_NAME_LABEL.get(kind, 'nom')} "
                f"« {names[close[0]]} »)")
    return ""


def check_references(docs: dict[str, load.Document], problems: Problems
                     ) -> dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]]:
    """Check ids are unique and every reference resolves, on the raw data.

    Working on the raw data means that a record with an unrelated error
    (a bad date, say) still counts as existing: one mistake, one message.
    References to a kind whose file could not be read are not checked, and a
    note under that file's first error says so.
    Returns, per kind, where each id is declared.
    """
    declared: dict[str, dict[str, tuple[load.Document, tuple[Any, ...]]]] = {
        kind: {} for kind in KINDS}
    names: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    broken: dict[str, list[load.Document]] = defaultdict(list)
    for file, pattern, kind in DECLARATIONS:
        for doc in _docs_for(docs, file):
            if not _complete(doc, pattern):
                broken[kind].append(doc)
            for loc, record in _walk(doc.data, pattern):
                record_id = record.get("id") if isinstance(record, dict) else None
                if not isinstance(record_id, str):
                    continue
                for name_field in _NAMED_BY[kind]:
                    name = record.get(name_field)
                    if isinstance(name, str) and record_id not in names[kind]:
                        names[kind][record_id] = name
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
    skipped: dict[str, set[str]] = defaultdict(set)
    for file, pattern, kind in REFERENCES:
        known = sorted(declared[kind])
        for doc in _docs_for(docs, file):
            for loc, ref in _walk(doc.data, pattern):
                if not isinstance(ref, str) or ref in declared[kind]:
                    continue
                if doc.already_reported(loc):
                    continue
                if broken[kind]:
                    skipped[kind].add(doc.path)
                    continue
                noun, unknown, *_ = KINDS[kind]
                line, column = doc.where(loc)
                odd = invisible(ref)
                if odd and slug(ref) in declared[kind]:
                    problems.add(doc.path, line, column,
                                 f"identifiant « {odd[0]} » ({noun}) : il contient {odd[1]} ; "
                                 f"écrivez {slug(ref)}")
                    continue
                hint = _by_name(kind, ref, names[kind]) or suggest(ref, known)
                if not hint and known and len(known) <= 8:
                    hint = f" ; valeurs possibles : {', '.join(known)}"
                elif not hint:
                    hint = (f" : vérifiez l'identifiant, ou ajoutez d'abord {KINDS[kind][3]} "
                            f"dans {_DECLARED_IN[kind]}")
                problems.add(doc.path, line, column, f"{noun} « {ref} » {unknown}{hint}")
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
        what = [_UNCHECKED[k] for k in KINDS if k in kinds]
        listed = what[0] if len(what) == 1 else f"{', '.join(what[:-1])} et {what[-1]}"
        problems.annotate(path, f"tant que ce fichier a une erreur, les renvois vers {listed} "
                                "de ce fichier ne sont pas vérifiés")
    return declared


def _markdown_patterns(model: type[BaseModel],
                       prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Where ``model`` holds Markdown texts, as :func:`_walk` patterns."""
    found: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        if any(isinstance(m, Markdown) for m in info.metadata):
            found.append((*prefix, name))
            continue
        found.extend(_patterns_in(info.annotation, (*prefix, name)))
    return found


def _patterns_in(annotation: Any, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    if typing.get_origin(annotation) is typing.Annotated:
        if any(isinstance(m, Markdown) for m in annotation.__metadata__):
            return [prefix]
        return []
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _markdown_patterns(annotation, prefix)
    if typing.get_origin(annotation) is list:
        return [p for arg in typing.get_args(annotation) for p in _patterns_in(arg, (*prefix, "*"))]
    return [p for arg in typing.get_args(annotation) for p in _patterns_in(arg, prefix)]


MarkdownCheck = Callable[[str], str | None]
"""Renders a Markdown text; returns a French message if it cannot be rendered."""


def _markdown_texts(doc: load.Document, model: type[BaseModel]
                    ) -> Iterator[tuple[tuple[Any, ...], str]]:
    for pattern in _markdown_patterns(model):
        for loc, text in _walk(doc.data, pattern):
            if isinstance(text, str) and not doc.already_reported(loc):
                yield loc, text


def check_markdown(doc: load.Document, model: type[BaseModel], render: MarkdownCheck,
                   problems: Problems) -> None:
    """Render every Markdown field of ``doc`` once, as the build will, and report each
    field the renderer refuses at its own line."""
    if not doc.readable:
        return
    for loc, text in _markdown_texts(doc, model):
        if not text.strip():
            continue  # the model reports an empty text
        # The model strips texts: rendering the same string lets the pages reuse the result.
        message = render(text.strip())
        if message:
            line, column = doc.where(loc)
            problems.add(doc.path, line, column, message)


def check_placeholders(doc: load.Document, model: type[BaseModel], problems: Problems) -> None:
    """The text ``regard new`` writes for staff to replace must not reach the site."""
    marker = fold(PLACEHOLDER).rstrip(".")
    for loc, text in doc.raw.items():
        if marker not in fold(text) or doc.already_reported(loc):
            continue
        line, column = _placeholder_position(doc, doc.where(loc), marker)
        optional = "" if _is_required(model, loc) else " (ou retirez le champ)"
        problems.add(doc.path, line, column,
                     f"texte à compléter : remplacez « {PLACEHOLDER} » par le vrai "
                     f"texte{optional}")


def _placeholder_position(doc: load.Document, start: tuple[int, int],
                          marker: str) -> tuple[int, int]:
    """The placeholder itself: on the value's line, or on a line of its text below."""
    first, text = _field_text(doc, start)
    offset = fold(text).find(marker)
    if offset < 0:
        return start
    line, column = line_column(text, offset)
    return first + line - 1, column


_FILES_OF_THE_SITE = [
    (("events", "*", "media", "*", "src"), "image"), (("media", "*", "src"), "image"),
    (("events", "*", "resources", "*", "url"), "document"),
    (("organisations", "*", "website"), "page"),
]


def check_files(root: Path, doc: load.Document, problems: Problems) -> None:
    """A path of the site (an image, a document) must name a file in ``content/pages/``."""
    for pattern, what in _FILES_OF_THE_SITE:
        for loc, path in _walk(doc.data, pattern):
            if not isinstance(path, str) or re.match(r"^[a-z][a-z0-9+.-]*:", path, re.I):
                continue
            if doc.already_reported(loc):
                continue
            target = path.split("#")[0].split("?")[0]
            if (root / PAGES_DIR / target).is_file():
                continue
            line, column = doc.where(loc)
            if what == "image":
                message = (f"image « {path} » introuvable : déposez le fichier dans "
                           f"{PAGES_DIR}/{posix_parent(target)} (les chemins d'images partent "
                           f"de {PAGES_DIR}/)")
            else:
                message = (f"fichier « {path} » introuvable dans {PAGES_DIR}/ : déposez-le dans "
                           f"{PAGES_DIR}/{posix_parent(target)}, ou écrivez l'adresse complète "
                           "(https://…)")
            problems.add(doc.path, line, column, message)


GENERATED_PAGES = frozenset({"", "chronologie", "terrains", "glossaire", "comites",
                             "personnes", "organisations", "publications", "donnees",
                             "contribuer"})
"""Pages the generator writes (by their path without « index.md »), besides the page of each
project (terrains/…), person (personnes/…) and article (publications/…/…)."""
GENERATED_FILES = frozenset({"chronologie.atom"})
"""Files the generator writes at the site's root that a text may link to (the open data's
files, under donnees/, depend on the content: any file name there is taken)."""


@dataclass
class SiteIndex:
    """What a link in a YAML text may name: the site's pages and files, and the anchors of
    the generated pages that have them (events, terms)."""

    root: Path
    records: set[str]
    """Pages of records, by path without « .md » (« terrains/chatel »)."""
    unknown: set[str]
    """Sections whose file could not be read: their links are not checked."""
    events: set[str]
    terms: set[str]
    files: dict[str, str] = field(default_factory=dict)
    """Every file of content/pages/ by its path in lower case."""

    def __post_init__(self) -> None:
        pages = self.root / PAGES_DIR
        if pages.is_dir():
            self.files = {path.relative_to(pages).as_posix().lower():
                          path.relative_to(pages).as_posix()
                          for path in pages.rglob("*") if path.is_file()}

    def page_keys(self) -> list[str]:
        written = {f.removesuffix(".md").removesuffix("/index").removesuffix("index")
                   for f in self.files.values() if f.endswith(".md")}
        return sorted(GENERATED_PAGES | self.records | written)


def _close(word: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return found[0] if found else ""


def site_link_problem(index: SiteIndex, attribute: str, written: str) -> str | None:
    """What is wrong with a link (``href``) or an image (``src``) of a YAML text that names a
    path of the site, if anything.

    The text shows on pages of different depths (a summary on the chronology, on a year's
    page, on a person's page), so a link names its page from the site's root, as the
    navigation does."""
    what = "image" if attribute == "src" else "lien"
    target, _, anchor = written.partition("#")
    if written.startswith("//"):
        return (f"{what} « {written} » : une adresse d'un autre site commence par https:// "
                f"(écrivez https:{written})")
    if target.startswith("www."):
        return f"{what} « {written} » : il manque https:// au début ; écrivez https://{written}"
    if not target:
        page = ("chronologie" if anchor in index.events else
                "glossaire" if anchor in index.terms else "la-page")
        return (f"{what} « {written} » : ce texte s'affiche sur plusieurs pages ; écrivez la page "
                f"avant l'ancre, depuis la racine du site (par exemple « {page}/{written} »)")
    if target.startswith(("/", "./", "../")) or "\\" in target:
        fixed = re.sub(r"^(?:\.{1,2}/|/)+", "", target.replace("\\", "/")) or "index.md"
        fixed += f"#{anchor}" if anchor else ""
        return (f"{what} « {written} » : ce texte s'affiche sur des pages de profondeurs "
                "différentes ; écrivez le chemin depuis la racine du site, sans « ../ » ni « / » "
                f"au début : « {fixed} »")
    resolved = site_target(written)
    assert resolved is not None  # a path written from a page is refused above
    kind, path, anchor = resolved
    if kind == "file":
        if path in GENERATED_FILES or index.files.get(path.lower()) == path or \
                re.fullmatch(r"donnees/[^/]+", path):
            return None
        case = index.files.get(path.lower())
        hint = (f" ; attention aux majuscules : le fichier s'écrit « {case} »" if case else
                f" : déposez-le dans {PAGES_DIR}/{posix_parent(path)}")
        return f"{what} « {written} » : fichier introuvable dans {PAGES_DIR}/{hint}"
    key = path.removesuffix(".md").removesuffix("/index").removesuffix("index")
    section = key.partition("/")[0]
    known = (key in GENERATED_PAGES or key in index.records or section in index.unknown
             or f"{key}.md".lower() in index.files or f"{key}/index.md".lower() in index.files)
    if not known:
        near = _close(key, index.page_keys())
        hint = f" ; vouliez-vous écrire « {near}/ » ?" if near else (
            " (les chemins partent de la racine du site : « publications/ », "
            "« glossaire/#ptce », « programme/hypotheses.md »)")
        return f"{what} « {written} » : aucune page du site à ce chemin{hint}"
    if anchor and key == "glossaire" and anchor not in index.terms and "glossaire" not in \
            index.unknown:
        near = _close(anchor, sorted(index.terms))
        return (f"{what} « {written} » : le glossaire n'a pas de terme « {anchor} »"
                + (f" ; vouliez-vous écrire « glossaire/#{near} » ?" if near else ""))
    if anchor and key == "chronologie" and anchor not in index.events and \
            "chronologie" not in index.unknown and not re.fullmatch(r"annee-\d{4}", anchor):
        near = _close(anchor, sorted(index.events))
        return (f"{what} « {written} » : la chronologie n'a pas d'événement « {anchor} »"
                + (f" ; vouliez-vous écrire « chronologie/#{near} » ?" if near else ""))
    return None


def _field_text(doc: load.Document, start: tuple[int, int]) -> tuple[int, str]:
    """The lines a field's value is written on: its first line and their text, from the
    value's column (the lines below it that are indented more than its key)."""
    line, column = start
    first = doc.lines[line - 1]
    indent = len(first) - len(first.lstrip(" -"))
    lines = [" " * (column - 1) + first[column - 1:]]
    for source in doc.lines[line:line + 400]:
        stripped = source.lstrip(" ")
        if stripped and len(source) - len(stripped) <= indent:
            break
        lines.append(source)
    return line, "\n".join(lines)


def check_site_links(doc: load.Document, model: type[BaseModel], index: SiteIndex,
                     problems: Problems) -> None:
    """Each link of a Markdown field that names a path of the site, at the link itself (a
    link written twice, at each of its places)."""
    if not doc.readable:
        return
    for loc, text in _markdown_texts(doc, model):
        try:
            fragment = render_markdown(text.strip())
        except MarkupError:
            continue  # check_markdown reports it
        # Links only: an image's path is the file's own business (hostile text may hold one
        # that names no file; the sanitiser keeps it harmless).
        paths = [(a, w) for a, w in site_paths(fragment) if a == "href"]
        # A link to another site without its scheme: the sanitiser drops it from the page.
        paths += [("href", m.group(1)) for m in re.finditer(r"\]\(\s*(//[^)\s]+)", text)]
        if not paths:
            continue
        first, written_text = _field_text(doc, doc.where(loc))
        told: dict[str, int] = defaultdict(int)
        for attribute, written in paths:
            message = site_link_problem(index, attribute, written)
            if not message:
                continue
            places = link_places(written_text, written) or [0]
            offset = places[min(told[written], len(places) - 1)]
            told[written] += 1
            line, column = line_column(written_text, offset)
            problems.add(doc.path, first + line - 1, column, message)


def posix_parent(path: str) -> str:
    parent = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    return parent


_BACKUP = re.compile(r"(~|\.swp|\.swo|\.swn|\.bak|\.orig|\.tmp)$|^#.*#$|^\.#")


def _project_files(root: Path, problems: Problems) -> list[str]:
    """The project sheets to read; editor backups and folders are ignored with a warning,
    a file with another extension is an error (it was probably meant as a sheet)."""
    folder = root / PROJECTS_DIR
    if not folder.is_dir():
        return []
    sheets = []
    for entry in sorted(folder.iterdir()):
        relative = f"{PROJECTS_DIR}/{entry.name}"
        if _BACKUP.search(entry.name):
            problems.add(relative, 1, 1, "copie de sauvegarde d'un éditeur, ignorée : "
                                         "retirez-la du dépôt", "warning")
        elif entry.is_dir() and not entry.is_symlink():
            if not entry.name.startswith("."):
                problems.add(relative, 1, 1, "dossier ignoré : les fiches terrain sont les "
                                             f"fichiers .yml placés directement dans "
                                             f"{PROJECTS_DIR}/", "warning")
        elif entry.name.startswith("."):
            continue
        elif entry.suffix == ".yml":
            sheets.append(relative)
        elif (folder / f"{entry.stem}.yml").exists():
            problems.add(relative, 1, 1, f"fichier ignoré : seuls les fichiers .yml sont lus "
                                         f"ici, et « {entry.stem}.yml » existe déjà ; retirez "
                                         "celui-ci s'il s'agit d'une copie", "warning")
        else:
            problems.add(relative, 1, 1,
                         "seuls les fichiers .yml sont lus dans ce dossier : renommez-le en "
                         f"« {entry.stem}.yml » (ou retirez-le)")
    return sheets


def load_site(root: Path, *, placeholders_allowed: bool = False,
              markdown: MarkdownCheck | None = None) -> Site:
    """Read, validate and cross-check all content under ``root``.

    Raises :class:`ContentError` with every error found; warnings on valid
    content are in the returned site's ``warnings``. ``placeholders_allowed``
    lets ``regard new`` check its own skeleton, whose text is still to write.
    """
    problems = Problems()
    docs: dict[str, load.Document] = {}
    parsed: dict[str, Any] = {}
    models: dict[str, type[Record]] = {}
    for relative, model in FILE_MODELS.items():
        docs[relative] = doc = load.read(root, relative, problems)
        models[relative] = model
        parsed[relative] = check_model(doc, model, problems)
    projects: list[Project] = []
    for relative in _project_files(root, problems):
        docs[relative] = doc = load.read(root, relative, problems)
        models[relative] = Project
        project = check_model(doc, Project, problems)
        if project is None:
            continue
        stem = relative.rsplit("/", 1)[1].removesuffix(".yml")
        if project.id != stem:
            # Which of the two is meant is unknown: references to projects wait.
            doc.reported.add(("id",))
            line, column = doc.where(("id",))
            problems.add(relative, line, column,
                         f"l'identifiant « {project.id} » doit être le nom du fichier "
                         f"(« {stem} ») : renommez l'un ou l'autre")
        projects.append(project)
    for relative, doc in docs.items():
        if not placeholders_allowed:
            check_placeholders(doc, models[relative], problems)
        check_markdown(doc, models[relative], markdown or render_check, problems)
        check_files(root, doc, problems)
    declared = check_references(docs, problems)
    people: People | None = parsed["content/people.yml"]
    index = _site_index(root, parsed, projects)
    for relative, doc in docs.items():
        check_site_links(doc, models[relative], index, problems)
    if people is not None:
        _warn_similar_names(docs["content/people.yml"], people.people, problems)
    if problems.errors:
        raise ContentError(problems.errors, problems.warnings)

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


def _site_index(root: Path, parsed: dict[str, Any], projects: list[Project]) -> SiteIndex:
    from ..outputs.citations import article_slugs  # citations reads the model this module builds

    people: People | None = parsed["content/people.yml"]
    publications: Publications | None = parsed["content/publications.yml"]
    glossary: Glossary | None = parsed["content/glossary.yml"]
    timeline: Timeline | None = parsed["timeline.yml"]
    records = {f"terrains/{p.id}" for p in projects}
    unknown = set()
    if people is None:
        unknown.add("personnes")
    else:
        records |= {f"personnes/{p.id}" for p in people.people}
    if publications is None:
        unknown.add("publications")
    else:
        records |= {f"publications/{p.id}/{slug}" for p in publications.publications
                    for slug in article_slugs(p)}
    if glossary is None:
        unknown.add("glossaire")
    if timeline is None:
        unknown.add("chronologie")
    return SiteIndex(root, records, unknown,
                     events=set() if timeline is None else {e.id for e in timeline.events},
                     terms=set() if glossary is None else {t.id for t in glossary.terms})


def render_check(text: str) -> str | None:
    """Render a Markdown field as the pages will (the result is cached for them); the
    French message if the Markdown engine cannot. The project index shows a summary's
    first paragraph on its own: that is rendered too."""
    parts = [text]
    if "\n\n" in text:
        parts.append(text.split("\n\n")[0])
    try:
        for part in parts:
            render_markdown(part)
    except MarkupError as exc:
        return str(exc)
    return None


def _warn_similar_names(doc: load.Document, people: list[Person], problems: Problems) -> None:
    """Two people whose names are almost the same are likely one person spelt twice."""
    folded = [fold(p.name) for p in people]
    matcher = difflib.SequenceMatcher(None)
    similar: list[tuple[int, int]] = []
    for b, name_b in enumerate(folded):
        # The matcher indexes the second name once for all the pairs that end with it.
        matcher.set_seq2(name_b)
        for a in range(b):
            name_a = folded[a]
            if name_a != name_b:
                matcher.set_seq1(name_a)
                # The quick ratios are upper bounds of ratio(): most pairs stop there.
                if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85 \
                        or matcher.ratio() < 0.85:
                    continue
            similar.append((a, b))
    for a, b in sorted(similar):
        person_a, person_b = people[a], people[b]
        line, column = doc.where(("people", b, "name"))
        problems.add(doc.path, line, column,
                     f"« {person_b.name} » ressemble beaucoup à « {person_a.name} » "
                     f"({person_a.id}) : s'agit-il de la même personne ?", "warning")
