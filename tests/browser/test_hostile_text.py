"""Text is text: hostile strings in every free-text field of every file kind, built and loaded
in Chromium, run no script and change no page's structure.

Every text field the models declare (titles, names, labels, summaries, definitions…) of a copy
of the real content receives a hostile string, fields the content leaves out included; the site
is built, and each page's shape (events, headings, scripts, frames, event-handler attributes,
``javascript:`` links…) is compared with the same page built from the same fields filled with
ordinary text.

Every page is read as Chromium parses it (its HTML parser, through ``DOMParser``, which runs
nothing; the contents of its ``<template>`` elements put in place, as the chronology's script
does): whether a string can become markup is a property of the HTML. One page of each kind
(every page that is not one record's page among others of its folder, and the richest record
page of each folder: they share a template and scripts) is then loaded with JavaScript on; a
payload that runs calls ``__pwned(field)`` or opens a dialog, and its shape once the scripts
have run is compared too. (Loading every page with its scripts cost about a minute a build
on two cores; what the scripts add to a page, they write with ``textContent``, from the page
itself or its kind's data, so one page of each kind exercises them.)
"""

from __future__ import annotations

import itertools
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.content.model import FILE_MODELS, PROJECTS_DIR, Project, Record
from generator.text.urls import CHRONOLOGY_DIR, EVENT_PAGES, PEOPLE_DIR, PUBLICATIONS_DIR
from generator.text.urls import PROJECTS_DIR as PROJECT_PAGES
from tests.frozen_content import make_project
from tests.support import mkdocs_build, once_per_run, serve

PAYLOADS = [
    '<script>__pwned("{field}")</script>',
    '"><svg onload=__pwned("{field}")>',
    "'><img src=x onerror=__pwned('{field}')>",
    '<img src="x" onerror="__pwned(\'{field}\')">',
    '[lien](javascript:__pwned("{field}"))',
    '![image](x" onerror="__pwned(\'{field}\'))',
    'texte { onclick=__pwned("{field}") }',
    '<a href="javascript:__pwned(\'{field}\')">clic</a>',
    "<!-- commentaire jamais fermé",
    "</li></ol></div></article><h2>faux titre</h2>",
    'ligne\n\n<script>__pwned("{field}")</script>',
    '*[ECT]: <img src=x onerror=__pwned("{field}")>',
    "fin par une barre oblique \\",
    "| a | b |\n| --- | --- |",
    "<style>*{display:none}</style>",
    "<iframe src=\"javascript:__pwned('{field}')\"></iframe>",
    '<details open ontoggle=__pwned("{field}")>',
    '&lt;script&gt;__pwned("{field}")&lt;/script&gt;',
    '</title><script>__pwned("{field}")</script>',
    '<svg><script>__pwned("{field}")</script></svg>',
    '<scr<script>ipt>__pwned("{field}")</script>',
    "---\ntitle: faux\n---",
    '" onmouseover="__pwned(\'{field}\')" x="',
    '<base href="https://autre.example/">',
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    '<form action="javascript:__pwned(1)"><button>envoyer</button></form>',
    "# titre\n\n- liste\n\n> citation",
    '<math><mtext><table><mglyph><style><img src=x onerror=__pwned("{field}")>',
]
URL_FIELDS = {"url", "src", "website"}
"""Checked by the model (http(s), mailto or a path in the site): given hostile but valid URLs."""
HOSTILE_URL = 'https://example.org/?q="><script>__pwned("{field}")</script>'
IMAGE = "media/image.png"
"""An image is a file of the site (the model refuses other hosts): every ``src`` names it,
with what a path may hold."""
HOSTILE_IMAGE = f"{IMAGE}?q=%22%3E%3Cscript%3E__pwned%281%29%3C/script%3E&x=1#%22"

