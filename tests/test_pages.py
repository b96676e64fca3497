"""Golden tests: the minimal fixture in, the expected Markdown of every page kind out.

After an intended change of output, regenerate with
``REGARD_UPDATE_GOLDEN=1 python -m pytest tests/test_pages.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.content.validate import load_site
from generator.pages.french import count_words, french_number
from generator.pages.pages import build_pages
from generator.text.urls import link, nav_home, url_of

from .support import MINIMAL

GOLDEN = Path(__file__).resolve().parent / "golden" / "minimal"
PAGES = {page.path: page for page in build_pages(load_site(MINIMAL))}


def test_every_page_kind_is_generated():
    assert sorted(PAGES) == [
        "chronologie/index.md", "comites/index.md", "evenements/journees.md",
        "evenements/lancement.md", "evenements/naissance.md", "glossaire/index.md", "index.md",
        "organisations/index.md", "personnes/ada-martin.md", "personnes/index.md",
        "personnes/jean-de-la-roche.md", "publications/articles-a-venir/article-1.md",
        "publications/hors-serie/article-1.md", "publications/hors-serie/article-2.md",
        "publications/index.md", "terrains/alpha.md", "terrains/index.md",
    ]


@pytest.mark.parametrize("path", sorted(PAGES))
def test_page_matches_its_golden_file(path):
    golden = GOLDEN / path
    if os.environ.get("REGARD_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(PAGES[path].markdown, encoding="utf-8")
    assert PAGES[path].markdown == golden.read_text(encoding="utf-8")


def test_golden_folder_holds_no_stale_page():
    stale = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} - set(PAGES)
    assert stale == set()


def test_each_generated_page_knows_the_file_its_record_comes_from():
    assert PAGES["terrains/alpha.md"].source == "content/projects/alpha.yml"
    assert PAGES["personnes/ada-martin.md"].source == "content/people.yml"
    assert PAGES["personnes/ada-martin.md"].line == 2
    assert PAGES["chronologie/index.md"].source == "timeline.yml"
    assert PAGES["evenements/naissance.md"].source == "timeline.yml"


@pytest.mark.parametrize(("source", "target", "markdown", "html"), [
    ("chronologie/index.md", "terrains/chatel.md", "../terrains/chatel.md", "../terrains/chatel/"),
    ("chronologie/index.md", "index.md", "../index.md", "../"),
    ("chronologie/index.md", "chronologie/index.md", "index.md", "./"),
    ("index.md", "terrains/index.md", "terrains/index.md", "terrains/"),
    ("terrains/chatel.md", "chronologie/index.md", "../chronologie/index.md",
     "../../chronologie/"),
])
def test_links_are_relative_to_the_page(source, target, markdown, html):
    assert link(source, target) == markdown
    assert link(source, target, html=True) == html


def test_directory_urls():
    assert [url_of(p) for p in ["index.md", "a/index.md", "a/b.md"]] == ["", "a/", "a/b/"]


def test_the_chronology_gives_each_event_what_filtering_will_need():
    chronology = PAGES["chronologie/index.md"].markdown
    assert ('<li class="rd-event" id="journees" data-categories="theory" data-year="2025" '
            'data-projects="" data-people="" data-terms="ect" ') in chronology
    # Under the heading « 2014 », a year-only date does not repeat the year.
    assert "## 2014 { #annee-2014 .rd-year }" in chronology
    assert '<time datetime="2014">dans l\'année</time>' in chronology
    assert ('<time datetime="2025-11-28">28</time> – '
            '<time datetime="2025-11-29">29 novembre</time>') in chronology


def test_list_separators_keep_their_space_between_escaped_names(minimal):
    publications = minimal / "content" / "publications.yml"
    text = publications.read_text(encoding="utf-8")
    publications.write_text(text.replace("authors: [ada-martin]\n        contributors",
                                         "authors: [ada-martin, jean-de-la-roche]\n"
                                         "        contributors", 1), encoding="utf-8")
    page = {p.path: p for p in build_pages(load_site(minimal))}["publications/index.md"]
    assert ("par [Ada Martin](../personnes/ada-martin.md), "
            "[Jean de la Roche](../personnes/jean-de-la-roche.md), avec" in page.markdown)


@pytest.mark.parametrize(("title", "issue", "year", "expected"), [
    # The title says « hors-série » and the issue gives the year: each said once.
    ("Horizons Publics, hors-série : un titre", "hors-série (automne 2025)", 2025,
     "automne 2025"),
    ("Revue", "n° 12", 2024, "n° 12, 2024"),
    ("Revue, n° 12", "n° 12", 2024, "2024"),
    ("Revue", None, 2024, "2024"),
    ("Revue", "printemps 2026", 2026, "printemps 2026"),
    ("Revue", None, None, ""),
])
def test_a_publication_says_its_issue_and_year_once(title, issue, year, expected):
    from types import SimpleNamespace

    from generator.content.dates import PartialDate
    from generator.pages.french import edition

    publication = SimpleNamespace(title=title, issue=issue,
                                  date=PartialDate(year) if year else None)
    assert edition(publication) == expected


@pytest.mark.parametrize(("count", "written"), [
    (0, "0 événement"), (1, "1 événement"), (8, "8 événements"), (999, "999 événements"),
    (1000, "1\u202f000 événements"), (10000, "10\u202f000 événements"),
    (1234567, "1\u202f234\u202f567 événements"),
])
def test_counts_are_written_in_french_with_thousands_apart(count, written):
    assert count_words(count, "événement", "événements") == written
    assert french_number(count) == written.split(" ")[0]


def test_every_record_says_where_it_stands_in_the_chronology_none_included():
    site = load_site(MINIMAL)
    none = "Aucun événement pour l'instant."
    for kind, folder, records in (("project", "terrains", site.projects),
                                  ("person", "personnes", site.people)):
        for record_id in records:
            page = PAGES[f"{folder}/{record_id}.md"].markdown
            assert "## Dans la chronologie" in page
            assert (none in page) == (not site.events_of[f"{kind}:{record_id}"]), record_id
    for kind, path, records in (("term", "glossaire/index.md", site.terms),
                                ("organisation", "organisations/index.md", site.organisations)):
        page = PAGES[path].markdown
        without = [i for i in records if not site.events_of[f"{kind}:{i}"]]
        assert page.count("Dans la chronologie :") == len(records)
        assert page.count("aucun événement pour l'instant.") == len(without)
    assert any(not site.events_of[f"person:{i}"] for i in site.people)  # the case is tried


def _in_the_chronology(markdown: str) -> list[str]:
    """The « Dans la chronologie » parts of a page: a record page's section, or the line of
    each term or organisation."""
    parts = []
    at = markdown.find("## Dans la chronologie")
    if at != -1:
        end = markdown.find("\n## ", at + 1)
        parts.append(markdown[at:end if end != -1 else None])
    parts += [line for line in markdown.splitlines()
              if line.startswith(("*Dans la chronologie :*", "**Dans la chronologie :**"))]
    return parts


def test_records_list_their_events_by_each_events_own_page():
    """« Dans la chronologie » names each event by its page (the address to share and cite),
    not by its card's anchor in the chronology."""
    site = load_site(MINIMAL)
    checked = 0
    for kind, records, page_of in (
            ("project", site.projects, lambda i: f"terrains/{i}.md"),
            ("person", site.people, lambda i: f"personnes/{i}.md"),
            ("term", site.terms, lambda _: "glossaire/index.md"),
            ("organisation", site.organisations, lambda _: "organisations/index.md")):
        for record_id in records:
            path = page_of(record_id)
            text = "\n".join(_in_the_chronology(PAGES[path].markdown))
            for event in site.events_of[f"{kind}:{record_id}"]:
                assert f"]({link(path, f'evenements/{event.id}.md')})" in text, (path, event.id)
                checked += 1
            assert "chronologie/index.md#" not in text, path
    assert checked  # the fixture's records have events


