"""Where a record is cited: its id in the YAML files, links to its page or its anchor in
the YAML texts and in the hand-written pages. Each place is found in the file's own text
(with its offsets), so that the maintainer commands change exactly those characters.

The YAML files are composed (not loaded) with PyYAML's pure-Python loader, whose marks are
offsets in characters of the text as read, line endings included.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.model import PAGES_DIR, PROJECTS_DIR
from ..content.validate.references import DECLARATIONS, REFERENCES
from ..text import urls

ANCHOR_PAGES: dict[str, str] = {
    "event": urls.CHRONOLOGY, "term": urls.GLOSSARY, "committee": urls.COMMITTEES,
    "organisation": urls.ORGANISATIONS, "publication": urls.PUBLICATIONS,
    "project": urls.PROJECTS,
}
"""The list page where a record of each kind has its anchor, the record's id."""

OWN_PAGES: dict[str, tuple[str, int]] = {
    "person": (urls.PEOPLE_DIR, 0), "project": (urls.PROJECTS_DIR, 0),
    "publication": (urls.PUBLICATIONS_DIR, 1),
}
"""The folder of the pages a record of each kind has, and how many path segments follow its
id there (an article's page is ``publications/<id>/<article>``)."""


def read_text(path: Path) -> str:
    """A file's text exactly as stored: line endings are not translated."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def content_files(root: Path) -> list[str]:
    """The YAML files of the content, relative to ``root``."""
    files = [file for file, _, _ in DECLARATIONS if file != PROJECTS_DIR]
    folder = root / PROJECTS_DIR
    sheets = sorted(f"{PROJECTS_DIR}/{p.name}" for p in folder.glob("*.yml")) \
        if folder.is_dir() else []
    return [*dict.fromkeys(files), *sheets]


def page_files(root: Path) -> list[str]:
    """The hand-written Markdown pages, relative to ``root``."""
    folder = root / PAGES_DIR
    return sorted(p.relative_to(root).as_posix() for p in folder.rglob("*.md")) \
        if folder.is_dir() else []


@dataclass(frozen=True)
class Place:
    """One place in a file that cites a record."""

    path: str
    """File, relative to the content's root."""
    start: int
    """Offset, in characters, of the characters to change."""
    end: int
    replacement_of: str
    """The text between ``start`` and ``end``."""
    what: str
    """What the place is, in French: a field (« people ») or « lien ».."""
    item: tuple[int, int] | None = None
    """For an id that is an item of a list of ids: the characters to remove with it (the
    item and its separator, or its whole line); None for any other place."""
    alone: tuple[int, int] | None = None
    """For the only item of a list: the whole field to remove with it, or (-1, -1) when the
    record needs that field (an event's categories, the people of a seat that has no
    organisation)."""


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text (None if it is empty)."""
    # The pure-Python loader: its marks are offsets in this very str.
    return yaml.compose(text, Loader=yaml.SafeLoader)


@dataclass(frozen=True)
class Found:
    """A node met on a path, with what holds it."""

    node: yaml.Node
    items: yaml.SequenceNode | None
    """The list the node is an item of, if it is one."""
    key: str
    """The last key on the way."""
    owner: yaml.MappingNode | None
    """The mapping whose field holds the node (or its list)."""
    key_node: yaml.ScalarNode | None


def _walk(node: yaml.Node, pattern: tuple[str, ...]) -> Iterator[Found]:
    """Nodes at ``pattern`` (« * »: every item of a list), with what holds each."""
    if not pattern:
        yield Found(node, None, "", None, None)
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                for found in _walk(item, rest):
                    yield found if rest else Found(found.node, node, "", None, None)
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == head:
                for found in _walk(value, rest):
                    yield found if found.key else Found(found.node, found.items, head, node, key)


def scalar_span(node: yaml.ScalarNode) -> tuple[int, int]:
    """The characters of a scalar's value, inside its quotes if it has them."""
    start, end = node.start_mark.index, node.end_mark.index
    return (start + 1, end - 1) if node.style in ("'", '"') else (start, end)


