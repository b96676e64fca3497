"""Text is text: hostile strings in every free-text field of every file kind, built and loaded
in Chromium, run no script and change no page's structure.

Every text field the models declare (titles, names, labels, summaries, definitions…) of a copy
of the real content receives a hostile string, fields the content leaves out included; the site
is built and each page is loaded in Chromium with JavaScript on. A payload that runs calls
``__pwned(field)``; the page's shape (events, headings, scripts, frames, event-handler
attributes, ``javascript:`` links) is compared with the same page built from the same fields
filled with ordinary text.
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

SHAPE = """() => ({
  events: document.querySelectorAll('li.rd-event').length,
  h1: document.querySelectorAll('article h1, .md-content h1').length,
  h2: document.querySelectorAll('.md-content h2').length,
  h3: document.querySelectorAll('.md-content h3').length,
  tables: document.querySelectorAll('.md-content table').length,
  scripts: document.querySelectorAll('script').length,
  frames: document.querySelectorAll('iframe, frame, object, embed').length,
  forms: document.querySelectorAll('.md-content form').length,
  styles: document.querySelectorAll('body style').length,
  handlers: [...document.querySelectorAll('*')].reduce((n, el) =>
    n + [...el.attributes].filter(a => a.name.startsWith('on')).length, 0),
  jsLinks: [...document.querySelectorAll('[href], [src], [action]')].filter(el =>
    /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('src')
                              || el.getAttribute('action') || '')).length,
  base: document.querySelectorAll('base').length,
})"""


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


def _shapes(browser, url: str, pages: list[str]) -> tuple[dict[str, dict], list[str]]:
    context = browser.new_context()
    executed: list[str] = []
    context.expose_function("__pwned", lambda field: executed.append(str(field)))
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(url) else route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (executed.append(f"dialog {dialog.message}"),
                                      dialog.dismiss()))
    shapes = {}
    for path in pages:
        page.goto(f"{url}/{path}")
        shapes[path] = page.evaluate(SHAPE)
    context.close()
    return shapes, executed


@pytest.fixture(scope="session")
def reference(browser, tmp_path_factory) -> dict[str, dict]:
    """Each page's shape, built from the same fields filled with ordinary text: measured
    once for the run, so that the two modes can run on two workers."""

    def measure(folder: Path) -> None:
        project = folder / "projet"
        project.mkdir()
        _copy_project(project)
        _corrupt(project, Corrupter(["texte ordinaire"], url="https://example.org/",
                                    image=IMAGE))
        mkdocs_build(project, project / "site")
        server, url = serve(project / "site")
        try:
            shapes, executed = _shapes(browser, url, _pages(project / "site"))
        finally:
            server.shutdown()
        assert executed == []
        (folder / "formes.json").write_text(json.dumps(shapes), "utf-8")

    folder = once_per_run(tmp_path_factory, "formes-de-reference", measure)
    shapes: dict[str, dict] = json.loads((folder / "formes.json").read_text("utf-8"))
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
    assert pages == sorted(reference)

    server, url = serve(tmp_path / "site")
    try:
        shapes, executed = _shapes(browser, url, pages)
    finally:
        server.shutdown()
    assert executed == []
    changed = {path: {key: (reference[path][key], value) for key, value in shapes[path].items()
                      if value != reference[path][key]}
               for path in pages if shapes[path] != reference[path]}
    assert changed == {}
