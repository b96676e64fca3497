"""What ``mkdocs serve`` shows besides the site: the banners of errors and links on top of
every page, a waiting page while the content has never been valid, and the search index and
citation files written once the pages are served."""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path
from typing import Any

from ..content.problems import Problem
from ..outputs.pagefind_index import PagefindIndex, SearchIndexError
from .mkdocs_tuning import write_files

log = logging.getLogger("mkdocs.plugins.regard")


def preview_banners(errors: list[Problem], waiting: bool, links: list[Problem]) -> str:
    """What keeps the site from being published, shown on top of every page of a preview:
    the content's errors (``waiting``: no valid version to show yet), then the links."""
    banners = []
    if errors:
        count = len(errors)
        shown = (f"corrigez-{'les' if count > 1 else 'la'} pour voir le site"
                 if waiting else
                 "cette prévisualisation montre la dernière version valide")
        banners.append(banner(
            "failure", f"{count} erreur{'s' if count > 1 else ''} dans le contenu : {shown}",
            errors))
    if links:
        count = len(links)
        banners.append(banner(
            "warning", f"{count} lien{'s' if count > 1 else ''} à corriger : la publication "
            f"échouera tant qu'{'ils resteront' if count > 1 else 'il restera'}", links))
    return "".join(banners)


class LaterIndex:
    """A preview's search index: its pages kept, then indexed all at once by :meth:`write`
    (in a thread of its own, once the pages are served)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.pages: list[tuple[str, str]] = []

    def add_page(self, url: str, html: str) -> None:
        self.pages.append((url, html))

    def finish(self) -> None:
        """Nothing to ask yet: Pagefind starts in :meth:`write`."""

    def write(self, folder: Path) -> None:
        index = PagefindIndex(self.options)
        try:
            for url, html in self.pages:
                index.add_page(url, html)
            index.write(folder)
        finally:
            index.close()

    def close(self) -> None:
        self.pages = []


WAITING_PAGE = """---
title: Prévisualisation en attente
---

# Prévisualisation en attente

Le contenu a des erreurs : leur liste est ci-dessus, chacune avec son fichier, sa ligne et sa
colonne. Corrigez-les et enregistrez : le site apparaît ici dès que le contenu est valide.
"""
"""The home page of a preview started on invalid content."""


def banner(kind: str, title: str, problems: list[Problem]) -> str:
    """A preview's message box: what is wrong, each at its file, line and column."""
    # A file's place may break after a slash on a phone, never inside its line number.
    items = "".join(f"<li><code>{escape(p.path).replace('/', '/<wbr>')}:{p.line}:{p.column}"
                    f"</code> {escape(p.message)}</li>" for p in sorted(problems))
    return (f'<div class="admonition {kind} rd-preview-errors" role="alert" '
            f'data-pagefind-ignore><p class="admonition-title">{escape(title)}</p>'
            f"<ul>{items}</ul></div>")


def write_later(files: list[tuple[str, bytes]], site_dir: Path, search_dir: Path,
                index: PagefindIndex | LaterIndex | None) -> None:
    """What a preview writes after its pages are served: a failure is logged."""
    try:
        write_files(files, site_dir)
        if index is not None:
            index.write(search_dir)
    except (OSError, SearchIndexError) as exc:
        log.error("les fichiers de citation ou l'index de recherche n'ont pas pu être "
                  "écrits dans %s (%s)", site_dir, exc)
    finally:
        if index is not None:
            index.close()
