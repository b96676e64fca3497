"""End to end: `mkdocs build --strict` of the frozen content and of the minimal fixture."""

from __future__ import annotations

import logging
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from generator.content.validate import load_site
from generator.pages.typography import typeset

from .support import FROZEN, as_project, mkdocs_build, with_page_limit


def _read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def _section(html: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next heading of the same level."""
    match = re.search(rf'<h2 id="{re.escape(anchor)}">.*?(?=<h2 |\Z)', html, re.S)
    assert match, f"no section #{anchor}"
    return match.group(0)


def test_events_per_year_on_the_chronology_equal_the_data(frozen_site):
    site = load_site(FROZEN)
    html = _read(frozen_site, "chronologie/index.html")
    # Split on the year lists rather than match to their end: a summary may hold its own <ol>.
    parts = re.split(r'<ol class="rd-events" data-year="(\d+)">', html)
    shown = {int(year): body.count('<li class="rd-event"')
             for year, body in zip(parts[1::2], parts[2::2], strict=True)}
    expected: dict[int, int] = {}
    for event in site.events:
        expected[event.date.year] = expected.get(event.date.year, 0) + 1
    assert shown == expected
    assert sum(shown.values()) == len(site.timeline.events)


def test_a_year_only_event_shows_the_year_not_a_day(frozen_site):
    html = _read(frozen_site, "chronologie/index.html")
    # Under the heading « 2014 », the card does not repeat the year.
    assert '<h2 class="rd-year" id="annee-2014">2014' in html
    assert '<time datetime="2014">dans l’année</time>' in html  # the content's first year
    assert "1 janvier" not in html and "1er janvier" not in html
    event = next(e for e in load_site(FROZEN).events
                 if e.date.month is None and e.end is None and e.people)
    person = _read(frozen_site, f"personnes/{event.people[0]}/index.html")
    assert f"{event.date.year} — <a" in person


def test_every_project_sheet_is_reachable_from_the_index(frozen_site):
    site = load_site(FROZEN)
    html = _read(frozen_site, "terrains/index.html")
    linked = set(re.findall(r'href="([a-z0-9-]+)/"', html))
    assert set(site.projects) <= linked
    for project_id, project in site.projects.items():
        page = _read(frozen_site, f"terrains/{project_id}/index.html")
        # As the reader sees it: escaped, with French typography.
        assert typeset(escape(project.name, quote=False)) in page


def test_every_committee_member_is_listed_with_a_link_to_their_page(frozen_site):
    site = load_site(FROZEN)
    html = _read(frozen_site, "comites/index.html")
    for committee in site.committees:
        section = _section(html, committee.id)
        for seat in committee.members:
            for person_id in seat.people:
                assert f'href="../personnes/{person_id}/"' in section, (committee.id, person_id)
                person_page = _read(frozen_site, f"personnes/{person_id}/index.html")
                assert f'href="../../comites/#{committee.id}"' in person_page
            if seat.organisation:
                assert f'href="../organisations/#{seat.organisation}"' in section


def test_every_glossary_term_has_its_anchor_and_acronyms_are_tooltips_site_wide(frozen_site):
    site = load_site(FROZEN)
    glossary = _read(frozen_site, "glossaire/index.html")
    for term_id in site.terms:
        assert f'id="{term_id}"' in glossary
    story = _read(frozen_site, "programme/index.html")
    assert '<abbr title="Entrepreneuriat Coopératif Territorial">ECT</abbr>' in story


def test_the_site_is_in_french_and_makes_no_third_party_request(frozen_site):
    index = _read(frozen_site, "index.html")
    assert '<html lang="fr"' in index
    outside = []
    for page in frozen_site.rglob("*.html"):
        # Canonical and alternate links name addresses; the browser fetches none of them.
        html = re.sub(r'<link rel="(?:canonical|alternate)"[^>]*>', "",
                      page.read_text("utf-8"))
        for url in re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*?'
                              r'(?:src|href)="(https?:)?//([^"/]+)', html):
            outside.append((page.relative_to(frozen_site).as_posix(), url[1]))
    assert outside == []


def test_a_person_spelt_two_ways_is_found_under_both_but_named_once(frozen_site):
    site = load_site(FROZEN)
    spelt_twice = [p for p in site.people.values() if p.aliases]
    assert spelt_twice
    for person in spelt_twice:
        html = _read(frozen_site, f"personnes/{person.id}/index.html")
        assert re.search(rf"<h1[^>]*>{re.escape(person.name)}", html)
        hidden = re.findall(r'<p class="rd-visually-hidden">([^<]*)</p>', html)
        # As displayed, in French typography (a no-break space before the colon).
        assert hidden == [f"Autres graphies dans la source\u00a0: {', '.join(person.aliases)}"]


@pytest.mark.build
def test_the_minimal_fixture_builds_strict(tmp_path, minimal):
    as_project(minimal)
    mkdocs_build(minimal, tmp_path / "site")
    html = (tmp_path / "site" / "terrains" / "alpha" / "index.html").read_text("utf-8")
    assert "Projet Alpha" in html


@pytest.mark.build
def test_a_content_error_stops_the_build_with_every_error_and_writes_nothing(
        tmp_path, minimal, caplog):
    as_project(minimal)
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13")
                        .replace("categories: [field]", "categories: [fild]"), "utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)) as info:
        mkdocs_build(minimal, tmp_path / "site")
    message = caplog.text + str(info.value)
    assert "2 erreurs dans le contenu" in message
    assert "timeline.yml:19:11: date « 2023-13 » impossible" in message
    assert "timeline.yml:21:18: catégorie « fild » inconnue" in message
    assert not (tmp_path / "site").exists()


def test_generated_pages_edit_their_yaml_record_and_hand_written_pages_their_markdown(frozen_site):
    edit = re.compile(r'<a href="([^"]+)" title="Modifier cette page sur GitHub"')
    repo = "https://github.com/clus-ter-jura/regard/edit/main/"
    expected = {
        "chronologie/index.html": "timeline.yml",
        "terrains/chatel/index.html": "content/projects/chatel.yml",
        "terrains/index.html": "content/projects/",
        "personnes/marie-ferru/index.html": "content/people.yml",
        "glossaire/index.html": "content/glossary.yml",
        "comites/index.html": "content/committees.yml",
        "programme/index.html": "content/pages/programme/index.md",
        "contribuer/index.html": "CONTRIBUTING.md",
    }
    for page, source in expected.items():
        url = repo + source
        if source.endswith("/"):
            url = url.replace("/edit/main/", "/tree/main/")
        assert edit.findall(_read(frozen_site, page)) == [url], page


def test_the_repository_link_stays_without_the_github_api_widget(frozen_site):
    html = _read(frozen_site, "index.html")
    assert 'href="https://github.com/clus-ter-jura/regard"' in html
    assert 'data-md-component="source"' not in html


def test_the_staff_guide_is_published(frozen_site):
    html = _read(frozen_site, "contribuer/index.html")
    assert "Ajouter un événement" in html
    assert 'href="contribuer/"' in _read(frozen_site, "index.html")


@pytest.mark.build
def test_a_split_chronology_builds_strict_with_every_event_on_one_page(tmp_path, minimal):
    as_project(minimal)
    with_page_limit(minimal, 1)
    mkdocs_build(minimal, tmp_path / "site")
    site = load_site(minimal)
    pages = sorted((tmp_path / "site" / "chronologie").rglob("index.html"))
    found = [i for page in pages
             for i in re.findall(r'<li class="rd-event" id="([^"]+)"', page.read_text("utf-8"))]
    assert sorted(found) == sorted(e.id for e in site.events)
    assert len(pages) == len(site.events)
    assert (tmp_path / "site" / "chronologie" / "evenements.json").is_file()


@pytest.mark.build
def test_a_chronology_page_limit_below_one_is_refused_in_french(tmp_path, minimal, caplog):
    as_project(minimal)
    with_page_limit(minimal, 0)
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)) as info:
        mkdocs_build(minimal, tmp_path / "site")
    assert "chronology_page_limit : 0 ; donnez un nombre d'événements par page d'au moins 1" \
        in caplog.text + str(info.value)
    assert not (tmp_path / "site").exists()
class _VisibleText(HTMLParser):
    """The text a reader sees: outside scripts, styles, code and other machine text."""

    HIDDEN = frozenset({"script", "style", "code", "pre", "kbd", "samp", "var", "textarea",
                        "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside: list[str] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        if not self.inside:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "".join(parser.chunks)


ORDINARY_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t\r\n][:;?!]|«[ \t\r\n]|[ \t\r\n]»")


def test_no_page_has_an_ordinary_space_before_high_punctuation_or_inside_guillemets(frozen_site):
    found = []
    for page in sorted(frozen_site.rglob("*.html")):
        text = visible_text(page.read_text("utf-8"))
        found += [(page.relative_to(frozen_site).as_posix(), text[max(m.start() - 30, 0):m.end()])
                  for m in ORDINARY_SPACE_BEFORE_PUNCTUATION.finditer(text)]
    assert found == []


def test_no_page_shows_a_straight_apostrophe_after_a_letter(frozen_site):
    found = []
    for page in sorted(frozen_site.rglob("*.html")):
        # Web addresses written in the text keep their characters.
        text = re.sub(r"\S+://\S+", "", visible_text(page.read_text("utf-8")))
        found += [(page.relative_to(frozen_site).as_posix(), text[max(m.start() - 30, 0):m.end()])
                  for m in re.finditer(r"[^\W\d_]'", text)]
    assert found == []


def test_apostrophes_are_typographic_in_text_and_in_the_title_not_in_attributes(frozen_site):
    html = _read(frozen_site, "programme/index.html")
    text = visible_text(html)
    assert "Clus’Ter Jura" in text and "Clus'Ter" not in text
    assert "<title>L’histoire du programme – RegarD — Clus’Ter Jura</title>" in html
    # Attributes keep what the content says (search engines and share cards read them).
    assert '<meta property="og:site_name" content="RegarD — Clus&#39;Ter Jura">' in html


@pytest.mark.build
def test_every_image_of_events_and_sheets_is_found_where_the_page_points(tmp_path, minimal):
    """An image is written ``media/x.png`` from content/pages/; the chronology (split or
    not) and the project sheets point at it from their own addresses."""
    as_project(minimal)
    with_page_limit(minimal, 1)  # events on year pages too: /chronologie/2025/
    site_dir = tmp_path / "site"
    mkdocs_build(minimal, site_dir)
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text("utf-8")
        for src in re.findall(r'<img [^>]*src="([^"]+)"', html):
            if "://" in src or src.startswith("data:"):
                continue
            target = (page.parent / src).resolve()
            found.append((page.relative_to(site_dir).as_posix(), src, target.is_file()))
    pointing = {page for page, src, _ in found if src.endswith("journees.png")}
    assert "terrains/alpha/index.html" in pointing
    assert any(page.startswith("chronologie/") for page in pointing)
    assert [f for f in found if not f[2]] == []


@pytest.mark.build
def test_a_document_of_the_site_is_linked_from_every_page_that_shows_it(tmp_path, minimal):
    """A resource's ``url`` and an organisation's ``website`` may be paths of the site
    (« documents/cr.pdf », from content/pages/): each page writes them from its own address,
    as the guide's example event does (it showed them from the site's root, a broken link
    on the chronology that `mkdocs build --strict` does not see)."""
    as_project(minimal)
    with_page_limit(minimal, 1)
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace(
        "      - title: CR du 1er comité\n",
        "      - title: CR du 1er comité\n        url: documents/cr-comite.pdf\n"), "utf-8")
    organisations = minimal / "content" / "organisations.yml"
    organisations.write_text(organisations.read_text("utf-8").replace(
        "    kind: SCIC\n", "    kind: SCIC\n    website: documents/plaquette.pdf\n"), "utf-8")
    for name in ("cr-comite.pdf", "plaquette.pdf"):
        (minimal / "content" / "pages" / "documents").mkdir(exist_ok=True)
        (minimal / "content" / "pages" / "documents" / name).write_bytes(b"%PDF-1.4")
    site_dir = tmp_path / "site"
    mkdocs_build(minimal, site_dir)
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        for href in re.findall(r'href="([^"]*documents/[^"]+)"', page.read_text("utf-8")):
            found.append((page.relative_to(site_dir).as_posix(), href,
                          (page.parent / href).resolve().is_file()))
    assert {(page, href) for page, href, _ in found} >= {
        ("chronologie/2023/index.html", "../../documents/cr-comite.pdf"),
        ("evenements/lancement/index.html", "../../documents/cr-comite.pdf"),
        ("organisations/index.html", "../documents/plaquette.pdf")}
    assert [f for f in found if not f[2]] == []
