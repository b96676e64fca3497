"""Keep the HTML blocks of a generated page out of the engine's Markdown pass.

The chronology, the project sheets and the people's pages are mostly HTML that the
templates wrote and escaped: the event cards. A Markdown engine passes such a block through
unchanged, but reads it first with a pure-Python HTML parser (Python-Markdown's raw-HTML
extraction, then MkDocs' scan for anchors): most of the time of a large build. An adapter
can take those blocks out before the pass (:func:`set_aside`), leaving one placeholder
paragraph for each, and put them back into the HTML the engine wrote (:func:`restore`).

Only blocks that any Markdown engine would pass through as they are are set aside: a line
that opens a block-level element after a blank line, up to the end tag that closes it at
the end of a line, followed by a blank line, with every tag in between closed in order.
Anything else — a block that ends mid-line, a comment, a ``markdown`` attribute (which asks
the engine to read the inside as Markdown), unbalanced tags — stays in the Markdown.
Nothing here knows an engine; the pages themselves are unchanged.
"""

from __future__ import annotations

import hashlib
import html
import re
import secrets
from dataclasses import dataclass, field

BLOCK_ELEMENTS = ("address", "article", "aside", "blockquote", "details", "div", "dl",
                  "fieldset", "figure", "footer", "form", "header", "nav", "ol", "p", "section",
                  "table", "ul")
"""Elements that start a block of HTML in Markdown (Python-Markdown's and CommonMark's)."""
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                           "meta", "param", "source", "track", "wbr"})

_OPENING = r"(?=<(" + "|".join(BLOCK_ELEMENTS) + r")[\s>])"
_START = re.compile(r"\n[ \t]*\n" + _OPENING)
"""A blank line, then a block element's start tag (one pattern with a literal start, which the
engine finds at C speed; the start of the text is tried apart)."""
_FIRST = re.compile(_OPENING)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
"""A tag: in the pages the templates write, ``<`` and ``>`` within an attribute value are
always escaped."""
_REFUSED = ("<!--", "<script", "<style", "<pre", "<textarea")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?![\w-])")
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_FENCE = re.compile(r"^ {0,3}(?:```|~~~)", re.M)
_BLANK_LINE_AFTER = re.compile(r"([ ]*\n){2}")
_END_AFTER = re.compile(r"[ ]*\n?[ ]*\Z")


@dataclass
class SetAside:
    """A page's Markdown with its HTML blocks replaced by placeholders, and the blocks."""

    markdown: str
    blocks: dict[str, str] = field(default_factory=dict)
    """Placeholder → the block it stands for."""
    anchors: set[str] = field(default_factory=set)
    """The ``id`` (and ``<a name>``) values of the blocks: the anchors they hold."""


def _same_name(name: str) -> re.Pattern[str]:
    return _SAME_NAME.get(name) or _SAME_NAME.setdefault(name, re.compile(
        rf"""<(/?)(?i:{name})(?=[\s/>])(?:[^>"']++|"[^"]*+"|'[^']*+')*+>"""))


_SAME_NAME: dict[str, re.Pattern[str]] = {}


def _block_end(text: str, start: int, name: str) -> tuple[int, bool] | None:
    """Where the block opened at ``start`` by a ``name`` element ends (after the end tag
    that closes it), if it is one that is passed through as it is, and whether a blank line
    follows it (Python-Markdown then keeps a line break after the block)."""
    depth = 0
    for tag in _same_name(name).finditer(text, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            end = tag.end()
            if _BLANK_LINE_AFTER.match(text, end):
                return end, True
            return (end, False) if _END_AFTER.match(text, end) else None
    return None


def _tags_balanced(block: str, anchors: set[str]) -> bool:
    """Whether every tag of ``block`` is closed in order; adds the anchors the tags hold, as
    MkDocs counts them (every ``id``, and the ``name`` of an ``<a>``)."""
    stack: list[str] = []
    for closing, name, attributes in _TAG.findall(block):
        name = name.lower()
        if closing:
            if not stack or stack.pop() != name:
                return False
            continue
        if name not in VOID_ELEMENTS and not attributes.endswith("/"):
            stack.append(name)
        if "id" in attributes or (name == "a" and "name" in attributes):
            for attribute in _ATTRIBUTE.finditer(attributes):
                key = attribute.group(1).lower()
                if key == "id" or (key == "name" and name == "a"):
                    value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
                    anchors.add(html.unescape(value))
    return not stack


_NONCE_KEY = secrets.token_bytes(16)


def set_aside(markdown: str) -> SetAside:
    """``markdown`` with each HTML block that an engine passes through replaced by a
    placeholder paragraph (a word of letters and digits, alone between blank lines)."""
    result = SetAside(markdown)
    if "<" not in markdown or _FENCE.search(markdown):
        # A fenced code block may show HTML as code: such a page is read whole.
        return result
    # Unguessable (a key drawn for the process), so that no page can write a placeholder
    # of its own; the same for the same page, so that a preview finds an unchanged page's
    # Markdown unchanged (generator.engines.render_cache).
    nonce = hashlib.blake2b(markdown.encode("utf-8"), key=_NONCE_KEY, digest_size=6).hexdigest()
    parts: list[str] = []
    position = 0
    search_from = 0
    match = _FIRST.match(markdown)
    while match or (match := _START.search(markdown, search_from)):
        start = match.end()
        found = _block_end(markdown, start, match.group(1))
        match = None
        if found is None:
            search_from = start + 1
            continue
        end, blank_after = found
        block = markdown[start:end]
        lower = block.lower()
        anchors: set[str] = set()
        if any(refused in lower for refused in _REFUSED) or (
                "markdown" in lower and _MARKDOWN_ATTRIBUTE.search(lower)) \
                or not _tags_balanced(block, anchors):
            search_from = end
            continue
        placeholder = f"rdblock{nonce}x{len(result.blocks)}"
        result.blocks[placeholder] = block + ("\n" if blank_after else "")
        result.anchors |= anchors
        parts += [markdown[position:start], placeholder]
        position = search_from = end
    if not result.blocks:
        return result
    parts.append(markdown[position:])
    result.markdown = "".join(parts)
    return result


def restore(page_html: str, aside: SetAside) -> str | None:
    """The HTML the engine made of :attr:`SetAside.markdown`, with each placeholder
    paragraph replaced by its block; None if a placeholder is not found as a paragraph of
    its own (the engine must then read the page as it is)."""
    if not aside.blocks:
        return page_html
    pattern = re.compile(r"<p>(" + "|".join(map(re.escape, aside.blocks)) + r")</p>")
    found: list[str] = []

    def block(match: re.Match[str]) -> str:
        found.append(match.group(1))
        text = aside.blocks[match.group(1)]
        # The engine strips the end of the page it writes.
        return text.rstrip("\n") if match.end() == len(page_html) else text

    restored = pattern.sub(block, page_html)
    return restored if sorted(found) == sorted(aside.blocks) else None
