"""Benchmark: build cost, the chronology's size and its speed in Chromium, from the real
content to synthetic chronologies of 10,000 events.

    .venv/bin/python benchmarks/chronology.py                  # real content, 1,000, 10,000
    .venv/bin/python benchmarks/chronology.py --events real 1000 --repeat 3 --cold --no-browser
    .venv/bin/python benchmarks/chronology.py --events 1000 --changes 40
    .venv/bin/python benchmarks/chronology.py --events real 10000 --no-plain --visits 2

For each size it copies the project into a temporary folder — ``real`` keeps the real
``timeline.yml`` as it is; a number writes a deterministic one (the real events, then seeded
random ones over the real legend, projects and people) — then:

1. builds the site twice over, interleaved ``--repeat`` times, each build in a fresh Python
   process (``benchmarks/build_once.py``), as ``mkdocs build`` runs:

   - **plugin**: ``mkdocs build`` of the project with the RegarD plugin, as published;
   - **plain**: MkDocs + Material without the plugin, on the same site prepared beforehand
     (untimed): every page the plugin adds, rendered by the generator (hand-written pages
     with their event links retargeted as the plugin does, generated pages, the staff
     guide), the split chronology's index files and the open-data files in the docs
     folder, the per-record citation files copied into the site after the build (timed:
     the plugin writes them in its build too), and search by Material's built-in
     ``search`` plugin, the engine's own way of making a search index, so that both builds
     pay for one (Pagefind's, for the plugin). The plain site has the same pages and data
     files; it lacks what only the plugin does: French typography, acronym tooltips, table
     labels and Pagefind's index instead of Material's.

   It prints, per size, the wall-clock time of each build and their ratio, their processor
   time (user + system, the build's process and the processes it waited for, Pagefind
   included) and its ratio, the bytes of each site, the peak resident memory of each build
   process (and of Pagefind beside it), and the growth from 1,000 to 10,000 events of the
   plugin's build time, bytes and memory. Ratios are medians of the paired ratios of one
   run. Python's compiled modules and the compiled templates go to a temporary
   ``PYTHONPYCACHEPREFIX``, never into the repository: they are **warm** (an untimed build
   of each kind first, as on any machine after its first build); with ``--cold`` the
   builds are measured again without the generator's compiled modules nor any compiled
   template (a first build after installing);
2. reports the frise's build cost (layout and rendering, timed apart from the build) and
   bytes, the events' own pages' bytes (mean, largest, all), the chronology pages' bytes
   (raw and gzip: ``chronologie/`` and the largest page
   of a split chronology), the split chronology's index files, and Material's search index
   (from the plain build);
3. serves the site on 127.0.0.1 and opens ``/chronologie/`` in Chromium, once as it is and
   once with the CPU slowed 4× (CDP ``Emulation.setCPUThrottlingRate``): the first event's
   paint after navigation (Element Timing), the DOM at rest (elements; all nodes, text
   included), and N filter changes (categories, years, projects, people, text), each
   measured from the change to the end of the forced style and layout (``update``), to
   the end of the next frame, paint included (``frame``: what the reader waits for), to
   the end of the frame that shows the frise and the page list too (``settled``: the same
   frame when the script draws them at its start, as it does), and to the end of the frame
   after (``next``: the work the script leaves for after the paint, the address written in
   the history among it, delays it; this benchmark reported it as ``settled`` until the
   frise was drawn in the list's frame).
   Changes are made with the filter panel closed, then again, from no filter, with it open
   (its per-option counts are then updated; categories ticked in the panel, since a click in
   the frise closes it); opening the panel is timed apart (to the end of its frame). Each
   kind of change comes in turn, and every sample is printed with the machine's load.

It is a script, not a test: figures depend on the machine, which may be shared with other
work; compare sizes and ratios within one run. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from generator.content.validate import load_site  # noqa: E402
from generator.engines.revision import last_update  # noqa: E402
from generator.outputs.exports import open_data  # noqa: E402
from generator.pages import frise  # noqa: E402
from generator.pages.chronology import split  # noqa: E402
from generator.pages.pages import (  # noqa: E402
    Renderer,
    build_data_files,
    build_pages,
    retarget_event_links,
)
from tests.browser.conftest import LAUNCH_ARGS, find_chromium, serve  # noqa: E402

WORDS = [
    "coopération", "territoire", "écologie", "économie", "projet", "accompagnement",
    "recherche", "terrain", "comité", "méthode", "filière", "énergie", "forêt", "alimentation",
    "réemploi", "Châtel", "Lédonien", "Jura", "étudiants", "gouvernance", "hybride", "ancrage",
    "portage", "résilience", "expérimentation",
]


def synthetic_timeline(count: int, seed: int = 20261126, content: Path = ROOT) -> dict:
    """``count`` events: the real ones (the glossary points at them), then synthetic ones
    over the real legend, projects and people, always the same for one ``count`` and one
    ``content`` (the folder holding timeline.yml and content/; tests give the frozen copy)."""
    rng = random.Random(seed)
    real = yaml.safe_load((content / "timeline.yml").read_text(encoding="utf-8"))
    site = load_site(content)
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


REAL = "real"
"""The size argument that stands for the real content, its ``timeline.yml`` as it is."""


def make_project(workdir: Path, count: int | None, content: Path = ROOT) -> Path:
    """A copy of the project in ``workdir``, with the content of ``content``: its timeline
    (``count`` None) or a synthetic one of ``count`` events."""
    project = workdir / f"site-{count or REAL}"
    shutil.copytree(content / "content", project / "content")
    shutil.copytree(ROOT / "theme", project / "theme")
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, project / name)
    if count is None:
        shutil.copy(content / "timeline.yml", project / "timeline.yml")
    else:
        (project / "timeline.yml").write_text(
            yaml.safe_dump(synthetic_timeline(count, content=content), allow_unicode=True,
                           sort_keys=False),
            encoding="utf-8")
    return project


class Build(NamedTuple):
    """One build, run in a fresh Python process as ``mkdocs build`` would run."""

    wall_s: float
    """From loading the configuration to the last file written."""
    cpu_s: float
    """Processor time of the build process and of the processes it waited for (Pagefind),
    user and system: less disturbed than ``wall_s`` by other work on a shared machine."""
    peak_mib: float
    """Peak resident memory of the build's Python process."""
    helper_peak_mib: float
    """Peak resident memory of its largest child process (Pagefind), 0 if none."""
    bytes: int
    """Bytes of the built site (every file)."""
    files: int