def _item_span(text: str, holder: yaml.SequenceNode, node: yaml.Node) -> tuple[int, int]:
    """What to remove with one item of a list: in ``[a, b]``, the item and one comma beside
    it; in a list written one item per line, the item's whole line."""
    index = holder.value.index(node)
    start, end = node.start_mark.index, node.end_mark.index
    if holder.flow_style:
        if index + 1 < len(holder.value):
            return start, holder.value[index + 1].start_mark.index
        previous = holder.value[index - 1]
        return previous.end_mark.index, end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end + 1


def field_span(text: str, key: yaml.ScalarNode, value: yaml.Node) -> tuple[int, int]:
    """A field's whole lines, from its key's line to its value's last line."""
    start = text.rfind("\n", 0, key.start_mark.index) + 1
    end = text.find("\n", value.end_mark.index - 1 if value.end_mark.column == 0
                    else value.end_mark.index)
    return start, len(text) if end < 0 else end + 1


def id_places(path: str, text: str, kind: str, record_id: str) -> list[Place]:
    """Where ``path`` names the record ``kind``/``record_id`` by its id, outside its own
    declaration."""
    root = compose(text)
    if root is None:
        return []
    file = PROJECTS_DIR if path.startswith(PROJECTS_DIR + "/") else path
    places = []
    for ref_file, pattern, ref_kind in REFERENCES:
        if ref_file != file or ref_kind != kind:
            continue
        for found in _walk(root, pattern):
            node = found.node
            if not isinstance(node, yaml.ScalarNode) or node.value != record_id:
                continue
            start, end = scalar_span(node)
            item = alone = None
            if found.items is not None:
                item = _item_span(text, found.items, node)
                if len(found.items.value) == 1 and found.key_node is not None:
                    # The list's only item: the whole field goes with it, if the record
                    # stands without the field.
                    alone = _field_removal(text, found) if _optional(found) else (-1, -1)
            places.append(Place(path, start, end, text[start:end], found.key, item, alone))
    return places


def _field_removal(text: str, found: Found) -> tuple[int, int]:
    """What to remove to take a field out of its mapping: its lines, or, for the first
    field of a list item (« - people: [a] »), up to the next field, which takes its place
    after the « - »."""
    key = found.key_node
    assert key is not None and found.items is not None and found.owner is not None
    line_start = text.rfind("\n", 0, key.start_mark.index) + 1
    if not text[line_start:key.start_mark.index].strip():
        return field_span(text, key, found.items)
    keys = [k for k, _ in found.owner.value]
    after = keys.index(key) + 1
    return (key.start_mark.index, keys[after].start_mark.index) if after < len(keys) \
        else (-1, -1)


def _optional(found: Found) -> bool:
    """Whether the record stands without the field that holds ``found``: an event needs a
    category, a committee seat someone."""
    if found.key == "categories":
        return False
    if found.owner is not None:
        fields = {k.value for k, _ in found.owner.value if isinstance(k, yaml.ScalarNode)}
        # A mapping without an id is a committee seat.
        return "id" in fields or found.key != "people" or "organisation" in fields
    return True


def declaration(text: str, path: str, kind: str, record_id: str
                ) -> tuple[yaml.MappingNode, yaml.SequenceNode | None] | None:
    """The record ``kind``/``record_id`` declared in ``text``, and the list that holds it."""
    root = compose(text)
    if root is None:
        return None
    file = PROJECTS_DIR if path.startswith(PROJECTS_DIR + "/") else path
    for declared_file, pattern, declared_kind in DECLARATIONS:
        if declared_file != file or declared_kind != kind:
            continue
        for found in _walk(root, pattern):
            node = found.node
            if isinstance(node, yaml.MappingNode) and any(
                    isinstance(k, yaml.ScalarNode) and k.value == "id"
                    and isinstance(v, yaml.ScalarNode) and v.value == record_id
                    for k, v in node.value):
                return node, found.items
    return None


