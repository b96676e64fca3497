"""Build the site's pages from a checked :class:`~generator.validate.Site`.

Each page is a ``(path, Markdown)`` pair: plain Markdown with HTML blocks
where the chronology needs ``<ol>``, ``<li>`` and ``<time>``. Nothing here
knows MkDocs; links assume directory URLs (``terrains/chatel.md`` is served
at ``terrains/chatel/``).
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .dates import french_span, span_parts
from .markup import attribute_title, frontmatter_text, markdown_text, render_markdown
from .model import PROJECTS_DIR, Event, Person, Term
from .validate import Site, fold

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Page:
    """One generated page."""

    path: str
    """Path of the Markdown file in the site, such as ``terrains/chatel.md``."""
    markdown: str
    source: str | None = None
    """Content file the page's record is written in, for « Modifier cette page »; a path
    ending in ``/`` is the folder its records are written in."""
    line: int | None = None
    """Line of that record in its file."""


def url_of(path: str) -> str:
    """Directory URL of a Markdown path: ``a/index.md`` → ``a/``, ``a/b.md`` → ``a/b/``."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def link(from_path: str, to_path: str, anchor: str | None = None, *, html: bool = False) -> str:
    """Relative link between two pages: to the ``.md`` file in Markdown (so that the
    engine checks it), to the directory URL in HTML blocks (which engines do not rewrite)."""
    if html:
        target = url_of(to_path).rstrip("/") or "."
        here = url_of(from_path).rstrip("/") or "."
        rel = posixpath.relpath(target, here) + "/"
        rel = "./" if rel == "./" or rel == "./." else rel
    else:
        rel = posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
    return f"{rel}#{anchor}" if anchor else rel


def abbreviations(site: Site) -> dict[str, str]:
    """Acronym → what it stands for, from the glossary, ready for a ``title`` attribute."""
    return {t.acronym: attribute_title(t.term) for t in site.terms.values()
            if t.acronym and t.acronym.strip()}


def count_words(count: int, singular: str, plural: str) -> str:
    """« 1 terrain », « 8 terrains »."""
    return f"{count} {singular if count == 1 else plural}"


def person_key(person: Person) -> str:
    """Sort people by family name: the explicit ``sort_name``, else the last word."""
    return fold(person.sort_name or person.name.split()[-1] + " " + person.name)


def term_key(term: Term) -> str:
    return fold(term.acronym or term.term)


def css_colour(value: str) -> Markup:
    """A legend colour, checked by the model, written as it is in a ``style`` attribute."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"couleur invalide : {value!r}")
    return Markup(value)


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of a template: plain text is escaped for Markdown and HTML alike."""
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    # A separator such as ", " keeps its outer spaces (as one space, never a line break):
    # markdown_text writes the text itself on one line, without them.
    before = " " if text[:1].isspace() else ""
    after = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(before + markdown_text(text) + after)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """Templates write Markdown pages with HTML blocks: each value is escaped on output
    (autoescape, and ``finalize`` for Markdown's own syntax) unless it is already markup."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["span"] = lambda record: french_span(record.date, record.end)
    env.filters["markdown"] = lambda text: Markup(render_markdown(text))
    env.filters["frontmatter"] = frontmatter_text
    env.filters["colour"] = css_colour
    env.globals["french_span"] = french_span
    env.globals["span_parts"] = span_parts
    env.globals["n"] = count_words
    return env


class Renderer:
    """Renders the pages of one site with the package's Jinja2 templates."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.env = _environment()

    def render(self, template: str, path: str, **context: Any) -> str:
        def to(target: str, anchor: str | None = None, html: bool = False) -> Markup:
            return Markup(link(path, target, anchor, html=html))

        return self.env.get_template(template).render(path=path, to=to, site=self.site,
                                                      **context)

    def page(self, template: str, path: str, source: str | None = None, line: int | None = None,
             **context: Any) -> Page:
        return Page(path, self.render(template, path, **context), source, line)


