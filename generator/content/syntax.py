"""One French message for a YAML syntax error, placed where the person made the mistake.

PyYAML notices a mistake where it can no longer read on, which is often far from where it
was made: an unclosed quote is noticed at the end of the file, a line indented one space
too far as a « : » in the line before. :func:`explain` looks at PyYAML's diagnosis, the
tokens read before it and the lines around it, and says what staff did and how to fix it.
Every message is French: no fragment of PyYAML's English reaches staff.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from .model import Record

Position = tuple[int, int, str]
"""1-based line, column and the French message."""

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][\w-]*):(?=\s|$)")
_ODD_SPACE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u200b\u202f\u205f\u3000\ufeff"
_AFTER_KEY = re.compile(rf"^ *(?:- +)*(?P<key>[A-Za-z_][\w-]*):(?P<space>[{_ODD_SPACE}])")
_BLOCK_HEADER = re.compile(r":\s+[>|][-+0-9]*\s*(#.*)?$")
_QUOTES = {'"': "guillemet", "'": "apostrophe"}
# A line that is not a field: a word, optionally followed by more text on the same line.
_WORDS_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][\w-]*)"
                         r"(?P<more>[ \t]+\S.*)?$")


def _field_names() -> frozenset[str]:
    """Every field name of the content's model: a word that is one of them, written where a
    field goes, is a field whose « : » was forgotten rather than a line of text."""
    names: set[str] = set()
    pending: list[type[Record]] = [Record]
    while pending:
        model = pending.pop()
        names.update(model.model_fields)
        pending.extend(model.__subclasses__())
    return frozenset(names)


FIELD_NAMES = _field_names()
"""The field names staff write in the content files."""


def _lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def _tokens(text: str, limit: int) -> list[yaml.Token]:
    """The tokens PyYAML's scanner reads before index ``limit``."""
    found: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= limit:
                break
            found.append(token)
    except (yaml.YAMLError, RecursionError):
        pass
    return found


def _at(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line, mark.column) if mark else (0, 0)


def explain(text: str, exc: yaml.MarkedYAMLError) -> Position:
    """Line, column and French message for a syntax error of the pure-Python loader."""
    lines = _lines(text)
    problem = exc.problem or ""
    context = exc.context or ""
    pline, pcol = _at(exc.problem_mark)
    cline, ccol = _at(exc.context_mark) if exc.context_mark else (pline, pcol)
    index = exc.problem_mark.index if exc.problem_mark else len(text)
    tokens = _tokens(text, index)
    for rule in (_odd_whitespace, _fake_dash, _dash_without_space, _comment_cut,
                 _unclosed_quote,
                 _text_after_quote, _under_indented_text, _unclosed_bracket, _document_marker,
                 _colon,
                 _sequence_item, _stray_dash, _simple_key, _special_start, _escape):
        found = rule(lines, problem, context, (pline, pcol), (cline, ccol), tokens)
        if found:
            return found
    if "expected <block end>" in problem or "did not find expected" in problem:
        return (pline + 1, pcol + 1, "texte inattendu à cet endroit : vérifiez l'indentation de "
                                     "cette ligne, ou mettez le texte entre guillemets")
    return (pline + 1, pcol + 1, "YAML illisible à cet endroit : vérifiez l'indentation, les "
                                 "« : » et les guillemets de cette ligne et de la précédente")


Rule = tuple[int, int]


def _odd_whitespace(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                    tokens: list[yaml.Token]) -> Position | None:
    """A tab or a non-breaking space where YAML expects ordinary spaces."""
    first = max(0, min(c[0], p[0] - 2))
    for number in range(first, min(p[0] + 1, len(lines))):
        line = lines[number]
        lead = re.match(rf"[ \t{_ODD_SPACE}]*", line)
        assert lead is not None
        indent = lead.group()
        if indent == line:
            continue
        if "\t" in indent:
            return (number + 1, indent.index("\t") + 1,
                    "tabulation interdite dans l'indentation : utilisez des espaces")
        odd = next((i for i, ch in enumerate(indent) if ch in _ODD_SPACE), None)
        if odd is not None:
            code = f"U+{ord(indent[odd]):04X}"
            return (number + 1, odd + 1, f"espace insécable ou invisible ({code}) dans "
                                         "l'indentation, souvent collée depuis un traitement de "
                                         "texte : remplacez-la par une espace ordinaire")
        after = _AFTER_KEY.match(line)
        if after:
            return (number + 1, after.start("space") + 1,
                    f"espace insécable ou invisible (U+{ord(after['space']):04X}) après "
                    f"« {after['key']}: », souvent collée depuis un traitement de texte : "
                    "remplacez-la par une espace ordinaire")
    return None


