"""Turn loaded documents into one checked :class:`~generator.content.site.Site`, or report
every problem (:func:`load_site`).

Passes, none stopping at the first problem: each file against its model
(:mod:`.model_errors`), placeholders, Markdown fields and files (:mod:`.fields`), ids unique
within their kind, then every cross-reference resolved (:mod:`.references`), and the links
texts make to the site's pages (:mod:`.site_links`). The project sheets to read are found
by :mod:`.files`. One mistake gets one message: a reference into a file that could not be
read is not checked (a note under that file's error says so), a value already reported
while reading is not reported again by the model, and a misspelt field is one message, not
« unknown field » plus « missing field ».
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...text.markup import MarkupError, render_markdown
from ...text.slugs import fold_accents
from ...text.urls import (
    EVENT_PAGES,
    article_page,
    article_slugs,
    event_page,
    person_page,
    project_page,
)
from .. import load
from ..likely_mistakes import Named, warn_definitions_before_events, warn_lookalikes
from ..model import (
    FILE_MODELS,
    PROJECTS_DIR,
    Committees,
    Glossary,
    Organisations,
    People,
    Project,
    Publications,
    Record,
    Timeline,
)
from ..previous import Previous
from ..problems import ContentError, Problems
from ..removals import renamed_ids
from ..site import Site
from ..value_checks import check_comments
from ..vocabulary import KINDS
from .fields import MarkdownCheck, check_files, check_markdown, check_placeholders
from .files import project_files
from .model_errors import check_model
from .references import check_references, held_records
from .repeats import warn_summaries_repeating_quotes
from .site_links import SiteIndex, check_site_links


def load_site(root: Path, *, placeholders_allowed: bool = False,
              markdown: MarkdownCheck | None = None, previous: Previous | None = None) -> Site:
    """Read, validate and cross-check all content under ``root``.

    Raises :class:`ContentError` with every error found; warnings on valid
    content are in the returned site's ``warnings``. ``placeholders_allowed``
    lets ``regard new`` check its own skeleton, whose text is still to write.
    ``previous`` is the content to compare with, to tell records renamed or removed
    by hand (:func:`~.references.check_references`).
    """
    problems = Problems()
    docs: dict[str, load.Document] = {}
    parsed: dict[str, Any] = {}
    models: dict[str, type[Record]] = {}
    for relative, model in FILE_MODELS.items():
        docs[relative] = doc = load.read(root, relative, problems)
        models[relative] = model
        parsed[relative] = check_model(doc, model, problems)
    sheets: dict[str, Project] = {}
    for relative in project_files(root, problems):
        docs[relative] = doc = load.read(root, relative, problems)
        models[relative] = Project
        project = check_model(doc, Project, problems)
        if project is not None:
            sheets[relative] = project
    _check_sheet_names(sheets, docs, problems)
    projects = list(sheets.values())
    for relative, doc in docs.items():
        if not placeholders_allowed:
            check_placeholders(doc, models[relative], problems)
        check_comments(doc, models[relative], problems)
        check_markdown(doc, models[relative], markdown or render_check, problems)
        check_files(root, doc, problems)
    declared = check_references(docs, problems, previous)
    people: People | None = parsed["content/people.yml"]
    index = _site_index(root, parsed, projects)
    index.renamed = functools.cache(lambda: renamed_ids(
        previous, held_records(previous.docs) if previous is not None else {},
        held_records(docs)))
    for relative, doc in docs.items():
        check_site_links(doc, models[relative], index, problems)
    _warn_likely_mistakes(docs, parsed, projects, problems)
    for doc in docs.values():
        warn_summaries_repeating_quotes(doc, problems)
    if problems.errors:
        raise ContentError(problems.errors, problems.warnings)

    timeline: Timeline = parsed["timeline.yml"]
    glossary: Glossary = parsed["content/glossary.yml"]
    organisations: Organisations = parsed["content/organisations.yml"]
    committees: Committees = parsed["content/committees.yml"]
    publications: Publications = parsed["content/publications.yml"]
    assert people is not None
    sources: dict[str, str] = {}
    lines: dict[str, int] = {}
    for kind, places in declared.items():
        for record_id, (doc, loc) in places.items():
            sources[f"{kind}:{record_id}"] = doc.path
            lines[f"{kind}:{record_id}"] = doc.where(loc)[0]
    return Site(
        timeline=timeline,
        projects={p.id: p for p in sorted(projects, key=lambda p: fold_accents(p.name))},
        terms={t.id: t for t in glossary.terms},
        people={p.id: p for p in people.people},
        organisations={o.id: o for o in organisations.organisations},
        committees=committees.committees,
        publications=publications.publications,
        home=parsed["content/home.yml"],
        sources=sources,
        lines=lines,
        warnings=problems.warnings,
    )


def _check_sheet_names(sheets: dict[str, Project], docs: dict[str, load.Document],
                       problems: Problems) -> None:
    """A sheet's id is its file's name. A sheet copied from another one with its id left
    unchanged gets one message, which says what to write (not also « déjà utilisé »)."""
    stems = {relative: relative.rsplit("/", 1)[1].removesuffix(".yml") for relative in sheets}
    owners = {stem: relative for relative, stem in stems.items()
              if sheets[relative].id == stem}
    for relative, project in sheets.items():
        stem = stems[relative]
        if project.id == stem:
            continue
        doc = docs[relative]
        # Which of the two is meant is unknown: references to projects wait.
        doc.reported.add(("id",))
        line, column = doc.where(("id",))
        owner = owners.get(project.id)
        if owner is not None:
            message = (f"identifiant « {project.id} » déjà utilisé par "
                       f"{KINDS['project'].with_article} ({owner}, ligne "
                       f"{docs[owner].where(('id',))[0]}) : écrivez id: {stem} (le nom de "
                       "ce fichier)")
        else:
            message = (f"l'identifiant « {project.id} » doit être le nom du fichier "
                       f"(« {stem} ») : renommez l'un ou l'autre")
        problems.add(relative, line, column, message)


def _stem(page: str) -> str:
    """A record page's path as a text writes it: ``terrains/chatel.md`` → ``terrains/chatel``."""
    return page.removesuffix(".md")


