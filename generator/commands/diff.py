"""What a change does to the site, in words: the records and pages that differ between the
content at a git ref and the working tree.

Both sides are loaded and validated like a build would, then compared record by record
(by id, within each kind) and page by page. The result is written in French Markdown for a
pull request's step summary, where staff read it.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..content.model import Record
from ..content.problems import ContentError
from ..content.site import Site
from ..content.validate import load_site
from ..content.vocabulary import HOME, RecordKind, field_label
from ..content.vocabulary import KINDS as WORDS
from ..pages.pages import build_pages
from ..text.urls import EVENT_PAGES, url_of

PAGES_DIR = "content/pages"
"""Hand-written pages, the ``docs_dir`` of ``mkdocs.yml``."""

CONTENT_ENTRIES = ("timeline.yml", "content")
"""What a content folder holds: all that is read from the base ref."""

Status = Literal["added", "removed", "changed", "renamed"]


class DiffError(Exception):
    """The comparison cannot be made; the message is French and says why."""


@dataclass(frozen=True)
class Kind:
    """One kind of record, as the summary names it (its words: the vocabulary)."""

    words: RecordKind
    records: Callable[[Site], Mapping[str, Record]]

    @property
    def heading(self) -> str:
        """Section title, such as « Événements »."""
        return self.words.heading

    @property
    def noun(self) -> tuple[str, str]:
        """Singular and plural, for the overview line."""
        return self.words.noun, self.words.plural

    @property
    def feminine(self) -> bool:
        """« ajoutée » or « ajouté »."""
        return self.words.feminine

    def title(self, record: Any) -> str:
        """The record's title: its first naming field."""
        return str(getattr(record, self.words.named_by[0]))


KINDS: dict[str, Kind] = {
    "event": Kind(WORDS["event"], lambda s: {e.id: e for e in s.timeline.events}),
    "term": Kind(WORDS["term"], lambda s: s.terms),
    "person": Kind(WORDS["person"], lambda s: s.people),
    "project": Kind(WORDS["project"], lambda s: s.projects),
    "publication": Kind(WORDS["publication"], lambda s: {p.id: p for p in s.publications}),
    "organisation": Kind(WORDS["organisation"], lambda s: s.organisations),
    "committee": Kind(WORDS["committee"], lambda s: {c.id: c for c in s.committees}),
    "category": Kind(WORDS["category"], lambda s: {c.id: c for c in s.timeline.legend}),
    "period": Kind(WORDS["period"], lambda s: {p.id: p for p in s.timeline.periods}),
    "home": Kind(HOME, lambda s: {"accueil": s.home}),
}
"""The kinds in the summary's order."""

SHORT_VALUE = 60
"""Longer values (summaries, definitions) are named, not quoted."""


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RecordChange:
    kind: str
    status: Status
    record_id: str
    title: str
    fields: tuple[FieldChange, ...] = ()
    old_id: str | None = None
    """For a renamed record: the id it had at the base."""
    kept: bool = False
    """For a renamed record: its old id is among its ``former_ids``, which keep its old
    addresses."""


@dataclass
class SiteDiff:
    """Every difference between two sites, in the order a reader meets them."""

    records: list[RecordChange] = field(default_factory=list)
    pages_added: list[str] = field(default_factory=list)
    """Every page added, an event's own page too (which the summary leaves to its event's
    line: see :func:`listed`)."""
    pages_removed: list[str] = field(default_factory=list)
    pages_edited: list[str] = field(default_factory=list)
    """Hand-written pages whose text changed (generated pages follow their records)."""
    pages_regenerated: list[str] = field(default_factory=list)
    """Generated pages whose Markdown changed: a record's own page, and every page that
    lists or counts it (an event edit changes the chronology and its people's pages). Both
    sides are rendered by the working tree's generator, so only content changes count."""
    first_changes: dict[str, str] = field(default_factory=dict)
    """For a changed page that lists records under anchored headings (the glossary), the
    anchor of the entry where its Markdown first differs."""

    def __bool__(self) -> bool:
        return bool(self.records or self.pages_added or self.pages_removed or self.pages_edited)


