"""The build's shortcuts give the same site as the long way: HTML blocks kept out of the
Markdown pass, compiled templates kept between builds, the frise and the filters rendered
once for every chronology page, the theme's files listed without its hidden folders, the
garbage collector paused while the pages are made. (Their speed is measured in
``benchmarks/``, never here.)"""

from __future__ import annotations

import gc
import logging
import random
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import jinja2
import markdown
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import _HTMLHandler

from generator.content.validate import load_site
from generator.engines import mkdocs_plugin, mkdocs_tuning
from generator.engines.render_cache import RenderCache
from generator.pages import pages as pages_module
from generator.pages import templating
from generator.pages.chronology import split
from generator.pages.pages import Renderer, build_pages, filter_groups, person_key
from generator.pages.templating import TemplateCache
from generator.text.htmlblocks import SetAside, restore, set_aside
from generator.text.slugs import fold_accents

from .frozen_content import make_project
from .support import FROZEN, ROOT, as_project, mkdocs_build, with_page_limit


def _extensions() -> tuple[list[str], dict[str, dict]]:
    """The site's Markdown extensions and their settings, as mkdocs.yml lists them."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = settings or {}
    return names, options


def _engine() -> markdown.Markdown:
    """Python-Markdown with the site's extensions, as MkDocs runs it."""
    names, options = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=options)


def _the_long_way(text: str) -> str:
    return _engine().convert(text)


def _set_aside_and_back(text: str) -> tuple[str | None, SetAside]:
    aside = set_aside(text)
    return restore(_engine().convert(aside.markdown), aside), aside


def _anchors_mkdocs_finds(html: str) -> set[str]:
    parser = _HTMLHandler()
    parser.feed(html)
    parser.close()
    return parser.present_anchor_ids


def test_every_generated_page_is_the_same_with_its_html_blocks_set_aside():
    site = load_site(FROZEN)
    generated = build_pages(site, "https://example.org/")
    taken = 0
    for page in generated:
        html, aside = _set_aside_and_back(page.markdown)
        assert html == _the_long_way(page.markdown), page.path
        # The anchors MkDocs' own scan of raw HTML would find in those blocks.
        assert aside.anchors == _anchors_mkdocs_finds("".join(aside.blocks.values())), page.path
        taken += len(aside.blocks)
    chronology = next(p for p in generated if p.path == "chronologie/index.md")
    aside = set_aside(chronology.markdown)
    # Every year's list of cards, the frise and the filter panel.
    years = {e.date.year for e in site.events}
    assert len(aside.blocks) >= len(years) + 2
    assert {e.id for e in site.events} <= aside.anchors
    assert 'class="rd-event"' not in aside.markdown
    assert taken > len(generated)


@pytest.mark.parametrize(("text", "kept_in_markdown"), [
    # Markdown inside, which the engine must read.
    ('Avant.\n\n<div class="x" markdown>\n\n**gras**\n\n</div>\n\nAprès.\n', True),
    ('<section markdown="1">\n\n- un\n- deux\n\n</section>\n', True),
    # Text after the end tag, on its line.
    ('<div class="x">\n<p>a</p>\n</div> suite\n\nFin.\n', True),
    # A comment, a script.
    ('<div>\n<!-- note -->\n<p>a</p>\n</div>\n\nFin.\n', True),
    ('<div>\n<script>let a = "</div>";</script>\n</div>\n', True),
    # Tags that do not close in order.
    ('<div><span>a</div>\n\nFin.\n', True),
    # Not after a blank line: the end of a paragraph.
    ('Un paragraphe\n<div>a</div>\n\nFin.\n', True),
    # In a fenced code block: code to show.
    ('```html\n\n<div>a</div>\n\n```\n', True),
    ('~~~\n\n<ol><li>a</li></ol>\n\n~~~\n\n<div>b</div>\n', True),
    # Blocks the engine passes through.
    ('# Titre\n\n<div class="a"><div class="b">x</div>\n<ol><li>un</li></ol></div>\n\nFin.\n',
     False),
    ('Texte.\n\n<ol class="rd-events" data-year="2024">\n<li id="e1"><a name="n1">a</a></li>\n'
     '</ol>\n', False),
    ('<figure class="f">\n<figcaption>« légende »</figcaption>\n</figure>\n\n<p>Suite</p>\n',
     False),
    ('<details><summary>Plus</summary><p>a<br>b<img src="x.png" alt=""></p></details>', False),
    ('<div title="a > b" data-x=\'c\'>\n\n<p>deux paragraphes</p>\n\n</div>\n\nFin.\n', False),
])
def test_only_blocks_the_engine_passes_through_are_set_aside(text, kept_in_markdown):
    html, aside = _set_aside_and_back(text)
    assert html == _the_long_way(text)
    assert (not aside.blocks) == kept_in_markdown
    assert aside.anchors == _anchors_mkdocs_finds("".join(aside.blocks.values()))


