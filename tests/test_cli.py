"""`regard check`: every error at once, French, exit codes, GitHub annotations and summary."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands import cli
from generator.commands.cli import github_annotation, main
from generator.content.problems import Problem

from .support import FROZEN, ROOT


def _break(root) -> None:
    timeline = root / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8")
                        .replace("date: 2023-03", "date: 2023-13")
                        .replace("categories: [field]", "categories: [fild]"), "utf-8")


def test_valid_content_exits_0(minimal, capsys):
    assert main(["--root", str(minimal), "check"]) == 0
    assert capsys.readouterr().err == "Contenu valide, sans avertissement.\n"


def _add_people(root, *names: str) -> None:
    people = root / "content" / "people.yml"
    people.write_text(people.read_text("utf-8") + "".join(
        f"  - id: person-{i}\n    name: {name}\n" for i, name in enumerate(names)), "utf-8")


@pytest.mark.parametrize(("names", "last"), [
    (["Ada Martine"], "Contenu valide, avec 1 avertissement."),
    (["Ada Martine", "Jean de la Rochee"], "Contenu valide, avec 2 avertissements."),
])
def test_the_count_of_warnings_agrees_with_its_number(minimal, capsys, names, last):
    _add_people(minimal, *names)  # names close to existing ones: one warning each
    assert main(["--root", str(minimal), "check"]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(names)
    assert err == last + "\n"


@pytest.mark.parametrize(("edits", "last"), [
    ({"date: 2023-03": "date: 2023-13"},
     "1 erreur : corrigez-la puis relancez la vérification."),
    ({"date: 2023-03": "date: 2023-13", "categories: [field]": "categories: [fild]"},
     "2 erreurs : corrigez-les puis relancez la vérification."),
])
def test_the_count_of_errors_agrees_with_its_number(minimal, capsys, edits, last):
    timeline = minimal / "timeline.yml"
    text = timeline.read_text("utf-8")
    for before, after in edits.items():
        text = text.replace(before, after)
    timeline.write_text(text, "utf-8")
    assert main(["--root", str(minimal), "check"]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == len(edits)
    assert err == last + "\n"


@pytest.mark.parametrize(("errors", "warnings", "title"), [
    (1, 0, "## Vérification du contenu : 1 erreur, aucun avertissement"),
    (2, 1, "## Vérification du contenu : 2 erreurs, 1 avertissement"),
    (0, 2, "## Vérification du contenu : valide, avec 2 avertissements"),
    (0, 0, "## Vérification du contenu : valide, sans avertissement"),
])
def test_the_step_summary_title_agrees_with_the_counts(errors, warnings, title):
    problems = [Problem("timeline.yml", 1, 1, "x")] * errors
    cautions = [Problem("timeline.yml", 1, 1, "y", "warning")] * warnings
    assert cli.github_summary(problems, cautions).splitlines()[0] == title


def _user_facing_strings(path: Path) -> list[str]:
    """The string literals of a module, but its docstrings (code documentation)."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings]


HEDGED = re.compile(r"\w+\((s|e|es)\)")
"""« avertissement(s) », « inscrit(e)s »: a number or a gender left to the reader."""


def test_no_text_staff_or_readers_see_hedges_a_plural_with_parentheses():
    generator = ROOT / "generator"
    texts = [(path, text) for path in sorted(generator.rglob("*.py"))
             for text in _user_facing_strings(path)]
    for path in sorted([*generator.rglob("*.j2"), *(ROOT / "theme").rglob("*"),
                        ROOT / "CONTRIBUTING.md", ROOT / "README.md"]):
        if path.suffix == ".js":  # its strings only: « f(e) » is a call
            texts += [(path, m[0]) for m in re.finditer(r"(['\"`])(?:\\.|(?!\1).)*\1",
                                                        path.read_text("utf-8"))]
        elif path.is_file() and path.suffix in {".j2", ".html", ".md"}:
            texts.append((path, path.read_text("utf-8")))
    found = [f"{path.relative_to(ROOT)}: {m[0]}" for path, text in texts
             for m in HEDGED.finditer(text)]
    assert found == []
    assert HEDGED.search("Contenu valide (0 avertissement(s)).")


