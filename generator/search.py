"""What the site's search finds: one record per event, term, organisation, committee and
publication, each with the address of its anchor, so that a result opens the record itself
and not the top of a long page.

People and project sheets have a page each: a search engine indexes those pages as they
are. The pages that gather many records (the chronology, the glossary…) are indexed as
their records instead (:data:`RECORD_PAGES`), plus one record for the page itself.

Nothing here knows a search engine: an adapter gives the records to one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .dates import french_span
from .markup import one_line, render_markdown
from .pages import url_of
from .typography import Typesetter
from .validate import Site

RECORD_PAGES = ("chronologie/index.md", "glossaire/index.md", "organisations/index.md",
                "comites/index.md", "publications/index.md")
"""Pages indexed as the records they list rather than as pages."""


@dataclass(frozen=True)
class SearchRecord:
    """One result the search can give."""

    url: str
    """Address from the site's root, anchor included: ``chronologie/#analyse-chatel``."""
    kind: str
    """What the record is, for the reader: « Événement », « Notion »…"""
    title: str
    text: str
    """Plain text the search reads and quotes from."""
    date: str | None = None
    """When, as the site writes it (« mai 2024 »)."""


_TAGS = re.compile(r"<[^>]+>")


def plain(markdown: str) -> str:
    """A Markdown field as the words a reader sees, on one line."""
    return one_line(html.unescape(_TAGS.sub(" ", render_markdown(markdown))))


def search_records(site: Site) -> list[SearchRecord]:
    """Every record of the pages in :data:`RECORD_PAGES`, in the order of those pages."""
    records: list[SearchRecord] = []

    def add(path: str, anchor: str | None, kind: str, title: str, *texts: str | None,
            date: str | None = None) -> None:
        url = url_of(path) + (f"#{anchor}" if anchor else "")
        text = " ".join(one_line(t) for t in texts if t)
        records.append(SearchRecord(url, kind, title, text, date))

    chronology = "chronologie/index.md"
    add(chronology, None, "Page", "Chronologie",
        f"{len(site.events)} événements du programme de R&D de Clus'Ter Jura, classés par "
        "année et par catégorie.",
        *(f"{p.title} ({french_span(p.start, p.end)}) : {plain(p.summary or '')}"
          for p in site.timeline.periods))
    def listed(label: str, names: list[str]) -> str | None:
        return f"{label} : {', '.join(names)}." if names else None

    for event in site.events:
        quote = event.quote
        add(chronology, event.id, "Événement", event.title,
            plain(event.summary),
            f"« {quote.text} » — {quote.attribution}." if quote else None,
            listed("Catégories", [site.categories[c].label for c in event.categories]),
            listed("Terrains", [site.projects[i].name for i in event.projects]),
            listed("Personnes", [site.people[i].name for i in event.people]),
            listed("Organisations", [site.organisations[i].name for i in event.organisations]),
            listed("Notions", [site.terms[i].acronym or site.terms[i].term
                               for i in event.terms]),
            listed("Ressources", [r.title for r in event.resources]),
            listed("Mots-clés", list(event.tags)),
            date=french_span(event.date, event.end))

    glossary = "glossaire/index.md"
    add(glossary, None, "Page", "Glossaire", "Les notions et les sigles du programme.")
    for term in site.terms.values():
        add(glossary, term.id, "Notion",
            f"{term.acronym} — {term.term}" if term.acronym else term.term,
            *(plain(d.text) for d in term.definitions),
            listed("Voir aussi", [site.terms[i].term for i in term.see_also]))

    organisations = "organisations/index.md"
    add(organisations, None, "Page", "Organisations", "Les organisations citées par le programme.")
    for org in site.organisations.values():
        add(organisations, org.id, "Organisation",
            f"{org.name} ({org.acronym})" if org.acronym else org.name,
            org.kind, plain(org.summary) if org.summary else None,
            listed("Personnes", [p.name for p in site.people_of_org[org.id]]))

    committees = "comites/index.md"
    add(committees, None, "Page", "Comités", "Les comités du programme et leurs membres.")
    for committee in site.committees:
        members = [site.people[i].name for seat in committee.members for i in seat.people]
        members += [site.organisations[seat.organisation].name for seat in committee.members
                    if seat.organisation]
        add(committees, committee.id, "Comité", committee.name, plain(committee.mission),
            plain(committee.summary) if committee.summary else None,
            listed("Membres", members))

    publications = "publications/index.md"
    add(publications, None, "Page", "Publications", "Les publications du programme.")
    for publication in site.publications:
        articles = [a.title + (f" ({', '.join(site.people[i].name for i in a.authors)})."
                               if a.authors else ".") for a in publication.articles]
        add(publications, publication.id, "Publication", publication.title,
            plain(publication.summary) if publication.summary else None, *articles,
            date=publication.date.french() if publication.date else None)

    typesetter = Typesetter()
    return [SearchRecord(r.url, r.kind, typesetter.text(r.title), typesetter.text(r.text),
                         typesetter.text(r.date) if r.date else None) for r in records]
