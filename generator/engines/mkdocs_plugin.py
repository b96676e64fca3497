"""The MkDocs adapter, an event router: load and check the content, add the generated pages,
typeset every page in French and write the search index.

With :mod:`.mkdocs_tuning` (its speed patches, tied to MkDocs' and watchdog's versions) and
:mod:`.preview` (what ``mkdocs serve`` shows besides the site), the only code that drives
MkDocs' build, and the only one that runs Pagefind. It writes nothing into the repository:
generated pages are virtual files (``File.generated``), the search index goes into the
built site.

The plugin's hooks, one method per MkDocs event; how a page reaches the search index is
in :mod:`.search_pages`.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
from contextlib import suppress
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from ..content.dates import PartialDate
from ..content.model import FILE_MODELS, PROJECTS_DIR
from ..content.problems import ContentError, Problem
from ..content.site import Site
from ..content.validate import load_site
from ..outputs.exports import OpenData
from ..outputs.exports.feeds import FEED_PATH
from ..outputs.pagefind_index import PagefindIndex, SearchIndexError
from ..outputs.search import (
    UNUSED_THEME_FILES,
    is_indexed_as_page,
    search_documents,
    search_records,
)
from ..pages.chronology import PAGE_LIMIT, Chronology
from ..pages.pages import DataFile, GeneratedPage, retarget_event_links
from ..pages.typography import Typesetter
from ..text.htmlblocks import SetAside, restore, set_aside
from ..text.htmltext import abbreviate, first_words, label_cells
from ..text.urls import EVENT_PAGES, nav_home
from . import build_report, github, page_links
from .build_report import BuildFailure
from .generated import GUIDE_PAGE, Generated, generate
from .mkdocs_links import LINK_RECORD, LinkMessages, link_sources, shown_path
from .mkdocs_tuning import (
    collector_paused,
    lighter_theme_environment,
    one_markdown,
    poll_sooner,
    write_files,
)
from .page_links import SHADOWED
from .preview import WAITING_PAGE, LaterIndex, preview_banners, write_later
from .render_cache import RenderCache
from .render_cache import supported as render_cache_supported
from .revision import last_update
from .search_pages import SEARCH_DIR, SEARCH_SKIPPED, for_index, page_kind

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkPage
    from mkdocs.utils.templates import TemplateContext

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
        self.pages: list[GeneratedPage] = []
        self.data_files: list[DataFile] = []
        self.chronology: Chronology | None = None
        self.root = Path(".")
        self._abbreviations: dict[str, str] = {}
        self.serving = False
        self.errors: list[Problem] = []
        self._sources: dict[str, str] = {}
        self.typesetter = Typesetter()
        self._index: PagefindIndex | LaterIndex | None = None
        self.open_data = OpenData()
        self._head: dict[str, Any] = {}
        self._templated: set[str] = set()
        self._aside: dict[str, SetAside] = {}
        self._writer: threading.Thread | None = None
        self._renders: RenderCache | None = None
        self._links: LinkMessages | None = None
        self._failure = BuildFailure()
        self._warnings: _Warnings | None = None
        self._waiting = False
        """A preview started on invalid content: a waiting page until the content is valid."""
        self._config_file = Path("mkdocs.yml")
        self._docs = Path("docs")
        self._nav_pages: dict[str, MkPage] = {}
        self._home: MkPage | None = None
        """The navigation's page marked current while a page outside the navigation is
        rendered (:func:`nav_home`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds,
        # so the last valid pages survive an invalid edit.
        self.serving = command == "serve"
        self._renders = RenderCache() if self.serving and render_cache_supported() else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        lighter_theme_environment(config)
        one_markdown()
        self._config_file = Path(config.config_file_path).resolve()
        self.root = (self._config_file.parent / self.config.root).resolve()
        self._docs = Path(config.docs_dir).resolve()
        # MkDocs' link checks, said in French at the link's line (a preview shows them).
        self._detach_links()
        self._links = LinkMessages(link_sources(self.root, self._config_file, self._docs,
                                                self._sources), serving=self.serving)
        self._links.attach()
        self._failure = BuildFailure()
        self._watch_warnings()
        limit = self.config.chronology_page_limit
        if limit < 1:
            raise PluginError(f"chronology_page_limit : {limit} ; donnez un nombre d'événements "
                              "par page d'au moins 1 (option du plugin regard dans mkdocs.yml)")
        try:
            with collector_paused():
                site, generated = self._generate(config)
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
            self.site, self.errors, self._waiting = site, [], False
            for warning in site.warnings:
                # Logged as info: a likely mistake must not fail a strict build.
                log.info("%s", warning)
            self.pages, self._abbreviations = generated.pages, generated.abbreviations
            self.open_data, self.chronology = generated.open_data, generated.chronology
            self.data_files = generated.data_files
            updated = self.open_data.updated
            self._head = {"feed": FEED_PATH, "feed_title": "RegarD — chronologie (flux Atom)",
                          "publisher": "Clus'Ter Jura",
                          "updated": updated.isoformat() if updated else None}
            # Updated in place: the link messages read it (generator.engines.mkdocs_links).
            self._sources.clear()
            self._sources.update({p.path: p.source for p in self.pages if p.source})
            # Pages the templates wrote (not the staff guide, written by hand).
            self._templated = {p.path for p in self.pages} - {GUIDE_PAGE}
            if self.config.guide:
                self._sources[GUIDE_PAGE] = self.config.guide
            return config
        report = "\n".join(str(p) for p in problems)
        if not self.serving:
            self._failure.content = True
            count = len(problems)
            raise PluginError(f"{count} erreur{'s' if count > 1 else ''} dans le contenu :\n"
                              f"{report}") from None
        # Preview: keep serving the last valid pages, with the errors on every page.
        self.errors = problems
        if not self.pages or self._waiting:
            # Started on invalid content: no valid version yet. A home page says so, the
            # hand-written pages are shown, and the links to the pages still to come are not
            # told (the errors come first).
            self._waiting = True
            self.pages = [GeneratedPage("index.md", WAITING_PAGE)]
            for checks in (config.validation.nav, config.validation.links):
                for name in ("not_found", "anchors"):
                    if name in checks:
                        checks[name] = logging.DEBUG
        log.info("ERREURS dans le contenu : la prévisualisation montre %s.\n%s",
                 "une page d'attente" if self._waiting else "la dernière version valide", report)
        return config

    def _generate(self, config: MkDocsConfig) -> tuple[Site, Generated]:
        """Everything the site needs from the content; raises ContentError in French."""
        site = load_site(self.root)
        # The content's last change, from git: the same content always gives the same files.
        generated = generate(site, self.root, site_url=config.site_url or "",
                             updated=last_update(self.root),
                             chronology_limit=self.config.chronology_page_limit,
                             guide=self.config.guide)
        return site, generated

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_dir = os.path.abspath(config.docs_dir)
        for unused in [file for file in files if file.src_uri.startswith(UNUSED_THEME_FILES)
                       and os.path.abspath(file.src_dir or "") != docs_dir]:
            files.remove(unused)
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                problem = Problem(shown_path(self._docs / existing.src_uri, self.root), 1, 1,
                                  SHADOWED)
                if not self.serving:
                    self._failure.content = True  # regard check reports it too
                    raise PluginError(str(problem))
                # Preview: the hand-written page is shown, with the error on every page.
                self.errors.append(problem)
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
        if self._renders is not None:
            self._renders.start(config, files)
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig,
                         files: Files) -> str:
        markdown = self._page_markdown(markdown, page, config)
        return markdown if self._renders is None else self._renders.before(page, markdown)

    def _page_markdown(self, markdown: str, page: MkPage, config: MkDocsConfig) -> str:
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
        if page.file.generated_by and page.file.src_uri in self._templated:
            # The templates' HTML blocks (the event cards) skip the Markdown pass, which
            # would only parse them to write them out again; on_page_content puts them back.
            aside = set_aside(markdown)
            if aside.blocks:
                self._aside[page.file.src_uri] = aside
                return aside.markdown
        return markdown

    def _edit_base(self, config: MkDocsConfig) -> str:
        if self.config.source_edit_uri is not None:
            return self.config.source_edit_uri.rstrip("/") + "/"
        parts = (config.edit_uri or "edit/main/").strip("/").split("/")
        return "/".join(parts[:2]) + "/"

    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig,
                        files: Files) -> str:
        if self._renders is not None:
            html = self._renders.after(page, html, files)
        aside = self._aside.pop(page.file.src_uri, None)
        if aside is not None:
            restored = restore(html, aside)
            if restored is None:
                # A placeholder did not come back as a paragraph of its own: the engine
                # reads the page whole instead.
                log.debug("%s : page relue entière par Markdown", page.file.src_uri)
                page.markdown = _with_blocks(page.markdown or "", aside)
                page.render(config, files)
                html = page.content or ""
            else:
                html = restored
                # What the engine's scan of raw HTML would have found, for its link checks.
                page.present_anchor_ids = (page.present_anchor_ids or set()) | aside.anchors
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
        return html

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.typesetter = Typesetter()
        self._stop_index()
        if self.config.search and self.site is not None:
            # A build starts Pagefind now and feeds it page by page: it indexes on another
            # core while MkDocs writes. A preview keeps the pages for it, and indexes them
            # once they are served (Pagefind's work then delays no page).
            try:
                self._index = (LaterIndex if self.serving else PagefindIndex)({
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
        if self.serving:
            # MkDocs checks the links to anchors once the pages are written: too late for the
            # preview's banner. They are checked here, once, before any page is written.
            level = config.validation.links.anchors
            config.validation.links.anchors = logging.NOTSET + 1
            for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
                if file.page is not None:
                    file.page.validate_anchor_links(files=files, log_level=level)
        return env

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav_pages = {p.file.src_uri: p for p in nav.pages}
        return nav

    def on_page_context(self, context: TemplateContext, *, page: MkPage,
                        config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        # Preview: what keeps the site from being published, on top of every page.
        page.content = self._banners() + (page.content or "")
        # A page kept out of the navigation (an event's, a terrain's…) has no place in it:
        # the theme would mark no tab. Its section's page is marked current while it is
        # rendered (and its section with it), then no longer (on_post_page).
        home = self._nav_pages.get(nav_home(page.file.src_uri) or "")
        if home is not None and page.parent is None:
            home.active = True
            self._home = home
        return context

    def _banners(self) -> str:
        links = self._links.problems if self.serving and self._links is not None else []
        return preview_banners(self.errors, self._waiting, links)

    def _detach_links(self) -> None:
        if self._links is not None:
            self._links.detach()
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None

    def _watch_warnings(self) -> None:
        """Keep the build's warnings that are not a link's, for a failed build's report in
        GitHub Actions (strict mode stops on them too)."""
        if github.in_actions() and not self.serving:
            self._warnings = _Warnings(self._failure.warnings)
            logging.getLogger("mkdocs").addHandler(self._warnings)

    def _report(self, error: Exception) -> None:
        """A failed build in GitHub Actions: what only it found on the lines of the pull
        request, and its section of the run's summary."""
        failure = self._failure
        failure.links = self._links.problems if self._links is not None else []
        if not isinstance(error, Abort):
            failure.error = str(error)
        # What regard check reports already: the same function, on the same content.
        checked = set(page_links.check(self.root, self.site, self._config_file)) \
            if failure.links else set()
        build_report.report(failure, checked)

    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self._home is not None:
            self._home.active = False
            self._home = None
        # The whole page, so that navigation, header and footer read as French too.
        # After the typography, so that the column headings copied into cells are typeset.
        # An event's own page (one per event, 10,000 at scale) is written without the
        # theme's idle white space, in the same pass over its text.
        output = label_cells(self.typesetter.page(
            output, tighten=page.file.src_uri.startswith(EVENT_PAGES)))
        if self._index is not None and is_indexed_as_page(page.file.src_uri):
            kind = page_kind(page.file.src_uri, self.site)
            self._index.add_page("/" + page.url, for_index(output, kind))
        return output

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        if template_name == "404.html" and self.serving:
            # Preview: an address that is not there yet (a waiting preview) says why too.
            article = '<article class="md-content__inner md-typeset">'
            output_content = output_content.replace(
                article, article + self._banners(), 1)
        return self.typesetter.page(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        one_markdown(enabled=False)
        self._detach_links()
        links = self._links.problems if self._links is not None else []
        if links and config.strict and not self.serving:
            count = len(links)
            log.info("%d lien%s à corriger (ci-dessus) : la construction s'arrête (mode strict)",
                     count, "s" if count > 1 else "")
        if self._renders is not None:
            self._renders.stop()
            log.debug("prévisualisation : %d pages reprises telles quelles", self._renders.reused)
        log.info("typographie française : %d espaces et apostrophes posés (%s)",
                 self.typesetter.total, ", ".join(
                     f"{rule} {count}" for rule, count in sorted(self.typesetter.fixes.items())))
        site_dir = Path(config.site_dir)
        index, self._index = self._index, None
        if self.serving:
            # Preview: the pages are served as soon as MkDocs has written them; the citation
            # files and the search index follow a moment later (the next build waits).
            self._writer = threading.Thread(
                target=write_later,
                args=(self.open_data.citation_files, site_dir, site_dir / SEARCH_DIR, index),
                daemon=True)
            self._writer.start()
            return
        if index is not None:
            # Pagefind builds its files while the citation files are written.
            with suppress(SearchIndexError):  # told below, where the files are written
                index.finish()
        write_files(self.open_data.citation_files, site_dir)
        if index is not None:
            target = site_dir / SEARCH_DIR
            try:
                index.write(target)
            except SearchIndexError as exc:
                raise PluginError(f"recherche : l'index n'a pas pu être écrit dans {target} "
                                  f"({exc})") from None
            finally:
                index.close()

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        one_markdown(enabled=False)
        self._detach_links()
        if github.in_actions() and not self.serving:
            self._report(error)
        if self._renders is not None:
            self._renders.stop()
        self._stop_index()

    def on_shutdown(self) -> None:
        gc.unfreeze()
        one_markdown(enabled=False)
        self._stop_index()

    def _stop_index(self) -> None:
        if self._writer is not None:
            self._writer.join()
            self._writer = None
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
        sooner = poll_sooner(server)
        for path in (config.docs_dir, config.config_file_path):
            if sooner and path:
                # Watched by MkDocs already, at its own pace: watched again at the new one.
                with suppress(KeyError, OSError):
                    server.unwatch(path)
                    server.watch(path)
        for folder in sorted(folders | {self.root / PROJECTS_DIR}):
            if folder.is_dir():
                server.watch(str(folder), recursive=folder != self.root)
        return server


class _Warnings(logging.Handler):
    """Keeps the text of each warning of the build that is not a link's (those are kept as
    problems by :class:`~generator.engines.mkdocs_links.LinkMessages`)."""

    def __init__(self, kept: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, LINK_RECORD, False):
            self.kept.append(record.getMessage())


def _with_blocks(markdown: str, aside: SetAside) -> str:
    """The Markdown of a page with its set-aside blocks back in place."""
    for placeholder, block in aside.blocks.items():
        markdown = markdown.replace(placeholder, block.removesuffix("\n"), 1)
    return markdown
