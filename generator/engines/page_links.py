"""The links of the hand-written pages, of the staff guide and of the navigation, checked as
``mkdocs build --strict`` checks them, without building: so that ``regard check`` finds in the
pull request what would stop the publication, at the same place and in the same words.

MkDocs 1.6.1's rules are reproduced here (``mkdocs/structure/pages.py``: ``Page.render``,
``_RelativePathTreeprocessor.path_to_url``, ``_possible_target_uris``, the anchor
collectors and ``validate_anchor_links``; ``mkdocs/structure/nav.py``: ``get_navigation``;
``mkdocs/structure/files.py``: which files make the site). Each page is rendered by
Python-Markdown with the extensions of ``mkdocs.yml`` and MkDocs' own three processors at
their priorities, so that the same links and anchors are found. What a rule finds is written
as MkDocs writes it, in English, and handed to
:class:`~generator.engines.mkdocs_links.LinkMessages`, which turns the build's own messages
into French at their file, line and column: one text, one place, from both.
``tests/links/cases.yml`` runs every case through both.

The generated pages are made as the plugin makes them (:mod:`generator.engines.generated`),
since the hand-written pages link to them and to their anchors (events, year headings, terms,
committees, organisations…); an anchor of a generated page is looked for only when a link
names it, as the page's HTML blocks hold it (:func:`~generator.text.htmlblocks.set_aside`), so
that the chronology is not rendered for nothing.

Over 500 lines as one concept: MkDocs' link rules, kept together so that they can be read
against MkDocs' source side by side on an upgrade.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import unquote as urlunquote
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree as etree

import markdown
import markdown.htmlparser
import yaml
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from pathspec import GitIgnoreSpec

from ..content.load import encoding_message
from ..content.problems import ContentError, Problem
from ..content.site import Site
from ..outputs.search import UNUSED_THEME_FILES
from ..pages.pages import GeneratedPage, retarget_event_links
from ..text.htmlblocks import set_aside
from . import site_config
from .generated import GUIDE_PAGE, Generated, generate, read_guide
from .mkdocs_links import LinkMessages, link_sources, shown_path
from .site_config import RELATIVE_TO_DOCS, ConfigError, SiteConfig

MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
"""What MkDocs reads as a page (``mkdocs.utils.markdown_extensions``)."""


def check(root: Path, site: Site | None, config_file: Path | None = None) -> list[Problem]:
    """Every problem of the links of the hand-written pages, the guide and the navigation
    that fails a strict build, in French at its place. ``site`` is ``None`` when the content
    has errors: the generated pages are then unknown, and only what does not depend on
    them is told (an anchor of a hand-written page, an absolute link)."""
    config_file = config_file or root / "mkdocs.yml"
    try:
        config = site_config.read(config_file)
    except ConfigError as exc:
        return [Problem(shown_path(config_file, root), exc.line, exc.column,
                        f"{exc} : les liens des pages ne sont pas vérifiés")]
    if config is None:
        return []
    problems: list[Problem] = []
    generated: Generated | None = None
    if site is not None:
        generated = generate(site, root, site_url="", updated=None,
                             chronology_limit=config.chronology_limit, guide=None)
        if config.guide:
            try:
                generated.pages.append(GeneratedPage(GUIDE_PAGE, read_guide(root, config.guide)))
            except ContentError as exc:  # the build stops on the same error
                problems += exc.problems
    checker = LinkCheck(root, config, generated)
    problems += checker.shadowed()
    messages = LinkMessages(checker.sources, serving=False)
    for message in checker.messages():
        problem = messages.problem(message)
        if problem is not None:
            problems.append(problem)
    return problems + checker.unreadable


# --- Which files make the site -------------------------------------------------------------


def dest_uri(src_uri: str, use_directory_urls: bool) -> str:
    """Where a file is written in the site (MkDocs' ``File.dest_uri``)."""
    if not src_uri.endswith(MARKDOWN_SUFFIXES):
        return src_uri
    parent, filename = posixpath.split(src_uri)
    stem = posixpath.splitext(filename)[0]
    name = "index" if stem == "README" else stem
    return (posixpath.join(parent, name + ".html") if not use_directory_urls or
            name == "index" else posixpath.join(parent, name, "index.html"))


def file_url(src_uri: str, use_directory_urls: bool) -> str:
    """A file's address in the site, relative to its root (MkDocs' ``File.url``)."""
    dest = dest_uri(src_uri, use_directory_urls)
    dirname, filename = posixpath.split(dest)
    if use_directory_urls and filename == "index.html":
        dest = (dirname or ".") + "/"
    return urlquote(dest)


def _sort_key(name: str) -> tuple[bool, str]:
    return os.path.splitext(name)[0] not in ("index", "README"), name


def docs_files(config: SiteConfig) -> tuple[list[str], list[tuple[str, str]]]:
    """The files of the folder of pages that make the site, in MkDocs' order (folders and
    files sorted, ``index`` and ``README`` first, the excluded ones left out), and the pairs
    of files that would make the same page: the first is dropped (a ``README.md`` beside an
    ``index.md``)."""
    excluded = GitIgnoreSpec.from_lines(config.excluded)
    found: list[str] = []
    conflicts: list[tuple[str, str]] = []
    for folder, folders, names in os.walk(config.docs_dir, followlinks=True):
        relative = os.path.relpath(folder, config.docs_dir)
        folders.sort()
        by_dest: dict[str, str] = {}
        for name in sorted(names, key=_sort_key):
            src_uri = PurePath(relative, name).as_posix()
            if excluded.match_file(src_uri):
                continue
            first = by_dest.setdefault(dest_uri(src_uri, config.use_directory_urls), src_uri)
            if first != src_uri:
                conflicts.append((first, src_uri))
            found.append(src_uri)
    dropped = {first for first, _ in conflicts}
    return [path for path in found if path not in dropped], conflicts


_THEME_SKIPPED = (".*", "*/.*", "*.py", "*.pyc", "*.html", "*readme*", "mkdocs_theme.yml",
                  "locales/*", *(f"*{suffix}" for suffix in MARKDOWN_SUFFIXES))


def theme_files(config: SiteConfig) -> set[str]:
    """The theme's files that MkDocs copies into the site (``Files.add_files_from_theme``),
    less Material's own search engine, which the plugin leaves out."""
    skipped = (*_THEME_SKIPPED, *config.static_templates)
    found: set[str] = set()
    for theme_dir in config.theme_dirs:
        for folder, folders, names in os.walk(theme_dir):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                path = PurePath(os.path.relpath(os.path.join(folder, name), theme_dir))
                relative = path.as_posix()
                if not any(fnmatch.fnmatch(relative.lower(), p) for p in skipped) and \
                        not relative.startswith(UNUSED_THEME_FILES):
                    found.add(relative)
    return found


# --- Rendering a page as MkDocs does -------------------------------------------------------


class _RawAnchors(Preprocessor):
    """MkDocs' ``_RawHTMLPreprocessor``: the ``id`` of any tag in the page's text, and the
    ``name`` of an ``<a>``, before Markdown sets the raw HTML aside."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _AnchorParser()
        parser.feed("\n".join(lines))
        parser.close()
        self.anchors = parser.anchors
        return lines


class _AnchorParser(markdown.htmlparser.htmlparser.HTMLParser):  # type: ignore[name-defined,misc]
    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        for key, value in attrs:
            if key == "id" or (key == "name" and tag == "a"):
                self.anchors.add(value)
        super().handle_starttag(tag, attrs)


class _TreeAnchors(Treeprocessor):
    """MkDocs' ``_ExtractAnchorsTreeprocessor``: every ``id`` of the rendered page (headings
    included, once ``toc`` has given them theirs), and the ``name`` of an ``<a>``."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if anchor := element.get("id"):
                self.anchors.add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                self.anchors.add(anchor)


