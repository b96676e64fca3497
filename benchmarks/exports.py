"""Benchmark: what the open-data exports cost to build and weigh, on the real content and on
the synthetic chronologies of ``benchmarks/chronology.py``.

    .venv/bin/python benchmarks/exports.py                 # real content, 1,000 and 10,000
    .venv/bin/python benchmarks/exports.py --events 10000 --builds

For each size it times (median of ``--repeat`` runs) loading the content, rendering the pages
and making every export (``generator.outputs.exports.open_data``), and prints each file's
size and the number of per-record citation files. With ``--builds`` it also times a whole
MkDocs build with the plugin, exports included, and the same build with the exports left
out, and gives the exports' share. It is a script, not a test: figures depend on the
machine; compare within one run. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chronology import make_project  # noqa: E402
from generator.content.validate import load_site  # noqa: E402
from generator.engines import generated  # noqa: E402
from generator.engines.revision import last_update  # noqa: E402
from generator.outputs.exports import OpenData, open_data  # noqa: E402
from generator.pages.pages import build_pages  # noqa: E402

SITE_URL = "https://clus-ter-jura.github.io/regard/"


def median_time(function, repeat: int, clock=time.perf_counter) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = clock()
        result = function()
        times.append(clock() - start)
    return statistics.median(times), result


def timed_build(config_file: Path, site_dir: Path, strict: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one build (CPU time is the steadier figure on a machine
    shared with other work)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start, cpu = time.perf_counter(), time.process_time()
    config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start, time.process_time() - cpu


def measure(project: Path, label: str, repeat: int, builds: bool) -> None:
    updated = last_update(project)
    load_s, site = median_time(lambda: load_site(project), repeat)
    pages_s, _ = median_time(lambda: build_pages(site, SITE_URL, updated), repeat)
    exports_s, data = median_time(lambda: open_data(site, SITE_URL, updated), repeat)
    exports_cpu, _ = median_time(lambda: open_data(site, SITE_URL, updated), 1, time.process_time)
    assert isinstance(data, OpenData)
    described = [d for files in data.downloads.values() for d in files]
    per_record = data.citation_files
    print(f"\n## {label} ({len(site.events)} événements)\n")
    print(f"chargement {load_s:.2f} s · pages {pages_s:.2f} s · exports {exports_s:.2f} s "
          f"(médianes de {repeat}) ; exports en temps CPU {exports_cpu:.2f} s")
    print("\n| fichier | octets |\n| --- | ---: |")
    for download in described:
        print(f"| {download.path} | {len(download.content):,} |".replace(",", "\u202f"))
    print(f"| donnees/citer/ ({len(per_record)} fichiers) | "
          f"{sum(len(c) for _, c in per_record):,} |".replace(",", "\u202f"))
    every = [*data.files, *data.citation_files]
    total = sum(len(c) for _, c in every)
    print(f"| **tous les fichiers ({len(every)})** | {total:,} |".replace(",", "\u202f"))
    if builds:
        with_runs, without_runs = [], []
        original = generated.open_data
        with tempfile.TemporaryDirectory(prefix="regard-exports-") as tmp:
            for run in range(repeat):  # interleaved, so that the machine's load hits both
                with_runs.append(timed_build(project / "mkdocs.yml", Path(tmp) / f"a{run}",
                                             strict=True))
                # The same build without any export (not strict: the navigation names the
                # « Données ouvertes » page, absent then).
                generated.open_data = lambda *args: OpenData()
                try:
                    without_runs.append(timed_build(project / "mkdocs.yml",
                                                    Path(tmp) / f"b{run}", strict=False))
                finally:
                    generated.open_data = original
        for index, name in ((0, "durée"), (1, "temps CPU")):
            with_s = statistics.median(r[index] for r in with_runs)
            without_s = statistics.median(r[index] for r in without_runs)
            print(f"\nbuild MkDocs, {name} (médianes de {repeat}, en alternance) : avec les "
                  f"exports {with_s:.2f} s, sans {without_s:.2f} s : rapport "
                  f"{with_s / without_s:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builds", action="store_true",
                        help="time whole MkDocs builds with and without the exports")
    parser.add_argument("--no-real", action="store_true", help="skip the real content")
    args = parser.parse_args()
    if not args.no_real:
        measure(ROOT, "contenu réel", args.repeat, args.builds)
    with tempfile.TemporaryDirectory(prefix="regard-exports-") as tmp:
        for count in args.events:
            measure(make_project(Path(tmp), count), "chronologie synthétique", args.repeat,
                    args.builds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
