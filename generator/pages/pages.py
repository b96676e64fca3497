"""Build the site's pages from a checked :class:`~generator.content.site.Site`.

Each page is a ``(path, Markdown)`` pair: plain Markdown with HTML blocks
where the chronology needs ``<ol>``, ``<li>`` and ``<time>``. Nothing here
knows MkDocs; links assume directory URLs (``terrains/chatel.md`` is served
at ``terrains/chatel/``).
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..content.model import PROJECTS_DIR, Event, Person, Project, Term
from ..content.site import Seated, Site
from ..text import urls
from ..text.markup import (
    attribute_title,
    markdown_words,
)
from ..text.slugs import fold_accents
from ..text.urls import (
    article_page,
    article_slugs,
    citation_file,
    file_link,
    link,
)
from . import frise as frise_layout
from .chronology import (
    FILTER_INDEX,
    INDEX,
    PAGE_LIMIT,
    TEXT_INDEX,
    Chronology,
    event_text,
    filter_index,
    split,
    text_index,
)
from .citations import Citations
from .templating import environment

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page."""

    path: str
    """Path of the Markdown file in the site, such as ``terrains/chatel.md``."""
    markdown: str
    source: str | None = None
    """Content file the page's record is written in, for « Modifier cette page »; a path
    ending in ``/`` is the folder its records are written in."""
    line: int | None = None
    """Line of that record in its file."""


@dataclass(frozen=True)
class DataFile:
    """A generated file that is not a page (the split chronology's filter indexes)."""

    path: str
    text: str


def meta_json(pairs: list[tuple[str, str]]) -> Markup:
    """``<meta>`` name/content pairs as one line of a page's front matter: a JSON list (which
    YAML reads as it is), the theme's head partial escaping each value where it prints it."""
    text = json.dumps([list(p) for p in pairs], ensure_ascii=False)
    # Characters YAML 1.1 reads as line breaks even inside a quoted string.
    for char in "\u0085\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def abbreviations(site: Site) -> dict[str, str]:
    """Acronym → what it stands for, ready for a ``title`` attribute: from the glossary first,
    then organisations and project sheets that give an acronym beside their name (IUGA,
    FBI). An acronym that the content never expands (ADEME, INRAE, IAE are names there)
    gets no tooltip: the site does not invent what it stands for."""
    found: dict[str, str] = {}
    named = [(t.acronym, t.term) for t in site.terms.values()]
    named += [(o.acronym, o.name) for o in site.organisations.values()]
    named += [(p.acronym, p.name) for p in site.projects.values()]
    for acronym, name in named:
        if acronym and acronym.strip() and acronym != name:
            found.setdefault(acronym, attribute_title(name))
    return found


def person_key(person: Person) -> str:
    """Sort people by family name: the explicit ``sort_name``, else the last word."""
    return fold_accents(person.sort_name or person.name.split()[-1] + " " + person.name)


def term_key(term: Term) -> str:
    return fold_accents(term.acronym or term.term)


class Renderer:
    """Renders the pages of one site with the package's Jinja2 templates."""

    def __init__(self, site: Site, chronology: Chronology | None = None, site_url: str = "",
                 updated: dt.date | None = None) -> None:
        self.site = site
        self.chronology = chronology or split(site.events)
        self.env = environment()
        self.citations = Citations(site, site_url, updated,
                                   event_page=self.chronology.page_of)

    def render(self, template: str, path: str, **context: Any) -> str:
        def to(target: str, anchor: str | None = None, html: bool = False) -> Markup:
            return Markup(link(path, target, anchor, html=html))

        def file_to(target: str) -> Markup:
            """A file that is not a page (served as it is), from this page's URL."""
            return Markup(file_link(path, target))

        def to_event(event_id: str, html: bool = False) -> Markup:
            target, anchor = event_location(self.chronology, event_id)
            return Markup(link(path, target, anchor, html=html))

        cite_template = self.env.get_template("cite.html.j2")

        def cite(ref: Any) -> Markup:
            """« Citer »: the reference to copy and its BibTeX and RIS files."""
            return Markup(cite_template.render(
                ref=ref, bib=file_to(citation_file(ref.key, "bib")),
                ris=file_to(citation_file(ref.key, "ris"))).strip())

        return self.env.get_template(template).render(
            path=path, to=to, to_event=to_event, file_to=file_to, site=self.site, cite=cite,
            citations=self.citations, **context)

    def shared(self, template: str, **context: Any) -> Callable[[str], Markup]:
        """A fragment that several pages show alike but for its links (the frise and the
        filter panel on every page of a split chronology): rendered once, then given to each
        page (by its path) with its links written from that page. The template has no
        ``path``, ``cite`` or ``citations``: what differs from page to page other than links
        cannot be shared."""
        def to(target: str, anchor: str | None = None, html: bool = False) -> Markup:
            return Markup(f"\x00{target}\x01{anchor or ''}\x01{'h' if html else 'm'}\x00")

        def file_to(target: str) -> Markup:
            return Markup(f"\x00{target}\x01\x01f\x00")

        def to_event(event_id: str, html: bool = False) -> Markup:
            target, anchor = event_location(self.chronology, event_id)
            return to(target, anchor, html)

        text = self.env.get_template(template).render(
            to=to, to_event=to_event, file_to=file_to, site=self.site, **context)
        # Included where a block tag stood alone on its line (whose line break Jinja drops).
        text = text.removesuffix("\n")

        def for_page(path: str) -> Markup:
            def resolve(link_mark: re.Match[str]) -> str:
                target, anchor, kind = link_mark.groups()
                if kind == "f":
                    return file_link(path, target)
                return link(path, target, anchor or None, html=kind == "h")

            return Markup(_LINK_MARK.sub(resolve, text))

        return for_page

    def page(self, template: str, path: str, source: str | None = None, line: int | None = None,
             **context: Any) -> GeneratedPage:
        return GeneratedPage(path, self.render(template, path, **context), source, line)