class _Links(Treeprocessor):
    """Where MkDocs' ``_RelativePathTreeprocessor`` runs: each link and image of the page,
    in the order of the text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            if key is not None:
                self.urls.append(element.get(key) or "")


@dataclass
class Rendered:
    """What the rendering of a page tells the link checks."""

    urls: list[str]
    anchors: set[str]


def render(text: str, config: SiteConfig) -> Rendered:
    """A page's Markdown (front matter removed) rendered as ``Page.render`` does."""
    md = markdown.Markdown(extensions=config.extensions,
                           extension_configs=config.extension_configs)
    raw, tree, links = _RawAnchors(), _TreeAnchors(), _Links()
    md.preprocessors.register(raw, "mkdocs_raw_html", 21)
    md.treeprocessors.register(tree, "mkdocs_extract_anchors", 5)
    md.treeprocessors.register(links, "relpath", 0)
    md.convert(text)
    return Rendered(links.urls, tree.anchors | raw.anchors)


def without_front_matter(text: str) -> str:
    """A page's text as MkDocs renders it: without its YAML front matter, or its
    MultiMarkdown-style metadata (``mkdocs.utils.meta.get_data``)."""
    match = _YAML_FRONT.match(text)
    if match:
        try:
            data = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            return text
        return text[match.end():].lstrip("\n") if isinstance(data, dict) else text
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    key = None
    while lines:
        line = lines.pop(0)
        if line.strip() == "":
            break
        if _META.match(line):
            key = True
        elif not (_META_MORE.match(line) and key):
            lines.insert(0, line)
            break
    return "\n".join(lines).lstrip("\n")


