"""MkDocs' link checks in a build: one French message per broken link, at its file, line and
column, and the strict build fails on it (what a staff member reads in the pull request)."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.engines.mkdocs_links import LinkMessages, places

from .support import as_project, mkdocs_build

PAGE = "content/pages/programme/index.md"


def _broken_build(project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture,
                  text: str) -> list[str]:
    as_project(project)
    (project / PAGE).write_text(f"# Page index\n\nTexte.\n\n{text}\n", encoding="utf-8")
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort, match="strict"):
        mkdocs_build(project, tmp_path / "site")
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize(("text", "column", "expected"), [
    ("Voir [la page](../nulle/part.md).", 16,
     "le lien « ../nulle/part.md » ne mène à aucune page du site (cherchée : "
     "content/pages/nulle/part.md)"),
    ("Voir [le haut](#nulle-part) de la page.", 16,
     "le lien « #nulle-part » vise une ancre absente de cette page"),
    ("Voir [les figures](figures.md#nulle-part).", 20,
     "le lien « figures.md#nulle-part » vise l'ancre « #nulle-part », absente de "
     "« content/pages/programme/figures.md »"),
    ("Voir [la chronologie](/chronologie/).", 23, "le lien « /chronologie/ » commence par "
     "« / » : sur le site publié dans un sous-dossier, il mènerait ailleurs ; écrivez un lien "
     "relatif vers le fichier .md ; vouliez-vous écrire « ../chronologie/index.md » ?"),
    ("Voir [le dossier](../glossaire/).", 19, "le lien « ../glossaire/ » ne désigne pas une "
     "page : écrivez le chemin de son fichier .md, par exemple « ../glossaire/index.md »"),
])
@pytest.mark.build
def test_a_broken_link_is_one_french_message_at_its_line(tmp_path, minimal, caplog, text,
                                                         column, expected):
    messages = _broken_build(minimal, tmp_path, caplog, text)
    assert messages == [f"{PAGE}:5:{column}: {expected}"]


@pytest.mark.build
def test_every_broken_link_of_a_page_is_told(tmp_path, minimal, caplog):
    messages = _broken_build(minimal, tmp_path, caplog,
                             "[a](absente.md)\n\n[b](#ici)\n\n[c](figures.md#la)")
    assert [m.split(": ", 1)[0] for m in messages] == [f"{PAGE}:5:5", f"{PAGE}:7:5",
                                                       f"{PAGE}:9:5"]
    assert not [m for m in messages if "Doc file" in m]


@pytest.mark.build
def test_a_navigation_entry_that_is_no_page_is_told_in_mkdocs_yml(tmp_path, minimal, caplog):
    as_project(minimal)
    config = minimal / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - Contribuer: contribuer/index.md\n" in text
    config.write_text(text.replace("  - Contribuer: contribuer/index.md\n",
                                   "  - Contribuer: contribuer/index.md\n"
                                   "  - Perdue: perdue/index.md\n"), "utf-8")
    caplog.set_level(logging.INFO)
    with pytest.raises(Abort):
        mkdocs_build(minimal, tmp_path / "site")
    line = text[:text.index("  - Contribuer: contribuer/index.md")].count("\n") + 2
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"mkdocs.yml:{line}:13: la navigation (nav) cite « perdue/index.md », qui n'est pas "
        "une page du site : corrigez le chemin ou retirez l'entrée"]


def test_other_messages_pass_unchanged():
    messages = LinkMessages(lambda page: [], serving=False)
    record = logging.LogRecord("mkdocs.structure.pages", logging.WARNING, __file__, 1,
                               "edit_uri: %r is not a valid URL", ("x",), None)
    assert messages.filter(record)
    assert (record.getMessage(), record.levelno) == ("edit_uri: 'x' is not a valid URL",
                                                     logging.WARNING)
    assert messages.problems == []


def test_in_a_preview_a_link_message_is_not_counted_by_strict_mode(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("x\n[a](b.md)\n", encoding="utf-8")
    messages = LinkMessages(lambda name: [("pages/page.md", page)], serving=True)
    record = logging.LogRecord(
        "mkdocs.structure.pages", logging.WARNING, __file__, 1,
        "Doc file 'page.md' contains a link 'b.md', but the target is not found among "
        "documentation files. Did you mean 'c.md'?", None, None)
    assert messages.filter(record)
    assert record.levelno < logging.WARNING
    assert record.getMessage() == ("pages/page.md:2:5: le lien « b.md » ne mène à aucune page "
                                   "du site ; vouliez-vous écrire « c.md » ?")
    assert [str(p) for p in messages.problems] == [record.getMessage()]


def test_a_link_is_found_where_it_is_written_as_a_target():
    text = "b.md est cité ici : b.md\n\n[lien](b.md) et [x][ref]\n\n[ref]: b.md\n"
    assert places(text, "b.md") == [(3, 8), (5, 8)]
    assert places("b.md, b.md\n", "b.md") == [(1, 1), (1, 7)]
    assert places("rien\n", "b.md") == []


@pytest.mark.build
def test_the_same_broken_link_twice_is_told_at_each_place(tmp_path, minimal, caplog):
    messages = _broken_build(minimal, tmp_path, caplog,
                             "Le fichier absent.md viendra.\n\n[a](absent.md)\n\n[b][ref]\n\n"
                             "[ref]: absent.md")
    assert [m.split(": ", 1)[0] for m in messages] == [f"{PAGE}:7:5", f"{PAGE}:11:8"]


def test_a_hostile_link_shows_as_text_in_the_preview_banner():
    from generator.content.problems import Problem
    from generator.engines.preview import banner

    hostile = '"><svg onload=alert(1)>\n<script>alert(2)</script> javascript:alert(3)'
    html = banner("warning", f"1 lien « {hostile} »",
                   [Problem(f"content/pages/{hostile}.md", 2, 5, f"le lien « {hostile} »")])
    assert "<svg" not in html and "<script" not in html
    assert set(re.findall(r"</?([a-z]+)", html)) == {"div", "p", "ul", "li", "code", "wbr"}
    # The file's place may break after a slash: the text is the same without the breaks.
    text = html.replace("<wbr>", "")
    assert text.count("&lt;svg onload=alert(1)&gt;") == 3
    assert text.count("&lt;script&gt;alert(2)&lt;/script&gt;") == 3
