"""``new``: add a skeleton record to the right file, touching nothing else in it.

The skeleton's text is inserted after the last item of the file's list, so that every
comment, the order and the formatting of the file stay byte for byte as they were. The
result is validated before it is kept: a skeleton that would break the content is never
written.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import stat
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..content.dates import PartialDate
from ..content.model import (
    ID_PATTERN,
    PLACEHOLDER,
    PROJECTS_DIR,
    Definition,
    Event,
    Organisation,
    Person,
    Project,
    Record,
    Term,
)
from ..content.problems import ContentError
from ..content.site import Site
from ..content.validate import load_site
from ..content.vocabulary import KINDS
from ..text.slugs import slug as _slug
from .schemas import modeline, site_url_of

# kind → (file, list key, kind of id in the cross-reference index), from the vocabulary
TARGETS: dict[str, tuple[str, str | None, str]] = {
    kind: (KINDS[kind].file, KINDS[kind].records_at[0] if KINDS[kind].records_at else None,
           kind)
    for kind in ("event", "person", "term", "organisation", "project")}

# kind → the field holding its title, to notice the same title added twice
_TITLE_FIELD = {kind: KINDS[kind].named_by[0] for kind in TARGETS}

# kind → other fields that name the same record: a person's other spellings, an acronym.
_ALSO_NAMED_BY = {"event": (), "person": ("aliases",), "term": ("acronym",),
                  "organisation": ("acronym",), "project": ("acronym",)}

_MODELS: dict[str, type[Record]] = {"event": Event, "person": Person, "term": Term,
                                    "organisation": Organisation, "project": Project}

# kind → how to add another record with the same name, once told it exists.
_ANOTHER = {
    "event": "S'il s'agit d'un autre événement du même titre (à une autre date)",
    "person": "S'il s'agit d'une autre personne du même nom",
    "term": "Pour une nouvelle définition de ce terme, ajoutez-la à la suite de ses "
            "definitions (CONTRIBUTING.md, « Ajouter une définition »). S'il s'agit d'un autre "
            "terme qui s'écrit pareil",
    "organisation": "S'il s'agit d'une autre organisation du même nom",
    "project": "S'il s'agit d'un autre terrain du même nom",
}

# kind → the section of the staff guide about it.
_GUIDE = {"event": "Ajouter un événement", "person": "Ajouter une personne",
          "term": "Ajouter une définition", "project": "Ajouter une fiche terrain"}

# field holding a placeholder → what staff write instead
_PLACEHOLDER_FOR = {"summary": "le résumé", "text": "le texte de la définition"}


class ScaffoldError(Exception):
    """A French message: the record could not be added."""


@dataclass(frozen=True)
class Added:
    path: str
    line: int
    record_id: str
    warnings: tuple[str, ...] = ()
    """Likely mistakes the record was added despite (the same title already there)."""
    written: tuple[str, ...] = ()
    """The fields written, in order; a list of records as ``definitions (text)``."""
    placeholders: tuple[tuple[int, str], ...] = ()
    """(line, field) of each « À compléter. » written, which check refuses until replaced."""
    defaulted: tuple[tuple[int, str], ...] = ()
    """(line, message) of each value chosen for staff, to check."""
    optional: tuple[str, ...] = ()
    """Fields not written that staff may add when the source gives them."""
    optional_in: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(list written, its items' fields not written): a term's definition's date, say."""
    guide: str = ""
    """The section of CONTRIBUTING.md about this kind of record."""

    def next_steps(self) -> list[str]:
        """What was written and what staff do next, in French, one line each."""
        fields = _french_list(self.written)
        if self.placeholders:
            lines = [f"{self.path}:{self.line}: ajouté « {self.record_id} » avec {fields}"]
        else:
            lines = [f"{self.path}:{self.line}: ajouté « {self.record_id} » avec seulement "
                     f"{fields} : aucun texte à remplacer"]
        located = [(line, f"remplacez « {PLACEHOLDER} » par "
                          f"{_PLACEHOLDER_FOR.get(name, 'le vrai texte')} ({name}) : tant qu'il "
                          "reste, regard check échoue") for line, name in self.placeholders]
        located += self.defaulted
        lines += [f"{self.path}:{line}: {message}" for line, message in sorted(located)]
        groups = [", ".join(self.optional)] if self.optional else []
        groups += [f"dans {name} : {', '.join(inner)}" for name, inner in self.optional_in]
        if groups:
            count = len(self.optional) + sum(len(inner) for _, inner in self.optional_in)
            what = ("Champs facultatifs, à ajouter si la source les donne" if count > 1 else
                    "Champ facultatif, à ajouter si la source le donne")
            guide = f" (CONTRIBUTING.md, « {self.guide} »)" if self.guide else ""
            lines.append(f"{what}{guide} : {' ; '.join(groups)}.")
        lines.append("Puis lancez regard check.")
        return lines


