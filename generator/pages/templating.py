"""The Jinja environment of the pages and its two-level bytecode cache.

Templates write Markdown pages with HTML blocks: every value is escaped on output
(:func:`_finalize`) unless it is already markup; Markdown fields go through the sanitiser
and have their site links written from the page that shows them. Compiled templates are
kept in memory and where Python keeps its compiled modules (:class:`TemplateCache`).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup

from ..content.dates import french_span, span_parts, span_parts_within
from ..text import urls
from ..text.markup import frontmatter_text, markdown_text, relink, render_markdown
from ..text.urls import article_slugs, site_link
from .citations import french_day
from .colours import category_style, css_colour
from .french import count_words, edition, french_number, french_size

TEMPLATES = Path(__file__).parent / "templates"


@pass_context
def _markdown(context: Context, text: str) -> Markup:
    """A Markdown field on a page, its links to the site written from that page."""
    fragment = render_markdown(text)
    path = context.get("path")
    if path and (' href="' in fragment or ' src="' in fragment):
        to_event = context.get("to_event")
        fragment = relink(fragment, lambda written: site_link(path, written, to_event))
    return Markup(fragment)


_FINALIZED: dict[str, Markup] = {}
"""Plain texts already escaped by :func:`_finalize`: names, labels and titles recur on many
pages and cards."""
_FINALIZED_LIMIT = 1 << 17


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of a template: plain text is escaped for Markdown and HTML alike."""
    if type(value) is str:
        known = _FINALIZED.get(value)
        if known is None:
            known = _escape_text(value)
            if len(_FINALIZED) < _FINALIZED_LIMIT:
                _FINALIZED[value] = known
        return known
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _escape_text(str(value))


def _escape_text(text: str) -> Markup:
    # A separator such as ", " keeps its outer spaces (as one space, never a line break):
    # markdown_text writes the text itself on one line, without them.
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(before + markdown_text(text) + after)


def template_cache_folder() -> Path:
    """Where compiled templates are kept between builds: where Python keeps the compiled
    modules of this package (``__pycache__`` beside the templates, or under
    ``PYTHONPYCACHEPREFIX``)."""
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix) / TEMPLATES.relative_to(TEMPLATES.anchor)
    return TEMPLATES / "__pycache__"


class TemplateCache(FileSystemBytecodeCache):
    """Compiled Jinja templates kept between builds: Jinja parses and compiles a template
    on every first use in a process (a third of a build of the real content), and MkDocs
    makes a new environment for the theme on every build (`mkdocs serve` compiles the
    theme again on every change). Kept in memory for the process, and on disk for the next
    one where Python writes compiled modules; each entry is checked against its template's
    source, the environment's settings and the Python version, so that an edited template
    is compiled again. Where the folder cannot be written (a read-only install,
    ``PYTHONDONTWRITEBYTECODE``), the disk is not used."""

    def __init__(self, directory: Path | None = None) -> None:
        super().__init__(str(directory or template_cache_folder()), "%s.jinja")
        self._memory: dict[str, tuple[str, CodeType]] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        # Templates compile differently under different settings (trim_blocks, finalize…).
        bucket = Bucket(environment, self.get_cache_key(f"{_settings(environment)}|{name}",
                                                        filename),
                        self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        known = self._memory.get(bucket.key)
        if known is not None and known[0] == bucket.checksum:
            bucket.code = known[1]
            return
        try:
            super().load_bytecode(bucket)
        except OSError:  # a cache folder that is not one, unreadable…: compiled as before
            bucket.reset()
        if bucket.code is not None:
            self._memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._memory[bucket.key] = (bucket.checksum, bucket.code)
        if sys.dont_write_bytecode:
            return
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _settings(env: Environment) -> str:
    """What, besides its source, a template's compiled code depends on."""
    def name(value: object) -> str:
        return getattr(value, "__qualname__", None) or repr(value)

    return repr((env.block_start_string, env.block_end_string, env.variable_start_string,
                 env.variable_end_string, env.comment_start_string, env.comment_end_string,
                 env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                 env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                 env.optimized, env.is_async, name(env.autoescape), name(env.finalize),
                 sorted(env.extensions)))


@lru_cache(maxsize=1)
def template_cache() -> TemplateCache:
    return TemplateCache()


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates write Markdown pages with HTML blocks: each value is escaped on output
    (autoescape, and ``finalize`` for Markdown's own syntax) unless it is already markup."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(),
    )
    env.filters["span"] = lambda record: french_span(record.date, record.end)
    env.filters["markdown"] = _markdown
    env.filters["frontmatter"] = frontmatter_text
    env.filters["colour"] = css_colour
    env.filters["number"] = french_number
    env.globals["french_span"] = french_span
    env.globals["span_parts"] = span_parts
    env.globals["span_parts_within"] = span_parts_within
    env.globals["category_style"] = category_style
    env.globals["n"] = count_words
    env.globals["article_slugs"] = article_slugs
    env.globals["french_day"] = french_day
    env.globals["size"] = french_size
    env.globals["edition"] = edition
    env.globals["urls"] = urls
    return env
