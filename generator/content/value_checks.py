"""What a value's spelling hides from staff: checks that need to know which field it is in.

YAML accepts these values and the model would accept most of them, but not what staff
meant: a text cut at `` #`` (YAML drops the rest as a comment), an id or a date holding a
character staff cannot see, a text read as fields because of its « : », a span of dates
written in one field. Each gets one message that says what happened and the fix.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..text.slugs import slug
from . import load
from .characters import cleaned, column_in_line, described, odd_indexes, shown
from .dates import PartialDate, suggestion
from .model import ID_PATTERN, Date, MarkdownText, Ref, Text
from .problems import Problems

Loc = tuple[Any, ...]


def _field_annotation(info: Any) -> Any:
    """A pydantic field's type with its validators, as written in the model."""
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


def leaf_type(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type of the value at ``loc`` in ``model`` (``Text``, ``Ref``, ``int``…);
    None where the model has no such place."""
    current: Any = model
    for part in loc:
        current = _without_none(current)
        if typing.get_origin(current) is typing.Annotated:
            current = typing.get_args(current)[0]  # a list's or a record's constraints
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return None
            current = typing.get_args(current)[0]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _field_annotation(info)
    return _without_none(current)


def is_free_text(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the value at ``loc`` is a text staff write in words (a title, a summary)."""
    leaf = leaf_type(model, loc)
    return leaf is not None and leaf in (Text, MarkdownText)


def is_reference(model: type[BaseModel], loc: Loc) -> bool:
    """Whether the value at ``loc`` names another record by its id."""
    leaf = leaf_type(model, loc)
    return leaf is not None and leaf == Ref


def _name_of(loc: Loc) -> str:
    return next((p for p in reversed(loc) if isinstance(p, str)), "")


def quoted_field(loc: Loc, text: str) -> str:
    """How to write ``text`` quoted in its field: ``title: "…"`` or ``- "…"``."""
    value = f"'{text.replace(chr(39), chr(39) * 2)}'" if '"' in text else f'"{text}"'
    return f"- {value}" if isinstance(loc[-1], int) else f"{loc[-1]}: {value}"


def check_comments(doc: load.Document, model: type[BaseModel], problems: Problems) -> None:
    """A text cut by `` #``: YAML drops the rest of the line as a comment (« Comité
    d'innovation #1 » is published « Comité d'innovation »). After an id or in a list of
    ids, a comment is what staff meant, and is left alone."""
    if not doc.readable:
        return
    for loc, (line, column) in sorted(doc.comments.items(), key=lambda item: item[1]):
        if doc.already_reported(loc) or not is_free_text(model, loc):
            continue
        lost = doc.lines[line - 1][column - 1:].rstrip()
        whole = f"{doc.raw[loc]} {lost}"
        problems.add(doc.path, line, column,
                     f"« {_name_of(loc)} » : YAML lit « {lost} » comme un commentaire et "
                     "l'efface du texte ; pour le garder, mettez tout le texte entre "
                     f"guillemets droits : {quoted_field(loc, whole)}")


def check_characters(doc: load.Document, model: type[BaseModel], problems: Problems) -> None:
    """An id, a date, an address or a number holding a character staff cannot see (or
    cannot tell from « - »): one message that names it and its column, and the value
    without it. A reference is checked with the ids it may stand for
    (:func:`generator.validate.check_references`); free text keeps what staff pasted."""
    if not doc.readable:
        return
    for loc, raw in doc.raw.items():
        odd = odd_indexes(raw)
        if (not odd or doc.already_reported(loc) or leaf_type(model, loc) is None
                or is_free_text(model, loc) or is_reference(model, loc)):
            continue
        line, column = doc.where(loc)
        at = column_in_line(doc.lines[line - 1], raw, column, odd[0]) or column
        what = described(raw[odd[0]], at)
        name = _name_of(loc)
        if name == "id":
            message = (f"identifiant « {shown(raw)} » invalide : il contient {what} ; écrivez "
                       f"« {slug(cleaned(raw))} »")
        else:
            message = (f"« {name} » : caractère invisible ou trompeur dans « {shown(raw)} » : "
                       f"{what} ; écrivez {cleaned(raw).strip()}")
        problems.add(doc.path, line, at, message)
        doc.reported.add(loc)


def reference_character(doc: load.Document, loc: Loc, ref: str) -> tuple[int, str] | None:
    """The column of the first odd character of a reference, and « une espace insécable
    (U+00A0, 26e caractère de la ligne)… »; None if it has none."""
    odd = odd_indexes(ref)
    if not odd:
        return None
    line, column = doc.where(loc)
    at = column_in_line(doc.lines[line - 1], ref, column, odd[0]) if doc.lines else None
    return at or column, described(ref[odd[0]], at)


def missing_comma(doc: load.Document, loc: Loc, ref: str,
                  known: set[str]) -> tuple[int, str] | None:
    """``[ideal-type piliers-ect, figures-ect]``: ids joined by a space are one unknown id
    to YAML. The column of the space, and the fix."""
    parts = ref.split()
    if len(parts) < 2 or not all(ID_PATTERN.match(p) for p in parts) or \
            not any(p in known for p in parts):
        return None
    line, column = doc.where(loc)
    text = doc.lines[line - 1] if doc.lines else ""
    at = text.find(ref, column - 1)
    space = (at + len(parts[0]) + 1) if at >= 0 else column
    in_block = text[:column - 1].rstrip().endswith("-")
    fix = ("écrivez chacun sur sa ligne, après « - »" if in_block
           else f"écrivez {', '.join(parts)}")
    return space, f"virgule manquante entre « {parts[0]} » et « {parts[1]} » : {fix}"


_SPAN = re.compile(r"^(?:du |de )?(?P<start>.+?)\s*(?:\s(?:à|au|-|jusqu'à|jusqu'en)\s|[–—/])\s*"
                   r"(?P<end>.+)$", re.IGNORECASE)


def _as_date(text: str) -> str | None:
    text = text.strip()
    try:
        return PartialDate.parse(text).iso()
    except ValueError:
        return suggestion(text)


def date_span(raw: str) -> tuple[str, str] | None:
    """``2024-03 à 2024-08`` (or « mars 2024 – août 2024 ») as its two dates, ISO."""
    found = _SPAN.match(raw.strip())
    if not found:
        return None
    start, end = _as_date(found["start"]), _as_date(found["end"])
    return (start, end) if start and end else None


def span_message(model: type[BaseModel], loc: Loc, raw: str) -> str | None:
    """The fix for a span written in one date field: the start there and the end in
    ``end:``, or the start alone where the record has no end."""
    span = date_span(raw) if leaf_type(model, loc) == Date else None
    if span is None:
        return None
    name = _name_of(loc)
    start, end = span
    holder = leaf_type(model, loc[:-1]) if loc else None
    has_end = isinstance(holder, type) and issubclass(holder, BaseModel) and \
        "end" in holder.model_fields and name != "end"
    if has_end:
        return (f"« {name} » : « {raw} » est une période ; écrivez le début dans « {name} » et "
                f"la fin dans « end » : {name}: {start} puis, à la ligne suivante, end: {end}")
    return (f"« {name} » : « {raw} » est une période, et ce champ prend une seule date ; "
            f"écrivez la première : {name}: {start}")


_PAGE_SPAN = re.compile(r"^(?:p\.?|pages?)?\s*(?P<first>\d+)\s*(?:-|–|—|à)\s*\d+$",
                        re.IGNORECASE)
_PAGE = re.compile(r"^(?:p\.?|pages?)\s*(?P<first>\d+)$", re.IGNORECASE)


def page_message(raw: str) -> str | None:
    """``page: 8-11`` or ``page: p. 8``: the page an article starts on is one number."""
    span = _PAGE_SPAN.match(raw.strip())
    if span:
        return (f"« page » : « {raw} » est une plage de pages ; écrivez la première page "
                f"seule : page: {span['first']}")
    single = _PAGE.match(raw.strip())
    if single:
        return f"« page » : écrivez le numéro seul : page: {single['first']}"
    return None


def item_read_as_field(doc: load.Document, loc: Loc, value: Any) -> tuple[int, int, str] | None:
    """A list item whose text holds « : » followed by a space is read as a field
    (``- Premier constat : la coopération…``): the same fix as in any other text."""
    if not loc or not isinstance(loc[-1], int) or not isinstance(value, dict) or len(value) != 1:
        return None
    key = next(iter(value))
    line, column = doc.keys.get((*loc, key), doc.where(loc))
    text = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    colon = text.find(":", column - 1 + len(str(key)))
    if colon < 0:
        return None
    return (line, colon + 1, "« : » suivi d'une espace dans un texte : YAML y voit un champ ; "
                             "mettez tout le texte entre guillemets droits (- \"…\")")
