"""Text from the YAML files made safe for the page it lands in.

Two kinds of text reach the pages:

- **plain text** (titles, names, labels, roles…): shown as written, whatever it contains.
  :func:`markdown_text` escapes it for a Markdown page (HTML *and* Markdown syntax, so that
  ``*``, ``[…](…)``, ``|``, ``{…}`` or ``<!--`` stay characters), :func:`frontmatter_text`
  for a page's YAML front matter, whose values the theme prints unescaped;
- **Markdown fields** (summaries, definitions, learnings…): :func:`render_markdown` turns
  them into HTML and sanitises the result with an allow-list, so that no script, event
  handler, style, frame or unsafe link survives.

The module knows nothing of pages or of MkDocs: validation calls :func:`render_markdown` to
report a field the Markdown engine cannot read, and pages reuse the cached result.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = frozenset({
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "abbr",
    "hr", "img", "sub", "sup", "del", "q", "cite", "h3", "h4", "h5", "h6",
})
"""Elements a Markdown field may produce; headings start at h3, under the page's own."""
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Absolute links allowed in Markdown fields; relative links stay within the site."""


class MarkupError(ValueError):
    """A Markdown field the engine cannot render; the message is French."""


def _safe_url(tag: str, attribute: str, value: str) -> str | None:
    # nh3 keeps relative URLs, and counts ``//host/…`` (another site, with the page's
    # scheme) among them: a link to another host must name its scheme.
    if attribute in {"href", "src"} and re.match(r"\s*[/\\]{2}", value):
        return None
    return value


def sanitise(fragment: str) -> str:
    """HTML → the same HTML with only allowed elements, attributes and URLs."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True,
                     attribute_filter=_safe_url)


_converter = md.Markdown(extensions=["sane_lists"], output_format="html")
# Text without any character Markdown reads as syntax is one paragraph of text: the engine
# is skipped for it (most summaries), with the same result.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#{}|~^\n\t]|^\s|\s$|^(?:[-+=]+|\d+[.)])(?:\s|$)")


@lru_cache(maxsize=1 << 16)
def render_markdown(text: str) -> str:
    """One Markdown field → sanitised HTML in one ``<div class="rd-md">``.

    The fragment is placed in Markdown pages: inside one ``div`` (an element no field can
    produce, so none can close it early) it is a single raw HTML block, which the page's own
    Markdown pass leaves as it is, whatever lines the field holds.
    """
    if not _MARKDOWN_SYNTAX.search(text):
        body = sanitise(f"<p>{html.escape(text, quote=False)}</p>")
    else:
        _converter.reset()
        try:
            rendered = _converter.convert(text)
        except Exception as exc:  # the engine's own failures (AssertionError, IndexError…)
            raise MarkupError("texte Markdown illisible par le générateur : vérifiez les "
                              "signes < > [ ] * _ et retirez le HTML") from exc
        body = sanitise(rendered)
    return f'<div class="rd-md">{body}</div>'


_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_BLOCK_END = {"p", "li", "blockquote", "h3", "h4", "h5", "h6", "pre", "ul", "ol", "div"}


@lru_cache(maxsize=1 << 16)
def plain_text(markdown: str) -> str:
    """A Markdown field as plain text: the words a reader sees, paragraphs separated by a blank
    line, list items on their own line after « - »; no markup, no entity."""
    if not _MARKDOWN_SYNTAX.search(markdown):
        return markdown  # one paragraph of text, as written
    # Line breaks in the HTML's source are spaces, as in a browser; tags make the lines.
    fragment = " ".join(render_markdown(markdown).split())

    def tag(match: re.Match[str]) -> str:
        closing, name = match.group(1), match.group(2).lower()
        if name == "br":
            return "\n"
        if name == "li" and not closing:
            return "\n- "
        if name in _BLOCK_END and closing:
            return "\n\n" if name != "li" else ""
        return ""

    text = html.unescape(_TAG.sub(tag, fragment))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_ANY_TAG = re.compile(r"<[^>]+>")


