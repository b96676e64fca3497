"""`regard check-site SITE`: a built site is whole when every record of the content has its
page or its anchor, reached from its index, and every link inside the site leads to a page,
a file and an anchor that exist. Each kind of break is made on a copy of the frozen site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main

from .support import ROOT, as_project, mkdocs_build, with_page_limit


def check_site(root: Path, site: Path, capsys: pytest.CaptureFixture[str]
               ) -> tuple[int, list[str], str]:
    capsys.readouterr()
    status = main(["--root", str(root), "check-site", str(site)])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


@pytest.fixture
def site(frozen_site: Path, tmp_path: Path) -> Path:
    """A writable copy of the frozen site."""
    return Path(shutil.copytree(frozen_site, tmp_path / "site"))


def edit(page: Path, old: str, new: str) -> None:
    html = page.read_text("utf-8")
    assert old in html, old
    page.write_text(html.replace(old, new), "utf-8")


def test_the_frozen_site_is_whole(frozen_project, frozen_site, capsys):
    status, printed, err = check_site(frozen_project, frozen_site, capsys)
    assert (status, printed) == (0, [])
    found = re.fullmatch(r"Site complet : (\d+) pages, (\d+) liens vérifiés\.\n", err)
    assert found and int(found[1]) > 70 and int(found[2]) > 1000


def test_a_missing_record_page_is_told_with_the_links_that_led_to_it(frozen_project, site,
                                                                    capsys):
    shutil.rmtree(site / "terrains" / "chatel")
    status, printed, err = check_site(frozen_project, site, capsys)
    assert status == 1
    assert printed[0] == (f"{site}/terrains/chatel/index.html : page absente pour le terrain "
                          "« chatel » (content/projects/chatel.yml, ligne 2)")
    assert f"{site}/terrains/index.html : lien « chatel/ » : aucune page ni aucun fichier à " \
           "cette adresse" in printed
    assert err == (f"{len(printed)} problèmes dans le site construit {site} : il n'est pas "
                   "complet.\n")


def test_a_page_its_index_does_not_link_to_is_unreachable(frozen_project, site, capsys):
    edit(site / "personnes" / "index.html", 'href="marie-ferru/"', 'href="../"')
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    line = (f"{site}/personnes/index.html : aucun lien vers la page de la personne "
            "« marie-ferru » (content/people.yml, ligne {}) (personnes/marie-ferru/index.html)")
    people = (frozen_project / "content" / "people.yml").read_text("utf-8").splitlines()
    assert printed == [line.format(people.index("  - id: marie-ferru") + 1)]


def test_a_missing_anchor_of_a_record_and_the_links_to_it(frozen_project, site, capsys):
    edit(site / "glossaire" / "index.html", 'id="ect"', 'id="ect-2"')
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    assert printed[0].startswith(f"{site}/glossaire/index.html : pas d'ancre « #ect » pour le "
                                 "terme « ect » (content/glossary.yml, ligne ")
    assert f"{site}/glossaire/index.html : lien « #ect » : pas d'ancre « #ect » dans " \
           "glossaire/index.html" in printed
    assert f"{site}/chronologie/index.html : lien « ../glossaire/#ect » : pas d'ancre « #ect » " \
           "dans glossaire/index.html" in printed


def test_an_event_on_no_chronology_page(frozen_project, site, capsys):
    edit(site / "chronologie" / "index.html", 'id="sortie-terrain-chatel"', 'id="sortie"')
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    assert printed[0].startswith(f"{site}/chronologie : l'événement « sortie-terrain-chatel » "
                                 "(timeline.yml, ligne ")
    assert printed[0].endswith(") n'est sur aucune page de la chronologie")


def test_an_event_page_missing_or_not_linked_from_the_chronology(frozen_project, site, capsys):
    line = (frozen_project / "timeline.yml").read_text("utf-8").splitlines().index(
        "  - id: sortie-terrain-chatel") + 1
    where = f"« sortie-terrain-chatel » (timeline.yml, ligne {line})"
    chronology = site / "chronologie" / "index.html"
    edit(chronology, 'href="../evenements/sortie-terrain-chatel/"', 'href="./"')
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert (status, printed) == (1, [
        f"{site}/chronologie : aucun lien de la chronologie vers la page de l'événement "
        f"{where} (evenements/sortie-terrain-chatel/index.html)"])
    shutil.rmtree(site / "evenements" / "sortie-terrain-chatel")
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    assert printed[0] == (f"{site}/evenements/sortie-terrain-chatel/index.html : page absente "
                          f"pour l'événement {where}")


def test_links_that_leave_the_site_by_a_path_are_problems_and_other_sites_are_not(
        frozen_project, site, capsys):
    edit(site / "programme" / "index.html", "</article>",
         '<a href="/ailleurs/">a</a><a href="../../../etc/">b</a><a href="/regard/absent/">c'
         '</a><a href="https://clus-ter-jura.github.io/regard/terrains/#nulle-part">d</a>'
         '<a href="https://example.org/absent/">e</a><a href="mailto:x@example.org">f</a>'
         '<img src="../media/absente.png" alt=""><a href="../donnees/evenements.csv">g</a>'
         '<a href="../chronologie/?terrain=chatel#annee-2023">h</a></article>')
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    page = f"{site}/programme/index.html"
    assert printed == [
        f"{page} : lien « /ailleurs/ » : chemin absolu hors du site (le site est publié sous "
        "/regard/)",
        f"{page} : lien « ../../../etc/ » : chemin qui sort du site",
        f"{page} : lien « /regard/absent/ » : aucune page ni aucun fichier à cette adresse",
        f"{page} : lien « https://clus-ter-jura.github.io/regard/terrains/#nulle-part » : pas "
        "d'ancre « #nulle-part » dans terrains/index.html",
        f"{page} : lien « ../media/absente.png » : aucune page ni aucun fichier à cette "
        "adresse",
    ]


def test_a_hand_written_page_that_was_not_built(frozen_project, site, capsys):
    shutil.rmtree(site / "programme" / "hypotheses")
    status, printed, _ = check_site(frozen_project, site, capsys)
    assert status == 1
    assert printed[0] == (f"{site}/programme/hypotheses/index.html : page absente pour "
                          "content/pages/programme/hypotheses.md")


@pytest.mark.build
def test_a_split_chronology_is_whole(tmp_path, minimal, capsys):
    as_project(minimal)
    with_page_limit(minimal, 1)
    mkdocs_build(minimal, tmp_path / "site")
    status, printed, _ = check_site(minimal, tmp_path / "site", capsys)
    assert (status, printed) == (0, [])


def test_invalid_content_or_no_site_is_said_in_french(tmp_path, minimal, frozen_site, capsys):
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    status, printed, err = check_site(minimal, frozen_site, capsys)
    assert (status, printed) == (1, [])
    assert err == "erreur : le contenu a 1 erreur : lancez regard check pour les voir\n"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(ROOT),
                             "check-site", str(tmp_path / "absent")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.endswith(f"regard : erreur : {tmp_path / 'absent'} n'est pas un "
                                  "dossier : construisez d'abord le site (mkdocs build)\n")
