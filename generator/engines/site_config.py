"""What ``mkdocs.yml`` says that the checks of the hand-written pages need, read without
MkDocs: where the pages are, the Markdown extensions they are rendered with, how strictly
links are validated, the navigation, the theme's folders and the regard plugin's options.

Where ``mkdocs.yml`` says nothing, MkDocs 1.6.1's default applies (each is named below with
the setting it stands for, from ``mkdocs/config/defaults.py``), so that the checks follow
the configuration the build reads.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..pages.chronology import PAGE_LIMIT

BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
"""Extensions MkDocs always adds before those of ``markdown_extensions``."""
LEVELS = {"warn": logging.WARNING, "info": logging.INFO, "ignore": logging.DEBUG}
RELATIVE_TO_DOCS = -1
"""``absolute_links: relative_to_docs``: a link starting with « / » names a page from the
folder of the pages (MkDocs' ``_AbsoluteLinksValidationValue.RELATIVE_TO_DOCS``)."""
DEFAULT_LINKS = {"not_found": "warn", "anchors": "info", "absolute_links": "info",
                 "unrecognized_links": "info"}
DEFAULT_NAV = {"omitted_files": "info", "not_found": "warn", "absolute_links": "info"}
DEFAULT_EXCLUDED = (".*", "/templates/")
"""Files of the folder of pages that MkDocs leaves out of every site (gitignore patterns)."""
MKDOCS_STATIC_TEMPLATES = ("sitemap.xml",)
"""Templates MkDocs itself renders into every site (``mkdocs/templates``): not copied as
files, so a page cannot link to them as files."""


class ConfigError(ValueError):
    """``mkdocs.yml`` cannot be read; the message is French, the place apart."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass
class SiteConfig:
    """The settings of ``mkdocs.yml`` that decide which links of a page are broken."""

    file: Path
    docs_dir: Path
    use_directory_urls: bool = True
    extensions: list[Any] = field(default_factory=lambda: list(BUILTIN_EXTENSIONS))
    """Markdown extensions, by name or as extension objects, MkDocs' own first."""
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)
    """``validation.links``: the level of each kind of message (a logging level)."""
    nav_levels: dict[str, int] = field(default_factory=dict)
    """``validation.nav``: the level of each kind of message."""
    nav: Any = None
    """The navigation as written; ``None`` when MkDocs makes it from the pages."""
    theme_dirs: list[Path] = field(default_factory=list)
    """The theme's folders, in MkDocs' order (``custom_dir`` first)."""
    static_templates: set[str] = field(default_factory=set)
    excluded: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDED))
    """gitignore patterns of the files of ``docs_dir`` left out of the site."""
    guide: str | None = None
    """The regard plugin's ``guide``: a Markdown file of the project published as a page."""
    chronology_limit: int = PAGE_LIMIT

    def level(self, kind: str) -> int:
        """The level of a kind of link message (``validation.links``)."""
        return self.links[kind]


class _Loader(yaml.SafeLoader):
    """MkDocs' reading of ``mkdocs.yml``: environment variables (``!ENV``) and Python names
    (``!!python/name:``, for extension options) as MkDocs reads them; ``!relative`` (a path
    relative to the page being rendered) has no meaning here and reads as nothing."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV VAR`` or ``!ENV [VAR, OTHER, default]``: the first variable that is set, read
    as YAML reads a value, else the default (``yaml_env_tag.construct_env_tag``)."""
    default = None
    children: list[yaml.Node] = [node]
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
        if len(children) > 1:
            default = loader.construct_object(children.pop())
    for child in children:
        name = loader.construct_scalar(child) if isinstance(child, yaml.ScalarNode) else None
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", lambda loader, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


def _levels(written: dict[str, Any], defaults: dict[str, str]) -> dict[str, int]:
    """Each kind of message's level: as written when MkDocs knows the value, else its
    default (MkDocs would refuse the configuration)."""
    result = {}
    for key, default in defaults.items():
        allowed = {**LEVELS, "relative_to_docs": RELATIVE_TO_DOCS} \
            if key == "absolute_links" else LEVELS
        result[key] = allowed.get(str(written.get(key, default)), LEVELS[default])
    return result