def test_content_errors_exit_1_with_every_error_as_file_line_col(minimal, capsys):
    _break(minimal)
    assert main(["--root", str(minimal), "check"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "timeline.yml:19:11: date « 2023-13 » impossible : le mois 13 n'existe pas (01 à 12)",
        "timeline.yml:21:18: catégorie « fild » inconnue : écrivez l'identifiant field (libellé "
        "« Apprentissages des terrains de recherche »)",
    ]
    assert "2 erreurs" in err
    assert "Traceback" not in out + err


def test_usage_errors_exit_2(tmp_path):
    for args in (["check", "--format", "xml"], ["frobnicate"],
                 ["--root", str(tmp_path), "check"]):
        result = subprocess.run([sys.executable, "-m", "generator", *args],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_github_format_prints_annotations_and_writes_the_step_summary(minimal, capsys,
                                                                    tmp_path, monkeypatch):
    _break(minimal)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(minimal), "check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=timeline.yml,line=19,col=11,title=Erreur de contenu::date « 2023-13 » "
        "impossible : le mois 13 n'existe pas (01 à 12)",
        "::error file=timeline.yml,line=21,col=18,title=Erreur de contenu::catégorie « fild » "
        "inconnue : écrivez l'identifiant field (libellé « Apprentissages des terrains de "
        "recherche »)",
    ]
    text = summary.read_text("utf-8")
    assert text.startswith("## Vérification du contenu : 2 erreurs, aucun avertissement\n")
    assert "| `timeline.yml` | 21 | 18 | catégorie « fild » inconnue" in text


def test_github_annotations_escape_what_github_requires():
    problem = Problem("a,b:c.yml", 3, 4, "50% de\nla ligne", "warning")
    assert github_annotation(problem) == (
        "::warning file=a%2Cb%3Ac.yml,line=3,col=4,title=Avertissement::50%25 de%0Ala ligne")


def test_the_frozen_content_checks_clean():
    """The one check of the frozen copy itself (the corpus's cases and the built site start
    from it): no error and no warning, through the command staff run."""
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(FROZEN), "check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_three_realistic_mistakes(minimal, capsys):
    """The staff guide's examples: a misspelt person, a French date, a forgotten summary."""
    timeline = minimal / "timeline.yml"
    text = timeline.read_text("utf-8")
    text = text.replace("people: [ada-martin]", "people: [ada-matin]")
    text = text.replace("date: 2025-11-28", "date: 28/11/2025")
    text = text.replace("    summary: Présentation des résultats.\n", "")
    timeline.write_text(text, "utf-8")
    assert main(["--root", str(minimal), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "timeline.yml:31:14: personne « ada-matin » inconnue ; vouliez-vous dire « ada-martin » ?",
        "timeline.yml:36:5: champ obligatoire « summary » (résumé) manquant",
        "timeline.yml:37:11: date « 28/11/2025 » illisible : écrivez 2025-11-28 (une date "
        "s'écrit AAAA, AAAA-MM ou AAAA-MM-JJ)",
    ]


def _git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


def _pull_request(root) -> None:
    """A repository whose branch breaks content/people.yml, over a main that already has an
    error in timeline.yml (a file the pull request did not touch)."""
    _break(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "branche")
    people = root / "content" / "people.yml"
    people.write_text(people.read_text("utf-8").replace("role: Présidente",
                                                        "role: Présidente\n    age: 3"), "utf-8")
    _git(root, "commit", "-q", "-am", "pull request")


def test_changed_puts_the_errors_of_the_changed_files_first(minimal, capsys, tmp_path,
                                                            monkeypatch):
    _pull_request(minimal)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(minimal), "check", "--format", "github", "--changed", "main"]) == 1
    files = [line.split(",", 1)[0] for line in capsys.readouterr().out.splitlines()]
    assert files == ["::error file=content/people.yml", "::error file=timeline.yml",
                     "::error file=timeline.yml"]
    text = summary.read_text("utf-8")
    assert text.startswith("## Vérification du contenu : 3 erreurs, aucun avertissement\n")
    rows = [row for row in text.splitlines() if row.startswith("| ✏️") or "`timeline.yml`" in row]
    assert [row.split("|")[1].strip() for row in rows] == [
        "✏️ `content/people.yml`", "`timeline.yml`", "`timeline.yml`"]


def test_changed_in_text_format_too(minimal, capsys):
    _pull_request(minimal)
    assert main(["--root", str(minimal), "check", "--changed", "main"]) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == [
        "content/people.yml", "timeline.yml", "timeline.yml"]


@pytest.mark.parametrize("ref", ["origine/inexistante", "--output=/tmp/x"])
def test_changed_with_a_ref_git_cannot_use_warns_in_french_and_keeps_the_usual_order(
        minimal, capsys, ref):
    _pull_request(minimal)
    assert main(["--root", str(minimal), "check", "--format", "github", f"--changed={ref}"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == ("::warning title=Avertissement::impossible de lister les fichiers "
                        f"modifiés depuis « {ref} » (git diff a échoué) : les erreurs sont dans "
                        "l'ordre habituel")
    assert [line.split(",", 1)[0] for line in lines[1:]] == [
        "::error file=content/people.yml", "::error file=timeline.yml",
        "::error file=timeline.yml"]  # alphabetical: the usual order
    assert "avertissement : impossible de lister" in err
    assert "Traceback" not in out + err


def test_changed_outside_a_git_repository_warns(minimal, capsys):
    _break(minimal)
    assert main(["--root", str(minimal), "check", "--changed", "origin/main"]) == 1
    assert "avertissement : impossible de lister les fichiers modifiés" in capsys.readouterr().err


def test_a_note_goes_under_its_error_in_text_annotations_and_summary(minimal, capsys, tmp_path,
                                                                   monkeypatch):
    (minimal / "content" / "people.yml").write_text("# rien\n", "utf-8")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(minimal), "check", "--format", "github"]) == 1
    note = ("tant que ce fichier a une erreur, les renvois vers les personnes de ce fichier "
            "ne sont pas vérifiés")
    assert capsys.readouterr().out.splitlines() == [
        "::error file=content/people.yml,line=1,col=1,title=Erreur de contenu::fichier vide (ou "
        "seulement des commentaires) : il doit contenir « people: »%0Anote : " + note]
    assert f"« people: »<br>note : {note} |" in summary.read_text("utf-8")
    assert main(["--root", str(minimal), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/people.yml:1:1: fichier vide (ou seulement des commentaires) : il doit "
        "contenir « people: »", f"  note : {note}"]


def test_a_bug_of_the_generator_is_a_french_message_not_a_traceback(minimal, capsys,
                                                                   monkeypatch):
    def broken(root: Path, **_: object) -> None:
        raise KeyError("champ")

    monkeypatch.setattr(cli, "load_site", broken)
    monkeypatch.delenv("REGARD_DEBUG", raising=False)
    assert main(["--root", str(minimal), "check"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("erreur interne du générateur RegarD (KeyError) : le contenu n'est "
                          "peut-être pas en cause")
    assert "Traceback" not in err
    monkeypatch.setenv("REGARD_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["--root", str(minimal), "check"])
