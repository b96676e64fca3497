"""Checks of single fields: Markdown the engine cannot render, the placeholder text that
``regard new`` writes, paths of the site that must name a file of ``content/pages/``."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ...text.markup import (
    line_column,
)
from ...text.slugs import fold_accents
from .. import load
from ..model import (
    PAGES_DIR,
    PLACEHOLDER,
    Markdown,
    Record,
)
from ..problems import Problems
from .model_errors import is_required
from .references import walk


def _markdown_patterns(model: type[BaseModel],
                       prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Where ``model`` holds Markdown texts, as :func:`walk` patterns."""
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


def markdown_texts(doc: load.Document, model: type[BaseModel]
                    ) -> Iterator[tuple[tuple[Any, ...], str]]:
    for pattern in _markdown_patterns(model):
        for loc, text in walk(doc.data, pattern):
            if isinstance(text, str) and not doc.already_reported(loc):
                yield loc, text


def check_markdown(doc: load.Document, model: type[BaseModel], render: MarkdownCheck,
                   problems: Problems) -> None:
    """Render every Markdown field of ``doc`` once, as the build will, and report each
    field the renderer refuses at its own line."""
    if not doc.readable:
        return
    for loc, text in markdown_texts(doc, model):
        if not text.strip():
            continue  # the model reports an empty text
        # The model strips texts: rendering the same string lets the pages reuse the result.
        message = render(text.strip())
        if message:
            line, column = doc.where(loc)
            problems.add(doc.path, line, column, message)


def check_placeholders(doc: load.Document, model: type[BaseModel], problems: Problems) -> None:
    """The text ``regard new`` writes for staff to replace must not reach the site."""
    marker = fold_accents(PLACEHOLDER).rstrip(".")
    for loc, text in doc.raw.items():
        if marker not in fold_accents(text) or doc.already_reported(loc):
            continue
        line, column = _placeholder_position(doc, doc.where(loc), marker)
        optional = "" if is_required(model, loc) else " (ou retirez le champ)"
        problems.add(doc.path, line, column,
                     f"texte à compléter : remplacez « {PLACEHOLDER} » par le vrai "
                     f"texte{optional}")


def _placeholder_position(doc: load.Document, start: tuple[int, int],
                          marker: str) -> tuple[int, int]:
    """The placeholder itself: on the value's line, or on a line of its text below."""
    first, text = field_text(doc, start)
    offset = fold_accents(text).find(marker)
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
        for loc, path in walk(doc.data, pattern):
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


def field_text(doc: load.Document, start: tuple[int, int]) -> tuple[int, str]:
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


def posix_parent(path: str) -> str:
    parent = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
    return parent
