"""MkDocs' link checks, said in French at the link's file and line (adapter, MkDocs only).

MkDocs checks every link of every page and the entries of the navigation: a link to a page
that does not exist, to an anchor a page does not have, to a folder, an absolute link. It
says so in English and names the page inside the docs folder, not the line. This module
rewrites each of these messages before anything prints it: in French, with the file as staff
know it (relative to the project) and the line and column of the link.

In a preview the message is lowered just below a warning, where strict mode does not count
it: MkDocs would otherwise stop the rebuild and leave every request waiting until the link is
fixed. The plugin then shows the messages on every page; a build still fails on them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..content.problems import Problem
from ..text.markup import line_column, link_places

PREVIEW_LEVEL = logging.WARNING - 1
"""A link message's level in a preview: printed, not counted by MkDocs' strict mode."""

LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.structure.files",
           "properdocs.structure.pages", "properdocs.structure.nav",
           "properdocs.structure.files")
"""Where MkDocs (and ProperDocs, its continuation) says what its link and navigation checks
found."""

_HINT = r"(?: Did you mean '(?P<hint>.+)'\?)?"
_WRITTEN = [
    ("missing", r"Doc file '(?P<src>.+?)' contains a link '(?P<url>.+?)', but the target"
                r"(?: '(?P<target>.+?)')? is not found among documentation files\." + _HINT),
    ("folder", r"Doc file '(?P<src>.+?)' contains an unrecognized relative link '(?P<url>.+?)', "
               r"it was left as is\." + _HINT),
    ("absolute", r"Doc file '(?P<src>.+?)' contains an absolute link '(?P<url>.+?)', it was "
                 r"left as is\." + _HINT),
    ("anchor_here", r"Doc file '(?P<src>.+?)' contains a link '(?P<url>.+?)', but there is no "
                    r"such anchor on this page\.(?P<footnote> This seems to be a footnote)?.*"),
    ("anchor_there", r"Doc file '(?P<src>.+?)' contains a link '(?P<url>.+?)', but the doc "
                     r"'(?P<target>.+?)' does not contain an anchor '#(?P<anchor>.+)'\."),
    ("nav_missing", r"A reference to '(?P<url>.+?)' is included in the 'nav' configuration, "
                    r"which is not found in the documentation files\."),
    ("nav_absolute", r"An absolute path to '(?P<url>.+?)' is included in the 'nav' "
                     r"configuration, which presumably points to an external resource\."),
    ("conflict", r"Excluding '(?P<src>.+?)' from the site because it conflicts with "
                 r"'(?P<url>.+?)'\."),
]
_MESSAGES = [(kind, re.compile(pattern, re.S)) for kind, pattern in _WRITTEN]
"""MkDocs 1.6's link messages (mkdocs/structure/pages.py and nav.py), by kind."""


def _french(kind: str, found: dict[str, str | None]) -> str:
    url = found["url"]
    hint = f" ; vouliez-vous écrire « {found['hint']} » ?" if found.get("hint") else ""
    if kind == "missing":
        target = found.get("target")
        where = f" (cherchée : {target})" if target and target != url else ""
        return f"le lien « {url} » ne mène à aucune page du site{where}{hint}"
    if kind == "folder":
        example = found.get("hint") or (str(url).rstrip("/") + "/index.md")
        return (f"le lien « {url} » ne désigne pas une page : écrivez le chemin de son "
                f"fichier .md, par exemple « {example} »")
    if kind == "absolute":
        return (f"le lien « {url} » commence par « / » : sur le site publié dans un "
                f"sous-dossier, il mènerait ailleurs ; écrivez un lien relatif vers le "
                f"fichier .md{hint}")
    if kind == "anchor_here":
        if found.get("footnote"):
            return (f"le lien « {url} » vise une note de bas de page que le texte n'appelle "
                    "jamais : ajoutez l'appel de note ou retirez la note")
        return f"le lien « {url} » vise une ancre absente de cette page"
    if kind == "anchor_there":
        return (f"le lien « {url} » vise l'ancre « #{found['anchor']} », absente de "
                f"{found['target']}")
    if kind == "conflict":
        return (f"cette page et « {url} » font la même page du site, et seule « {url} » serait "
                "publiée : retirez ou renommez l'une des deux")
    if kind == "nav_missing":
        return (f"la navigation (nav) cite « {url} », qui n'est pas une page du site : "
                "corrigez le chemin ou retirez l'entrée")
    return (f"la navigation (nav) cite le chemin absolu « {url} » : écrivez un chemin relatif "
            "au dossier des pages, ou une adresse complète (https://…)")


