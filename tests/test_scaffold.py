"""`regard new`: a valid skeleton, a fresh id, every other byte of the file kept, nothing
invented, and a placeholder that `check` refuses until it is replaced."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys

import pytest
import yaml

from generator.commands import scaffold
from generator.commands.cli import main
from generator.commands.scaffold import ScaffoldError, add, new_id
from generator.content.model import PLACEHOLDER
from generator.content.problems import ContentError
from generator.content.validate import load_site

from .frozen_content import copy_content
from .support import FROZEN, ROOT

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


# kind, title naming an existing record, --date, that record's file, line and id
SAME = [
    ("person", "Ada Martin", None, "content/people.yml", 2, "ada-martin"),
    ("person", "ADA  martin", None, "content/people.yml", 2, "ada-martin"),
    ("person", "Jean Delaroche", None, "content/people.yml", 6, "jean-de-la-roche"),
    ("organisation", "Le Laboratoire", None, "content/organisations.yml", 5, "labo"),
    ("term", "ECT", None, "content/glossary.yml", 2, "ect"),
    ("term", "Terrain miroir", None, "content/glossary.yml", 13, "terrain-miroir"),
    ("event", "Journées à Dijon", "2026-11", "timeline.yml", 36, "journees"),
    ("event", "Naissance", "2014", "timeline.yml", 26, "naissance"),
    ("project", "Projet Alpha", "2026", "content/projects/alpha.yml", 1, "alpha"),
    ("project", "PA", "2026", "content/projects/alpha.yml", 1, "alpha"),
]


@pytest.mark.parametrize(("kind", "title", "date", "file", "line", "existing"), SAME)
def test_a_record_that_exists_already_is_refused_where_it_is_and_nothing_is_written(
        minimal, capsys, kind, title, date, file, line, existing):
    before = _tree(minimal)
    args = ["--root", str(minimal), "new", kind, title] + (["--date", date] if date else [])
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith("erreur : ")
    assert f" existe déjà ({file}, ligne {line}, identifiant {existing}" in first
    assert first.endswith(" : rien n'a été écrit.")
    assert _tree(minimal) == before
    # The line named is the record's own.
    lines = (minimal / file).read_text("utf-8").splitlines()
    assert lines[line - 1].lstrip("- ") == f"id: {existing}"


@pytest.mark.parametrize(("kind", "title", "date", "file", "line", "existing"), SAME)
def test_the_command_offered_for_another_record_of_the_same_name_adds_it(
        minimal, capsys, kind, title, date, file, line, existing):
    args = ["--root", str(minimal), "new", kind, title] + (["--date", date] if date else [])
    assert main(args) == 1
    offered = capsys.readouterr().err.splitlines()[-1]
    assert offered.startswith(f"  regard new {kind} ")
    command = shlex.split(offered)
    assert command[:4] == ["regard", "new", kind, title]
    assert main(["--root", str(minimal), *command[1:]]) == 0
    out, err = capsys.readouterr()
    offered_id = command[command.index("--id") + 1]
    assert offered_id != existing
    assert f"ajouté « {offered_id} »" in out
    assert err.startswith("avertissement : ")
    assert f" existe déjà ({file}, ligne {line}, identifiant {existing}" in err
    site = load_site(minimal, placeholders_allowed=True)
    assert f"{scaffold.TARGETS[kind][2]}:{offered_id}" in site.sources


def test_the_staff_reviewer_s_case_on_the_frozen_content(tmp_path, capsys):
    copy_content(FROZEN, tmp_path)
    before = _tree(tmp_path)
    text = (tmp_path / "content" / "people.yml").read_text("utf-8")
    line = text.splitlines().index("  - id: marie-ferru") + 1
    assert main(["--root", str(tmp_path), "new", "person", "Marie Ferru"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"erreur : la personne « Marie Ferru » existe déjà (content/people.yml, ligne {line}, "
        "identifiant marie-ferru) : rien n'a été écrit.",
        "S'il s'agit d'une autre personne du même nom, donnez-lui son propre identifiant :",
        '  regard new person "Marie Ferru" --id marie-ferru-2']
    assert _tree(tmp_path) == before


def test_an_event_of_the_same_title_is_offered_an_id_with_its_year(minimal):
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "event", "Journées à Dijon", date="2026-11", category="field")
    assert str(info.value).splitlines() == [
        "l'événement « Journées à Dijon » existe déjà (timeline.yml, ligne 36, identifiant "
        "journees, date 2025-11-28) : rien n'a été écrit.",
        "S'il s'agit d'un autre événement du même titre (à une autre date), donnez-lui son "
        "propre identifiant :",
        '  regard new event "Journées à Dijon" --id journees-a-dijon-2026 --date 2026-11 '
        "--category field"]


def test_a_term_that_exists_says_where_a_new_definition_goes(minimal):
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "term", "Terrain miroir")
    assert ("Pour une nouvelle définition de ce terme, ajoutez-la à la suite de ses "
            "definitions (CONTRIBUTING.md, « Ajouter une définition »)") in str(info.value)


def test_a_different_name_is_not_taken_for_the_same(minimal):
    added = add(minimal, "person", "Ada Martine")
    assert (added.record_id, added.warnings) == ("ada-martine", ())


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
    assert str(info.value).startswith("le contenu a déjà 1 erreur ; corrigez-la d'abord "
                                      "(regard check) :\n1 erreur dans le contenu :\n")
    with pytest.raises(ContentError):
        load_site(minimal)


@pytest.mark.parametrize(("text", "expected"), [
    ("Sortie terrain à Châtel", "sortie-terrain-a-chatel"),
    ("L'ÉCT : 2024 !", "l-ect-2024"),
    ("***", "nouveau"),
])
def test_slug(text, expected):
    assert new_id(text) == expected


def _placeholder_lines(path):
    return [n for n, text in enumerate(path.read_text("utf-8").splitlines(), start=1)
            if PLACEHOLDER in text]


def test_a_new_person_is_told_what_was_written_and_no_text_to_replace(minimal, capsys):
    assert main(["--root", str(minimal), "new", "person", "Jeanne Dupont"]) == 0
    out = capsys.readouterr().out
    line = (minimal / "content" / "people.yml").read_text("utf-8").splitlines().index(
        "  - id: jeanne-dupont") + 1
    assert out.splitlines() == [
        f"content/people.yml:{line}: ajouté « jeanne-dupont » avec seulement id et name : "
        "aucun texte à remplacer",
        "Champs facultatifs, à ajouter si la source les donne (CONTRIBUTING.md, « Ajouter une "
        "personne ») : sort_name, aliases, role, discipline, affiliation, organisations.",
        "Puis lancez regard check."]
    assert _placeholder_lines(minimal / "content" / "people.yml") == []


def test_a_new_event_names_the_placeholder_line_and_the_category_chosen_for_it(minimal, capsys):
    assert main(["--root", str(minimal), "new", "event", "Journée d'étude", "--date",
                 "2026-03"]) == 0
    timeline = (minimal / "timeline.yml").read_text("utf-8").splitlines()
    line = timeline.index("  - id: journee-d-etude") + 1
    assert timeline[line + 2] == "    categories: [theory]"
    assert _placeholder_lines(minimal / "timeline.yml") == [line + 4]
    assert capsys.readouterr().out.splitlines() == [
        f"timeline.yml:{line}: ajouté « journee-d-etude » avec id, date, title, categories et "
        "summary",
        f"timeline.yml:{line + 3}: catégorie theory (« Éléments théoriques ») mise par défaut, "
        "faute de --category : changez-la si elle ne convient pas (possibles : theory, field)",
        f"timeline.yml:{line + 4}: remplacez « À compléter. » par le résumé (summary) : tant "
        "qu'il reste, regard check échoue",
        "Champs facultatifs, à ajouter si la source les donne (CONTRIBUTING.md, « Ajouter un "
        "événement ») : end, projects, people, organisations, terms, resources, quote, quotes, "
        "media, tags.",
        "Puis lancez regard check."]


NEW = [
    ("event", ["Journée d'étude", "--date", "2026-03", "--category", "field"]),
    ("event", ["Journée d'étude", "--date", "2026-03"]),
    ("person", ["Jeanne Dupont"]),
    ("term", ["Tiers-lieu"]),
    ("organisation", ["Pays Lédonien"]),
    ("project", ["Tiers-lieu de Lons", "--date", "2026"]),
]
LIST_KEYS = {"event": "events", "person": "people", "term": "terms",
             "organisation": "organisations"}


@pytest.mark.parametrize(("kind", "args"), NEW, ids=[f"{k}-{len(a)}" for k, a in NEW])
def test_the_next_steps_match_what_the_file_holds_for_every_kind(minimal, capsys, kind, args):
    assert main(["--root", str(minimal), "new", kind, *args]) == 0
    out = capsys.readouterr().out.splitlines()
    path, _, first = out[0].split(":", 2)
    record_id = re.search(r"ajouté « ([a-z0-9-]+) »", first)[1]
    data = yaml.safe_load((minimal / path).read_text("utf-8"))
    record = data if kind == "project" else next(
        r for r in data[LIST_KEYS[kind]] if r["id"] == record_id)
    # Every field written is named in the first line, and nothing else is.
    named = re.findall(r"\b[a-z_]+\b", first.split(" avec ", 1)[1].split(" : ")[0])
    nested = [k for v in record.values() if isinstance(v, list) and v and isinstance(v[0], dict)
              for k in v[0]]
    assert set(named) - {"seulement", "et"} == set(record) | set(nested)
    # Each placeholder of the file is named at its line, and only those.
    told = [int(text.split(":")[1]) for text in out if "remplacez « À compléter. »" in text]
    assert told == _placeholder_lines(minimal / path)
    assert ("aucun texte à remplacer" in first) == (not told)
    # The optional fields offered are the model's fields that were not written, but for
    # former ids: a new record has none (a rename writes them).
    offered = next(text for text in out if text.startswith("Champs facultatifs"))
    model = scaffold._MODELS[kind]
    assert "former_ids" not in offered
    for name in set(model.model_fields) - {"former_ids"}:
        assert (f" {name}," in offered or f" {name}." in offered or f" {name} ;" in offered) \
            == (name not in record), name
    assert out[-1] == "Puis lancez regard check."


@pytest.mark.parametrize(("record_id", "fix"), [
    ("Majuscules", "écrivez --id majuscules"),
    ("sub/x", "écrivez --id sub-x"),
    ("///", "par exemple --id sortie-terrain-chatel"),
])
def test_a_refused_id_gives_the_exact_fix_alone_or_else_an_example(minimal, record_id, fix):
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "person", "Évasion", record_id=record_id)
    assert str(info.value) == (f"identifiant « {record_id} » refusé : lettres minuscules sans "
                               "accent, chiffres et tirets seulement (pas de « / » ni de "
                               f"« .. ») ; {fix}")