def _french_list(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"


def new_id(text: str) -> str:
    """The id of a new record titled ``text``: « Sortie terrain à Châtel » →
    ``sortie-terrain-a-chatel``, « nouveau » when the title names nothing."""
    return _slug(text) or "nouveau"


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar, whatever it holds."""
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _skeleton(kind: str, record_id: str, title: str, date: str, category: str) -> list[str]:
    """The record's lines, indented for an item of a top-level list ("- " at column 0); a
    project sheet's fields, at column 0 of its own file."""
    if kind == "project":
        return [f"id: {record_id}", f"name: {quoted(title)}", f"summary: {quoted(PLACEHOLDER)}",
                f"years: [{PartialDate.parse(date).year}]"]
    if kind == "event":
        return [f"- id: {record_id}", f"  date: {date}", f"  title: {quoted(title)}",
                f"  categories: [{category}]", f"  summary: {quoted(PLACEHOLDER)}"]
    if kind == "person":
        return [f"- id: {record_id}", f"  name: {quoted(title)}"]
    if kind == "term":
        return [f"- id: {record_id}", f"  term: {quoted(title)}", "  definitions:",
                f"    - text: {quoted(PLACEHOLDER)}"]
    if kind == "organisation":
        return [f"- id: {record_id}", f"  name: {quoted(title)}"]
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


def replace_file(path: Path, text: str) -> None:
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
        better = _slug(record_id)
        fix = f"écrivez --id {better}" if better else "par exemple --id sortie-terrain-chatel"
        raise ScaffoldError(f"identifiant « {record_id} » refusé : lettres minuscules sans "
                            "accent, chiffres et tirets seulement (pas de « / » ni de "
                            f"« .. ») ; {fix}")
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


def _records(site: Site, kind: str) -> Mapping[str, Any]:
    tables: dict[str, Mapping[str, Any]] = {
        "event": site.event_by_id, "person": site.people, "term": site.terms,
        "organisation": site.organisations, "project": site.projects}
    return tables[kind]


def _same_record(site: Site, kind: str, title: str) -> str | None:
    """The id of the record of ``kind`` that ``title`` names already: the one whose id is
    the id derived from ``title``, else one whose name (or other spelling, or acronym) gives
    that id. Accents, capitals and punctuation aside, it is the same name."""
    wanted = new_id(title)
    records = _records(site, kind)
    if wanted in records:
        return wanted
    if not _slug(title):  # « *** » names nothing: its id is a stand-in (« nouveau »)
        return None
    for record_id, record in records.items():
        names = [getattr(record, _TITLE_FIELD[kind])]
        for name_field in _ALSO_NAMED_BY[kind]:
            value = getattr(record, name_field)
            names += value if isinstance(value, list) else [value] if value else []
        if any(_slug(name) == wanted for name in names):
            return record_id
    return None


def _exists(site: Site, kind: str, record_id: str) -> str:
    """« la personne « Marie Ferru » existe déjà (content/people.yml, ligne 40, identifiant
    marie-ferru) »"""
    record = _records(site, kind)[record_id]
    key = f"{TARGETS[kind][2]}:{record_id}"
    date = f", date {record.date.iso()}" if kind == "event" else ""
    title = getattr(record, _TITLE_FIELD[kind])
    return (f"{KINDS[TARGETS[kind][2]].with_article} « {title} » existe "
            f"déjà ({site.sources[key]}, ligne {site.lines[key]}, identifiant "
            f"{record_id}{date})")


def _free_ids(base: str, kind: str, date: str | None) -> Iterator[str]:
    """Ids to offer for another record named like an existing one: an event's year (or its
    date) tells it from its namesake, else a number."""
    if kind == "event" and date is not None:
        when = PartialDate.parse(date)
        yield f"{base}-{when.year}"
        yield f"{base}-{when.iso()}"
    for n in itertools.count(2):
        yield f"{base}-{n}"


def _shell_word(text: str) -> str:
    """``text`` as staff would type it in a shell: bare, "in double quotes", or quoted by
    shlex when it holds what double quotes do not protect."""
    if re.fullmatch(r"[\w.,:@%+=/-]+", text):
        return text
    if not re.search(r'["$`\\!]', text):
        return f'"{text}"'
    return shlex.quote(text)


def _refuse_same(site: Site, kind: str, title: str, existing: str, date: str | None,
                 category: str | None, taken: set[str]) -> ScaffoldError:
    suggested = next(i for i in _free_ids(new_id(title), kind, date) if i not in taken)
    command = ["regard", "new", kind, _shell_word(title), "--id", suggested]
    if date is not None:
        command += ["--date", date]
    if category is not None:
        command += ["--category", category]
    return ScaffoldError(f"{_exists(site, kind, existing)} : rien n'a été écrit.\n"
                         f"{_ANOTHER[kind]}, donnez-lui son propre identifiant :\n"
                         f"  {' '.join(command)}")


def add(root: Path, kind: str, title: str, record_id: str | None = None,
        date: str | None = None, category: str | None = None) -> Added:
    """Add a skeleton ``kind`` record titled ``title``; raise ScaffoldError in French."""
    if kind not in TARGETS:
        raise ScaffoldError(f"type « {kind} » inconnu ; types possibles : {', '.join(TARGETS)}")
    try:
        site = load_site(root, placeholders_allowed=True)
    except ContentError as exc:
        them = "la" if len(exc.problems) == 1 else "les"
        raise ScaffoldError(f"le contenu a déjà {len(exc.problems)} erreur"
                            f"{'s' if len(exc.problems) > 1 else ''} ; corrigez-{them} d'abord "
                            f"(regard check) :\n{exc}") from None
    _check_arguments(site, kind, record_id, date, category)
    relative, key, index_kind = TARGETS[kind]
    taken = {k.split(":", 1)[1] for k in site.sources if k.startswith(index_kind + ":")}
    existing = _same_record(site, kind, title)
    warnings = []
    if record_id is None:
        if existing is not None:
            raise _refuse_same(site, kind, title, existing, date, category, taken)
        record_id = new_id(title)
    elif record_id in taken:
        where = site.sources[f"{index_kind}:{record_id}"]
        raise ScaffoldError(f"identifiant « {record_id} » déjà utilisé ({where}, ligne "
                            f"{site.lines[f'{index_kind}:{record_id}']}) : choisissez-en "
                            "un autre avec --id")
    elif existing is not None:
        warnings.append(f"{_exists(site, kind, existing)} ; le nouvel élément est ajouté à "
                        f"part, sous l'identifiant {record_id} que vous avez choisi")
    defaulted = category is None
    category = category or site.timeline.legend[0].id

    if kind == "project":
        assert date is not None
        relative = f"{PROJECTS_DIR}/{record_id}.yml"
        path = root / relative
        if path.exists() or path.is_symlink():
            raise ScaffoldError(f"{relative} existe déjà : choisissez un autre identifiant "
                                "avec --id")
        rows = _skeleton(kind, record_id, title, date, category)
        text = "\n".join([modeline(relative, site_url_of(root)), *rows, ""])
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
        rows = _skeleton(kind, record_id, title, date or "", category)
        block = [" " * indent + row + newline for row in rows]
        if spaced:
            block.insert(0, newline)
        line = at + 1 + (1 if spaced else 0)
        text = "".join(lines[:at] + block + lines[at:])
        replace_file(path, text)
    try:
        load_site(root, placeholders_allowed=True)
    except ContentError as exc:
        if before is None:
            path.unlink()
        else:
            replace_file(path, before)
        raise ScaffoldError("l'élément ajouté ne serait pas valide, rien n'a été changé (les "
                            f"lignes citées sont celles du fichier modifié) :\n{exc}") from None
    return _added(site, kind, relative, line, record_id, rows, tuple(warnings),
                  category if kind == "event" and defaulted else None)


# A list of records written in a skeleton → the model of its items.
_NESTED: dict[tuple[str, str], type[Record]] = {("term", "definitions"): Definition}


def _added(site: Site, kind: str, path: str, line: int, record_id: str, rows: list[str],
           warnings: tuple[str, ...], default_category: str | None) -> Added:
    """Describe what ``rows`` wrote, read back from them, and what is left to staff."""
    written_data = yaml.safe_load("\n".join(rows))
    record: dict[str, Any] = written_data[0] if isinstance(written_data, list) else written_data
    written: list[str] = []
    nested: list[tuple[str, tuple[str, ...]]] = []
    for name, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            written.append(f"{name} ({', '.join(value[0])})")
            missing = tuple(f for f in _NESTED[(kind, name)].model_fields if f not in value[0])
            if missing:
                nested.append((name, missing))
        else:
            written.append(name)
    field_of = [re.match(r"\s*(?:- )?(\w+):", row) for row in rows]
    placeholders = tuple((line + i, found[1])
                         for i, (row, found) in enumerate(zip(rows, field_of, strict=True))
                         if found and quoted(PLACEHOLDER) in row)
    defaulted: list[tuple[int, str]] = []
    if default_category is not None:
        at = next(i for i, found in enumerate(field_of) if found and found[1] == "categories")
        label = site.categories[default_category].label
        choices = ", ".join(c.id for c in site.timeline.legend)
        defaulted.append((line + at, f"catégorie {default_category} (« {label} ») mise par "
                                     "défaut, faute de --category : changez-la si elle ne "
                                     f"convient pas (possibles : {choices})"))
    # A new record has no past: its former ids are only written by a rename.
    optional = tuple(f for f in _MODELS[kind].model_fields
                     if f not in record and f != "former_ids")
    return Added(path, line, record_id, warnings, tuple(written), placeholders,
                 tuple(defaulted), optional, tuple(nested), _GUIDE.get(kind, ""))
