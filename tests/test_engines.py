"""The content outlives MkDocs: ProperDocs builds the project unchanged, page for page, and
Zensical builds what `regard render` writes.

Each engine runs in its own process: ProperDocs answers MkDocs' imports itself
(``properdocs.replacement`` aliases ``mkdocs.*``), which must not leak into the test process
where MkDocs proper is loaded."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from generator.content.validate import load_site

from .support import FROZEN, ROOT, run_engine

GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


class EventIds(HTMLParser):
    """The ids of ``li.rd-event[id]``, the chronology's stable hook for an event."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "li" and "rd-event" in (values.get("class") or "").split() and values.get("id"):
            self.ids.append(values["id"] or "")

    @classmethod
    def of(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        return parser.ids


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_pages_as_mkdocs_but_for_the_generator_line(
        tmp_path, frozen_project):
    run_engine("mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml",
               "-d", str(tmp_path / "mkdocs"), cwd=frozen_project)
    run_engine("properdocs", "build", "--strict", "-q", "-f", "mkdocs.yml",
               "-d", str(tmp_path / "properdocs"), cwd=frozen_project)
    by_mkdocs, by_properdocs = files(tmp_path / "mkdocs"), files(tmp_path / "properdocs")
    assert sorted(by_properdocs) == sorted(by_mkdocs)
    assert "chronologie/index.html" in by_mkdocs
    lines = set()
    for path, data in by_mkdocs.items():
        other = by_properdocs[path]
        if path.endswith(".html"):
            lines.update(m.group().strip() for m in GENERATOR.finditer(data))
            lines.update(m.group().strip() for m in GENERATOR.finditer(other))
            data, other = GENERATOR.sub(b"", data), GENERATOR.sub(b"", other)
        assert data == other, f"{path} differs"
    assert lines == {
        b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2">',
        b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2">',
    }


def test_zensical_builds_every_page_of_the_rendered_project(zensical_site):
    site = load_site(FROZEN)
    html = (zensical_site / "chronologie/index.html").read_text("utf-8")
    assert sorted(EventIds.of(html)) == sorted(e.id for e in site.events)
    for page in ["index.html", "glossaire/index.html", "contribuer/index.html",
                 "programme/hypotheses/index.html",
                 *(f"terrains/{p}/index.html" for p in site.projects),
                 *(f"personnes/{p}/index.html" for p in site.people)]:
        assert (zensical_site / page).is_file(), page
    # The glossary's acronyms are tooltips in Markdown text (not in the chronology's HTML
    # blocks, which only the plugin's HTML pass reaches).
    assert '<abbr title="' in (zensical_site / "glossaire/index.html").read_text("utf-8")
    for asset in ("assets/chronology.js", "assets/regard.css"):
        assert (zensical_site / asset).read_bytes() == (ROOT / "theme" / asset).read_bytes()
