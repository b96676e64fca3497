"""argparse in French: usage line, section titles, ``-h`` and argparse's own error messages.

argparse builds its texts with ``gettext`` calls (``_('usage: ')``, ``_('the following
arguments are required: %s')``…) looked up in the module's globals when the text is made.
Python ships no French catalogue for them and a gettext catalogue would have to be installed
for the whole process through the locale; instead :class:`FrenchArgumentParser` swaps
argparse's ``_`` and ``ngettext`` for a lookup in :data:`MESSAGES` only while one of its own
methods runs, so that no other parser in the process (pytest's, say) is affected.
"""

from __future__ import annotations

import argparse
import difflib
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

MESSAGES: dict[str, str] = {
    # Help
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "subcommands": "commandes",
    # Errors
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    # The names are joined before the message sees them: a wording without agreement.
    "the following arguments are required: %s": "indiquez %s",
    "one of the arguments %s is required": "indiquez l'un de ces arguments : %s",
    "unrecognized arguments: %s": "non reconnu ici : %s",
    "expected one argument": "valeur manquante",
    "expected at most one argument": "une seule valeur au plus",
    "expected at least one argument": "au moins une valeur attendue",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "« %(value)s » n'est pas prévu ; choisissez parmi %(choices)s",
    "invalid %(type)s value: %(value)r": "valeur « %(value)s » invalide",
    "ambiguous option: %(option)s could match %(matches)s":
        "option %(option)s ambiguë : elle peut désigner %(matches)s",
    "ignored explicit argument %r": "cette option ne prend pas de valeur : retirez « %s »",
    "not allowed with argument %s": "incompatible avec %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande « %(parser_name)s » inconnue ; commandes possibles : %(choices)s",
    "unexpected option string: %s": "option inattendue : %s",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
"""argparse's English text (its gettext message id) → the French shown instead."""

PLURAL_MESSAGES: dict[tuple[str, str], tuple[str, str]] = {
    ("expected %s argument", "expected %s arguments"):
        ("%s valeur attendue", "%s valeurs attendues"),
}
"""argparse's ``ngettext`` message ids (singular, plural) → French (singular, plural)."""


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    one, many = PLURAL_MESSAGES.get((singular, plural), (singular, plural))
    return one if count == 1 else many


@contextmanager
def _french() -> Iterator[None]:
    # argparse imported these names from gettext into its own module: they are looked up
    # there each time a text is made. Nested calls restore what the outer call put.
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _gettext, _ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


class FrenchHelpFormatter(argparse.HelpFormatter):
    """French typography in the help: a space before the colon of each section title; lines
    broken between words only, never inside « AAAA-MM » or an id; the lines of a description
    or an epilog kept as written, an indented one (an example command) never broken."""

    def start_section(self, heading: str | None) -> None:
        if heading and heading is not argparse.SUPPRESS:
            heading = f"{heading} "
        super().start_section(heading)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        # An indented line is a command to copy: it is kept whole.
        return "\n".join(
            indent + line if line[:1].isspace() else
            textwrap.fill(" ".join(line.split()), width, initial_indent=indent,
                          subsequent_indent=indent, break_on_hyphens=False)
            for line in text.splitlines())


class FrenchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and error messages are all in French; its sub-command
    parsers are of the same class (argparse makes them with ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        with _french():
            super().__init__(*args, **kwargs)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None
                         ) -> tuple[argparse.Namespace, list[str]]:
        with _french():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _french():
            return super().format_usage()

    def format_help(self) -> str:
        with _french():
            return super().format_help()

    def parse_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                   namespace: argparse.Namespace | None = None) -> argparse.Namespace:
        # argparse words this error for any number of arguments; French agrees.
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            noun = "argument inconnu" if len(extras) == 1 else "arguments inconnus"
            self.error(f"{noun} : {' '.join(extras)}")
        return parsed

    def error(self, message: str) -> NoReturn:
        with _french():
            super().error(message)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        # argparse quotes the choices with repr() ('event', 'person'); staff type them bare,
        # and a near miss (« personne ») gets the choice it resembles.
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f" : écrivez {close[0]}" if close else ""
        raise argparse.ArgumentError(
            action, f"« {value} » n'est pas prévu{hint} ; choisissez parmi {', '.join(names)}")
