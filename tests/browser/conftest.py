"""Browser tests: the built site served on 127.0.0.1, driven by Playwright in Chromium.

Chromium is looked up as $REGARD_CHROMIUM, then chromium, chromium-browser, google-chrome
on the PATH. Without one the tests are skipped, and pytest says so in its header and in
its skip summary; with REGARD_REQUIRE_BROWSER=1 (set by CI) a missing browser is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

# One lookup for the tests and for `regard preview`, which photographs the site.
from generator.commands.screenshots import LAUNCH_ARGS, find_chromium
from tests.support import free_port, mkdocs_build, serve, skip_unless_required

__all__ = ["LAUNCH_ARGS", "find_chromium", "free_port", "serve"]
"""What benchmarks/ and tools/ take from here."""




@pytest.fixture(scope="session")
def chromium_path() -> str:
    chromium = find_chromium()
    if chromium is None:
        message = ("aucun Chromium trouvé : tests navigateur ignorés (installez le paquet Debian "
                   "chromium ou indiquez REGARD_CHROMIUM)")
        skip_unless_required(message)
    return chromium


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory, frozen_project: Path) -> Iterator[str]:
    """The frozen content's site, built for the address it is served at: Material's instant
    navigation only takes links whose URL is in the sitemap, which names site_url's host and
    port."""
    port = free_port()
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    mkdocs_build(frozen_project, site_dir, site_url=f"http://127.0.0.1:{port}/")
    server, url = serve(site_dir, port)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def pages_url(tmp_path_factory: pytest.TempPathFactory, frozen_project: Path) -> Iterator[str]:
    """The frozen content's site built for and served at a sub-path, as on GitHub Pages:
    http://127.0.0.1:<port>/regard/ (no trailing slash in the value)."""
    port = free_port()
    site_dir = tmp_path_factory.mktemp("pages") / "site"
    mkdocs_build(frozen_project, site_dir, site_url=f"http://127.0.0.1:{port}/regard/")
    server, url = serve(site_dir, port, pages=True)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class PageProblems:
    """Console errors, page errors and requests that left the machine."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.outside: list[str] = []


def _watch(context, problems: PageProblems) -> None:
    def route(route):
        host = urlparse(route.request.url).hostname
        if host not in {"127.0.0.1", "localhost"}:
            problems.outside.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", route)


def _open(browser, problems: PageProblems, **options):
    context = browser.new_context(**options)
    _watch(context, problems)
    page = context.new_page()
    page.on("console", lambda m: problems.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.console.append(str(e)))
    return context, page


@pytest.fixture
def problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def page(browser, problems):
    """A fresh page; the test fails if it logged an error or left 127.0.0.1."""
    context, page = _open(browser, problems, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert problems.console == []
    assert problems.outside == []


@pytest.fixture
def open_page(browser, problems):
    """Open a page with other context options (no JavaScript, a phone's width…)."""
    contexts = []

    def opener(**options):
        context, page = _open(browser, problems, **options)
        contexts.append(context)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert problems.console == []
    assert problems.outside == []
