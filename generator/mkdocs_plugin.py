"""The MkDocs adapter: load and check the content, add the generated pages, typeset every
page in French and write the search index.

The only module that imports MkDocs, and the only one that runs Pagefind. It writes nothing
into the repository: generated pages are virtual files (``File.generated``), the search
index goes into the built site.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .chronology import PAGE_LIMIT, Chronology, split
from .dates import PartialDate
from .exports import OpenData, open_data
from .exports.feeds import FEED_PATH
from .htmltext import abbreviate, first_words, label_cells
from .model import FILE_MODELS, PROJECTS_DIR
from .pagefind_index import PagefindIndex, SearchIndexError
from .pages import (
    DataFile,
    Page,
    abbreviations,
    build_data_files,
    build_pages,
    retarget_event_links,
)
from .problems import ContentError, Problem
from .revision import last_update
from .search import is_indexed_as_page, search_documents, search_records
from .typography import Typesetter
from .validate import Site, load_site

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page as MkPage

log = logging.getLogger("mkdocs.plugins.regard")


class RegardConfig(Config):
    root = c.Type(str, default=".")
    """Folder holding ``timeline.yml`` and ``content/``, relative to ``mkdocs.yml``."""
    guide = c.Optional(c.Type(str))
    """A Markdown file of the repository (the staff guide) published as ``contribuer/``."""
    search = c.Type(bool, default=True)
    """Write the search index (Pagefind) into the built site."""
    source_edit_uri = c.Optional(c.Type(str))
    """Where a content file is edited, relative to ``repo_url`` (default: the branch of
    ``edit_uri``, e.g. ``edit/main/``)."""
    chronology_page_limit = c.Type(int, default=PAGE_LIMIT)
    """Events a chronology page may hold before the chronology is split by year."""


class RegardPlugin(BasePlugin[RegardConfig]):
    """Loads the YAML content on config, adds its pages on files."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.pages: list[Page] = []
        self.data_files: list[DataFile] = []
        self.chronology: Chronology | None = None
        self.root = Path(".")
        self._abbreviations: dict[str, str] = {}
        self.serving = False
        self.errors: list[Problem] = []
        self._sources: dict[str, str] = {}
        self.typesetter = Typesetter()
        self._index: PagefindIndex | None = None
        self.open_data = OpenData()
        self._head: dict[str, Any] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds,
        # so the last valid pages survive an invalid edit.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        limit = self.config.chronology_page_limit
        if limit < 1:
            raise PluginError(f"chronology_page_limit : {limit} ; donnez un nombre d'événements "
                              "par page d'au moins 1 (option du plugin regard dans mkdocs.yml)")
        try:
            site, pages, abbreviations_, data, chronology, data_files = self._generate(config)
        except ContentError as exc:
            problems = exc.problems
        except Exception as exc:  # nothing but a clean error may reach staff
            # A generator bug, not the content: say so in French; the details go to the
            # debug log (mkdocs … --verbose) for whoever fixes it.
            log.debug("erreur interne du générateur", exc_info=True)
            problems = [Problem("mkdocs.yml", 1, 1, "erreur interne du générateur RegarD "
                                f"({type(exc).__name__}) : le contenu n'est peut-être pas "
                                "en cause ; signalez-la avec la sortie de « mkdocs build "
                                "--verbose »")]
        else:
            self.site, self.errors = site, []
            for warning in site.warnings:
                # Logged as info: a likely mistake must not fail a strict build.
                log.info("%s", warning)
            self.pages, self._abbreviations, self.open_data = pages, abbreviations_, data
            self.chronology, self.data_files = chronology, data_files
            updated = data.updated
            self._head = {"feed": FEED_PATH, "feed_title": "RegarD — chronologie (flux Atom)",
                          "publisher": "Clus'Ter Jura",
                          "updated": updated.isoformat() if updated else None}
            self._sources = {p.path: p.source for p in self.pages if p.source}
            if self.config.guide:
                self._sources["contribuer/index.md"] = self.config.guide
            return config
        report = "\n".join(str(p) for p in problems)
        if not (self.serving and self.pages):
            count = len(problems)
            raise PluginError(f"{count} erreur{'s' if count > 1 else ''} dans le contenu :\n"
                              f"{report}") from None
        # Preview: keep serving the last valid pages, with the errors on every page.
        self.errors = problems
        log.info("ERREURS dans le contenu : la prévisualisation montre la dernière version "
                 "valide.\n%s", report)
        return config

    def _generate(self, config: MkDocsConfig
                  ) -> tuple[Site, list[Page], dict[str, str], OpenData, Chronology,
                             list[DataFile]]:
        """Everything the site needs from the content; raises ContentError in French."""
        site = load_site(self.root)
        # The content's last change, from git: the same content always gives the same files.
        updated = last_update(self.root)
        site_url = config.site_url or ""
        limit = self.config.chronology_page_limit
        chronology = split(site.events, limit)
        pages = build_pages(site, site_url, updated, chronology_limit=limit)
        data = open_data(site, site_url, updated, chronology)
        pages += data.pages
        if self.config.guide:
            guide = self.root / self.config.guide
            try:
                text = guide.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise ContentError([Problem(self.config.guide, 1, 1, "guide introuvable ou "
                                            "illisible (option « guide » du plugin regard dans "
                                            "mkdocs.yml)")]) from None
            pages.append(Page("contribuer/index.md", text))
        return (site, pages, abbreviations(site), data, chronology,
                build_data_files(site, limit))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                message = (f"{existing.src_uri} : cette page est générée à partir du contenu "
                           "YAML ; retirez le fichier écrit à la main")
                if not self.serving:
                    raise PluginError(message)
                # Preview: the hand-written page is shown, with the error on every page.
                docs = Path(config.docs_dir).resolve()
                where = (docs / existing.src_uri).relative_to(self.root).as_posix() \
                    if docs.is_relative_to(self.root) else existing.src_uri
                self.errors.append(Problem(where, 1, 1, message))
                continue
            # Sheets are many: reached from their index pages, kept out of the nav.
            inclusion = (InclusionLevel.NOT_IN_NAV if page.path.count("/") and
                         not page.path.endswith("/index.md") else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, page.path, content=page.markdown,
                                        inclusion=inclusion))
        for data in self.data_files:
            files.append(File.generated(config, data.path, content=data.text))
        for path, content in self.open_data.files:
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig,
                         files: Files) -> str:
        source = self._sources.get(page.file.src_uri)
        if page.file.generated_by and config.repo_url:
            base = self._edit_base(config)
            if source and source.endswith("/"):
                # A folder of records (project sheets): GitHub's view of it, where
                # « Add file » creates the next one.
                base = "tree/" + base.split("/", 1)[1]
            page.edit_url = (urljoin(config.repo_url.rstrip("/") + "/", base + source)
                             if source else None)
        if not page.file.generated_by and self.chronology is not None:
            # A large chronology is split by year: links to its events follow them.
            markdown = retarget_event_links(markdown, page.file.src_uri, self.chronology)
        return markdown

    def _edit_base(self, config: MkDocsConfig) -> str:
        if self.config.source_edit_uri is not None:
            return self.config.source_edit_uri.rstrip("/") + "/"
        parts = (config.edit_uri or "edit/main/").strip("/").split("/")
        return "/".join(parts[:2]) + "/"

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig,
                        files: Files) -> str:
        # The glossary's acronyms become tooltips on every page, from the data: no text is
        # added to the page's Markdown, so a term cannot write into it.
        html = abbreviate(html, {acronym: escape(title) for acronym, title
                                 in self._abbreviations.items()})
        if not page.meta.get("description"):
            # Every page describes itself to search engines and share cards: by its first
            # words when its front matter does not. Escaped: the theme prints it as it is.
            words = first_words(html)
            if words:
                page.meta["description"] = escape(words)
        if not self.errors:
            return html
        items = "".join(f"<li><code>{escape(p.path)}:{p.line}:{p.column}</code> "
                        f"{escape(p.message)}</li>" for p in self.errors)
        count = len(self.errors)
        banner = (f'<div class="admonition failure rd-preview-errors" role="alert">'
                  f'<p class="admonition-title">{count} erreur{"s" if count > 1 else ""} '
                  f"dans le contenu : cette prévisualisation montre la dernière version valide"
                  f"</p><ul>{items}</ul></div>")
        return banner + html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.typesetter = Typesetter()
        self._stop_index()
        if self.config.search and self.site is not None:
            # Started now, fed page by page: Pagefind indexes while MkDocs writes.
            try:
                self._index = PagefindIndex({
                    "root_selector": "article.md-content__inner", "force_language": "fr",
                    "exclude_selectors": list(SEARCH_SKIPPED)})
                # The records come from the model: Pagefind reads them while MkDocs works.
                for document in search_documents(search_records(self.site)):
                    self._index.add_page("/" + document.url, document.html)
            except SearchIndexError as exc:
                self._stop_index()
                raise PluginError(f"recherche : {exc}") from None

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # What the head partial (theme/partials/regard-data-head.html) prints on every page.
        env.globals["regard_data"] = self._head
        # The footer's date: the last commit that changed the content, never the clock.
        date = self.open_data.updated
        env.globals["regard_last_update"] = None if date is None else {
            "iso": date.isoformat(),
            "french": PartialDate(date.year, date.month, date.day).french()}
        return env

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        # The whole page, so that navigation, header and footer read as French too.
        # After the typography, so that the column headings copied into cells are typeset.
        output = label_cells(self.typesetter.page(output))
        if self._index is not None and is_indexed_as_page(page.file.src_uri):
            self._index.add_page("/" + page.url, _for_index(output, self._kind(page)))
        return output

    def _kind(self, page: MkPage) -> str:
        """What a page is, shown beside it in the search results."""
        path = page.file.src_uri
        if path.endswith("index.md"):
            return "Page"
        if path.startswith("personnes/"):
            return "Personne"
        if path.startswith("publications/"):
            return "Article"
        if path.startswith("terrains/") and self.site is not None:
            project = self.site.projects.get(path.removeprefix("terrains/").removesuffix(".md"))
            return "Étude de cas" if project and project.kind != "terrain" else "Terrain"
        return "Page"

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return self.typesetter.page(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Thousands of small files that no Markdown link names: written as they are, rather
        # than handed to MkDocs one by one (which costs more than making them).
        site_dir = Path(config.site_dir)
        for path, content in self.open_data.citation_files:
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        log.info("typographie française : %d espaces et apostrophes posés (%s)",
                 self.typesetter.total, ", ".join(
                     f"{rule} {count}" for rule, count in sorted(self.typesetter.fixes.items())))
        if self._index is not None and self.site is not None:
            target = Path(config.site_dir) / SEARCH_DIR
            try:
                self._index.write(target)
            except SearchIndexError as exc:
                raise PluginError(f"recherche : l'index n'a pas pu être écrit dans {target} "
                                  f"({exc})") from None
            finally:
                self._stop_index()

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_index()

    def on_shutdown(self) -> None:
        self._stop_index()

    def _stop_index(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        # Folders, not files: a watch on a file is lost when the file is deleted or replaced
        # by a folder, and a file that is missing at start would never be watched. The root
        # is watched alone (timeline.yml, the guide), not the build output under it.
        folders = {path.parent for path in (self.root / relative for relative in
                                            [*FILE_MODELS, self.config.guide or ""] if relative)}
        for folder in sorted(folders | {self.root / PROJECTS_DIR}):
            if folder.is_dir():
                server.watch(str(folder), recursive=folder != self.root)
        return server


SEARCH_DIR = "pagefind"
"""Folder of the built site where the search index is written."""
SEARCH_SKIPPED = (".headerlink", ".rd-backlinks")
"""Parts of a page the search does not read: permalink signs, and the lists of what points at
a record (a person's events are found as events, not as that person)."""


def _for_index(html: str, kind: str) -> str:
    """The page as the search engine reads it: its article, saying what the page is."""
    return html.replace('<article class="md-content__inner md-typeset"',
                        f'<article class="md-content__inner md-typeset" '
                        f'data-pagefind-meta="kind:{kind}"', 1)
