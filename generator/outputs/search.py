"""What the site's search finds: one record per event, term, organisation, committee and
publication, each with the address of its anchor, so that a result opens the record itself
and not the top of a long page.

People and project sheets have a page each: a search engine indexes those pages as they
are. The pages that gather many records (the chronology, the glossary…) are indexed as
their records instead (:data:`RECORD_PAGES`), plus one record for the page itself.

A search engine reads the records as small HTML documents (:func:`search_documents`), one
heading with the record's anchor per record. Up to :data:`DOCUMENTS` records, each is a
document of its own, ranked on its own; beyond, records share documents, so that the
engine's cost (about a millisecond per document) stays the same at any size, and a query
still downloads the text of a few records, never of a whole chronology.

Nothing here knows a search engine: an adapter gives the documents to one.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from ..content.dates import french_span
from ..content.site import Site
from ..pages.typography import Typesetter
from ..text import urls
from ..text.markup import markdown_words, one_line
from ..text.urls import url_of

RECORD_PAGES = (urls.CHRONOLOGY, urls.GLOSSARY, urls.ORGANISATIONS, urls.COMMITTEES,
                urls.PUBLICATIONS)
"""Pages indexed as the records they list rather than as pages."""


UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
"""Material's own search engine (lunr, its languages and its worker), which the theme copies
into every site: the search here is Pagefind's, and Material never starts its engine (see
``theme/partials/search.html``). 1.2 MB and 36 files that no page would ever load; an
engine adapter leaves them out of the site."""

STAFF_PAGES = ("contribuer/index.md",)
"""Pages for staff, left out of the readers' search: the guide quotes error messages and
identifiers (« Sortie-Terrain-Chatel ») that would come up among the records."""


def is_indexed_as_page(path: str) -> bool:
    """Whether the page at ``path`` is one search result (not its records, not for staff)."""
    return not is_record_page(path) and path not in STAFF_PAGES


def is_record_page(path: str) -> bool:
    """Whether the page at ``path`` (a Markdown path) is indexed as its records: those of
    :data:`RECORD_PAGES`, and every page of the chronology (split by year when large)."""
    return path in RECORD_PAGES or path.startswith(urls.CHRONOLOGY_DIR)


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


def search_records(site: Site,
                   event_page: Callable[[str], str] | None = None) -> list[SearchRecord]:
    """Every record of the pages in :data:`RECORD_PAGES`, in the order of those pages.
    ``event_page`` gives the page (Markdown path) of an event by its id, for a chronology
    published on several pages; by default every event is on ``chronologie/index.md``."""
    records: list[SearchRecord] = []

    def add(path: str, anchor: str | None, kind: str, title: str, *texts: str | None,
            date: str | None = None) -> None:
        url = url_of(path) + (f"#{anchor}" if anchor else "")
        text = " ".join(one_line(t) for t in texts if t)
        records.append(SearchRecord(url, kind, title, text, date))

    chronology = urls.CHRONOLOGY
    add(chronology, None, "Page", "Chronologie",
        f"{len(site.events)} événements du programme de R&D de Clus'Ter Jura, classés par "
        "année et par catégorie.",
        *(f"{p.title} ({french_span(p.start, p.end)}) : {markdown_words(p.summary or '')}"
          for p in site.timeline.periods))
    def listed(label: str, names: list[str]) -> str | None:
        return f"{label} : {', '.join(names)}." if names else None

    for event in site.events:
        quotes = ([event.quote] if event.quote else []) + list(event.quotes)
        add(event_page(event.id) if event_page else chronology, event.id, "Événement",
            event.title,
            markdown_words(event.summary),
            *(f"« {quote.text} » — {quote.attribution}." for quote in quotes),
            listed("Catégories", [site.categories[c].label for c in event.categories]),
            listed("Terrains", [site.projects[i].name for i in event.projects]),
            listed("Personnes", [site.people[i].name for i in event.people]),
            listed("Organisations", [site.organisations[i].name for i in event.organisations]),
            listed("Notions", [site.terms[i].acronym or site.terms[i].term
                               for i in event.terms]),
            listed("Ressources", [r.title for r in event.resources]),
            listed("Mots-clés", list(event.tags)),
            date=french_span(event.date, event.end))

    glossary = urls.GLOSSARY
    add(glossary, None, "Page", "Glossaire", "Les notions et les sigles du programme.")
    for term in site.terms.values():
        add(glossary, term.id, "Notion",
            f"{term.acronym} — {term.term}" if term.acronym else term.term,
            *(markdown_words(d.text) for d in term.definitions),
            listed("Voir aussi", [site.terms[i].term for i in term.see_also]))

    organisations = urls.ORGANISATIONS
    add(organisations, None, "Page", "Organisations", "Les organisations citées par le programme.")
    for org in site.organisations.values():
        add(organisations, org.id, "Organisation",
            f"{org.name} ({org.acronym})" if org.acronym else org.name,
            org.kind, markdown_words(org.summary) if org.summary else None,
            listed("Personnes", [p.name for p in site.people_of_org[org.id]]))

    committees = urls.COMMITTEES
    add(committees, None, "Page", "Comités", "Les comités du programme et leurs membres.")
    for committee in site.committees:
        members = [site.people[i].name for seat in committee.members for i in seat.people]
        members += [site.organisations[seat.organisation].name for seat in committee.members
                    if seat.organisation]
        add(committees, committee.id, "Comité", committee.name, markdown_words(committee.mission),
            markdown_words(committee.summary) if committee.summary else None,
            listed("Membres", members))

    publications = urls.PUBLICATIONS
    add(publications, None, "Page", "Publications", "Les publications du programme.")
    for publication in site.publications:
        articles = [a.title + (f" ({', '.join(site.people[i].name for i in people)})."
                               if (people := [*a.featured, *a.authors]) else ".")
                    for a in publication.articles]
        add(publications, publication.id, "Publication", publication.title,
            markdown_words(publication.summary) if publication.summary else None, *articles,
            date=publication.date.french() if publication.date else None)

    typesetter = Typesetter()
    return [SearchRecord(r.url, r.kind, typesetter.text(r.title), typesetter.text(r.text),
                         typesetter.text(r.date) if r.date else None) for r in records]


DOCUMENTS = 500
"""About as many search documents as the records may make, whatever their number."""


@dataclass(frozen=True)
class SearchDocument:
    """A small HTML document for the search engine, served at ``url`` (its page)."""

    url: str
    html: str


def search_documents(records: list[SearchRecord],
                     group: int | None = None) -> list[SearchDocument]:
    """The records as documents: each page's own record alone, the anchored records of one
    page and kind by ``group`` (by default 1, or as many as keeps about :data:`DOCUMENTS`
    documents). A document marked ``group`` (served at its page's address with
    ``?groupe=<n>``) holds one heading per record (its title, then « · » and its date if it
    has one), each with the record's anchor."""
    if group is None:
        group = max(1, -(-len(records) // DOCUMENTS))
    documents: list[SearchDocument] = []
    pending: list[SearchRecord] = []
    titles: dict[str, str] = {}

    def flush() -> None:
        if not pending:
            return
        first = pending[0]
        sections = "".join(
            f'<section><h2 id="{html.escape(r.url.partition("#")[2])}">{html.escape(r.title)}'
            + (f"<span> · {html.escape(r.date)}</span>" if r.date else "")
            + f"</h2><p>{html.escape(r.text)}</p></section>" for r in pending)
        page = first.url.partition("#")[0]
        # One address per document (the engine keeps one document per address); the
        # results give each record's own address, its page and anchor.
        documents.append(SearchDocument(f"{page}?groupe={len(documents)}", _document(
            first.kind, titles.get(page, ""), sections, group=True)))
        pending.clear()

    for record in records:
        page, _, anchor = record.url.partition("#")
        if not anchor:
            flush()
            titles[page] = record.title
            documents.append(SearchDocument(page, _document(
                record.kind, record.title, f"<p>{html.escape(record.text)}</p>")))
            continue
        if pending and (len(pending) == group or pending[0].kind != record.kind
                        or pending[0].url.partition("#")[0] != page):
            flush()
        pending.append(record)
    flush()
    return documents


def _document(kind: str, title: str, body: str, group: bool = False) -> str:
    mark = ' data-pagefind-meta="group:1"' if group else ""
    return (f'<html lang="fr"><body><article class="md-content__inner md-typeset" '
            f'data-pagefind-meta="kind:{html.escape(kind)}"><h1{mark}>{html.escape(title)}</h1>'
            f"{body}</article></body></html>")
