"""Build two commits in fresh clones and say whether what readers get is byte for byte the same.

    .venv/bin/python tools/compare_builds.py main HEAD
    .venv/bin/python tools/compare_builds.py 1c60f26 layout --only real render --keep /tmp/cmp

For a change that readers and staff must not see (a refactor), this is the proof: each commit
is cloned from this repository (a full clone, so that both builds date the content from the
same last content commit, ``generator/engines/revision.py``, or ``generator/revision.py``
before the move), installed into a copy of this virtual environment (its own plugin entry
point, its own templates), and built four ways with the same ``SOURCE_DATE_EPOCH`` (MkDocs'
sitemap date):

- ``real``: ``mkdocs build --strict`` of the content as committed;
- ``properdocs``: ``properdocs build --strict`` of the same (README, « Migration »);
- ``render``: ``python -m generator render``, the project for another engine;
- ``bench``: ``mkdocs build --strict`` with the 1,000-event timeline of
  ``benchmarks/chronology.py`` (made once, by the first commit's script, and given to both).

Each pair of outputs is compared with ``diff -r``; the script prints, per build, « identique »
or the files that differ, and exits 1 when any differ. Nothing is written into the repository;
the clones and outputs go to a temporary folder, removed at the end unless ``--keep`` names
one. It takes several minutes (eight builds).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("real", "properdocs", "render", "bench")
EPOCH = "1764115200"  # 2025-11-26, any fixed date: both builds get the same one
BENCH_EVENTS = 1000
SYNTHETIC = """
import importlib.util, sys, yaml
from pathlib import Path
spec = importlib.util.spec_from_file_location("bench", "benchmarks/chronology.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
timeline = bench.synthetic_timeline(int(sys.argv[1]), content=Path("."))
Path(sys.argv[2]).write_text(yaml.safe_dump(timeline, allow_unicode=True, sort_keys=False),
                             encoding="utf-8")
"""


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    """Run a command, failing loudly with its output."""
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"échec de {' '.join(args)} (dans {cwd}) :\n{result.stdout}\n{result.stderr}")


def clone(commit: str, where: Path) -> Path:
    """A full clone of this repository at ``commit`` (a full one: the content date needs the
    history)."""
    run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(where)], cwd=ROOT)
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--verify", commit + "^{commit}"],
                         capture_output=True, text=True, check=True).stdout.strip()
    run(["git", "fetch", "--quiet", str(ROOT), sha], cwd=where)
    run(["git", "checkout", "--quiet", "--detach", sha], cwd=where)
    return where


def python_for(work: Path) -> Path:
    """A copy of this virtual environment (the dependencies as pinned), whose editable install
    of the generator each side replaces with its own."""
    venv = work / "venv"
    shutil.copytree(Path(sys.prefix), venv, symlinks=True)
    return venv / "bin" / "python"


def build(python: Path, project: Path, out: Path, kinds: list[str], timeline: Path | None
          ) -> None:
    """Every build of ``kinds`` for one clone, into ``out/<kind>``."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1",
           "PYTHONPATH": str(project), "PYTHONDONTWRITEBYTECODE": "1"}
    run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "-e", str(project)], cwd=project, env=env)
    for engine, kind in (("mkdocs", "real"), ("properdocs", "properdocs")):
        if kind in kinds:
            run([str(python), "-m", engine, "build", "--strict", "--quiet", "-f", "mkdocs.yml",
                 "-d", str(out / kind)], cwd=project, env=env)
    if "render" in kinds:
        run([str(python), "-m", "generator", "--root", str(project), "render",
             str(out / "render")], cwd=project, env=env)
    if "bench" in kinds and timeline is not None:
        shutil.copy(timeline, project / "timeline.yml")  # a working-tree change: same date
        run([str(python), "-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.yml",
             "-d", str(out / "bench")], cwd=project, env=env)


def compare(base: Path, head: Path) -> list[str]:
    """The lines of ``diff -rq`` between two outputs (none when identical)."""
    result = subprocess.run(["diff", "-rq", str(base), str(head)], capture_output=True,
                            text=True)
    return result.stdout.splitlines() + result.stderr.splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="commit de référence (ex. main)")
    parser.add_argument("head", help="commit à comparer (ex. HEAD)")
    parser.add_argument("--only", nargs="+", choices=KINDS, default=list(KINDS))
    parser.add_argument("--keep", type=Path, help="dossier où garder clones et sites")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="regard-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        python = python_for(work)
        projects = {side: clone(commit, work / side)
                    for side, commit in (("base", args.base), ("head", args.head))}
        timeline = None
        if "bench" in args.only:
            timeline = work / f"timeline-{BENCH_EVENTS}.yml"
            run([str(python), "-c", SYNTHETIC, str(BENCH_EVENTS), str(timeline)],
                cwd=projects["base"], env={**os.environ, "PYTHONPATH": str(projects["base"])})
        for side, project in projects.items():
            build(python, project, work / "out" / side, args.only, timeline)
        differ = False
        for kind in args.only:
            lines = compare(work / "out" / "base" / kind, work / "out" / "head" / kind)
            files = sum(1 for p in (work / "out" / "head" / kind).rglob("*") if p.is_file())
            print(f"{kind}: " + ("identique" if not lines else f"{len(lines)} différence(s)")
                  + f" ({files} fichiers)")
            for line in lines[:50]:
                print("  " + line)
            differ = differ or bool(lines)
        return 1 if differ else 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