def measured_build(config_file: Path, site_dir: Path, copy_from: Path | None = None,
                   env: dict[str, str] | None = None) -> Build:
    """Build in a new process (so that each build's imports and peak memory are its own),
    then copy ``copy_from``\'s files into the site, timed with the build. ``env``: the
    process's environment (see :func:`cache_environment`)."""
    command = [sys.executable, str(Path(__file__).with_name("build_once.py")), str(config_file),
               str(site_dir)]
    if copy_from is not None:
        command.append(str(copy_from))
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            cwd=config_file.parent, env=env)
    if result.returncode != 0:
        sys.exit(f"build failed ({config_file}):\n{result.stdout}{result.stderr[-3000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    files = [f for f in site_dir.rglob("*") if f.is_file()]
    return Build(**figures, bytes=sum(f.stat().st_size for f in files), files=len(files))


def cache_environment(caches: Path, *, cold: bool = False) -> dict[str, str]:
    """The environment of a measured build. Python's compiled modules and the compiled
    templates (which the plugin keeps beside them) go to ``caches``
    (``PYTHONPYCACHEPREFIX``), never into the repository. Warm: written there by a first,
    untimed build, as on any machine after its first build. ``cold``: a first build after
    installing — the installed packages compiled (pip compiles them), the generator's
    modules and every template not; nothing written."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not cold:
        return {**env, "PYTHONPYCACHEPREFIX": str(caches)}
    fresh = caches.with_name(caches.name + "-cold")
    if not fresh.exists():
        generator = caches / ROOT.relative_to(ROOT.anchor) / "generator"
        shutil.copytree(caches, fresh, ignore=lambda folder, names: [
            n for n in names if Path(folder) / n == generator])
    return {**env, "PYTHONPYCACHEPREFIX": str(fresh), "PYTHONDONTWRITEBYTECODE": "1"}


def plugin_build(project: Path, site_dir: Path, env: dict[str, str] | None = None) -> Build:
    """``mkdocs build`` of the project, with the RegarD plugin, as published."""
    shutil.rmtree(site_dir, ignore_errors=True)
    return measured_build(project / "mkdocs.yml", site_dir, env=env)


def prepare_plain(project: Path) -> tuple[Path, Path]:
    """The baseline: the same site for plain MkDocs + Material, with no RegarD plugin.

    The generator renders beforehand, untimed, every page the plugin adds (hand-written
    pages with their event links retargeted as the plugin does, generated pages, the staff
    guide) and every data file (the split chronology's indexes, the open-data files) into a
    docs folder; the per-record citation files, which the plugin writes straight into the
    site, go into a folder copied into the site after the build (timed with it). Search is
    Material's built-in ``search`` plugin, the engine's own way of making a search index,
    so that both builds pay for one. Returns the configuration and the citations folder."""
    docs = project / "plain-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(project / "content" / "pages", docs)
    site = load_site(project)
    chronology = split(site.events)
    for page in docs.rglob("*.md"):  # links to events follow them, as the plugin makes them
        relative = page.relative_to(docs).as_posix()
        page.write_text(retarget_event_links(page.read_text("utf-8"), relative, chronology),
                        "utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    site_url = config["site_url"]
    updated = last_update(project)
    data = open_data(site, site_url, updated, chronology)
    files = [(p.path, p.markdown.encode("utf-8"))
             for p in [*build_pages(site, site_url, updated), *data.pages]]
    files += [(f.path, f.text.encode("utf-8")) for f in build_data_files(site)]
    files += data.files
    for path, content in files:
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    guide = docs / "contribuer" / "index.md"  # published by the plugin's `guide` option
    guide.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / "CONTRIBUTING.md", guide)
    citations = project / "plain-citations"
    shutil.rmtree(citations, ignore_errors=True)
    for path, content in data.citation_files:
        target = citations / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    config["plugins"] = ["search"] + [p for p in config["plugins"]
                                      if p != "regard" and not (isinstance(p, dict)
                                                                and "regard" in p)]
    config["docs_dir"] = "plain-docs"
    plain = project / "mkdocs-plain.yml"
    plain.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return plain, citations


def plain_build(project: Path, site_dir: Path, env: dict[str, str] | None = None) -> Build:
    """Plain MkDocs + Material (and its search) building the pages of
    :func:`prepare_plain`."""
    config, citations = prepare_plain(project)
    shutil.rmtree(site_dir, ignore_errors=True)
    return measured_build(config, site_dir, citations, env)


def sizes(project: Path, site_dir: Path) -> dict:
    """Bytes of the chronology's pages, of its frise, of its index files and of Material's
    search index; the frise's layout and rendering time."""
    site = load_site(project)
    start = time.perf_counter()
    drawn = frise.layout(site.events, site.timeline.legend, site.timeline.periods)
    layout_s = time.perf_counter() - start
    chronology = split(site.events)
    renderer = Renderer(site, chronology)
    start = time.perf_counter()
    renderer.render("frise.html.j2", "chronologie/index.md", frise=drawn, chronology=chronology)
    render_s = time.perf_counter() - start

    def raw_gz(path: Path) -> tuple[int, int]:
        data = path.read_bytes() if path.is_file() else b""
        return len(data), len(gzip.compress(data, 6))

    index = site_dir / "chronologie" / "index.html"
    pages = sorted((site_dir / "chronologie").glob("*/index.html"))
    largest = max(pages, key=lambda p: p.stat().st_size, default=index)
    html = index.read_text("utf-8")
    frise_html = re.search(r'<figure class="rd-frise".*?</figure>', html, re.S)
    frise_bytes = frise_html.group(0).encode() if frise_html else b""
    # The events' own pages: one per event, most of the site's bytes at 10,000 events.
    event_pages = [p.stat().st_size for p in (site_dir / "evenements").glob("*/index.html")]
    return {
        "event_pages": len(event_pages),
        "event_page_bytes": {"mean": round(sum(event_pages) / max(len(event_pages), 1)),
                             "max": max(event_pages, default=0),
                             "total": sum(event_pages)},
        "pages": 1 + len(pages),
        "page_kb": [round(b / 1000) for b in raw_gz(index)],
        "largest_page_kb": [round(b / 1000) for b in raw_gz(largest)],
        "frise_layout_ms": round(layout_s * 1000, 1),
        "frise_render_ms": round(render_s * 1000, 1),
        "frise_markers": drawn.marks,
        "frise_kb": [round(len(frise_bytes) / 1000), round(len(gzip.compress(frise_bytes)) / 1000)],
        "index_kb": [round(b / 1000) for b in raw_gz(site_dir / "chronologie" / "evenements.json")],
        "texts_kb": [round(b / 1000) for b in raw_gz(site_dir / "chronologie" / "textes.json")],
        # Material's index, made by the plain build: the size the site would have without
        # Pagefind (which fetches a query's fragments only).
        "search_index_kb": [round(b / 1000) for b in raw_gz(
            project / "site-plain" / "search" / "search_index.json")],
    }


# A change, as a reader makes it: text typed in the box; a category ticked in the frise, or in
# the panel while it is open (a click outside the filters, in the frise, closes the panel).
MEASURE = """async ([kind, value]) => {
  const panel = document.querySelector('[data-rd-panel]');
  const open = !panel.hidden;
  const t0 = performance.now();
  if (kind === 'texte') {
    const input = document.querySelector('[data-rd-chronology] input[name=texte]');
    input.value = value;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  } else {
    const selector = kind !== 'categorie' ? `[data-rd-panel] input[name=${kind}]`
      : open ? '[data-rd-panel] input[data-rd-kind=categorie]'
      : '[data-rd-frise] input[name=categorie]';
    document.querySelector(`${selector}[value="${value}"]`).click();
  }
  document.body.getBoundingClientRect();
  const update = performance.now() - t0;
  // The end of the next frame: its rAF callbacks, style, layout, observers and paint.
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const frame = performance.now() - t0;
  // The frise and the page list are drawn at the start of the list's frame: that frame shows
  // the whole change. Were they still due, until the end of the frame that draws them.
  const chronology = window.regardChronology;
  const due = Boolean(chronology.friseDue);
  if (chronology.settled) await chronology.settled();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  // The end of the frame after (what the script does after the paint, the address written in
  // the history among it, delays it): the figure this benchmark gave as « settled » before.
  const next = performance.now() - t0;
  return {update, frame, settled: due ? next : frame, next,
          shown: chronology.visibleIds().length, open: open && !panel.hidden};
}"""

# Back to every event (the panel's « Tout effacer »), untimed: the open panel's changes start
# from the state the closed panel's started from, so that each pair differs by the panel only.
RESET = """async () => {
  document.querySelector('[data-rd-panel] [data-rd-reset]').click();
  const chronology = window.regardChronology;
  if (chronology.settled) await chronology.settled();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
}"""

OPEN_PANEL = """async () => {
  const t0 = performance.now();
  document.querySelector('[data-rd-toggle]').click();
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - t0;
}"""

FIRST_PAINT = """() => new Promise(resolve => {
  setTimeout(() => resolve(-1), 60000);
  new PerformanceObserver(list => {
    const entry = list.getEntries().find(e => e.identifier === 'rd-first-event');
    if (entry) resolve(entry.renderTime || entry.loadTime);
  }).observe({type: 'element', buffered: true});
})"""

# The layout shift of the load (cumulative, as Chromium reports it: 0 when nothing moves, « good »
# under 0.1), until the filters are ready and before any filter change.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 0);
})"""


def changes(count: int, site_projects: list[str], people: list[str],
            years: list[int]) -> list[tuple[str, str]]:
    """``count`` changes, each kind in turn (category, year, project, person, text: the
    budgets hold for each, so each gets a fifth of the samples), the value drawn at random
    among those the page offers; a box clicked twice is unticked."""
    rng = random.Random(7)
    pools = {"categorie": ["theory", "method", "committees", "field"],
             "annee": [str(y) for y in years], "terrain": site_projects,
             "personne": people[:10]}
    texts = ["eco", "ecologie", "chatel", "jura foret", "", "cooperation", ""]
    order = [kind for kind in ("categorie", "annee", "terrain", "personne", "texte")
             if kind == "texte" or pools[kind]]
    result = []
    for i in range(count):
        kind = order[i % len(order)]
        if kind == "texte":
            result.append((kind, texts[(i // len(order)) % len(texts)]))
        else:
            result.append((kind, rng.choice(pools[kind])))
    return result


def load_average() -> float:
    """The machine's load over the last minute (0 where the system does not say)."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return 0.0


