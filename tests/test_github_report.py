"""What staff read of a pull request's checks in GitHub Actions: every problem on its line
(GitHub shows ten: a notice says where the rest are), a summary that says what was checked
and never « aucune erreur » on a run the build then fails, and what to do next."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.commands.cli import main
from generator.engines import page_links

from .support import mkdocs_build

PAGE = "content/pages/programme/index.md"


@pytest.fixture
def actions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A run of a pull request's workflow: its summary file."""
    summary = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    return summary


def _break_links(root: Path, count: int) -> None:
    page = root / PAGE
    links = "\n\n".join(f"Voir [la page {n}](absente-{n}.md)." for n in range(count))
    page.write_text(page.read_text("utf-8") + f"\n{links}\n", "utf-8")


def test_a_valid_content_s_summary_says_what_was_checked_not_aucune_erreur(
        minimal_project, actions, capsys):
    assert main(["--root", str(minimal_project), "check", "--format", "github"]) == 0
    assert capsys.readouterr().out == ""
    text = actions.read_text("utf-8")
    assert text.splitlines()[:3] == [
        "## Vérification du contenu : valide, sans avertissement", "",
        "Vérifiés : les fichiers du contenu (timeline.yml, content/), les liens et les ancres "
        "des pages écrites à la main et du guide, et la navigation de mkdocs.yml. La "
        "construction du site, à l'étape suivante, ajoute son propre compte rendu si elle "
        "échoue."]
    assert "aucune erreur" not in text


def test_a_broken_link_is_an_annotation_at_its_line_and_the_summary_says_what_to_do(
        minimal_project, actions, capsys):
    _break_links(minimal_project, 1)
    assert main(["--root", str(minimal_project), "check", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"::error file={PAGE},line=5,col=18,title=Erreur de contenu::le lien « absente-0.md » "
        "ne mène à aucune page du site (cherchée : content/pages/programme/absente-0.md)"]
    what_to_do = ("sur la branche de cette demande (le crayon « Edit this file » du fichier, "
                  "puis « Commit changes… » sur la même branche) : la vérification se relance "
                  "d'elle-même à chaque commit")
    assert err == f"1 erreur : corrigez-la {what_to_do}.\n"
    text = actions.read_text("utf-8")
    assert f"| `{PAGE}` | 5 | 18 | le lien « absente-0.md » ne mène à aucune page" in text
    assert text.rstrip("\n").endswith(f"**Que faire** : Corrigez-la {what_to_do}.")


def test_on_main_the_fix_goes_through_a_new_pull_request(minimal_project, actions, capsys,
                                                         monkeypatch):
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    _break_links(minimal_project, 2)
    assert main(["--root", str(minimal_project), "check", "--format", "github"]) == 1
    assert capsys.readouterr().err == (
        "2 erreurs : corrigez-les par une nouvelle demande de modification : le site publié "
        "reste la dernière version valide.\n")


@pytest.mark.parametrize(("count", "notice"), [(10, False), (11, True)])
def test_above_ten_problems_one_notice_says_where_the_full_list_is(
        minimal_project, actions, capsys, count, notice):
    _break_links(minimal_project, count)
    assert main(["--root", str(minimal_project), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    notices = [line for line in lines if line.startswith("::notice")]
    assert len([line for line in lines if line.startswith("::error")]) == count
    if not notice:
        assert notices == []
        return
    assert notices == [
        "::notice title=Liste complète dans le résumé::11 erreurs et aucun avertissement : "
        "GitHub n'en montre que 10 de chaque sorte sur les lignes de la demande. La liste "
        "complète est dans le résumé de l'exécution (onglet « Summary » de la vérification)."]
    assert lines[0] == notices[0]  # before the annotations, which GitHub may cut
    assert actions.read_text("utf-8").count(f"| `{PAGE}` |") == count


def test_outside_github_actions_the_check_is_run_again_by_hand(minimal_project, capsys):
    _break_links(minimal_project, 1)
    assert main(["--root", str(minimal_project), "check"]) == 1
    assert capsys.readouterr().err == "1 erreur : corrigez-la puis relancez la vérification.\n"


# --- The build's own section -------------------------------------------------------------


def _failed_build(root: Path) -> None:
    with pytest.raises(Abort):
        mkdocs_build(root, root / "site")


@pytest.mark.build
def test_a_failed_build_adds_its_section_and_does_not_repeat_what_check_said(
        minimal_project, actions, capsys):
    _break_links(minimal_project, 1)
    main(["--root", str(minimal_project), "check", "--format", "github"])
    capsys.readouterr()
    _failed_build(minimal_project)
    assert capsys.readouterr().out == ""  # check put it on its line already
    build = actions.read_text("utf-8").split("## Construction du site : échec\n", 1)[1]
    assert build.splitlines() == [
        "",
        "La construction stricte du site s'est arrêtée sur 1 problème.",
        "Il est aussi dans « Vérification du contenu » ci-dessus.",
        "",
        "| Fichier | Ligne | Colonne | Message |",
        "| --- | --- | --- | --- |",
        f"| `{PAGE}` | 5 | 18 | le lien « absente-0.md » ne mène à aucune page du site "
        "(cherchée : content/pages/programme/absente-0.md) |",
        "",
        "**Que faire** : Corrigez-la sur la branche de cette demande (le crayon « Edit this "
        "file » du fichier, puis « Commit changes… » sur la même branche) : la vérification se "
        "relance d'elle-même à chaque commit.",
    ]


@pytest.mark.build
def test_what_only_the_build_finds_is_an_annotation_at_its_line(
        minimal_project, actions, capsys, monkeypatch):
    # A check that would miss the link: the build puts it on its line itself.
    monkeypatch.setattr(page_links, "check", lambda root, site, config_file=None: [])
    _break_links(minimal_project, 1)
    _failed_build(minimal_project)
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={PAGE},line=5,col=18,title=Erreur de contenu::le lien « absente-0.md » "
        "ne mène à aucune page du site (cherchée : content/pages/programme/absente-0.md)"]
    text = actions.read_text("utf-8")
    assert "Ceux que seule la construction a trouvés sont signalés sur leurs lignes" in text
    assert "aussi dans « Vérification du contenu »" not in text


@pytest.mark.build
def test_a_build_stopped_by_the_content_sends_to_the_check(minimal_project, actions, capsys):
    timeline = minimal_project / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    with pytest.raises(Abort):
        mkdocs_build(minimal_project, minimal_project / "site")
    assert capsys.readouterr().out == ""
    assert actions.read_text("utf-8").splitlines()[:3] == [
        "## Construction du site : échec", "",
        "La construction s'est arrêtée sur les erreurs du contenu : elles sont listées, "
        "chacune à sa ligne, par « Vérification du contenu » ci-dessus."]


@pytest.mark.build
def test_a_successful_build_adds_nothing(minimal_project, actions, capsys):
    mkdocs_build(minimal_project, minimal_project / "site")
    assert capsys.readouterr().out == ""
    assert not actions.exists()
