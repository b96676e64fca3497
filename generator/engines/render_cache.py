"""A preview's Markdown conversions, kept from one rebuild to the next (``mkdocs serve``).

An adapter, used by :mod:`generator.engines.mkdocs_plugin` only while serving. After an edit MkDocs
rebuilds the whole site, and converting the Markdown of every page is a third of that
rebuild; an edit of ``timeline.yml`` changes a handful of the ninety generated pages. A
generated page whose Markdown is the same as at the last rebuild, among the same files and
under the same settings, gets back what MkDocs made of it then (its HTML, table of
contents, title, anchors and links to other pages' anchors) instead of being converted
again. A conversion that logged anything is not kept, so that every rebuild says again
what is wrong; pages written by hand are always converted (a Markdown extension may read
other files). MkDocs' ``--dirty`` is not used: it skips whole pages by the date of their
file, which generated pages do not have, and leaves the navigation stale.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import TableOfContents


class _Converted(NamedTuple):
    markdown: str
    context: str
    html: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None
    """Links to anchors of other pages, by the linked file's path in the docs."""


class _Noticed(logging.Handler):
    """Whether anything was logged while a page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


class RenderCache:
    """Conversions kept for one serving process; see the module's docstring."""

    def __init__(self) -> None:
        self._kept: dict[str, _Converted] = {}
        self._reused: dict[str, _Converted] = {}
        self._converting: dict[str, str] = {}
        self._context = ""
        self._noticed = _Noticed()
        self.reused = 0
        """Pages given back their conversion in the last rebuild (for the log)."""

    def start(self, config: MkDocsConfig, files: Files) -> None:
        """A rebuild begins: what a conversion depends on besides the page's Markdown —
        the Markdown settings, and every file's path and address (links are rewritten to
        them)."""
        self._reused.clear()
        self._converting.clear()
        self.reused = 0
        self._context = repr((
            config.markdown_extensions, config.mdx_configs, config.use_directory_urls,
            config.validation, config.site_url,
            sorted((file.src_uri, file.url, str(file.inclusion)) for file in files)))

    def before(self, page: Page, markdown: str) -> str:
        """The Markdown MkDocs should convert: none when the last conversion still holds."""
        if not page.file.generated_by:
            return markdown
        kept = self._kept.get(page.file.src_uri)
        if kept is not None and kept.markdown == markdown and kept.context == self._context:
            self._reused[page.file.src_uri] = kept
            return ""
        self._converting[page.file.src_uri] = markdown
        self._noticed.seen = False
        logging.getLogger("mkdocs").addHandler(self._noticed)
        return markdown

    def after(self, page: Page, html: str, files: Files) -> str:
        """The page's HTML, as converted now or at the last rebuild."""
        uri = page.file.src_uri
        kept = self._reused.pop(uri, None)
        if kept is not None:
            self.reused += 1
            page.markdown = kept.markdown
            page.toc = kept.toc
            page._title_from_render = kept.title
            page.present_anchor_ids = set(kept.anchors)
            if kept.links is not None:
                linked = {files.get_file_from_path(path): dict(links)
                          for path, links in kept.links.items()}
                page.links_to_anchors = {file: links for file, links in linked.items()
                                         if file is not None}
            return kept.html
        markdown = self._converting.pop(uri, None)
        if markdown is None:
            return html
        logging.getLogger("mkdocs").removeHandler(self._noticed)
        if self._noticed.seen:
            self._kept.pop(uri, None)
            return html
        links = page.links_to_anchors
        self._kept[uri] = _Converted(
            markdown, self._context, html, page.toc, page._title_from_render,
            frozenset(page.present_anchor_ids or ()),
            None if links is None else {file.src_uri: dict(anchors)
                                        for file, anchors in links.items()})
        return html

    def stop(self) -> None:
        """A rebuild ended, or failed: nothing is listening to the log any more."""
        logging.getLogger("mkdocs").removeHandler(self._noticed)
        self._converting.clear()
        self._reused.clear()


def supported() -> bool:
    """Whether the engine's conversion sets what this module puts back, under the same
    names (MkDocs 1.6 and its continuation ProperDocs do)."""
    from mkdocs.structure.pages import Page

    return set(Page.render.__code__.co_names) >= CONVERSION


CONVERSION = {"content", "toc", "_title_from_render", "present_anchor_ids", "links_to_anchors"}
"""What MkDocs' ``Page.render`` sets on a page."""