def _series(results: list[dict], planned: list[tuple[str, str]]) -> dict:
    frames = [r["frame"] for r in results]
    updates = [r["update"] for r in results]
    settled = [r["settled"] for r in results]
    # Per kind of change (the budgets hold for each): settled, median / worst.
    by_kind: dict[str, list[float]] = {}
    for (kind, _), r in zip(planned, results, strict=True):
        by_kind.setdefault(kind, []).append(r["settled"])
    return {"update_median_ms": round(statistics.median(updates), 1),
            "frame_median_ms": round(statistics.median(frames), 1),
            "frame_max_ms": round(max(frames), 1),
            "settled_median_ms": round(statistics.median(settled), 1),
            "settled_max_ms": round(max(settled), 1),
            "settled_by_kind_ms": {k: [round(statistics.median(v), 1), round(max(v), 1), len(v)]
                                   for k, v in sorted(by_kind.items())},
            # Every change as made: kind, value, then update / frame / settled / next (ms).
            "next_median_ms": round(statistics.median(r["next"] for r in results), 1),
            "next_max_ms": round(max(r["next"] for r in results), 1),
            "samples": [[kind, value, round(r["update"], 1), round(r["frame"], 1),
                         round(r["settled"], 1), round(r["next"], 1)]
                        for (kind, value), r in zip(planned, results, strict=True)]}