_FAKE_DASH = re.compile(r"^(?P<indent> *)(?P<dash>[–—•·‐‑−▪◦●])\s+[A-Za-z_][\w-]*:(\s|$)")


def _comment_cut(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                 tokens: list[yaml.Token]) -> Position | None:
    """A text of several lines cut by `` #``: YAML reads the rest of the line as a comment,
    and the text's next line can no longer continue it."""
    if p[0] >= len(lines) or _KEY_LINE.match(lines[p[0]]) or \
            lines[p[0]].lstrip().startswith(("- ", "#")):
        return None
    for number in range(p[0] - 1, max(-1, p[0] - 30), -1):
        line = lines[number]
        own = _KEY_LINE.match(line)
        if own is None:
            if line.lstrip().startswith("- ") or not line.strip():
                return None
            continue
        value = line[own.end():]
        if not value.strip() or value.strip()[0] in "\"'>|[{&*!#":
            return None
        cut = re.search(r"\s#", value)
        indent = len(lines[p[0]]) - len(lines[p[0]].lstrip(" "))
        if cut is None or indent <= own.start("key"):
            return None
        return (number + 1, own.end() + cut.start() + 2,
                f"« {own['key']} » : YAML lit ce qui suit « # » comme un commentaire et "
                "l'efface, et les lignes suivantes ne continuent plus le texte ; mettez tout "
                f"le texte entre guillemets droits ({own['key']}: \"…\"), ou écrivez "
                f"« {own['key']}: >- » et le texte sur les lignes suivantes")
    return None


def _fake_dash(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
               tokens: list[yaml.Token]) -> Position | None:
    """A list item started with a dash or a bullet a word processor put in place of « - »."""
    for number in range(min(p[0], len(lines) - 1), min(c[0], p[0]) - 1, -1):
        found = _FAKE_DASH.match(lines[number])
        if found:
            return (number + 1, found.end("indent") + 1,
                    f"« {found['dash']} » n'est pas le tiret de YAML (un traitement de texte "
                    "remplace souvent « - » par un tiret long ou une puce) : écrivez « - », "
                    "le signe moins du clavier")
    return None


def _swallowed_structure(value: str) -> bool:
    """A quoted text that runs over lines holding fields or list items was never closed."""
    return bool(re.search(r"\n\s*(?:- |[A-Za-z_][\w-]*:\s)", value))


def _dash_without_space(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                        tokens: list[yaml.Token]) -> Position | None:
    """``-id: x``: without a space, « - » does not start a list item."""
    for number in sorted({c[0], p[0]}):
        found = re.match(r"^( *)-(?=[A-Za-z_])", lines[number])
        if found:
            return (number + 1, len(found.group(1)) + 2,
                    "espace manquante après « - » : écrivez « - » puis une espace")
    return None


def _unclosed_quote(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                    tokens: list[yaml.Token]) -> Position | None:
    if "quoted scalar" in context and "end of stream" in problem:
        quote = lines[c[0]][c[1]] if c[1] < len(lines[c[0]]) else '"'
        return (c[0] + 1, c[1] + 1, _unclosed_message(quote))
    scalars = [t for t in tokens if isinstance(t, yaml.ScalarToken) and t.style in _QUOTES]
    if not scalars:
        return None
    last = scalars[-1]
    if last.start_mark.line < last.end_mark.line <= p[0] <= last.end_mark.line + 1 and (
            _swallowed_structure(lines_between(lines, last))):
        line, column = last.start_mark.line, last.start_mark.column
        return (line + 1, column + 1, _unclosed_message(lines[line][column]))
    return None


def lines_between(lines: list[str], token: yaml.Token) -> str:
    return "\n".join(lines[token.start_mark.line:token.end_mark.line + 1])


def _unclosed_message(quote: str) -> str:
    if quote == "'":
        return ("apostrophe ouverte ici et jamais fermée : un texte qui commence par « ' » doit "
                "finir par « ' » ; sinon, retirez-la ou mettez tout le texte entre guillemets "
                "droits (\")")
    return ("guillemet ouvert ici et jamais fermé : ajoutez le guillemet fermant « \" » à la fin "
            "du texte, sur la même ligne")