_LINK_MARK = re.compile("\x00([^\x00\x01]*)\x01([^\x00\x01]*)\x01([hmf])\x00")
"""A link of a shared fragment (:meth:`Renderer.shared`) before it is written for a page:
target, anchor and kind (HTML, Markdown, file) between characters no text can hold."""


def event_location(chronology: Chronology, event_id: str) -> tuple[str, str]:
    """The page (Markdown path) and anchor of an event: every link to an event goes
    through here, since a large chronology is split into pages per year."""
    return chronology.page_of(event_id), event_id


_EVENT_LINK = re.compile(r"(\]\()([^)\s#]*index\.md)#([a-z0-9]+(?:-[a-z0-9]+)*)\)")


def retarget_event_links(markdown: str, path: str, chronology: Chronology) -> str:
    """A hand-written page's Markdown links to ``chronologie/index.md#<event>``, each led to
    the page that shows the event: staff always write the index, wherever the event is."""
    def retarget(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), match[2]))
        if target != INDEX or not chronology.has(match[3]):
            return match[0]
        page, anchor = event_location(chronology, match[3])
        return f"{match[1]}{link(path, page, anchor)})"

    return _EVENT_LINK.sub(retarget, markdown)


def build_pages(site: Site, site_url: str = "", updated: dt.date | None = None, *,
                chronology_limit: int = PAGE_LIMIT) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order. ``site_url`` and ``updated`` (the
    content's last change) go into the references under « Citer »."""
    chronology = split(site.events, chronology_limit)
    r = Renderer(site, chronology, site_url, updated)
    people = sorted(site.people.values(), key=person_key)
    pages = [r.page("home.md.j2", urls.HOME, "content/home.yml", figures=key_figures(site))]
    pages += chronology_pages(site, r, chronology, people)
    pages += [
        r.page("projects.md.j2", urls.PROJECTS, PROJECTS_DIR + "/"),
        r.page("glossary.md.j2", urls.GLOSSARY, "content/glossary.yml",
               terms=sorted(site.terms.values(), key=term_key)),
        r.page("committees.md.j2", urls.COMMITTEES, "content/committees.yml"),
        r.page("people.md.j2", urls.PEOPLE, "content/people.yml", people=people),
        r.page("organisations.md.j2", urls.ORGANISATIONS, "content/organisations.yml",
               organisations=sorted(site.organisations.values(),
                                    key=lambda o: fold_accents(o.name))),
        r.page("publications.md.j2", urls.PUBLICATIONS, "content/publications.yml"),
    ]
    ordered = projects_in_index_order(site)
    for index, project in enumerate(ordered):
        key = f"project:{project.id}"
        pages.append(r.page("project.md.j2", urls.project_page(project.id), site.sources[key],
                            site.lines[key], project=project,
                            events=site.events_of[key],
                            previous=ordered[index - 1] if index else None,
                            next=ordered[index + 1] if index + 1 < len(ordered) else None,
                            description=first_sentence(project.summary)))
    for person in people:
        key = f"person:{person.id}"
        seats = site.seats_of[key]
        events, writings = site.events_of[key], site.writings_of[person.id]
        # A name and one seat (a team member of a committee): the page says what the seat is.
        thin = (len(seats) == 1 and not events and not writings and not person.organisations
                and not site.featured_in[person.id]
                and not (person.role or person.discipline or person.affiliation))
        pages.append(r.page("person.md.j2", urls.person_page(person.id), site.sources[key],
                            site.lines[key], person=person, events=events, seats=seats,
                            writings=writings, thin=thin,
                            partners=[seat_partners(seat, person.id) for seat in seats],
                            description=describe_person(site, person)))
    for publication in site.publications:
        slugs = article_slugs(publication.articles)
        for article, article_slug in zip(publication.articles, slugs, strict=True):
            ref = r.citations.article(publication, article, article_slug)
            pages.append(r.page("article.md.j2", article_page(publication.id, article_slug),
                                site.sources[f"publication:{publication.id}"],
                                site.lines[f"publication:{publication.id}"],
                                publication=publication, article=article, ref=ref,
                                meta=meta_json(article_meta(ref))))
    return pages


def article_meta(ref: Any) -> list[tuple[str, str]]:
    """The ``citation_*`` (Highwire Press) and Dublin Core tags of an article's page, which
    Zotero's connector reads to save the article with its authors, journal, issue and page."""
    pairs = [("citation_title", ref.title)]
    pairs += [("citation_author", a.inverted()) for a in ref.authors]
    if ref.date:
        parts = [f"{ref.date.year:04d}"] + [f"{x:02d}" for x in (ref.date.month, ref.date.day)
                                            if x is not None]
        pairs.append(("citation_publication_date", "/".join(parts)))
    if ref.kind == "article" and ref.container:
        pairs.append(("citation_journal_title", ref.container))
    if ref.issue:
        pairs.append(("citation_issue", ref.issue))
    if ref.first_page is not None:
        pairs.append(("citation_firstpage", str(ref.first_page)))
    pairs += [("citation_language", "fr"), ("citation_public_url", ref.url),
              ("DC.title", ref.title)]
    pairs += [("DC.creator", a.inverted()) for a in ref.authors]
    if ref.date:
        pairs.append(("DC.date", ref.date.iso()))
    pairs += [("DC.type", "Text"), ("DC.language", "fr"), ("DC.identifier", ref.url)]
    if ref.note:
        pairs.append(("DC.description", ref.note))
    return pairs


def projects_in_index_order(site: Site) -> list[Project]:
    """Project sheets in the order of the index page (the terrains, then the case studies),
    which previous / next links follow."""
    projects = list(site.projects.values())
    return ([p for p in projects if p.kind == "terrain"]
            + [p for p in projects if p.kind != "terrain"])


def first_sentence(markdown: str, limit: int = 200) -> str:
    """The first sentence of a Markdown field as plain text (its first words if it is long):
    a page's description."""
    text = markdown_words(markdown, tag_gap="")
    end = re.search(r"(?<=[.!?…])\s", text)
    sentence = text[:end.start()] if end else text
    if len(sentence) > limit:
        sentence = sentence[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def seat_partners(seated: Seated, person_id: str) -> list[str]:
    """The other people who hold the same committee seat as ``person_id``."""
    organisation = seated.organisation.id if seated.organisation else None
    for seat in seated.committee.members:
        if person_id in seat.people and seat.role == seated.role \
                and seat.organisation == organisation:
            return [p for p in seat.people if p != person_id]
    return []


def describe_person(site: Site, person: Person) -> str:
    """A person's page in one sentence, for search engines and share cards."""
    details = [d for d in (person.role, person.discipline, person.affiliation) if d]
    committees = list(dict.fromkeys(s.committee.name for s in site.seats_of[f"person:{person.id}"]))
    parts = [person.name + (" : " + ", ".join(details) if details else "")]
    if committees:
        parts.append("membre du " + " et du ".join(c[0].lower() + c[1:] for c in committees))
    return ", ".join(parts) + " — programme de R&D de Clus'Ter Jura."


def chronology_pages(site: Site, r: Renderer, chronology: Chronology,
                     people: list[Person]) -> list[GeneratedPage]:
    """The chronology: one page, or (split) the latest years and one page per earlier year."""
    frise = frise_layout.layout(site.events, site.timeline.legend, site.timeline.periods)
    groups = filter_groups(site, chronology, people)
    # The index page first: it is the one the site links to.
    pages = sorted(chronology.pages, key=lambda p: not p.is_index)
    # The frise and the filters are the same on every page but for their links.
    frise_html = r.shared("frise.html.j2", frise=frise, chronology=chronology, part="frise")
    later_html = r.shared("frise.html.j2", frise=frise, chronology=chronology, part="later")
    filters_html = r.shared("filters.html.j2", chronology=chronology, groups=groups,
                            FILTER_INDEX=FILTER_INDEX, TEXT_INDEX=TEXT_INDEX)
    # One page: each card carries its searchable text (a split chronology's are in
    # TEXT_INDEX) and, where the frise aggregates, its bin; the script reads both.
    texts: dict[str, str] = {}
    if not chronology.split:
        names, defined = search_names(site)
        texts = {e.id: event_text(e, names, defined) for e in site.events}
    return [r.page("chronology.md.j2", page.path, "timeline.yml", page=page,
                   chronology=chronology, frise=frise, groups=groups, texts=texts,
                   bin_of=frise_layout.bin_of,
                   frise_html=frise_html(page.path), filters_html=filters_html(page.path),
                   later_html=later_html(page.path) if chronology.split else "",
                   counts_by_page=[len(p.events) for p in chronology.pages],
                   notions=notions, FILTER_INDEX=FILTER_INDEX, TEXT_INDEX=TEXT_INDEX,
                   INDEX=INDEX)
            for page in pages]


def notions(site: Site, event: Event) -> list[tuple[Term, bool]]:
    """The terms an event links to, then those it gave a definition of, each once, with
    whether the event gave a definition of it (one « Notions » row on the card)."""
    defined = {t.id for t in site.definitions_of_event[event.id]}
    ids = list(dict.fromkeys([*event.terms, *(t.id for t in site.definitions_of_event[event.id])]))
    return [(site.terms[i], i in defined) for i in ids]


def filter_groups(site: Site, chronology: Chronology,
                  people: list[Person]) -> list[dict[str, Any]]:
    """The filter panel's groups besides the categories: each option is
    ``(value, label, events)``; every terrain is listed, even one without an event."""
    years: dict[int, int] = defaultdict(int)
    for event in site.events:
        years[event.date.year] += 1

    def count(kind: str, record_id: str) -> int:
        return len(site.events_of[f"{kind}:{record_id}"])

    return [
        {"name": "annee", "label": "Années",
         "options": [(str(y), str(y), n) for y, n in years.items()]},
        {"name": "terrain", "label": "Terrains",
         "options": [(p.id, p.name, count("project", p.id)) for p in site.projects.values()]},
        {"name": "personne", "label": "Personnes",
         "options": [(p.id, p.name, count("person", p.id)) for p in people
                     if count("person", p.id)]},
    ]


def build_data_files(site: Site, chronology_limit: int = PAGE_LIMIT) -> list[DataFile]:
    """Files besides the pages: the filter and text indexes of a split chronology."""
    chronology = split(site.events, chronology_limit)
    if not chronology.split:
        return []
    return [DataFile(FILTER_INDEX, filter_index(chronology)),
            DataFile(TEXT_INDEX, text_index(chronology, *search_names(site)))]


def search_names(site: Site) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """What an event's searchable text names (:func:`event_text`): each kind's id → name,
    and each event's id → the names of the terms it gave a definition of."""
    names = {
        "projects": {i: p.name for i, p in site.projects.items()},
        "people": {i: p.name for i, p in site.people.items()},
        "organisations": {i: o.name for i, o in site.organisations.items()},
        "terms": {i: t.acronym or t.term for i, t in site.terms.items()},
    }
    defined = {event_id: [t.acronym or t.term for t in terms]
               for event_id, terms in site.definitions_of_event.items()}
    return names, defined


def key_figures(site: Site) -> list[tuple[int, tuple[str, str], str]]:
    """The home page's figures, each computed from the data and linked to what it counts:
    (value, (singular, plural), page)."""
    years = [e.date.year for e in site.events]
    seated = {p for c in site.committees for s in c.members for p in s.people}
    return [
        (len(site.events), ("événement dans la chronologie", "événements dans la chronologie"),
         urls.CHRONOLOGY),
        (max(years) - min(years) + 1 if years else 0, ("année d'histoire", "années d'histoire"),
         urls.CHRONOLOGY),
        # A case study (kind « étude de cas ») has a sheet but is not one of the terrains.
        (sum(1 for p in site.projects.values() if p.kind == "terrain"),
         ("terrain de recherche", "terrains de recherche"), urls.PROJECTS),
        (len(site.committees), ("comité", "comités"), urls.COMMITTEES),
        (len(seated), ("membre des comités", "membres des comités"), urls.COMMITTEES),
        (len(site.terms), ("notion au glossaire", "notions au glossaire"), urls.GLOSSARY),
    ]