_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")


# --- MkDocs' link rules ----------------------------------------------------------------------


def relative_url(url: str, other: str) -> str:
    """``url`` relative to ``other`` (``mkdocs.utils.get_relative_url``)."""
    dirname, _, basename = other.rpartition("/")
    if "." in basename:
        other = dirname
    other_parts, dest_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, dest_parts, strict=False):
        if a != b:
            break
        common += 1
    relurl = "/".join([".."] * (len(other_parts) - common) + dest_parts[common:]) or "."
    return relurl + "/" if url.endswith("/") else relurl


def _parts(path: str) -> list[str]:
    path = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return path.split("/") if path else []


def _target_uri(src_path: str, dest_path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_path), dest_path).lstrip("/"))


def possible_target_uris(src_uri: str, url_of_page: str, path: str,
                         use_directory_urls: bool) -> Iterator[str]:
    """The file a link names, then the files it may have meant (``_possible_target_uris``)."""
    target_uri = _target_uri(src_uri, path)
    yield target_uri
    if posixpath.normpath(path) == ".":
        yield src_uri
        return
    tried = {target_uri}
    prefixes = [target_uri, _target_uri(url_of_page, path)]
    if prefixes[0] == prefixes[1]:
        prefixes.pop()
    suffixes: list[Callable[[str], str]] = []
    if use_directory_urls:
        suffixes.append(lambda p: p)
    if not posixpath.splitext(target_uri)[-1]:
        suffixes.append(lambda p: posixpath.join(p, "index.md"))
        suffixes.append(lambda p: posixpath.join(p, "README.md"))
    if not target_uri.endswith(".") and not path.endswith(".md") and (
            use_directory_urls or not path.endswith("/")):
        suffixes.append(lambda p: p.removesuffix(".html") + ".md")
    for prefix in prefixes:
        for suffix in suffixes:
            guess = posixpath.normpath(suffix(prefix))
            if guess not in tried and not guess.startswith("../"):
                yield guess
                tried.add(guess)


@dataclass
class _CheckedPage:
    """A page whose links are checked, and the anchors it links to, by target page."""

    src_uri: str
    text: str
    links_to_anchors: dict[str, dict[str, str]] = field(default_factory=dict)