def _site_index(root: Path, parsed: dict[str, Any], projects: list[Project]) -> SiteIndex:
    people: People | None = parsed["content/people.yml"]
    publications: Publications | None = parsed["content/publications.yml"]
    glossary: Glossary | None = parsed["content/glossary.yml"]
    timeline: Timeline | None = parsed["timeline.yml"]
    records = {_stem(project_page(p.id)) for p in projects}
    unknown = set()
    if people is None:
        unknown.add("personnes")
    else:
        records |= {_stem(person_page(p.id)) for p in people.people}
    if publications is None:
        unknown.add("publications")
    else:
        records |= {_stem(article_page(p.id, slug)) for p in publications.publications
                    for slug in article_slugs(p.articles)}
    if glossary is None:
        unknown.add("glossaire")
    if timeline is None:
        unknown |= {"chronologie", _stem(EVENT_PAGES).rstrip("/")}
    else:
        records |= {_stem(event_page(e.id)) for e in timeline.events}
    return SiteIndex(root, records, unknown,
                     events=set() if timeline is None else {e.id for e in timeline.events},
                     terms=set() if glossary is None else {t.id for t in glossary.terms})


def render_check(text: str) -> str | None:
    """Render a Markdown field as the pages will (the result is cached for them); the
    French message if the Markdown engine cannot. The project index shows a summary's
    first paragraph on its own: that is rendered too."""
    parts = [text]
    if "\n\n" in text:
        parts.append(text.split("\n\n")[0])
    try:
        for part in parts:
            render_markdown(part)
    except MarkupError as exc:
        return str(exc)
    return None


def _named(docs: dict[str, load.Document], parsed: dict[str, Any],
           projects: list[Project]) -> Iterator[Named]:
    """Every record that has a name or a title, for the look-alike warnings."""
    lists: list[tuple[str, str, str, str]] = [
        ("content/people.yml", "people", "person", "name"),
        ("content/organisations.yml", "organisations", "organisation", "name"),
        ("content/glossary.yml", "terms", "term", "term"),
        ("content/publications.yml", "publications", "publication", "title"),
        ("timeline.yml", "events", "event", "title")]
    for file, container, kind, name in lists:
        holder = parsed.get(file)
        if holder is None:
            continue
        for index, record in enumerate(getattr(holder, container)):
            yield Named(kind, record.id, getattr(record, name), docs[file],
                        (container, index, name), getattr(record, "date", None)
                        if kind == "event" else None)
    sheets = {doc.data.get("id"): doc for relative, doc in docs.items()
              if relative.startswith(f"{PROJECTS_DIR}/") and isinstance(doc.data, dict)}
    for project in projects:
        yield Named("project", project.id, project.name, sheets[project.id], ("name",))


def _warn_likely_mistakes(docs: dict[str, load.Document], parsed: dict[str, Any],
                          projects: list[Project], problems: Problems) -> None:
    warn_lookalikes(list(_named(docs, parsed, projects)), fold_accents, problems)
    glossary, timeline = parsed.get("content/glossary.yml"), parsed.get("timeline.yml")
    if glossary is not None and timeline is not None:
        warn_definitions_before_events(docs["content/glossary.yml"], glossary, timeline,
                                       problems)
