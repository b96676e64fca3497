"""French typography for the text a reader sees, applied to finished HTML pages.

The content is written with ordinary spaces and straight apostrophes, as people type; the
pages show it as a French publication does:

- a narrow no-break space (U+202F) before ``;``, ``!`` and ``?``, and a no-break space
  (U+00A0) before ``:`` — only where the writer put a space: a colon or a question mark
  that follows a letter or a digit (``14:30``, ``3:1``, ``http://``, ``Why?``) is left as
  it is;
- a no-break space after « and before »;
- no-break spaces inside numbers (``12 000``, narrow), between a number and its unit
  (``30 %``, ``10 ans``), after ``p.`` or ``n°`` before a number, and between the day,
  month and year of a date (``28 novembre 2025``);
- a typographic apostrophe (’) inside a word and after an elided one (``l'ECT``).

Only text is changed: tags and attribute values, comments, scripts, styles and the
contents of ``pre``, ``code``, ``kbd``, ``samp``, ``var`` and ``textarea`` stay byte for
byte, and so does a web address written in the text. The page's HTML may spell a space or
an apostrophe as a character reference (``&nbsp;``, ``&#39;``): they count as what they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..text.htmltext import map_text

NNBSP = "\u202f"
"""Narrow no-break space: before ; ! ? and between groups of digits."""
NBSP = "\u00a0"
"""No-break space: before :, inside « », before a unit, after p. and inside dates."""

KEPT = ("kbd", "samp", "var")
"""Elements holding text typed or read by a machine, left alone (with those that
:func:`~generator.text.htmltext.map_text` always keeps: pre, code, textarea, title)."""

_REFERENCES = re.compile(r"&(?:#39|#x27|apos|nbsp|#160|#x[aA]0);")
_CHARACTERS = {"&#39;": "'", "&#x27;": "'", "&apos;": "'", "&nbsp;": NBSP, "&#160;": NBSP,
               "&#xa0;": NBSP, "&#xA0;": NBSP}
"""Character references of the characters the rules read, as the characters themselves:
the same text for the browser, one spelling for the rules."""

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")
_UNITS = ("%", "‰", "€", "k€", "M€", "Md€", "$", "£", "°C", "°", "km²", "km", "m²", "m³", "m",
          "cm", "mm", "kg", "g", "t", "ha", "h", "min", "s", "Mo", "Go", "Ko", "kWh", "MWh",
          "W", "kW", "MW", "an", "ans", "mois", "jour", "jours", "semaine", "semaines", "heure",
          "heures", "minute", "minutes", "euro", "euros", "million", "millions", "milliard",
          "milliards")
_ABBREVIATIONS = (r"\bp\.", r"\bpp\.", r"\bp", r"n°", r"\bvol\.", r"\bchap\.", r"\bart\.")
"""Abbreviations that stay on the line of the number after them (« p. 12 »)."""
_ELIDED = (r"(?<![\w'’])[cdjlmnstCDJLMNST]", r"\b[Qq]u", r"\b[Jj]usqu", r"\b[Ll]orsqu",
           r"\b[Pp]uisqu", r"\b[Qq]uoiqu")
"""Words that lose their last letter before a vowel (« l' », « qu' »): an apostrophe after
one of them, at the end of a run of text, is an elision before an element (« l'<abbr> »)."""

_SPACES = r"[ \t\r\n\xa0\u202f\u2009]"
_ONE = r"[ \xa0]"
"""Between two words that belong together the writer typed one space."""
_LETTER = r"[^\W\d_]"


def _preceded_by(texts: tuple[str, ...], then: str) -> str:
    """Preceded by one of ``texts`` then ``then`` (one look-behind each: their widths differ)."""
    return "(?:" + "|".join(f"(?<={text}{then})" for text in texts) + ")"


def _one_of(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# Every match starts on a space, a guillemet or an apostrophe (the pattern's first item is
# that set of characters, which lets the engine skip the rest of the text at C speed); the
# rules then look behind at the character just read and what precedes it. Runs of spaces
# are tried from their start only and read possessively, so that a long indentation costs
# its length, not its square.
_RULES = re.compile(
    rf"""[ \t\r\n\xa0\u202f\u2009«»'](?:
    (?P<before>(?<={_SPACES})(?<!{_SPACES}{_SPACES}){_SPACES}*+(?=[;!?:»]))
    |(?<=\d{_ONE})(?:
        (?P<thousands>(?=\d\d\d(?!\d))(?<!\d\d\d\d{_ONE}))
        |(?P<unit>(?={_one_of(_UNITS)}(?!\w)))
        |(?P<day>(?=(?i:{_one_of(_MONTHS)})(?!\w))))
    |(?<={_ONE})(?=\d)(?:
        (?P<month>(?=\d\d\d\d(?!\d))(?i:{_preceded_by(_MONTHS, _ONE)}))
        |(?P<abbrev>{_preceded_by(_ABBREVIATIONS, _ONE)}))
    |(?P<first>(?<=1er{_ONE})(?=(?i:{_one_of(_MONTHS)})(?!\w)))
    |(?P<close>(?<=»)(?<!{_SPACES}»))
    |(?P<open>(?<=«){_SPACES}*+(?!»))
    |(?P<inner>(?<={_LETTER}')(?={_LETTER}|[«“‘]))
    |(?P<elided>(?<=')$(?:{_preceded_by(_ELIDED, "'")})))
    """, re.X)
_TRIGGERS = re.compile(r"[;!?:«»'&\d]")
"""A character every rule needs nearby (``&`` for the references of ``'`` and spaces)."""
_URL = re.compile(r"\b(?:https?|ftp|mailto):[^\s<]+|\bwww\.[^\s<]+")
"""A web address written in the text: kept as it is, to be copied as it is."""

_FIXES: dict[str, Callable[[re.Match[str]], str]] = {
    "before": lambda m: NBSP if m.string[m.end()] in ":»" else NNBSP,
    "close": lambda m: NBSP + "»",
    "open": lambda m: "«" + NBSP,
    "thousands": lambda m: NNBSP,
    "unit": lambda m: NBSP,
    "day": lambda m: NBSP,
    "first": lambda m: NBSP,
    "month": lambda m: NBSP,
    "abbrev": lambda m: NBSP,
    "inner": lambda m: "’",
    "elided": lambda m: "’",
}
_TITLE = re.compile(r"(<title>)(.*?)(</title>)", re.S | re.I)


_MEMO_LIMIT = 20_000
"""Runs of text remembered with their result: the navigation, the header and the footer
repeat on every page, and are typeset once."""


@dataclass
class Typesetter:
    """Applies the rules to pages, and counts the places it changed by rule."""

    fixes: dict[str, int] = field(default_factory=dict)
    """Rule → places changed so far (a place already right is not counted)."""
    _memo: dict[str, tuple[str, dict[str, int]]] = field(default_factory=dict, repr=False)
    _found: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def total(self) -> int:
        return sum(self.fixes.values())

    def page(self, html: str) -> str:
        """A whole HTML page, or a fragment: its text typeset, its markup and code kept."""
        html = map_text(html, self.text, keep=KEPT)
        # The document's title is text too, although map_text keeps it (no element may sit
        # inside it).
        return _TITLE.sub(lambda m: m.group(1) + self.text(m.group(2)) + m.group(3), html,
                          count=1)

    def text(self, text: str) -> str:
        """One run of HTML text (no tags) with French typography."""
        if text.isspace() or not _TRIGGERS.search(text):
            # Most runs: the indentation between two tags, or words without a number, a
            # guillemet, an apostrophe or high punctuation, where no rule can apply.
            return text
        known = self._memo.get(text)
        if known is None:
            self._found = {}
            known = (self._typeset(text), self._found)
            if len(self._memo) < _MEMO_LIMIT and len(text) < 500:
                self._memo[text] = known
        for rule, count in known[1].items():
            self.fixes[rule] = self.fixes.get(rule, 0) + count
        return known[0]

    def _typeset(self, text: str) -> str:
        if "&" in text:
            text = _REFERENCES.sub(lambda m: _CHARACTERS.get(m.group(0), m.group(0)), text)
        if "://" in text or "www." in text or "mailto:" in text:
            parts = _URL.split(text)
            if len(parts) > 1:
                addresses = _URL.findall(text)
                return "".join(self._rules(part) + (addresses[i] if i < len(addresses) else "")
                               for i, part in enumerate(parts))
        return self._rules(text)

    def _rules(self, text: str) -> str:
        return _RULES.sub(self._fix, text)

    def _fix(self, match: re.Match[str]) -> str:
        rule = match.lastgroup or ""
        fixed = _FIXES[rule](match)
        if fixed != match.group(0):
            self._found[rule] = self._found.get(rule, 0) + 1
        return fixed


def typeset(html: str) -> str:
    """A page or a fragment of HTML with French typography in its text."""
    return Typesetter().page(html)
