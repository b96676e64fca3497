"""``new``: add a skeleton record to the right file, touching nothing else in it.

The skeleton's text is inserted after the last item of the file's list, so that every
comment, the order and the formatting of the file stay byte for byte as they were. The
result is validated before it is kept: a skeleton that would break the content is never
written.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from .dates import PartialDate
from .model import ID_PATTERN, PLACEHOLDER, PROJECTS_DIR
from .model import slug as _slug
from .problems import ContentError
from .schemas import modeline
from .validate import Site, fold, load_site

# kind → (file, list key, kind of id in the cross-reference index)
TARGETS: dict[str, tuple[str, str | None, str]] = {
    "event": ("timeline.yml", "events", "event"),
    "person": ("content/people.yml", "people", "person"),
    "term": ("content/glossary.yml", "terms", "term"),
    "organisation": ("content/organisations.yml", "organisations", "organisation"),
    "project": (PROJECTS_DIR, None, "project"),
}

# kind → the field holding its title, to notice the same title added twice
_TITLE_FIELD = {"event": "title", "person": "name", "term": "term", "organisation": "name",
                "project": "name"}


class ScaffoldError(Exception):
    """A French message: the record could not be added."""


@dataclass(frozen=True)
class Added:
    path: str
    line: int
    record_id: str
    warnings: tuple[str, ...] = ()
    """Likely mistakes the record was added despite (the same title already there)."""


def slug(text: str) -> str:
    """« Sortie terrain à Châtel » → ``sortie-terrain-a-chatel``."""
    return _slug(text) or "nouveau"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _skeleton(kind: str, record_id: str, title: str, date: str, category: str) -> list[str]:
    """The record's lines, indented for an item of a top-level list ("- " at column 0)."""
    if kind == "event":
        return [f"- id: {record_id}", f"  date: {date}", f"  title: {_quote(title)}",
                f"  categories: [{category}]", f"  summary: {_quote(PLACEHOLDER)}"]
    if kind == "person":
        return [f"- id: {record_id}", f"  name: {_quote(title)}"]
    if kind == "term":
        return [f"- id: {record_id}", f"  term: {_quote(title)}", "  definitions:",
                f"    - text: {_quote(PLACEHOLDER)}"]
    if kind == "organisation":
        return [f"- id: {record_id}", f"  name: {_quote(title)}"]
    raise AssertionError(kind)