def measure(site_dir: Path, project: Path, chromium: str, count: int, rate: float) -> dict:
    """One visit of /chronologie/ with the CPU slowed ``rate`` times."""
    from playwright.sync_api import sync_playwright

    server, url = serve(site_dir)
    site = load_site(project)
    people = sorted({p for e in site.events for p in e.people}) or sorted(site.people)
    # Only the values the page offers (a year page of a split chronology offers them all).
    years = sorted({e.date.year for e in site.events})
    projects = sorted(p for p in site.projects if site.events_of[f"project:{p}"])
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            page.goto(f"{url}/chronologie/", wait_until="load", timeout=300_000)
            first_paint = page.evaluate(FIRST_PAINT)
            page.wait_for_selector("[data-rd-filters]:not([hidden])", timeout=120_000)
            page.evaluate("window.regardChronology.ready")
            page.wait_for_timeout(300)
            shift = page.evaluate(LAYOUT_SHIFT)
            # A split chronology fetches its texts when the reader first types: not measured.
            page.evaluate("""async () => {
                const input = document.querySelector('[data-rd-chronology] input[name=texte]');
                input.value = 'a'; input.dispatchEvent(new Event('input', {bubbles: true}));
                const chronology = window.regardChronology;
                if (chronology.textsPromise) await chronology.textsPromise;
                input.value = ''; input.dispatchEvent(new Event('input', {bubbles: true}));
            }""")
            page.wait_for_timeout(500)
            elements = page.evaluate("document.getElementsByTagName('*').length")
            nodes = page.evaluate("""() => {
                const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
                let count = 0;
                while (walker.nextNode()) count++;
                return count;
            }""")
            planned = changes(count, projects, people, years)
            load_before = load_average()
            closed = [page.evaluate(MEASURE, list(change)) for change in planned]
            page.evaluate(RESET)
            page.wait_for_timeout(300)
            # Opening the panel (its counts made then) is timed apart from the changes.
            opening = page.evaluate(OPEN_PANEL)
            opened = [page.evaluate(MEASURE, list(change)) for change in planned]
            if not all(r["open"] for r in opened):
                sys.exit("le panneau des filtres s'est fermé pendant les mesures « ouvert »")
            load_after = load_average()
            browser.close()
    finally:
        server.shutdown()
    return {"load": [load_before, load_after],
            "first_event_painted_ms": round(first_paint), "layout_shift": round(shift, 3),
            "dom_elements": elements,
            "dom_nodes": nodes, "closed": _series(closed, planned),
            "open": _series(opened, planned),
            "panel_opening_ms": round(opening, 1),
            "shown_range": [min(r["shown"] for r in closed), max(r["shown"] for r in closed)]}


