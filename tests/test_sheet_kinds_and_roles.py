"""Kinds of project sheet, people featured by an article, alternative spellings of a name.

A case the programme studied without making it a terrain (REBOUCLE in the real content) has a
sheet but is neither counted nor listed as a terrain; a person an article features is not its
author; a name spelt two ways in the source is found under both but shown under one.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.validate import load_site
from generator.pages.pages import build_pages, key_figures


def _add_case_study(root: Path) -> None:
    (root / "content" / "projects" / "omega.yml").write_text(
        "id: omega\nkind: étude de cas\nname: Cas Oméga\nsummary: Un cas étudié.\n"
        "years: [2025]\n", encoding="utf-8")
    timeline = root / "timeline.yml"
    text = timeline.read_text(encoding="utf-8")
    timeline.write_text(text.replace("projects: [alpha]", "projects: [omega, alpha]", 1),
                        encoding="utf-8")


def _pages(root: Path) -> dict[str, str]:
    return {page.path: page.markdown for page in build_pages(load_site(root))}


def test_a_sheet_without_kind_is_a_terrain(minimal):
    assert load_site(minimal).projects["alpha"].kind == "terrain"


def test_a_case_study_is_not_counted_among_the_terrains(minimal):
    _add_case_study(minimal)
    site = load_site(minimal)
    figures = dict((labels[1], value) for value, labels, _ in key_figures(site))
    assert len(site.projects) == 2
    assert figures["terrains de recherche"] == 1
    assert "- [**1** terrain de recherche](terrains/index.md)\n" in _pages(minimal)["index.md"]


def test_the_terrains_index_lists_case_studies_apart(minimal):
    _add_case_study(minimal)
    index = _pages(minimal)["terrains/index.md"]
    intro, cases = index.split("## Étude de cas { #etudes-de-cas }")
    assert "1 projet étudié comme terrains" in intro
    assert "(alpha.md)" in intro and "omega" not in intro
    assert "1 cas étudié par le programme sans être l'un de ses terrains de recherche." in cases
    assert "### [Cas Oméga](omega.md) { #omega }\n\n*Étude de cas 2025 · 1 événement*" in cases


def test_a_case_study_sheet_says_it_is_not_a_terrain(minimal):
    _add_case_study(minimal)
    pages = _pages(minimal)
    assert ("*Étude de cas 2025, hors des terrains de recherche du programme*"
            in pages["terrains/omega.md"])
    assert "*Terrain de recherche 2023, 2024*" in pages["terrains/alpha.md"]


def test_an_event_names_its_terrains_and_its_case_studies_apart_in_its_own_order(minimal):
    _add_case_study(minimal)
    chronology = _pages(minimal)["chronologie/index.md"]
    # (class="rd-t": the names the chronology's text search reads)
    assert ('<dt>Terrains</dt><dd><a class="rd-t" href="../terrains/alpha/">Projet Alpha</a>'
            '</dd><dt>Études de cas</dt><dd><a class="rd-t" href="../terrains/omega/">'
            'Cas Oméga</a></dd>' in chronology)


def test_a_featured_person_is_not_an_author(minimal):
    site = load_site(minimal)
    assert [title for _, title in site.writings_of["jean-de-la-roche"]] == ["Un article"]
    assert [(p.id, a.title) for p, a in site.featured_in["jean-de-la-roche"]] == [
        ("hors-serie", "Le regard de…")]
    person = _pages(minimal)["personnes/jean-de-la-roche.md"]
    publications, featured = person.split("## À l'honneur dans les publications")
    assert "Le regard de" not in publications
    assert "- *Le regard de…*, p. 12 — [Le hors-série]" in featured


def test_alternative_spellings_are_in_the_page_for_search_but_not_as_the_name(minimal):
    person = _pages(minimal)["personnes/jean-de-la-roche.md"]
    assert "# Jean de la Roche\n" in person
    assert ('<p class="rd-visually-hidden">Autres graphies dans la source : Jean Delaroche</p>'
            in person)
    assert "Delaroche" not in _pages(minimal)["personnes/index.md"]


def test_an_alternative_spelling_is_escaped_as_text(minimal):
    people = minimal / "content" / "people.yml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("aliases: [Jean Delaroche]", 'aliases: ["J. <b>Roche</b>"]'),
                      encoding="utf-8")
    person = _pages(minimal)["personnes/jean-de-la-roche.md"]
    assert "Autres graphies dans la source : J. &lt;b&gt;Roche&lt;/b&gt;</p>" in person


def test_a_partial_list_of_articles_says_so(minimal):
    publications = _pages(minimal)["publications/index.md"]
    partial = publications.split("{ #articles-a-venir }")[1]
    complete = publications.split("{ #articles-a-venir }")[0]
    assert "Parmi les sujets traités (liste non exhaustive) :" in partial
    assert "non exhaustive" not in complete
