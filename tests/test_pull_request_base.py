"""A pull request's checks compare with the merge commit's first parent (``HEAD^1``): the base
as it was when GitHub made the merge commit, so that a run started again after ``main`` moved
still shows what the pull request changes, named as staff know the base (« la branche
main », from ``BASE_REF``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main

from .support import MINIMAL, NEW_PROJECT, NEW_PROJECT_CHANGES, edit, git, merged_then_main_moved


@pytest.fixture
def rerun(tmp_path: Path) -> Path:
    root = tmp_path / "depot"
    shutil.copytree(MINIMAL, root)
    return merged_then_main_moved(root, {"content/projects/beta.yml": NEW_PROJECT})


def test_diff_against_the_first_parent_shows_only_the_pull_request(rerun, tmp_path, capsys,
                                                                   monkeypatch):
    summary = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("BASE_REF", "main")
    assert main(["--root", str(rerun), "diff", "HEAD^1", "--format", "github"]) == 0
    assert summary.read_text("utf-8").splitlines() == [
        "## Ce que cette demande change sur le site",
        "",
        "Par rapport à la branche `main` : 1 terrain (1 ajouté) ; 1 page ajoutée.",
        *NEW_PROJECT_CHANGES,
    ]
    capsys.readouterr()
    # What the moved main would have made of it: its new event as a removal.
    assert main(["--root", str(rerun), "diff", "origin/main"]) == 0
    assert "« Sortie terrain Filière bois » (`sortie-bois`)" in capsys.readouterr().out


def test_without_base_ref_the_ref_is_named_as_written(rerun, capsys):
    assert main(["--root", str(rerun), "diff", "HEAD^1"]) == 0
    assert "Par rapport à `HEAD^1` : 1 terrain (1 ajouté)" in capsys.readouterr().out


def test_a_base_that_cannot_be_compared_is_named_as_staff_know_it(rerun, capsys, monkeypatch):
    monkeypatch.setenv("BASE_REF", "main")
    edit(rerun, "timeline.yml", "date: 2023-03", "date: 2023-13")
    git(rerun, "commit", "-q", "-am", "date cassée")
    edit(rerun, "timeline.yml", "date: 2023-13", "date: 2023-03")
    assert main(["--root", str(rerun), "diff", "HEAD"]) == 1
    short = git(rerun, "rev-parse", "--short", "HEAD").strip()
    assert capsys.readouterr().err.startswith(
        f"erreur : le contenu de la branche main (commit {short}) est invalide (1 erreur")


def test_check_changed_first_parent_puts_the_pull_request_s_files_first(tmp_path, capsys):
    root = tmp_path / "depot"
    shutil.copytree(MINIMAL, root)
    edit(root, "timeline.yml", "date: 2023-03", "date: 2023-13")  # already on main
    people = (root / "content/people.yml").read_text("utf-8")
    merged_then_main_moved(root, {"content/people.yml": people.replace(
        "name: Ada Martin", "name: Ada Martin\n    age: 3", 1)})
    assert main(["--root", str(root), "check", "--changed", "HEAD^1"]) == 1
    assert [line.split(":", 1)[0] for line in capsys.readouterr().out.splitlines()] == [
        "content/people.yml", "timeline.yml"]