def places(text: str, needle: str) -> list[tuple[int, int]]:
    """Lines and columns (1-based) where ``needle`` is written as a link target, in order of
    the text; where it is written at all if never as a target."""
    return [line_column(text, index) for index in link_places(text, needle)]


LINK_RECORD = "regard_link"
"""Attribute set on a log record this filter rewrote: a link's message, told as a problem."""


def link_sources(root: Path, config_file: Path, docs: Path, generated: dict[str, str]
                 ) -> Callable[[str | None], list[tuple[str, Path]]]:
    """The files a page's links are written in, each as staff know it and where it is read:
    a hand-written page's file, a generated page's record file (or the files of its folder
    of records), ``mkdocs.yml`` for the navigation's (``page`` is ``None``).
    ``generated`` names the source of each generated page, from ``root``."""
    def sources(page: str | None) -> list[tuple[str, Path]]:
        if page is None:
            files = [config_file]
        elif page in generated:
            source = root / generated[page]
            files = sorted(source.glob("*.y*ml")) if source.is_dir() else [source]
        else:
            files = [docs / page]
        return [(shown_path(file, root), file) for file in files]

    return sources


def shown_path(file: Path, root: Path) -> str:
    """A file as staff know it: from the project's folder when it is inside."""
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()


class LinkMessages(logging.Filter):
    """Rewrites MkDocs' link messages in French at their place; keeps them for the preview.

    ``sources(page)`` names the files a page's text comes from, each as staff know it and
    where it is read (``None`` asks for the navigation's: mkdocs.yml)."""

    def __init__(self, sources: Callable[[str | None], list[tuple[str, Path]]], *,
                 serving: bool) -> None:
        super().__init__()
        self.sources = sources
        self.serving = serving
        self.problems: list[Problem] = []
        # MkDocs tells the same link written twice twice, in the order of the text.
        self._told: Counter[tuple[str, str]] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        problem = self.problem(record.getMessage())
        if problem is None:
            return True
        self.problems.append(problem)
        record.msg, record.args = str(problem), None
        setattr(record, LINK_RECORD, True)
        if self.serving:
            record.levelno = PREVIEW_LEVEL
        return True

    def problem(self, message: str) -> Problem | None:
        """The French problem for one of MkDocs' link messages, ``None`` for any other."""
        for kind, pattern in _MESSAGES:
            match = pattern.fullmatch(message)
            if match is None:
                continue
            found = match.groupdict()
            if kind == "conflict":
                found["url"] = self._page(str(found["url"]))
                where = self.sources(found["src"])
                return Problem(where[0][0] if where else str(found["src"]), 1, 1,
                               _french(kind, found))
            if found.get("target") and kind == "anchor_there":
                found["target"] = self._page(str(found["target"]), quoted=True)
            elif found.get("target"):
                found["target"] = self._page(str(found["target"])).split(" (", 1)[0]
            sources = self.sources(found.get("src"))
            text = _french(kind, found)
            url = str(found["url"])
            for path, file in sources:
                try:
                    content = file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                written = places(content, url)
                if written:
                    told = self._told[path, url]
                    self._told[path, url] += 1
                    line, column = written[min(told, len(written) - 1)]
                    return Problem(path, line, column, text)
            return Problem(sources[0][0] if sources else "mkdocs.yml", 1, 1, text)
        return None

    def _page(self, page: str, *, quoted: bool = False) -> str:
        """A page of the site named as staff know it: its file, or what it is made from."""
        sources = self.sources(page)
        shown = sources[0][0] if sources else page
        if shown.endswith(".md") or not sources:
            return f"« {shown} »" if quoted else shown
        named = f"« {page} »" if quoted else page
        return f"{named} (page faite à partir de {shown.rstrip('/')})"

    def attach(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).addFilter(self)

    def detach(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(self)
