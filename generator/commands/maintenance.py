"""``rename``, ``remove`` and ``new member``: the maintainer's edits that touch many places.

Like ``regard new``, each writes by insertion into the file's own text: only the characters
that change are replaced, so comments, quoting, order, line endings and file modes stay as
they were. The content must be valid before; after a rename or an added seat it is checked
again, and every file is put back as it was if it is not valid.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content.model import ID_PATTERN, PROJECTS_DIR
from ..content.problems import ContentError
from ..content.site import Site
from ..content.validate import load_site
from ..content.validate.model_errors import suggest
from ..content.vocabulary import KINDS
from ..text.slugs import slug
from . import references as refs
from .scaffold import TARGETS, quoted, replace_file

KIND_NAMES = ("event", "project", "person", "term", "organisation", "committee",
              "publication", "category", "period")
"""The kinds of record the commands take, as ``regard new`` names them."""

_PAGE_KINDS = ("project", "person")
"""Kinds whose id names a page file: « index » is the page that lists them."""


class MaintenanceError(Exception):
    """A French message: nothing was written."""


@dataclass(frozen=True)
class Edit:
    """Characters of one file to replace, and what to say about it."""

    start: int
    end: int
    text: str
    said: str


@dataclass
class Change:
    """What a command wrote: each line changed, and what it did not do."""

    lines: list[str] = field(default_factory=list)
    """« file:line: what », one per place changed."""
    left: list[str] = field(default_factory=list)
    """« file:line: what », one per place it could not change."""


def _site(root: Path) -> Site:
    try:
        return load_site(root)
    except ContentError as exc:
        count = len(exc.problems)
        raise MaintenanceError(f"le contenu a déjà {count} erreur{'s' if count > 1 else ''} ; "
                               f"corrigez-{'les' if count > 1 else 'la'} d'abord (regard "
                               f"check) :\n{exc}") from None


def _record_file(site: Site, kind: str, record_id: str) -> str:
    key = f"{kind}:{record_id}"
    if key not in site.sources:
        known = sorted(k.split(":", 1)[1] for k in site.sources if k.startswith(kind + ":"))
        hint = suggest(record_id, known)
        if not hint and kind in TARGETS:
            # Nothing close: most likely a record not added yet (a new committee member).
            hint = f" ; pour l'ajouter d'abord : regard new {kind} \"…\""
        raise MaintenanceError(f"{KINDS[kind].noun} « {record_id} » {KINDS[kind].unknown}{hint}")
    return site.sources[key]


def _former_owner(site: Site, kind: str, record_id: str) -> str | None:
    """The record of ``kind`` that lists ``record_id`` among its former ids."""
    for key, _ in site.sources.items():
        if key.startswith(kind + ":"):
            record = _record(site, kind, key.split(":", 1)[1])
            if record_id in record.former_ids:
                return str(record.id)
    return None


def _record(site: Site, kind: str, record_id: str) -> Any:
    tables: dict[str, Callable[[], Any]] = {
        "event": lambda: site.event_by_id[record_id],
        "project": lambda: site.projects[record_id],
        "person": lambda: site.people[record_id],
        "term": lambda: site.terms[record_id],
        "organisation": lambda: site.organisations[record_id],
        "committee": lambda: next(c for c in site.committees if c.id == record_id),
        "publication": lambda: next(p for p in site.publications if p.id == record_id),
        "category": lambda: site.categories[record_id],
        "period": lambda: next(p for p in site.timeline.periods if p.id == record_id),
    }
    return tables[kind]()


def _check_new_id(site: Site, kind: str, old: str, new: str) -> None:
    if not ID_PATTERN.match(new):
        better = slug(new)
        fix = f" ; écrivez « {better} »" if better else ""
        raise MaintenanceError(f"identifiant « {new} » refusé : lettres minuscules sans accent, "
                               f"chiffres et tirets seulement{fix}")
    if kind in _PAGE_KINDS and new == "index":
        raise MaintenanceError("identifiant « index » réservé : c'est le nom de la page qui "
                               "les liste tous ; choisissez-en un autre")
    if new == old:
        raise MaintenanceError(f"« {old} » s'appelle déjà ainsi : rien à renommer")
    key = f"{kind}:{new}"
    if key in site.sources:
        raise MaintenanceError(f"identifiant « {new} » déjà utilisé par {KINDS[kind].with_article} "
                               f"({site.sources[key]}, ligne {site.lines[key]}) : rien n'a été "
                               "écrit ; choisissez-en un autre")
    owner = _former_owner(site, kind, new)
    if owner == old:
        raise MaintenanceError(f"« {new} » est un ancien identifiant de cet élément : retirez-le "
                               "d'abord de ses former_ids, puis relancez la commande")
    if owner is not None:
        where = f"{site.sources[f'{kind}:{owner}']}, ligne {site.lines[f'{kind}:{owner}']}"
        raise MaintenanceError(f"identifiant « {new} » déjà donné comme ancien identifiant à "
                               f"{KINDS[kind].with_article} « {owner} » ({where}) : son "
                               "ancienne adresse mène à lui ; choisissez-en un autre")


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line_end(text: str, offset: int) -> int:
    """The offset just after the line break that ends the line of ``offset``."""
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def _key(node: yaml.MappingNode, name: str) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def _former_ids_edit(text: str, record: yaml.MappingNode, old: str) -> Edit:
    """Add ``old`` to the record's ``former_ids``, written as the file writes lists."""
    newline = _newline(text)
    said = f"former_ids : {old} ajouté (l'ancienne adresse mène à l'élément renommé)"
    found = _key(record, "former_ids")
    if found is not None and isinstance(found[1], yaml.SequenceNode):
        items = found[1]
        if items.flow_style:
            at = items.value[-1].end_mark.index if items.value else items.start_mark.index + 1
            return Edit(at, at, f", {old}" if items.value else old, said)
        last = items.value[-1]
        dash = text.rfind("-", 0, last.start_mark.index)
        indent = dash - (text.rfind("\n", 0, dash) + 1)
        at = _line_end(text, last.end_mark.index)
        prefix = newline if at == len(text) and not text.endswith("\n") else ""
        return Edit(at, at, f"{prefix}{' ' * indent}- {old}{newline}", said)
    if found is not None:
        raise MaintenanceError("former_ids doit être une liste pour qu'on y ajoute l'ancien "
                               "identifiant")
    id_key, id_value = _key(record, "id") or (None, None)
    assert id_key is not None and id_value is not None
    at = _line_end(text, id_value.end_mark.index)
    prefix = newline if at == len(text) and not text.endswith("\n") else ""
    return Edit(at, at, f"{prefix}{' ' * id_key.start_mark.column}former_ids: [{old}]{newline}",
                said)