def _insertion(text: str, key: str, path: str) -> tuple[int, int, bool]:
    """(line index to insert at, indent of the list's dashes, blank line between items)."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise ScaffoldError(f"{path} : le fichier doit contenir des champs (nom: valeur)")
    for key_node, value_node in root.value:
        if key_node.value != key:
            continue
        if not isinstance(value_node, yaml.SequenceNode) or value_node.flow_style:
            raise ScaffoldError(
                f"{path}:{value_node.start_mark.line + 1}: « {key} » doit être une liste "
                "écrite un élément par ligne (« - ») pour qu'on puisse y ajouter un élément")
        items = value_node.value
        if not items:
            raise ScaffoldError(f"{path}:{value_node.start_mark.line + 1}: la liste « {key} » "
                                "est vide : ajoutez le premier élément à la main")
        lines = text.splitlines()
        first = items[0].start_mark
        indent = lines[first.line][: first.column].rstrip().rfind("-")
        end = items[-1].end_mark
        at = end.line if end.column == 0 else end.line + 1
        # PyYAML ends the item where the next token starts: step back over the blank lines
        # and over the comments written at the list's own indent, which belong to what follows.
        while at > 0 and (not lines[at - 1].strip() or (
                lines[at - 1].lstrip().startswith("#")
                and len(lines[at - 1]) - len(lines[at - 1].lstrip()) <= max(indent, 0))):
            at -= 1
        spaced = len(items) > 1 and not lines[items[-1].start_mark.line - 1].strip()
        return at, max(indent, 0), spaced
    raise ScaffoldError(f"{path} : pas de liste « {key} » dans le fichier")


def _write(path: Path, text: str) -> None:
    """Replace the file in one step (a crash never leaves half a file), keeping its
    permissions: the temporary file is created private."""
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create(path: Path, text: str) -> None:
    """Write a new file with the permissions any new file gets (umask applies)."""
    with open(path, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)


def _check_arguments(site: Site, kind: str, record_id: str | None, date: str | None,
                     category: str | None) -> None:
    """Refuse, before writing anything, what would not make a valid record."""
    if record_id is not None and not ID_PATTERN.match(record_id):
        better = slug(record_id)
        raise ScaffoldError(f"identifiant « {record_id} » refusé : lettres minuscules sans "
                            "accent, chiffres et tirets seulement (pas de « / » ni de "
                            f"« .. ») ; par exemple --id {better}")
    if kind in ("event", "project"):
        if date is None:
            what = ("la date de l'événement avec --date (AAAA, AAAA-MM ou AAAA-MM-JJ, par "
                    "exemple --date 2026-03)" if kind == "event" else
                    "l'année du terrain avec --date (par exemple --date 2026)")
            raise ScaffoldError(f"indiquez {what} : n'écrivez que ce que vous savez, sans "
                                "inventer de mois ni de jour")
        try:
            PartialDate.parse(date)
        except ValueError as exc:
            raise ScaffoldError(f"--date : {exc}") from None
    if kind == "event" and category is not None and category not in site.categories:
        choices = ", ".join(f"{c.id} ({c.label})" for c in site.timeline.legend)
        raise ScaffoldError(f"--category : catégorie « {category} » inconnue ; catégories "
                            f"possibles : {choices}")


def _same_title(site: Site, kind: str, title: str) -> list[str]:
    index_kind = TARGETS[kind][2]
    tables: dict[str, Mapping[str, object]] = {
        "event": site.event_by_id, "person": site.people, "term": site.terms,
        "organisation": site.organisations, "project": site.projects}
    records = tables[kind]
    found = []
    for record_id, record in records.items():
        existing = getattr(record, _TITLE_FIELD[kind])
        if fold(existing).strip() == fold(title).strip():
            key = f"{index_kind}:{record_id}"
            found.append(f"« {existing} » existe déjà ({site.sources[key]}, ligne "
                         f"{site.lines[key]}, identifiant {record_id}) : vérifiez qu'il ne "
                         "s'agit pas du même élément avant de compléter celui-ci")
    return found


def add(root: Path, kind: str, title: str, record_id: str | None = None,
        date: str | None = None, category: str | None = None) -> Added:
    """Add a skeleton ``kind`` record titled ``title``; raise ScaffoldError in French."""
    if kind not in TARGETS:
        raise ScaffoldError(f"type « {kind} » inconnu ; types possibles : {', '.join(TARGETS)}")
    try:
        site = load_site(root, placeholders_allowed=True)
    except ContentError as exc:
        raise ScaffoldError("le contenu a déjà des erreurs ; corrigez-les d'abord "
                            f"(regard check) :\n{exc}") from None
    _check_arguments(site, kind, record_id, date, category)
    relative, key, index_kind = TARGETS[kind]
    taken = {k.split(":", 1)[1] for k in site.sources if k.startswith(index_kind + ":")}
    warnings = _same_title(site, kind, title)
    if record_id is not None:
        if record_id in taken:
            where = site.sources[f"{index_kind}:{record_id}"]
            raise ScaffoldError(f"identifiant « {record_id} » déjà utilisé ({where}, ligne "
                                f"{site.lines[f'{index_kind}:{record_id}']}) : choisissez-en "
                                "un autre avec --id")
    else:
        base = slug(title)
        record_id, n = base, 2
        while record_id in taken:
            record_id, n = f"{base}-{n}", n + 1
    category = category or site.timeline.legend[0].id

    if kind == "project":
        assert date is not None
        relative = f"{PROJECTS_DIR}/{record_id}.yml"
        path = root / relative
        if path.exists() or path.is_symlink():
            raise ScaffoldError(f"{relative} existe déjà : choisissez un autre identifiant "
                                "avec --id")
        text = "\n".join([modeline(relative), f"id: {record_id}", f"name: {_quote(title)}",
                          f"summary: {_quote(PLACEHOLDER)}",
                          f"years: [{PartialDate.parse(date).year}]", ""])
        before, line = None, 2
        _create(path, text)
    else:
        assert key is not None
        path = root / relative
        with open(path, encoding="utf-8", newline="") as handle:
            before = handle.read()
        newline = "\r\n" if "\r\n" in before else "\n"
        at, indent, spaced = _insertion(before, key, relative)
        lines = before.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n") and at >= len(lines):
            lines[-1] += newline
        block = [" " * indent + row + newline
                 for row in _skeleton(kind, record_id, title, date or "", category)]
        if spaced:
            block.insert(0, newline)
        line = at + 1 + (1 if spaced else 0)
        text = "".join(lines[:at] + block + lines[at:])
        _write(path, text)
    try:
        load_site(root, placeholders_allowed=True)
    except ContentError as exc:
        if before is None:
            path.unlink()
        else:
            _write(path, before)
        raise ScaffoldError("l'élément ajouté ne serait pas valide, rien n'a été changé (les "
                            f"lignes citées sont celles du fichier modifié) :\n{exc}") from None
    return Added(relative, line, record_id, tuple(warnings))
