"""How to cite each record: the references a reader may copy or download.

A :class:`Reference` is built from the model for each record a reader may cite (an event,
a project sheet, a glossary term, a publication, an article) and written three ways:
:meth:`Reference.french` (the text shown under « Citer », on the pages), and BibTeX and RIS
(:mod:`generator.outputs.citation_formats`, the files the « Citer » box links to).
RegarD's own records are authored by Clus'Ter Jura; publications and articles by the people
the content names. Nothing is added that the content does not give: an article has its first
page only, a reference has no access date (« consulté le … » is left for the reader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from ..content.dates import PartialDate, french_span
from ..content.model import Article, Event, Person, Project, Publication, Term
from ..content.site import Site
from ..text.slugs import fold_accents
from ..text.urls import Urls

PUBLISHER = "Clus'Ter Jura"
"""Author and publisher of RegarD's own records."""
WEBSITE = "RegarD, centre de ressources R&D de Clus'Ter Jura"

Kind = Literal["webpage", "article", "issue", "thesis", "unpublished", "document"]


@dataclass(frozen=True)
class Name:
    """A person's name split as bibliographies want it."""

    given: str
    family: str

    def inverted(self) -> str:
        """« Chenderowsky, Blandine »."""
        return f"{self.family}, {self.given}" if self.given else self.family

    def french(self) -> str:
        """« CHENDEROWSKY Blandine », as French references print authors."""
        return f"{self.family.upper()} {self.given}".strip()


_PARTICLES = {"de", "du", "des", "d'", "le", "la", "van", "von", "der"}


def split_name(person: Person) -> Name:
    """Family and given names: ``sort_name`` names the family name when the last word is not
    it (« Diane de Mareschal »: « de Mareschal », « Diane »); a particle goes with it."""
    name = " ".join(person.name.split())
    family = person.sort_name if person.sort_name and name.endswith(person.sort_name) \
        else name.split(" ")[-1]
    given = name[: len(name) - len(family)].strip()
    words = given.split(" ") if given else []
    while words and words[-1].lower() in _PARTICLES:
        family = f"{words.pop()} {family}"
    return Name(" ".join(words), family)


@dataclass(frozen=True)
class Reference:
    """Everything a reference says about one record; empty fields are left out."""

    key: str
    """Citation key (BibTeX) and RIS ``ID``, stable: built from the record's id."""
    kind: Kind
    title: str
    url: str
    authors: tuple[Name, ...] = ()
    """People; without any, the author is :data:`PUBLISHER` (a corporate author)."""
    date: PartialDate | None = None
    end: PartialDate | None = None
    container: str | None = None
    """Where the record stands: the website's section, or the journal of an article."""
    issue: str | None = None
    issue_title: str | None = None
    """Title of the issue an article belongs to (a themed issue of a periodical)."""
    first_page: int | None = None
    publisher: str | None = None
    updated: dt.date | None = None
    """When the page was last changed (RegarD's own records)."""
    abstract: str | None = None
    keywords: tuple[str, ...] = ()
    note: str | None = None
    label: str = field(default="")
    """What kind of record, in French, for the reference (« fiche terrain », « notion »)."""

    def french(self) -> str:
        """The reference to copy, in French, with « consulté le … » for the reader to fill."""
        if self.authors:
            names = [a.french() for a in self.authors]
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        else:
            # RegarD's own pages are Clus'Ter Jura's; a work whose author the content does
            # not name is cited by its title.
            who = PUBLISHER if self.kind == "webpage" else ""
        parts = [f"{who}. « {self.title} »" if who else f"« {self.title} »"]
        if self.kind == "webpage":
            if self.date:
                parts[0] += f" ({french_span(self.date, self.end)})"
            parts.append(f"{self.label.capitalize()}, dans {self.container}" if self.label
                         else f"Dans {self.container}")
            if self.updated:
                parts.append(f"Mis à jour le {french_day(self.updated)}")
            parts.append(f"En ligne : {self.url} (consulté le …)")
            return ". ".join(parts) + "."
        details = [p for p in (self.container, self.issue, self.publisher) if p]
        if self.date:
            details.append(self.date.french())
        if self.first_page is not None:
            details.append(f"p. {self.first_page}")
        if self.note:
            details.append(self.note)
        if details:
            parts.append(", ".join(details))
        parts.append(f"Notice sur RegarD : {self.url} (consultée le …)")
        return ". ".join(parts) + "."


