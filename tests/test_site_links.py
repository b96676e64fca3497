"""Links to the site in a YAML text (a summary, a definition): written from the site's root,
checked by `regard check` at the link itself, and written from each page the text shows on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.pages import build_pages
from generator.problems import ContentError
from generator.validate import load_site, site_link_problem

from .conftest import ROOT

SUMMARY = "    summary: Les terrains sont sélectionnés ; l'ECT se précise.\n"


def _with_summary(root: Path, text: str) -> None:
    timeline = root / "timeline.yml"
    source = timeline.read_text("utf-8")
    assert SUMMARY in source
    timeline.write_text(source.replace(SUMMARY, f"    summary: {text}\n"), "utf-8")


def _errors(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(root)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(("written", "message"), [
    ("../publications/", "ce texte s'affiche sur des pages de profondeurs différentes ; "
     "écrivez le chemin depuis la racine du site, sans « ../ » ni « / » au début : "
     "« publications/ »"),
    ("/glossaire/#ptce", "ce texte s'affiche sur des pages de profondeurs différentes ; "
     "écrivez le chemin depuis la racine du site, sans « ../ » ni « / » au début : "
     "« glossaire/#ptce »"),
    ("#ptce", "ce texte s'affiche sur plusieurs pages ; écrivez la page avant l'ancre, depuis "
     "la racine du site (par exemple « glossaire/#ptce »)"),
    ("publication/", "aucune page ni aucun fichier du site à ce chemin (les chemins partent de "
     "la racine du site : « publications/ », « glossaire/#ptce », « programme/hypotheses.md »)"),
    ("terrains/beta/", "aucune page ni aucun fichier du site à ce chemin (les chemins partent "
     "de la racine du site : « publications/ », « glossaire/#ptce », "
     "« programme/hypotheses.md »)"),
])
def test_a_link_that_would_break_is_one_error_at_the_link(minimal, written, message):
    _with_summary(minimal, f"Voir [la page]({written}) pour la suite.")
    lines = (minimal / "timeline.yml").read_text("utf-8").splitlines()
    line = lines.index(f"    summary: Voir [la page]({written}) pour la suite.") + 1
    column = len("    summary: Voir [la page](") + 1
    assert _errors(minimal) == [f"timeline.yml:{line}:{column}: lien « {written} » : {message}"]


@pytest.mark.parametrize("written", [
    "publications/", "publications/index.md", "glossaire/#ptce", "programme/index.md",
    "programme/", "programme/figures.md", "terrains/alpha/", "terrains/alpha.md",
    "personnes/ada-martin/", "media/journees.png", "index.md", "donnees/",
    "https://example.org/page", "mailto:contact@example.org",
])
def test_a_link_to_a_page_or_file_of_the_site_is_accepted(minimal, written):
    _with_summary(minimal, f"Voir [la page]({written}).")
    load_site(minimal)


def test_a_link_is_written_from_each_page_the_text_shows_on(minimal):
    _with_summary(minimal, "Voir les [publications](publications/), [le PTCE](glossaire/#ptce) "
                           "et ![le plan](media/journees.png).")
    site = load_site(minimal)
    pages = {p.path: p.markdown for p in build_pages(site, chronology_limit=1)}
    shown = {path: re.findall(r'(?:href|src)="([^"]*(?:publications/|ptce|journees)[^"]*)"',
                              markdown.split('id="lancement"', 1)[1].split("</article>", 1)[0])
             for path, markdown in pages.items() if 'id="lancement"' in markdown}
    # A split chronology: the event is on its year's page, one folder deeper.
    assert shown == {"chronologie/2023.md": ["../../publications/", "../../glossaire/#ptce",
                                             "../../media/journees.png"]}


def test_every_page_the_generator_writes_is_a_page_a_text_may_link_to():
    site = load_site(ROOT)
    records: dict[str, set[str] | None] = {
        "terrains": set(site.projects), "personnes": set(site.people),
        "publications": {p.id for p in site.publications}}
    paths = [p.path for p in build_pages(site)]
    assert paths and not [p for p in paths if site_link_problem(ROOT, p, records)]
    assert site_link_problem(ROOT, "nulle-part/", records)
