"""A :class:`~generator.pages.citations.Reference` written as BibTeX and as RIS: the files
under « Citer » and the bulk citation files of the open data."""

from __future__ import annotations

from ..pages.citations import PUBLISHER, Reference, french_day

# BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_ESCAPES = str.maketrans(_BIBTEX_SPECIAL)
# BibTeX counts every brace, escaped or not: braces that pair up are written \{ \}, others
# as commands, so that no text can unbalance an entry.
_BALANCED_BRACES = str.maketrans({"{": r"\{", "}": r"\}"}) | _BIBTEX_ESCAPES
_LONE_BRACES = str.maketrans({"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}) \
    | _BIBTEX_ESCAPES


def _braces_balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


_BIBTEX_TYPES = {"webpage": "misc", "article": "article", "issue": "misc",
                 "thesis": "phdthesis", "unpublished": "unpublished", "document": "misc"}
_MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                 "dec"]


def bibtex_text(text: str) -> str:
    """Text as a braced BibTeX value: LaTeX's special characters written as commands (braces
    included, so that no text can unbalance the entry), one line."""
    text = " ".join(text.split())
    return text.translate(_BALANCED_BRACES if _braces_balanced(text) else _LONE_BRACES)


def _date_range(ref: Reference) -> str | None:
    if ref.date is None:
        return None
    return f"{ref.date.iso()}/{ref.end.iso()}" if ref.end and ref.end != ref.date \
        else ref.date.iso()


def bibtex(ref: Reference) -> str:
    """One BibTeX entry (biblatex's ``date`` keeps the precision; ``year``/``month`` for
    classic BibTeX)."""
    fields: list[tuple[str, str]] = []
    if ref.authors:
        fields.append(("author", " and ".join(bibtex_text(a.inverted()) for a in ref.authors)))
    elif ref.kind == "webpage":
        fields.append(("author", "{" + bibtex_text(PUBLISHER) + "}"))
    fields.append(("title", bibtex_text(ref.title)))
    if ref.kind == "article" and ref.container:
        fields.append(("journal", bibtex_text(ref.container)))
    elif ref.container:
        fields.append(("howpublished", bibtex_text(ref.container)))
    if ref.issue:
        fields.append(("number", bibtex_text(ref.issue)))
    if ref.issue_title:
        fields.append(("issuetitle", bibtex_text(ref.issue_title)))
    if ref.first_page is not None:
        fields.append(("pages", str(ref.first_page)))
    if ref.publisher:
        fields.append(("school" if ref.kind == "thesis" else "publisher",
                       bibtex_text(ref.publisher)))
    if ref.date:
        fields.append(("year", str(ref.date.year)))
        fields.append(("date", _date_range(ref) or ""))
    if ref.updated and ref.kind == "webpage":
        fields.append(("note", bibtex_text(f"Mis à jour le {french_day(ref.updated)}")))
    elif ref.note:
        fields.append(("note", bibtex_text(ref.note)))
    if ref.keywords:
        fields.append(("keywords", bibtex_text(", ".join(ref.keywords))))
    if ref.abstract:
        fields.append(("abstract", bibtex_text(ref.abstract)))
    # A verbatim field for biblatex and \url: written as it is (ids never need escaping).
    fields.append(("url", ref.url))
    fields.append(("language", "french"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {_MONTH_MACROS[ref.date.month - 1]}" if ref.date and ref.date.month \
        else ""
    return f"@{_BIBTEX_TYPES[ref.kind]}{{{ref.key},\n{body}{month}\n}}\n"


# RIS -------------------------------------------------------------------------------------

_RIS_TYPES = {"webpage": "ELEC", "article": "JOUR", "issue": "JFULL", "thesis": "THES",
              "unpublished": "UNPB", "document": "GEN"}


def ris(ref: Reference) -> str:
    """One RIS record (CRLF lines, ``DA`` as ``YYYY/MM/DD/`` with empty unknown parts)."""
    lines = [("TY", _RIS_TYPES[ref.kind]), ("ID", ref.key)]
    lines += [("AU", a.inverted()) for a in ref.authors] or (
        [("AU", PUBLISHER)] if ref.kind == "webpage" else [])
    lines.append(("TI", ref.title))
    if ref.container:
        lines.append(("T2", ref.container))
        if ref.kind == "article":
            lines.append(("JO", ref.container))
    if ref.issue:
        lines.append(("IS", ref.issue))
    if ref.first_page is not None:
        lines.append(("SP", str(ref.first_page)))
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.date:
        lines.append(("PY", str(ref.date.year)))
        month = f"{ref.date.month:02d}" if ref.date.month else ""
        day = f"{ref.date.day:02d}" if ref.date.day else ""
        lines.append(("DA", f"{ref.date.year:04d}/{month}/{day}/"))
    if ref.updated and ref.kind == "webpage":
        lines.append(("N1", f"Mis à jour le {french_day(ref.updated)}"))
    elif ref.note:
        lines.append(("N1", ref.note))
    lines += [("KW", k) for k in ref.keywords]
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines += [("UR", ref.url), ("LA", "fr"), ("ER", "")]
    return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)