def build_pages(site: Site) -> list[Page]:
    """Every generated page of the site, in a stable order."""
    r = Renderer(site)
    by_year: dict[int, list[Event]] = defaultdict(list)
    for event in site.events:
        by_year[event.date.year].append(event)
    people = sorted(site.people.values(), key=person_key)
    pages = [
        r.page("home.md.j2", "index.md", "content/home.yml", figures=key_figures(site)),
        r.page("chronology.md.j2", "chronologie/index.md", "timeline.yml", by_year=by_year,
               overview=chronology_overview(site, people)),
        r.page("projects.md.j2", "terrains/index.md", PROJECTS_DIR + "/"),
        r.page("glossary.md.j2", "glossaire/index.md", "content/glossary.yml",
               terms=sorted(site.terms.values(), key=term_key)),
        r.page("committees.md.j2", "comites/index.md", "content/committees.yml"),
        r.page("people.md.j2", "personnes/index.md", "content/people.yml", people=people),
        r.page("organisations.md.j2", "organisations/index.md", "content/organisations.yml",
               organisations=sorted(site.organisations.values(), key=lambda o: fold(o.name))),
        r.page("publications.md.j2", "publications/index.md", "content/publications.yml"),
    ]
    for project in site.projects.values():
        key = f"project:{project.id}"
        pages.append(r.page("project.md.j2", f"terrains/{project.id}.md", site.sources[key],
                            site.lines[key], project=project,
                            events=site.events_of[key]))
    for person in people:
        key = f"person:{person.id}"
        pages.append(r.page("person.md.j2", f"personnes/{person.id}.md", site.sources[key],
                            site.lines[key], person=person, events=site.events_of[key],
                            seats=site.seats_of[key], writings=site.writings_of[person.id]))
    return pages


def chronology_overview(site: Site, people: list[Person]) -> dict[str, Any]:
    """What the chronology's chart and filters show, computed from the events."""
    years: list[dict[str, Any]] = []
    if site.events:
        first, last = site.events[0].date.year, site.events[-1].date.year
        for year in range(first, last + 1):
            events = [e for e in site.events if e.date.year == year]
            counts = [(c, sum(1 for e in events if c.id in e.categories))
                      for c in site.timeline.legend]
            years.append({"year": year, "total": len(events), "counts": counts})
    def options(kind: str, records: list[Any], label: Any) -> list[tuple[str, str, int]]:
        return [(r.id, label(r), len(site.events_of[f"{kind}:{r.id}"])) for r in records
                if site.events_of[f"{kind}:{r.id}"]]
    groups = [
        {"name": "annee", "label": "Années",
         "options": [(str(y["year"]), str(y["year"]), y["total"]) for y in years if y["total"]]},
        {"name": "terrain", "label": "Terrains",
         "options": options("project", list(site.projects.values()), lambda p: p.name)},
        {"name": "personne", "label": "Personnes",
         "options": options("person", people, lambda p: p.name)},
    ]
    return {"years": years, "max_total": max((y["total"] for y in years), default=0),
            "groups": groups}


def key_figures(site: Site) -> list[tuple[int, tuple[str, str]]]:
    """The home page's figures, each computed from the data: (value, (singular, plural))."""
    years = [e.date.year for e in site.events]
    seated = {p for c in site.committees for s in c.members for p in s.people}
    return [
        (len(site.events), ("événement dans la chronologie", "événements dans la chronologie")),
        (max(years) - min(years) + 1 if years else 0, ("année d'histoire", "années d'histoire")),
        # A case study (kind « étude de cas ») has a sheet but is not one of the terrains.
        (sum(1 for p in site.projects.values() if p.kind == "terrain"),
         ("terrain de recherche", "terrains de recherche")),
        (len(site.committees), ("comité", "comités")),
        (len(seated), ("membre des comités", "membres des comités")),
        (len(site.terms), ("notion au glossaire", "notions au glossaire")),
    ]
