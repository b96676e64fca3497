"""Which pages of the site a change affects, most important first: what the preview shows.

A page is affected when a change adds it, removes it, or changes its Markdown (see
:class:`generator.commands.diff.SiteDiff`). Pages that show a changed record where it lives (an
event on its chronology page and on its own page, a person's own page, a term in the
glossary) and the hand-written pages staff edited come first; the pages that only list or
count a changed record (the home page's figures, the people an event names, the events
whose « Précédent / Suivant » links lead to it) follow, in the site's order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..content.model import Event
from ..pages.chronology import INDEX, Chronology, split
from ..pages.pages import event_location
from ..text.urls import event_page, url_of
from .diff import KINDS, STATUS_WORDS, Comparison, RecordChange

Status = Literal["added", "changed", "removed"]

HOME = "index.md"

# Where each kind of record is shown, besides an event (on its chronology page): a page of
# its own, or its anchor (its id) on the page that lists its kind.
OWN_PAGES = {"person": "personnes", "project": "terrains"}
ANCHORED = {"term": "glossaire/index.md", "organisation": "organisations/index.md",
            "committee": "comites/index.md", "publication": "publications/index.md"}

INDIRECT = "Liste, compte ou cite un élément modifié"
"""Why a page changed when it is not a changed record's own place."""
NEIGHBOUR = "Ses liens « Précédent » ou « Suivant » mènent à un événement modifié"
"""Why an event's own page changed when only its neighbours in time did."""


@dataclass(frozen=True)
class AffectedPage:
    """One page of the site that the change adds, changes or removes."""

    path: str
    """Markdown path in the site, such as ``chronologie/index.md``."""
    status: Status
    direct: bool
    """The page shows a changed record where it lives, or was added or edited by hand."""
    anchor: str | None = None
    """Where on the page the first change it shows is (a record's id), if anywhere."""
    reasons: tuple[str, ...] = ()
    """What changed there, in French (« Événement modifié : « … » »)."""

    @property
    def url(self) -> str:
        """The page's address below the site's root: ``chronologie/``, or ``""`` for home."""
        return url_of(self.path)


@dataclass
class _Entry:
    anchor: str | None = None
    reasons: list[str] = field(default_factory=list)


def affected_pages(comparison: Comparison) -> list[AffectedPage]:
    """Every page the change touches: the direct ones first, then the others in the site's
    order, then the removed ones."""
    diff = comparison.diff
    present = {*diff.pages_added, *diff.pages_edited, *diff.pages_regenerated}
    head, base = split(comparison.head.events), split(comparison.base.events)
    direct: dict[str, _Entry] = {}
    for change in diff.records:
        for path, anchor in record_places(change, base if change.status == "removed" else head):
            if path in present:
                entry = direct.setdefault(path, _Entry())
                entry.anchor = entry.anchor or anchor
                entry.reasons.append(reason(change))
    for path in diff.pages_added:
        direct.setdefault(path, _Entry(reasons=["Page ajoutée"]))
    for path in diff.pages_edited:
        direct.setdefault(path, _Entry(reasons=["Page écrite à la main modifiée"]))
    added = set(diff.pages_added)
    pages = [AffectedPage(path, "added" if path in added else "changed", True, entry.anchor,
                          tuple(entry.reasons or [INDIRECT]))
             for path, entry in direct.items()]
    moved = _moved_neighbours(comparison)
    # A long list page (the glossary, the organisations) is shot at the first entry it
    # changes, not at its top.
    pages += [AffectedPage(path, "changed", False, diff.first_changes.get(path)
                           if path in ANCHORED.values() else None,
                           (NEIGHBOUR if path in moved else INDIRECT,))
              for path in diff.pages_regenerated if path not in direct]
    pages += [AffectedPage(path, "removed", True, reasons=("Page retirée",))
              for path in diff.pages_removed]
    return pages


def _moved_neighbours(comparison: Comparison) -> set[str]:
    """The own pages of the events whose previous or next event was added, removed,
    changed or moved in time."""
    changed = {c.record_id for c in comparison.diff.records if c.kind == "event"}
    changed |= {c.old_id for c in comparison.diff.records if c.kind == "event" and c.old_id}
    before = _neighbours(comparison.base.events)
    pages = set()
    for event_id, around in _neighbours(comparison.head.events).items():
        if before.get(event_id) != around or changed & set(around):
            pages.add(event_page(event_id))
    return pages


def _neighbours(events: list[Event]) -> dict[str, tuple[str | None, str | None]]:
    ids = [e.id for e in events]
    return {event_id: (ids[i - 1] if i else None, ids[i + 1] if i + 1 < len(ids) else None)
            for i, event_id in enumerate(ids)}


def record_places(change: RecordChange,
                  chronology: Chronology) -> list[tuple[str, str | None]]:
    """Every place a changed record is shown: :func:`record_place`, and an event's own page
    too (a removed event's page is a removed page)."""
    place = record_place(change, chronology)
    if change.kind == "event" and change.status != "removed":
        return [place, (event_page(change.record_id), None)]
    return [place]


def record_place(change: RecordChange, chronology: Chronology) -> tuple[str, str | None]:
    """The page (Markdown path) and anchor where a changed record is shown; a removed
    record, the page that listed it."""
    kind, record_id, removed = change.kind, change.record_id, change.status == "removed"
    if kind == "event":
        if chronology.has(record_id):
            path, anchor = event_location(chronology, record_id)
            return path, None if removed else anchor
        return INDEX, None
    if kind in OWN_PAGES:
        folder = OWN_PAGES[kind]
        return (f"{folder}/index.md", None) if removed else (f"{folder}/{record_id}.md", None)
    if kind in ANCHORED:
        return ANCHORED[kind], None if removed else record_id
    if kind == "home":
        return HOME, None
    return INDEX, None  # legend categories and periods: the chronology's frise and filters


def reason(change: RecordChange) -> str:
    """« Événement modifié : « Lancement » », « Personne ajoutée : « Jeanne Dupont » »."""
    spec = KINDS[change.kind]
    word = STATUS_WORDS[change.status] + ("e" if spec.feminine else "")
    if change.kind == "home":
        return f"Texte de l'accueil {word}"
    text = f"{spec.noun[0].capitalize()} {word} : « {change.title} »"
    if change.status == "renamed":
        text += f" (ancien identifiant : {change.old_id})"
    return text
