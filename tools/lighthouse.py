"""Lighthouse's accessibility audit of a built site, one page of each kind, as a phone sees it.

Usage (after ``mkdocs build``; Lighthouse 12.2.3 from npm, installed outside the repository)::

    npm i --prefix /tmp/lh lighthouse@12.2.3
    .venv/bin/python tools/lighthouse.py site --lighthouse /tmp/lh/node_modules/.bin/lighthouse

It serves the site on 127.0.0.1 under site_url's path, as GitHub Pages does, runs
Lighthouse's accessibility category (mobile, its default) in Chromium on each page kind,
and prints a Markdown table: each page's score and the audits it fails, with the first
elements each names. It exits with 1 when a page scores under 100. A script you run and
report, not a test: Lighthouse is not a dependency of the project.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.screenshots import find_chromium, serve  # noqa: E402

VERSION = "12.2.3"
KINDS = {
    "accueil": "",
    "chronologie": "chronologie/",
    "événement": "evenements/{event}/",
    "terrains": "terrains/",
    "terrain": "terrains/{project}/",
    "personnes": "personnes/",
    "personne": "personnes/{person}/",
    "glossaire": "glossaire/",
    "comités": "comites/",
    "organisations": "organisations/",
    "publications": "publications/",
    "article": "{article}",
    "programme": "programme/",
    "données ouvertes": "donnees/",
    "contribuer": "contribuer/",
    # Served with status 404, Lighthouse stops (« ERRORED_DOCUMENT_REQUEST »): the page
    # itself, at its own address.
    "page absente (404)": "404.html",
}
"""One page of each kind: a name, its address under the site's root."""


def _first(site: Path, folder: str) -> str:
    """The first page (in name order) of a folder of generated pages."""
    pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
    if not pages:
        raise SystemExit(f"{site / folder} : aucune page")
    return pages[0]


def _article(site: Path) -> str:
    """An article's page: under publications/, the first one in name order."""
    pages = sorted(p.parent.relative_to(site).as_posix()
                   for p in (site / "publications").glob("*/*/index.html"))
    pages += sorted(p.parent.relative_to(site).as_posix()
                    for p in (site / "publications").glob("*/index.html"))
    if not pages:
        raise SystemExit(f"{site / 'publications'} : aucune page d'article")
    return pages[0] + "/"


def pages(site: Path) -> dict[str, str]:
    values = {"project": _first(site, "terrains"), "person": _first(site, "personnes"),
              "event": _first(site, "evenements"), "article": _article(site)}
    return {kind: path.format(**values) for kind, path in KINDS.items()}


def audit(lighthouse: str, chromium: str, url: str, out: Path) -> dict:
    subprocess.run(
        [lighthouse, url, "--only-categories=accessibility", "--output=json",
         f"--output-path={out}", "--quiet", f"--chrome-path={chromium}",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env={**os.environ, "CHROME_PATH": chromium}, timeout=300)
    return json.loads(out.read_text("utf-8"))


def failures(report: dict) -> list[str]:
    """Each failed audit of the category, with the first elements it names."""
    found = []
    for ref in report["categories"]["accessibility"]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] == 0 or result["score"] in (None, 1):
            continue
        items = (result.get("details") or {}).get("items") or []
        nodes = [i.get("node", {}).get("selector", "") for i in items][:3]
        found.append(f"{ref['id']} ({', '.join(n for n in nodes if n)})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="le site construit (mkdocs build)")
    parser.add_argument("--lighthouse", default=os.environ.get("REGARD_LIGHTHOUSE", "lighthouse"))
    parser.add_argument("--only", nargs="*", help="ces sortes de pages seulement")
    args = parser.parse_args()
    version = subprocess.run([args.lighthouse, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    if version != VERSION:
        print(f"Lighthouse {version} : ce script attend la version {VERSION}", file=sys.stderr)
        return 2
    chromium = find_chromium()
    if chromium is None:
        print("aucun Chromium trouvé (REGARD_CHROMIUM)", file=sys.stderr)
        return 2
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    prefix = urlsplit(config["site_url"]).path
    rows = []
    with serve(args.site, prefix) as root, tempfile.TemporaryDirectory() as tmp:
        for kind, path in pages(args.site).items():
            if args.only and kind not in args.only:
                continue
            report = audit(args.lighthouse, chromium, root + path, Path(tmp) / "report.json")
            score = round(report["categories"]["accessibility"]["score"] * 100)
            rows.append((kind, path, score, failures(report)))
            print(f"{kind} : {score}", file=sys.stderr, flush=True)
    print(f"Lighthouse {version}, accessibilité, mobile\n")
    print("| page | adresse | score | audits échoués |\n| --- | --- | --- | --- |")
    for kind, path, score, failed in rows:
        print(f"| {kind} | {prefix}{path} | {score} | {'; '.join(failed) or '—'} |")
    return 0 if all(score == 100 for _, _, score, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
