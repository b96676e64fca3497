"""Speed-ups of the MkDocs build that leave every byte of the site as it was, each tied to
a version of what it patches. After an upgrade of MkDocs, Material, watchdog or Python,
recheck each one (``tests/test_lighter_build.py`` compares a build with and without them):

- :func:`collector_paused`: ``gc.disable``/``gc.freeze`` around the content's loading and the
  pages (Python ≥ 3.7; undone in the plugin's post-build, error and shutdown hooks);
- :func:`lighter_theme_environment`: replaces ``Theme.get_env`` (MkDocs 1.6.1) to give the
  theme's environment the pages' bytecode cache and :class:`ThemeLoader`, whose
  ``list_templates`` skips hidden folders as MkDocs' file listing later does (Material's
  ``.icons``);
- :func:`poll_sooner`: sets ``PollingObserver._timeout``, a private attribute of watchdog's
  polling observer, which ``mkdocs serve`` uses; any other observer is left as it is;
- :func:`write_files`: the citation files written directly into ``site_dir``, not handed to
  MkDocs as ``File`` objects;
- :func:`one_markdown`: replaces the ``markdown`` module as ``mkdocs.structure.pages`` (MkDocs
  1.6.1) sees it, so that ``Page.render`` gets one Python-Markdown instance (3.x), reset
  between pages, instead of a new one per page, when every extension is one of
  :data:`REUSABLE_EXTENSIONS` (undone in the plugin's post-build, error and shutdown hooks).
"""

from __future__ import annotations

import gc
import os
import types
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
import mkdocs.structure.pages
from jinja2 import FileSystemLoader

from ..pages.templating import template_cache

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer


PREVIEW_POLL_S = 0.1
"""How often the preview looks at the content for changes, in seconds (MkDocs: 0.5)."""


def poll_sooner(server: LiveReloadServer) -> bool:
    """Make the preview's watcher look for changes every :data:`PREVIEW_POLL_S` seconds.

    MkDocs watches by polling (it works on every file system, shared folders included)
    every half second: an edit waits a quarter of a second on average before the rebuild
    starts, an eighth of the whole wait on the real content. The content is a few dozen
    files, listed in a millisecond: looking five times as often costs nothing. Folders
    watched from now on use the new pace. An engine whose watcher is not watchdog's
    polling observer is left as it is (False)."""
    # Imported here: only a preview watches files, and watchdog's import (its inotify
    # observer through ctypes) would cost every build a hundredth of a second.
    from watchdog.observers.polling import PollingObserver

    observer = getattr(server, "observer", None)
    if not isinstance(observer, PollingObserver) or \
            not isinstance(getattr(observer, "_timeout", None), (int, float)):
        return False
    observer._timeout = min(observer._timeout, PREVIEW_POLL_S)
    return True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the content is read and the pages
    are made (hundreds of thousands of objects that all live until the end of the build,
    which it would scan again and again), then the objects made so far set aside from its
    scans until the end of the build (``gc.freeze``; :meth:`RegardPlugin.on_post_build`
    and the error and shutdown hooks undo it). Objects freed by their last reference are
    freed as before; the same memory at every size, and a quarter less time at 10,000
    events."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
            gc.freeze()


class ThemeLoader(FileSystemLoader):
    """The theme's loader, listing the theme's files without its hidden folders: MkDocs
    lists every file of the theme to copy its assets, then leaves out every path with a
    part that starts with a dot — Material's 14,000 icons in ``.icons``, which it would
    otherwise walk and match against a dozen patterns one by one on every build."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                for name in names:
                    if name.startswith("."):
                        continue
                    template = os.path.join(folder, name)[len(searchpath):].strip(
                        os.path.sep).replace(os.path.sep, "/")
                    found.add(template.removeprefix("./"))
        return sorted(found)


def lighter_theme_environment(config: MkDocsConfig) -> None:
    """The theme's Jinja environment, as MkDocs makes it on every build, with the compiled
    templates kept between builds (:class:`~generator.pages.templating.TemplateCache`) and
    the theme's files listed without its hidden folders (:class:`ThemeLoader`): the same
    site."""
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> Environment:
        env = make_env()
        if env.bytecode_cache is None:
            env.bytecode_cache = template_cache()
        if type(env.loader) is FileSystemLoader:
            loader = env.loader
            env.loader = ThemeLoader(loader.searchpath, loader.encoding, loader.followlinks)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def write_files(files: list[tuple[str, bytes]], site_dir: Path) -> None:
    """Thousands of small files that no Markdown link names (the citation files): written as
    they are, rather than handed to MkDocs one by one (which costs more than making them)."""
    folders: set[Path] = set()
    for path, content in files:
        target = site_dir / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(content)


REUSABLE_EXTENSIONS = frozenset({"abbr", "admonition", "attr_list", "fenced_code", "md_in_html",
                                 "tables", "toc"})
"""Python-Markdown's own extensions whose state between two documents is all cleared by
``Markdown.reset`` (read in their source, Python-Markdown 3.11): an instance that has
converted a page converts the next as a new one would. Any other extension, or an
extension given as an object, gets a new instance per page, as MkDocs makes it."""


class _OneMarkdown(types.ModuleType):
    """The ``markdown`` package as ``mkdocs.structure.pages`` sees it under
    :func:`one_markdown`: the same, but ``Markdown(…)`` gives back the instance made for the
    same extensions and settings, reset. MkDocs then registers its page's own processors on
    it, replacing the last page's (they are registered by name)."""

    def __init__(self) -> None:
        super().__init__(markdown.__name__, markdown.__doc__)
        self._kept: tuple[str, markdown.Markdown] | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(markdown, name)

    def Markdown(self, *, extensions: Sequence[Any] = (),  # the name markdown gives it
                 extension_configs: Mapping[str, Any] | None = None,
                 **options: Any) -> markdown.Markdown:
        configs = extension_configs or {}
        names = [e.removeprefix("markdown.extensions.") if isinstance(e, str) else None
                 for e in extensions]
        if options or not all(n in REUSABLE_EXTENSIONS for n in names):
            return markdown.Markdown(extensions=extensions, extension_configs=configs, **options)
        # The settings' text: equal settings make equal instances (the same objects, such
        # as a slugify function, print the same).
        key = repr((list(extensions), sorted(configs.items())))
        if self._kept is not None and self._kept[0] == key:
            return self._kept[1].reset()
        instance = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self._kept = (key, instance)
        return instance


def one_markdown(enabled: bool = True) -> None:
    """Give MkDocs' page rendering one Python-Markdown instance for all the pages of a build
    (``enabled``), or a new one per page again. Making an instance registers every
    extension and its processors: with the site's seven extensions, 0.4 ms a page (40 ms of
    a build of the real content, 4 s at 10,000 events), and the same pages."""
    pages = vars(mkdocs.structure.pages)  # its module globals, where render finds markdown
    if enabled and not isinstance(pages["markdown"], _OneMarkdown):
        pages["markdown"] = _OneMarkdown()
    elif not enabled and isinstance(pages["markdown"], _OneMarkdown):
        pages["markdown"] = markdown
