"""`regard new`: a valid skeleton, a fresh id, every other byte of the file kept, nothing
invented, and a placeholder that `check` refuses until it is replaced."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from generator import scaffold
from generator.cli import main
from generator.problems import ContentError
from generator.scaffold import ScaffoldError, add, slug
from generator.validate import load_site

from .conftest import ROOT

FILES = {"event": "timeline.yml", "person": "content/people.yml",
         "term": "content/glossary.yml", "organisation": "content/organisations.yml"}


def _tree(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("kind", "file", "key"), [
    ("event", "timeline.yml", "event"),
    ("person", "content/people.yml", "person"),
    ("term", "content/glossary.yml", "term"),
    ("organisation", "content/organisations.yml", "organisation"),
])
def test_new_appends_a_valid_record_and_keeps_the_file_byte_for_byte(minimal, kind, file, key):
    path = minimal / file
    path.write_text("# Un commentaire en tête, gardé.\n" + path.read_text("utf-8")
                    + "# Un commentaire final, gardé aussi.\n", "utf-8")
    before = path.read_text("utf-8")
    added = add(minimal, kind, "Sortie à Châtel", date="2026-03")
    after = path.read_text("utf-8")
    inserted = after.splitlines(keepends=True)
    original = before.splitlines(keepends=True)
    # One contiguous block was inserted; every other line is the same, in the same order.
    grown = len(inserted) - len(original)
    pairs = zip(inserted, [*original, None], strict=False)
    first = next(i for i, (a, b) in enumerate(pairs) if a != b)
    assert inserted[:first] + inserted[first + grown:] == original
    assert after.endswith("# Un commentaire final, gardé aussi.\n")
    start = added.line - 1
    assert added.record_id == "sortie-a-chatel"
    assert added.warnings == ()
    assert inserted[start].lstrip().startswith(f"- id: {added.record_id}")
    site = load_site(minimal, placeholders_allowed=True)
    assert f"{key}:sortie-a-chatel" in site.sources
    assert site.lines[f"{key}:sortie-a-chatel"] == added.line


def test_the_placeholder_fails_check_at_its_line_until_it_is_replaced(minimal, capsys):
    added = add(minimal, "event", "Journée d'étude", date="2026-03", category="field")
    timeline = minimal / "timeline.yml"
    lines = timeline.read_text("utf-8").splitlines()
    placeholder = added.line + 4
    assert lines[placeholder - 1] == '    summary: "À compléter."'
    assert main(["--root", str(minimal), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"timeline.yml:{placeholder}:15: texte à compléter : remplacez « À compléter. » par le "
        "vrai texte"]
    timeline.write_text(timeline.read_text("utf-8").replace(
        '"À compléter."', "Une journée d'étude sur les terrains."), "utf-8")
    assert main(["--root", str(minimal), "check"]) == 0


def test_new_event_takes_the_date_and_category_given(minimal):
    add(minimal, "event", "Journée d'étude", date="2026-03", category="field")
    event = load_site(minimal, placeholders_allowed=True).event_by_id["journee-d-etude"]
    assert (event.date.iso(), event.categories) == ("2026-03", ["field"])


@pytest.mark.parametrize("kind", ["event", "project"])
def test_without_a_date_nothing_is_invented_and_nothing_written(minimal, kind):
    before = _tree(minimal)
    with pytest.raises(ScaffoldError) as info:
        add(minimal, kind, "Journée d'étude")
    assert str(info.value).startswith("indiquez ")
    assert "--date" in str(info.value)
    assert _tree(minimal) == before


def test_new_project_writes_its_own_file_with_the_schema_line_and_the_year_given(minimal):
    added = add(minimal, "project", "Tiers-lieu de Lons", date="2026")
    assert added.path == "content/projects/tiers-lieu-de-lons.yml"
    text = (minimal / added.path).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/project.schema.json\n")
    assert "years: [2026]\n" in text
    project = load_site(minimal, placeholders_allowed=True).projects["tiers-lieu-de-lons"]
    assert project.years == [2026]


def test_the_same_title_again_warns_and_gets_a_fresh_id(minimal):
    first = add(minimal, "person", "Ada Martin")
    assert first.record_id == "ada-martin-2"
    assert first.warnings == (
        "« Ada Martin » existe déjà (content/people.yml, ligne 2, identifiant ada-martin) : "
        "vérifiez qu'il ne s'agit pas du même élément avant de compléter celui-ci",)
    second = add(minimal, "person", "Ada Martin")
    assert second.record_id == "ada-martin-3"
    assert len(second.warnings) == 2


def test_the_cli_prints_the_same_title_warning(minimal, capsys):
    assert main(["--root", str(minimal), "new", "person", "Ada Martin"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("content/people.yml:")
    assert "avertissement : « Ada Martin » existe déjà" in err


def test_a_clashing_id_is_refused_and_nothing_changes(minimal):
    before = (minimal / "content" / "people.yml").read_bytes()
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "person", "Quelqu'un", record_id="ada-martin")
    assert str(info.value) == ("identifiant « ada-martin » déjà utilisé (content/people.yml, "
                               "ligne 2) : choisissez-en un autre avec --id")
    assert (minimal / "content" / "people.yml").read_bytes() == before


@pytest.mark.parametrize("record_id", ["../../evasion", "sub/x", "Majuscules", "a b", "",
                                       "x.yml", "-x"])
def test_an_id_that_is_not_a_plain_id_is_refused_without_writing_anything(
        minimal, tmp_path, record_id):
    before = _tree(tmp_path)
    for kind in ("project", "person"):
        with pytest.raises(ScaffoldError) as info:
            add(minimal, kind, "Évasion", record_id=record_id, date="2026")
        assert str(info.value).startswith(f"identifiant « {record_id} » refusé : lettres "
                                          "minuscules sans accent")
    assert _tree(tmp_path) == before


def test_the_cli_refuses_a_path_as_id_with_exit_1_and_no_traceback(minimal):
    for record_id in ("sub/x", "../../x"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(minimal), "new", "project",
             "Sous-dossier", "--id", record_id, "--date", "2026"],
            capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 1
        assert result.stderr.startswith(f"erreur : identifiant « {record_id} » refusé")
        assert "Traceback" not in result.stderr
    assert not (minimal / "content" / "projects" / "sub").exists()
    assert not (minimal.parent / "x.yml").exists()


def test_an_unknown_category_is_refused_with_the_choices_and_nothing_changes(minimal):
    before = _tree(minimal)
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "event", "Atelier", date="2026-03", category="théorie")
    assert str(info.value) == (
        "--category : catégorie « théorie » inconnue ; catégories possibles : theory "
        "(Éléments théoriques), field (Apprentissages des terrains de recherche)")
    assert _tree(minimal) == before


def test_an_impossible_date_is_refused_before_writing(minimal):
    before = _tree(minimal)
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "event", "Mauvaise date", date="2024-13")
    assert str(info.value) == ("--date : date « 2024-13 » impossible : le mois 13 n'existe pas "
                               "(01 à 12)")
    assert _tree(minimal) == before


def test_an_invalid_skeleton_is_rolled_back(minimal, monkeypatch):
    before = (minimal / "timeline.yml").read_bytes()
    original = scaffold._skeleton

    def broken(*args):
        return [*original(*args), "  age: 3"]

    monkeypatch.setattr(scaffold, "_skeleton", broken)
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "event", "Atelier", date="2026-03")
    assert "rien n'a été changé" in str(info.value)
    assert "champ inconnu « age »" in str(info.value)
    assert (minimal / "timeline.yml").read_bytes() == before


def test_crlf_line_endings_are_kept(minimal):
    path = minimal / "content" / "people.yml"
    crlf = path.read_text("utf-8").replace("\n", "\r\n")
    path.write_bytes(crlf.encode("utf-8"))
    add(minimal, "person", "Jeanne Dupont")
    after = path.read_bytes()
    assert after.startswith(crlf.encode("utf-8")[:20])
    assert b"\n" not in after.replace(b"\r\n", b"")
    assert b"- id: jeanne-dupont\r\n    name: \"Jeanne Dupont\"\r\n" in after


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o600])
def test_the_file_keeps_its_permissions(minimal, mode):
    path = minimal / "content" / "people.yml"
    os.chmod(path, mode)
    add(minimal, "person", "Jeanne Dupont")
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_new_project_file_gets_ordinary_permissions(minimal):
    old = os.umask(0o022)
    try:
        added = add(minimal, "project", "Tiers-lieu", date="2026")
    finally:
        os.umask(old)
    assert stat.S_IMODE((minimal / added.path).stat().st_mode) == 0o644


def test_the_cli_reports_where_it_added_and_refuses_clashes(minimal, capsys):
    assert main(["--root", str(minimal), "new", "term", "Tiers-lieu"]) == 0
    assert capsys.readouterr().out.startswith("content/glossary.yml:")
    assert main(["--root", str(minimal), "new", "term", "Autre", "--id", "ect"]) == 1
    assert "déjà utilisé" in capsys.readouterr().err


def test_new_refuses_to_start_on_content_with_errors_but_not_on_placeholders(minimal):
    add(minimal, "person", "Jeanne Dupont")
    add(minimal, "event", "Atelier", date="2026-03")  # its summary is still « À compléter. »
    add(minimal, "event", "Atelier bis", date="2026-04")
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2026-04", "date: 2026-13"),
                        "utf-8")
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "person", "Autre Personne")
    assert "le contenu a déjà des erreurs" in str(info.value)
    with pytest.raises(ContentError):
        load_site(minimal)


@pytest.mark.parametrize(("text", "expected"), [
    ("Sortie terrain à Châtel", "sortie-terrain-a-chatel"),
    ("L'ÉCT : 2024 !", "l-ect-2024"),
    ("***", "nouveau"),
])
def test_slug(text, expected):
    assert slug(text) == expected