def _validation(data: dict[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """``validation``, with a key written at its top applying to both ``nav`` and ``links``
    unless they set it themselves (MkDocs' ``PropagatingSubConfig``)."""
    written = data.get("validation") or {}
    if not isinstance(written, dict):
        written = {}
    shared = {k: v for k, v in written.items() if k not in ("nav", "links")}
    nav = {**shared, **(written.get("nav") or {})}
    links = {**shared, **(written.get("links") or {})}
    return _levels(links, DEFAULT_LINKS), _levels(nav, DEFAULT_NAV)


def _extensions(written: Any) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """``markdown_extensions`` → (extensions, their options), MkDocs' own first, each once."""
    names: list[Any] = []
    configs: dict[str, dict[str, Any]] = {}
    items = list(written.items()) if isinstance(written, dict) else list(written or [])
    for item in items:
        if isinstance(item, tuple):
            name, options = item
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            name, options = item, None
        names.append(name)
        if isinstance(name, str) and isinstance(options, dict):
            configs[name] = options
    unique: list[Any] = []
    for name in [*BUILTIN_EXTENSIONS, *names]:
        if name not in unique:
            unique.append(name)
    return unique, configs


def _theme_dir(name: str) -> Path | None:
    """An installed MkDocs theme's folder, found by its entry point (not imported)."""
    for entry in importlib.metadata.entry_points(group="mkdocs.themes"):
        if entry.name == name:
            spec = importlib.util.find_spec(entry.value)
            if spec is not None and spec.origin:
                return Path(spec.origin).parent
    return None


def _theme(data: dict[str, Any], folder: Path) -> tuple[list[Path], set[str]]:
    """The theme's folders (``custom_dir``, the theme, the themes it extends, MkDocs' own
    templates) and its static templates, as MkDocs' ``Theme`` lists them."""
    written = data.get("theme")
    theme = {"name": written} if isinstance(written, str) else dict(written or {})
    dirs: list[Path] = []
    static = set(MKDOCS_STATIC_TEMPLATES) | set(theme.get("static_templates") or [])
    if theme.get("custom_dir"):
        dirs.append((folder / str(theme["custom_dir"])).resolve())
    name = theme.get("name")
    while isinstance(name, str):
        found = _theme_dir(name)
        if found is None:
            break
        dirs.append(found)
        try:
            settings = yaml.safe_load((found / "mkdocs_theme.yml").read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError):
            settings = {}
        static |= set(settings.get("static_templates") or [])
        name = settings.get("extends")
    mkdocs = importlib.util.find_spec("mkdocs")
    if mkdocs is not None and mkdocs.origin:
        dirs.append(Path(mkdocs.origin).parent / "templates")
    return dirs, static


def _regard_options(data: dict[str, Any]) -> dict[str, Any]:
    plugins = data.get("plugins") or []
    items = list(plugins.items()) if isinstance(plugins, dict) else [
        next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)
        for p in plugins]
    for name, options in items:
        if name == "regard":
            return options if isinstance(options, dict) else {}
    return {}


def read(file: Path) -> SiteConfig | None:
    """``mkdocs.yml`` as the checks need it; ``None`` when there is none (no site is built
    from this folder with MkDocs). :class:`ConfigError` when it cannot be read."""
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{file.name} ne peut pas être lu (fichier illisible, ou pas "
                          "enregistré en UTF-8)") from None
    try:
        data = yaml.load(text, Loader=_Loader) or {}  # the developers' own file
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line, column = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        raise ConfigError(f"{file.name} : erreur de syntaxe YAML à cet endroit", line,
                          column) from None
    except (ImportError, AttributeError):
        raise ConfigError(f"{file.name} : un « !!python/name: » nomme un objet Python qui "
                          "n'est pas installé") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{file.name} : des réglages « nom: valeur » sont attendus")
    folder = file.parent
    links, nav_levels = _validation(data)
    extensions, configs = _extensions(data.get("markdown_extensions"))
    theme_dirs, static = _theme(data, folder)
    regard = _regard_options(data)
    excluded = list(DEFAULT_EXCLUDED)
    if isinstance(data.get("exclude_docs"), str):
        excluded += data["exclude_docs"].splitlines()
    limit = regard.get("chronology_page_limit", PAGE_LIMIT)
    return SiteConfig(
        file=file, docs_dir=(folder / str(data.get("docs_dir") or "docs")).resolve(),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        extensions=extensions, extension_configs=configs, links=links,
        nav_levels=nav_levels, nav=data.get("nav"), theme_dirs=theme_dirs,
        static_templates=static, excluded=excluded,
        guide=regard.get("guide") if isinstance(regard.get("guide"), str) else None,
        chronology_limit=limit if isinstance(limit, int) and limit >= 1 else PAGE_LIMIT)
