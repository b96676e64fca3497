"""Characters staff cannot see, or cannot tell from another, named for them.

A word processor or a web page leaves non-breaking spaces, soft hyphens, zero-width spaces
and joiners, byte-order marks and hyphens that only look like « - » where staff see an
ordinary space, a hyphen or nothing. In an id, a date or an address they make the value a
different one; every message that quotes such a value shows them as ``⟨U+00AD⟩`` and says
which they are and at which character of the line, so that staff can find and delete them
(GitHub's editor numbers lines, not columns).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_HYPHENS = {"\u2010": "un trait d'union Unicode", "\u2011": "un trait d'union insécable",
            "\u2012": "un tiret numérique", "\u2212": "un signe moins Unicode"}
"""Characters drawn like « - » that are not it."""

_NAMED = {
    "\u00ad": "un trait d'union conditionnel invisible",
    "\u200b": "une espace de largeur nulle, invisible",
    "\u200c": "un antiliant de largeur nulle, invisible",
    "\u200d": "un liant de largeur nulle, invisible",
    "\u2060": "un gluon de mots invisible",
    "\ufeff": "une marque d'ordre des octets (BOM), invisible",
    "\t": "une tabulation",
}
_NON_BREAKING = "\u00a0\u202f\u2007"


def is_odd(char: str) -> bool:
    """Whether ``char`` is invisible, an unusual space, or a look-alike of « - »."""
    if char == " ":
        return False
    return (char in _HYPHENS or char.isspace()
            or unicodedata.category(char) in ("Zs", "Cf", "Cc"))


@functools.cache
def _maybe_odd() -> re.Pattern[str]:
    """The characters of the basic plane that :func:`is_odd`, and every other plane's
    (confirmed one by one): a search at C speed, since every value of the content is
    looked at."""
    # Every odd character is a separator or an « other » (which Python calls unprintable)
    # or a look-alike of « - »: only those are asked, half the time of asking all.
    odd = "".join(re.escape(char) for char in map(chr, range(0x10000))
                  if (not char.isprintable() or char in _HYPHENS)
                  and not "\ud800" <= char <= "\udfff" and is_odd(char))
    return re.compile(f"[{odd}\U00010000-\U0010ffff]")


def odd_indexes(text: str) -> list[int]:
    """Where ``text`` holds characters that :func:`is_odd`."""
    return [found.start() for found in _maybe_odd().finditer(text) if is_odd(found.group())]


def shown(text: str) -> str:
    """``text`` with each odd character written as its code point: ``marie-fer⟨U+00AD⟩ru``."""
    return "".join(f"⟨U+{ord(c):04X}⟩" if is_odd(c) else c for c in text)


def cleaned(text: str) -> str:
    """``text`` as staff meant it: invisible characters removed, unusual spaces made
    ordinary, look-alikes of « - » made « - »."""
    kept = []
    for char in text:
        if char in _HYPHENS:
            kept.append("-")
        elif char.isspace() or unicodedata.category(char) == "Zs":
            kept.append(" ")
        elif not is_odd(char):
            kept.append(char)
    return "".join(kept)


def name(char: str) -> str:
    """What ``char`` is, in French, with its article: « une espace insécable »."""
    if char in _HYPHENS:
        return _HYPHENS[char]
    if char in _NAMED:
        return _NAMED[char]
    if char in _NON_BREAKING:
        return "une espace insécable"
    if unicodedata.category(char) == "Zs":
        return "une espace spéciale"
    return "un caractère invisible"


def described(char: str, column: int | None = None) -> str:
    """« une espace insécable (U+00A0, 12e caractère de la ligne), souvent collée depuis un
    traitement de texte ou une page web »: what staff must delete, and where (``column``
    is 1-based, so it is the character's rank in its line)."""
    noun = name(char)
    where = f", {_rank(column)} caractère de la ligne" if column is not None else ""
    looks = ", qui ressemble à « - »" if char in _HYPHENS else ""
    pasted = "collée" if noun.startswith("une ") else "collé"
    return (f"{noun} (U+{ord(char):04X}{where}){looks}, souvent {pasted} depuis un traitement "
            "de texte ou une page web")


def _rank(number: int) -> str:
    """« 1er », « 2e », « 12e »."""
    return "1er" if number == 1 else f"{number}e"


def column_in_line(line: str, value: str, start: int, index: int) -> int | None:
    """The 1-based column of ``value[index]`` in ``line``, where the value is written from
    column ``start`` on (quoted or not); None when it is not found there."""
    found = line.find(value[:index + 1], max(start - 1, 0))
    return found + index + 1 if found >= 0 else None