def markdown_words(markdown: str, *, tag_gap: str = " ") -> str:
    """A Markdown field as the words a reader sees, on one line (search, the chronology's
    text filter, page descriptions). Each tag becomes ``tag_gap``: a space where words must
    not run together (an index), nothing where inline markup sits inside a word
    (« l'*ECT* » reads « l'ECT » in a description). :func:`plain_text` keeps the paragraphs."""
    return one_line(html.unescape(_ANY_TAG.sub(tag_gap, render_markdown(markdown))))


_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.I)


def site_paths(fragment: str, own: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The paths of the site a rendered Markdown field links to or shows (every link and
    image without a scheme, and those that start with one of ``own``, the site's own
    addresses): (« href » or « src », the path as written)."""
    found = ((m.group(1).strip()[:-2], html.unescape(m.group(2)))
             for m in _URL_ATTRIBUTE.finditer(fragment))
    return [(attribute, value) for attribute, value in found
            if not _SCHEME.match(value) or (own and value.startswith(own))]


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset in ``text``."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


_WRITTEN_AS_TARGET = ("]({}", "<{}>", "]: {}", "({}", '="{}"')
"""How Markdown (and HTML) writes a link's target: inline, in angle brackets, as a
reference, in parentheses, as an attribute."""


_TARGET_ENDS = frozenset({"", ")", ">", '"', "'", " ", "\t", "\n", "\r"})
"""What may follow a link's target where it is written."""


def link_places(text: str, needle: str) -> list[int]:
    """Offsets in ``text`` where ``needle`` is written as a link target, in order; where it
    is written at all if never as a target."""
    found = set()
    for form in _WRITTEN_AS_TARGET:
        written = form.format(needle)
        shift = written.index(needle)
        index = text.find(written)
        while index >= 0:
            # The target ends there: « figures » is not the start of « figures.md ».
            if text[index + shift + len(needle):][:1] in _TARGET_ENDS:
                found.add(index + shift)
            index = text.find(written, index + 1)
    if not found:
        index = text.find(needle)
        while index >= 0:
            found.add(index)
            index = text.find(needle, index + 1)
    return sorted(found)


def relink(fragment: str, write: Callable[[str], str]) -> str:
    """A rendered Markdown field with each path of the site written by ``write`` (as a link
    from the page the field is shown on)."""
    def one(found: re.Match[str]) -> str:
        value = html.unescape(found.group(2))
        if _SCHEME.match(value):
            return found.group(0)
        return found.group(1) + html.escape(write(value)) + found.group(3)

    return _URL_ATTRIBUTE.sub(one, fragment)


_MARKDOWN_PUNCTUATION = {c: f"&#{ord(c)};" for c in "\\`*_[]{}|"}
_MARKDOWN_PUNCTUATION.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_ESCAPES = str.maketrans(_MARKDOWN_PUNCTUATION)
_LINE_START = re.compile(r"^(?:[-+=#]|\d+[.)])")


def one_line(text: str) -> str:
    """Whitespace, line breaks included, as single spaces: a plain-text field is one line."""
    return " ".join(str(text).split())


def markdown_text(text: object) -> Markup:
    """Plain text → Markdown (and HTML) that displays exactly that text.

    Every character Markdown or HTML could read as syntax becomes a character reference,
    which both engines print as the character itself; the text is kept on one line, so that
    it can neither end an HTML block nor start a list, a heading or a quotation.
    """
    line = one_line(str(text)).translate(_ESCAPES)
    # A dash, a hash, or a number and a dot, at the start of a line would start a list or a
    # heading (the other characters of Markdown's syntax are escaped wherever they stand).
    marker = _LINE_START.match(line)
    if marker:
        last = marker.end() - 1
        line = f"{line[:last]}&#{ord(line[last])};{line[last + 1:]}"
    return Markup(line)


def frontmatter_text(text: object) -> Markup:
    """Plain text as a YAML value of a page's front matter.

    The theme prints ``title`` and ``description`` from the front matter into the page
    without escaping them: the value is written escaped for HTML, as a JSON string (which
    YAML reads as it is).
    """
    escaped = html.escape(one_line(str(text)), quote=False).replace('"', "&quot;")
    return Markup(json.dumps(escaped, ensure_ascii=False))


def attribute_title(text: str) -> str:
    """Text for a ``title`` that Material's tooltips insert as HTML: no ``<`` survives the
    attribute's own decoding (the attribute is escaped once more where it is written)."""
    return one_line(text).replace("<", "&lt;")
