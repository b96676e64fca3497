"""Everything the generator adds to a site, made from the checked content: the pages, the
open data and its page, the split chronology's data files, and the staff guide's page.

One place, so that the engine adapter that publishes them and the link checks that must know
every page of the site (:mod:`generator.engines.page_links`) see the same files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..content.problems import ContentError, Problem
from ..content.site import Site
from ..outputs.exports import OpenData, open_data
from ..pages.chronology import Chronology, split
from ..pages.pages import DataFile, GeneratedPage, abbreviations, build_data_files, build_pages
from ..pages.redirects import redirect_files

GUIDE_PAGE = "contribuer/index.md"
"""Where the staff guide (a Markdown file of the repository) is published."""


@dataclass
class Generated:
    """What the generator adds to a site."""

    pages: list[GeneratedPage]
    """Every generated page, the open data's page and the guide's included."""
    abbreviations: dict[str, str]
    open_data: OpenData
    chronology: Chronology
    data_files: list[DataFile]
    """Files besides the pages: a split chronology's indexes, the old addresses' redirects."""

    def paths(self) -> list[str]:
        """Every file the generator adds, by its path in the site (citation files, written
        beside the engine, are not among them: no page links to them by path)."""
        return [*(p.path for p in self.pages), *(d.path for d in self.data_files),
                *(path for path, _ in self.open_data.files)]


def generate(site: Site, root: Path, *, site_url: str, updated: dt.date | None,
             chronology_limit: int, guide: str | None) -> Generated:
    """Every generated file of the site; raises :class:`ContentError` (in French) when the
    guide cannot be read."""
    chronology = split(site.events, chronology_limit)
    pages = build_pages(site, site_url, updated, chronology_limit=chronology_limit)
    data = open_data(site, site_url, updated, chronology)
    pages += data.pages
    if guide:
        pages.append(GeneratedPage(GUIDE_PAGE, read_guide(root, guide)))
    return Generated(pages, abbreviations(site), data, chronology,
                     build_data_files(site, chronology_limit) + redirect_files(site))


def read_guide(root: Path, guide: str) -> str:
    """The guide's text; :class:`ContentError` in French when it cannot be read."""
    try:
        return (root / guide).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ContentError([Problem(guide, 1, 1, "guide introuvable ou illisible (option "
                                    "« guide » du plugin regard dans mkdocs.yml)")]) from None
