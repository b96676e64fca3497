"""`regard preview`: which pages a change affects, in which order, and the page written
when no browser can photograph them.

Each case is a git repository made in tmp_path from tests/fixtures/minimal, whose working
tree is then edited, as in tests/test_diff.py. The shots themselves are tested in
tests/browser/test_preview_page.py."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from generator.commands.affected_pages import INDIRECT, NEIGHBOUR, AffectedPage, affected_pages
from generator.commands.cli import main
from generator.commands.diff import compare_against
from generator.commands.preview_page import MAX_SHOTS

from .support import NEW_EVENT, append, build_site, commit_all, content_repo, edit, git, person


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return content_repo(tmp_path)


def pages_of(repo: Path, ref: str = "main") -> list[AffectedPage]:
    return affected_pages(compare_against(repo, ref))


def test_an_edited_event_is_shown_at_its_places_then_the_pages_that_list_it(repo):
    edit(repo, "timeline.yml", "title: Lancement des terrains", "title: Lancement révisé")
    assert pages_of(repo) == [
        AffectedPage("chronologie/index.md", "changed", True, "lancement",
                     ("Événement modifié : « Lancement révisé »",)),
        AffectedPage("evenements/lancement.md", "changed", True, None,
                     ("Événement modifié : « Lancement révisé »",)),
        AffectedPage("terrains/alpha.md", "changed", False, None, (INDIRECT,)),
        # Its neighbours in time: their « Précédent / Suivant » links show its title.
        AffectedPage("evenements/naissance.md", "changed", False, None, (NEIGHBOUR,)),
        AffectedPage("evenements/journees.md", "changed", False, None, (NEIGHBOUR,)),
    ]


def test_an_added_event_shows_its_new_page_and_lists_its_neighbour(repo):
    append(repo, "timeline.yml", NEW_EVENT)
    pages = pages_of(repo)
    assert [(p.path, p.status, p.direct) for p in pages if p.direct] == [
        ("chronologie/index.md", "changed", True),
        ("evenements/sortie-bois.md", "added", True),
    ]
    assert pages[1].reasons == ("Événement ajouté : « Sortie terrain Filière bois »",)
    # The latest event until now: its « Suivant » link now leads to the new one.
    assert AffectedPage("evenements/journees.md", "changed", False, None,
                        (NEIGHBOUR,)) in pages
    assert "evenements/naissance.md" not in [p.path for p in pages]


def test_a_removed_event_page_is_a_removed_page(repo):
    append(repo, "timeline.yml", NEW_EVENT)
    commit_all(repo, "un événement de plus")
    edit(repo, "timeline.yml", NEW_EVENT, "")
    pages = pages_of(repo, "HEAD")
    assert pages[0] == AffectedPage("chronologie/index.md", "changed", True, None,
                                    ("Événement retiré : « Sortie terrain Filière bois »",))
    assert AffectedPage("evenements/journees.md", "changed", False, None,
                        (NEIGHBOUR,)) in pages
    assert pages[-1] == AffectedPage("evenements/sortie-bois.md", "removed", True, None,
                                     ("Page retirée",))


def test_an_added_person_comes_first_with_their_page_then_the_lists(repo):
    append(repo, "content/people.yml", person(1))
    edit(repo, "timeline.yml", "people: [ada-martin]", "people: [ada-martin, personne-01]")
    pages = pages_of(repo)
    assert [(p.path, p.status, p.direct) for p in pages] == [
        ("chronologie/index.md", "changed", True),
        ("evenements/naissance.md", "changed", True),
        ("personnes/personne-01.md", "added", True),
        ("personnes/index.md", "changed", False),
    ]
    assert pages[0].reasons == ("Événement modifié : « Naissance »",)
    assert pages[0].anchor == "naissance"
    assert pages[2].reasons == ("Personne ajoutée : « Personne 01 »",)


def test_a_list_page_that_only_lists_a_change_is_shot_at_the_entry_it_changes(repo):
    # « Le Laboratoire » is the second organisation: its entry now lists the event.
    edit(repo, "timeline.yml", "    projects: [alpha]\n",
         "    projects: [alpha]\n    organisations: [labo]\n")
    pages = {p.path: p for p in pages_of(repo)}
    assert pages["organisations/index.md"] == AffectedPage(
        "organisations/index.md", "changed", False, "labo", (INDIRECT,))


def test_several_changes_on_one_page_are_one_page_with_every_reason(repo):
    edit(repo, "timeline.yml", "title: Naissance", "title: Naissance du programme")
    edit(repo, "timeline.yml", "title: Journées à Dijon", "title: Journées de Dijon")
    edit(repo, "timeline.yml", "label: Éléments théoriques", "label: Théorie")
    [chronology, *others] = pages_of(repo)
    assert chronology == AffectedPage(
        "chronologie/index.md", "changed", True, "naissance",
        ("Événement modifié : « Naissance du programme »",
         "Événement modifié : « Journées de Dijon »",
         "Catégorie modifiée : « Théorie »"))
    assert "chronologie/index.md" not in [p.path for p in others]


def test_removed_pages_come_last_and_the_lists_say_what_left(repo):
    append(repo, "content/people.yml", person(1))
    commit_all(repo, "une personne de plus")
    edit(repo, "content/people.yml", person(1), "")
    edit(repo, "timeline.yml", "  - id: lancement", "  - id: lancement-terrains")
    edit(repo, "timeline.yml", "title: Lancement des terrains", "title: Autre titre")
    pages = pages_of(repo, "HEAD")
    assert pages[0] == AffectedPage(
        "chronologie/index.md", "changed", True, "lancement-terrains",
        ("Événement ajouté : « Autre titre »", "Événement retiré : « Lancement des terrains »"))
    assert pages[1] == AffectedPage("evenements/lancement-terrains.md", "added", True, None,
                                    ("Événement ajouté : « Autre titre »",))
    assert pages[2] == AffectedPage("personnes/index.md", "changed", True, None,
                                    ("Personne retirée : « Personne 01 »",))
    assert pages[-2:] == [
        AffectedPage("personnes/personne-01.md", "removed", True, None, ("Page retirée",)),
        AffectedPage("evenements/lancement.md", "removed", True, None, ("Page retirée",))]


def test_a_renamed_record_and_hand_written_pages(repo):
    edit(repo, "content/glossary.yml", "  - id: terrain-miroir", "  - id: miroir")
    edit(repo, "content/glossary.yml", "see_also: [terrain-miroir]", "see_also: [miroir]")
    append(repo, "content/pages/programme/hypotheses.md", "\nUne hypothèse de plus.\n")
    (repo / "content/pages/rencontres.md").write_text("# Rencontres\n", "utf-8")
    pages = pages_of(repo)
    assert [(p.path, p.status, p.anchor, p.reasons) for p in pages if p.direct] == [
        # The first change's place: the term whose « voir aussi » follows the new id.
        ("glossaire/index.md", "changed", "ect",
         ("Terme modifié : « Entrepreneuriat Coopératif Territorial »",
          "Terme renommé : « Terrain miroir » (ancien identifiant : terrain-miroir)")),
        ("rencontres.md", "added", None, ("Page ajoutée",)),
        ("programme/hypotheses.md", "changed", None, ("Page écrite à la main modifiée",)),
    ]


def test_the_home_page_text_is_the_home_page(repo):
    edit(repo, "content/home.yml", "tagline: Un pôle de R&D", "tagline: Un pôle R&D")
    assert pages_of(repo) == [
        AffectedPage("index.md", "changed", True, None, ("Texte de l'accueil modifié",))]


def test_pages_that_only_list_a_change_follow_in_the_site_order(repo):
    edit(repo, "content/people.yml", "name: Ada Martin", "name: Ada Martín")
    pages = pages_of(repo)
    assert pages[0].path == "personnes/ada-martin.md" and pages[0].direct
    indirect = [p.path for p in pages if not p.direct]
    assert indirect == sorted(indirect, key=_site_order(repo))
    assert {"chronologie/index.md", "comites/index.md", "personnes/index.md",
            "terrains/alpha.md"} <= set(indirect)


def _site_order(repo: Path):
    from generator.content.validate import load_site
    from generator.pages.pages import build_pages

    order = [p.path for p in build_pages(load_site(repo))]
    return order.index


def test_no_change_no_page(repo):
    assert pages_of(repo) == []


# --- the page written without a browser ---------------------------------------------------


@pytest.fixture
def built(repo: Path, tmp_path: Path):
    """Build the repository's working tree as it is when called; returns the site folder."""
    return lambda: build_site(repo, tmp_path / "site")


