"""Text of the content as the exported files carry it: plain, one value per cell."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ...text.markup import _MARKDOWN_SYNTAX, render_markdown

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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_safe(text: str) -> str:
    """A text cell that no spreadsheet runs: one starting like a formula gets an apostrophe
    in front, which Excel and LibreOffice show as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