def size_argument(value: str) -> int | None:
    """``real`` (the real content) or a number of events."""
    if value == REAL:
        return None
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r}: « {REAL} » or a number") from None


def _median_build(builds: list[Build]) -> Build:
    """Each figure's median over repeated builds of one site."""
    return Build(*((statistics.median_low if isinstance(values[0], int) else statistics.median)(
        values) for values in zip(*builds, strict=True)))


def build_figures(project: Path, repeat: int, caches: Path, cold: bool = False) -> dict:
    """Plugin and plain builds of one project, interleaved ``repeat`` times (so that a
    machine shared with other work slows both alike): medians, and the median of the
    paired ratios. Warm builds are preceded by an untimed build of each kind, which fills
    the caches (see :func:`cache_environment`)."""
    env = cache_environment(caches, cold=cold)
    if not cold:
        plugin_build(project, project / "site", env)
        plain_build(project, project / "site-plain", env)
    plugin, plain = [], []
    for _ in range(repeat):
        plugin.append(plugin_build(project, project / "site", env))
        plain.append(plain_build(project, project / "site-plain", env))
    a, b = _median_build(plugin), _median_build(plain)
    return {
        "build_plugin_s": round(a.wall_s, 2), "build_plain_s": round(b.wall_s, 2),
        "build_ratio": round(statistics.median(x.wall_s / y.wall_s
                                               for x, y in zip(plugin, plain, strict=True)), 2),
        "cpu_plugin_s": round(a.cpu_s, 2), "cpu_plain_s": round(b.cpu_s, 2),
        "cpu_ratio": round(statistics.median(x.cpu_s / y.cpu_s
                                             for x, y in zip(plugin, plain, strict=True)), 2),
        "bytes_plugin": a.bytes, "bytes_plain": b.bytes,
        "files_plugin": a.files, "files_plain": b.files,
        "peak_mib_plugin": round(a.peak_mib), "peak_mib_plain": round(b.peak_mib),
        "pagefind_peak_mib": round(a.helper_peak_mib),
        "builds": repeat,
    }