def run(repo: Path, site: Path, out: Path, *extra: str) -> int:
    return main(["--root", str(repo), "preview", str(site), "--base", "main", "--out",
                 str(out), *extra])


def sections(page: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(r'<section class="page".*?<h2>(.*?)</h2>', page, re.S)]


def test_without_a_browser_the_page_lists_the_pages_and_says_why(
        repo, built, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGARD_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    for n in range(1, MAX_SHOTS + 4):
        append(repo, "content/people.yml", person(n))
    site = built()
    out = tmp_path / "apercu" / "apercu.html"
    assert run(repo, site, out) == 0
    page = out.read_text("utf-8")
    assert len(sections(page)) == MAX_SHOTS
    assert sections(page)[0] == "AjoutéePersonne 01"
    assert "<img" not in page
    assert ("Les captures n'ont pas pu être faites : aucun navigateur Chromium trouvé "
            "(indiquez REGARD_CHROMIUM, ou installez chromium ou google-chrome).") in \
        " ".join(unescape(page).split())
    others = re.search(r'<section id="autres">.*?</section>', page, re.S)
    assert others is not None
    assert "Autres pages touchées (4)" in others[0]
    # 23 person pages added and the people's list changed: the last four are listed.
    for address in ["/regard/personnes/personne-21/", "/regard/personnes/personne-22/",
                    "/regard/personnes/personne-23/", "/regard/personnes/"]:
        assert f"<code class=\"path\">{address}</code>" in others[0]
    out_text, err = capsys.readouterr()
    assert out_text == (f"Aperçu écrit dans {out} ({_size(out)}) : 20 pages, 4 autres pages "
                        "listées, 0 page retirée.\n")
    assert err == ("avertissement : captures impossibles : aucun navigateur Chromium trouvé "
                   "(indiquez REGARD_CHROMIUM, ou installez chromium ou google-chrome)\n")


def _size(path: Path) -> str:
    from generator.pages.french import french_size

    return french_size(path.stat().st_size)


def test_the_step_summary_gets_one_line(repo, built, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("REGARD_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    summary = tmp_path / "summary.md"
    summary.write_text("## Avant\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    edit(repo, "timeline.yml", "title: Lancement des terrains", "title: Lancement révisé")
    assert run(repo, built(), tmp_path / "apercu.html") == 0
    assert summary.read_text("utf-8") == (
        "## Avant\n\nL'aperçu liste 5 pages sans capture (aucun navigateur Chromium trouvé "
        "(indiquez REGARD\\_CHROMIUM, ou installez chromium ou google-chrome)).\n")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY")
    assert run(repo, built(), tmp_path / "apercu.html", "--format", "github") == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("L'aperçu liste 5 pages")


def test_hostile_titles_are_text_in_the_page(repo, built, tmp_path, monkeypatch):
    monkeypatch.setenv("REGARD_CHROMIUM", str(tmp_path / "pas-de-chromium"))
    hostile = "<script>alert(1)</script> \"><svg onload=alert(2)>"
    edit(repo, "timeline.yml", "title: Lancement des terrains", f"title: '{hostile}'")
    out = tmp_path / "apercu.html"
    assert run(repo, built(), out) == 0
    page = out.read_text("utf-8")
    assert "<script" not in page and "<svg" not in page
    assert ("Événement modifié : « &lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;svg "
            "onload=alert(2)&gt; »") in page


def test_a_base_that_cannot_be_compared_writes_a_page_that_says_why(
        repo, built, tmp_path, capsys):
    out = tmp_path / "apercu.html"
    assert main(["--root", str(repo), "preview", str(built()), "--base", "nulle-part",
                 "--out", str(out)]) == 1
    message = ("référence git « nulle-part » introuvable : vérifiez son nom (par exemple "
               "origin/main) ; dans GitHub Actions, la copie doit avoir l'historique "
               "(actions/checkout avec fetch-depth: 0)")
    assert capsys.readouterr().err == f"erreur : {message} ; {out} le dit\n"
    assert f"Aperçu impossible : {message}." in unescape(out.read_text("utf-8"))


def test_a_folder_without_a_built_site_is_a_french_message(repo, tmp_path, capsys):
    out = tmp_path / "apercu.html"
    assert run(repo, tmp_path / "site", out) == 1
    assert capsys.readouterr().err == (
        f"erreur : {tmp_path / 'site'} : aucun site construit (index.html manquant) ; "
        f"construisez-le d'abord avec mkdocs build ; {out} le dit\n")
    # The page names its base as staff can find it in the pull request, not « main » or
    # « HEAD^1 » alone.
    short = git(repo, "rev-parse", "--short", "main").strip()
    assert f"Base de comparaison : la branche main (commit {short})." in \
        unescape(out.read_text("utf-8"))


def test_an_invalid_working_tree_sends_to_regard_check(repo, built, tmp_path, capsys):
    site = built()
    edit(repo, "timeline.yml", "date: 2023-03", "date: 2023-13")
    out = tmp_path / "apercu.html"
    assert run(repo, site, out) == 1
    message = "le contenu de la copie de travail a 1 erreur : lancez regard check pour les voir"
    assert capsys.readouterr().err == f"erreur : {message} ; {out} le dit\n"
    assert f"Aperçu impossible : {message}." in unescape(out.read_text("utf-8"))
