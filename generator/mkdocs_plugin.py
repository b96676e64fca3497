"""The MkDocs adapter: load and check the content, add the generated pages.

The only module that imports MkDocs. It writes nothing to disk: generated
pages are virtual files (``File.generated``).
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

from .exports import OpenData, open_data
from .exports.feeds import FEED_PATH
from .htmltext import abbreviate
from .model import FILE_MODELS, PROJECTS_DIR
from .pages import Page, abbreviations, build_pages
from .problems import ContentError, Problem
from .revision import last_update
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
    source_edit_uri = c.Optional(c.Type(str))
    """Where a content file is edited, relative to ``repo_url`` (default: the branch of
    ``edit_uri``, e.g. ``edit/main/``)."""


class RegardPlugin(BasePlugin[RegardConfig]):
    """Loads the YAML content on config, adds its pages on files."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.pages: list[Page] = []
        self.root = Path(".")
        self._abbreviations: dict[str, str] = {}
        self.serving = False
        self.errors: list[Problem] = []
        self._sources: dict[str, str] = {}
        self.open_data = OpenData()
        self._head: dict[str, Any] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds,
        # so the last valid pages survive an invalid edit.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        try:
            site = load_site(self.root)
        except ContentError as exc:
            if not (self.serving and self.pages):
                raise PluginError(str(exc)) from None
            # Preview: keep serving the last valid pages, with the errors on every page.
            self.errors = exc.problems
            log.info("ERREURS dans le contenu : la prévisualisation montre la dernière version "
                     "valide.\n%s", "\n".join(str(p) for p in exc.problems))
            return config
        self.site, self.errors = site, []
        for warning in site.warnings:
            # Logged as info: a likely mistake must not fail a strict build.
            log.info("%s", warning)
        # The content's last change, from git: the same content always gives the same files.
        updated = last_update(self.root)
        site_url = config.site_url or ""
        self.pages = build_pages(site, site_url, updated)
        self.open_data = open_data(site, site_url, updated)
        self.pages += self.open_data.pages
        self._head = {"feed": FEED_PATH, "feed_title": "RegarD — chronologie (flux Atom)",
                      "publisher": "Clus'Ter Jura",
                      "updated": updated.isoformat() if updated else None}
        self._abbreviations = abbreviations(site)
        self._sources = {p.path: p.source for p in self.pages if p.source}
        if self.config.guide:
            guide = self.root / self.config.guide
            if not guide.is_file():
                raise PluginError(f"{self.config.guide} : guide introuvable (option « guide » "
                                  "du plugin regard dans mkdocs.yml)")
            self.pages.append(Page("contribuer/index.md", guide.read_text(encoding="utf-8")))
            self._sources["contribuer/index.md"] = self.config.guide
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                raise PluginError(f"{existing.src_uri} : cette page est générée à partir du "
                                  "contenu YAML ; retirez le fichier écrit à la main")
            # Sheets are many: reached from their index pages, kept out of the nav.
            inclusion = (InclusionLevel.NOT_IN_NAV if page.path.count("/") and
                         not page.path.endswith("/index.md") else InclusionLevel.UNDEFINED)
            files.append(File.generated(config, page.path, content=page.markdown,
                                        inclusion=inclusion))
        for path, content in self.open_data.files:
            files.append(File.generated(config, path, content=content))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Thousands of small files that no Markdown link names: written as they are, rather
        # than handed to MkDocs one by one (which costs more than making them).
        site_dir = Path(config.site_dir)
        for path, content in self.open_data.citation_files:
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # What the head partial (theme/partials/regard-data-head.html) prints on every page.
        env.globals["regard_data"] = self._head
        return env

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

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        for relative in [*FILE_MODELS, PROJECTS_DIR, self.config.guide or ""]:
            path = self.root / relative
            if relative and path.exists():
                server.watch(str(path))
        return server
