"""Build time of the real content with each engine, side by side in one run.

    .venv/bin/python benchmarks/engines.py            # 5 runs of each, medians
    .venv/bin/python benchmarks/engines.py --runs 3

Engines: MkDocs with the regard plugin (what publishes today), ProperDocs on the same
project unchanged, and Zensical on the project `regard render` writes (render timed apart),
with MkDocs on that rendered project for reference. Each build is a fresh process, as a
reader of the README would run it, into a temporary folder; Zensical's cache is cleared
every time (`--clean`), so that every figure is a cold build. The runs are interleaved
(one of each engine, then again), so that a machine shared with other work slows them
alike; compare the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(*args: str, cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=ENV,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="regard-engines-") as folder:
        tmp = Path(folder)
        project = tmp / "projet"
        for run in range(args.runs):
            steps = {
                "MkDocs 1.6.1 + plugin regard": (
                    ("mkdocs", "build", "--strict", "-q", "-d", str(tmp / "mkdocs")), ROOT),
                "ProperDocs 1.6.7 + plugin regard": (
                    ("properdocs", "build", "--strict", "-q", "-f", "mkdocs.yml",
                     "-d", str(tmp / "properdocs")), ROOT),
                "regard render (project for another engine)": (
                    ("generator", "--root", str(ROOT), "render", str(project)), ROOT),
                "Zensical 0.0.73 on the rendered project": (
                    ("zensical", "build", "--clean", "-f", str(project / "mkdocs.yml")), project),
                "MkDocs 1.6.1 on the rendered project (no plugin)": (
                    ("mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"),
                     "-d", str(tmp / "mkdocs-rendu")), project),
            }
            for name, (command, cwd) in steps.items():
                times.setdefault(name, []).append(timed(*command, cwd=cwd))
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    baseline = statistics.median(times["MkDocs 1.6.1 + plugin regard"])
    print(f"Build of the real content, median of {args.runs} runs "
          f"(whole process, interleaved runs):\n")
    print(f"| {'build':<48} | median (s) | min (s) | ÷ MkDocs + plugin |")
    print(f"| {'-' * 48} | ---------: | ------: | ----------------: |")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name:<48} | {median:10.2f} | {min(values):7.2f} | "
              f"{median / baseline:17.2f} |")


if __name__ == "__main__":
    main()