def test_a_page_whose_placeholder_did_not_come_back_is_not_restored():
    aside = set_aside("Avant.\n\n<div>a</div>\n\n<div>b</div>\n")
    assert len(aside.blocks) == 2
    first, second = aside.blocks
    html = _engine().convert(aside.markdown)
    assert restore(html, aside) is not None
    assert restore(html.replace(f"<p>{second}</p>", ""), aside) is None
    assert restore(html.replace(f"<p>{second}</p>", f"<p>{first}</p>"), aside) is None


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def test_a_build_with_the_shortcuts_equals_one_without(tmp_path, minimal, monkeypatch):
    as_project(minimal)
    with_page_limit(minimal, 1)  # a split chronology: shared frise and filters
    mkdocs_build(minimal, tmp_path / "short")
    short = _site_files(tmp_path / "short")
    assert {"chronologie/index.html", "pagefind/pagefind.js"} <= set(short)
    assert len([p for p in short if p.startswith("chronologie/")]) > 3

    templating.template_cache.cache_clear()
    templating.environment.cache_clear()
    monkeypatch.setattr(mkdocs_plugin, "set_aside", lambda text: SetAside(text))
    monkeypatch.setattr(mkdocs_plugin, "lighter_theme_environment", lambda config: None)
    monkeypatch.setattr(mkdocs_plugin, "collector_paused", _no_pause)
    monkeypatch.setattr(mkdocs_plugin, "one_markdown", lambda enabled=True: None)
    monkeypatch.setattr(templating, "template_cache", lambda: None)
    try:
        mkdocs_build(minimal, tmp_path / "long")
    finally:
        templating.environment.cache_clear()
    assert _site_files(tmp_path / "long") == short


class _no_pause:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_the_frise_and_the_filters_rendered_once_are_each_pages_own(minimal):
    site = load_site(minimal)
    chronology = split(site.events, 1)
    assert len(chronology.pages) == len(site.events) > 2
    renderer = Renderer(site, chronology)
    from generator.pages import frise

    drawn = frise.layout(site.events, site.timeline.legend, site.timeline.periods)
    groups = filter_groups(site, chronology, sorted(site.people.values(), key=person_key))
    shared_frise = renderer.shared("frise.html.j2", frise=drawn, chronology=chronology)
    shared_later = renderer.shared("frise.html.j2", frise=drawn, chronology=chronology,
                                   part="later")
    shared_filters = renderer.shared("filters.html.j2", chronology=chronology, groups=groups,
                                     FILTER_INDEX=pages_module.FILTER_INDEX,
                                     TEXT_INDEX=pages_module.TEXT_INDEX)
    for page in chronology.pages:
        alone = renderer.render("frise.html.j2", page.path, frise=drawn, chronology=chronology)
        assert shared_frise(page.path) + "\n" == alone
        alone = renderer.render("frise.html.j2", page.path, frise=drawn, chronology=chronology,
                                part="later")
        assert shared_later(page.path) + "\n" == alone
        alone = renderer.render("filters.html.j2", page.path, chronology=chronology,
                                groups=groups, FILTER_INDEX=pages_module.FILTER_INDEX,
                                TEXT_INDEX=pages_module.TEXT_INDEX)
        assert shared_filters(page.path) + "\n" == alone
        assert "\x00" not in shared_frise(page.path)


def _environment(folder: Path, cache: TemplateCache, **settings: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache,
                              **settings)  # type: ignore[arg-type]


def test_a_template_edited_after_it_was_kept_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "t").mkdir()
    template = tmp_path / "t" / "page.html"
    template.write_text("un {{ x }}", "utf-8")
    assert _environment(tmp_path / "t", TemplateCache(tmp_path / "c")).get_template(
        "page.html").render(x=1) == "un 1"
    assert list((tmp_path / "c").iterdir()), "the compiled template is kept on disk"
    # Another process: read from the disk.
    assert _environment(tmp_path / "t", TemplateCache(tmp_path / "c")).get_template(
        "page.html").render(x=2) == "un 2"
    kept = TemplateCache(tmp_path / "c")
    assert _environment(tmp_path / "t", kept).get_template("page.html").render(x=3) == "un 3"
    template.write_text("deux {{ x }}", "utf-8")
    assert _environment(tmp_path / "t", kept).get_template("page.html").render(x=3) == "deux 3"
    assert _environment(tmp_path / "t", TemplateCache(tmp_path / "c")).get_template(
        "page.html").render(x=4) == "deux 4"


