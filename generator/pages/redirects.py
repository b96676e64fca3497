"""Old addresses of renamed records: each former id (``former_ids``) keeps its page.

A record that has pages of its own (a person, a project sheet, a publication's articles)
leaves, at each page address it had under a former id, a small HTML page that sends the
reader to its page now: a link, which works everywhere, and a ``<meta http-equiv="refresh">``,
which browsers follow without JavaScript. These pages are files, not pages of the site:
engines copy them as they are, so they are in no navigation, no sitemap and no search index,
and they tell search engines not to index them. The anchors of former ids (a term of the
glossary, an event of the chronology…) are aliases written in the record's own card by the
templates (``former_anchors``).

Each kind of page contributes its (old path → new path) pairs through :data:`PAGED`: a page
kind added later (one page per event, say) adds one line there.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..content.site import Site
from ..text.urls import article_page, article_slugs, link, person_page, project_page, url_of
from .pages import DataFile


@dataclass(frozen=True)
class PagedKind:
    """A kind of record with pages of its own, and where they are."""

    records: Callable[[Site], Iterable[Any]]
    """The site's records of this kind (each has ``id`` and ``former_ids``)."""
    pages: Callable[[Any, str], list[tuple[str, str]]]
    """The Markdown path and title of each of a record's pages, had it the id given."""


PAGED: list[PagedKind] = [
    PagedKind(lambda site: site.people.values(),
              lambda person, record_id: [(person_page(record_id), person.name)]),
    PagedKind(lambda site: site.projects.values(),
              lambda project, record_id: [(project_page(record_id), project.name)]),
    PagedKind(lambda site: site.publications,
              lambda publication, record_id: [
                  (article_page(record_id, article_slug), article.title)
                  for article, article_slug in zip(
                      publication.articles, article_slugs(publication.articles), strict=True)]),
]
"""Every kind of record whose pages a former id keeps (events' own pages plug in here)."""


@dataclass(frozen=True)
class Moved:
    """A page address that a rename left behind."""

    old: str
    """Markdown path the page had (``personnes/ancien-id.md``)."""
    new: str
    """Markdown path of the page now."""
    title: str
    """The record's title or name, for the link."""


def moved_pages(site: Site) -> list[Moved]:
    """Every (old path → new path) pair of the site's renamed records, in a stable order."""
    moved = []
    for kind in PAGED:
        for record in kind.records(site):
            now = kind.pages(record, record.id)
            for former in record.former_ids:
                moved += [Moved(old, new, title) for (old, _), (new, title)
                          in zip(kind.pages(record, former), now, strict=True)]
    return sorted(moved, key=lambda m: m.old)


def redirect_path(moved: Moved) -> str:
    """Where the redirect page is written: the file served at the old page's address."""
    return f"{url_of(moved.old)}index.html"


def redirect_page(moved: Moved) -> str:
    """The small page left at an old address: a link and a meta refresh, no script."""
    target = html.escape(link(moved.old, moved.new, html=True))
    title = html.escape(moved.title)
    return ("<!doctype html>\n"
            '<html lang="fr">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            '<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f"<title>{title} — page déplacée</title>\n"
            "</head>\n"
            '<body data-pagefind-ignore="all">\n'
            f'<p>Cette page a changé d\'adresse : <a href="{target}">{title}</a>.</p>\n'
            "</body>\n"
            "</html>\n")


def redirect_files(site: Site) -> list[DataFile]:
    """Each redirect page of the site, as a file the engines copy as it is."""
    return [DataFile(redirect_path(moved), redirect_page(moved)) for moved in moved_pages(site)]
