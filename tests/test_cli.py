"""`regard check`: every error at once, French, exit codes, GitHub annotations and summary."""

from __future__ import annotations

import subprocess
import sys

from generator.cli import github_annotation, main
from generator.problems import Problem

from .conftest import ROOT


def _break(root) -> None:
    timeline = root / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8")
                        .replace("date: 2023-03", "date: 2023-13")
                        .replace("categories: [field]", "categories: [fild]"), "utf-8")


def test_valid_content_exits_0(minimal, capsys):
    assert main(["--root", str(minimal), "check"]) == 0
    assert "Contenu valide" in capsys.readouterr().err


def test_content_errors_exit_1_with_every_error_as_file_line_col(minimal, capsys):
    _break(minimal)
    assert main(["--root", str(minimal), "check"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "timeline.yml:19:11: date « 2023-13 » impossible : le mois 13 n'existe pas (01 à 12)",
        "timeline.yml:21:18: catégorie « fild » inconnue ; vouliez-vous dire « field » ?",
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
        "inconnue ; vouliez-vous dire « field » ?",
    ]
    text = summary.read_text("utf-8")
    assert text.startswith("## Contenu RegarD : 2 erreur(s), 0 avertissement(s)")
    assert "| `timeline.yml` | 21 | 18 | catégorie « fild » inconnue" in text


def test_github_annotations_escape_what_github_requires():
    problem = Problem("a,b:c.yml", 3, 4, "50% de\nla ligne", "warning")
    assert github_annotation(problem) == (
        "::warning file=a%2Cb%3Ac.yml,line=3,col=4,title=Avertissement::50%25 de%0Ala ligne")


def test_the_shipped_content_checks_clean():
    result = subprocess.run([sys.executable, "-m", "generator", "check"], capture_output=True,
                            text=True, cwd=ROOT)
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
        "timeline.yml:37:11: date « 28/11/2025 » illisible ; format attendu : AAAA, AAAA-MM ou "
        "AAAA-MM-JJ (par exemple 2023, 2023-03 ou 2025-11-28)",
    ]
