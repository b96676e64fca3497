"""The maintainer commands: ``regard rename``, ``regard remove`` and ``regard new member``.

Each writes by insertion: the tests compare every byte of every file after the command with
the file before, changed at exactly the expected places, on files with comments, quoted
values, LF and CRLF line endings and their own file modes. On the frozen copy of the
content, a rename leaves content that ``regard check`` and the strict build accept.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.commands.maintenance import citing

from .frozen_content import copy_content
from .support import FROZEN

PEOPLE = """\
# yaml-language-server: $schema=../schemas/people.schema.json
# Les personnes : un commentaire en tête.
people:
  - id: ada-martin   # la présidente
    name: Ada Martin
    role: Présidente
    organisations: [coop]
  # Un commentaire entre deux personnes.
  - id: 'jean-de-la-roche'
    name: Jean de la Roche
    sort_name: Roche
    discipline: Géographie
    affiliation: Université de Poitiers
    aliases: [Jean Delaroche]
  - id: louise-petit
    name: Louise Petit
"""

COMMITTEES = """\
committees:
  - id: suivi
    name: Comité de suivi
    mission: Suivre le programme.
    hosts: [labo]
    members:
      - organisation: labo
      - people: [ada-martin]   # depuis 2023
        organisation: coop
        role: Référente
      - people:
          - "jean-de-la-roche"
"""

PAGE = """\
# Le programme

Voir [Ada](../personnes/ada-martin.md), son [annuaire](../personnes/index.md) et
[Jean](../personnes/jean-de-la-roche.md "Jean").