SHAPE = """root => ({
  events: root.querySelectorAll('li.rd-event').length,
  h1: root.querySelectorAll('article h1, .md-content h1').length,
  h2: root.querySelectorAll('.md-content h2').length,
  h3: root.querySelectorAll('.md-content h3').length,
  tables: root.querySelectorAll('.md-content table').length,
  scripts: root.querySelectorAll('script').length,
  frames: root.querySelectorAll('iframe, frame, object, embed').length,
  forms: root.querySelectorAll('.md-content form').length,
  styles: root.querySelectorAll('body style').length,
  handlers: [...root.querySelectorAll('*')].reduce((n, el) =>
    n + [...el.attributes].filter(a => a.name.startsWith('on')).length, 0),
  jsLinks: [...root.querySelectorAll('[href], [src], [action]')].filter(el =>
    /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('src')
                              || el.getAttribute('action') || '')).length,
  base: root.querySelectorAll('base').length,
})"""
LIVE_SHAPE = f"() => ({SHAPE})(document)"
"""A loaded page's shape, once its scripts have run."""
PARSED_SHAPES = f"""htmls => htmls.map(html => {{
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  for (let t; (t = parsed.querySelector('template'));) t.replaceWith(t.content);
  return ({SHAPE})(parsed);
}})"""
"""Each page's shape as Chromium parses its HTML, templates put in place (nothing runs)."""
RECORD_FOLDERS = (EVENT_PAGES, PEOPLE_DIR, PROJECT_PAGES, PUBLICATIONS_DIR, CHRONOLOGY_DIR)
"""Folders of pages made from one template each (a record's page, a part of a split
chronology): one of each is loaded with its scripts."""


def _field_kind(info: Any) -> str | None:
    """« text », « record » or None for a model field (pydantic keeps the validators of a
    bare ``Annotated`` field in ``metadata``, and those of ``Text | None`` in the type)."""
    if info.annotation is str or info.annotation == list[str]:
        return _text_kind(typing.Annotated[str, *info.metadata]) if info.metadata else None
    return _text_kind(info.annotation)


