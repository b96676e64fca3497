"""The benchmark script's set-up works (its timings are not asserted: it is not a timed test)."""

from __future__ import annotations

import importlib.util
import re

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "chronology.py")
assert spec and spec.loader
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_synthetic_timelines_are_deterministic_and_keep_the_real_events():
    first, again = bench.synthetic_timeline(80), bench.synthetic_timeline(80)
    assert first == again
    assert len(first["events"]) == 80
    assert first["events"][0]["id"] == "naissance-clus-ter-jura"


def test_a_synthetic_project_builds_with_the_plugin_and_without(tmp_path):
    project = bench.make_project(tmp_path, 80)
    assert bench.timed_build(project / "mkdocs.yml", project / "site") > 0
    html = (project / "site" / "chronologie" / "index.html").read_text("utf-8")
    assert len(re.findall(r'<li class="rd-event"', html)) == 80
    assert bench.plain_build(project, project / "site-plain") > 0
    assert (project / "site-plain" / "chronologie" / "index.html").is_file()
