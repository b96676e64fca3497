"""The search's records (core) and the Pagefind index the plugin writes from them."""

from __future__ import annotations

import json
import re

import pytest

from generator.content.validate import load_site
from generator.outputs.pagefind_index import PagefindIndex, SearchIndexError
from generator.outputs.search import RECORD_PAGES, search_documents, search_records

from .support import MINIMAL

RECORDS = search_records(load_site(MINIMAL))
BY_URL = {record.url: record for record in RECORDS}


def test_each_event_term_organisation_committee_and_publication_is_one_record_at_its_anchor():
    # An event's record opens the event's own page, not its card in the chronology.
    site = load_site(MINIMAL)
    expected = {f"evenements/{e.id}/" for e in site.events}
    expected |= {f"glossaire/#{t}" for t in site.terms}
    expected |= {f"organisations/#{o}" for o in site.organisations}
    expected |= {f"comites/#{c.id}" for c in site.committees}
    expected |= {f"publications/#{p.id}" for p in site.publications}
    pages = {path.removesuffix("index.md") for path in RECORD_PAGES}
    assert set(BY_URL) == expected | pages
    assert len(RECORDS) == len(BY_URL)


def test_an_event_record_reads_as_the_event_with_what_it_links_to():
    record = BY_URL["evenements/naissance/"]
    assert (record.kind, record.title, record.date) == ("Événement", "Naissance", "2014")
    assert record.text == (
        "Une question simple. "
        "«\u00a0Et si nous allions nous-mêmes les créer\u202f?\u00a0» — Ada Martin. "
        "Catégories\u00a0: Éléments théoriques, Apprentissages des terrains de recherche. "
        "Personnes\u00a0: Ada Martin. Organisations\u00a0: La Coopérative.")


def test_record_text_is_typeset_like_the_pages():
    record = BY_URL["evenements/lancement/"]
    assert record.text.startswith("Les terrains sont sélectionnés\u202f; l’ECT se précise.")
    assert BY_URL["evenements/journees/"].date == "28 – 29\u00a0novembre\u00a02025"


def test_a_term_record_is_titled_with_its_acronym_and_holds_its_definitions():
    record = BY_URL["glossaire/#ect"]
    assert record.kind == "Notion"
    assert record.title == "ECT — Entrepreneuriat Coopératif Territorial"
    assert record.text == ("Première définition. Définition révisée. "
                           "Voir aussi\u00a0: Terrain miroir.")


def test_the_service_writes_an_index_that_finds_a_record_by_its_words(tmp_path):
    index = PagefindIndex({"force_language": "fr"})
    index.add_page("/a/", '<html lang="fr"><body><h1>Maturité coopérative</h1>'
                          "<p>Un texte sur la maturité.</p></body></html>")
    for number in range(50):
        index.add_page(f"/p{number}/", f'<html lang="fr"><body><h1>Page {number}</h1>'
                                       f"<p>Numéro {number}.</p></body></html>")
    index.write(tmp_path / "pagefind")
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 51
    assert not list((tmp_path / "pagefind").glob("pagefind-*ui*"))


def test_a_service_that_cannot_start_is_one_french_error(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind ne démarre pas"):
        PagefindIndex({}, binary=tmp_path / "absent")


def test_records_become_small_documents_one_heading_per_record_at_its_anchor():
    from generator.outputs.search import SearchRecord, search_documents

    records = [SearchRecord("chronologie/", "Page", "Chronologie", "Les événements.")]
    records += [SearchRecord(f"chronologie/#e{n}", "Événement", f"Titre {n}", "Texte.",
                             "mai 2024" if n % 2 else None) for n in range(45)]
    records += [SearchRecord("glossaire/#ect", "Notion", 'ECT <b>"&', "Définition.")]
    documents = search_documents(records, group=20)
    assert len(search_documents(records)) == len(records)  # few records: one each
    assert [d.url for d in documents] == [
        "chronologie/", "chronologie/?groupe=1", "chronologie/?groupe=2",
        "chronologie/?groupe=3", "glossaire/?groupe=4"]
    assert documents[0].html.count("<h2") == 0
    assert [d.html.count("<h2 id=") for d in documents[1:]] == [20, 20, 5, 1]
    assert '<h2 id="e1">Titre 1<span> · mai 2024</span></h2>' in documents[1].html
    assert '<h2 id="e2">Titre 2</h2>' in documents[1].html
    assert 'data-pagefind-meta="kind:Événement"><h1 data-pagefind-meta="group:1">Chronologie' \
        in documents[1].html
    # Text is text in a document too.
    assert '<h2 id="ect">ECT &lt;b&gt;&quot;&amp;</h2>' in documents[4].html


def test_every_record_of_the_site_is_in_exactly_one_document():
    from generator.outputs.search import search_documents

    documents = search_documents(RECORDS)
    for record in RECORDS:
        page, _, anchor = record.url.partition("#")
        if anchor:
            assert sum(d.html.count(f'<h2 id="{anchor}">') for d in documents
                       if d.url.startswith(page + "?")) == 1, record.url


def test_events_point_at_their_own_page_which_is_not_indexed_again():
    from generator.outputs.search import is_indexed_as_page, is_record_page

    site = load_site(MINIMAL)
    records = search_records(site)
    assert {r.url for r in records if r.kind == "Événement"} == {
        f"evenements/{e.id}/" for e in site.events}
    assert is_record_page("chronologie/2019.md") and is_record_page("glossaire/index.md")
    assert not is_indexed_as_page(f"evenements/{site.events[0].id}.md")
    assert not is_record_page("terrains/alpha.md")


def test_events_share_documents_whose_results_open_each_event_page():
    site = load_site(MINIMAL)
    events = [r for r in search_records(site) if r.kind == "Événement"]
    documents = search_documents(events, group=2)
    assert len(documents) == -(-len(events) // 2)
    for document in documents:
        assert document.url.startswith("evenements/?groupe=")
        assert '<span data-pagefind-meta="pages:1"></span>' in document.html
        assert '<h1 data-pagefind-meta="group:1">' in document.html
    ids = [i for d in documents for i in re.findall(r'<h2 id="([^"]+)">', d.html)]
    assert ids == [e.id for e in site.events]
