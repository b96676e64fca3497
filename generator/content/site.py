"""The checked content as one aggregate: :class:`Site`, every cross-reference resolved both ways.

Made by :func:`generator.content.validate.load_site`; read by every later stage (pages,
outputs, engines, commands), which import it from here rather than from the checker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .model import (
    Article,
    Category,
    Committee,
    Event,
    Home,
    Organisation,
    Person,
    Project,
    Publication,
    Term,
    Timeline,
)
from .problems import Problem


@dataclass
class Seated:
    """A person's or organisation's seat on one committee."""

    committee: Committee
    role: str | None
    organisation: Organisation | None


@dataclass
class Site:
    """All content, checked, with every cross-reference resolved both ways."""

    timeline: Timeline
    projects: dict[str, Project]
    terms: dict[str, Term]
    people: dict[str, Person]
    organisations: dict[str, Organisation]
    committees: list[Committee]
    publications: list[Publication]
    home: Home
    sources: dict[str, str] = field(default_factory=dict)
    """Record key (``event:<id>``, ``project:<id>``…) → file it is written in."""
    lines: dict[str, int] = field(default_factory=dict)
    """Record key → line of the record in its file."""
    warnings: list[Problem] = field(default_factory=list)
    """Likely mistakes that do not stop the build."""

    def __post_init__(self) -> None:
        self.categories: dict[str, Category] = {c.id: c for c in self.timeline.legend}
        self.events: list[Event] = sorted(self.timeline.events, key=lambda e: e.date)
        self.event_by_id = {e.id: e for e in self.events}
        self.events_of: dict[str, list[Event]] = defaultdict(list)
        for event in self.events:
            for kind, ids in (("project", event.projects), ("person", event.people),
                              ("organisation", event.organisations), ("term", event.terms),
                              ("category", event.categories)):
                for ref in ids:
                    self.events_of[f"{kind}:{ref}"].append(event)
        self.seats_of: dict[str, list[Seated]] = defaultdict(list)
        for committee in self.committees:
            for seat in committee.members:
                org = self.organisations.get(seat.organisation or "")
                for person_id in seat.people:
                    self.seats_of[f"person:{person_id}"].append(Seated(committee, seat.role, org))
                if org is not None:
                    self.seats_of[f"organisation:{org.id}"].append(
                        Seated(committee, seat.role, org))
        self.definitions_of_event: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms.values():
            for event_id in dict.fromkeys(d.event for d in term.definitions if d.event):
                self.definitions_of_event[event_id].append(term)
        self.writings_of: dict[str, list[tuple[Publication, str]]] = defaultdict(list)
        # Featured people are not authors: their pages list these articles apart.
        self.featured_in: dict[str, list[tuple[Publication, Article]]] = defaultdict(list)
        for publication in self.publications:
            for article in publication.articles:
                for person_id in [*article.authors, *article.contributors]:
                    self.writings_of[person_id].append((publication, article.title))
                for person_id in article.featured:
                    self.featured_in[person_id].append((publication, article))
        self.people_of_org: dict[str, list[Person]] = defaultdict(list)
        for person in self.people.values():
            for org_id in person.organisations:
                self.people_of_org[org_id].append(person)
