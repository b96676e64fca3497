"""Validation: every error at once, as file:line:col and a French message written out."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.problems import ContentError
from generator.validate import load_site


def _errors(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_site(root)
    return [str(p) for p in info.value.problems]


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_minimal_fixture_is_valid_and_fully_linked(minimal):
    site = load_site(minimal)
    assert [e.id for e in site.events] == ["naissance", "lancement", "journees"]
    assert [e.id for e in site.events_of["project:alpha"]] == ["lancement"]
    assert [e.id for e in site.events_of["person:ada-martin"]] == ["naissance"]
    assert [s.committee.id for s in site.seats_of["person:jean-de-la-roche"]] == ["suivi"]
    assert [t.id for t in site.definitions_of_event["journees"]] == ["ect"]
    assert site.writings_of["jean-de-la-roche"][0][1] == "Un article"
    assert site.sources["project:alpha"] == "content/projects/alpha.yml"
    assert site.warnings == []


CASES = [
    ("unknown category with a suggestion", "timeline.yml", "categories: [field]\n",
     "categories: [fild]\n",
     ["timeline.yml:21:18: catégorie « fild » inconnue ; vouliez-vous dire « field » ?"]),
    ("unknown project with no close id lists the allowed ones", "timeline.yml",
     "projects: [alpha]", "projects: [zzz]",
     ["timeline.yml:23:16: terrain « zzz » inconnu ; valeurs possibles : alpha"]),
    ("impossible month", "timeline.yml", "date: 2023-03", "date: 2023-13",
     ["timeline.yml:19:11: date « 2023-13 » impossible : le mois 13 n'existe pas (01 à 12)"]),
    ("impossible day", "timeline.yml", "date: 2025-11-28", "date: 2023-02-30",
     ["timeline.yml:37:11: date « 2023-02-30 » impossible : février 2023 compte 28 jours"]),
    ("end before start", "timeline.yml", "end: 2025-11-29", "end: 2024",
     ["timeline.yml:38:10: la fin (2024) précède le début (2025-11-28)"]),
    ("unknown field with a suggestion", "timeline.yml", "    summary: Une *question*",
     "    sumary: Une *question*",
     ["timeline.yml:26:5: champ obligatoire « summary » (résumé) manquant",
      "timeline.yml:30:5: champ inconnu « sumary » ; vouliez-vous dire « summary » ?"]),
    ("duplicate event id", "timeline.yml", "id: journees", "id: lancement",
     ["content/glossary.yml:11:16: événement « journees » inconnu ; valeurs possibles : "
      "lancement, naissance",
      "timeline.yml:36:9: identifiant « lancement » déjà utilisé par l'événement "
      "(timeline.yml, ligne 18) : choisissez-en un autre"]),
    ("invalid id", "content/organisations.yml", "id: labo", "id: Labo",
     ["content/committees.yml:5:13: organisation « labo » inconnue ; vouliez-vous dire "
      "« Labo » ?",
      "content/committees.yml:7:23: organisation « labo » inconnue ; vouliez-vous dire "
      "« Labo » ?",
      "content/organisations.yml:5:9: identifiant « Labo » invalide : lettres minuscules sans "
      "accent, chiffres et tirets seulement (par exemple « sortie-terrain-chatel »)"]),
    ("number where text is expected", "content/projects/alpha.yml", "where: Jura", "where: 39",
     ["content/projects/alpha.yml:9:8: « where » : texte attendu, pas « 39 » ; mettez-le entre "
      "guillemets"]),
    ("project id differs from its file name", "content/projects/alpha.yml", "id: alpha",
     "id: beta",
     ["content/projects/alpha.yml:1:5: l'identifiant « beta » doit être le nom du fichier "
      "(« alpha ») : renommez l'un ou l'autre",
      "timeline.yml:23:16: terrain « alpha » inconnu ; valeurs possibles : beta"]),
    ("unknown event behind a definition", "content/glossary.yml", "event: journees",
     "event: journee",
     ["content/glossary.yml:11:16: événement « journee » inconnu ; vouliez-vous dire "
      "« journees » ?"]),
    ("a seat with nobody", "content/committees.yml", "      - organisation: labo\n",
     "      - role: Référente\n",
     ["content/committees.yml:7:9: un siège nomme au moins une personne (people) ou une "
      "organisation (organisation)"]),
    ("media without alt text", "timeline.yml", "        alt: Des intervenants sur une scène\n",
     "",
     ["timeline.yml:45:9: champ obligatoire « alt » (texte alternatif) manquant"]),
    ("unknown kind of project sheet", "content/projects/alpha.yml", "id: alpha\n",
     "id: alpha\nkind: cas\n",
     ["content/projects/alpha.yml:2:7: type de fiche « cas » inconnu : écrivez « terrain » (un "
      "des terrains de recherche du programme) ou « étude de cas »"]),
    ("unknown person featured by an article", "content/publications.yml",
     "featured: [jean-de-la-roche]", "featured: [jean]",
     ["content/publications.yml:13:20: personne « jean » inconnue ; valeurs possibles : "
      "ada-martin, jean-de-la-roche"]),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_input_gets_its_exact_message(minimal, relative, old, new, expected):
    _edit(minimal, relative, old, new)
    assert _errors(minimal) == expected


def test_every_error_of_every_file_is_reported_at_once(minimal):
    _edit(minimal, "timeline.yml", "categories: [field]\n", "categories: [fild]\n")
    _edit(minimal, "content/people.yml", "role: Présidente", "role: Présidente\n    age: 3")
    _edit(minimal, "content/glossary.yml", "see_also: [terrain-miroir]", "see_also: [miroir]")
    assert _errors(minimal) == [
        "content/glossary.yml:12:16: terme « miroir » inconnu ; vouliez-vous dire "
        "« terrain-miroir » ?",
        "content/people.yml:5:5: champ inconnu « age » ; champs possibles : id, name, "
        "sort_name, aliases, role, discipline, affiliation, organisations",
        "timeline.yml:21:18: catégorie « fild » inconnue ; vouliez-vous dire « field » ?",
    ]


def test_a_missing_file_is_reported_not_raised(minimal):
    (minimal / "content" / "people.yml").unlink()
    assert "content/people.yml:1:1: fichier introuvable" in _errors(minimal)


def test_loading_never_modifies_the_content(minimal):
    before = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    load_site(minimal)
    _edit(minimal, "timeline.yml", "date: 2023-03", "date: 2023-13")
    edited = {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()}
    with pytest.raises(ContentError):
        load_site(minimal)
    assert {p: p.read_bytes() for p in minimal.rglob("*") if p.is_file()} == edited
    assert set(edited) == set(before)


def test_two_almost_identical_names_give_a_warning(minimal):
    _edit(minimal, "content/people.yml", "name: Jean de la Roche", "name: Ada Martyn")
    site = load_site(minimal)
    assert [str(w) for w in site.warnings] == [
        "content/people.yml:7:11: avertissement : « Ada Martyn » ressemble beaucoup à "
        "« Ada Martin » (ada-martin) : s'agit-il de la même personne ?"]


def test_a_project_sheet_with_another_extension_is_not_silently_ignored(minimal):
    (minimal / "content" / "projects" / "gamma.yaml").write_text("id: gamma\n", "utf-8")
    assert _errors(minimal) == [
        "content/projects/gamma.yaml:1:1: seuls les fichiers .yml sont lus dans ce dossier : "
        "renommez-le en « gamma.yml » (ou retirez-le)"]
