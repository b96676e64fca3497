"""Change the text of an HTML page, never its markup.

A page is cut into tags (with their attributes, quoted values included), comments, scripts
and styles, which are kept as they are, and text, which a function may change. Text inside
``pre``, ``code``, ``textarea``, ``title`` and elements the caller names is left alone.
Regular expressions do the cutting, so that a page of several megabytes is handled in
tenths of a second; the page is HTML the engine wrote, not arbitrary markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_TOKEN = re.compile(
    r"""(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->"""
    r"""|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S | re.I)
_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_VOID = {"br", "img", "input", "hr", "meta", "link", "wbr", "source", "col", "area", "base",
         "embed", "track", "param"}
ALWAYS_KEPT = frozenset({"pre", "code", "textarea", "title"})
_WHOLE = frozenset({"script", "style"})
"""Elements cut out whole, content and end tag included, by the tokenizer."""


def map_text(page: str, change: Callable[[str], str], keep: Iterable[str] = ()) -> str:
    """``page`` with ``change`` applied to each run of text outside the kept elements."""
    kept = ALWAYS_KEPT | set(keep)
    parts = _TOKEN.split(page)
    inside = 0
    for index in range(len(parts)):
        part = parts[index]
        if index % 2:
            name = _NAME.match(part)
            if name is None or name.group(2).lower() not in kept \
                    or name.group(2).lower() in _WHOLE:
                continue
            if name.group(1):
                inside = max(inside - 1, 0)
            elif name.group(2).lower() not in _VOID and not part.endswith("/>"):
                inside += 1
        elif part and not inside:
            parts[index] = change(part)
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
