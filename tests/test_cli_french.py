"""`regard` speaks French from the usage line to argparse's own error messages, for every
sub-command, and leaves every other argparse parser of the process as it was."""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import re

import pytest

from generator.commands.argparse_fr import MESSAGES, PLURAL_MESSAGES, FrenchArgumentParser
from generator.commands.cli import main

COMMANDS = ["check", "render", "diff", "preview", "new", "schemas"]


def _argparse_messages() -> tuple[list[str], list[tuple[str, str]]]:
    """Every text argparse passes to gettext, read from the argparse of this Python."""
    singles, plurals = [], []
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        texts = [a.value for a in node.args
                 if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id == "_" and texts:
            singles.append(texts[0])
        elif node.func.id == "ngettext" and len(texts) == 2:
            plurals.append((texts[0], texts[1]))
    return singles, plurals


# Raised only for a mistake in the way cli.py defines its parser, never for what staff type:
# a test that builds the parser (every test here) would fail first.
DEFINITION_ERRORS = {
    ".__call__() not defined",
    "'required' is an invalid argument for positionals",
    "mutually exclusive arguments must be optional",
    "%r is not callable",
    "cannot merge actions - two groups are named %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "dest= is required for options like %r",
    "invalid conflict_resolution value: %r",
    "cannot have multiple subparser arguments",
    "conflicting subparser: %s",
    "conflicting subparser alias: %s",
    'argument "-" with mode %r',
}
DEFINITION_PLURALS = {("conflicting option string: %s", "conflicting option strings: %s")}


def _english_fragments() -> set[str]:
    """argparse's own English, as it can appear in a text: the pieces of its messages
    between the values, of two words or more or ending with a colon."""
    singles, plurals = _argparse_messages()
    fragments = {"options:", "expected", "subcommands"}  # a section title, a lone word
    for text in singles + [t for pair in plurals for t in pair]:
        for piece in re.split(r"%\(\w+\)[rsd]|%[rsd]", text):
            piece = piece.strip()
            if re.search(r"[a-z]", piece) and (len(piece.split()) >= 2 or piece.endswith(":")):
                fragments.add(piece)
    return fragments


ENGLISH = _english_fragments()


def _assert_french(text: str) -> None:
    found = sorted(f for f in ENGLISH if f.lower() in text.lower())
    assert not found, f"English left: {found}\n{text}"


def test_every_message_argparse_can_show_has_a_french_translation():
    singles, plurals = _argparse_messages()
    assert singles and plurals  # the scan reads argparse's source
    missing = sorted({t for t in singles if t not in MESSAGES and t not in DEFINITION_ERRORS})
    assert missing == []
    assert sorted(set(plurals) - set(PLURAL_MESSAGES) - DEFINITION_PLURALS) == []
    assert "usage: " in singles and "show this help message and exit" in singles


def test_the_english_fragments_are_found_where_argparse_prints_them(capsys):
    plain = argparse.ArgumentParser(prog="x")
    plain.add_argument("value")
    with pytest.raises(SystemExit):
        plain.parse_args([])
    err = capsys.readouterr().err
    with pytest.raises(AssertionError):
        _assert_french(err + plain.format_help())


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS)],
                         ids=["regard", *COMMANDS])
def test_help_is_french_for_regard_and_each_sub_command(capsys, args):
    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as info:
            main([*args, flag])
        assert info.value.code == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert out.startswith(f"utilisation : regard{''.join(' ' + a for a in args)} ")
        _assert_french(out)
        assert re.search(r"^  -h, --help +afficher cette aide et quitter$", out, re.MULTILINE)
        headings = [line for line in out.splitlines() if line.endswith(":")]
        assert headings and all(line.endswith(" :") for line in headings), headings


