"""The benchmark script's set-up works (its timings are not asserted: it is not a timed test)."""

from __future__ import annotations

import importlib.util
import re

from .support import FROZEN, ROOT

spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "chronology.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_synthetic_timelines_are_deterministic_and_keep_the_real_events():
    first = bench.synthetic_timeline(80, content=FROZEN)
    again = bench.synthetic_timeline(80, content=FROZEN)
    assert first == again
    assert len(first["events"]) == 80
    assert first["events"][0]["id"] == "naissance-clus-ter-jura"


def test_the_real_size_is_the_real_timeline_as_it_is(tmp_path):
    project = bench.make_project(tmp_path, None, content=FROZEN)
    assert (project / "timeline.yml").read_bytes() == (FROZEN / "timeline.yml").read_bytes()


SEARCH_ENGINES = ("pagefind/", "search/", "assets/javascripts/lunr/",
                  "assets/javascripts/workers/search.")
"""Each build's own search: Pagefind's folder; Material's index, lunr and its worker (which
the plugin's build leaves out)."""


def _published(site):
    """Every file of a built site except its search, which each build makes its own way."""
    return {path for p in site.rglob("*") if p.is_file()
            and not (path := p.relative_to(site).as_posix()).startswith(SEARCH_ENGINES)}


def test_the_plain_baseline_builds_the_same_site_with_material_search(tmp_path):
    project = bench.make_project(tmp_path, 80, content=FROZEN)
    plugin = bench.plugin_build(project, project / "site")
    html = (project / "site" / "chronologie" / "index.html").read_text("utf-8")
    assert len(re.findall(r'<li class="rd-event"', html)) == 80
    plain = bench.plain_build(project, project / "site-plain")
    assert plugin.wall_s > 0 and plain.wall_s > 0 and plain.cpu_s > 0
    assert plugin.peak_mib > 0 and plugin.helper_peak_mib > 0  # Pagefind ran beside it
    # The same pages, data and citation files; each with its own search index.
    assert _published(project / "site") == _published(project / "site-plain")
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()
    assert (project / "site-plain" / "search" / "search_index.json").is_file()
    assert plugin.bytes == sum(p.stat().st_size for p in (project / "site").rglob("*")
                               if p.is_file())