[ada]: ../personnes/ada-martin.md
"""


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _write(root: Path, files: dict[str, str], newline: str) -> None:
    for path, text in files.items():
        (root / path).write_bytes((text if newline == "\n" else _crlf(text)).encode("utf-8"))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(params=["\n", "\r\n"], ids=["LF", "CRLF"])
def content(request: pytest.FixtureRequest, minimal: Path) -> tuple[Path, str]:
    """The minimal content with people, committees and a page written with comments,
    quotes and the line ending of the test; people.yml readable by its owner only."""
    newline: str = request.param
    _write(minimal, {"content/people.yml": PEOPLE, "content/committees.yml": COMMITTEES,
                     "content/pages/programme/index.md": PAGE}, newline)
    os.chmod(minimal / "content/people.yml", 0o600)
    return minimal, newline


def _expected(text: str, newline: str, *changes: tuple[str, str]) -> bytes:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return (text if newline == "\n" else _crlf(text)).encode("utf-8")


def test_rename_changes_only_the_id_and_its_references_byte_for_byte(content, capsys):
    root, newline = content
    before = _snapshot(root)
    assert main(["--root", str(root), "rename", "person", "ada-martin", "ada-martin-lons"]) == 0
    after = _snapshot(root)
    people, committees = "content/people.yml", "content/committees.yml"
    assert after[people] == _expected(
        PEOPLE, newline,
        ("  - id: ada-martin   # la présidente\n",
         "  - id: ada-martin-lons   # la présidente\n    former_ids: [ada-martin]\n"))
    assert after[committees] == _expected(COMMITTEES, newline,
                                          ("[ada-martin]", "[ada-martin-lons]"))
    assert after["content/pages/programme/index.md"] == _expected(
        PAGE, newline, ("(../personnes/ada-martin.md)", "(../personnes/ada-martin-lons.md)"),
        ("[ada]: ../personnes/ada-martin.md", "[ada]: ../personnes/ada-martin-lons.md"))
    timeline = before["timeline.yml"].decode()
    assert after["timeline.yml"].decode() == timeline.replace("people: [ada-martin]",
                                                              "people: [ada-martin-lons]")
    assert after["content/projects/alpha.yml"].decode() == before[
        "content/projects/alpha.yml"].decode().replace("people: [ada-martin]",
                                                       "people: [ada-martin-lons]")
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {people, committees, "content/pages/programme/index.md", "timeline.yml",
                       "content/projects/alpha.yml", "content/publications.yml"}
    assert stat.S_IMODE((root / people).stat().st_mode) == 0o600
    assert capsys.readouterr().out.splitlines() == [
        "timeline.yml:31: people : ada-martin → ada-martin-lons",
        "content/people.yml:4: identifiant ada-martin → ada-martin-lons",
        "content/people.yml:5: former_ids : ada-martin ajouté (l'ancienne adresse mène à "
        "l'élément renommé)",
        "content/committees.yml:8: people : ada-martin → ada-martin-lons",
        "content/publications.yml:9: authors : ada-martin → ada-martin-lons",
        "content/publications.yml:21: authors : ada-martin → ada-martin-lons",
        "content/projects/alpha.yml:14: people : ada-martin → ada-martin-lons",
        "content/pages/programme/index.md:3: lien « ../personnes/ada-martin.md » → "
        "« ../personnes/ada-martin-lons.md »",
        "content/pages/programme/index.md:6: lien « ../personnes/ada-martin.md » → "
        "« ../personnes/ada-martin-lons.md »",
        "Puis lancez regard check.",
    ]
    assert main(["--root", str(root), "check"]) == 0


def test_rename_keeps_quotes_and_block_lists(content, capsys):
    root, newline = content
    assert main(["--root", str(root), "rename", "person", "jean-de-la-roche", "jean-roche"]) == 0
    assert (root / "content/people.yml").read_bytes() == _expected(
        PEOPLE, newline, ("  - id: 'jean-de-la-roche'\n",
                          "  - id: 'jean-roche'\n    former_ids: [jean-de-la-roche]\n"))
    assert (root / "content/committees.yml").read_bytes() == _expected(
        COMMITTEES, newline, ('- "jean-de-la-roche"', '- "jean-roche"'))
    # A second rename adds to the list of former ids, in the list's own style.
    capsys.readouterr()
    assert main(["--root", str(root), "rename", "person", "jean-roche", "jean-la-roche"]) == 0
    assert (root / "content/people.yml").read_bytes() == _expected(
        PEOPLE, newline, ("  - id: 'jean-de-la-roche'\n",
                          "  - id: 'jean-la-roche'\n"
                          "    former_ids: [jean-de-la-roche, jean-roche]\n"))


def test_rename_of_a_project_renames_its_file_and_keeps_its_mode(minimal, capsys):
    sheet = minimal / "content/projects/alpha.yml"
    os.chmod(sheet, 0o640)
    text = sheet.read_text("utf-8")
    assert main(["--root", str(minimal), "rename", "project", "alpha", "projet-alpha"]) == 0
    assert not sheet.exists()
    moved = minimal / "content/projects/projet-alpha.yml"
    assert moved.read_text("utf-8") == text.replace(
        "id: alpha\n", "id: projet-alpha\nformer_ids: [alpha]\n")
    assert stat.S_IMODE(moved.stat().st_mode) == 0o640
    out = capsys.readouterr().out.splitlines()
    assert "content/projects/alpha.yml → content/projects/projet-alpha.yml : fichier renommé " \
           "avec l'identifiant" in out
    assert "content/projects/projet-alpha.yml:1: identifiant alpha → projet-alpha" in out


def test_rename_updates_links_in_yaml_texts_from_the_site_root(minimal, capsys):
    timeline = minimal / "timeline.yml"
    text = timeline.read_text("utf-8").replace(
        "summary: Présentation des résultats.",
        "summary: >-\n      Voir [le terrain](terrains/alpha/) et [l'autre](terrains/#alpha).")
    timeline.write_text(text, "utf-8")
    assert main(["--root", str(minimal), "rename", "project", "alpha", "beta"]) == 0
    after = timeline.read_text("utf-8")
    assert after == text.replace("(terrains/alpha/)", "(terrains/beta/)").replace(
        "(terrains/#alpha)", "(terrains/#beta)").replace("projects: [alpha]", "projects: [beta]")
    assert main(["--root", str(minimal), "check"]) == 0


@pytest.mark.parametrize("new, message", [
    ("jean-de-la-roche", "erreur : identifiant « jean-de-la-roche » déjà utilisé par la "
                         "personne (content/people.yml, ligne 9) : rien n'a été écrit ; "
                         "choisissez-en un autre"),
    ("jean", "erreur : identifiant « jean » déjà donné comme ancien identifiant à la personne "
             "« jean-de-la-roche » (content/people.yml, ligne 9) : son ancienne adresse mène à "
             "lui ; choisissez-en un autre"),
    ("Ada Martin", "erreur : identifiant « Ada Martin » refusé : lettres minuscules sans "
                   "accent, chiffres et tirets seulement ; écrivez « ada-martin »"),
    ("index", "erreur : identifiant « index » réservé : c'est le nom de la page qui les liste "
              "tous ; choisissez-en un autre"),
])
def test_rename_refuses_a_clash_and_writes_nothing(content, capsys, new, message):
    root, _ = content
    people = root / "content/people.yml"
    people.write_bytes(people.read_bytes().replace(b"    sort_name: Roche",
                                                   b"    former_ids: [jean]\n    sort_name: Roche"))
    before = _snapshot(root)
    assert main(["--root", str(root), "rename", "person", "ada-martin", new]) == 1
    assert capsys.readouterr().err.replace("\r", "").splitlines() == [message]
    assert _snapshot(root) == before


def test_rename_of_an_unknown_record_suggests_the_close_id(minimal, capsys):
    assert main(["--root", str(minimal), "rename", "person", "ada-martn", "ada"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "erreur : personne « ada-martn » inconnue ; vouliez-vous dire « ada-martin » ?"]


def test_remove_lists_every_citing_place_and_writes_nothing(content, capsys):
    root, _ = content
    before = _snapshot(root)
    assert main(["--root", str(root), "remove", "person", "ada-martin"]) == 1
    assert _snapshot(root) == before
    assert capsys.readouterr().err.splitlines() == [
        "erreur : la personne « ada-martin » est citée 7 fois : rien n'a été écrit. Retirez ou "
        "remplacez ces renvois, ou relancez avec --avec-references pour retirer aussi ceux "
        "qui sont un élément d'une liste d'identifiants :",
        "timeline.yml:31: people : ada-martin (--avec-references : champ retiré : c'était le "
        "seul élément de la liste)",
        "content/committees.yml:8: people : ada-martin (--avec-references : champ retiré : "
        "c'était le seul élément de la liste)",
        "content/publications.yml:9: authors : ada-martin (--avec-references : champ retiré : "
        "c'était le seul élément de la liste)",
        "content/publications.yml:21: authors : ada-martin (--avec-references : champ retiré : "
        "c'était le seul élément de la liste)",
        "content/projects/alpha.yml:14: people : ada-martin (--avec-references : champ retiré "
        ": c'était le seul élément de la liste)",
        "content/pages/programme/index.md:3: lien « ../personnes/ada-martin.md »",
        "content/pages/programme/index.md:6: lien « ../personnes/ada-martin.md »",
    ]


def test_remove_with_references_removes_the_list_items_and_says_what_is_left(content, capsys):
    root, newline = content
    before = _snapshot(root)
    assert main(["--root", str(root), "remove", "person", "ada-martin",
                 "--avec-references"]) == 1
    after = _snapshot(root)
    assert after["content/people.yml"] == _expected(
        PEOPLE, newline, ("  - id: ada-martin   # la présidente\n    name: Ada Martin\n"
                          "    role: Présidente\n    organisations: [coop]\n", ""))
    # The first field of a seat: the next field takes its place after the « - ».
    assert after["content/committees.yml"] == _expected(
        COMMITTEES, newline, ("      - people: [ada-martin]   # depuis 2023\n"
                              "        organisation: coop\n",
                              "      - organisation: coop\n"))
    assert after["timeline.yml"] == before["timeline.yml"].replace(
        b"    people: [ada-martin]\n", b"")
    # The page's links are not list items: they are left, and said.
    assert after["content/pages/programme/index.md"] == before["content/pages/programme/index.md"]
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "Renvois que la commande n'a pas pu retirer (à corriger à la main ; regard check les "
        "signale) :",
        "content/pages/programme/index.md:3: lien « ../personnes/ada-martin.md »",
        "content/pages/programme/index.md:6: lien « ../personnes/ada-martin.md »",
    ]
    assert out[0] == ("content/people.yml:4: personne « ada-martin » retirée (lignes 4 à 7 "
                      "avant le retrait)")


def test_remove_of_a_record_nobody_cites_writes_it_out_and_the_content_stays_valid(minimal,
                                                                                    capsys):
    organisations = minimal / "content/organisations.yml"
    text = organisations.read_text("utf-8")
    organisations.write_text(text + "  # Une organisation sans renvoi.\n  - id: seule\n"
                                    "    name: Seule\n", "utf-8")
    assert citing(minimal, "organisation", "seule") == []
    assert main(["--root", str(minimal), "remove", "organisation", "seule"]) == 0
    assert organisations.read_text("utf-8") == text + "  # Une organisation sans renvoi.\n"
    assert main(["--root", str(minimal), "check"]) == 0


def test_new_member_adds_a_seat_in_the_file_s_own_style(content, capsys):
    root, newline = content
    assert main(["--root", str(root), "new", "member", "suivi", "louise-petit",
                 "--organisation", "labo", "--role", "Géographie : terrains"]) == 0
    assert (root / "content/committees.yml").read_bytes() == _expected(
        COMMITTEES, newline, ('          - "jean-de-la-roche"\n',
                              '          - "jean-de-la-roche"\n'
                              "      - people: [louise-petit]\n"
                              "        organisation: labo\n"
                              '        role: "Géographie : terrains"\n'))
    assert capsys.readouterr().out.splitlines() == [
        "content/committees.yml:13: siège ajouté au comité « Comité de suivi » : Louise Petit",
        "Puis lancez regard check."]


def test_new_member_refuses_an_unknown_person_and_a_second_seat(minimal, capsys):
    before = _snapshot(minimal)
    assert main(["--root", str(minimal), "new", "member", "suivi", "ada-martn"]) == 1
    assert main(["--root", str(minimal), "new", "member", "suivi", "ada-martin"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "erreur : personne « ada-martn » inconnue ; vouliez-vous dire « ada-martin » ?",
        "erreur : Ada Martin (ada-martin) siège déjà au comité « Comité de suivi » : rien n'a "
        "été écrit"]
    assert _snapshot(minimal) == before


def test_new_member_for_a_person_not_added_yet_says_how_to_add_her(minimal, capsys):
    before = _snapshot(minimal)
    assert main(["--root", str(minimal), "new", "member", "suivi", "jeanne-dupont"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'erreur : personne « jeanne-dupont » inconnue ; pour l\'ajouter d\'abord : regard new '
        'person "…"']
    assert _snapshot(minimal) == before


def test_a_rename_of_the_frozen_copy_passes_the_check(tmp_path, capsys):
    root = copy_content(FROZEN, tmp_path / "copie")
    assert main(["--root", str(root), "rename", "event", "figures-ect", "focus-figures-ect"]) == 0
    out = capsys.readouterr().out
    assert "content/pages/programme/figures.md:7: lien « ../chronologie/index.md#figures-ect » "\
           "→ « ../chronologie/index.md#focus-figures-ect »" in out
    assert main(["--root", str(root), "check"]) == 0


def test_after_renames_the_frozen_copy_builds_strict_with_its_old_addresses(renamed_project,
                                                                           renamed_site):
    from generator.commands import site_check
    from generator.content.validate import load_site
    from generator.engines import standalone

    site = load_site(renamed_project)
    assert site.warnings == []
    problems, _ = site_check.check_site(renamed_site, site, renamed_project)
    assert problems == []
    # The old page addresses: a page that sends the reader on, without script.
    for old, new, name in [("personnes/marie-ferru", "marie-ferru-lons", "Marie Ferru"),
                           ("terrains/chatel", "commun-de-chatel", "Commun de Chatel")]:
        page = (renamed_site / old / "index.html").read_text("utf-8")
        assert f'<meta http-equiv="refresh" content="0; url=../{new}/">' in page
        assert f'<a href="../{new}/">{name}</a>' in page
        assert '<meta name="robots" content="noindex">' in page
        assert "<script" not in page
        assert f"/{old}/" not in (renamed_site / "sitemap.xml").read_text("utf-8")
    # The old anchors: an alias in the record's own card.
    chronology = (renamed_site / "chronologie/index.html").read_text("utf-8")
    card = chronology[chronology.index('id="focus-figures-ect"'):]
    assert card.index('id="figures-ect"') < card.index("</li>")
    glossary = (renamed_site / "glossaire/index.html").read_text("utf-8")
    alias = glossary.index('<div class="rd-former-id" id="recherche-action"></div>')
    assert glossary.index('id="recherche-action-ect"') > alias
    projects = (renamed_site / "terrains/index.html").read_text("utf-8")
    assert '<div class="rd-former-id" id="chatel"></div>' in projects
    # regard render writes the same redirect pages for the other engines.
    rendered, _ = standalone.collect(renamed_project)
    for old in ("personnes/marie-ferru/index.html", "terrains/chatel/index.html"):
        assert rendered.files[old] == (renamed_site / old).read_bytes()


def test_a_renamed_publication_leaves_a_redirect_at_each_article_page(minimal, capsys):
    from generator.content.validate import load_site
    from generator.pages.redirects import moved_pages, redirect_files

    publications = minimal / "content/publications.yml"
    publications.write_text(publications.read_text("utf-8").replace(
        "title: Le regard de…", 'title: "Le <regard> & co"'), "utf-8")
    assert main(["--root", str(minimal), "rename", "publication", "hors-serie", "hs"]) == 0
    site = load_site(minimal)
    assert [(m.old, m.new) for m in moved_pages(site)] == [
        ("publications/hors-serie/article-1.md", "publications/hs/article-1.md"),
        ("publications/hors-serie/article-2.md", "publications/hs/article-2.md")]
    files = {f.path: f.text for f in redirect_files(site)}
    page = files["publications/hors-serie/article-2/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../../hs/article-2/">' in page
    assert '<a href="../../hs/article-2/">Le &lt;regard&gt; &amp; co</a>' in page


@pytest.mark.build
def test_a_hand_written_link_to_a_former_anchor_passes_the_check_and_the_strict_build(
        tmp_path, capsys):
    from .frozen_content import make_project
    from .support import mkdocs_build

    root = make_project(tmp_path / "projet")
    page = root / "content/pages/programme/figures.md"
    before = page.read_text("utf-8")
    assert "](../chronologie/index.md#figures-ect)" in before
    assert main(["--root", str(root), "rename", "event", "figures-ect", "focus-figures-ect"]) == 0
    # A link written before the rename, or by hand, keeps its old anchor.
    page.write_text(before, "utf-8")
    assert main(["--root", str(root), "check"]) == 0
    mkdocs_build(root, tmp_path / "site")
    built = (tmp_path / "site/programme/figures/index.html").read_text("utf-8")
    assert 'href="../../chronologie/#figures-ect"' in built
