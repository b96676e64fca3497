"""Benchmark: what French typography and the search cost, at the real size and at scale.

    .venv/bin/python benchmarks/french_site.py                 # real content, 1,000, 10,000
    .venv/bin/python benchmarks/french_site.py --events 10000

For each size (the real content, or ``benchmarks/chronology.py``'s synthetic timeline), it
builds the site with the plugin and measures, inside that build:

- the typography pass (``Typesetter.page`` over every page, in ``on_post_page``), against a
  bare pass of the same tokenizer that changes nothing, and against the whole build;
- the search index: handing pages and records to Pagefind and waiting for its files;
- the fixes applied, by rule.

Then it serves the site under /regard/ in Chromium and counts the bytes a reader downloads:
for a page view without search, and for one query (``maturité``) with its results shown.
The sizes are also given gzipped, as GitHub Pages serves text. For comparison it builds the
same pages once with Material's lunr search and gives the size of the index every page of
that site downloads.

A script, not a test: times depend on the machine (give ratios from one run), sizes do not.
Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks.build_once import timed_build  # noqa: E402
from benchmarks.chronology import make_project  # noqa: E402
from generator.engines import mkdocs_plugin  # noqa: E402
from generator.outputs.pagefind_index import PagefindIndex  # noqa: E402
from generator.pages.typography import Typesetter  # noqa: E402
from generator.text.htmltext import map_text  # noqa: E402
from tests.browser.conftest import LAUNCH_ARGS, find_chromium, free_port, serve  # noqa: E402

QUERY = "maturité"


class Clock:
    """Seconds spent in the plugin's typography and search steps during one build."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.typography = 0.0
        self.bare = 0.0
        self.search = 0.0
        self.fixes: dict[str, int] = {}
        self.total = 0

    def install(self) -> None:
        plugin = mkdocs_plugin.RegardPlugin
        typesetter_page = Typesetter.page
        add_page = PagefindIndex.add_page
        write = PagefindIndex.write
        clock = self

        def timed_page(typesetter: Any, html: str) -> str:
            start = time.perf_counter()
            map_text(html, lambda text: text)  # the tokenizer alone, for comparison
            middle = time.perf_counter()
            result = typesetter_page(typesetter, html)
            end = time.perf_counter()
            clock.bare += middle - start
            clock.typography += end - middle
            return result

        def timed(method: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return method(*args, **kwargs)
                finally:
                    clock.search += time.perf_counter() - start
            return wrapper

        Typesetter.page = timed_page  # type: ignore[method-assign]
        PagefindIndex.add_page = timed(add_page)  # type: ignore[method-assign]
        PagefindIndex.write = timed(write)  # type: ignore[method-assign]
        post_build = plugin.on_post_build

        def counted(self: Any, **kwargs: Any) -> None:
            clock.fixes = dict(self.typesetter.fixes)
            clock.total = self.typesetter.total
            post_build(self, **kwargs)

        plugin.on_post_build = counted  # type: ignore[method-assign]


def real_project(workdir: Path) -> Path:
    project = workdir / "site-real"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "timeline.yml"):
        shutil.copy(ROOT / name, project / name)
    return project


def lunr_index_size(project: Path) -> tuple[int, int]:
    """Size of Material's search_index.json for the same content (raw, gzipped)."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["plugins"] = [{"search": {"lang": "fr"}}, *config["plugins"]]
    lunr = project / "mkdocs-lunr.yml"
    lunr.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    timed_build(lunr, project / "site-lunr")
    data = (project / "site-lunr" / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data))


def bytes_fetched(site: Path, chromium: str) -> dict[str, Any]:
    """Bytes downloaded for a page view, then for one query (raw and as gzipped text)."""
    from playwright.sync_api import sync_playwright

    server, url = serve(site, free_port(), pages=True)
    sizes: dict[str, int] = {}

    def record(response: Any) -> None:
        # A redirect or an aborted request has no body.
        with contextlib.suppress(Exception):
            sizes[response.url] = len(response.body())

    def gzipped(urls: list[str]) -> int:
        total = 0
        for address in urls:
            path = site / address.split("/regard/", 1)[1].split("?")[0].split("#")[0]
            if path.is_dir():
                path = path / "index.html"
            data = path.read_bytes()
            total += min(len(data), len(gzip.compress(data)))
        return total

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", record)
            page.goto(f"{url}/terrains/chatel/")
            page.wait_for_load_state("networkidle")
            view = dict(sizes)
            sizes.clear()
            page.locator("[data-rd-search-input]").click()
            page.locator("[data-rd-search-input]").fill(QUERY)
            page.wait_for_function("q => document.querySelector('#rd-search-status')"
                                   ".textContent.includes(q)", arg=QUERY)
            page.wait_for_load_state("networkidle")
            query = dict(sizes)
            browser.close()
    finally:
        server.shutdown()
    search_in_view = [u for u in view if "/pagefind/" in u or "search" in u.rsplit("/", 1)[1]]
    return {
        "page_view_requests": len(view),
        "page_view_bytes": sum(view.values()),
        "page_view_gzip": gzipped(list(view)),
        "page_view_search_bytes": sum(view[u] for u in search_in_view),
        "query_requests": len(query),
        "query_bytes": sum(query.values()),
        "query_gzip": gzipped(list(query)),
        "query_files": sorted(u.split("/regard/", 1)[1] for u in query),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="*", default=[0, 1000, 10000],
                        help="0 is the real content")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    chromium = None if args.no_browser else find_chromium()
    rows = []
    clock = Clock()
    clock.install()
    with tempfile.TemporaryDirectory(prefix="regard-french-") as tmp:
        for count in args.events:
            project = real_project(Path(tmp)) if count == 0 else make_project(Path(tmp), count)
            clock.reset()
            build_s = timed_build(project / "mkdocs.yml", project / "site")
            pages = list((project / "site").rglob("*.html"))
            index = project / "site" / "pagefind"
            row: dict[str, Any] = {
                "events": count or "réel",
                "build_s": round(build_s, 2),
                "typography_s": round(clock.typography, 3),
                "tokenizer_alone_s": round(clock.bare, 3),
                "typography_share_of_build": round(clock.typography / build_s, 3),
                "search_index_s": round(clock.search, 2),
                "html_bytes": sum(p.stat().st_size for p in pages),
                "fixes": clock.total,
                "fixes_by_rule": clock.fixes,
                "search_index_bytes": sum(p.stat().st_size for p in index.rglob("*")
                                          if p.is_file()),
            }
            row["lunr_index_bytes"], row["lunr_index_gzip"] = lunr_index_size(project)
            if chromium:
                row.update(bytes_fetched(project / "site", chromium))
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            shutil.rmtree(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
