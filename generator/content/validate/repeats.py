"""A summary that repeats, word for word, a quotation of its own record: the page shows the
quotation just below the summary, so readers would read the same words twice.

Staff often sum up a record with a sentence of the source, and later add that passage as a
quotation. Both stay valid, so this is a warning, placed on the summary's first repeated word.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from ...text.markup import line_column
from .. import load
from ..problems import Problems
from .fields import field_text

REPEATED = 8
"""Words in a row, case and punctuation aside, that a summary and a quotation share before
the summary is said to repeat it: a name with its title (« Blandine Chenderowsky, chargée de
R&D territoriale ») is six, and may well be written in both."""

RECORDS = {"timeline.yml": "events", "content/publications.yml": "publications"}
"""The files whose records have a summary and quotations, and the list that holds them."""

_WORD = re.compile(r"\w+")


def _quotes(record: dict[str, Any], loc: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    """Where each quotation's text of a record is written."""
    if isinstance(record.get("quote"), dict) and isinstance(record["quote"].get("text"), str):
        yield (*loc, "quote", "text")
    quotes = record.get("quotes")
    for index, quote in enumerate(quotes if isinstance(quotes, list) else []):
        if isinstance(quote, dict) and isinstance(quote.get("text"), str):
            yield (*loc, "quotes", index, "text")


def warn_summaries_repeating_quotes(doc: load.Document, problems: Problems) -> None:
    """One warning per summary that repeats a quotation of its record."""
    container = RECORDS.get(doc.path)
    records = doc.data.get(container) if container and isinstance(doc.data, dict) else None
    for index, record in enumerate(records if isinstance(records, list) else []):
        if not isinstance(record, dict) or not isinstance(record.get("summary"), str):
            continue
        loc = (container, index)
        for quote_loc in _quotes(record, loc):
            if _warn_if_repeated(doc, (*loc, "summary"), quote_loc, problems):
                break


def _words(doc: load.Document, loc: tuple[Any, ...]) -> tuple[int, str, list[re.Match[str]]]:
    """A field's first line, its text as written and each of its words."""
    first, written = field_text(doc, doc.where(loc))
    return first, written, list(_WORD.finditer(written))


def _line_of(first: int, written: str, offset: int) -> tuple[int, int]:
    line, column = line_column(written, offset)
    return first + line - 1, column


def _excerpt(text: str) -> str:
    """The repeated words on one line, cut after about ten words."""
    words = text.split()
    return " ".join(words) if len(words) <= SHOWN else " ".join(words[:SHOWN]) + " …"


SHOWN = 10
"""Words of the repeated passage a warning shows."""


def _warn_if_repeated(doc: load.Document, summary_loc: tuple[Any, ...],
                      quote_loc: tuple[Any, ...], problems: Problems) -> bool:
    first, written, found = _words(doc, summary_loc)
    quote_first, quote_written, quoted = _words(doc, quote_loc)
    match = difflib.SequenceMatcher(None, [w[0].casefold() for w in found],
                                    [w[0].casefold() for w in quoted],
                                    autojunk=False).find_longest_match()
    if match.size < REPEATED:
        return False
    start, end = found[match.a].start(), found[match.a + match.size - 1].end()
    line, column = _line_of(first, written, start)
    quote_line = _line_of(quote_first, quote_written, quoted[match.b].start())[0]
    problems.add(doc.path, line, column,
                 f"« summary » reprend mot pour mot la citation de la ligne {quote_line} "
                 f"(« {_excerpt(written[start:end])} ») : la page affiche la citation sous le "
                 "résumé, le lecteur lirait deux fois les mêmes mots ; retirez-les du résumé",
                 "warning")
    return True
