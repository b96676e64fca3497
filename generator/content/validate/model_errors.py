"""Pydantic's validation errors told as one French message each, at the field's line and
column: an unknown field that is a misspelling (or a French name) of an allowed one, a
missing field, a value of the wrong type with a quoting hint, an empty text."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ...text.slugs import fold_accents
from .. import load
from ..characters import cleaned, described, odd_indexes, shown
from ..model import (
    EMPTY_TEXT,
    Record,
)
from ..problems import Problems
from ..value_checks import check_characters, item_read_as_field, page_message, span_message
from ..vocabulary import field_label

R = TypeVar("R", bound=Record)


# French words staff write for a field, folded (see fold_accents): the field they mean.
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
    french = _FRENCH_FIELDS.get(fold_accents(key).strip())
    if french in allowed:
        return french
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _raw(doc: load.Document, loc: tuple[Any, ...]) -> str | None:
    return doc.raw.get(loc)


def _as_written(value: Any, raw: str | None) -> str:
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
        shown = _as_written(value, raw)
        return (f"{label} : « {shown} » est lu comme oui/non, pas comme un texte ; "
                f"mettez-le entre guillemets : \"{shown}\"")
    if kind == "string_type":
        if isinstance(value, list):
            return f"{label} : texte attendu, pas une liste{_quoting_hint(doc, loc)}"
        if isinstance(value, dict):
            return (f"{label} : texte attendu, pas des champs (nom: valeur)"
                    f"{_quoting_hint(doc, loc)}")
        shown = _as_written(value, raw)
        return (f"{label} : « {shown} » est lu comme un nombre, pas comme un texte ; "
                f"mettez-le entre guillemets : \"{shown}\"")
    if kind == "list_type":
        if isinstance(value, (str, int, float)):
            shown = _as_written(value, raw)
            return (f"{label} : liste attendue : écrivez [{shown}] (ou une ligne « - … » par "
                    "élément)")
        if isinstance(value, dict) and value:
            first = next(iter(value))
            return (f"{label} : liste attendue : « - » manquant devant « {first}: » ; écrivez "
                    f"« - {first}: … » pour commencer chaque élément")
        return f"{label} : liste attendue (une ligne « - … » par élément, ou [a, b])"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        if name == "page" and raw and page_message(raw):
            return page_message(raw)
        if name == "years":
            return (f"{label} : année attendue (par exemple 2023), pas "
                    f"« {_as_written(value, raw)} » ; plusieurs années s'écrivent [2023, 2024]")
        return f"{label} : nombre entier attendu, pas « {_as_written(value, raw)} »"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        inner = _model_at(model, tuple(p for p in loc))
        required = _required_fields(inner) if inner else []
        where = f"élément de {label}" if loc and isinstance(loc[-1], int) else label
        forgotten = _colon_forgotten(inner, value)
        if forgotten:
            return forgotten
        if isinstance(value, (str, int, float)) and len(required) == 1:
            return (f"{where} : champs attendus, pas un texte seul ; écrivez "
                    f"« {required[0]}: {_as_written(value, raw)} »")
        if isinstance(value, (str, int, float)) and required:
            return (f"{where} : champs attendus, pas un texte seul ; écrivez "
                    f"{' et '.join(required)} sur les lignes suivantes, plus indentés")
        fields = f" ({', '.join(required)}…)" if required else ""
        if isinstance(value, list):
            return f"{where} : champs attendus{fields}, pas une liste"
        return f"{where} : champs attendus (nom: valeur){fields}, pas « {_as_written(value, raw)} »"
    return None


def _colon_forgotten(inner: type[BaseModel] | None, value: Any) -> str | None:
    """``- title CR de l'atelier``: a text where fields are expected, whose first word is
    one of them, is a field whose « : » was forgotten."""
    if inner is None or not isinstance(value, str):
        return None
    first, _, rest = value.partition(" ")
    if first not in inner.model_fields or not rest.strip():
        return None
    return f"« : » manquant après « {first} » : écrivez « {first}: {rest.strip()} »"


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
        first = str(key).split(" ", 1)[0]
        if " " in str(key) and first in allowed:
            # « example "Exemple : … » : without its « : », the field's name runs on into
            # its value up to the « : » of the text.
            merged.add((*parent, first))
            problems.add(doc.path, line, column + len(first),
                         f"« : » manquant après « {first} » : écrivez « {first}: »")
            continue
        odd = odd_indexes(str(key))
        if odd and cleaned(str(key)).strip() in allowed:
            # A field name with a character pasted in it: say which, not « mal orthographié ».
            meant = cleaned(str(key)).strip()
            merged.add((*parent, meant))
            problems.add(doc.path, line, column + odd[0],
                         f"champ « {shown(str(key))} » : il contient "
                         f"{described(str(key)[odd[0]], column + odd[0])} ; écrivez "
                         f"« {meant}: »")
            continue
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
        placed = item_read_as_field(doc, loc, error.get("input")) \
            if kind == "string_type" else None
        if placed:
            line, column, message = placed
        elif kind == "missing":
            message = f"champ obligatoire « {name} » ({field_label(name)}) manquant"
        elif empty and (kind == "value_error" or kind in _TYPE_ERRORS):
            message, column = _empty_value(doc, model, loc, name, column)
        elif kind == "value_error":
            raw = _raw(doc, loc)
            message = (span_message(model, loc, raw) if raw else None) or \
                str(error["ctx"]["error"])
        elif kind == "too_short":
            message = f"« {name} » : liste vide ; écrivez au moins un élément"
        elif kind == "greater_than_equal":
            message = (f"« {name} » : « {_as_written(error['input'], _raw(doc, loc))} » trop petit "
                       f"(au moins {error['ctx']['ge']})")
        elif kind == "less_than_equal":
            message = (f"« {name} » : « {_as_written(error['input'], _raw(doc, loc))} » trop grand "
                       f"(au plus {error['ctx']['le']})")
        else:
            message = (_type_message(kind, error, name, doc, loc, model)
                       or f"« {name} » : valeur invalide, pas « "
                          f"{_as_written(error.get('input'), _raw(doc, loc))} »")
        problems.add(doc.path, line, column, message)
        if kind != "missing":
            doc.reported.add(loc)


def is_required(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
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
    elif is_required(model, loc):
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
    check_characters(doc, model, problems)
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
