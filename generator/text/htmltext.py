"""Change the text of an HTML page, never its markup.

A page is cut into tags (with their attributes, quoted values included), comments, scripts
and styles, which are kept as they are, and text, which a function may change. Text inside
``pre``, ``code``, ``textarea``, ``title`` and elements the caller names is left alone.
Regular expressions do the cutting, so that a page of several megabytes is handled in
tenths of a second; the page is HTML the engine wrote, not arbitrary markup.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

_VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col", "area", "base",
         "embed", "track", "param"}
ALWAYS_KEPT = frozenset({"pre", "code", "textarea", "title"})


@lru_cache(maxsize=16)
def _tokens(kept: frozenset[str]) -> re.Pattern[str]:
    """Markup to keep as it is, in one pattern, first match wins: scripts, styles and
    comments, then each kept element whole (up to its end tag), then any other tag, its
    quoted attribute values included. Possessive repetition keeps the scan linear."""
    names = "|".join(re.escape(n) for n in sorted(kept - _VOID))
    whole = (rf"|<(?i:({names}))(?=[\s/>])(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>.*?"
             rf"</(?i:\2)\s*>") if names else ""
    return re.compile(
        rf"""(<(?i:script)\b.*?</(?i:script)\s*>|<(?i:style)\b.*?</(?i:style)\s*>|<!--.*?-->"""
        rf"""{whole}|<(?:[^>"']++|"[^"]*+"|'[^']*+')*+>)""", re.S)


def map_text(page: str, change: Callable[[str], str], keep: Iterable[str] = ()) -> str:
    """``page`` with ``change`` applied to each run of text outside the kept elements."""
    tokens = _tokens(ALWAYS_KEPT | frozenset(n.lower() for n in keep))
    # split() returns the text runs, then for each piece of markup its two groups: the
    # whole piece and the kept element's name (None when it is another tag).
    parts = tokens.split(page)
    for index in range(0, len(parts), 3):
        if parts[index]:
            parts[index] = change(parts[index])
    parts[2::3] = [""] * (len(parts) // 3)
    return "".join(parts)


def abbreviate(page: str, titles: dict[str, str]) -> str:
    """Wrap each acronym of ``titles`` (acronym → what it stands for, already made safe
    for an attribute by the caller) in ``<abbr title="…">`` wherever it stands as a word."""
    if not titles:
        return page
    pattern = re.compile(r"(?<![\w&#-])(" + "|".join(
        re.escape(a) for a in sorted(titles, key=len, reverse=True)) + r")(?![\w-])")
    if not pattern.search(page):
        return page

    def wrap(text: str) -> str:
        return pattern.sub(lambda m: f'<abbr title="{titles[m.group(1)]}">{m.group(1)}</abbr>',
                           text)

    return map_text(page, wrap, keep=("abbr",))


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def first_words(page: str, limit: int = 160) -> str:
    """The first paragraph of a page as plain text, cut at a word under ``limit``
    characters (« … » marks the cut): a page's description when it has none."""
    for paragraph in _PARAGRAPH.finditer(page):
        text = " ".join(html.unescape(_TAG.sub("", paragraph.group(1))).split())
        if len(text) < 20:
            continue
        if len(text) <= limit:
            return text
        cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
        return cut + "…"
    return ""


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"(<tbody>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_NOTHING = {"", "—", "-"}
"""What a cell holds when it has nothing to say."""


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def label_cells(page: str) -> str:
    """Give each body cell of a plain table (``<table>`` with a ``<thead>``, as Markdown
    writes them) its column's heading as ``data-label``, mark the cells that hold nothing
    (« — ») ``data-rd-empty``, and the table ``data-rd-labels``: on a phone, a stylesheet can
    then show each row as a card of labelled lines. An empty heading cell becomes a plain
    cell."""
    if "<table>" not in page:
        return page

    def one_table(table: re.Match[str]) -> str:
        head, _, body = table.group(1).partition("</thead>")
        if not body:
            return table.group(0)
        labels = [_text(h) for h in _HEAD_CELL.findall(head)]
        # An empty corner heading heads nothing: a plain cell, not a nameless header.
        head = re.sub(r"<th\b([^>]*)>\s*</th>", r"<td\1></td>", head)

        def one_row(row: re.Match[str]) -> str:
            column = itertools.count()

            def one_cell(cell: re.Match[str]) -> str:
                name, attributes, content = cell.groups()
                index = next(column)
                label = labels[index] if index < len(labels) else ""
                if label:
                    attributes += f' data-label="{html.escape(label)}"'
                if _text(content) in _NOTHING:
                    attributes += " data-rd-empty"
                return f"<{name}{attributes}>{content}</{name}>"

            return "<tr>" + _CELL.sub(one_cell, row.group(1)) + "</tr>"

        body = _BODY.sub(lambda b: b.group(1) + _ROW.sub(one_row, b.group(2)) + b.group(3),
                         body)
        return f"<table data-rd-labels>{head}</thead>{body}</table>"

    return _TABLE.sub(one_table, page)