class LinkCheck:
    """The link checks of one site: its files, its pages, and the messages they give."""

    def __init__(self, root: Path, config: SiteConfig, generated: Generated | None) -> None:
        self.root = root
        self.config = config
        self.generated = generated
        docs, self.conflicts = docs_files(config)
        self.handwritten = [p for p in docs if p.endswith(MARKDOWN_SUFFIXES)]
        self._generated_pages = {p.path: p for p in generated.pages} if generated else {}
        taken = set(docs)
        files = [*docs, *(f for f in theme_files(config) if f not in taken)]
        if generated is not None:
            # A generated page that a hand-written one stands in for is an error (shadowed).
            files += [p for p in generated.paths() if p not in taken]
        if config.guide and GUIDE_PAGE not in files:
            # Its page exists even when the guide cannot be read (an error of its own).
            files.append(GUIDE_PAGE)
        self.files = {path: file_url(path, config.use_directory_urls) for path in files}
        self._anchors: dict[str, set[str]] = {}
        self.unreadable: list[Problem] = []
        """Hand-written pages that are not UTF-8, found by :meth:`messages`."""
        self.sources = link_sources(root, config.file, config.docs_dir, {
            p.path: p.source for p in (generated.pages if generated else []) if p.source
        } | ({GUIDE_PAGE: config.guide} if config.guide else {}))

    def shadowed(self) -> list[Problem]:
        """A hand-written page at the path of a generated one: the build refuses it."""
        return [Problem(shown_path(self.config.docs_dir / path, self.root), 1, 1, SHADOWED)
                for path in self.handwritten if path in self._generated_pages]

    def messages(self) -> list[str]:
        """MkDocs' messages that fail a strict build, in MkDocs' words and order."""
        told: list[tuple[int, str]] = [
            (logging.WARNING, f"Excluding '{first}' from the site because it conflicts with "
                              f"'{second}'.") for first, second in self.conflicts]
        told += self._nav()
        pages = [_CheckedPage(p, self._text(p)) for p in self.handwritten
                 if p not in self._generated_pages]
        guide = self._guide()
        if guide is not None:
            pages.append(_CheckedPage(GUIDE_PAGE, guide))
        for page in pages:
            rendered = render(page.text, self.config)
            self._anchors[page.src_uri] = rendered.anchors
            for url in rendered.urls:
                told += self._link(page, url)
        for page in pages:
            told += self._anchor_links(page)
        return [message for level, message in told if level >= logging.WARNING]

    def _text(self, src_uri: str) -> str:
        """A hand-written page as the plugin gives it to MkDocs; one that is not UTF-8 is an
        error (the build stops on it)."""
        file = self.config.docs_dir / src_uri
        try:
            data = file.read_bytes()
            text = data.decode("utf-8-sig")
        except OSError:
            return ""
        except UnicodeDecodeError as exc:
            line, column, message = encoding_message(data, exc)
            self.unreadable.append(Problem(shown_path(file, self.root), line, column, message))
            return ""
        text = without_front_matter(text)
        chronology = self.generated.chronology if self.generated else None
        return retarget_event_links(text, src_uri, chronology) if chronology else text

    def _guide(self) -> str | None:
        if GUIDE_PAGE in self._generated_pages:
            return without_front_matter(self._generated_pages[GUIDE_PAGE].markdown)
        if self.generated is None and self.config.guide:
            try:
                return without_front_matter(read_guide(self.root, self.config.guide))
            except ContentError:
                return None
        return None

    def _known(self, path: str) -> bool:
        return PurePath(path).as_posix() in self.files

    def _unknowable(self) -> bool:
        """The generated pages are unknown (the content has errors): a link to a file that
        is not found may be to one of them, and is not told."""
        return self.generated is None

    def _link(self, page: _CheckedPage, url: str) -> list[tuple[int, str]]:
        """``path_to_url``: what MkDocs says of one link of a page."""
        src = page.src_uri
        scheme, netloc, path, query, anchor = urlsplit(url)
        absolute = None
        level, warning = 0, ""
        if scheme or netloc:
            return []
        if url.startswith(("/", "\\")):
            absolute = self.config.level("absolute_links")
            if absolute != RELATIVE_TO_DOCS:
                level = absolute
                warning = f"Doc file '{src}' contains an absolute link '{url}', it was left as is."
        elif AMP_SUBSTITUTE in url:
            return []
        elif not path:
            if anchor:
                page.links_to_anchors.setdefault(src, {}).setdefault(anchor, url)
            return []
        path = urlunquote(path)
        possible = possible_target_uris(src, self.files.get(src, file_url(
            src, self.config.use_directory_urls)), path, self.config.use_directory_urls)
        target_uri: str = url
        found = False
        if not warning:
            target_uri = next(possible)
            found = self._known(target_uri)
        if not found and not warning:
            if self._unknowable():
                return []
            if not posixpath.splitext(path)[-1] and absolute is None:
                level = self.config.level("unrecognized_links")
                warning = (f"Doc file '{src}' contains an unrecognized relative link '{url}', "
                           "it was left as is.")
            else:
                target = f" '{target_uri}'" if target_uri != url.lstrip("/") else ""
                level = self.config.level("not_found")
                warning = (f"Doc file '{src}' contains a link '{url}', but the target{target} "
                           "is not found among documentation files.")
        if warning:
            if level > logging.DEBUG:
                warning += self._suggestion(src, url, query, anchor, absolute, possible)
            return [(level, warning)]
        if anchor:
            page.links_to_anchors.setdefault(PurePath(target_uri).as_posix(), {}).setdefault(
                anchor, url)
        return []

    def _suggestion(self, src: str, url: str, query: str, anchor: str, absolute: int | None,
                    possible: Iterator[str]) -> str:
        for guess in possible:
            if self._known(guess):
                if anchor and guess == src:
                    guess = ""
                elif absolute == RELATIVE_TO_DOCS:
                    guess = "/" + guess
                else:
                    guess = relative_url(guess, src)
                return f" Did you mean '{urlunsplit(('', '', guess, query, anchor))}'?"
        if "@" in url and "." in url and "/" not in url:
            return f" Did you mean 'mailto:{url}'?"
        return ""

    def _anchor_links(self, page: _CheckedPage) -> list[tuple[int, str]]:
        """``validate_anchor_links``: each anchor a page links to, looked for in its page."""
        told = []
        level = self.config.level("anchors")
        for target, links in page.links_to_anchors.items():
            anchors = self._anchors_of(target)
            if anchors is None:
                continue
            for anchor, original in links.items():
                if anchor in anchors:
                    continue
                context = ""
                if target == page.src_uri:
                    problem = "there is no such anchor on this page"
                    if anchor.startswith("fnref:"):
                        context = " This seems to be a footnote that is never referenced."
                else:
                    problem = f"the doc '{target}' does not contain an anchor '#{anchor}'"
                told.append((level, f"Doc file '{page.src_uri}' contains a link '{original}', "
                                    f"but {problem}.{context}"))
        return told

    def _anchors_of(self, target: str) -> set[str] | None:
        """The anchors of a page of the site, ``None`` for a file that is no page (MkDocs
        checks no anchor there) or a page that cannot be known."""
        if target in self._anchors:
            return self._anchors[target]
        if not target.endswith(MARKDOWN_SUFFIXES) or target not in self._generated_pages:
            return None
        # As the plugin gives the page to MkDocs: its HTML blocks set aside, their anchors
        # added back to those of the rest.
        aside = set_aside(without_front_matter(self._generated_pages[target].markdown))
        anchors = render(aside.markdown, self.config).anchors | aside.anchors
        self._anchors[target] = anchors
        return anchors

    def _nav(self) -> list[tuple[int, str]]:
        """``get_navigation``: each entry of ``nav`` that names no file of the site."""
        told = []
        absolute = self.config.nav_levels["absolute_links"]
        for path in _nav_paths(self.config.nav):
            lookup = path.lstrip("/") if path.startswith("/") and \
                absolute == RELATIVE_TO_DOCS else path
            if self._known(lookup):
                continue
            parts = urlsplit(path)
            if parts.scheme or parts.netloc:
                continue
            if path.startswith("/") and absolute != RELATIVE_TO_DOCS:
                told.append((absolute, f"An absolute path to '{path}' is included in the 'nav' "
                                       "configuration, which presumably points to an external "
                                       "resource."))
            elif not self._unknowable():
                told.append((self.config.nav_levels["not_found"],
                             f"A reference to '{path}' is included in the 'nav' configuration, "
                             "which is not found in the documentation files."))
        return told


def _nav_paths(nav: Any) -> Iterator[str]:
    """The paths of a navigation as written, in order (``_data_to_navigation``)."""
    if isinstance(nav, dict):
        for value in nav.values():
            if isinstance(value, str):
                yield value
            else:
                yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)
    elif isinstance(nav, str):
        yield nav


SHADOWED = ("cette page est générée à partir du contenu YAML ; retirez le fichier écrit à la "
            "main")
"""A hand-written page at the path of a generated one."""