def _text_after_quote(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                      tokens: list[yaml.Token]) -> Position | None:
    """``'L'atelier'`` or ``"Le" projet``: the quoted text ends before the text does."""
    if not tokens or not isinstance(tokens[-1], yaml.ScalarToken):
        return None
    last = tokens[-1]
    if last.style not in _QUOTES or last.end_mark.line != p[0]:
        return None
    line, column = last.end_mark.line, last.end_mark.column - 1
    if last.style == "'":
        return (line + 1, column + 1,
                "le texte entre apostrophes s'arrête à cette apostrophe : doublez-la ('') ou "
                "mettez tout le texte entre guillemets droits (\")")
    return (line + 1, column + 1,
            "le texte entre guillemets s'arrête à ce guillemet : mettez tout le texte entre "
            "guillemets, et pour une citation à l'intérieur utilisez « » ou \\\"")


def _under_indented_text(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                         tokens: list[yaml.Token]) -> Position | None:
    """A line of a ``>-`` text written at or left of its field's indent ends the text."""
    blocks = [t for t in tokens if isinstance(t, yaml.ScalarToken) and t.style in (">", "|")]
    if not blocks:
        return None
    block = blocks[-1]
    after = block.end_mark.line
    if not after <= p[0] < len(lines):
        return None
    line = lines[after]
    stripped = line.strip()
    if (not stripped or stripped.startswith(("#", "- ")) or _KEY_LINE.match(line)
            or re.fullmatch(r"[A-Za-z_][\w-]*", stripped)):
        return None
    # Every line from there to the error is text, not a field or an item.
    if any(_KEY_LINE.match(lines[n]) or lines[n].lstrip().startswith("- ")
           for n in range(after + 1, p[0] + 1)):
        return None
    header = block.start_mark.line
    key = _KEY_LINE.match(lines[header])
    name = f"« {key['key']} »" if key else "du champ"
    column = len(line) - len(line.lstrip(" ")) + 1
    return (after + 1, column,
            f"ligne de texte pas assez indentée : si elle fait partie du texte de {name} "
            f"(ligne {header + 1}), indentez-la comme les lignes de ce texte")


