"""A complete project for another engine, written from the content: the migration path.

``regard render OUT`` writes ``OUT/mkdocs.yml``, a minimal configuration without the regard
plugin, and ``OUT/docs/``: the generated pages, the hand-written pages, the staff guide and
the theme's assets. MkDocs 1.x, ProperDocs and Zensical build it as it is; every page is
already plain Markdown, so the engine needs no plugin of ours.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..content.site import Site
from ..content.validate import load_site
from ..outputs.exports import open_data
from ..pages.chronology import PAGE_LIMIT, split
from ..pages.pages import abbreviations, build_data_files, build_pages, retarget_event_links
from ..pages.redirects import redirect_files
from .revision import last_update

MARKER = ".regard-render"
"""Left in every folder ``render`` writes, so that a second run may replace it and a run
never overwrites a folder it did not write."""

REQUIRED_EXTENSIONS: list[Any] = ["abbr", "attr_list", "md_in_html", "tables",
                                  {"toc": {"permalink": True}}, "admonition"]
"""The Markdown extensions the generated pages use, for a project without ``mkdocs.yml``."""

DROPPED_KEYS = ("docs_dir", "site_dir", "repo_url", "repo_name", "edit_uri")
HEADER = """\
# Written by `regard render` from the RegarD content: regenerate it, do not edit it.
# Any engine that reads mkdocs.yml builds it: `zensical build`, `properdocs build`,
# `mkdocs build`. The regard plugin is not needed (the pages are plain Markdown), and the
# repository link is left out: without the project's theme overrides it would make every
# reader's browser call GitHub's API, and the edit links would point at YAML files that
# this folder does not hold.
"""


class RenderError(Exception):
    """The project cannot be written; the message is French and says why."""


@dataclass
class Rendered:
    """What ``render`` wrote."""

    generated: int = 0
    handwritten: int = 0
    assets: int = 0
    guide: bool = False
    files: dict[str, bytes] = field(default_factory=dict)
    """Every file of ``docs/``, by path, before it is written."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's own tags (``!ENV``, ``!relative``…) as their plain values."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return None  # pragma: no cover - PyYAML has no other node kind


