"""Words compared and written as ids: accents and case folded (« Écologie » and « ecologie »
match), slugs made from titles (« Sortie terrain à Châtel » → ``sortie-terrain-a-chatel``)."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """« Sortie terrain à Châtel » → ``sortie-terrain-a-chatel``."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")


class _Accents(dict[int, int | None]):
    """``str.translate`` table that drops combining marks: each character is looked up in
    the Unicode database once, then in this table at C speed."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_ACCENTS = _Accents()


def fold_accents(text: str) -> str:
    """Lower case without accents: « Écologie » → « ecologie »."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_ACCENTS).lower()
