"""Benchmark: build time and in-browser filter latency on synthetic chronologies.

    .venv/bin/python benchmarks/chronology.py            # 1,000 and 10,000 events
    .venv/bin/python benchmarks/chronology.py --events 1000 --changes 40

For each size, it writes a deterministic ``timeline.yml`` (the real events, then seeded random
ones over the real legend, projects and people) into a temporary copy of the project, then:

1. builds the site with the RegarD plugin, and builds the same pages with plain MkDocs
   (pages rendered beforehand, no plugin), and reports both times;
2. serves the site on 127.0.0.1, opens /chronologie/ in Chromium and applies N filter
   changes (categories, years, projects, people, text), measuring each in the page:
   from the change to the end of the forced style and layout (``update``), and to the next
   animation frame (``frame``). It prints the medians.

It is a script, not a test: figures depend on the machine; compare sizes within one run.
Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.exports import open_data  # noqa: E402
from generator.pages import build_pages  # noqa: E402
from generator.revision import last_update  # noqa: E402
from generator.validate import load_site  # noqa: E402
from tests.browser.conftest import LAUNCH_ARGS, find_chromium, serve  # noqa: E402

WORDS = [
    "coopération", "territoire", "écologie", "économie", "projet", "accompagnement",
    "recherche", "terrain", "comité", "méthode", "filière", "énergie", "forêt", "alimentation",
    "réemploi", "Châtel", "Lédonien", "Jura", "étudiants", "gouvernance", "hybride", "ancrage",
    "portage", "résilience", "expérimentation",
]


def synthetic_timeline(count: int, seed: int = 20261126) -> dict:
    """``count`` events: the real ones (the glossary points at them), then synthetic ones
    over the real legend, projects and people, always the same for one ``count``."""
    rng = random.Random(seed)
    real = yaml.safe_load((ROOT / "timeline.yml").read_text(encoding="utf-8"))
    site = load_site(ROOT)
    categories = [c["id"] for c in real["legend"]]
    projects, people = sorted(site.projects), sorted(site.people)
    events = list(real["events"])
    for i in range(count - len(events)):
        year = rng.randint(1990, 2026)
        month = rng.randint(1, 12)
        event = {
            "id": f"evenement-{i:05d}",
            "date": f"{year}-{month:02d}",
            "title": " ".join(rng.choices(WORDS, k=5)).capitalize(),
            "categories": rng.sample(categories, rng.choice([1, 1, 2])),
            "summary": " ".join(rng.choices(WORDS, k=40)) + ".",
        }
        if rng.random() < 0.5:
            event["projects"] = rng.sample(projects, rng.choice([1, 2]))
        if rng.random() < 0.6:
            event["people"] = rng.sample(people, rng.choice([1, 2, 3]))
        events.append(event)
    return {"legend": real["legend"], "periods": real.get("periods", []), "events": events}


def make_project(workdir: Path, count: int) -> Path:
    project = workdir / f"site-{count}"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, project / name)
    (project / "timeline.yml").write_text(
        yaml.safe_dump(synthetic_timeline(count), allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    return project


def timed_build(config_file: Path, site_dir: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


def plain_build(project: Path, site_dir: Path) -> float:
    """The same pages and open-data files, rendered beforehand, built by MkDocs without the
    plugin."""
    docs = project / "plain-docs"
    shutil.copytree(project / "content" / "pages", docs)
    site = load_site(project)
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    updated = last_update(project)
    data = open_data(site, site_url, updated)
    for page in [*build_pages(site, site_url, updated), *data.pages]:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for path, content in data.files:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    guide = docs / "contribuer" / "index.md"  # published by the plugin's `guide` option
    guide.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / "CONTRIBUTING.md", guide)
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"]
                         if p != "regard" and not (isinstance(p, dict) and "regard" in p)]
    config["docs_dir"] = "plain-docs"
    plain = project / "mkdocs-plain.yml"
    plain.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    elapsed = timed_build(plain, site_dir)
    # As the plugin does: the per-record citation files go straight into the built site.
    start = time.perf_counter()
    for path, content in data.citation_files:
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return elapsed + time.perf_counter() - start


MEASURE = """async ([kind, value]) => {
  const root = document.querySelector('[data-rd-chronology]');
  const t0 = performance.now();
  if (kind === 'texte') {
    const input = root.querySelector('input[name=texte]');
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  } else {
    root.querySelector(`input[name=${kind}][value="${value}"]`).click();
  }
  document.body.getBoundingClientRect();
  const update = performance.now() - t0;
  await new Promise(resolve => requestAnimationFrame(() => resolve()));
  const frame = performance.now() - t0;
  const shown = document.querySelectorAll('li.rd-event:not([hidden])').length;
  return {update, frame, shown};
}"""


def changes(count: int, site_projects: list[str], people: list[str]) -> list[tuple[str, str]]:
    rng = random.Random(7)
    pool = ([("categorie", c) for c in ["theory", "method", "committees", "field"]]
            + [("annee", str(y)) for y in range(1990, 2027)]
            + [("terrain", p) for p in site_projects] + [("personne", p) for p in people[:10]])
    texts = ["eco", "ecologie", "chatel", "jura foret", "", "cooperation", ""]
    result = []
    for i in range(count):
        result.append(("texte", texts[i % len(texts)]) if i % 4 == 3 else rng.choice(pool))
    return result


def measure(site_dir: Path, chromium: str, count: int) -> dict:
    from playwright.sync_api import sync_playwright

    server, url = serve(site_dir)
    site = load_site(ROOT)
    people = sorted({p for e in site.events for p in e.people}) or sorted(site.people)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            start = time.perf_counter()
            page.goto(f"{url}/chronologie/")
            page.wait_for_selector("[data-rd-filters]:not([hidden])", timeout=120_000)
            load = time.perf_counter() - start
            results = [page.evaluate(MEASURE, list(change))
                       for change in changes(count, sorted(site.projects), people)]
            browser.close()
    finally:
        server.shutdown()
    updates = [r["update"] for r in results]
    frames = [r["frame"] for r in results]
    return {
        "changes": len(results),
        "page_ready_s": round(load, 2),
        "update_median_ms": round(statistics.median(updates), 2),
        "update_max_ms": round(max(updates), 2),
        "frame_median_ms": round(statistics.median(frames), 2),
        "shown_range": [min(r["shown"] for r in results), max(r["shown"] for r in results)],
    }


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--changes", type=int, default=25)
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("aucun Chromium trouvé (REGARD_CHROMIUM)", file=sys.stderr)
        return 2
    report = []
    with tempfile.TemporaryDirectory(prefix="regard-bench-") as tmp:
        for count in args.events:
            project = make_project(Path(tmp), count)
            plugin_s = timed_build(project / "mkdocs.yml", project / "site")
            plain_s = plain_build(project, project / "site-plain")
            row = {"events": count, "build_plugin_s": round(plugin_s, 2),
                   "build_plain_mkdocs_s": round(plain_s, 2),
                   "build_ratio": round(plugin_s / plain_s, 2)}
            row.update(measure(project / "site", chromium, args.changes))
            report.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
    print("\n| événements | build plugin (s) | build MkDocs seul (s) | ratio | prêt (s) "
          "| mise à jour médiane (ms) | max (ms) | jusqu'à l'image suivante, médiane (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report:
        print(f"| {r['events']} | {r['build_plugin_s']} | {r['build_plain_mkdocs_s']} | "
              f"{r['build_ratio']} | {r['page_ready_s']} | {r['update_median_ms']} | "
              f"{r['update_max_ms']} | {r['frame_median_ms']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
