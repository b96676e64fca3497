"""The built pages as the search index (Pagefind) reads them: where the index goes, what of
a page it skips, what kind of result each page is, and only the page's article."""

from __future__ import annotations

from ..content.site import Site
from ..text import urls

SEARCH_DIR = "pagefind"
"""Folder of the built site where the search index is written."""
SEARCH_SKIPPED = (".headerlink", ".rd-backlinks")
"""Parts of a page the search does not read: permalink signs, and the lists of what points at
a record (a person's events are found as events, not as that person)."""


def page_kind(path: str, site: Site | None) -> str:
    """What the page at ``path`` (a Markdown path) is, shown beside it in the search
    results."""
    section = urls.record_section(path)
    if section == "personnes":
        return "Personne"
    if section == "publications":
        return "Article"
    if section == "terrains" and site is not None:
        project = site.projects.get(path.removeprefix(urls.PROJECTS_DIR).removesuffix(".md"))
        return "Étude de cas" if project and project.kind != "terrain" else "Terrain"
    return "Page"


_ARTICLE = '<article class="md-content__inner md-typeset"'


def for_index(html: str, kind: str) -> str:
    """The page as the search engine reads it: its article, saying what the page is.

    Only the article is sent (Pagefind reads nothing outside ``root_selector``): the theme's
    navigation, header and footer, two thirds of a page, are not parsed again."""
    start, end = html.find(_ARTICLE), html.rfind("</article>")
    if start < 0 or end < start:
        return html.replace(_ARTICLE, f'{_ARTICLE} data-pagefind-meta="kind:{kind}"', 1)
    return (f'<html lang="fr"><body>{_ARTICLE} data-pagefind-meta="kind:{kind}"'
            f'{html[start + len(_ARTICLE):end]}</article></body></html>')