def compare(base: Site, head: Site, base_root: Path, head_root: Path) -> SiteDiff:
    """What changes from ``base`` to ``head``."""
    result = SiteDiff()
    for kind, spec in KINDS.items():
        result.records += _compare_kind(kind, spec, spec.records(base), spec.records(head))
    base_pages, head_pages = _pages(base, base_root), _pages(head, head_root)
    result.pages_added = [p for p in head_pages if p not in base_pages]
    result.pages_removed = [p for p in base_pages if p not in head_pages]
    changed = [p for p, (text, _) in head_pages.items()
               if p in base_pages and base_pages[p][0] != text]
    result.pages_edited = [p for p in changed if not head_pages[p][1]]
    result.pages_regenerated = [p for p in changed if head_pages[p][1]]
    for path in result.pages_regenerated:
        anchor = first_changed_entry(base_pages[path][0], head_pages[path][0])
        if anchor:
            result.first_changes[path] = anchor
    return result


_ENTRY = re.compile(r"^#{2,6} .*\{ #([a-z0-9]+(?:-[a-z0-9]+)*) \}\s*$")
"""An entry's heading in a list page's Markdown: ``## Terme { #id }``."""


def first_changed_entry(before: str, after: str) -> str | None:
    """The anchor of the entry, in ``after``, under which the two texts first differ (None
    above every entry)."""
    old, new = before.splitlines(), after.splitlines()
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
              min(len(old), len(new)))
    for line in reversed(new[:at + 1]):
        found = _ENTRY.match(line)
        if found:
            return found[1]
    return None


def _compare_kind(kind: str, spec: Kind, before: Mapping[str, Record],
                  after: Mapping[str, Record]) -> list[RecordChange]:
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    changes: list[RecordChange] = []
    # A record whose id changed but not its title is one record renamed: its page's
    # address and every link to it change, which staff should see as such.
    renamed: dict[str, str] = {}
    for new_id in added:
        title = spec.title(after[new_id])
        match = next((old for old in removed if old not in renamed.values()
                      and spec.title(before[old]) == title), None)
        if match is not None:
            renamed[new_id] = match
    for record_id, record in after.items():
        title = spec.title(record)
        if record_id in renamed:
            old_id = renamed[record_id]
            kept = old_id in getattr(record, "former_ids", ())
            fields = _changed_fields(before[old_id], record,
                                     skip={"id", "former_ids"} if kept else {"id"})
            changes.append(RecordChange(kind, "renamed", record_id, title, fields, old_id,
                                        kept))
        elif record_id in before:
            fields = _changed_fields(before[record_id], record)
            if fields:
                changes.append(RecordChange(kind, "changed", record_id, title, fields))
        else:
            changes.append(RecordChange(kind, "added", record_id, title))
    for record_id in removed:
        if record_id not in renamed.values():
            changes.append(RecordChange(kind, "removed", record_id,
                                        spec.title(before[record_id])))
    return changes


def _changed_fields(before: Record, after: Record,
                    skip: frozenset[str] | set[str] = frozenset()) -> tuple[FieldChange, ...]:
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    names = [*new, *(n for n in old if n not in new)]
    return tuple(FieldChange(n, old.get(n), new.get(n)) for n in names
                 if n not in skip and old.get(n) != new.get(n))


def _pages(site: Site, root: Path) -> dict[str, tuple[str, bool]]:
    """The site's pages by path, in the site's order: each with its Markdown and whether it
    is generated (a hand-written page of the same path would make the build fail)."""
    pages = {p.path: (p.markdown, True) for p in build_pages(site)}
    written = root / PAGES_DIR
    for path in sorted(written.rglob("*.md")) if written.is_dir() else []:
        pages[path.relative_to(written).as_posix()] = (path.read_text(encoding="utf-8"), False)
    return pages


# --- The content at a git ref ----------------------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git est introuvable : installez-le pour comparer avec une "
                        "référence") from None


def _of(name: str) -> str:
    """« de » before a base's name, contracted as French wants: « du commit 4a5afcb »."""
    return f"du {name[3:]}" if name.startswith("le ") else f"de {name}"