_TolerantLoader.add_multi_constructor("!", _untagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def abbreviation_lines(site: Site) -> str:
    """The glossary's acronyms as Markdown abbreviation definitions (``*[ECT]: …``).

    The MkDocs plugin wraps acronyms in the built HTML; an engine without it gets the same
    tooltips from Markdown's ``abbr`` extension, in Markdown text (not inside the HTML
    blocks of the chronology). Each definition is one line, and an acronym that the syntax
    cannot hold (``]``, ``\\``, a line break) is left out, so that no term writes anything
    else into a page. The title ends as the plugin writes it: Markdown keeps entities as
    they are, so ``&`` is escaped here once more, and Material's tooltip, which inserts the
    title as HTML, shows the term as text."""
    return "\n".join(f"*[{acronym}]: {title.replace('&', '&amp;')}"
                     for acronym, title in abbreviations(site).items()
                     if not set(acronym) & {"]", "\\", "\n", "\r"})


def read_config(root: Path) -> dict[str, Any]:
    """The project's ``mkdocs.yml``, or an empty configuration when it has none."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RenderError(f"mkdocs.yml illisible : {exc}") from None
    if not isinstance(config, dict):
        raise RenderError("mkdocs.yml doit contenir des champs (nom: valeur)")
    return config


def _plugin(config: dict[str, Any], name: str) -> tuple[bool, dict[str, Any]]:
    """Whether ``plugins`` names ``name``, and its options."""
    for entry in config.get("plugins") or []:
        if entry == name:
            return True, {}
        if isinstance(entry, dict) and name in entry:
            return True, dict(entry[name] or {})
    return False, {}


def engine_config(config: dict[str, Any], site_name: str) -> dict[str, Any]:
    """The minimal configuration of the written project, taken from the project's own."""
    if not config:
        return {"site_name": site_name, "theme": {"name": "material", "language": "fr"},
                "markdown_extensions": REQUIRED_EXTENSIONS}
    written = {k: v for k, v in config.items() if k not in DROPPED_KEYS}
    theme = written.get("theme")
    if isinstance(theme, dict):
        written["theme"] = {k: v for k, v in theme.items() if k != "custom_dir"}
    plugins = [p for p in config.get("plugins") or []
               if p != "regard" and not (isinstance(p, dict) and "regard" in p)]
    has_regard, options = _plugin(config, "regard")
    if has_regard and options.get("search", True) and not _plugin(config, "search")[0]:
        # The site's search index is written by the regard plugin (Pagefind): without it,
        # the engine's own search plugin takes its place.
        plugins.insert(0, {"search": {"lang": "fr"}})
    if "plugins" in config:
        written["plugins"] = plugins
    return written


def collect(root: Path) -> tuple[Rendered, dict[str, Any]]:
    """Every file of the project, in memory: nothing is written before all is known.

    Raises :class:`~generator.content.problems.ContentError` on invalid content and
    :class:`RenderError` on a configuration it cannot follow."""
    site = load_site(root)
    config = read_config(root)
    _, options = _plugin(config, "regard")
    abbr = abbreviation_lines(site)
    limit = int(options.get("chronology_page_limit", PAGE_LIMIT))
    chronology = split(site.events, limit)

    def with_abbreviations(markdown: str) -> bytes:
        return (f"{markdown}\n\n{abbr}\n" if abbr else markdown).encode("utf-8")

    result = Rendered()
    docs_dir = root / str(config.get("docs_dir", "content/pages"))
    for path in sorted(docs_dir.rglob("*")) if docs_dir.is_dir() else []:
        if path.is_file():
            relative = path.relative_to(docs_dir).as_posix()
            if path.suffix == ".md":
                # Links to an event lead to its page, as the plugin makes them.
                result.files[relative] = with_abbreviations(retarget_event_links(
                    path.read_text(encoding="utf-8"), relative, chronology))
                result.handwritten += 1
            else:
                result.files[relative] = path.read_bytes()
    # The same addresses, references and open-data files as the MkDocs build.
    site_url, updated = str(config.get("site_url") or ""), last_update(root)
    data = open_data(site, site_url, updated, chronology)
    for page in [*build_pages(site, site_url, updated, chronology_limit=limit), *data.pages]:
        if page.path in result.files:
            raise RenderError(f"{docs_dir.relative_to(root).as_posix()}/{page.path} : cette "
                              "page est générée à partir du contenu YAML ; retirez le fichier "
                              "écrit à la main")
        result.files[page.path] = with_abbreviations(page.markdown)
        result.generated += 1
    # A split chronology's indexes, and the pages left at renamed records' old addresses.
    for data_file in [*build_data_files(site, limit), *redirect_files(site)]:
        result.files[data_file.path] = data_file.text.encode("utf-8")
    result.files.update(data.files)
    result.files.update(data.citation_files)
    guide = options.get("guide")
    if guide:
        guide_path = root / str(guide)
        if not guide_path.is_file():
            raise RenderError(f"{guide} : guide introuvable (option « guide » du plugin regard "
                              "dans mkdocs.yml)")
        result.files["contribuer/index.md"] = with_abbreviations(
            guide_path.read_text(encoding="utf-8"))
        result.guide = True
    theme = config.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    assets = root / str(custom_dir) / "assets" if custom_dir else root / "theme" / "assets"
    # The theme's assets as they are (the chronology's script and the site's CSS), so
    # that the written project and the MkDocs build serve the same files.
    for path in sorted(assets.rglob("*")) if custom_dir and assets.is_dir() else []:
        if path.is_file():
            result.files[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
            result.assets += 1
    return result, engine_config(config, site.home.title)


def _check_target(root: Path, out: Path) -> None:
    root, out = root.resolve(), out.resolve()
    if out == root or root in out.parents:
        raise RenderError(f"{out} est dans le dépôt : choisissez un dossier de sortie hors du "
                          "dépôt (par exemple /tmp/regard-site), render n'y écrit rien")
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out} existe et n'est pas un dossier")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise RenderError(f"{out} n'est pas vide et n'a pas été écrit par regard render : "
                          "choisissez un dossier vide ou nouveau")


def write_project(root: Path, out: Path) -> Rendered:
    """Write the project for another engine into ``out``, replacing an earlier render."""
    _check_target(root, out)
    rendered, config = collect(root)
    if out.is_dir():
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    docs = out / "docs"
    for relative, data in rendered.files.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    (out / "mkdocs.yml").write_text(HEADER + text, encoding="utf-8")
    (out / MARKER).write_text("Dossier écrit par regard render : il est remplacé à chaque "
                              "rendu.\n", encoding="utf-8")
    return rendered
