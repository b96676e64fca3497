"""Text of the content as the exported files carry it: one value per cell, which no
spreadsheet runs (Markdown fields become plain text with
:func:`generator.text.markup.plain_text`)."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_safe(text: str) -> str:
    """A text cell that no spreadsheet runs: one starting like a formula gets an apostrophe
    in front, which Excel and LibreOffice show as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
