"""`regard new`: a valid skeleton, a fresh id, every other byte of the file kept."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.scaffold import ScaffoldError, add, slug
from generator.validate import load_site


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
    assert inserted[start].lstrip().startswith(f"- id: {added.record_id}")
    site = load_site(minimal)
    assert f"{key}:sortie-a-chatel" in site.sources
    assert site.lines[f"{key}:sortie-a-chatel"] == added.line


def test_new_event_takes_the_date_and_category_given(minimal):
    add(minimal, "event", "Journée d'étude", date="2026-03", category="field")
    event = load_site(minimal).event_by_id["journee-d-etude"]
    assert (event.date.iso(), event.categories) == ("2026-03", ["field"])


def test_new_project_writes_its_own_file_with_the_schema_line(minimal):
    added = add(minimal, "project", "Tiers-lieu de Lons")
    assert added.path == "content/projects/tiers-lieu-de-lons.yml"
    text = (minimal / added.path).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/project.schema.json\n")
    assert "tiers-lieu-de-lons" in load_site(minimal).projects


def test_a_derived_id_that_exists_gets_a_fresh_suffix(minimal):
    assert add(minimal, "person", "Ada Martin").record_id == "ada-martin-2"
    assert add(minimal, "person", "Ada Martin").record_id == "ada-martin-3"


def test_a_clashing_id_is_refused_and_nothing_changes(minimal):
    before = (minimal / "content" / "people.yml").read_bytes()
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "person", "Quelqu'un", record_id="ada-martin")
    assert str(info.value) == ("identifiant « ada-martin » déjà utilisé (content/people.yml, "
                               "ligne 2) : choisissez-en un autre avec --id")
    assert (minimal / "content" / "people.yml").read_bytes() == before


def test_an_invalid_skeleton_is_rolled_back(minimal):
    before = (minimal / "timeline.yml").read_bytes()
    with pytest.raises(ScaffoldError) as info:
        add(minimal, "event", "Mauvaise date", date="2024-13")
    assert "rien n'a été changé" in str(info.value)
    assert "date « 2024-13 » impossible" in str(info.value)
    assert (minimal / "timeline.yml").read_bytes() == before


def test_the_cli_reports_where_it_added_and_refuses_clashes(minimal, capsys):
    assert main(["--root", str(minimal), "new", "term", "Tiers-lieu"]) == 0
    assert capsys.readouterr().out.startswith("content/glossary.yml:")
    assert main(["--root", str(minimal), "new", "term", "Autre", "--id", "ect"]) == 1
    assert "déjà utilisé" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "expected"), [
    ("Sortie terrain à Châtel", "sortie-terrain-a-chatel"),
    ("L'ÉCT : 2024 !", "l-ect-2024"),
    ("***", "nouveau"),
])
def test_slug(text, expected):
    assert slug(text) == expected