def _unclosed_bracket(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                      tokens: list[yaml.Token]) -> Position | None:
    if "flow sequence" in context or "flow mapping" in context:
        opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
        if "expected ','" in problem:
            return (c[0] + 1, c[1] + 1, f"« {opening} » ouvert ici et jamais fermé : ajoutez "
                                        f"« {closing} » à la fin de la liste, sur la même ligne")
    for closing in ("]", "}"):
        if f"found '{closing}'" in problem:
            opening = "[" if closing == "]" else "{"
            return (p[0] + 1, p[1] + 1, f"« {closing} » en trop : retirez-le (ou ajoutez le "
                                        f"« {opening} » qui manque)")
    if tokens and isinstance(tokens[-1], (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        depth, start = 0, None
        for token in reversed(tokens):
            if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                depth += 1
            elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                depth -= 1
                if depth == 0:
                    start = token
                    break
        if start is not None and start.start_mark.line == p[0]:
            char = lines[p[0]][start.start_mark.column]
            meaning = "une liste" if char == "[" else "des champs"
            return (p[0] + 1, start.start_mark.column + 1,
                    f"un texte qui commence par « {char} » se met entre guillemets droits "
                    f"(\"…\") : sinon YAML y voit {meaning}")
    return None


def _document_marker(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                     tokens: list[yaml.Token]) -> Position | None:
    if "single document" in context or "another document" in problem:
        return (p[0] + 1, p[1] + 1, "« --- » en trop : cette ligne coupe le fichier en deux ; "
                                    "retirez-la")
    if "<document start>" in problem or "document end" in problem:
        for number in range(p[0], -1, -1):
            if lines[number].strip() in ("...", "---"):
                marker = lines[number].strip()
                return (number + 1, 1, f"« {marker} » en trop : cette ligne coupe le fichier en "
                                       "deux ; retirez-la")
    return None


def _spaces(count: int) -> str:
    """« 4 espaces », « 1 espace »."""
    return f"{count} espace{'s' if count > 1 else ''}"


# GitHub's editor numbers lines, not columns: an indent is told as the spaces to type.
def _leading_spaces(count: int) -> str:
    """« avec 4 espaces en début de ligne », or « sans espace en début de ligne »."""
    return f"avec {_spaces(count)} en début de ligne" if count else \
        "sans espace en début de ligne"


def _spaces_before_dash(count: int) -> str:
    """« 2 espaces avant le « - » », or « aucune espace avant le « - » »."""
    return f"{_spaces(count) if count else 'aucune espace'} avant le « - »"


def _aligned_on(lines: list[str], number: int, column: int) -> tuple[int, int, str] | None:
    """The nearest field above line ``number`` starting left of ``column``, or at it."""
    for above in range(number - 1, -1, -1):
        found = _KEY_LINE.match(lines[above])
        if found and found.start("key") <= column:
            return above, found.start("key"), found["key"]
    return None


def _colon(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
           tokens: list[yaml.Token]) -> Position | None:
    if "mapping values are not allowed" not in problem:
        return None
    line = lines[p[0]]
    own = _KEY_LINE.match(line)
    if own and own.end("key") == p[1]:
        forgotten = _colon_forgotten_above(lines, p[0], own.start("key"))
        if forgotten:
            return forgotten
        # A field line read as the continuation of the text above it: it is indented
        # further than the field it follows.
        sibling = _aligned_on(lines, p[0], own.start("key") - 1)
        if sibling:
            above, column, sibling_key = sibling
            # On a « - key: » line, the « - » and its space stand between the indent and
            # the key.
            spaces = column - len(own["dash"])
            return (p[0] + 1, own.start("key") + 1,
                    f"« {own['key']} » est plus indenté que « {sibling_key} » (ligne "
                    f"{above + 1}) : alignez-le sur « {sibling_key} », "
                    f"{_leading_spaces(spaces)}")
    if own is None:
        opened = _text_opened_by(lines, p[0])
        if opened is not None:
            return (p[0] + 1, p[1] + 1,
                    f"« : » suivi d'une espace dans un texte de plusieurs lignes : écrivez "
                    f"« {opened[1]}: >- » (ligne {opened[0] + 1}) et le texte sur les lignes "
                    "suivantes, pour que tout soit lu comme du texte")
    key = own["key"] if own else None
    value = line[own.end() + 1:].lstrip() if own else line.strip()
    curly = value[:1] in "“”«„‘’"
    hint = (" (les guillemets « “ ” » ou « « » » copiés d'un traitement de texte ne comptent "
            "pas pour YAML)") if curly else ""
    example = f" ({key}: \"…\")" if key else ""
    return (p[0] + 1, p[1] + 1, "« : » suivi d'une espace dans un texte : mettez tout le texte "
                                f"entre guillemets droits{example}{hint}")


def _colon_forgotten_above(lines: list[str], number: int, column: int) -> Position | None:
    """``title RegarD`` above a field at the same column, or ``people`` above its list:
    without its « : », the line is text that runs on into the next field, where PyYAML
    stops; the mistake is above."""
    above = number - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or _KEY_LINE.match(lines[above]):
        return None
    words = _WORDS_LINE.match(lines[above])
    if not words or words["key"] not in FIELD_NAMES:
        return None
    # A sibling field, or, alone on its line, the field that holds the lines below it.
    holder = words["more"] is None and not words["dash"] and words.start("key") < column
    if words.start("key") != column and not holder:
        return None
    return (above + 1, words.end("key") + 1, _missing_colon(words["key"]))


def _missing_colon(key: str) -> str:
    return f"« : » manquant après « {key} » : écrivez « {key}: »"


def _text_opened_by(lines: list[str], number: int) -> tuple[int, str] | None:
    """The field whose unquoted text of several lines line ``number`` continues."""
    indent = len(lines[number]) - len(lines[number].lstrip(" "))
    for above in range(number - 1, max(-1, number - 60), -1):
        text = lines[above]
        if not text.strip():
            return None
        found = _KEY_LINE.match(text)
        if found and found.start("key") < indent:
            value = text[found.end() + 1:].strip()
            if value and value[0] in "\"'>|[{&*!":
                return None
            return above, found["key"]
        if found or text.lstrip().startswith("- "):
            return None
    return None


def _sequence_item(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                   tokens: list[yaml.Token]) -> Position | None:
    """A line in a list that neither starts an item with « - » nor belongs to one."""
    if "block collection" not in context or "expected <block end>" not in problem:
        return None
    line = lines[p[0]]
    own = _KEY_LINE.match(line)
    if not own or own["dash"]:
        return None
    first = _KEY_LINE.match(lines[c[0]])
    starts_record = own["key"] == "id" or (first is not None and first["key"] == own["key"])
    if own.start("key") == c[1] and starts_record:
        return (p[0] + 1, p[1] + 1, f"« - » manquant : « {own['key']}: » commence un nouvel "
                                    f"élément de la liste ; écrivez « - {own['key']}: … » "
                                    f"aligné sur les « - » des autres éléments "
                                    f"({_spaces_before_dash(c[1])})")
    sibling = _aligned_on(lines, p[0], 10_000)
    if sibling:
        above, column, key = sibling
        return (p[0] + 1, own.start("key") + 1,
                f"« {own['key']} » n'est pas aligné sur « {key} » (ligne {above + 1}) : "
                f"alignez-le sur « {key} », {_leading_spaces(column)}")
    return None


def _stray_dash(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                tokens: list[yaml.Token]) -> Position | None:
    """A list item (« - ») indented differently from the other items of its list."""
    if "found '-'" not in problem and "found '<block sequence start>'" not in problem:
        return None
    line = lines[p[0]]
    own = _KEY_LINE.match(line)
    column = p[1]
    same = own["key"] if own and own["dash"] else None
    best = None
    for above in range(p[0] - 1, -1, -1):
        other = _KEY_LINE.match(lines[above])
        if not other or not other["dash"] or other.start("dash") == column:
            continue
        if same and other["key"] == same:
            best = (above, other.start("dash"))
            break
        if best is None:
            best = (above, other.start("dash"))
    where = (f" : alignez-le sur celui de la ligne {best[0] + 1} "
             f"({_spaces_before_dash(best[1])})" if best else "")
    return (p[0] + 1, column + 1, "« - » mal aligné : les éléments d'une même liste commencent "
                                  f"tous au même retrait{where}")


def _simple_key(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                tokens: list[yaml.Token]) -> Position | None:
    if "simple key" not in context or "expected ':'" not in problem:
        return None
    line = lines[c[0]]
    rest = line[c[1]:]
    # A text written under an empty « summary: » without « >- », one of whose lines holds
    # « : »: YAML took the start of that line for a field name.
    for above in range(c[0] - 1, max(-1, c[0] - 30), -1):
        opened = re.match(r"^ *(?:- +)*(?P<key>[A-Za-z_][\w-]*):\s*$", lines[above])
        if opened and opened.start("key") < c[1]:
            for number in range(above + 1, c[0]):
                colon = lines[number].find(": ")
                if colon > 0 and not _KEY_LINE.match(lines[number]):
                    return (number + 1, colon + 1,
                            f"« : » suivi d'une espace dans un texte de plusieurs lignes : "
                            f"écrivez « {opened['key']}: >- » (ligne {above + 1}) pour que "
                            "tout ce qui suit soit lu comme du texte")
            break
        if _KEY_LINE.match(lines[above]):
            break
    glued = re.match(r"(?P<key>[A-Za-z_][\w-]*):(?=[^\s])", rest)
    if glued:
        return (c[0] + 1, c[1] + glued.end() + 1,
                f"espace manquante après « {glued['key']}: » : écrivez « {glued['key']}: » "
                "puis une espace avant la valeur")
    return _word_without_colon(lines, c, rest)


def _word_without_colon(lines: list[str], c: Rule, rest: str) -> Position | None:
    """A line with no « : » where a field was expected: a field whose « : » was forgotten,
    or a line of the text above that is not indented enough to continue it."""
    word = re.match(r"(?P<key>[A-Za-z_][\w-]*)(?P<more>\s+\S)?", rest)
    text = _plain_text_above(lines, c[0], c[1])
    if text and not (word and word["key"] in FIELD_NAMES):
        return (c[0] + 1, c[1] + 1,
                f"ligne de texte pas assez indentée : si elle {text.relation} {text.name} "
                f"(ligne {text.line + 1}), indentez-la {text.indent}")
    if not word:
        return None
    message = _missing_colon(word["key"])
    if word["more"] and text and " " in text.value:
        message += (f" ; ou, si cette ligne continue le texte de {text.name} "
                    f"(ligne {text.line + 1}), indentez-la davantage")
    elif word["more"] and word["key"] not in FIELD_NAMES:
        return None
    return (c[0] + 1, c[1] + len(word["key"]) + 1, message)


class _Text(NamedTuple):
    """An unquoted text of one or more lines that a line below may be meant to continue."""

    line: int
    name: str
    """« « title » », « l'élément de « learnings » »."""
    value: str
    indent: str
    """How to indent a line that continues it."""
    relation: str = "continue le texte de"
    """« est le texte de » a field written with no value on its own line."""


_ITEM = re.compile(r"^(?P<indent> *)- +(?=\S)")
_SPECIAL_START = "\"'>|[{&*!#"


def _plain_text_above(lines: list[str], number: int, column: int) -> _Text | None:
    """The field or list item, at ``column`` or right of it, whose unquoted text the lines
    just above line ``number`` hold: that line may be meant to continue it."""
    for above in range(number - 1, max(-1, number - 30), -1):
        text = lines[above]
        if not text.strip() or text.lstrip().startswith("#"):
            return None
        found = _KEY_LINE.match(text)
        if found is not None:
            value = text[found.end() + 1:].strip()
            if not value and above == number - 1 and found.start("key") >= column:
                return _Text(above, f"« {found['key']} »", value,
                             f"de deux espaces de plus que « {found['key']} »",
                             "est le texte de")
            if found.start("key") < column or not value or value[0] in _SPECIAL_START:
                return None
            return _Text(above, f"« {found['key']} »", value,
                         f"de deux espaces de plus que « {found['key']} »")
        item = _ITEM.match(text)
        if item is not None:
            value = text[item.end():].strip()
            holder = _aligned_on(lines, above, len(item["indent"]) - 1)
            if len(item["indent"]) < column or value[0] in _SPECIAL_START or holder is None:
                return None
            return _Text(above, f"l'élément de « {holder[2]} »", value,
                         f"comme ce texte ({_spaces(item.end())} en début de ligne)")
    return None


def _special_start(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
                   tokens: list[yaml.Token]) -> Position | None:
    """A text starting with a character that means something else in YAML."""
    if "scanning an anchor" in context or "scanning an alias" in context:
        p = c  # « & » or « * » followed by a space: the sign itself is the mistake
    line = lines[p[0]] if p[0] < len(lines) else ""
    char = line[p[1]] if p[1] < len(line) else ""
    if char == "\t":
        return (p[0] + 1, p[1] + 1, "tabulation dans le texte, souvent collée depuis un "
                                    "traitement de texte : remplacez-la par une espace")
    if "sequence entries are not allowed" in problem and char == "-":
        return (p[0] + 1, p[1] + 1, "un texte qui commence par « - » se met entre guillemets "
                                    "droits (\"…\") : sinon YAML y voit une liste")
    meaning = {"*": "un alias", "&": "une ancre", "!": "une étiquette", "@": "un signe réservé",
               "`": "un signe réservé", "%": "une directive", "|": "un bloc de texte",
               ">": "un bloc de texte"}
    reason = ("undefined alias" in problem or "alias" in context or "anchor" in context
              or "cannot start any token" in problem or "block scalar" in context
              or "directive" in context)
    if reason and char in meaning:
        return (p[0] + 1, p[1] + 1, f"un texte qui commence par « {char} » se met entre "
                                    f"guillemets droits (\"…\") : sinon YAML y voit "
                                    f"{meaning[char]}")
    if "block scalar" in context and c[0] < len(lines):
        start = lines[c[0]]
        if c[1] < len(start) and start[c[1]] in "|>":
            return (c[0] + 1, c[1] + 1, f"un texte qui commence par « {start[c[1]]} » se met "
                                        "entre guillemets droits (\"…\") : sinon YAML y voit "
                                        "un bloc de texte")
    return None


def _escape(lines: list[str], problem: str, context: str, p: Rule, c: Rule,
            tokens: list[yaml.Token]) -> Position | None:
    if "escape character" in problem:
        return (p[0] + 1, p[1], "« \\ » dans un texte entre guillemets : doublez-le (\\\\), "
                                    "ou mettez le texte entre apostrophes (')")
    return None
