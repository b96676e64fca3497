"""The chronology's TimelineJS export, loaded into the real TimelineJS 3 (npm package
@knight-lab/timelinejs, pinned in tests/browser/timelinejs/package-lock.json) in Chromium:
every event becomes a slide and a marker, every period an era, and nothing is logged as an
error. Nothing is fetched from the network: TimelineJS is served from node_modules, installed
beforehand with ``npm ci --prefix tests/browser/timelinejs`` (CI does it; without it the test
is skipped, and pytest's header says so).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.content.validate import load_site
from generator.outputs.exports import TIMELINE_PATH, open_data
from tests.support import DIST, FROZEN, MINIMAL, serve, skip_unless_required, timelinejs_missing

PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1100px; height: 650px"></div>
<script>
fetch("data.json").then(r => r.json()).then(data => {
  const timeline = new TL.Timeline("timeline", data, {
    language: "fr", script_path: new URL("tl/js/", location.href).href,
    hash_bookmark: false, ga_property_id: null,
    font: null});  // its default font sheet loads Google Fonts
  timeline.on("loaded", () => { window.__loaded = true; });
  window.__timeline = timeline;
});
</script></body></html>
"""


@pytest.fixture
def timelinejs() -> Path:
    missing = timelinejs_missing()
    if missing:
        skip_unless_required(missing)
    return DIST


def _load(page, folder: Path, dist: Path, data: dict) -> dict:
    shutil.copytree(dist, folder / "tl")
    (folder / "index.html").write_text(PAGE, "utf-8")
    (folder / "data.json").write_text(json.dumps(data), "utf-8")
    server, url = serve(folder)
    try:
        page.goto(f"{url}/index.html")
        page.wait_for_function("window.__loaded === true", timeout=30_000)
        return page.evaluate("""() => ({
          slides: document.querySelectorAll('.tl-slide').length,
          markers: document.querySelectorAll('.tl-timemarker').length,
          eras: document.querySelectorAll('.tl-timeera').length,
          groups: [...document.querySelectorAll('.tl-timegroup-message')]
            .map(e => e.textContent.trim()),
          valid: window.__timeline.config.isValid(),
          errors: window.__timeline.config.getErrors(),
          headlines: [...document.querySelectorAll('.tl-slide .tl-headline')]
            .map(e => e.textContent.trim()),
        })""")
    finally:
        server.shutdown()


@pytest.mark.parametrize("content", ["real", "minimal"])
def test_timelinejs_3_loads_every_event_period_and_category(page, timelinejs, tmp_path,
                                                              content):
    site = load_site(FROZEN if content == "real" else MINIMAL)
    data = json.loads(dict(open_data(site, "http://127.0.0.1/", None).files)[TIMELINE_PATH])
    if content == "minimal":
        data["events"][-1].pop("media")  # its image is not served here
    shown = _load(page, tmp_path, timelinejs, data)
    assert shown["valid"] and shown["errors"] == []
    assert shown["slides"] == len(site.events) + 1  # and the title slide
    assert shown["markers"] == len(site.events)
    assert shown["eras"] == len(site.timeline.periods)
    firsts = {site.categories[e.categories[0]].label for e in site.events}
    assert sorted(shown["groups"]) == sorted(firsts)
    assert {e.title for e in site.events} <= set(shown["headlines"])
