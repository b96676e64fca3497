"""The chronology's script and the generator agree on what the generator emits.

What the script reads from Python — the filter index by its columns' names, each event's
frise bin, each event's searchable text — is checked on both sides on the same emitted
data: here in Python, and by the Node tests of the script's DOM-free core
(``tests/js/``, ``node --test``), which this module runs with that data. Without Node the
Node tests are skipped (pytest's header says so); with ``REGARD_REQUIRE_BROWSER=1`` (CI) a
missing Node fails instead.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.content.site import Site
from generator.content.validate import load_site
from generator.pages.chronology import FILTER_COLUMNS, FILTER_INDEX, INDEX, TEXT_INDEX, event_text
from generator.pages.frise import bin_of
from generator.pages.pages import build_data_files, build_pages, search_names

from .support import FROZEN, ROOT, find_node, load_benchmark, skip_unless_required

NODE_TESTS = ROOT / "tests" / "js"
SIZE = 1000
"""Events of the synthetic chronology: split into pages, and a frise that aggregates."""
LIMIT = 300


class _Tags(HTMLParser):
    """The attributes of the frise's aggregates and of the event cards of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.bins: list[dict[str, str | None]] = []
        self.cards: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "data-rd-bin" in found:
            self.bins.append(found)
        elif tag == "li" and "rd-event" in (found.get("class") or "").split():
            self.cards.append(found)


def _tags(markdown: str) -> _Tags:
    parser = _Tags()
    parser.feed(markdown)
    return parser


def _aggregates(markdown: str) -> dict[str, int]:
    """Each aggregate of the frise as drawn: its key and the events it says it holds."""
    return {str(a["data-rd-bin"]): int(a.get("data-n") or 1) for a in _tags(markdown).bins}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Site:
    bench = load_benchmark()
    project = bench.make_project(tmp_path_factory.mktemp("contrats"), SIZE, content=FROZEN)
    return load_site(project)


