"""Every page path of the site, and the links between pages: the one place that spells
« terrains/… », « glossaire/index.md »…

A page is named by its Markdown path (``terrains/chatel.md``) and served at its directory
URL (``terrains/chatel/``). The pages, the citations, search, the checker, the MkDocs plugin
and (through Jinja globals) the templates all take their paths from here, so that a page
can move by one edit. Nothing here knows a record type: functions take ids.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sized
from functools import lru_cache

HOME = "index.md"
CHRONOLOGY = "chronologie/index.md"
"""The chronology's first page (the latest years when it is split), the one staff link to."""
CHRONOLOGY_DIR = "chronologie/"
PROJECTS = "terrains/index.md"
PROJECTS_DIR = "terrains/"
GLOSSARY = "glossaire/index.md"
COMMITTEES = "comites/index.md"
PEOPLE = "personnes/index.md"
PEOPLE_DIR = "personnes/"
ORGANISATIONS = "organisations/index.md"
PUBLICATIONS = "publications/index.md"
PUBLICATIONS_DIR = "publications/"
DATA_DIR = "donnees/"
"""The open data's folder: its page (``donnees/index.md``) and its files."""
OPEN_DATA = DATA_DIR + "index.md"
EVENT_PAGES = "evenements/"
"""Folder of the events' own pages: :func:`event_page` is the one place that names one."""

GENERATED_PAGES = frozenset({"", "chronologie", "terrains", "glossaire", "comites",
                             "personnes", "organisations", "publications", "donnees",
                             "contribuer"})
"""Pages the generator writes (by their path without « index.md »), besides the page of each
event (evenements/…), project (terrains/…), person (personnes/…) and article
(publications/…/…)."""


def chronology_page(slug: str) -> str:
    """A page of a split chronology: ``2019`` → ``chronologie/2019.md``."""
    return f"{CHRONOLOGY_DIR}{slug}.md"


def event_page(event_id: str) -> str:
    """The Markdown path of an event's own page, its stable address
    (``evenements/<id>.md``, served at ``evenements/<id>/``): pages, search, citations,
    exports and redirects all name an event's page through here."""
    return f"{EVENT_PAGES}{event_id}.md"


def project_page(project_id: str) -> str:
    return f"{PROJECTS_DIR}{project_id}.md"


def person_page(person_id: str) -> str:
    return f"{PEOPLE_DIR}{person_id}.md"


def article_page(publication_id: str, article_slug: str) -> str:
    """Path of an article's own page, the one Zotero reads."""
    return f"{PUBLICATIONS_DIR}{publication_id}/{article_slug}.md"


def article_slugs(articles: Sized) -> list[str]:
    """Each article's id within its publication, for its page and its citation key: its rank
    (« article-3 »), which a corrected title does not change."""
    return [f"article-{rank}" for rank in range(1, len(articles) + 1)]


def citation_file(key: str, extension: str) -> str:
    """Path of one record's BibTeX or RIS file."""
    return f"{DATA_DIR}citer/{key}.{extension}"


def record_section(path: str) -> str | None:
    """The section of a record's own page (« terrains », « personnes », « publications »)
    from its path; ``None`` for any other page."""
    if path.endswith("index.md"):
        return None
    for folder in (PEOPLE_DIR, PUBLICATIONS_DIR, PROJECTS_DIR):
        if path.startswith(folder):
            return folder.rstrip("/")
    return None


_NAV_HOMES = ((EVENT_PAGES, CHRONOLOGY), (CHRONOLOGY_DIR, CHRONOLOGY), (PROJECTS_DIR, PROJECTS),
              (PEOPLE_DIR, PEOPLE), (PUBLICATIONS_DIR, PUBLICATIONS))


def nav_home(path: str) -> str | None:
    """The page of the navigation that a generated page kept out of it belongs under, so
    that the theme marks that page's tab as the current one: an event's page and a year of
    the chronology → the chronology, a terrain → the terrains, a person → the people, an
    article → the publications. ``None`` for any other page (those of the navigation
    included)."""
    for folder, home in _NAV_HOMES:
        if path.startswith(folder) and path != home:
            return home
    return None