def test_templates_are_kept_apart_for_environments_with_other_settings(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{% if x %}\noui\n{% endif %}\n<{{ y }}>", "utf-8")
    cache = TemplateCache(tmp_path / "c")
    plain = _environment(tmp_path / "t", cache)
    trimmed = _environment(tmp_path / "t", cache, trim_blocks=True, autoescape=True)
    assert plain.get_template("page.html").render(x=1, y="&") == "\noui\n\n<&>"
    assert trimmed.get_template("page.html").render(x=1, y="&") == "oui\n<&amp;>"
    assert _environment(tmp_path / "t", cache).get_template("page.html").render(
        x=1, y="&") == "\noui\n\n<&>"


def test_compiled_templates_are_kept_in_memory_when_nothing_may_be_written(
        tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ x }}", "utf-8")
    compiled = []
    compile_ = jinja2.Environment.compile

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        compiled.append(args[1] if len(args) > 1 else kwargs.get("name"))
        return compile_(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    cache = TemplateCache(tmp_path / "c")
    for x in range(3):  # a new environment on every build, as MkDocs makes the theme's
        assert _environment(tmp_path / "t", cache).get_template("page.html").render(x=x) \
            == str(x)
    assert compiled == ["page.html"]
    assert not (tmp_path / "c").exists()


def test_a_cache_folder_that_cannot_be_made_is_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ x }}", "utf-8")
    (tmp_path / "fichier").write_text("", "utf-8")
    cache = TemplateCache(tmp_path / "fichier" / "cache")
    assert _environment(tmp_path / "t", cache).get_template("page.html").render(x=1) == "1"


def test_the_theme_files_are_found_without_walking_its_hidden_folders(tmp_path):
    config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    long_way = Files([])
    long_way.add_files_from_theme(config.theme.get_env(), config)
    mkdocs_tuning.lighter_theme_environment(config)
    env = config.theme.get_env()
    assert isinstance(env.loader, mkdocs_tuning.ThemeLoader)
    shortcut = Files([])
    shortcut.add_files_from_theme(env, config)
    assert sorted(f.src_uri for f in shortcut) == sorted(f.src_uri for f in long_way)
    assert len(list(shortcut)) > 20
    # The hidden folders are not listed, but their templates still load (Material's icons).
    assert not [t for t in env.loader.list_templates() if t.startswith(".")]
    assert "<svg" in env.get_template(".icons/material/weather-night.svg").render()


def test_the_garbage_collector_is_back_after_a_build_and_after_a_failed_one(tmp_path, minimal):
    as_project(minimal)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    mkdocs_build(minimal, tmp_path / "site")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    with pytest.raises((PluginError, Abort)):
        mkdocs_build(minimal, tmp_path / "site")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def _fold_the_long_way(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def test_folding_drops_every_accent_as_unicode_decomposition_does():
    rng = random.Random(20261126)
    texts = ["Écologie", "À compléter.", "ŒUVRE ﬁnale", "Ǆemal", "İstanbul", "Straße", "",
             "x\u0301\u0302y", "Ｃｏｍｐｌéｔｅｒ", "ASCII only"]
    texts += ["".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(10)) for _ in range(5000)]
    for text in texts:
        assert fold_accents(text) == _fold_the_long_way(text), repr(text)


def _frozen_project(folder: Path) -> Path:
    """A writable project of the frozen content."""
    return make_project(folder)


class _Preview:
    """Rebuilds as `mkdocs serve` makes them: a new configuration each time, the same
    plugin instance (MkDocs keeps it), the pages served before the citation files and the
    search index are written."""

    def __init__(self, project: Path, site_dir: Path) -> None:
        self.project, self.site_dir = project, site_dir
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = config.plugins["regard"]

    def rebuild(self) -> dict[str, bytes]:
        config = load_config(config_file=str(self.project / "mkdocs.yml"),
                             site_dir=str(self.site_dir))
        assert config.plugins["regard"] is self.plugin
        build(config, serve_url="http://127.0.0.1:8000/regard/")
        self.plugin._stop_index()  # the files written after serving, for the comparison
        return _site_files(self.site_dir)

    def close(self) -> None:
        self.plugin.on_shutdown()


def test_a_preview_rebuild_that_reuses_conversions_equals_a_first_build(tmp_path):
    """After an edit, the preview converts again only the pages whose Markdown changed; the
    site it serves is, file for file, the one a first build of the edited content makes."""
    project = _frozen_project(tmp_path / "projet")
    preview = _Preview(project, tmp_path / "preview")
    try:
        preview.rebuild()
        assert preview.plugin._renders.reused == 0
        timeline = project / "timeline.yml"
        text = timeline.read_text("utf-8")
        first = yaml.safe_load(text)["events"][0]["title"]
        timeline.write_text(text.replace(first, first + " (modifié)", 1), "utf-8")
        edited = preview.rebuild()
        reused = preview.plugin._renders.reused
    finally:
        preview.close()
    assert "(modifié)" in edited["chronologie/index.html"].decode("utf-8")

    fresh = _Preview(project, tmp_path / "fresh")
    try:
        assert fresh.rebuild() == edited
        generated = len(fresh.plugin.pages)
    finally:
        fresh.close()
    # Most pages were given back (the edit shows on a few), and not the edited ones.
    assert generated * 0.7 < reused < generated