@contextmanager
def content_at(root: Path, ref: str, name: str | None = None) -> Iterator[Path]:
    """A temporary copy of the content files of ``root`` as they are at ``ref`` (``name``:
    how messages name it; by default the ref between « »).

    Only ``timeline.yml`` and ``content/`` are read from git (``git archive``), so nothing
    in the working tree is touched."""
    name = name or f"« {ref} »"
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DiffError(f"{root} n'est pas dans un dépôt git : la comparaison avec {name} "
                        "a besoin de l'historique")
    toplevel = Path(top.stdout.decode().strip()).resolve()
    prefix = root.resolve().relative_to(toplevel).as_posix()
    commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise DiffError(f"référence git « {ref} » introuvable : vérifiez son nom (par exemple "
                        "origin/main) ; dans GitHub Actions, la copie doit avoir l'historique "
                        "(actions/checkout avec fetch-depth: 0)")
    tree = commit.stdout.decode().strip() + (f":{prefix}" if prefix != "." else "")
    # From the top: in a sub-folder, ls-tree would list only that folder's part of the tree.
    listing = _git(toplevel, "ls-tree", "--name-only", tree)
    names = listing.stdout.decode().splitlines() if listing.returncode == 0 else []
    wanted = [n for n in CONTENT_ENTRIES if n in names]
    if not wanted:
        raise DiffError(f"{name} ne contient pas de contenu RegarD (ni timeline.yml ni "
                        "content/) : rien à comparer")
    archive = _git(toplevel, "archive", "--format=tar", tree, "--", *wanted)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        raise DiffError(f"le contenu {_of(name)} n'a pas pu être lu (git : {message})")
    with tempfile.TemporaryDirectory(prefix="regard-base-") as folder:
        try:
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                # "data": no link or path that leads out of the folder, no special file.
                tar.extractall(folder, filter="data")
        except tarfile.FilterError as exc:
            raise DiffError(f"le contenu {_of(name)} contient « {exc.tarinfo.name} », un lien "
                            "qui mène hors du contenu : il n'est pas lu") from None
        except (tarfile.TarError, OSError):
            raise DiffError(f"le contenu {_of(name)} n'a pas pu être extrait de git") from None
        yield Path(folder)


@dataclass(frozen=True)
class Comparison:
    """Both sites and what differs between them."""

    base: Site
    head: Site
    diff: SiteDiff


def diff_against(root: Path, ref: str, name: str | None = None) -> SiteDiff:
    """Compare the content at ``ref`` (called ``name`` in messages) with the working tree
    under ``root``.

    Raises :class:`DiffError` when the base cannot be compared and :class:`ContentError`
    when the working tree's content is invalid."""
    return compare_against(root, ref, name).diff


def compare_against(root: Path, ref: str, name: str | None = None) -> Comparison:
    """:func:`diff_against`, with the two sites it compared."""
    head = load_site(root)
    name = name or f"« {ref} »"
    with content_at(root, ref, name) as base_root:
        try:
            base = load_site(base_root)
        except ContentError as exc:
            count = len(exc.problems)
            first = exc.problems[0] if exc.problems else None
            detail = f" ; la première : {first}" if first else ""
            raise DiffError(f"le contenu {_of(name)} est invalide ({count} erreur"
                            f"{'s' if count > 1 else ''}{detail}) : la comparaison est "
                            "impossible tant que cette base n'est pas corrigée") from None
        return Comparison(base, head, compare(base, head, base_root, root))


# --- French Markdown ---------------------------------------------------------------------

HEADING = "## Ce que cette demande change sur le site"

# Characters that start Markdown (or GitHub's math and HTML) inside a line; the text is never
# at a line's start, where more characters would matter.
_MARKDOWN_SPECIAL = set("\\`*_[]<>|~&$")


def escape(text: str) -> str:
    """Text from the content, shown as text in Markdown (never as markup)."""
    text = " ".join(text.split())
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in text)


def code(text: str) -> str:
    """An inline code span that holds any text, backticks included."""
    text = " ".join(text.split())
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _agree(word: str, feminine: bool, count: int = 1) -> str:
    return word + ("e" if feminine else "") + ("s" if count > 1 else "")


STATUS_WORDS: dict[Status, str] = {
    "added": "ajouté", "removed": "retiré", "changed": "modifié", "renamed": "renommé",
}


def _value(value: Any) -> str | None:
    """A short value as code, or None when it is too long or nested to quote."""
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return code(str(value))
    if isinstance(value, str) and len(value) <= SHORT_VALUE and "\n" not in value.strip():
        return code(value)
    return None


def describe_field(change: FieldChange) -> str:
    """« date (`2023-10` → `2023-11`) », « personnes (+ `ada-martin`) », « résumé »."""
    label = field_label(change.name)
    before, after = change.before, change.after
    if isinstance(before, list | None) and isinstance(after, list | None):
        old, new = before or [], after or []
        if all(isinstance(v, str | int) for v in [*old, *new]):
            plus = [v for v in new if v not in old]
            minus = [v for v in old if v not in new]
            parts = [f"+ {code(str(v))}" for v in plus] + [f"− {code(str(v))}" for v in minus]
            if not parts:
                parts = ["ordre changé"]
            return f"{label} ({', '.join(parts)})"
    shown_before, shown_after = _value(before), _value(after)
    if shown_before is not None and shown_after is not None:
        return f"{label} ({shown_before} → {shown_after})"
    return label


