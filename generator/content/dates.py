"""Dates at their own precision: a year, a month or a day."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import total_ordering
from typing import Literal

Precision = Literal["year", "month", "day"]

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FORMAT_HINT = ("format attendu : AAAA, AAAA-MM ou AAAA-MM-JJ "
               "(par exemple 2023, 2023-03 ou 2025-11-28)")

FIRST_YEAR, LAST_YEAR = 1000, 2100
"""Years a date may have: before 1000 or after 2100 a year is a typing mistake (``0000-01``,
``20223``), and it would make the home page count thousands of years of history."""

_MONTH_NUMBERS = {name: number for number, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBERS.update({"fevrier": 2, "aout": 8, "decembre": 12, "janv": 1, "fevr": 2,
                       "févr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11,
                       "déc": 12, "dec": 12})
_FRENCH = re.compile(r"^(?:(?P<day>\d{1,2})(?:er)? )?(?P<month>[^\W\d]+)\.? (?P<year>\d{4})$")
_SLASHED = re.compile(r"^(?:(?P<day>\d{1,2})[/.])?(?P<month>\d{1,2})[/.](?P<year>\d{4})$")
_SHORT = re.compile(r"^(?P<year>\d{4})[-/](?P<month>\d{1,2})(?:[-/](?P<day>\d{1,2}))?$")


def suggestion(text: str) -> str | None:
    """The ISO spelling of a date written the French way: « mars 2024 » → ``2024-03``,
    ``03/2024`` → ``2024-03``, ``28/11/2025`` → ``2025-11-28``; None if it is not one."""
    text = text.strip().lower()
    for pattern in (_FRENCH, _SLASHED, _SHORT):
        found = pattern.match(text)
        if not found:
            continue
        month_text = found["month"]
        month = _MONTH_NUMBERS.get(month_text) if not month_text.isdigit() else int(month_text)
        if month is None or not 1 <= month <= 12:
            return None
        iso = f"{found['year']}-{month:02d}"
        day = found["day"]
        return f"{iso}-{int(day):02d}" if day else iso
    return None


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day; orders chronologically.

    A year sorts before its months and a month before its days, so that
    « 2024 » opens the year 2024 rather than pretending to be 1 January.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.key < other.key

    @classmethod
    def parse(cls, raw: object) -> PartialDate:
        """Parse ``2014``, ``"2023-03"`` or ``"2025-11-28"``; raise ValueError in French."""
        if isinstance(raw, PartialDate):
            return raw
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise ValueError(f"date attendue, pas « {raw} » ; {FORMAT_HINT}")
        text = str(raw).strip()
        match = _PATTERN.match(text)
        if not match:
            better = suggestion(text)
            if better:
                raise ValueError(f"date « {text} » illisible : écrivez {better} (une date s'écrit "
                                 "AAAA, AAAA-MM ou AAAA-MM-JJ)")
            raise ValueError(f"date « {text} » illisible ; {FORMAT_HINT}")
        year = int(match[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"date « {text} » impossible : l'année {year} est hors limites "
                             f"({FIRST_YEAR} à {LAST_YEAR})")
        month = int(match[2]) if match[2] else None
        day = int(match[3]) if match[3] else None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"date « {text} » impossible : le mois {month} n'existe pas (01 à 12)")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"date « {text} » impossible : {MONTHS[month - 1]} {year} "
                                 f"compte {last} jours")
        return cls(year, month, day)

    @property
    def precision(self) -> Precision:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The value of an HTML ``datetime`` attribute, at this precision."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def french(self) -> str:
        """« 2014 », « mars 2023 » or « 28 novembre 2025 »."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        day = "1er" if self.day == 1 else str(self.day)
        return f"{day} {month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def span_parts(start: PartialDate, end: PartialDate | None) -> tuple[str, str | None]:
    """The two halves of a span, each shortened where they share a month or a year:
    (« avril », « juillet 2023 »), (« 28 », « 29 novembre 2025 »), (« 2014 », None)."""
    if end is None or end == start:
        return start.french(), None
    if start.precision == end.precision == "day" and (start.year, start.month) == (
            end.year, end.month):
        return ("1er" if start.day == 1 else str(start.day)), end.french()
    if start.precision == end.precision == "month" and start.year == end.year:
        assert start.month is not None
        return MONTHS[start.month - 1], end.french()
    return start.french(), end.french()


def french_span(start: PartialDate, end: PartialDate | None) -> str:
    """« 2017 – 2022 », « avril – juillet 2023 », « 28 – 29 novembre 2025 »."""
    first, second = span_parts(start, end)
    return f"{first} – {second}" if second else first


IN_THE_YEAR = "dans l'année"
"""What a year-only date says under the heading of its own year."""


def span_parts_within(start: PartialDate, end: PartialDate | None,
                      year: int) -> tuple[str, str | None]:
    """:func:`span_parts` under a heading that already says ``year``: the year is left out
    where the date is within it (« mars », « avril », « juillet », « 28 », « 29 novembre »,
    « dans l'année »), kept where the date reaches another year."""
    if start.year != year or (end is not None and end.year != year):
        return span_parts(start, end)
    first, second = span_parts(start, end)

    def without_year(text: str) -> str:
        text = text.removesuffix(f" {year}")
        return IN_THE_YEAR if text == str(year) else text

    return without_year(first), (without_year(second) if second else None)
