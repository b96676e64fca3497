"""Check and build agree on the links of the hand-written pages, the guide and the navigation:
each case of ``tests/links/cases.yml`` gives the same French messages, at the same places,
from ``regard check`` and from ``mkdocs build --strict``."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from generator.commands.cli import main
from generator.engines.page_links import file_url, possible_target_uris, relative_url
from generator.engines.site_config import read

from .support import LINK_PLACE, ROOT, link_cases, mkdocs_build

CASES = link_cases()
BROKEN = [case for case in CASES if case["expect"]]
ACCEPTED = [case for case in CASES if not case["expect"]]


def apply(case: dict[str, Any], root: Path) -> None:
    path = root / case["file"]
    if "remove" in case:
        path.unlink()
    elif "content" in case:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case["content"], "utf-8")
    elif "append" in case:
        path.write_text(path.read_text("utf-8").rstrip("\n") + f"\n\n{case['append']}\n",
                        "utf-8")
    else:
        text = path.read_text("utf-8")
        assert text.count(case["find"]) == 1, f"{case['find']!r} is not once in {path}"
        path.write_text(text.replace(case["find"], case["replace"]), "utf-8")


def expected(case: dict[str, Any], root: Path) -> list[str]:
    """The case's messages, each ``{at:text}`` replaced by the place of that text."""
    lines = []
    for line in case["expect"].splitlines():
        match = LINK_PLACE.match(line)
        assert match, f"a message without its place: {line}"
        if match["text"]:
            text, _, nth = match["text"].partition("@")
            source = (root / match["path"]).read_text("utf-8")
            offsets = [m.start() for m in re.finditer(re.escape(text), source)]
            offset = offsets[int(nth or 1) - 1]
            place = (f"{source.count(chr(10), 0, offset) + 1}:"
                     f"{offset - source.rfind(chr(10), 0, offset)}")
            line = f"{match['path']}:{place}: {line[match.end():]}"
        lines.append(line)
    return lines