def _record_line(change: RecordChange, spec: Kind) -> str:
    word = _agree(STATUS_WORDS[change.status], spec.feminine).capitalize()
    title = f"« {escape(change.title)} »"
    if change.kind == "home":
        line = f"- **{word}** : {', '.join(describe_field(f) for f in change.fields)}"
        return line
    if change.status == "renamed":
        line = (f"- **Identifiant changé** : {title} ({code(change.old_id or '')} → "
                f"{code(change.record_id)}) ; " + (
                    "l'ancien identifiant est dans former_ids : les anciens liens mènent "
                    "encore à cette fiche" if change.kept else
                    "les liens vers l'ancien identifiant ne mèneront plus à cette fiche"))
    else:
        line = f"- **{word}** : {title} ({code(change.record_id)})"
    if change.fields:
        line += " — " + ", ".join(describe_field(f) for f in change.fields)
    return line


def _overview(diff: SiteDiff) -> str:
    parts: list[str] = []
    for kind, spec in KINDS.items():
        changes = [c for c in diff.records if c.kind == kind]
        if not changes:
            continue
        if kind == "home":
            parts.append("texte de l'accueil modifié")
            continue
        counts = []
        for status in ("added", "changed", "renamed", "removed"):
            n = sum(1 for c in changes if c.status == status)
            if n:
                counts.append(f"{n} {_agree(STATUS_WORDS[status], spec.feminine, n)}")
        noun = spec.noun[1] if len(changes) > 1 else spec.noun[0]
        parts.append(f"{len(changes)} {noun} ({', '.join(counts)})")
    pages = []
    added, removed = listed(diff.pages_added), listed(diff.pages_removed)
    if added:
        n = len(added)
        pages.append(f"{n} page{'s' if n > 1 else ''} ajoutée{'s' if n > 1 else ''}")
    if removed:
        n = len(removed)
        pages.append(f"{n} page{'s' if n > 1 else ''} retirée{'s' if n > 1 else ''}")
    if diff.pages_edited:
        n = len(diff.pages_edited)
        pages.append(f"{n} page{'s' if n > 1 else ''} écrite{'s' if n > 1 else ''} à la main "
                     f"modifiée{'s' if n > 1 else ''}")
    text = " ; ".join(p for p in [", ".join(parts), ", ".join(pages)] if p)
    return text[0].upper() + text[1:]


def listed(paths: list[str]) -> list[str]:
    """The pages the summary names: not an event's own page, which comes and goes with its
    event, and whose line names it already."""
    return [p for p in paths if not p.startswith(EVENT_PAGES)]


def _page_link(path: str) -> str:
    return code("/" + url_of(path))


def to_markdown(diff: SiteDiff, ref: str, name: str | None = None) -> str:
    """The summary staff read on their pull request, in French; ``name`` names the base
    (« la branche `main` »), else the ref is shown as written."""
    shown = name or code(ref)
    lines = [HEADING, ""]
    if not diff:
        lines.append(f"Aucun changement de contenu par rapport à {shown} : le site reste "
                     "le même.")
        return "\n".join(lines) + "\n"
    lines += [f"Par rapport à {shown} : {_overview(diff)}.", ""]
    for kind, spec in KINDS.items():
        changes = [c for c in diff.records if c.kind == kind]
        if changes:
            lines += [f"### {spec.heading}", "", *(_record_line(c, spec) for c in changes), ""]
    added, removed = listed(diff.pages_added), listed(diff.pages_removed)
    if added or removed or diff.pages_edited:
        lines += ["### Pages", ""]
        lines += [f"- **Ajoutée** : {_page_link(p)}" for p in added]
        lines += [f"- **Retirée** : {_page_link(p)}" for p in removed]
        lines += [f"- **Modifiée** (écrite à la main) : {_page_link(p)}"
                  for p in diff.pages_edited]
        lines.append("")
    return "\n".join(lines)


def failure_markdown(message: str) -> str:
    """The summary when no comparison could be made."""
    return f"{HEADING}\n\nComparaison impossible : {escape(message)}.\n"