def site_target(written: str) -> tuple[str, str, str] | None:
    """A path of the site as a YAML text writes it, from the site's root → (kind, path,
    anchor): « page » and the page's Markdown path, « event » for an event's anchor on the
    chronology (the page that shows it depends on the chronology's split), or « file » and
    the file's path. ``None`` for a path written from a page (« ../ », « / », a bare anchor),
    which validation refuses.
    « publications/ » → page publications/index.md, « glossaire/#ptce » → page
    glossaire/index.md and ptce, « media/plan.pdf » → file media/plan.pdf."""
    target, _, anchor = written.partition("#")
    if not target or target.startswith(("/", "./", "../")):
        return None
    if target.endswith(".md"):
        page = target
    elif target.endswith("/"):
        page = target + "index.md"
    elif "." not in target.rsplit("/", 1)[-1]:
        page = target + "/index.md"
    else:
        return "file", target, anchor
    if page == CHRONOLOGY and anchor and not anchor.startswith("annee-"):
        return "event", page, anchor
    return "page", page, anchor


def url_of(path: str) -> str:
    """Directory URL of a Markdown path: ``a/index.md`` → ``a/``, ``a/b.md`` → ``a/b/``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


@lru_cache(maxsize=1 << 16)
def _relative(from_path: str, to_path: str, html: bool) -> str:
    # Pages link to the same few pages many times (every card links to its terrains and
    # people, every marker of the frise to a chronology page): each pair is computed once.
    if html:
        target = url_of(to_path).rstrip("/") or "."
        here = url_of(from_path).rstrip("/") or "."
        rel = posixpath.relpath(target, here) + "/"
        return "./" if rel == "./" or rel == "./." else rel
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def link(from_path: str, to_path: str, anchor: str | None = None, *, html: bool = False) -> str:
    """Relative link between two pages: to the ``.md`` file in Markdown (so that the
    engine checks it), to the directory URL in HTML blocks (which engines do not rewrite)."""
    rel = _relative(from_path, to_path, html)
    return f"{rel}#{anchor}" if anchor else rel


@lru_cache(maxsize=1 << 16)
def file_link(from_path: str, file_path: str) -> str:
    """Relative link from a page to a file the site publishes as it is (``donnees/…``)."""
    here = url_of(from_path).rstrip("/") or "."
    return posixpath.relpath(file_path, here)


def site_link(from_path: str, written: str,
              to_event: Callable[..., str] | None = None) -> str:
    """A path of the site as a YAML text writes it, from the site's root (« publications/ »,
    « glossaire/#ptce », « programme/hypotheses.md », « media/plan.pdf »), as a link from a
    page: the same text shows on pages at every depth. An event's anchor on the chronology
    goes to the page that shows the event (a large chronology is split by year)."""
    resolved = site_target(written)
    if resolved is None:
        return written  # refused by validation
    kind, target, anchor = resolved
    if kind == "file":
        return file_link(from_path, target) + (f"#{anchor}" if anchor else "")
    if kind == "event" and to_event is not None:
        return str(to_event(anchor, html=True))
    return link(from_path, target, anchor or None, html=True)


class Urls:
    """Absolute URLs of the site's records, from ``site_url`` (directory URLs), for what is
    read away from the site (citations, feeds, TimelineJS, the data set)."""

    def __init__(self, site_url: str,
                 event_page: Callable[[str], str] = lambda _: CHRONOLOGY) -> None:
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
            return self.in_chronology(anchor)
        url = self.file(target) if kind == "file" else self.page(target)
        return url + (f"#{anchor}" if anchor else "")

    def event(self, event_id: str) -> str:
        """An event's own page, its stable address."""
        return self.page(event_page(event_id))

    def in_chronology(self, event_id: str) -> str:
        """An event's card on the chronology page that shows it."""
        return self.page(self.event_page(event_id)) + "#" + event_id

    def project(self, project_id: str) -> str:
        return self.page(project_page(project_id))

    def term(self, term_id: str) -> str:
        return self.page(GLOSSARY) + "#" + term_id

    def person(self, person_id: str) -> str:
        return self.page(person_page(person_id))

    def organisation(self, organisation_id: str) -> str:
        return self.page(ORGANISATIONS) + "#" + organisation_id

    def committee(self, committee_id: str) -> str:
        return self.page(COMMITTEES) + "#" + committee_id

    def publication(self, publication_id: str) -> str:
        return self.page(PUBLICATIONS) + "#" + publication_id

    def article(self, publication_id: str, article_slug: str) -> str:
        return self.page(article_page(publication_id, article_slug))