def build_messages(root: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """What a strict build says of the content, each message at its place."""
    caplog.clear()
    caplog.set_level(logging.INFO)
    try:
        mkdocs_build(root, root / "site")
    except Abort:
        pass
    else:
        return []
    # A content error stops the build with all of them in one message, under a count.
    return [line for record in caplog.records if record.levelno >= logging.WARNING
            for line in record.getMessage().splitlines() if LINK_PLACE.match(line)]


@pytest.mark.parametrize("case", BROKEN, ids=[c["name"] for c in BROKEN])
@pytest.mark.build
def test_each_broken_link_fails_check_and_build_with_the_same_message(
        case, minimal_project, caplog, capsys):
    apply(case, minimal_project)
    wanted = expected(case, minimal_project)
    assert main(["--root", str(minimal_project), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == sorted(wanted)
    assert sorted(build_messages(minimal_project, caplog)) == sorted(wanted)


@pytest.mark.build
def test_every_accepted_link_passes_check_and_build(minimal_project, caplog, capsys):
    for case in ACCEPTED:
        apply(case, minimal_project)
    assert main(["--root", str(minimal_project), "check"]) == 0, capsys.readouterr().out
    assert build_messages(minimal_project, caplog) == []
    assert (minimal_project / "site" / "programme" / "index.html").is_file()


def test_the_cases_cover_every_kind_of_link_message():
    from generator.engines.mkdocs_links import _MESSAGES

    kinds = {kind for kind, _ in _MESSAGES} - {"nav_absolute"}
    written = "\n".join(case["expect"] for case in BROKEN)
    said = {
        "missing": "ne mène à aucune page", "folder": "ne désigne pas une page",
        "absolute": "commence par « / »", "anchor_here": "absente de cette page",
        "anchor_there": "vise l'ancre", "nav_missing": "la navigation (nav) cite",
        "conflict": "font la même page du site",
    }
    assert set(said) == kinds
    assert all(text in written for text in said.values())
    assert "note de bas de page" in written


# --- MkDocs' rules, reproduced -----------------------------------------------------------


@pytest.mark.parametrize(("src", "path"), [
    ("programme/index.md", "../glossaire/"), ("programme/figures.md", "hypotheses"),
    ("programme/figures.md", "hypotheses.html"), ("index.md", "."), ("index.md", "/a/b"),
    ("programme/index.md", "../../hors.md"), ("a b/c.md", "d%20e.md"),
])
def test_the_files_a_link_may_mean_are_tried_in_mkdocs_order(src, path):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import _RelativePathTreeprocessor

    for urls in (True, False):
        theirs = list(_RelativePathTreeprocessor._possible_target_uris(
            File(src, "docs", "site", urls), path, urls))
        assert list(possible_target_uris(src, file_url(src, urls), path, urls)) == theirs


@pytest.mark.parametrize("src", ["index.md", "programme/index.md", "programme/figures.md",
                                 "programme/README.md", "a b/c d.md", "donnees/table.csv"])
@pytest.mark.parametrize("urls", [True, False])
def test_a_file_s_address_is_mkdocs(src, urls):
    from mkdocs.structure.files import File

    assert file_url(src, urls) == File(src, "docs", "site", urls).url


@pytest.mark.parametrize(("url", "other"), [
    ("glossaire/index.md", "programme/index.md"), ("glossaire/", "programme/figures/"),
    ("index.md", "index.md"), ("a/b/c.md", "a/d.md"), ("x.md", "."),
])
def test_a_relative_address_is_mkdocs(url, other):
    from mkdocs.utils import get_relative_url

    assert relative_url(url, other) == get_relative_url(url, other)


def test_the_settings_are_read_as_mkdocs_reads_them():
    from mkdocs.config import load_config

    ours = read(ROOT / "mkdocs.yml")
    assert ours is not None
    theirs = load_config(str(ROOT / "mkdocs.yml"))
    assert ours.extensions == theirs.markdown_extensions
    assert ours.extension_configs == theirs.mdx_configs
    assert Path(ours.docs_dir) == Path(theirs.docs_dir)
    assert ours.use_directory_urls == theirs.use_directory_urls
    for kind, level in ours.links.items():
        assert level == theirs.validation.links[kind], kind
    for kind, level in ours.nav_levels.items():
        assert level == theirs.validation.nav[kind], kind
    assert [Path(d) for d in theirs.theme.dirs] == ours.theme_dirs
    assert set(theirs.theme.static_templates) == ours.static_templates


def test_with_errors_in_the_yaml_only_what_does_not_hang_on_them_is_told(minimal_project, capsys):
    # The generated pages are unknown: a link to a page that is not written by hand may be
    # to one of them, and waits; an anchor of a hand-written page is told at once.
    timeline = minimal_project / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    apply({"file": "content/pages/programme/index.md",
           "append": "[a](../personnes/inconnue.md) [b](figures.md#nulle-part)"}, minimal_project)
    assert main(["--root", str(minimal_project), "check"]) == 1
    assert [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()] == [
        "le lien « figures.md#nulle-part » vise l'ancre « #nulle-part », absente de "
        "« content/pages/programme/figures.md »",
        "date « 2023-13 » impossible : le mois 13 n'existe pas (01 à 12)"]


def test_an_unreadable_mkdocs_yml_is_one_error_at_its_place(minimal_project, capsys):
    config = minimal_project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("strict: true", "strict: [true"),
                      "utf-8")
    line = config.read_text("utf-8").splitlines().index("strict: [true") + 1
    assert main(["--root", str(minimal_project), "check"]) == 1
    # YAML notices the missing « ] » where the next setting starts (« theme: »).
    assert capsys.readouterr().out.splitlines() == [
        f"mkdocs.yml:{line + 2}:6: mkdocs.yml : erreur de syntaxe YAML à cet endroit : les "
        "liens des pages ne sont pas vérifiés"]


def test_without_mkdocs_yml_the_pages_are_not_checked(minimal, capsys):
    page = minimal / "content/pages/programme/index.md"
    page.write_text(page.read_text("utf-8") + "\n[a](absente.md)\n", "utf-8")
    assert main(["--root", str(minimal), "check"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.build
def test_a_page_that_is_not_utf_8_is_one_error_where_it_stops_being_readable(
        minimal_project, capsys):
    page = minimal_project / "content/pages/programme/figures.md"
    page.write_bytes("# Page figures\n\nTexte écrit ailleurs.\n".encode("cp1252"))
    assert main(["--root", str(minimal_project), "check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/pages/programme/figures.md:3:7: caractère illisible (octet 0xE9) : le "
        "fichier n'est pas enregistré en UTF-8 (peut-être en Windows-1252 ou Latin-1) ; "
        "enregistrez-le en UTF-8 (« Enregistrer sous… », codage UTF-8)"]
    with pytest.raises(Exception, match="codec can't decode"):
        mkdocs_build(minimal_project, minimal_project / "site")


def test_environment_variables_in_mkdocs_yml_are_read_as_mkdocs_reads_them(minimal_project,
                                                                           monkeypatch):
    from mkdocs.config import load_config

    config = minimal_project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("use_directory_urls: true",
                                   "use_directory_urls: !ENV [REGARD_URLS, true]")
                      .replace("    anchors: warn", "    anchors: !ENV REGARD_ANCHORS"), "utf-8")
    monkeypatch.setenv("REGARD_URLS", "false")
    monkeypatch.setenv("REGARD_ANCHORS", "info")
    ours, theirs = read(config), load_config(str(config))
    assert ours is not None
    assert ours.use_directory_urls is theirs.use_directory_urls is False
    assert ours.links["anchors"] == theirs.validation.links.anchors == logging.INFO
