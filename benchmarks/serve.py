"""Benchmark: how soon `mkdocs serve` shows an edit of ``timeline.yml`` (the real content).

    .venv/bin/python benchmarks/serve.py                 # 5 edits, then 5 with --dirty
    .venv/bin/python benchmarks/serve.py --edits 9 --modes default

For each mode it copies the project into a temporary folder, starts ``mkdocs serve`` there
on a free port of 127.0.0.1, waits until ``/chronologie/`` is served, then N times: renames
one event in ``timeline.yml`` (a new title each time), and polls ``/chronologie/`` every
20 ms until the new title is in the page. It prints, per mode, the first build (from the
start of the command to the first page served) and the latency of each edit (from the file
written to the page served with the new title): median, least and most. What a latency
holds: the watcher notices the change (the plugin makes it look every 0.1 s; MkDocs alone
looks every 0.5 s), waits 0.1 s for other changes, rebuilds the whole site (generated pages
whose Markdown did not change get their last conversion back), then serves it.

Modes: ``default`` is ``mkdocs serve`` as the README gives it; ``dirty`` adds ``--dirty``
(MkDocs rebuilds only the pages whose file changed; it warns that the navigation may be
wrong, which the project's ``strict: true`` turns into an error, so ``--no-strict`` is
added).

A script, not a test: figures depend on the machine, which may be shared (give ratios
between modes from one run). Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

ROOT = Path(__file__).resolve().parent.parent
MODES = {"default": [], "dirty": ["--dirty", "--no-strict"]}
MOUNT = "/regard"
"""The path of ``site_url`` (GitHub Pages), where ``mkdocs serve`` mounts the site."""


def copy_project(workdir: Path) -> Path:
    project = workdir / "projet"
    for folder in ("content", "theme"):
        shutil.copytree(ROOT / folder, project / folder)
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "timeline.yml"):
        shutil.copy(ROOT / name, project / name)
    return project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (URLError, OSError):
        return None


def wait_for(url: str, needle: str, process: subprocess.Popen[bytes], timeout: float,
             interval: float = 0.02) -> float:
    """Seconds until ``url`` serves a page holding ``needle``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError("mkdocs serve s'est arrêté")
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(interval)
    raise TimeoutError(f"{needle!r} absent de {url} après {timeout} s")


FIRST_TITLE = re.compile(r"^(    title: )(.+)$", re.M)


def retitle(timeline: Path, title: str) -> None:
    """The first event's title replaced by ``title`` (written in one go)."""
    text = timeline.read_text("utf-8")
    events = text.index("\nevents:")
    match = FIRST_TITLE.search(text, events)
    assert match, "no event title in timeline.yml"
    timeline.write_text(text[:match.start(2)] + title + text[match.end(2):], "utf-8")


def measure(mode: str, edits: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="regard-serve-") as tmp:
        project = copy_project(Path(tmp))
        port = free_port()
        log = (Path(tmp) / "serve.log").open("w+b")
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}",
             *MODES[mode]], cwd=project, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        url = f"http://127.0.0.1:{port}{MOUNT}/chronologie/"
        try:
            wait_for(url, "rd-event", process, timeout=300, interval=0.1)
            first = time.perf_counter() - start
            latencies = []
            for edit in range(edits):
                title = f"Titre modifié numéro {'ABCDEFGHIJ'[edit % 10]}{edit} pour l’essai"
                time.sleep(1.0)  # the watcher's last look is behind us
                retitle(project / "timeline.yml", title)
                latencies.append(wait_for(url, title, process, timeout=120))
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.seek(0)
            output = log.read().decode("utf-8", "replace")
            log.close()
        errors = [line for line in output.splitlines() if "ERROR" in line]
        built = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", output)]
    return {"mode": mode, "first_build_s": round(first, 2),
            "edit_median_s": round(statistics.median(latencies), 2),
            "edit_min_s": round(min(latencies), 2), "edit_max_s": round(max(latencies), 2),
            "edits_s": [round(x, 2) for x in latencies],
            "rebuilds_s": built[1:], "errors": errors[:3]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    args = parser.parse_args()
    rows = []
    for mode in args.modes:
        row = measure(mode, args.edits)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    print("\n| mkdocs serve | premier build (s) | modification → page servie : médiane "
          "(min – max) |")
    print("| --- | --- | --- |")
    for row in rows:
        print(f"| {row['mode']} | {row['first_build_s']} | {row['edit_median_s']} s "
              f"({row['edit_min_s']} – {row['edit_max_s']}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
