"""Edits as staff make them in GitHub's web editor, on the YAML text: a record pasted at the
end of its list, a value changed in place, an id renamed or a record deleted together with
every reference to it (lists of ids, single ids, links in texts and hand-written pages), the
rest of each file kept byte for byte.

The staff guide's tests paste its examples with these helpers; the test of valid staff edits
(``tests/test_staff_edits.py``) applies all of them to a copy of the live content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.model import PROJECTS_DIR
from generator.content.site import Site
from generator.content.validate import load_site
from generator.content.validate.references import REFERENCES

DECLARED = {"event": ("timeline.yml", ("events",)),
            "term": ("content/glossary.yml", ("terms",)),
            "person": ("content/people.yml", ("people",)),
            "organisation": ("content/organisations.yml", ("organisations",)),
            "committee": ("content/committees.yml", ("committees",))}
"""Where each kind of record is declared: (file, list). Project sheets are files."""
COMMITTEES = "content/committees.yml"
NOUNS = {"event": "l'événement", "term": "le terme", "person": "la personne",
         "organisation": "l'organisation", "project": "la fiche terrain",
         "committee": "le comité"}
_LINKS = {"event": r"chronologie/(?:index\.md)?#{id}",
          "project": r"terrains/{id}(?:/|\.md)(?:#[\w-]*)?",
          "person": r"personnes/{id}(?:/|\.md)(?:#[\w-]*)?",
          "term": r"glossaire/(?:index\.md)?#{id}",
          "organisation": r"organisations/(?:index\.md)?#{id}",
          "committee": r"comites/(?:index\.md)?#{id}"}
"""What a Markdown link to a record's page or anchor looks like, from any page."""


# ---- Pasting, as the guide says ----------------------------------------------------------


def list_node(node: yaml.Node, path: tuple[Any, ...]) -> yaml.SequenceNode:
    """The list at ``path``: keys, or ``{"id": x}`` for the record of a list with that id."""
    for step in path:
        if isinstance(step, dict):
            assert isinstance(node, yaml.SequenceNode)
            node = next(item for item in node.value
                        if any(k.value == "id" and v.value == step["id"] for k, v in item.value))
        else:
            assert isinstance(node, yaml.MappingNode)
            node = next(v for k, v in node.value if k.value == step)
    assert isinstance(node, yaml.SequenceNode) and not node.flow_style
    return node


def dash_column(text: str, path: tuple[Any, ...]) -> int:
    """The column (from 0) of the « - » of the items of the list at ``path``."""
    items = list_node(yaml.compose(text, Loader=yaml.SafeLoader), path).value
    first = items[0].start_mark
    return text.split("\n")[first.line][:first.column].rstrip().rfind("-")


def paste_at_end_of_list(text: str, path: tuple[Any, ...], example: str) -> str:
    """``text`` with ``example`` pasted after the last item of the list at ``path``, as
    staff do in the web editor; the example must already have the list's indentation."""
    items = list_node(yaml.compose(text, Loader=yaml.SafeLoader), path).value
    lines = text.split("\n")
    dash = dash_column(text, path)
    assert len(example) - len(example.lstrip(" ")) == dash, (
        f"the example starts at column {len(example) - len(example.lstrip(' ')) + 1}, the "
        f"items of {path} at column {dash + 1}")
    end = items[-1].end_mark
    # PyYAML ends an item where the next token starts: at the start of a line, or after the
    # indentation of the field that follows the list.
    at = end.line if not lines[end.line][:end.column].strip() else end.line + 1
    while at > 0 and not lines[at - 1].strip():
        at -= 1
    return "\n".join([*lines[:at], *example.rstrip("\n").split("\n"), *lines[at:]])


def guide_place(example: str) -> tuple[str, tuple[Any, ...] | None]:
    """Where the guide tells staff to paste ``example``: (file, list) or (new file, None)."""
    first = example.lstrip("\n").split("\n")[0]
    if "schemas/project.schema.json" in first:
        record_id = re.search(r"^id: (\S+)", example, re.M)
        assert record_id
        return f"{PROJECTS_DIR}/{record_id[1]}.yml", None
    if first.lstrip().startswith("- id:") and re.search(r"^ +date:", example, re.M):
        return "timeline.yml", ("events",)
    if first.lstrip().startswith("- id:") and re.search(r"^ +name:", example, re.M):
        return "content/people.yml", ("people",)
    if first.lstrip().startswith("- text:"):
        return "content/glossary.yml", ("terms", {"id": "ect"}, "definitions")
    raise AssertionError(f"an example of the guide that no test places:\n{example}")


