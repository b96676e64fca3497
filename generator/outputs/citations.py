"""How to cite each record: a French reference to copy, BibTeX and RIS.

A :class:`Reference` is built from the model for each record a reader may cite (an event,
a project sheet, a glossary term, a publication, an article) and written three ways:
:meth:`Reference.french` (the text shown under « Citer »), :func:`bibtex` and :func:`ris`.
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
from ..content.site import Site, fold
from ..text.markup import site_target

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


def article_slugs(publication: Publication) -> list[str]:
    """Each article's id within its publication, for its page and its citation key: its rank
    (« article-3 »), which a corrected title does not change."""
    return [f"article-{rank}" for rank in range(1, len(publication.articles) + 1)]


class Urls:
    """Absolute URLs of the site's records, from ``site_url`` (directory URLs)."""

    def __init__(self, site_url: str,
                 event_page: Callable[[str], str] = lambda _: "chronologie/index.md") -> None:
        self.root = site_url if site_url.endswith("/") else site_url + "/"
        self.event_page = event_page
        """The Markdown path of the chronology page that shows an event."""

    def page(self, path: str) -> str:
        """``terrains/chatel.md`` → ``…/terrains/chatel/``."""
        stem = path.removesuffix(".md")
        if stem == "index":
            return self.root
        if stem.endswith("/index"):
            return self.root + stem.removesuffix("index")
        return self.root + stem + "/"

    def file(self, path: str) -> str:
        return self.root + path

    def written(self, written: str) -> str:
        """A path of the site as a YAML text writes it (« publications/ », « glossaire/#ptce »)
        as an absolute URL, for what is read away from the site (feeds, TimelineJS)."""
        resolved = site_target(written)
        if resolved is None:
            return written  # refused by validation
        kind, target, anchor = resolved
        if kind == "event":
            return self.event(anchor)
        url = self.file(target) if kind == "file" else self.page(target)
        return url + (f"#{anchor}" if anchor else "")

    def event(self, event_id: str) -> str:
        return self.page(self.event_page(event_id)) + "#" + event_id

    def project(self, project_id: str) -> str:
        return self.page(f"terrains/{project_id}.md")

    def term(self, term_id: str) -> str:
        return self.page("glossaire/index.md") + "#" + term_id

    def person(self, person_id: str) -> str:
        return self.page(f"personnes/{person_id}.md")

    def organisation(self, organisation_id: str) -> str:
        return self.page("organisations/index.md") + "#" + organisation_id

    def committee(self, committee_id: str) -> str:
        return self.page("comites/index.md") + "#" + committee_id

    def publication(self, publication_id: str) -> str:
        return self.page("publications/index.md") + "#" + publication_id

    def article(self, publication_id: str, article_slug: str) -> str:
        return self.page(article_page(publication_id, article_slug))


def article_page(publication_id: str, article_slug: str) -> str:
    """Path of an article's own page, the one Zotero reads."""
    return f"publications/{publication_id}/{article_slug}.md"


def citation_file(key: str, extension: str) -> str:
    """Path of one record's BibTeX or RIS file."""
    return f"donnees/citer/{key}.{extension}"


class Citations:
    """The references of one site's records."""

    def __init__(self, site: Site, site_url: str, updated: dt.date | None,
                 plain: Callable[[str], str] | None = None,
                 event_page: Callable[[str], str] | None = None) -> None:
        self.site = site
        self.urls = Urls(site_url, event_page) if event_page else Urls(site_url)
        self.updated = updated
        self._plain = plain

    def _text(self, markdown: str | None) -> str | None:
        if markdown is None:
            return None
        return self._plain(markdown) if self._plain else markdown

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
    return fold(publication.status) == "en preparation"


def _is_thesis(publication: Publication) -> bool:
    return fold(publication.status) == "soutenue"


def _status_note(publication: Publication) -> str | None:
    return None if fold(publication.status) == "publiee" else publication.status.capitalize()


# BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPES = str.maketrans(_BIBTEX_SPECIAL)
# BibTeX counts every brace, escaped or not: braces that pair up are written \{ \}, others
# as commands, so that no text can unbalance an entry.
_BALANCED_BRACES = str.maketrans({"{": r"\{", "}": r"\}"}) | _BIBTEX_ESCAPES
_LONE_BRACES = str.maketrans({"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}) \
    | _BIBTEX_ESCAPES


def _balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


_BIBTEX_TYPES = {"webpage": "misc", "article": "article", "issue": "misc",
                 "thesis": "phdthesis", "unpublished": "unpublished", "document": "misc"}
_MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec"]


def bibtex_text(text: str) -> str:
    """Text as a braced BibTeX value: LaTeX's special characters written as commands (braces
    included, so that no text can unbalance the entry), one line."""
    text = " ".join(text.split())
    return text.translate(_BALANCED_BRACES if _balanced(text) else _LONE_BRACES)


def _date_range(ref: Reference) -> str | None:
    if ref.date is None:
        return None
    return f"{ref.date.iso()}/{ref.end.iso()}" if ref.end and ref.end != ref.date \
        else ref.date.iso()


def bibtex(ref: Reference) -> str:
    """One BibTeX entry (biblatex's ``date`` keeps the precision; ``year``/``month`` for
    classic BibTeX)."""
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(bibtex_text(a.inverted()) for a in ref.authors)))
    elif ref.kind == "webpage":
        fields.append(("author", "{" + bibtex_text(PUBLISHER) + "}"))
    fields.append(("title", bibtex_text(ref.title)))
    if ref.kind == "article" and ref.container:
        fields.append(("journal", bibtex_text(ref.container)))
    elif ref.container:
        fields.append(("howpublished", bibtex_text(ref.container)))
    if ref.issue:
        fields.append(("number", bibtex_text(ref.issue)))
    if ref.issue_title:
        fields.append(("issuetitle", bibtex_text(ref.issue_title)))
    if ref.first_page is not None:
        fields.append(("pages", str(ref.first_page)))
    if ref.publisher:
        fields.append(("school" if ref.kind == "thesis" else "publisher",
                       bibtex_text(ref.publisher)))
    if ref.date:
        fields.append(("year", str(ref.date.year)))
        fields.append(("date", _date_range(ref) or ""))
    if ref.updated and ref.kind == "webpage":
        fields.append(("note", bibtex_text(f"Mis à jour le {french_day(ref.updated)}")))
    elif ref.note:
        fields.append(("note", bibtex_text(ref.note)))
    if ref.keywords:
        fields.append(("keywords", bibtex_text(", ".join(ref.keywords))))
    if ref.abstract:
        fields.append(("abstract", bibtex_text(ref.abstract)))
    # A verbatim field for biblatex and \url: written as it is (ids never need escaping).
    fields.append(("url", ref.url))
    fields.append(("language", "french"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {_MONTH_MACROS[ref.date.month - 1]}" if ref.date and ref.date.month \
        else ""
    return f"@{_BIBTEX_TYPES[ref.kind]}{{{ref.key},\n{body}{month}\n}}\n"


# RIS -------------------------------------------------------------------------------------

_RIS_TYPES = {"webpage": "ELEC", "article": "JOUR", "issue": "JFULL", "thesis": "THES",
              "unpublished": "UNPB", "document": "GEN"}


def ris(ref: Reference) -> str:
    """One RIS record (CRLF lines, ``DA`` as ``YYYY/MM/DD/`` with empty unknown parts)."""
    lines = [("TY", _RIS_TYPES[ref.kind]), ("ID", ref.key)]
    lines += [("AU", a.inverted()) for a in ref.authors] or (
        [("AU", PUBLISHER)] if ref.kind == "webpage" else [])
    lines.append(("TI", ref.title))
    if ref.container:
        lines.append(("T2", ref.container))
        if ref.kind == "article":
            lines.append(("JO", ref.container))
    if ref.issue:
        lines.append(("IS", ref.issue))
    if ref.first_page is not None:
        lines.append(("SP", str(ref.first_page)))
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.date:
        lines.append(("PY", str(ref.date.year)))
        month = f"{ref.date.month:02d}" if ref.date.month else ""
        day = f"{ref.date.day:02d}" if ref.date.day else ""
        lines.append(("DA", f"{ref.date.year:04d}/{month}/{day}/"))
    if ref.updated and ref.kind == "webpage":
        lines.append(("N1", f"Mis à jour le {french_day(ref.updated)}"))
    elif ref.note:
        lines.append(("N1", ref.note))
    lines += [("KW", k) for k in ref.keywords]
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines += [("UR", ref.url), ("LA", "fr"), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)