def _text_kind(annotation: Any) -> str | None:
    """« text », « record » or None for an annotation (through Optional and list)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list):
        kinds = {_text_kind(arg) for arg in typing.get_args(annotation)} - {None}
        return kinds.pop() if kinds else None
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        validators = [getattr(getattr(m, "func", None), "__name__", "") for m in metadata]
        # A value from a list (a publication's status) is refused unless listed: not text.
        if any("enum" in (getattr(m, "json_schema", None) or {}) for m in metadata):
            return None
        if base is str and any("text" in name for name in validators):
            return "text"
        return None
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return "record"
    return None


class Corrupter:
    """Puts a hostile string in every text field of raw YAML data, as the model declares."""

    def __init__(self, payloads: list[str], url: str = HOSTILE_URL,
                 image: str = HOSTILE_IMAGE) -> None:
        self.payloads = itertools.cycle(payloads)
        self.url = url
        self.image = image
        self.fields: set[str] = set()
        self.strings = 0

    def value(self, field: str, url: bool) -> str:
        self.fields.add(field)
        self.strings += 1
        template = (self.image if url and field.endswith(".src") else self.url if url
                    else f"Texte {field} " + next(self.payloads))
        return template.replace("{field}", field)

    def walk(self, data: Any, model: type[Record], where: str) -> Any:
        if isinstance(data, list):
            return [self.walk(item, model, where) for item in data]
        if not isinstance(data, dict):
            return data
        for key, info in model.model_fields.items():
            kind = _field_kind(info)
            field = f"{where}.{key}"
            value = data.get(key)
            listed = typing.get_origin(info.annotation) is list
            if kind == "record":
                inner = _inner_record(info.annotation)
                if value is None or value == []:
                    # Fields the real content leaves out (media, quotes…) get one record too.
                    if not _fillable(inner):
                        continue
                    value = [{}] if listed else {}
                data[key] = self.walk(value, inner, field)
            elif kind == "text":
                if isinstance(value, list) and value:
                    data[key] = [self.value(field, key in URL_FIELDS) for _ in value]
                elif listed:
                    data[key] = [self.value(field, key in URL_FIELDS)]
                else:
                    data[key] = self.value(field, key in URL_FIELDS)
        return data


def _fillable(model: type[Record]) -> bool:
    """Whether a record can be made of text fields alone (a quote, a medium, a resource)."""
    return all(_field_kind(info) == "text"
               for info in model.model_fields.values() if info.is_required())


def _inner_record(annotation: Any) -> type[Record]:
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return annotation
    for arg in typing.get_args(annotation):
        try:
            return _inner_record(arg)
        except LookupError:
            continue
    raise LookupError(annotation)


def _copy_project(target: Path) -> None:
    make_project(target)
    image = target / "content" / "pages" / IMAGE
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")


def _corrupt(project: Path, corrupter: Corrupter) -> None:
    files = [(name, model) for name, model in FILE_MODELS.items()]
    files += [(f"{PROJECTS_DIR}/{p.name}", Project)
              for p in sorted((project / PROJECTS_DIR).glob("*.yml"))]
    for name, model in files:
        path = project / name
        data = yaml.safe_load(path.read_text("utf-8"))
        kind = "projects" if name.startswith(PROJECTS_DIR) else \
            name.removeprefix("content/").removesuffix(".yml")
        data = corrupter.walk(data, model, kind)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _kind(path: str) -> str:
    """A record's page is of its folder's kind; any other page is a kind of its own."""
    folder = next((f for f in RECORD_FOLDERS if path.startswith(f)), None)
    return folder if folder and path != f"{folder}index.html" else path


def _loaded(site: Path, pages: list[str]) -> list[str]:
    """The pages loaded with their scripts: one of each kind, the largest (the one with the
    most fields shown)."""
    kinds: dict[str, str] = {}
    for path in pages:
        best = kinds.setdefault(_kind(path), path)
        if (site / path).stat().st_size > (site / best).stat().st_size:
            kinds[_kind(path)] = path
    return sorted(kinds.values())


def _watched(browser, executed: list[str], url: str | None = None):
    """A page whose payloads, if one runs, say so in ``executed``; with ``url``, it
    requests nothing from elsewhere."""
    context = browser.new_context()
    context.expose_function("__pwned", lambda field: executed.append(str(field)))
    if url:
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith(url) else route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (executed.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))
    return context, page


def _shapes(browser, site: Path, pages: list[str], loaded: list[str]) -> dict[str, Any]:
    """Each page's shape as parsed (« parsed »), each ``loaded`` page's once its scripts have
    run (« loaded »), and what payloads ran (« executed »)."""
    executed: list[str] = []
    context, page = _watched(browser, executed)
    parsed = {}
    for start in range(0, len(pages), 20):
        batch = pages[start:start + 20]
        htmls = [(site / path).read_text("utf-8") for path in batch]
        parsed.update(zip(batch, page.evaluate(PARSED_SHAPES, htmls), strict=True))
    context.close()
    server, url = serve(site)
    context, page = _watched(browser, executed, url)
    shapes = {}
    try:
        for path in loaded:
            page.goto(f"{url}/{path}")
            shapes[path] = page.evaluate(LIVE_SHAPE)
    finally:
        context.close()
        server.shutdown()
    return {"parsed": parsed, "loaded": shapes, "executed": executed}


def _changes(reference: dict[str, dict], shapes: dict[str, dict]) -> dict[str, dict]:
    """What differs from the reference, by page and measure: (reference, here)."""
    return {path: {key: (reference[path][key], value) for key, value in shape.items()
                   if value != reference[path][key]}
            for path, shape in shapes.items() if shape != reference[path]}


@pytest.fixture(scope="session")
def reference(browser, tmp_path_factory) -> dict[str, Any]:
    """Each page's shapes, built from the same fields filled with ordinary text: measured
    once for the run (one worker runs both modes: tests/support.py, GROUPED_MODULES)."""

    def measure(folder: Path) -> None:
        project = folder / "projet"
        project.mkdir()
        _copy_project(project)
        _corrupt(project, Corrupter(["texte ordinaire"], url="https://example.org/",
                                    image=IMAGE))
        mkdocs_build(project, project / "site")
        pages = _pages(project / "site")
        shapes = _shapes(browser, project / "site", pages, _loaded(project / "site", pages))
        assert shapes["executed"] == []
        (folder / "formes.json").write_text(json.dumps(shapes), "utf-8")

    folder = once_per_run(tmp_path_factory, "formes-de-reference", measure)
    shapes: dict[str, Any] = json.loads((folder / "formes.json").read_text("utf-8"))
    return shapes


@pytest.mark.parametrize("mode", ["un-par-champ", "tous-ensemble"])
def test_hostile_text_runs_no_script_and_changes_no_page(browser, reference, tmp_path, mode):
    payloads = PAYLOADS if mode == "un-par-champ" else ["\n".join(PAYLOADS)]
    _copy_project(tmp_path)
    corrupter = Corrupter(payloads)
    _corrupt(tmp_path, corrupter)
    assert len(corrupter.fields) >= 50, sorted(corrupter.fields)
    mkdocs_build(tmp_path, tmp_path / "site")
    pages = _pages(tmp_path / "site")
    assert pages == sorted(reference["parsed"])
    # Every page not among many alike, and one of each folder of records, ran its scripts.
    assert {_kind(path) for path in reference["loaded"]} == {_kind(path) for path in pages}

    shapes = _shapes(browser, tmp_path / "site", pages, sorted(reference["loaded"]))
    assert shapes["executed"] == []
    assert _changes(reference["parsed"], shapes["parsed"]) == {}
    assert _changes(reference["loaded"], shapes["loaded"]) == {}