def paste_guide_example(root: Path, example: str) -> tuple[str, tuple[Any, ...] | None]:
    """Paste ``example`` where the guide says, and deposit the files it names where the guide
    says (under content/pages/); where it went."""
    relative, path = guide_place(example)
    target = root / relative
    if path is None:
        target.write_text(example, "utf-8")
    else:
        target.write_text(paste_at_end_of_list(target.read_text("utf-8"), path, example),
                          "utf-8")
    for site_path in re.findall(r"^ *(?:- )?(?:src|url): ([\w./-]+)$", example, re.M):
        deposited = root / "content" / "pages" / site_path
        deposited.parent.mkdir(parents=True, exist_ok=True)
        deposited.write_bytes(b"fichier")
    return relative, path


# ---- Finding references --------------------------------------------------------------------


@dataclass
class Found:
    """A node of a YAML file, with every node that holds it down from the file's root."""

    chain: list[yaml.Node]
    """The file's root, …, the node."""
    keys: list[yaml.ScalarNode | None]
    """For each node of ``chain``, its key in the mapping that holds it (None for the root
    and for the items of a list)."""

    @property
    def node(self) -> yaml.Node:
        return self.chain[-1]


def _walk(found: Found, pattern: tuple[str, ...]) -> Iterator[Found]:
    """The nodes at ``pattern`` (keys, « * » for every item of a list) under a node."""
    if not pattern:
        yield found
        return
    head, rest = pattern[0], pattern[1:]
    node = found.node
    if head == "*" and isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _walk(Found([*found.chain, item], [*found.keys, None]), rest)
    elif head != "*" and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == head:
                yield from _walk(Found([*found.chain, value], [*found.keys, key]), rest)


def _files(root: Path, file: str) -> list[str]:
    if file == PROJECTS_DIR:
        return sorted(p.relative_to(root).as_posix()
                      for p in (root / PROJECTS_DIR).glob("*.yml"))
    return [file]


# ---- Edits on the text ---------------------------------------------------------------------


def _on_dash_line(text: str, node: yaml.Node) -> bool:
    lines = text.split("\n")
    return lines[node.start_mark.line][:node.start_mark.column].strip().endswith("-")


def _last_line(text: str, node: yaml.Node) -> int:
    """The last line (from 0) that ``node`` stands on."""
    end = node.end_mark
    lines = text.split("\n")
    if end.column == 0 or not lines[end.line][:end.column].strip():
        return end.line - 1
    return end.line


def item_lines(text: str, sequence: yaml.SequenceNode, index: int) -> tuple[int, int]:
    """The lines [first, last) of the ``index``-th item of a block list, without the blank
    lines and comments that stand before the next item."""
    lines = text.split("\n")
    item = sequence.value[index]
    first = item.start_mark.line
    if index + 1 < len(sequence.value):
        last = sequence.value[index + 1].start_mark.line
    else:
        last = _last_line(text, item) + 1
    dash = lines[first].index("-")
    while last > first + 1 and (not lines[last - 1].strip() or (
            lines[last - 1].lstrip().startswith("#")
            and len(lines[last - 1]) - len(lines[last - 1].lstrip()) <= dash)):
        last -= 1
    return first, last


def delete_lines(text: str, first: int, last: int) -> str:
    lines = text.split("\n")
    return "\n".join(lines[:first] + lines[last:])


def remove_item(text: str, sequence: yaml.SequenceNode, item: yaml.Node) -> str:
    """``text`` without one item of a list (flow or block)."""
    index = next(i for i, x in enumerate(sequence.value) if x is item)
    if sequence.flow_style:
        kept = [text[x.start_mark.index:x.end_mark.index] for x in sequence.value
                if x is not item]
        return (text[:sequence.start_mark.index] + "[" + ", ".join(kept) + "]"
                + text[sequence.end_mark.index:])
    return delete_lines(text, *item_lines(text, sequence, index))


def remove_key(text: str, mapping: yaml.MappingNode, key: yaml.ScalarNode) -> str:
    """``text`` without one field of a mapping that has others."""
    pairs = mapping.value
    index = next(i for i, (k, _) in enumerate(pairs) if k is key)
    value = pairs[index][1]
    first, last = key.start_mark.line, _last_line(text, value) + 1
    if not _on_dash_line(text, key):
        return delete_lines(text, first, last)
    # The field that opens the item: the next field moves up onto the « - » line.
    following = pairs[index + 1][0]
    lines = text.split("\n")
    moved = lines[first][:key.start_mark.column] + lines[following.start_mark.line][
        following.start_mark.column:]
    return "\n".join([*lines[:first], moved, *lines[following.start_mark.line + 1:]])


def replace_scalar(text: str, node: yaml.ScalarNode, value: str) -> str:
    return text[:node.start_mark.index] + value + text[node.end_mark.index:]


def quoted(value: str) -> str:
    """A YAML scalar for any text: JSON's double-quoted strings are YAML's."""
    return json.dumps(value, ensure_ascii=False)


