"""Read YAML into plain Python data, keeping the line and column of every value.

PyYAML's composer gives nodes with positions; this module turns them into
dicts, lists and scalars itself, so that it can refuse what staff should
never meet silently: duplicate keys, YAML 1.1 booleans (``NO``, ``on``) turned
into ``False``, dates turned into ``datetime``, ``!!python/…`` tags and
unbounded alias expansion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

Key = str | int
Location = tuple[int, int]
"""1-based (line, column)."""

MAX_ALIAS_VALUES = 10_000
"""Values that aliases may copy in one file: a "billion laughs" file stops here, while a
file of any size without aliases is never limited."""

_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq|timestamp)$")
_TRUE_FALSE = {"true": True, "false": False}


@dataclass
class Document:
    """One YAML file's data and where each value and key stands in it."""

    path: str
    data: Any
    values: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    keys: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    readable: bool = True
    """False when the file could not be read or parsed (its data is then None)."""

    def where(self, loc: tuple[Key, ...], *, key: bool = False) -> Location:
        """Position of the value (or key) at ``loc``, else of its nearest parent."""
        table = self.keys if key else self.values
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


class _TooLarge(Exception):
    pass


class _Builder:
    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.seen: set[int] = set()
        self.copied = 0

    def error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.add(self.doc.path, mark.line + 1, mark.column + 1, message)

    def build(self, node: yaml.Node, loc: tuple[Key, ...], copying: bool = False) -> Any:
        # A node met twice is an alias: everything under it is a copy, and copies are bounded.
        copying = copying or id(node) in self.seen
        self.seen.add(id(node))
        if copying:
            self.copied += 1
            if self.copied > MAX_ALIAS_VALUES:
                raise _TooLarge
        self.doc.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not _STANDARD_TAG.match(node.tag):
            self.error(node, f"étiquette YAML « {_short_tag(node.tag)} » refusée : "
                             "n'écrivez que du texte, des nombres, des listes et des champs")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, copying)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), copying) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode, loc: tuple[Key, ...],
                copying: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "un nom de champ doit être un simple mot")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "la fusion YAML « << » n'est pas prise en charge : "
                                     "recopiez les champs")
                continue
            if key in first_seen:
                self.error(key_node, f"champ « {key} » en double (déjà défini ligne "
                                     f"{first_seen[key]}) : gardez-en un seul")
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.keys[(*loc, key)] = (key_node.start_mark.line + 1,
                                          key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), copying)
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        if node.style is not None or node.tag.endswith(":str"):
            return value
        kind = node.tag.rsplit(":", 1)[-1]
        if kind == "null":
            return None
        if kind == "int":
            try:
                return int(value.replace("_", ""), 0) if value[:2].lower() in {"0x", "0o"} \
                    else int(value.replace("_", ""))
            except ValueError:
                return value
        if kind == "float":
            try:
                return float(value)
            except ValueError:
                return value
        if kind == "bool":
            # YAML 1.1 reads NO, yes, on, off as booleans; only true/false are.
            return _TRUE_FALSE.get(value.lower(), value)
        return value  # timestamps stay text: dates are parsed by the model


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


_TRANSLATIONS = [
    ("found character '\\t' that cannot start any token",
     "tabulation interdite : indentez avec des espaces"),
    ("found a tab character", "tabulation interdite : indentez avec des espaces"),
    ("mapping values are not allowed here",
     "« : » inattendu : mettez le texte entre guillemets ou vérifiez l'indentation"),
    ("could not find expected ':'", "« : » attendu après le nom du champ"),
    ("found undefined alias", "alias YAML inconnu"),
    ("found duplicate anchor", "ancre YAML en double"),
    ("expected <block end>, but found", "indentation incohérente"),
    ("did not find expected key", "indentation incohérente ou champ mal formé"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("did not find expected '-' indicator", "élément de liste « - » attendu"),
    ("found unknown escape character", "caractère d'échappement inconnu dans le texte"),
    ("found unexpected ':'", "« : » inattendu"),
]


def _translate(problem: str | None) -> str:
    text = problem or ""
    for english, french in _TRANSLATIONS:
        if english in text:
            return french
    return f"YAML invalide ({text})"


def parse(text: str, path: str, problems: Problems) -> Document:
    """Parse one YAML text. Syntax errors go to ``problems``; data is None then."""
    doc = Document(path=path, data=None)
    if "\t" in text:
        for number, row in enumerate(text.splitlines(), start=1):
            indent = row[: len(row) - len(row.lstrip(" \t"))]
            if "\t" in indent:
                problems.add(path, number, indent.index("\t") + 1,
                             "tabulation interdite dans l'indentation : utilisez des espaces")
                doc.readable = False
                return doc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.add(path, line, column, _translate(exc.problem))
        doc.readable = False
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        problems.add(path, 1, 1, f"YAML invalide ({exc})")
        doc.readable = False
        return doc
    if node is None:
        return doc
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(node, ())
    except (_TooLarge, RecursionError):
        problems.add(path, 1, 1, f"les alias YAML (*nom) de ce fichier recopient plus de "
                                 f"{MAX_ALIAS_VALUES} valeurs : n'utilisez pas d'alias")
        doc.data = None
        doc.readable = False
    return doc


def read(root: Path, relative: str, problems: Problems) -> Document:
    """Read and parse ``root / relative``; a missing or non-UTF-8 file is a problem."""
    try:
        text = (root / relative).read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(relative, 1, 1, "fichier introuvable")
        return Document(path=relative, data=None, readable=False)
    except UnicodeDecodeError as exc:
        problems.add(relative, 1, 1, f"le fichier n'est pas en UTF-8 (octet {exc.start})")
        return Document(path=relative, data=None, readable=False)
    return parse(text, relative, problems)
