"""Is a built site whole? Every record of the content has its place (each event on the
chronology, each terrain, person and article page linked from its index, each term,
committee, organisation and publication at its anchor, each hand-written page built), and
every link and anchor that stays inside the site leads somewhere.

``regard check-site SITE`` runs it after the build, where only the runtime packages are
installed: the deploy publishes a site only when it is whole. Problems are in French, one
line each, naming the page of the built site.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from ..content.site import Site
from ..text.urls import Urls, article_page, article_slugs

PAGES_DIR = "content/pages"
"""Where the hand-written pages are (MkDocs' ``docs_dir``)."""
_LINK_ATTRIBUTES = {"href": {"a", "link", "area"},
                    "src": {"img", "script", "iframe", "source", "audio", "video", "embed"}}
_LEFT_ALONE = ("mailto:", "tel:", "data:", "javascript:", "blob:")


@dataclass
class _BuiltPage:
    """What a built page offers and points at."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    canonical: str | None = None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _BuiltPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for name, tags in _LINK_ATTRIBUTES.items():
            if tag in tags and name in values:
                self.page.links.append(values[name])
        if tag == "link" and values.get("rel") == "canonical":
            self.page.canonical = values.get("href")


def _read(path: Path) -> _BuiltPage:
    reader = _Reader()
    reader.feed(path.read_text("utf-8", errors="replace"))
    reader.close()
    return reader.page


@dataclass
class BuiltSite:
    """A built site's files and pages, and the address it was built for."""

    folder: Path
    files: set[str]
    pages: dict[str, _BuiltPage]
    url: str | None
    """``site_url`` as the home page's canonical link gives it (None without one)."""

    @classmethod
    def read(cls, folder: Path) -> BuiltSite:
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        pages = {f: _read(folder / f) for f in sorted(files) if f.endswith(".html")}
        home = pages.get("index.html")
        url = home.canonical if home and home.canonical else None
        return cls(folder, files, pages, url if url and url.endswith("/") else None)

    @property
    def base(self) -> str:
        """The path the site is published under: ``/regard/``, or ``/``."""
        return urlsplit(self.url).path if self.url else "/"

    def file_of(self, path: str) -> str | None:
        """The file a site path (relative to the site's root, decoded) is served from."""
        path = path.strip("/")
        if path in self.files:
            return path
        index = posixpath.join(path, "index.html") if path not in ("", ".") else "index.html"
        return index if index in self.files else None


class SiteProblem(NamedTuple):
    """One problem of a built site, at a page (or folder) of it."""

    page: str
    """The page's path in the built site."""
    message: str

    def __str__(self) -> str:
        return f"{self.page} : {self.message}"


@dataclass(frozen=True)
class Target:
    """Where a link leads inside the site."""

    path: str
    """The site path, relative to the site's root."""
    fragment: str


def resolve(site: BuiltSite, page: str, link: str) -> Target | str | None:
    """Where ``link``, written on ``page``, leads inside the site; None when it leaves the
    site (another site, an e-mail address…); a French reason when it cannot lead anywhere."""
    if link.startswith(_LEFT_ALONE):
        return None
    if site.url and link.startswith(site.url):
        link = site.base + link[len(site.url):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(site.base):
            return f"chemin absolu hors du site (le site est publié sous {site.base})"
        resolved = posixpath.normpath(path[len(site.base):] or ".")
    elif path:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    else:
        resolved = page
    if resolved == ".." or resolved.startswith("../"):
        return "chemin qui sort du site"
    return Target(resolved, unquote(parts.fragment))


def link_problems(site: BuiltSite) -> list[SiteProblem]:
    """Every link of every page that leads nowhere in the site, or to a missing anchor."""
    problems = []
    for page, found in site.pages.items():
        for link in dict.fromkeys(found.links):
            target = resolve(site, page, link)
            if target is None:
                continue
            if isinstance(target, str):
                problems.append(SiteProblem(page, f"lien « {link} » : {target}"))
                continue
            file = site.file_of(target.path)
            if file is None:
                problems.append(SiteProblem(page, f"lien « {link} » : aucune page ni aucun "
                                                  "fichier à cette adresse"))
            elif target.fragment and file in site.pages \
                    and target.fragment not in site.pages[file].ids:
                problems.append(SiteProblem(page, f"lien « {link} » : pas d'ancre "
                                                  f"« #{target.fragment} » dans {file}"))
    return problems


def _linked_from(site: BuiltSite, page: str) -> set[str]:
    """The files the links of ``page`` lead to."""
    found: set[str] = set()
    for link in site.pages[page].links:
        target = resolve(site, page, link)
        if isinstance(target, Target) and (file := site.file_of(target.path)):
            found.add(file)
    return found


def _where(content: Site, key: str) -> str:
    record_id = key.split(":", 1)[1]
    return f"« {record_id} » ({content.sources[key]}, ligne {content.lines[key]})"


_URLS = Urls("/")


def _page_file(path: str) -> str:
    """The built file of a page's Markdown path (``terrains/x.md``, ``programme/index.md``)."""
    folder = _URLS.page(path).strip("/")
    return f"{folder}/index.html" if folder else "index.html"


def _pages_with_index(site: BuiltSite, content: Site) -> list[SiteProblem]:
    """Terrain, person and article pages: each built, and linked from its index."""
    expected: list[tuple[str, str, str, str]] = []  # (index, page, what, key)
    for project_id in content.projects:
        expected.append(("terrains/index.md", f"terrains/{project_id}.md", "le terrain",
                         f"project:{project_id}"))
    for person_id in content.people:
        expected.append(("personnes/index.md", f"personnes/{person_id}.md", "la personne",
                         f"person:{person_id}"))
    for publication in content.publications:
        for rank, slug in enumerate(article_slugs(publication.articles), start=1):
            expected.append(("publications/index.md", article_page(publication.id, slug),
                             f"l'article {rank} de la publication",
                             f"publication:{publication.id}"))
    problems = []
    for index_path, page_path, what, key in expected:
        index, page = _page_file(index_path), _page_file(page_path)
        if page not in site.pages:
            problems.append(SiteProblem(page, f"page absente pour {what} "
                                              f"{_where(content, key)}"))
        elif index not in site.pages or page not in _linked_from(site, index):
            problems.append(SiteProblem(index, f"aucun lien vers la page de {what} "
                                               f"{_where(content, key)} ({page})"))
    return problems


def _anchors(site: BuiltSite, content: Site) -> list[SiteProblem]:
    """Events on a chronology page; terms, committees, organisations and publications at
    their anchor of their page."""
    chronology = set().union(*(found.ids for page, found in site.pages.items()
                               if page.startswith("chronologie/")))
    problems = [SiteProblem("chronologie/", f"l'événement {_where(content, f'event:{e.id}')} "
                                            "n'est sur aucune page de la chronologie")
                for e in content.events if e.id not in chronology]
    anchored = [("glossaire/index.html", "le terme", "term", list(content.terms)),
                ("comites/index.html", "le comité", "committee",
                 [c.id for c in content.committees]),
                ("organisations/index.html", "l'organisation", "organisation",
                 list(content.organisations)),
                ("publications/index.html", "la publication", "publication",
                 [p.id for p in content.publications])]
    for page, what, kind, ids in anchored:
        present = site.pages[page].ids if page in site.pages else set()
        problems += [SiteProblem(page, f"pas d'ancre « #{i} » pour {what} "
                                       f"{_where(content, f'{kind}:{i}')}")
                     for i in ids if i not in present]
    return problems


def _hand_written(site: BuiltSite, root: Path) -> list[SiteProblem]:
    """Each Markdown page of content/pages/, built where MkDocs puts it."""
    problems = []
    for source in sorted((root / PAGES_DIR).rglob("*.md")):
        relative = source.relative_to(root / PAGES_DIR).as_posix()
        built = _page_file(relative)
        if built not in site.pages:
            problems.append(SiteProblem(built, f"page absente pour {PAGES_DIR}/{relative}"))
    return problems


def check_site(folder: Path, content: Site, root: Path) -> tuple[list[SiteProblem], BuiltSite]:
    """Every problem of the site built in ``folder`` from ``content`` (read from ``root``),
    and the site as read."""
    site = BuiltSite.read(folder)
    problems = [] if "index.html" in site.pages else [
        SiteProblem("index.html", "page d'accueil absente")]
    problems += _anchors(site, content)
    problems += _pages_with_index(site, content)
    problems += _hand_written(site, root)
    problems += link_problems(site)
    return problems, site