def indented(block: str, column: int) -> str:
    """A block of YAML written at column 0, moved to ``column``."""
    return "\n".join(" " * column + line if line else line for line in block.split("\n"))


class Edits:
    """Valid staff edits to the content under ``root``, each said in ``log`` (French)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[str] = []
        self.done: set[tuple[str, str]] = set()
        """(what was done, kind of record): « add », « change », « rename », « delete »."""
        self._composed: dict[str, yaml.Node] = {}

    # -- files

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text("utf-8")

    def write(self, relative: str, text: str) -> None:
        (self.root / relative).write_text(text, "utf-8")
        self._composed.pop(relative, None)

    def compose(self, relative: str) -> yaml.Node:
        if relative not in self._composed:
            node = yaml.compose(self.read(relative), Loader=yaml.SafeLoader)
            assert node is not None, relative
            self._composed[relative] = node
        return self._composed[relative]

    def texts(self) -> list[str]:
        """Every file whose text may hold a link to a record."""
        files = ["timeline.yml", *sorted(p.relative_to(self.root).as_posix() for p in
                                         (self.root / "content").rglob("*")
                                         if p.suffix in (".yml", ".md") and p.is_file())]
        return files

    def record(self, kind: str, record_id: str) -> tuple[str, yaml.SequenceNode, yaml.Node]:
        """Where a record is declared: (file, its list, its mapping)."""
        relative, path = DECLARED[kind]
        records = list_node(self.compose(relative), path)
        item = next(x for x in records.value
                    if any(k.value == "id" and v.value == record_id for k, v in x.value))
        return relative, records, item

    def _field(self, mapping: yaml.MappingNode, name: str) -> yaml.Node | None:
        return next((v for k, v in mapping.value if k.value == name), None)

    # -- references

    def _references(self, kind: str, record_id: str) -> Iterator[tuple[str, Found]]:
        for file, pattern, referred in REFERENCES:
            if referred != kind:
                continue
            for relative in _files(self.root, file):
                for found in _walk(Found([self.compose(relative)], [None]), pattern):
                    if isinstance(found.node, yaml.ScalarNode) \
                            and found.node.value == record_id:
                        yield relative, found

    def _unlink(self, kind: str, record_id: str, new_id: str | None) -> int:
        """Links to the record in texts and pages: led to ``new_id``, or made plain text."""
        target = re.compile(r"\[([^\]\n]*)\]\(((?:\.\./)*)(" + _LINKS[kind].format(
            id=re.escape(record_id)) + r")\)")
        count = 0
        for relative in self.texts():
            text = self.read(relative)

            def swap(m: re.Match[str]) -> str:
                if new_id is None:
                    return m[1]
                moved = re.sub(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", new_id, m[3])
                return f"[{m[1]}]({m[2]}{moved})"

            changed, n = target.subn(swap, text)
            if n:
                self.write(relative, changed)
                count += n
        return count

    def _remove(self, relative: str, found: Found) -> None:
        """Remove a node from its list or mapping; one that was all its holder held takes
        the holder with it (a list of one id goes with its field, a seat of one field with
        its seat)."""
        node, holder = found.chain[-1], found.chain[-2]
        text = self.read(relative)
        if len(holder.value) > 1 and isinstance(holder, yaml.SequenceNode):
            self.write(relative, remove_item(text, holder, node))
        elif len(holder.value) > 1:
            key = found.keys[-1]
            assert isinstance(holder, yaml.MappingNode) and key is not None
            self.write(relative, remove_key(text, holder, key))
        else:
            self._remove(relative, Found(found.chain[:-1], found.keys[:-1]))

    def _empty_seat(self) -> Found | None:
        """A committee seat left with nobody and no organisation."""
        root = Found([self.compose(COMMITTEES)], [None])
        for seat in _walk(root, ("committees", "*", "members", "*")):
            if not isinstance(seat.node, yaml.MappingNode):
                continue
            people = self._field(seat.node, "people")
            if self._field(seat.node, "organisation") is None and (
                    people is None or not people.value):
                return seat
        return None

    def _remove_empty_seats(self) -> int:
        removed = 0
        while (seat := self._empty_seat()) is not None:
            self._remove(COMMITTEES, seat)
            removed += 1
        return removed

    # -- the edits

    def said(self, what: str, kind: str, text: str) -> None:
        self.done.add((what, kind))
        self.log.append(text)

    def add(self, kind: str, block: str, said: str) -> None:
        """Paste a record (``block``, written at column 0) at the end of its kind's list."""
        self.paste(*DECLARED[kind], block, said, ("add", kind))

    def paste(self, relative: str, path: tuple[Any, ...], block: str, said: str,
              done: tuple[str, str]) -> None:
        """Paste ``block`` (written at column 0, « - » first) at the end of the list at
        ``path``, at that list's indentation; ``done``: (what, kind) it does."""
        text = self.read(relative)
        self.write(relative, paste_at_end_of_list(text, path,
                                                  indented(block, dash_column(text, path))))
        self.said(*done, said)

    def add_project(self, text: str, said: str) -> None:
        record_id = re.search(r"^id: (\S+)", text, re.M)
        assert record_id
        self.write(f"{PROJECTS_DIR}/{record_id[1]}.yml", text)
        self.said("add", "project", said)

    def _mapping(self, kind: str, record_id: str) -> tuple[str, yaml.MappingNode]:
        """The file and mapping of a record."""
        if kind == "project":
            relative = f"{PROJECTS_DIR}/{record_id}.yml"
            item = self.compose(relative)
        else:
            relative, _, item = self.record(kind, record_id)
        assert isinstance(item, yaml.MappingNode)
        return relative, item

    def set_field(self, kind: str, record_id: str, name: str, value: str, said: str) -> None:
        """Give a field of a record a new one-line value (the field added if missing)."""
        relative, item = self._mapping(kind, record_id)
        current = self._field(item, name)
        if isinstance(current, yaml.ScalarNode) and current.style in (None, "", "'", '"'):
            self.write(relative, replace_scalar(self.read(relative), current, quoted(value)))
        else:
            if current is not None:  # a block of text: the field is written anew
                key = next(k for k, v in item.value if v is current)
                self.write(relative, remove_key(self.read(relative), item, key))
                relative, item = self._mapping(kind, record_id)
            id_key = next(k for k, _ in item.value if k.value == "id")
            lines = self.read(relative).split("\n")
            lines.insert(id_key.start_mark.line + 1,
                         " " * id_key.start_mark.column + f"{name}: {quoted(value)}")
            self.write(relative, "\n".join(lines))
        self.said("change", kind, said)

    def rename(self, kind: str, record_id: str, new_id: str) -> None:
        """Give a record a new id, and every reference to it the new id too."""
        if kind == "project":
            old = self.root / PROJECTS_DIR / f"{record_id}.yml"
            old.rename(old.with_name(f"{new_id}.yml"))
            relative, mapping = self._mapping(kind, new_id)
        else:
            relative, mapping = self._mapping(kind, record_id)
        id_node = self._field(mapping, "id")
        assert isinstance(id_node, yaml.ScalarNode)
        self.write(relative, replace_scalar(self.read(relative), id_node, new_id))
        count = 0
        while (found := next(self._references(kind, record_id), None)) is not None:
            file, where = found
            assert isinstance(where.node, yaml.ScalarNode)
            self.write(file, replace_scalar(self.read(file), where.node, new_id))
            count += 1
        links = self._unlink(kind, record_id, new_id)
        self.said("rename", kind, f"renommé {NOUNS[kind]} « {record_id} » en « {new_id} » ("
                                  f"{_n(count, 'renvoi', 'renvois')} et "
                                  f"{_n(links, 'lien', 'liens')} mis à jour)")

    def delete(self, kind: str, record_id: str) -> None:
        """Delete a record, every reference to it and every link to it."""
        if kind == "project":
            (self.root / PROJECTS_DIR / f"{record_id}.yml").unlink()
        else:
            relative, records, item = self.record(kind, record_id)
            text = self.read(relative)
            index = next(i for i, x in enumerate(records.value) if x is item)
            self.write(relative, delete_lines(text, *item_lines(text, records, index)))
        count = 0
        while (found := next(self._references(kind, record_id), None)) is not None:
            self._remove(*found)
            count += 1
        seats = self._remove_empty_seats()
        links = self._unlink(kind, record_id, None)
        extra = f", {_n(seats, 'siège de comité vide retiré', 'sièges de comité vides retirés')}" \
            if seats else ""
        self.said("delete", kind, f"supprimé {NOUNS[kind]} « {record_id} » ("
                                  f"{_n(count, 'renvoi retiré', 'renvois retirés')}, "
                                  f"{_n(links, 'lien devenu texte', 'liens devenus texte')}"
                                  f"{extra})")


def _n(count: int, singular: str, plural: str) -> str:
    """« 0 renvoi retiré », « 1 renvoi retiré », « 2 renvois retirés »."""
    return f"{count} {plural if count > 1 else singular}"


def held(content: Path | Site) -> dict[str, set[str]]:
    """The ids of each kind of record of a content (or of the content under a folder)."""
    site = load_site(content) if isinstance(content, Path) else content
    return {"event": {e.id for e in site.events}, "term": set(site.terms),
            "person": set(site.people), "organisation": set(site.organisations),
            "project": set(site.projects), "committee": {c.id for c in site.committees}}
