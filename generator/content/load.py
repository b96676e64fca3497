"""Read YAML into plain Python data, keeping the line and column of every value.

PyYAML's composer gives nodes with positions; this module turns them into
dicts, lists and scalars itself, so that it can refuse what staff should
never meet silently: duplicate keys, YAML 1.1 booleans (``NO``, ``on``) turned
into ``False``, dates turned into ``datetime``, ``!!python/…`` tags and
unbounded alias expansion.

Files are composed with libyaml (``CSafeLoader``), which gives the same line and
column on every node as the pure-Python loader, many times faster. Only when a
file does not parse is it parsed again with the pure-Python loader, whose
diagnosis :mod:`generator.content.syntax` turns into one French message at the place
where the person made the mistake.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems
from .syntax import explain

Key = str | int
Location = tuple[int, int]
"""1-based (line, column)."""

MAX_ALIAS_VALUES = 10_000
"""Values that aliases may copy in one file: a "billion laughs" file stops here, while a
file of any size without aliases is never limited."""

MAX_DEPTH = 50
"""Nesting a content file may have; the deepest real one has 6 levels. Deeper nesting
(10,000 ``[``) is a mistake, and would exhaust Python's stack."""

_COMMENT = re.compile(r"[ \t]+#")
_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|map|seq|timestamp)$")
_TRUE_FALSE = {"true": True, "false": False}

# Characters PyYAML refuses, and the line separators it counts as line breaks where
# editors do not (they would shift every line number after them).
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                        "\U00010000-\U0010ffff]")


@dataclass
class Document:
    """One YAML file's data and where each value and key stands in it."""

    path: str
    data: Any
    values: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    keys: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    raw: dict[tuple[Key, ...], str] = field(default_factory=dict)
    """Each scalar as it is written in the file (``true``, ``0x1F``, ``3.10``)."""
    lines: list[str] = field(default_factory=list)
    """The file's lines, for messages that look at how a value is written."""
    comments: dict[tuple[Key, ...], Location] = field(default_factory=dict)
    """Unquoted values followed on their line by `` #``: where the ``#`` is. YAML reads
    what follows as a comment and drops it; whether that lost part of a text depends on
    the field, which validation knows."""
    reported: set[tuple[Key, ...]] = field(default_factory=set)
    """Places already reported while reading: nothing under them is reported again."""
    readable: bool = True
    """False when the file could not be read or parsed (its data is then None)."""
    complete: bool = True
    """False when records were lost while reading (a « - » forgotten before one)."""

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

    def already_reported(self, loc: tuple[Key, ...]) -> bool:
        return any(loc[:end] in self.reported for end in range(len(loc) + 1))


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Builder:
    def __init__(self, doc: Document, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems
        self.seen: set[int] = set()
        self.copied = 0

    def error(self, node: yaml.Node, message: str) -> None:
        mark = node.start_mark
        self.problems.add(self.doc.path, mark.line + 1, mark.column + 1, message)

    def build(self, node: yaml.Node, loc: tuple[Key, ...], copying: bool = False,
              in_list: bool = False) -> Any:
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node)
        # A node met twice is an alias: everything under it is a copy, and copies are bounded.
        copying = copying or id(node) in self.seen
        self.seen.add(id(node))
        if copying:
            self.copied += 1
            if self.copied > MAX_ALIAS_VALUES:
                raise _TooLarge
        self.doc.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if not _STANDARD_TAG.match(node.tag):
            tag = _short_tag(node.tag)
            hint = (f" ; un texte qui commence par « {tag[0]} » se met entre guillemets"
                    if tag.startswith("!") and not tag.startswith("!!") else "")
            self.error(node, f"étiquette YAML « {tag} » refusée : n'écrivez que du texte, des "
                             f"nombres, des listes et des champs{hint}")
            self.doc.reported.add(loc)
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, copying, in_list)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), copying, in_list=True)
                    for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self.doc.raw[loc] = node.value
        if not node.style:
            self.comment_after(node, loc)
        return self.scalar(node)

    def comment_after(self, node: yaml.ScalarNode, loc: tuple[Key, ...]) -> None:
        end = node.end_mark
        if end.line >= len(self.doc.lines) or "#" not in self.doc.lines[end.line]:
            return
        after = _COMMENT.match(self.doc.lines[end.line], end.column)
        if after:
            self.doc.comments[loc] = (end.line + 1, after.end())

    def mapping(self, node: yaml.MappingNode, loc: tuple[Key, ...], copying: bool,
                in_list: bool) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        duplicates: list[yaml.Node] = []
        first_key = None
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "un nom de champ doit être un simple mot")
                self.doc.reported.add(loc)
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "la fusion YAML « <<: » n'est pas prise en charge : "
                                     "recopiez les champs eux-mêmes")
                self.doc.reported.add(loc)
                continue
            if first_key is None:
                first_key = key
            if key in first_seen:
                duplicates.append(key_node)
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.keys[(*loc, key)] = (key_node.start_mark.line + 1,
                                          key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), copying)
        if duplicates:
            self.duplicates(duplicates, first_key, first_seen, in_list)
        return result

    def duplicates(self, duplicates: list[yaml.Node], first_key: str | None,
                   first_seen: dict[str, int], in_list: bool) -> None:
        first = duplicates[0]
        if in_list and (first.value == first_key or len(duplicates) > 1):
            # The record's own fields again, at the same indent: a « - » was forgotten and
            # two records were read as one. One message; the second record is lost.
            self.error(first, f"« - » manquant : « {first.value}: » commence un nouvel élément "
                              f"de la liste (le précédent commence ligne "
                              f"{first_seen[first_key or first.value]}) ; écrivez "
                              f"« - {first.value}: … » aligné sur les « - » des autres "
                              "éléments")
            self.doc.complete = False
            return
        for node in duplicates:
            self.error(node, f"champ « {node.value} » en double (déjà défini ligne "
                             f"{first_seen[node.value]}) : gardez-en un seul")

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        # libyaml marks a plain scalar with style '' where the pure loader uses None.
        if node.style or node.tag.endswith(":str"):
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


