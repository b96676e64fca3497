"""The MkDocs adapter: load and check the content, add the generated pages.

The only module that imports MkDocs. It writes nothing to disk: generated
pages are virtual files (``File.generated``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .model import FILE_MODELS, PROJECTS_DIR
from .pages import Page, abbreviations, build_pages
from .problems import ContentError
from .validate import Site, load_site

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page as MkPage

log = logging.getLogger("mkdocs.plugins.regard")


class RegardConfig(Config):
    root = c.Type(str, default=".")
    """Folder holding ``timeline.yml`` and ``content/``, relative to ``mkdocs.yml``."""


class RegardPlugin(BasePlugin[RegardConfig]):
    """Loads the YAML content on config, adds its pages on files."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.pages: list[Page] = []
        self.root = Path(".")
        self._abbreviations = ""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path).parent / self.config.root).resolve()
        try:
            self.site = load_site(self.root)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for warning in self.site.warnings:
            # Logged as info: a likely mistake must not fail a strict build.
            log.info("%s", warning)
        self.pages = build_pages(self.site)
        self._abbreviations = abbreviations(self.site)
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
        return files

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig,
                         files: Files) -> str:
        # The glossary's acronyms become tooltips on every page.
        return f"{markdown}\n\n{self._abbreviations}\n" if self._abbreviations else markdown

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        for relative in [*FILE_MODELS, PROJECTS_DIR]:
            path = self.root / relative
            if path.exists():
                server.watch(str(path))
        return server