def _apply(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, str]]]:
    """The text with every edit made, and the line (in the new text) of each."""
    pieces, said, last, shift = [], [], 0, 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [text[last:edit.start], edit.text]
        said.append((edit.start + shift, edit.said))
        shift += len(edit.text) - (edit.end - edit.start)
        last = edit.end
    new = "".join([*pieces, text[last:]])
    return new, [(new.count("\n", 0, at) + 1, what) for at, what in said]


def _rename_edits(path: str, text: str, kind: str, old: str, new: str,
                  declared_in: str) -> list[Edit]:
    edits = []
    if path == declared_in:
        found = refs.declaration(text, path, kind, old)
        assert found is not None
        record, _ = found
        _, id_node = _key(record, "id") or (None, None)
        assert isinstance(id_node, yaml.ScalarNode)
        start, end = refs.scalar_span(id_node)
        edits += [Edit(start, end, new, f"identifiant {old} → {new}"),
                  _former_ids_edit(text, record, old)]
    for place in refs.id_places(path, text, kind, old):
        edits.append(Edit(place.start, place.end, new, f"{place.what} : {old} → {new}"))
    for place, changed in refs.yaml_link_places(path, text, kind, old, new):
        edits.append(Edit(place.start, place.end, changed,
                          f"{place.what} « {place.replacement_of} » → « {changed} »"))
    return edits