def test_the_top_help_lists_the_commands_under_a_french_title(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "\ncommandes :\n" in out and "\noptions :\n" in out
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s+\S", out, re.MULTILINE), command


# args → the French error (last line), for each sub-command and each kind of argparse error
ERRORS = [
    ([], "regard : erreur : indiquez COMMANDE"),
    (["frobnicate"], "regard : erreur : COMMANDE : « frobnicate » n'est pas prévu ; "
                     "choisissez parmi check, check-site, render, diff, preview, new, rename, "
                     "remove, schemas"),
    (["chek"], "regard : erreur : COMMANDE : « chek » n'est pas prévu : écrivez check ; "
               "choisissez parmi check, check-site, render, diff, preview, new, rename, remove, "
               "schemas"),
    (["--root"], "regard : erreur : --root : valeur manquante"),
    (["--bogus", "check"], "regard : erreur : argument inconnu : --bogus"),
    (["--help=oui"], "regard : erreur : -h/--help : cette option ne prend pas de valeur : "
                     "retirez « oui »"),
    (["check", "--format", "xml"], "regard check : erreur : --format : « xml » n'est pas "
                                   "prévu ; choisissez parmi text, github"),
    (["check", "--changed"], "regard check : erreur : --changed : valeur manquante"),
    (["check", "--bogus", "x"], "regard : erreur : arguments inconnus : --bogus x"),
    (["render"], "regard render : erreur : indiquez DOSSIER"),
    (["render", "a", "b"], "regard : erreur : argument inconnu : b"),
    (["diff"], "regard diff : erreur : indiquez REF"),
    (["diff", "--format"], "regard diff : erreur : --format : valeur manquante"),
    (["new"], "regard new : erreur : indiquez TYPE, TITRE"),
    (["new", "person"], "regard new : erreur : indiquez TITRE"),
    (["new", "personne", "Jeanne Dupont"],
     "regard new : erreur : TYPE : « personne » n'est pas prévu : écrivez person ; choisissez "
     "parmi event, person, term, organisation, project, member"),
    (["new", "person", "Jeanne Dupont", "--id"], "regard new : erreur : --id : valeur manquante"),
    (["new", "event", "Atelier", "--date"], "regard new : erreur : --date : valeur manquante"),
    (["schemas", "tout"], "regard : erreur : argument inconnu : tout"),
]


@pytest.mark.parametrize(("args", "expected"), ERRORS, ids=[" ".join(a) or "-" for a, _ in ERRORS])
def test_usage_errors_are_french_with_the_usage_line_and_exit_2(capsys, args, expected):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("utilisation : regard")
    assert err.splitlines()[-1] == expected
    _assert_french(err)


def test_a_root_without_content_is_a_french_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["--root", str(tmp_path), "check"])
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"regard : erreur : {tmp_path} ne contient ni timeline.yml ni content/")


def test_other_argparse_parsers_keep_their_own_messages(capsys):
    main_translation = vars(argparse)["_"]
    with pytest.raises(SystemExit):
        main(["new"])
    with pytest.raises(SystemExit):
        main(["--help"])
    assert vars(argparse)["_"] is main_translation is gettext.gettext
    plain = argparse.ArgumentParser(prog="x")
    assert plain.format_usage().startswith("usage: x")
    assert "show this help message and exit" in plain.format_help()


def test_a_french_parser_s_sub_commands_are_french_too():
    parser = FrenchArgumentParser(prog="p")
    sub = parser.add_subparsers().add_parser("s")
    assert isinstance(sub, FrenchArgumentParser)
    assert sub.format_usage() == "utilisation : p s [-h]\n"


def test_plural_messages_agree(capsys):
    parser = FrenchArgumentParser(prog="p")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--one", nargs=1)
    for args, expected in ((["--pair", "a"], "p : erreur : --pair : 2 valeurs attendues"),
                           (["--one"], "p : erreur : --one : 1 valeur attendue")):
        with pytest.raises(SystemExit):
            parser.parse_args(args)
        assert capsys.readouterr().err.splitlines()[-1] == expected