def french_day(day: dt.date) -> str:
    """« 1er mars 2026 »."""
    return PartialDate(day.year, day.month, day.day).french()


class Citations:
    """The references of one site's records."""

    def __init__(self, site: Site, site_url: str, updated: dt.date | None,
                 abstract_text: Callable[[str], str] | None = None,
                 event_page: Callable[[str], str] | None = None) -> None:
        self.site = site
        self.urls = Urls(site_url, event_page) if event_page else Urls(site_url)
        self.updated = updated
        self._abstract_text = abstract_text
        """How a Markdown field becomes an abstract (plain text in the citation files); as
        written when not given."""

    def _text(self, markdown: str | None) -> str | None:
        if markdown is None:
            return None
        return self._abstract_text(markdown) if self._abstract_text else markdown

    def _names(self, ids: Iterable[str]) -> tuple[Name, ...]:
        return tuple(split_name(self.site.people[i]) for i in ids)

    def event(self, event: Event) -> Reference:
        return Reference(
            key=f"regard-evenement-{event.id}", kind="webpage", title=event.title,
            url=self.urls.event(event.id), date=event.date, end=event.end,
            container=f"{WEBSITE}, chronologie", updated=self.updated, label="événement",
            abstract=self._text(event.summary),
            keywords=tuple(self.site.categories[c].label for c in event.categories))

    def project(self, project: Project) -> Reference:
        return Reference(
            key=f"regard-terrain-{project.id}", kind="webpage", title=project.name,
            url=self.urls.project(project.id), container=f"{WEBSITE}, terrains de recherche",
            updated=self.updated, label="fiche terrain", abstract=self._text(project.summary))

    def term(self, term: Term) -> Reference:
        title = f"{term.term} ({term.acronym})" if term.acronym else term.term
        return Reference(
            key=f"regard-notion-{term.id}", kind="webpage", title=title,
            url=self.urls.term(term.id), container=f"{WEBSITE}, glossaire",
            updated=self.updated, label="notion du glossaire",
            abstract=self._text(term.definitions[-1].text))

    def publication(self, publication: Publication) -> Reference:
        publisher = self.site.organisations[publication.publisher].name \
            if publication.publisher else None
        authors = tuple(dict.fromkeys(a for art in publication.articles for a in art.authors))
        kind: Kind = "thesis" if _is_thesis(publication) else "unpublished" \
            if _unpublished(publication) else "issue" if publication.issue else "document"
        return Reference(
            key=f"regard-publication-{publication.id}", kind=kind, title=publication.title,
            url=self.urls.publication(publication.id),
            authors=self._names(authors) if kind in {"thesis", "unpublished"} else (),
            date=publication.date,
            # An issue of a periodical: the publisher is the periodical.
            container=publisher if kind == "issue" else None,
            issue=publication.issue, publisher=None if kind == "issue" else publisher,
            abstract=self._text(publication.summary), note=_status_note(publication))

    def article(self, publication: Publication, article: Article, article_slug: str
                ) -> Reference:
        unpublished = _unpublished(publication)
        journal = self.site.organisations[publication.publisher].name \
            if publication.publisher and publication.issue else None
        return Reference(
            key=f"regard-article-{publication.id}-{article_slug}",
            kind="unpublished" if unpublished else "article",
            title=article.title, url=self.urls.article(publication.id, article_slug),
            authors=self._names(article.authors), date=publication.date,
            container=None if unpublished else journal or publication.title,
            issue=publication.issue, issue_title=publication.title if journal else None,
            first_page=article.page, note=_status_note(publication),
            keywords=(article.kind,) if article.kind else ())


def _unpublished(publication: Publication) -> bool:
    return fold_accents(publication.status) == "en preparation"


def _is_thesis(publication: Publication) -> bool:
    return fold_accents(publication.status) == "soutenue"


def _status_note(publication: Publication) -> str | None:
    if fold_accents(publication.status) == "publiee":
        return None
    return publication.status.capitalize()