def growth(report: list[dict], small: int = 1000, large: int = 10000) -> dict | None:
    """10,000 ÷ 1,000 events for build time (wall and processor), bytes and peak memory."""
    rows = {r["events_asked"]: r for r in report}
    if small not in rows or large not in rows:
        return None
    a, b = rows[small], rows[large]
    return {key: round(b[key] / a[key], 1) for key in (
        "build_plugin_s", "cpu_plugin_s", "bytes_plugin", "peak_mib_plugin",
        "build_plain_s", "cpu_plain_s", "bytes_plain", "peak_mib_plain")}


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=size_argument, nargs="+", default=[None, 1000, 10000],
                        metavar="N", help=f"« {REAL} » (the real content) or a number of events")
    parser.add_argument("--changes", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=1,
                        help="builds of each kind per size, interleaved (medians)")
    parser.add_argument("--cold", action="store_true",
                        help="also builds without compiled templates and generator modules "
                             "(a first build after installing)")
    parser.add_argument("--no-browser", action="store_true",
                        help="builds and sizes only (no Chromium)")
    parser.add_argument("--no-plain", action="store_true",
                        help="one plugin build per size, no plain MkDocs build to compare "
                             "with (for the browser figures alone)")
    parser.add_argument("--visits", type=int, default=1,
                        help="visits of the chronology per CPU rate (each one printed)")
    parser.add_argument("--rates", type=float, nargs="+", default=[1, 4], metavar="R",
                        help="CPU slowdowns of the visits (Chromium's throttling rate)")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None and not args.no_browser:
        print("aucun Chromium trouvé (REGARD_CHROMIUM)", file=sys.stderr)
        return 2
    report = []
    with tempfile.TemporaryDirectory(prefix="regard-bench-") as tmp:
        for count in args.events:
            project = make_project(Path(tmp), count)
            row = {"events": len(load_site(project).events), "events_asked": count or REAL}
            if args.no_plain:
                built = plugin_build(project, project / "site",
                                     cache_environment(Path(tmp) / "pycache"))
                row.update(build_plugin_s=round(built.wall_s, 2), bytes_plugin=built.bytes)
            else:
                row.update(build_figures(project, args.repeat, Path(tmp) / "pycache"))
            if args.cold and not args.no_plain:
                row["cold"] = build_figures(project, args.repeat, Path(tmp) / "pycache",
                                            cold=True)
            row.update(sizes(project, project / "site"))
            if not args.no_browser:
                assert chromium is not None
                for rate in args.rates:
                    visits = [measure(project / "site", project, chromium, args.changes, rate)
                              for _ in range(args.visits)]
                    row[f"cpu_{rate:g}x"] = visits[0]
                    row[f"visits_{rate:g}x"] = visits
            report.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            shutil.rmtree(project)
    if args.no_plain:
        report_browser(report, args.no_browser)
        return 0
    print("\n| événements | build plugin ÷ MkDocs seul (horloge) | processeur | octets du site "
          "| mémoire max. (Mio) plugin + Pagefind / seul |")
    print("| --- | --- | --- | --- | --- |")
    for r in report:
        print(f"| {r['events']} | {r['build_plugin_s']} s ÷ {r['build_plain_s']} s = "
              f"{r['build_ratio']} | {r['cpu_plugin_s']} s ÷ {r['cpu_plain_s']} s = "
              f"{r['cpu_ratio']} | {r['bytes_plugin']:,} / {r['bytes_plain']:,} | "
              f"{r['peak_mib_plugin']} + {r['pagefind_peak_mib']} / {r['peak_mib_plain']} |")
    if args.cold:
        print("\nSans cache (premier build après installation) :\n\n| événements "
              "| build plugin ÷ MkDocs seul (horloge) | processeur |\n| --- | --- | --- |")
        for r in report:
            c = r["cold"]
            print(f"| {r['events']} | {c['build_plugin_s']} s ÷ {c['build_plain_s']} s = "
                  f"{c['build_ratio']} | {c['cpu_plugin_s']} s ÷ {c['cpu_plain_s']} s = "
                  f"{c['cpu_ratio']} |")
    grown = growth(report)
    if grown:
        print(f"\n10 000 ÷ 1 000 événements : build {grown['build_plugin_s']} (processeur "
              f"{grown['cpu_plugin_s']}), octets {grown['bytes_plugin']}, mémoire "
              f"{grown['peak_mib_plugin']} ; MkDocs seul : {grown['build_plain_s']} "
              f"({grown['cpu_plain_s']}), {grown['bytes_plain']}, {grown['peak_mib_plain']}")
    report_browser(report, args.no_browser)
    return 0