def _page_edits(path: str, text: str, kind: str, old: str, new: str) -> list[Edit]:
    return [Edit(place.start, place.end, changed,
                 f"lien « {place.replacement_of} » → « {changed} »")
            for place, changed in refs.link_places(path, text, kind, old, new)]


class _Files:
    """The files a command changes, kept as they were until the change is known good."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.before: dict[str, str] = {}
        self.renamed: list[tuple[str, str]] = []
        self.removed: dict[str, str] = {}

    def write(self, path: str, before: str, after: str) -> None:
        self.before.setdefault(path, before)
        replace_file(self.root / path, after)

    def rename(self, path: str, target: str) -> None:
        os.rename(self.root / path, self.root / target)
        self.renamed.append((path, target))

    def remove(self, path: str, before: str) -> None:
        self.removed[path] = before
        os.unlink(self.root / path)

    def restore(self) -> None:
        for path, target in reversed(self.renamed):
            os.rename(self.root / target, self.root / path)
        for path, text in self.before.items():
            replace_file(self.root / path, text)
        for path, text in self.removed.items():
            with open(self.root / path, "x", encoding="utf-8", newline="") as handle:
                handle.write(text)

    def validate(self, what: str) -> None:
        try:
            load_site(self.root)
        except ContentError as exc:
            self.restore()
            raise MaintenanceError(f"{what} rendrait le contenu invalide, rien n'a été changé "
                                   f"(les lignes citées sont celles des fichiers modifiés) :\n"
                                   f"{exc}") from None


def rename(root: Path, kind: str, old: str, new: str) -> Change:
    """Rename a record everywhere it is cited; its old id goes to its ``former_ids``."""
    site = _site(root)
    declared_in = _record_file(site, kind, old)
    _check_new_id(site, kind, old, new)
    if kind == "project" and (root / PROJECTS_DIR / f"{new}.yml").exists():
        raise MaintenanceError(f"{PROJECTS_DIR}/{new}.yml existe déjà : rien n'a été écrit")
    files, change = _Files(root), Change()
    for path in [*refs.content_files(root), *refs.page_files(root)]:
        text = refs.read_text(root / path)
        edits = _page_edits(path, text, kind, old, new) if path.endswith(".md") \
            else _rename_edits(path, text, kind, old, new, declared_in)
        if not edits:
            continue
        after, said = _apply(text, edits)
        files.write(path, text, after)
        shown = path
        if kind == "project" and path == declared_in:
            shown = f"{PROJECTS_DIR}/{new}.yml"
            files.rename(path, shown)
            change.lines.append(f"{path} → {shown} : fichier renommé avec l'identifiant")
        change.lines += [f"{shown}:{line}: {what}" for line, what in said]
    files.validate("ce renommage")
    return change


def _record_edit(text: str, path: str, kind: str, record_id: str) -> Edit:
    """Remove a record that is an item of its file's list: its lines, and the comments
    and blank lines after it that do not belong to the next item."""
    found = refs.declaration(text, path, kind, record_id)
    assert found is not None
    record, holder = found
    assert holder is not None
    if len(holder.value) == 1:
        raise MaintenanceError(f"« {record_id} » est le seul élément de sa liste ({path}) : "
                               "le fichier serait invalide sans lui ; rien n'a été écrit")
    start = text.rfind("\n", 0, record.start_mark.index) + 1
    index = holder.value.index(record)
    lines = text.split("\n")
    if index + 1 < len(holder.value):
        end_line = holder.value[index + 1].start_mark.line
        dash_column = holder.value[index + 1].start_mark.column - 2
        while end_line > record.start_mark.line + 1 and lines[end_line - 1].lstrip().startswith(
                "#") and len(lines[end_line - 1]) - len(lines[end_line - 1].lstrip()) \
                <= dash_column:
            end_line -= 1
    else:
        end_line = record.end_mark.line if record.end_mark.column == 0 \
            else record.end_mark.line + 1
        while end_line > record.start_mark.line + 1 and (
                not lines[end_line - 1].strip() or lines[end_line - 1].lstrip().startswith("#")):
            end_line -= 1
    end = sum(len(line) + 1 for line in lines[:end_line])
    first = record.start_mark.line + 1
    return Edit(start, min(end, len(text)), "", f"{first}: {KINDS[kind].noun} « {record_id} » "
                f"retiré{'e' if KINDS[kind].feminine else ''} (lignes {first} à "
                f"{end_line} avant le retrait)")


@dataclass(frozen=True)
class Citing:
    """A place that cites the record to remove."""

    path: str
    line: int
    what: str
    removable: tuple[int, int] | None
    """What ``--avec-references`` removes: an item of a list of ids, or the whole field
    when it is the list's only item; None when it cannot remove the place."""
    note: str = ""
    """What ``--avec-references`` does, or why it cannot."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _removable(place: refs.Place) -> tuple[tuple[int, int] | None, str]:
    """What ``--avec-references`` removes of a place, and what to say of it."""
    if place.alone is None:
        return place.item, "retiré de la liste"
    if place.alone == (-1, -1):
        why = ("un événement garde au moins une catégorie" if place.what == "categories" else
               "le siège n'aurait plus personne : retirez le siège")
        return None, f"seul élément de la liste, et {why}"
    return place.alone, "champ retiré : c'était le seul élément de la liste"


def citing(root: Path, kind: str, record_id: str) -> list[Citing]:
    """Every place that cites the record, in file and line order: ids in the YAML files,
    links in their texts and in the hand-written pages."""
    found = []
    for path in [*refs.content_files(root), *refs.page_files(root)]:
        text = refs.read_text(root / path)
        if path.endswith(".md"):
            places = [p for p, _ in refs.link_places(path, text, kind, record_id, record_id)]
        else:
            places = [*refs.id_places(path, text, kind, record_id),
                      *(p for p, _ in refs.yaml_link_places(path, text, kind, record_id,
                                                            record_id))]
        for place in sorted(places, key=lambda p: p.start):
            line = text.count("\n", 0, place.start) + 1
            removable, note = _removable(place) if place.item is not None else (None, "")
            what = (f"{place.what} « {place.replacement_of} »" if place.what == "lien"
                    else f"{place.what} : {record_id}")
            found.append(Citing(path, line, what, removable, note))
    return found


def remove(root: Path, kind: str, record_id: str, with_references: bool) -> Change:
    """Remove a record; while something cites it, write nothing and list the places, or
    (``with_references``) remove with it the places that are items of a list of ids."""
    site = _site(root)
    declared_in = _record_file(site, kind, record_id)
    places = citing(root, kind, record_id)
    if places and not with_references:
        feminine = "e" if KINDS[kind].feminine else ""
        raise MaintenanceError("\n".join(
            [f"{KINDS[kind].with_article} « {record_id} » est cité{feminine} {len(places)} "
             "fois : rien n'a été écrit. Retirez ou remplacez ces renvois, ou relancez avec "
             "--avec-references pour retirer aussi ceux qui sont un élément d'une liste "
             "d'identifiants :", *(f"{p}" + (f" (--avec-references : {p.note})" if p.note else "")
                                      for p in places)]))
    files, change = _Files(root), Change()
    by_file: dict[str, list[Citing]] = {}
    for place in places:
        by_file.setdefault(place.path, []).append(place)
    for path in dict.fromkeys([declared_in, *by_file]):
        text = refs.read_text(root / path)
        edits = []
        for place in by_file.get(path, []):
            if place.removable is None:
                change.left.append(f"{place}" + (f" ({place.note})" if place.note else ""))
            else:
                start, end = place.removable
                edits.append(Edit(start, end, "", f"{place.line}: {place.what} : {place.note}"))
        if path == declared_in and kind == "project":
            files.remove(path, text)
            change.lines.append(f"{path} : fiche retirée (fichier supprimé)")
            continue
        if path == declared_in:
            record = _record_edit(text, path, kind, record_id)
            # What the record itself cites goes with it.
            edits = [e for e in edits if not record.start <= e.start < record.end] + [record]
        if edits:
            after, _ = _apply(text, edits)
            files.write(path, text, after)
            change.lines += [f"{path}:{edit.said}" for edit in sorted(edits, key=lambda e: e.start)]
    if not change.left:
        files.validate("ce retrait")
    return change


def add_member(root: Path, committee_id: str, person_id: str, role: str | None,
               organisation: str | None) -> Change:
    """Add a seat to a committee: the person, for an organisation or not, with a role."""
    site = _site(root)
    path = _record_file(site, "committee", committee_id)
    _record_file(site, "person", person_id)
    if organisation is not None:
        _record_file(site, "organisation", organisation)
    committee = next(c for c in site.committees if c.id == committee_id)
    for seat in committee.members:
        if person_id in seat.people:
            raise MaintenanceError(f"{site.people[person_id].name} ({person_id}) siège déjà au "
                                   f"comité « {committee.name} » : rien n'a été écrit")
    text = refs.read_text(root / path)
    found = refs.declaration(text, path, "committee", committee_id)
    assert found is not None
    record, _ = found
    fields = [f"people: [{person_id}]"]
    if organisation is not None:
        fields.append(f"organisation: {organisation}")
    if role is not None:
        fields.append(f"role: {_scalar(role)}")
    members = _key(record, "members")
    newline = _newline(text)
    if members is not None and isinstance(members[1], yaml.SequenceNode) \
            and not members[1].flow_style and members[1].value:
        last = members[1].value[-1]
        dash = text.rfind("-", 0, last.start_mark.index)
        indent = dash - (text.rfind("\n", 0, dash) + 1)
        at = _line_end(text, _content_end(text, last))
        rows = [f"{' ' * indent}- {fields[0]}", *(f"{' ' * (indent + 2)}{f}" for f in fields[1:])]
    elif members is None:
        key_column = record.value[0][0].start_mark.column
        at = _line_end(text, _content_end(text, record))
        rows = [f"{' ' * key_column}members:", f"{' ' * (key_column + 2)}- {fields[0]}",
                *(f"{' ' * (key_column + 4)}{f}" for f in fields[1:])]
    else:
        raise MaintenanceError(f"{path}:{members[0].start_mark.line + 1}: « members » doit être "
                               "une liste écrite un siège par ligne (« - ») pour qu'on y ajoute "
                               "un siège")
    prefix = newline if at == len(text) and not text.endswith("\n") else ""
    after, said = _apply(text, [Edit(at, at, prefix + newline.join(rows) + newline,
                                     f"siège ajouté au comité « {committee.name} » : "
                                     f"{site.people[person_id].name}")])
    files = _Files(root)
    files.write(path, text, after)
    files.validate("ce siège")
    return Change([f"{path}:{line}: {what}" for line, what in said])


def _scalar(text: str) -> str:
    """``text`` as the content files write it: bare when YAML reads it back as the same
    text, else quoted."""
    try:
        bare = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        bare = False
    return text if bare and text == text.strip() and " #" not in text else quoted(text)


def _content_end(text: str, node: yaml.Node) -> int:
    """Where a node's own text ends: PyYAML ends it where the next token starts, after the
    blank lines and comments that follow it."""
    end = node.end_mark.index
    while True:
        end = len(text[:end].rstrip())
        line_start = text.rfind("\n", 0, end) + 1
        if line_start <= node.start_mark.index or not text[line_start:end].lstrip().startswith("#"):
            return end
        end = line_start