def position(text: str, index: int) -> Location:
    """1-based line and column of ``text[index]``, counted as editors count them."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _forbidden_character(text: str, path: str, problems: Problems) -> bool:
    found = _FORBIDDEN.search(text)
    if not found:
        return False
    char = found.group()
    line, column = position(text, found.start())
    code = f"U+{ord(char):04X}"
    if char == "\0":
        message = (f"caractère nul ({code}) : le fichier est abîmé ou n'est pas un texte ; "
                   "supprimez ce caractère invisible")
    elif char in "\x85\u2028\u2029":
        message = (f"séparateur de ligne invisible ({code}), souvent collé depuis une page web "
                   "ou un traitement de texte : supprimez-le (placez le curseur juste avant et "
                   "effacez)")
    else:
        message = (f"caractère de contrôle invisible ({code}), souvent collé depuis un "
                   "traitement de texte : supprimez-le (placez le curseur juste avant et "
                   "effacez)")
    problems.add(path, line, column, message)
    return True


def parse(text: str, path: str, problems: Problems) -> Document:
    """Parse one YAML text. Syntax errors go to ``problems``; data is None then."""
    doc = Document(path=path, data=None, lines=text.replace("\r\n", "\n").split("\n"))
    if _forbidden_character(text, path, problems):
        doc.readable = False
        return doc
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as fast_error:
        if "nesting depth" in str(fast_error):
            # libyaml stops at 1,000 levels; the pure loader would exhaust Python's stack.
            problems.add(path, *_deepest(text), _too_deep())
            doc.readable = False
            return doc
        try:
            # libyaml's messages are English and sometimes placed elsewhere: the pure
            # loader's diagnosis is the one explained; where it accepts the text, its
            # nodes are as good.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            line, column, message = explain(text, exc)
            problems.add(path, line, column, message)
            doc.readable = False
            return doc
        except RecursionError:
            problems.add(path, *_deepest(text), _too_deep())
            doc.readable = False
            return doc
        except yaml.YAMLError:  # pragma: no cover - the pure loader marks its errors
            problems.add(path, 1, 1, "YAML illisible : vérifiez l'indentation, les « : » "
                                     "et les guillemets")
            doc.readable = False
            return doc
    if node is None:
        return doc
    builder = _Builder(doc, problems)
    try:
        doc.data = builder.build(node, ())
    except _TooDeep as deep:
        mark = deep.node.start_mark
        line_text = doc.lines[mark.line] if mark.line < len(doc.lines) else ""
        opening = min((i for i in (line_text.find("["), line_text.find("{")) if i >= 0),
                      default=mark.column)
        problems.add(path, mark.line + 1, opening + 1, _too_deep())
        doc.data = None
        doc.readable = False
    except _TooLarge:
        problems.add(path, 1, 1, f"les alias YAML (*nom) de ce fichier recopient plus de "
                                 f"{MAX_ALIAS_VALUES} valeurs : n'utilisez pas d'alias")
        doc.data = None
        doc.readable = False
    return doc


def _deepest(text: str) -> Location:
    """Where brackets first nest deeper than :data:`MAX_DEPTH`: the line, and the first
    bracket opened on it (quotes are ignored: this is only asked of a text that nests far
    too deep)."""
    depth = 0
    for index, char in enumerate(text):
        depth += 1 if char in "[{" else -1 if char in "]}" else 0
        if depth > MAX_DEPTH:
            line, _ = position(text, index)
            line_start = text.rfind("\n", 0, index) + 1
            line_text = text[line_start:index + 1]
            first = min(i for i in (line_text.find("["), line_text.find("{")) if i >= 0)
            return line, first + 1
    return 1, 1


def _too_deep() -> str:
    return (f"trop de niveaux imbriqués (plus de {MAX_DEPTH}) : vérifiez les crochets « [ » "
            "et les accolades « { » de cette ligne")


_OS_ERRORS = {
    errno.EACCES: "fichier illisible : droits d'accès insuffisants (vérifiez ses permissions)",
    errno.EPERM: "fichier illisible : droits d'accès insuffisants (vérifiez ses permissions)",
    errno.ELOOP: "lien symbolique qui renvoie à lui-même : remplacez-le par le fichier",
    errno.EISDIR: "c'est un dossier, pas un fichier YAML",
    errno.ENOENT: "fichier introuvable",
    errno.ENOTDIR: "fichier introuvable (un élément du chemin n'est pas un dossier)",
}


def _os_message(exc: OSError) -> str:
    return _OS_ERRORS.get(exc.errno or 0, f"fichier illisible (erreur système n° {exc.errno})")


def encoding_message(data: bytes, exc: UnicodeDecodeError) -> tuple[int, int, str]:
    """Where a file that is not UTF-8 stops being readable, and what to do, in French."""
    start = exc.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1, 1, ("le fichier est enregistré en UTF-16 : enregistrez-le en UTF-8 "
                      "(« Enregistrer sous… », codage UTF-8)")
    return line, column, (f"caractère illisible (octet 0x{data[start]:02X}) : le fichier n'est "
                          "pas enregistré en UTF-8 (peut-être en Windows-1252 ou Latin-1) ; "
                          "enregistrez-le en UTF-8 (« Enregistrer sous… », codage UTF-8)")


def read(root: Path, relative: str, problems: Problems) -> Document:
    """Read and parse ``root / relative``; every way of failing is one French problem."""
    unreadable = Document(path=relative, data=None, readable=False)
    path = root / relative
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        problems.add(relative, 1, 1, _OS_ERRORS[errno.ELOOP])
        return unreadable
    except OSError as exc:
        problems.add(relative, 1, 1, _os_message(exc))
        return unreadable
    if path.is_symlink() and not target.is_relative_to(root.resolve()):
        problems.add(relative, 1, 1, "lien symbolique vers un fichier hors du dépôt : "
                                     "remplacez-le par le fichier lui-même")
        return unreadable
    if target.is_dir():
        problems.add(relative, 1, 1, f"« {relative} » est un dossier, pas un fichier YAML : "
                                     "retirez-le ou renommez-le")
        return unreadable
    try:
        data = target.read_bytes()
    except OSError as exc:
        problems.add(relative, 1, 1, _os_message(exc))
        return unreadable
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.add(relative, *encoding_message(data, exc))
        return unreadable
    return parse(text, relative, problems)