def report_browser(report: list[dict], no_browser: bool) -> None:
    """The chronology's tables: its pages and frise, and its figures in Chromium."""
    print("\n| événements | pages | chronologie/ (ko brut / gzip) "
          "| frise : calcul + rendu (ms), repères, ko | index de recherche Material (ko) |")
    print("| --- | --- | --- | --- | --- |")
    for r in report:
        print(f"| {r['events']} | {r['pages']} | {r['page_kb'][0]} / {r['page_kb'][1]} "
              f"(plus grande : {r['largest_page_kb'][0]} / {r['largest_page_kb'][1]}) | "
              f"{r['frise_layout_ms']} + {r['frise_render_ms']}, {r['frise_markers']}, "
              f"{r['frise_kb'][0]} ({r['frise_kb'][1]} gz) | {r['search_index_kb'][0]} / "
              f"{r['search_index_kb'][1]} |")
    if no_browser:
        return
    print("\n| événements | processeur | premier événement peint (ms) | décalage au "
          "chargement | DOM au repos (éléments / nœuds) | filtre, panneau fermé : image "
          "médiane / max (ms) | panneau ouvert : médiane / max (ms) | frise suivie : "
          "médiane / max (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report:
        for rate in _rates(r):
            for m in r[f"visits_{rate}"]:
                print(f"| {r['events']} | {rate} | {m['first_event_painted_ms']} | "
                      f"{m['layout_shift']} | {m['dom_elements']} / {m['dom_nodes']} | "
                      f"{m['closed']['frame_median_ms']} / {m['closed']['frame_max_ms']} | "
                      f"{m['open']['frame_median_ms']} / {m['open']['frame_max_ms']} | "
                      f"{m['closed']['settled_median_ms']} / "
                      f"{m['closed']['settled_max_ms']} |")
    print("\n| événements | processeur | premier événement peint : médiane / max (ms) |")
    print("| --- | --- | --- |")
    for r in report:
        for rate in _rates(r):
            painted = [m["first_event_painted_ms"] for m in r[f"visits_{rate}"]]
            if painted:
                print(f"| {r['events']} | {rate} | {round(statistics.median(painted))} / "
                      f"{max(painted)} ({len(painted)} visite{'s' if len(painted) > 1 else ''}) |")
    report_kinds(report)


def _rates(row: dict) -> list[str]:
    """The CPU rates a size was visited at (« 1x », « 4x »), in the order of the visits."""
    return [key.removeprefix("visits_") for key in row if key.startswith("visits_")]


def report_kinds(report: list[dict]) -> None:
    """Per visit and kind of change, panel closed then open: every sample until the frise
    and the page list show the change (« settled », ms), its median and worst, and the
    machine's load (1 min) before and after the changes: on a shared machine, compare a
    kind with the same visit's other kinds."""
    print("\n| événements | processeur | visite (charge) | panneau | changement | "
          "médiane / max (ms) | mesures (ms, dans l'ordre) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in report:
        for rate in _rates(r):
            for number, m in enumerate(r[f"visits_{rate}"], 1):
                load = " → ".join(str(x) for x in m.get("load", []))
                for panel, name in (("closed", "fermé"), ("open", "ouvert")):
                    kinds: dict[str, list[float]] = {}
                    for kind, _value, _update, _frame, settled, _next in m[panel]["samples"]:
                        kinds.setdefault(kind, []).append(settled)
                    for kind, values in kinds.items():
                        print(f"| {r['events']} | {rate} | {number} ({load}) | {name} | {kind} | "
                              f"{round(statistics.median(values), 1)} / {max(values)} | "
                              f"{', '.join(str(v) for v in values)} |")


if __name__ == "__main__":
    sys.exit(main())