# A link's target where Markdown or HTML writes it: inline « ](…) », a reference
# « [x]: … », an attribute « href="…" ».
_TARGET = re.compile(r"""(?:\]\(\s*<?|^[ \t]*\[[^\]\n]+\]:[ \t]*<?|href=["'])"""
                     r"""(?P<target>[^\s)"'<>]+)""", re.M)


def _page_key(path: str) -> list[str]:
    """A page's address as segments: « personnes/a.md », « personnes/a/ » and
    « personnes/a/index.md » are all ``["personnes", "a"]``."""
    path = path.removesuffix(".md") if path.endswith(".md") else path.rstrip("/")
    parts = [p for p in path.split("/") if p]
    return parts[:-1] if parts and parts[-1] == "index" else parts


def retarget(written: str, base: str | None, kind: str, old: str, new: str) -> str | None:
    """``written`` (a link's target) pointing at ``new`` instead of ``old`` when it points at
    the record ``kind``/``old`` (its page, or its anchor on its list page); None when it does
    not. ``base`` is the hand-written page the link is written in (relative to the pages'
    folder); None for a YAML text, whose links are written from the site's root."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", written, re.I):
        return None
    address, hash_mark, anchor = written.partition("#")
    path, query_mark, query = address.partition("?")
    if not path:
        return None
    if base is None:
        resolved = path
        if resolved.startswith(("/", "./", "../")):
            return None
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
        if resolved.startswith(".."):
            return None
    key = _page_key(resolved)
    if hash_mark and anchor == old and kind in ANCHOR_PAGES \
            and key == _page_key(ANCHOR_PAGES[kind]):
        return f"{address}#{new}"
    folder = OWN_PAGES.get(kind)
    if folder is None or len(key) != 2 + folder[1] or [key[0]] != _page_key(folder[0]) \
            or key[1] != old:
        return None
    segments = path.split("/")
    trailing: list[str] = []
    while segments and segments[-1] in ("", "index.md", "index"):
        trailing.insert(0, segments.pop())
    at = len(segments) - 1 - folder[1]
    if at < 0 or segments[at] not in (old, f"{old}.md"):
        return None
    segments[at] = new + segments[at][len(old):]
    rebuilt = "/".join(segments + trailing)
    return rebuilt + (f"?{query}" if query_mark else "") + (f"#{anchor}" if hash_mark else "")


def link_places(path: str, text: str, kind: str, old: str, new: str,
                spans: list[tuple[int, int]] | None = None) -> list[tuple[Place, str]]:
    """Links of ``text`` to the record ``kind``/``old`` and what each becomes: in a
    hand-written page (``spans`` None), every link; in a YAML file, the links inside its
    values' ``spans``."""
    base = None if spans is not None else path.removeprefix(PAGES_DIR + "/")
    found = []
    for start, end in spans if spans is not None else [(0, len(text))]:
        for match in _TARGET.finditer(text, start, end):
            changed = retarget(match["target"], base, kind, old, new)
            if changed is not None:
                place = Place(path, match.start("target"), match.end("target"),
                              match["target"], "lien")
                found.append((place, changed))
    return found


def yaml_text_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a YAML file's values, where its texts write their links. (A ``url``
    field names a file of the site or another site, never a page: no record is cited
    there.)"""
    root = compose(text)
    spans: list[tuple[int, int]] = []

    def visit(node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            spans.append(scalar_span(node))
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                visit(item)
        elif isinstance(node, yaml.MappingNode):
            for _, value in node.value:
                visit(value)

    if root is not None:
        visit(root)
    return spans


def yaml_link_places(path: str, text: str, kind: str, old: str, new: str
                     ) -> list[tuple[Place, str]]:
    """Links to the record in a YAML file's texts."""
    return link_places(path, text, kind, old, new, yaml_text_spans(text))
