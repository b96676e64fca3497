"""French wording of numbers, sizes and editions, as the pages print them."""

from __future__ import annotations

import re
from typing import Any


def french_size(size: int) -> str:
    """« 812 octets », « 45,2 ko », « 3,1 Mo »."""
    if size < 1000:
        return f"{size} octets"
    value, unit = (size / 1000, "ko") if size < 1_000_000 else (size / 1_000_000, "Mo")
    return f"{value:.1f} {unit}".replace(".", ",")


def french_number(count: int) -> str:
    """« 8 », « 10\u202f000 »: thousands apart by a narrow no-break space, as French
    typography and the browser's ``toLocaleString("fr-FR")`` write them."""
    return f"{count:,}".replace(",", "\u202f")


def count_words(count: int, singular: str, plural: str) -> str:
    """« 0 terrain », « 1 terrain », « 8 terrains », « 10\u202f000 événements » (in French
    the singular goes up to 1, as chronology.js writes it)."""
    return f"{french_number(count)} {singular if count < 2 else plural}"


def edition(publication: Any) -> str:
    """A publication's issue and date, each said once: « hors-série (automne 2025) » of a
    title that already says « hors-série » reads « automne 2025 », and the year is not
    repeated after an issue that gives it."""
    issue = publication.issue or ""
    title = publication.title.casefold()
    named = re.fullmatch(r"(.+?)\s*\((.+)\)", issue)
    if named and named[1].casefold() in title:
        issue = named[2]
    elif issue.casefold() in title:
        issue = ""
    date = publication.date.french() if publication.date else ""
    if date and issue and str(publication.date.year) in issue:
        date = ""
    return ", ".join(part for part in (issue, date) if part)