@pytest.mark.parametrize(("path", "home"), [
    ("evenements/naissance.md", "chronologie/index.md"),
    ("chronologie/2019.md", "chronologie/index.md"),
    ("terrains/alpha.md", "terrains/index.md"),
    ("personnes/ada-martin.md", "personnes/index.md"),
    ("publications/hors-serie/article-1.md", "publications/index.md"),
    ("chronologie/index.md", None), ("terrains/index.md", None), ("glossaire/index.md", None),
    ("programme/hypotheses.md", None), ("index.md", None),
])
def test_a_page_out_of_the_navigation_is_shown_under_its_sections_page(path, home):
    assert nav_home(path) == home


MENTIONED = """
  - id: grille
    term: Grille
    mentions:
      - text: "« Il est aussi question de grilles d'analyse. »"
        event: lancement
"""


def _glossary_section(markdown: str, term_id: str) -> str:
    start = markdown.index(f"{{ #{term_id} }}")
    end = markdown.find("\n## ", start)
    return markdown[start:end if end != -1 else None]


def test_a_term_named_without_definition_shows_where_it_is_named_never_as_a_definition(
        minimal):
    glossary = minimal / "content" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + MENTIONED, encoding="utf-8")
    site = load_site(minimal)
    page = next(p for p in build_pages(site) if p.path == "glossaire/index.md").markdown
    section = _glossary_section(page, "grille")
    assert "Définition" not in section
    title = site.event_by_id["lancement"].title
    assert f"**Nommé sans être défini**, lors de : [{title}](" in section
    assert "Il est aussi question de grilles" in section
    # A dated definition names the event where it was set as such.
    ect = _glossary_section(page, "ect")
    dated = next(d for d in site.terms["ect"].definitions if d.event == "journees")
    assert (f"**Définition de {dated.date.french()}**, posée lors de : "
            f"[{site.event_by_id['journees'].title}]") in ect


def test_a_term_with_neither_definition_nor_mention_is_refused(minimal):
    from generator.content.problems import ContentError

    glossary = minimal / "content" / "glossary.yml"
    glossary.write_text(glossary.read_text("utf-8") + "\n  - id: vide\n    term: Vide\n",
                        encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_site(minimal)
    assert any("au moins une définition (definitions) ou" in p.message and
               p.path == "content/glossary.yml" and p.line > 1
               for p in caught.value.problems), caught.value.problems


def test_a_publication_quotes_the_passages_the_source_gives_as_quotations(minimal):
    publications = minimal / "content" / "publications.yml"
    publications.write_text(publications.read_text("utf-8").replace(
        "    publisher: coop\n",
        "    publisher: coop\n    quotes:\n"
        "      - text: Une <b>autre</b> économie est en marche.\n"
        "        attribution: La rédaction, édito\n", 1), encoding="utf-8")
    page = {p.path: p for p in build_pages(load_site(minimal))}["publications/index.md"]
    section = page.markdown.split("{ #hors-serie }", 1)[1].split("\n## ", 1)[0]
    # A quotation of the source, attributed; its text is data, never markup.
    assert ('<blockquote class="rd-quote"><p>« Une &lt;b&gt;autre&lt;/b&gt; économie est en '
            'marche. »</p><footer>— La rédaction, édito</footer></blockquote>') in section
