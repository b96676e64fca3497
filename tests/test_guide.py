"""The staff guide (CONTRIBUTING.md): every message the corpora pin is explained there, every
YAML example it gives is valid once pasted into the frozen content (never skipped: the
frozen copy is refreshed only when no example collides with it), and the page the site
publishes from it shows the examples and the numbered steps as written."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.content.problems import ContentError
from generator.content.validate import load_site

from .frozen_content import copy_content, corpus_cases, guide_examples
from .staff_edits import guide_place, paste_guide_example
from .support import FROZEN, LINK_PLACE, MARKUP_MESSAGE, ROOT, VALIDATION_CASES, link_cases

GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")

_KINDS = "catégorie|période|événement|terrain|terme|personne|organisation|comité|publication"


def head(message: str) -> str:
    """What a message says is wrong, without its place, its values and its hints: the part
    before the first « : » (« ; » for hints), any kind of record standing for all."""
    message = message.split("\n")[0]
    message = re.sub(r"^\S+?:(\{[^}]*\}|\d+):(\{[^}]*\}|\d+): ", "", message)
    message = re.sub(r"« [^»]* »", "«»", message)
    message = re.sub(r"\([^()]*\)", "()", message)
    message = re.sub(r"\{[^}]*\}|U\+[0-9A-F]{4}|\d+", "N", message)
    message = re.sub(rf"^({_KINDS}) «» inconnue?", "X «» inconnu", message)
    message = re.sub(rf"(par|de) (la |le |l')({_KINDS})", r"\1 X", message)
    parts = message.split(" ; ")[0].split(" : ")
    # « « title » : valeur manquante » and « avertissement : … » say what is wrong after
    # their first « : ».
    keep = 2 if parts[0] in ("«»", "avertissement") else 1
    return " : ".join(parts[:keep])


def _corpus_messages() -> set[str]:
    messages = {m for case in VALIDATION_CASES for m in case[4]} | {MARKUP_MESSAGE}
    for case in corpus_cases():
        messages |= {line for line in str(case.get("expect") or "").splitlines()
                     if not line.startswith(" ")}
    for case in link_cases():
        messages |= {LINK_PLACE.sub("", line) for line in case["expect"].splitlines()}
    return messages


DOCUMENTED = {head(m) for m in re.findall(r"^\| `([^`]+)`", GUIDE, re.M)}


@pytest.mark.parametrize("message", sorted(_corpus_messages()))
def test_each_message_of_the_corpora_is_explained_in_the_guide(message):
    assert head(message) in DOCUMENTED


def test_every_message_the_guide_explains_is_one_the_corpora_pin():
    pinned = {head(m) for m in _corpus_messages()}
    assert sorted(DOCUMENTED - pinned) == []


# ---- The YAML examples -------------------------------------------------------------------

EXAMPLES = guide_examples()


@pytest.fixture(scope="module")
def frozen_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_content(FROZEN, tmp_path_factory.mktemp("fige"))


def test_the_guide_has_an_example_for_each_kind_of_record_it_explains():
    assert sorted(guide_place(e)[0] for e in EXAMPLES) == [
        "content/glossary.yml", "content/people.yml", "content/projects/tiers-lieu-de-lons.yml",
        "timeline.yml"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[guide_place(e)[0] for e in EXAMPLES])
def test_each_yaml_example_is_valid_pasted_into_the_frozen_content(example, frozen_content,
                                                                   tmp_path):
    root = tmp_path / "copie"
    shutil.copytree(frozen_content, root)
    # Pasted as the guide says, the files it names deposited where it says.
    _, path = paste_guide_example(root, example)
    try:
        site = load_site(root)
    except ContentError as exc:
        pytest.fail(f"the example of the guide is refused:\n{exc}")
    assert site.warnings == []
    record = yaml.safe_load(example)
    if path is None:
        assert record["id"] in site.projects
    elif path[0] == "events":
        assert record[0]["id"] in site.event_by_id
    elif path[0] == "people":
        assert record[0]["id"] in site.people
    else:
        before = load_site(frozen_content).terms["ect"].definitions
        assert len(site.terms["ect"].definitions) == len(before) + 1


# ---- The published page ---------------------------------------------------------------------


class _Page(HTMLParser):
    """The article of a built page: its code blocks and its lists."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.lists: list[tuple[str, int]] = []
        self.open: list[list[Any]] = []
        self.code: list[str] | None = None
        self.language = ""
        self.in_pre = False
        self.paragraph_code: list[str] = []
        self.in_p = False
        self.rows = 0
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ol", "ul"):
            self.open.append([tag, 0])
        elif tag == "li" and self.open:
            self.open[-1][1] += 1
        elif tag == "pre":
            self.in_pre = True
        elif tag == "code" and self.in_pre:
            self.code = []
            self.language = dict(attrs).get("class") or ""
        elif tag == "p":
            self.in_p = True
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self.open:
            kind, count = self.open.pop()
            self.lists.append((kind, count))
        elif tag == "code" and self.code is not None:
            self.blocks.append((self.language, "".join(self.code)))
            self.code = None
        elif tag == "pre":
            self.in_pre = False
        elif tag == "p":
            self.in_p = False
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.code is not None:
            self.code.append(data)
        elif self.in_p and data.startswith("yaml\n"):
            self.paragraph_code.append(data)


@pytest.fixture(scope="module")
def published(frozen_site: Path) -> _Page:
    html = (frozen_site / "contribuer" / "index.html").read_text("utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    page = _Page()
    page.feed(article)
    return page


def test_each_yaml_example_is_shown_as_a_code_block_exactly_as_written(published):
    shown = [text for language, text in published.blocks if "language-yaml" in language]
    assert shown == EXAMPLES
    assert published.paragraph_code == []


def test_numbered_steps_are_one_list_each_with_all_their_steps(published):
    steps: list[int] = []
    for number in re.findall(r"^(\d+)\. ", GUIDE, re.M):
        if number == "1":
            steps.append(0)
        steps[-1] += 1
    assert steps == [5, 3, 2, 3, 3]
    assert [count for kind, count in published.lists if kind == "ol"] == steps


def test_every_row_of_the_guide_s_tables_is_a_row_of_the_page(published):
    lines = GUIDE.split("\n")
    separators = [i for i, line in enumerate(lines) if re.fullmatch(r"\|( --- \|)+", line)]
    rows = sum(1 for i, line in enumerate(lines)
               if line.startswith("| ") and i not in separators and i + 1 not in separators)
    assert rows >= 100
    assert published.rows == rows