@pytest.fixture(scope="module")
def emitted(synthetic: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the generator emits for a split chronology of :data:`SIZE` events, with what the
    model says of each event, in a folder for the Node tests."""
    folder = tmp_path_factory.mktemp("emis")
    files = {f.path: f.text for f in build_data_files(synthetic, LIMIT)}
    pages = {p.path: p.markdown for p in build_pages(synthetic, chronology_limit=LIMIT)}
    names, _ = search_names(synthetic)
    model = [{"id": e.id, "year": e.date.year, "categories": e.categories,
              "projects": e.projects, "people": e.people, "title": e.title,
              "names": [names["projects"][i] for i in e.projects]
              + [names["people"][i] for i in e.people]}
             for e in synthetic.events]
    (folder / "index.json").write_text(files[FILTER_INDEX], "utf-8")
    (folder / "texts.json").write_text(files[TEXT_INDEX], "utf-8")
    (folder / "frise-bins.json").write_text(json.dumps(_aggregates(pages[INDEX])), "utf-8")
    (folder / "model.json").write_text(json.dumps(model, ensure_ascii=False), "utf-8")
    return folder


def test_the_filter_index_names_its_columns_and_gives_each_event_its_frise_bin(emitted: Path,
                                                                               synthetic: Site):
    index = json.loads((emitted / "index.json").read_text("utf-8"))
    assert index["columns"] == list(FILTER_COLUMNS)
    rows = [dict(zip(index["columns"], row, strict=True)) for row in index["events"]]
    assert [r["id"] for r in rows] == [e.id for e in synthetic.events]
    for row, event in zip(rows, synthetic.events, strict=True):
        assert row["year"] == event.date.year
        assert row["bin"] == bin_of(event.date)
        assert row["categories"].split() == event.categories


def test_each_aggregate_of_the_frise_holds_the_events_the_index_puts_in_it(emitted: Path):
    """The Python half of the bin contract: the key the frise writes on an aggregate is the
    one the index's rows make, and its count is theirs (tests/js/contracts.test.js checks
    that the script makes the same keys and counts)."""
    aggregates = json.loads((emitted / "frise-bins.json").read_text("utf-8"))
    index = json.loads((emitted / "index.json").read_text("utf-8"))
    at = {name: index["columns"].index(name) for name in ("year", "bin", "categories")}
    made: Counter[str] = Counter()
    for row in index["events"]:
        for category in row[at["categories"]].split():
            made[f"{category} {row[at['year']]} {row[at['bin']]}"] += 1
    assert len(aggregates) > 20
    assert {key: made[key] for key in aggregates} == aggregates


def test_a_one_page_chronology_gives_each_card_the_text_of_the_text_index():
    """The searchable text is built once (event_text): a one-page chronology writes it on
    each card, a split one in its text index, and both are the same text."""
    site = load_site(FROZEN)
    page = next(p for p in build_pages(site) if p.path == INDEX)
    cards = {str(c["id"]): c for c in _tags(page.markdown).cards}
    files = {f.path: f.text for f in build_data_files(site, 10)}
    index = json.loads(files[FILTER_INDEX])
    texts = dict(zip((row[0] for row in index["events"]), json.loads(files[TEXT_INDEX]),
                     strict=True))
    names, defined = search_names(site)
    assert set(cards) == set(texts) == {e.id for e in site.events}
    for event in site.events:
        written = cards[event.id]["data-rd-text"]
        assert written == texts[event.id] == event_text(event, names, defined)
    # A frise that does not aggregate needs no bins.
    assert not any("data-bin" in c for c in cards.values())


def test_a_one_page_chronology_whose_frise_aggregates_gives_each_card_its_bin(synthetic: Site):
    page = next(p for p in build_pages(synthetic, chronology_limit=SIZE + 1) if p.path == INDEX)
    tags = _tags(page.markdown)
    assert tags.bins
    bins = {str(c["id"]): c.get("data-bin") for c in tags.cards}
    assert bins == {e.id: str(bin_of(e.date)) for e in synthetic.events}
    # Split, the bins are in the index: the cards do not carry them.
    split_page = next(p for p in build_pages(synthetic, chronology_limit=LIMIT)
                      if p.path == INDEX)
    assert not any("data-bin" in c or "data-rd-text" in c for c in _tags(split_page.markdown).cards)


def test_the_script_text_is_not_rebuilt_from_the_page():
    """The script reads the generator's text (data-rd-text, the text index), never the
    cards' text: the class it once read them by only marks where to highlight."""
    script = (ROOT / "theme" / "assets" / "chronology.js").read_text("utf-8")
    reads = re.findall(r"querySelectorAll\(\"\.rd-t\"\)", script)
    assert len(reads) == 1  # markTokens, the highlighting
    assert "data-rd-text" in script


@pytest.fixture(scope="module")
def node() -> str:
    found = find_node()
    if found is None:
        message = ("Node absent : tests Node du script de la chronologie ignorés (installez le "
                   "paquet Debian nodejs ou indiquez REGARD_NODE)")
        skip_unless_required(message)
    return found


def test_the_chronology_core_passes_its_node_tests(node: str, emitted: Path):
    """``node --test tests/js/``: the core's own tests, and the contracts on the data
    emitted above (none of them skipped)."""
    result = subprocess.run(
        [node, "--test", "--test-reporter=tap", str(NODE_TESTS)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={**os.environ, "REGARD_CONTRACTS": str(emitted)}, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    tally = dict(re.findall(r"^# (tests|pass|fail|skipped) (\d+)$", result.stdout, re.M))
    declared = sum(len(re.findall(r"^test\(", f.read_text("utf-8"), re.M))
                   for f in NODE_TESTS.glob("*.test.js"))
    assert tally == {"tests": str(declared), "pass": str(declared), "fail": "0",
                     "skipped": "0"}