def _page(uri: str, generated: bool = True) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri, generated_by="regard" if generated
                                                else None),
                           markdown="", toc=[], _title_from_render=None,
                           present_anchor_ids={"a"}, links_to_anchors=None)


def test_a_conversion_that_logged_something_is_converted_again():
    """A page whose conversion logged a warning (a broken link…) is not given back: every
    rebuild logs it again, and a strict preview fails again until it is fixed."""
    files = Files([])
    cache = RenderCache()
    cache.start(SimpleNamespace(markdown_extensions=[], mdx_configs={}, use_directory_urls=True,
                                validation={}, site_url=""), files)
    quiet, noisy, by_hand = _page("a.md"), _page("b.md"), _page("c.md", generated=False)
    for page in (quiet, noisy, by_hand):
        assert cache.before(page, "# Titre\n") == "# Titre\n"
        if page is noisy:
            logging.getLogger("mkdocs.structure.pages").warning("lien cassé")
        assert cache.after(page, "<h1>Titre</h1>", files) == "<h1>Titre</h1>"
    cache.stop()
    assert cache.before(quiet, "# Titre\n") == ""
    assert cache.after(quiet, "", files) == "<h1>Titre</h1>"
    assert cache.before(quiet, "# Autre titre\n") == "# Autre titre\n"  # changed: converted
    assert cache.before(noisy, "# Titre\n") == "# Titre\n"
    assert cache.before(by_hand, "# Titre\n") == "# Titre\n"
    cache.stop()
    assert logging.getLogger("mkdocs").handlers.count(cache._noticed) == 0


def test_the_build_path_leaves_out_what_only_a_preview_or_nothing_needs():
    # Imports cost every build: watchdog is for the preview's watcher only, and the feeds
    # escape without xml.sax.saxutils (which brings urllib.request, http.client and ssl).
    import subprocess

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, generator.engines.mkdocs_plugin; "
         "print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert "generator.outputs.exports.feeds" in loaded
    for module in ("watchdog", "xml.sax.saxutils", "urllib.request", "ssl", "http.client"):
        assert module not in loaded


_PAGES = [
    "# Introduction\n\nLe PTCE et l'ECT.\n\n*[PTCE]: Pôle territorial de coopération "
    "économique\n\n!!! note \"À lire\"\n    Un avis.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    "# Introduction\n\nLe PTCE encore, sans définition ici.\n\n[lien][ref]\n\n"
    "<div markdown>**gras** {: #x }</div>\n\n```\ncode\n```\n",
    "# Introduction\n\n## Introduction\n\n[lien][ref]\n\n[ref]: https://example.org\n",
    "Texte seul.\n",
]


def test_one_markdown_instance_converts_each_page_as_a_new_one_would():
    # What one page defines (an abbreviation, a reference, heading ids) must not reach the
    # next, and the table of contents is each page's own.
    names, options = _extensions()
    one = mkdocs_tuning._OneMarkdown()
    for page in _PAGES * 2:
        fresh = markdown.Markdown(extensions=names, extension_configs=options)
        reused = one.Markdown(extensions=names, extension_configs=options)
        assert reused.convert(page) == fresh.convert(page)
        assert reused.toc_tokens == fresh.toc_tokens
    assert one.Markdown(extensions=names, extension_configs=options) is reused


def test_other_extensions_get_a_new_markdown_instance_for_each_page():
    one = mkdocs_tuning._OneMarkdown()
    assert one.Markdown(extensions=["footnotes"]) is not one.Markdown(extensions=["footnotes"])
    extension = markdown.extensions.toc.TocExtension()
    assert one.Markdown(extensions=[extension]) is not one.Markdown(extensions=[extension])
    assert one.Markdown(extensions=["toc"]) is one.Markdown(extensions=["toc"])


def test_mkdocs_gets_its_markdown_back_after_a_build_and_after_a_failed_one(tmp_path, minimal):
    import mkdocs.structure.pages

    as_project(minimal)
    mkdocs_build(minimal, tmp_path / "site")
    assert mkdocs.structure.pages.markdown is markdown
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    with pytest.raises((PluginError, Abort)):
        mkdocs_build(minimal, tmp_path / "failed")
    assert mkdocs.structure.pages.markdown is markdown
