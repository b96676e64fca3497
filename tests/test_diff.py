"""`regard diff REF`: what a change does to the site, in French, from the two models.

Fixture pairs are copies of tests/fixtures/minimal, one of them edited; the git path runs
on a repository made in tmp_path."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main
from generator.commands.diff import compare, to_markdown
from generator.content.validate import load_site

from .support import (
    MINIMAL,
    NEW_EVENT,
    NEW_PROJECT,
    NEW_PROJECT_CHANGES,
    append,
    commit_all,
    content_repo,
    edit,
    git,
)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    target = tmp_path / "base"
    shutil.copytree(MINIMAL, target)
    return target


def summary(base: Path, head: Path, ref: str = "origin/main") -> str:
    return to_markdown(compare(load_site(base), load_site(head), base, head), ref)


def test_no_change_says_the_site_stays_the_same(base, minimal):
    assert summary(base, minimal) == (
        "## Ce que cette demande change sur le site\n"
        "\n"
        "Aucun changement de contenu par rapport à `origin/main` : le site reste le même.\n")


def test_an_added_event_is_named_with_its_title_and_id(base, minimal):
    append(minimal, "timeline.yml", NEW_EVENT)
    assert summary(base, minimal) == (
        "## Ce que cette demande change sur le site\n"
        "\n"
        "Par rapport à `origin/main` : 1 événement (1 ajouté).\n"
        "\n"
        "### Événements\n"
        "\n"
        "- **Ajouté** : « Sortie terrain Filière bois » (`sortie-bois`)\n")


def test_a_changed_event_lists_the_fields_that_changed_with_short_values(base, minimal):
    edit(minimal, "timeline.yml", "date: 2023-03", "date: 2023-04")
    edit(minimal, "timeline.yml", "summary: Les terrains sont sélectionnés",
         "summary: Les terrains sont choisis")
    edit(minimal, "timeline.yml", "people: [ada-martin]", "people: [jean-de-la-roche]")
    assert summary(base, minimal).splitlines()[2:] == [
        "Par rapport à `origin/main` : 2 événements (2 modifiés).",
        "",
        "### Événements",
        "",
        "- **Modifié** : « Lancement des terrains » (`lancement`) — date (`2023-03` → "
        "`2023-04`), résumé (`Les terrains sont sélectionnés ; l'ECT se précise.` → "
        "`Les terrains sont choisis ; l'ECT se précise.`)",
        "- **Modifié** : « Naissance » (`naissance`) — personnes (+ `jean-de-la-roche`, − "
        "`ada-martin`)",
    ]


def test_a_long_text_is_named_not_quoted(base, minimal):
    edit(minimal, "content/glossary.yml", "text: Première définition.",
         "text: Une première définition, nettement plus longue, qui ne tiendrait pas sur "
         "une ligne du résumé.")
    assert summary(base, minimal).splitlines()[-1] == (
        "- **Modifié** : « Entrepreneuriat Coopératif Territorial » (`ect`) — définitions")


def test_removed_records_and_a_removed_page(base, minimal):
    # The base has records the working tree no longer has.
    append(base, "timeline.yml", NEW_EVENT)
    append(base, "content/people.yml", "  - id: jeanne-dupont\n    name: Jeanne Dupont\n")
    edit(base, "content/committees.yml", "      - people: [ada-martin]\n",
         "      - people: [ada-martin, jeanne-dupont]\n")
    lines = summary(base, minimal).splitlines()
    assert lines[2:] == [
        "Par rapport à `origin/main` : 1 événement (1 retiré), 1 personne (1 retirée), "
        "1 comité (1 modifié) ; 1 page retirée.",
        "",
        "### Événements",
        "",
        "- **Retiré** : « Sortie terrain Filière bois » (`sortie-bois`)",
        "",
        "### Personnes",
        "",
        "- **Retirée** : « Jeanne Dupont » (`jeanne-dupont`)",
        "",
        "### Comités",
        "",
        "- **Modifié** : « Comité de suivi » (`suivi`) — membres",
        "",
        "### Pages",
        "",
        "- **Retirée** : `/personnes/jeanne-dupont/`",
    ]


def test_an_id_and_a_title_both_changed_is_one_record_removed_and_one_added(base, minimal):
    edit(minimal, "timeline.yml", "  - id: lancement", "  - id: lancement-bis")
    edit(minimal, "timeline.yml", "title: Lancement des terrains", "title: Lancement")
    lines = summary(base, minimal).splitlines()
    assert lines[2] == "Par rapport à `origin/main` : 2 événements (1 ajouté, 1 retiré)."
    assert lines[-2:] == ["- **Ajouté** : « Lancement » (`lancement-bis`)",
                          "- **Retiré** : « Lancement des terrains » (`lancement`)"]


def test_an_id_changed_under_the_same_title_is_a_renamed_record(base, minimal):
    edit(minimal, "timeline.yml", "  - id: lancement", "  - id: lancement-terrains")
    assert summary(base, minimal).splitlines()[2:] == [
        "Par rapport à `origin/main` : 1 événement (1 renommé).",
        "",
        "### Événements",
        "",
        "- **Identifiant changé** : « Lancement des terrains » (`lancement` → "
        "`lancement-terrains`) ; les liens vers l'ancien identifiant ne mèneront plus à "
        "cette fiche",
    ]


def test_a_rename_that_keeps_its_former_id_says_the_old_links_still_work(base, minimal):
    edit(minimal, "timeline.yml", "  - id: lancement",
         "  - id: lancement-terrains\n    former_ids: [lancement]")
    assert summary(base, minimal).splitlines()[2:] == [
        "Par rapport à `origin/main` : 1 événement (1 renommé).",
        "",
        "### Événements",
        "",
        "- **Identifiant changé** : « Lancement des terrains » (`lancement` → "
        "`lancement-terrains`) ; l'ancien identifiant est dans former_ids : les anciens liens "
        "mènent encore à cette fiche",
    ]


def test_a_new_project_sheet_adds_its_page(base, minimal):
    (minimal / "content/projects/beta.yml").write_text(NEW_PROJECT, "utf-8")
    assert summary(base, minimal).splitlines()[2:] == [
        "Par rapport à `origin/main` : 1 terrain (1 ajouté) ; 1 page ajoutée.",
        *NEW_PROJECT_CHANGES,
    ]


def test_people_terms_publications_and_the_home_page(base, minimal):
    edit(minimal, "content/people.yml", "role: Présidente", "role: Vice-présidente")
    edit(minimal, "content/glossary.yml", "  - id: terrain-miroir\n    term: Terrain miroir",
         "  - id: terrain-miroir\n    term: Terrain-miroir")
    append(minimal, "content/publications.yml",
           "  - id: cahier\n    title: Le cahier\n    status: en préparation\n")
    edit(minimal, "content/home.yml", "tagline: Un pôle de R&D", "tagline: Un pôle R&D")
    lines = summary(base, minimal).splitlines()
    assert lines[2] == ("Par rapport à `origin/main` : 1 terme (1 modifié), 1 personne "
                        "(1 modifiée), 1 publication (1 ajoutée), texte de l'accueil modifié.")
    for line in [
        "### Glossaire",
        "- **Modifié** : « Terrain-miroir » (`terrain-miroir`) — terme (`Terrain miroir` → "
        "`Terrain-miroir`)",
        "### Personnes",
        "- **Modifiée** : « Ada Martin » (`ada-martin`) — rôle (`Présidente` → "
        "`Vice-présidente`)",
        "### Publications",
        "- **Ajoutée** : « Le cahier » (`cahier`)",
        "### Page d'accueil",
        "- **Modifié** : accroche (`Un pôle de R&D` → `Un pôle R&D`)",
    ]:
        assert line in lines


def test_hand_written_pages_added_and_edited(base, minimal):
    append(minimal, "content/pages/programme/hypotheses.md", "\nUne hypothèse de plus.\n")
    (minimal / "content/pages/rencontres.md").write_text("# Rencontres\n", "utf-8")
    assert summary(base, minimal).splitlines()[2:] == [
        "Par rapport à `origin/main` : 1 page ajoutée, 1 page écrite à la main modifiée.",
        "",
        "### Pages",
        "",
        "- **Ajoutée** : `/rencontres/`",
        "- **Modifiée** (écrite à la main) : `/programme/hypotheses/`",
    ]


def test_titles_are_shown_as_text_never_as_markup(base, minimal):
    hostile = '"<img src=x onerror=alert(1)> *gras* [lien](javascript:x) `"'
    append(minimal, "timeline.yml", NEW_EVENT.replace("Sortie terrain Filière bois", hostile))
    line = summary(base, minimal).splitlines()[-1]
    assert line == ("- **Ajouté** : « \\<img src=x onerror=alert(1)\\> \\*gras\\* "
                    "\\[lien\\](javascript:x) \\` » (`sortie-bois`)")


# --- the base read from git -------------------------------------------------------------

@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit is the minimal content."""
    return content_repo(tmp_path)


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def test_the_base_is_read_from_git_and_compared_with_the_working_tree(repo, capsys):
    append(repo, "timeline.yml", NEW_EVENT)
    before = digest(repo)
    assert main(["--root", str(repo), "diff", "main"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[2:] == [
        "Par rapport à `main` : 1 événement (1 ajouté).",
        "",
        "### Événements",
        "",
        "- **Ajouté** : « Sortie terrain Filière bois » (`sortie-bois`)",
    ]
    assert err == ""
    assert digest(repo) == before, "diff modified the working tree"
    assert git(repo, "status", "--porcelain") == " M timeline.yml\n"


def test_a_content_folder_below_the_repository_root(tmp_path, capsys):
    top = tmp_path / "depot"
    shutil.copytree(MINIMAL, top / "site")
    git(top, "init", "-q", "-b", "main")
    commit_all(top, "contenu")
    (top / "site/content/projects/beta.yml").write_text(NEW_PROJECT, "utf-8")
    commit_all(top, "terrain beta")
    assert main(["--root", str(top / "site"), "diff", "HEAD~1"]) == 0
    assert "- **Ajouté** : « Projet Bêta » (`beta`)" in capsys.readouterr().out


def test_an_unknown_ref_is_a_french_message(repo, capsys):
    assert main(["--root", str(repo), "diff", "origin/main"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ("erreur : référence git « origin/main » introuvable : vérifiez son nom (par "
                   "exemple origin/main) ; dans GitHub Actions, la copie doit avoir "
                   "l'historique (actions/checkout avec fetch-depth: 0)\n")


def test_a_base_without_content_is_a_french_message(tmp_path, capsys):
    repo = tmp_path / "depot"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("# Dépôt\n", "utf-8")
    commit_all(repo, "début")
    shutil.copytree(MINIMAL, repo, dirs_exist_ok=True)
    assert main(["--root", str(repo), "diff", "main"]) == 1
    short = git(repo, "rev-parse", "--short", "main").strip()
    assert capsys.readouterr().err == (
        f"erreur : la branche main (commit {short}) ne contient pas de contenu RegarD (ni "
        "timeline.yml ni content/) : rien à comparer\n")


def test_an_invalid_base_is_a_french_message_not_a_traceback(repo, capsys):
    edit(repo, "timeline.yml", "date: 2023-03", "date: 2023-13")
    commit_all(repo, "date cassée")
    edit(repo, "timeline.yml", "date: 2023-13", "date: 2023-03")
    assert main(["--root", str(repo), "diff", "HEAD"]) == 1
    err = capsys.readouterr().err
    short = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert err.startswith(f"erreur : le contenu du commit {short} « date cassée » est invalide "
                          "(1 erreur ; la première : timeline.yml:19:11: ")
    assert err.endswith(") : la comparaison est impossible tant que cette base n'est pas "
                        "corrigée\n")
    assert "Traceback" not in err


def test_a_base_with_a_link_out_of_the_content_is_not_followed(repo, capsys):
    (repo / "content/pages/secret.md").symlink_to("/etc/hostname")
    commit_all(repo, "lien")
    (repo / "content/pages/secret.md").unlink()
    assert main(["--root", str(repo), "diff", "HEAD"]) == 1
    short = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert capsys.readouterr().err == (
        f"erreur : le contenu du commit {short} « lien » contient « content/pages/secret.md », "
        "un lien qui mène "
        "hors du contenu : il n'est pas lu\n")


def test_an_invalid_working_tree_sends_to_regard_check(repo, capsys):
    edit(repo, "timeline.yml", "date: 2023-03", "date: 2023-13")
    assert main(["--root", str(repo), "diff", "main"]) == 1
    assert capsys.readouterr().err == ("erreur : le contenu de la copie de travail a 1 "
                                       "erreur : lancez regard check pour les voir\n")


def test_outside_a_git_repository(minimal, capsys):
    assert main(["--root", str(minimal), "diff", "main"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("erreur : ") and "n'est pas dans un dépôt git" in err


def test_github_format_appends_the_summary_and_warns_when_it_cannot_compare(
        repo, tmp_path, monkeypatch, capsys):
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("## Avant\n", "utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    append(repo, "timeline.yml", NEW_EVENT)
    assert main(["--root", str(repo), "diff", "main", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert summary_file.read_text("utf-8") == "## Avant\n" + out
    assert "« Sortie terrain Filière bois »" in out

    assert main(["--root", str(repo), "diff", "nulle-part", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("::warning title=Comparaison impossible::référence git "
                          "« nulle-part » introuvable")
    assert summary_file.read_text("utf-8").endswith(
        "## Ce que cette demande change sur le site\n\nComparaison impossible : référence "
        "git « nulle-part » introuvable : vérifiez son nom (par exemple origin/main) ; dans "
        "GitHub Actions, la copie doit avoir l'historique (actions/checkout avec "
        "fetch-depth: 0).\n")
