"""One MkDocs build, measured from inside its own process (used by the other benchmarks).

    .venv/bin/python benchmarks/build_once.py CONFIG SITE_DIR [COPY_FROM]

Builds the site of ``CONFIG`` into ``SITE_DIR`` as ``mkdocs build`` does, then copies the
files of ``COPY_FROM`` into the site (timed with the build), and prints one JSON line:
wall-clock seconds; processor seconds, user and system, of this process and of the
processes it waited for (Pagefind); peak resident memory of this process and of its
largest child. Only the standard library and MkDocs are imported before the build, so that
the memory measured is the build's.
"""

from __future__ import annotations

import json
import resource
import shutil
import sys
import time
from pathlib import Path


def timed_build(config_file: Path, site_dir: Path) -> float:
    """One build in this process; its wall-clock seconds."""
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


def main(config_file: str, site_dir: str, copy_from: str | None = None) -> None:
    self_before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    timed_build(Path(config_file), Path(site_dir))
    if copy_from:
        shutil.copytree(copy_from, site_dir, dirs_exist_ok=True)
    wall = time.perf_counter() - start
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(after - before for after, before in (
        (mine.ru_utime, self_before.ru_utime), (mine.ru_stime, self_before.ru_stime),
        (children.ru_utime, children_before.ru_utime),
        (children.ru_stime, children_before.ru_stime)))
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_mib": mine.ru_maxrss / 1024,
                      "helper_peak_mib": children.ru_maxrss / 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:])
