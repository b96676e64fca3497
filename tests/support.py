"""What several test modules share: the repository's paths, building a project with MkDocs,
git in a test repository, and work done once for a whole run.

A test module imports its helpers from here (or from ``frozen_content`` and ``staff_edits``,
which serve the frozen copy and the staff edits), never from another test module: a test
module then stands alone, and moving or deleting one breaks no other.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

from generator.commands.screenshots import PagesHandler

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FROZEN = TESTS / "frozen"
"""The frozen copy of the content (``tests/frozen_content.py`` says why)."""
MINIMAL = TESTS / "fixtures" / "minimal"
"""The minimal valid content."""
GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
"""A test's git: its own author, no user or system configuration."""


# ---- What a test costs (tests/conftest.py marks them) ----------------------------------

BUILD_FIXTURES = frozenset({"frozen_site", "published", "renamed_site", "zensical_site"})
"""Session fixtures that build the frozen site: a test that asks for one costs a build."""
BUILD_MODULES = frozenset({
    "test_benchmark", "test_engines", "test_lighter_build", "test_preview_page",
    "test_render", "test_revision", "test_shipped_content", "test_staff_edits",
})
"""Modules whose every test builds a site (or several) or runs another engine."""
SERVE_MODULES = frozenset({"test_preview"})
"""Modules that start `mkdocs serve` and edit files under it."""
GROUPED_MODULES = frozenset({
    "test_shipped_content", "test_staff_edits", "browser/test_chronology_split",
    "browser/test_frise_truth", "browser/test_hostile_text", "browser/test_preview_page",
})
"""Modules (paths under tests/) whose tests share a module-scoped build: one worker runs
them, so that it is made once. (The hostile-text test's reference is made once for the run
anyway, but its two modes on two workers kept one waiting while the other made it.)"""
BUILD_CALLS = frozenset({"mkdocs_build", "run_engine", "build_site"})
"""Helpers that build a site: a test that calls one (or a helper of its module that does)
is marked ``build`` (tests/test_suite_layout.py keeps that true)."""

def keep_xdist_groups(items: list[pytest.Item]) -> None:
    """Make pytest-xdist's ``--dist loadgroup`` see the groups: xdist 3.8 appends
    ``@<group>`` to ``item._nodeid``, which pytest 9 no longer reads (a node's id is
    ``item._id``), so every group was silently ignored and each worker made the shared builds
    again. Run after xdist's own ``pytest_collection_modifyitems`` (a hook wrapper, after
    ``yield``); a no-op where the id already carries the group."""
    from _pytest.nodeid import NodeId

    for item in items:
        grouped = getattr(item, "_nodeid", None)
        if isinstance(grouped, str) and grouped != item.nodeid:
            item._id = NodeId.parse(grouped)


RENAMES = [("event", "figures-ect", "focus-figures-ect"),
           ("person", "marie-ferru", "marie-ferru-lons"),
           ("project", "chatel", "commun-de-chatel"),
           ("term", "recherche-action", "recherche-action-ect")]
"""What the ``renamed_project`` fixture renames with ``regard rename`` (kind, old id, new
id)."""


# ---- Building ---------------------------------------------------------------------------


def tree_digest(root: Path) -> dict[str, str]:
    """Each file under ``root`` (posix path) with the SHA-256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def mkdocs_build(project: Path, site_dir: Path, **overrides: str) -> None:
    """``mkdocs build`` of ``project`` into ``site_dir``, in this process, with the
    configuration's values ``overrides`` replaced (``site_url=…``)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir),
                         **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def as_project(content: Path) -> None:
    """Make a content folder a buildable project: the real configuration, theme and guide."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, content / name)
    shutil.copytree(ROOT / "theme", content / "theme")


def with_page_limit(project: Path, limit: int) -> None:
    """Set the project's ``chronology_page_limit`` to ``limit``."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "guide: CONTRIBUTING.md", f"guide: CONTRIBUTING.md\n      chronology_page_limit: {limit}"),
        "utf-8")


# Other engines, each in its own process: ProperDocs answers MkDocs' imports itself, which
# must not leak into the test process where MkDocs proper is loaded.
# One fixed build date, so that two builds made a second apart (or across midnight) write
# the same sitemap.
ENGINE_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1764115200", "NO_MKDOCS_2_WARNING": "1"}


def run_engine(*args: str, cwd: Path) -> None:
    """``python -m <args>`` in ``cwd`` (an engine in its own process), which must succeed."""
    result = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True,
                            text=True, env=ENGINE_ENV, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- Git --------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` (failing the test when it fails); what it printed."""
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                            env={**os.environ, **GIT_ENV}, check=True)
    return result.stdout


def commit_all(repo: Path, message: str) -> None:
    """Commit every change of ``repo``."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def edit(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first ``old`` of a file (which must hold it) with ``new``."""
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def append(root: Path, relative: str, text: str) -> None:
    """Add ``text`` at the end of a file."""
    path = root / relative
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def merged_then_main_moved(root: Path, pull_request: dict[str, str]) -> Path:
    """Make ``root`` a clone as actions/checkout leaves it on a pull request's re-run: HEAD is
    the merge commit GitHub made of the pull request (files → new text) into main (its first
    parent), while main has since gained an event (``NEW_EVENT``, at origin/main)."""
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "contenu")
    git(root, "checkout", "-q", "-b", "demande")
    for relative, text in pull_request.items():
        (root / relative).write_text(text, "utf-8")
    commit_all(root, "demande")
    git(root, "checkout", "-q", "--detach", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge demande into main", "demande")
    git(root, "tag", "fusion")
    git(root, "checkout", "-q", "main")
    append(root, "timeline.yml", NEW_EVENT)
    git(root, "commit", "-q", "-am", "main avance")
    git(root, "update-ref", "refs/remotes/origin/main", "main")
    git(root, "checkout", "-q", "--detach", "fusion")
    return root


NEW_PROJECT = "id: beta\nname: Projet Bêta\nsummary: Un second terrain.\nyears: [2025]\n"
"""A project sheet a pull request adds to the minimal content."""
NEW_PROJECT_CHANGES = ["", "### Terrains", "", "- **Ajouté** : « Projet Bêta » (`beta`)", "",
                       "### Pages", "", "- **Ajoutée** : `/terrains/beta/`"]
"""What `regard diff` says of ``NEW_PROJECT`` after its line « Par rapport à … »."""
NEW_EVENT = """
  - id: sortie-bois
    date: 2026-03
    title: Sortie terrain Filière bois
    categories: [field]
    summary: Une journée en forêt.
"""
"""An event added to the minimal content (the one main gains in ``merged_then_main_moved``)."""


# ---- Workflows --------------------------------------------------------------------------

WORKFLOWS = ROOT / ".github" / "workflows"


def load_workflow(name: str) -> dict[str, Any]:
    """A workflow of ``.github/workflows``, every scalar as text."""
    # PyYAML reads the key `on` as True (YAML 1.1); BaseLoader keeps every scalar as text.
    workflow: dict[str, Any] = yaml.load((WORKFLOWS / name).read_text("utf-8"),
                                         Loader=yaml.BaseLoader)
    return workflow


def run_step(step: dict[str, Any], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a workflow's ``run:`` step as GitHub runs it on Linux, in ``cwd``, with ``env``
    (which must give every variable the step sets)."""
    assert set(step.get("env", {})) <= set(env), "give every variable the step sets"
    shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
    return subprocess.run([*shell, step["run"]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env})


# ---- Serving and browsing ---------------------------------------------------------------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _PagesHandler(PagesHandler):
    """GitHub Pages for the project site: under /regard/, with its 404 page (the handler
    `regard preview` serves the site with)."""

    prefix = "/regard/"


def serve(directory: Path, port: int = 0, *,
          pages: bool = False) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on 127.0.0.1; ``pages``: under /regard/, as GitHub Pages does."""
    handler = functools.partial(_PagesHandler if pages else _QuietHandler,
                                directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    return server, url + _PagesHandler.prefix.rstrip("/") if pages else url


def skip_unless_required(message: str) -> NoReturn:
    """A tool the tests need is missing: skip, or fail where CI requires the browser tests and
    their tools (``REGARD_REQUIRE_BROWSER=1``)."""
    if os.environ.get("REGARD_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


SCHEMES = {"light": "default", "dark": "slate"}
"""The two colour schemes of the site, by the name a browser's preference gives them."""


def open_in_scheme(open_page: Callable[..., Any], base_url: str, path: str, scheme: str,
                   **options: Any) -> Any:
    """A page opened in a colour scheme, once Material has switched to it."""
    page = open_page(color_scheme=scheme, **options)
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    # Material follows the reader's preference, switching after its script loads: the
    # scheme tested is the reader's, once switched (cards off screen skip rendering, and
    # Chromium may report their style from before the switch for a frame or two).
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s && "
                           "!document.body.hasAttribute('data-md-color-switching')",
                           arg=SCHEMES[scheme])
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page


def open_search(page: Any, query: str) -> list[str]:
    """Type ``query`` in the search box; the result addresses, in order."""
    page.locator("[data-rd-search-input]").click()
    page.locator("[data-rd-search-input]").fill(query)
    page.wait_for_function(
        "q => document.querySelector('#rd-search-status').textContent.includes(q)", arg=query)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")


AXE_OPTIONS = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
"""What axe-core checks: WCAG 2.2 AA and its best practices."""


TIMELINEJS = TESTS / "browser" / "timelinejs"
DIST = TIMELINEJS / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


def timelinejs_missing() -> str | None:
    """Why the test cannot run, or None."""
    if not (DIST / "js" / "timeline.js").is_file():
        return ("TimelineJS 3 absent : lancez npm ci --prefix tests/browser/timelinejs pour "
                "tester l'export dans TimelineJS")
    return None


def find_node() -> str | None:
    """Node.js, as the tests run it (``$REGARD_NODE`` or ``node`` on the PATH)."""
    return os.environ.get("REGARD_NODE") or shutil.which("node")


YAMLLS = TESTS / "editor" / "yamlls"
SERVER = YAMLLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def yamlls_missing() -> str | None:
    """Why the language server test cannot run, or None."""
    if not SERVER.is_file():
        return ("serveur de langage YAML absent : lancez npm ci --prefix tests/editor/yamlls "
                "pour tester la complétion des identifiants")
    if not shutil.which("node"):
        return "Node.js absent : le serveur de langage YAML ne peut pas démarrer"
    return None


# ---- Projects made for a test ----------------------------------------------------------


def load_benchmark() -> Any:
    """``benchmarks/chronology.py``, which makes a project of many synthetic events."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "chronology.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def content_repo(tmp_path: Path) -> Path:
    """A git repository whose branch main is the minimal content."""
    target = tmp_path / "depot"
    shutil.copytree(MINIMAL, target)
    git(target, "init", "-q", "-b", "main")
    commit_all(target, "contenu")
    return target


def build_site(repo: Path, site: Path) -> Path:
    """The working tree built as `mkdocs build` builds it, with the real theme."""
    if not (repo / "mkdocs.yml").exists():
        as_project(repo)
    mkdocs_build(repo, site)
    return site


def person(n: int) -> str:
    return f"  - id: personne-{n:02}\n    name: Personne {n:02}\n"


# ---- Once a run -------------------------------------------------------------------------


@contextmanager
def _locked(lock: Path) -> Iterator[None]:
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str,
                 make: Callable[[Path], None]) -> Path:
    """The folder ``name``, made by ``make(folder)`` once for the whole run.

    With pytest-xdist each worker runs the session fixtures again: the first worker to ask
    makes the folder under the run's shared temporary folder, the others wait on a lock and
    read it. Without workers the session's own temporary folder serves (the parent of that
    one outlives the run, so a folder there would be stale in the next one). Read the
    folder, never write into it: every worker reads the same copy."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / "once" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    done = folder.parent / f"{name}.done"
    with _locked(folder.parent / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


# ---- Messages pinned by a test module and read by the guide's test -----------------

VALIDATION_CASES = [
    ("unknown category with a suggestion", "timeline.yml", "categories: [field]\n",
     "categories: [fild]\n",
     ["timeline.yml:21:18: catégorie « fild » inconnue : écrivez l'identifiant field (libellé "
      "« Apprentissages des terrains de recherche »)"]),
    ("unknown project with no close id lists the allowed ones", "timeline.yml",
     "projects: [alpha]", "projects: [zzz]",
     ["timeline.yml:23:16: terrain « zzz » inconnu ; valeurs possibles : alpha"]),
    ("impossible month", "timeline.yml", "date: 2023-03", "date: 2023-13",
     ["timeline.yml:19:11: date « 2023-13 » impossible : le mois 13 n'existe pas (01 à 12)"]),
    ("impossible day", "timeline.yml", "date: 2025-11-28", "date: 2023-02-30",
     ["timeline.yml:37:11: date « 2023-02-30 » impossible : février 2023 compte 28 jours"]),
    ("end before start", "timeline.yml", "end: 2025-11-29", "end: 2024",
     ["timeline.yml:38:10: la fin (2024) précède le début (2025-11-28)"]),
    ("unknown field with a suggestion", "timeline.yml", "    summary: Une *question*",
     "    sumary: Une *question*",
     ["timeline.yml:30:5: champ « sumary » mal orthographié : écrivez « summary »"]),
    ("duplicate event id", "timeline.yml", "id: journees", "id: lancement",
     ["content/glossary.yml:11:16: événement « journees » inconnu ; valeurs possibles : "
      "lancement, naissance",
      "timeline.yml:36:9: identifiant « lancement » déjà utilisé par l'événement "
      "(timeline.yml, ligne 18) : choisissez-en un autre"]),
    ("invalid id: references to organisations wait until it is fixed",
     "content/organisations.yml", "id: labo", "id: Labo",
     ["content/organisations.yml:5:9: identifiant « Labo » invalide : écrivez « labo » (lettres "
      "minuscules sans accent, chiffres et tirets seulement)\n"
      "  note : tant que ce fichier a une erreur, les renvois vers les organisations de ce "
      "fichier ne sont pas vérifiés"]),
    ("invalid id with no letter or digit: no exact fix, so the rule and an example",
     "content/organisations.yml", "id: labo", 'id: "---"',
     ["content/organisations.yml:5:9: identifiant « --- » invalide (lettres minuscules sans "
      "accent, chiffres et tirets seulement, par exemple « sortie-terrain-chatel »)\n"
      "  note : tant que ce fichier a une erreur, les renvois vers les organisations de ce "
      "fichier ne sont pas vérifiés"]),
    ("number where text is expected", "content/projects/alpha.yml", "where: Jura", "where: 39",
     ["content/projects/alpha.yml:9:8: « where » : « 39 » est lu comme un nombre, pas comme un "
      "texte ; mettez-le entre guillemets : \"39\""]),
    ("project id differs from its file name", "content/projects/alpha.yml", "id: alpha",
     "id: beta",
     ["content/projects/alpha.yml:1:5: l'identifiant « beta » doit être le nom du fichier "
      "(« alpha ») : renommez l'un ou l'autre\n"
      "  note : tant que ce fichier a une erreur, les renvois vers le terrain de ce fichier "
      "ne sont pas vérifiés"]),
    ("unknown event behind a definition", "content/glossary.yml", "event: journees",
     "event: journee",
     ["content/glossary.yml:11:16: événement « journee » inconnu ; vouliez-vous dire "
      "« journees » ?"]),
    ("a seat with nobody", "content/committees.yml", "      - organisation: labo\n",
     "      - role: Référente\n",
     ["content/committees.yml:7:9: un siège nomme au moins une personne (people) ou une "
      "organisation (organisation) : ajoutez-en une, ou retirez ce siège (du « - » à la ligne "
      "avant le siège suivant)"]),
    ("media without alt text", "timeline.yml", "        alt: Des intervenants sur une scène\n",
     "",
     ["timeline.yml:45:9: champ obligatoire « alt » (texte alternatif) manquant"]),
    ("unknown kind of project sheet", "content/projects/alpha.yml", "id: alpha\n",
     "id: alpha\nkind: cas\n",
     ["content/projects/alpha.yml:2:7: type de fiche « cas » inconnu : écrivez « terrain » (un "
      "des terrains de recherche du programme) ou « étude de cas »"]),
    ("unknown person featured by an article", "content/publications.yml",
     "featured: [jean-de-la-roche]", "featured: [jean]",
     ["content/publications.yml:13:20: personne « jean » inconnue ; vouliez-vous dire "
      "« jean-de-la-roche » ?"]),
]
"""(name, file, text, new text, every message `load_site` gives): read by
tests/test_validate.py, which pins them, and by tests/test_guide.py."""

MARKUP_MESSAGE = ("texte Markdown illisible par le générateur : vérifiez les "
                  "signes < > [ ] * _ et retirez le HTML")
"""What :mod:`generator.text.markup` says of a text its Markdown engine fails on."""



LINK_CASES_FILE = TESTS / "links" / "cases.yml"
LINK_PLACE = re.compile(r"^(?P<path>[^:]+):(?P<place>\d+:\d+|\{at:(?P<text>[^}]+)\}): ")
"""The place that starts an expected line of a link case."""


def link_cases() -> list[dict[str, Any]]:
    """The cases of ``tests/links/cases.yml``, every value as written."""
    cases: list[dict[str, Any]] = yaml.load(LINK_CASES_FILE.read_text("utf-8"),
                                            Loader=yaml.BaseLoader)
    return cases


# ---- What the exports must be ------------------------------------------------------

OPEN_DATA_TABLES = ["evenements", "terrains", "personnes", "organisations", "glossaire",
                    "publications", "articles"]
"""The open-data tables, in the order the export writes them."""

# TimelineJS 3's JSON format as documented (timeline.knightlab.com/docs/json-format.html,
# website/docs/json-format.njk in NUKnightLab/TimelineJS3).
_DATE = {"type": "object", "required": ["year"], "additionalProperties": False, "properties": {
    "year": {"type": "integer"}, "month": {"type": "integer", "minimum": 1, "maximum": 12},
    "day": {"type": "integer", "minimum": 1, "maximum": 31},
    "hour": {"type": "integer", "minimum": 0, "maximum": 23},
    "minute": {"type": "integer", "minimum": 0, "maximum": 59},
    "second": {"type": "integer", "minimum": 0, "maximum": 59},
    "millisecond": {"type": "integer"}, "display_date": {"type": "string"},
    "format": {"type": "string"}}}
_TEXT = {"type": "object", "additionalProperties": False,
         "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}}
_MEDIA = {"type": "object", "required": ["url"], "additionalProperties": False, "properties": {
    k: {"type": "string"} for k in ("url", "caption", "credit", "thumbnail", "alt", "title",
                                    "link", "link_target")}}
_SLIDE_PROPERTIES = {
    "start_date": _DATE, "end_date": _DATE, "text": _TEXT, "media": _MEDIA,
    "group": {"type": "string"}, "display_date": {"type": "string"},
    "background": {"type": "object", "additionalProperties": False, "properties": {
        "url": {"type": "string"}, "alt": {"type": "string"}, "color": {"type": "string"}}},
    "autolink": {"type": "boolean"}, "unique_id": {"type": "string"}}
TIMELINEJS_FORMAT = {
    # TimelineJS 3's JSON format as documented (timeline.knightlab.com/docs/json-format.html,
    # website/docs/json-format.njk in NUKnightLab/TimelineJS3); eras need an end date
    # (TimelineConfig.validate: « All eras must have start and end dates »).
    "type": "object", "required": ["events"], "additionalProperties": False,
    "properties": {
        "events": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["start_date"], "additionalProperties": False,
            "properties": _SLIDE_PROPERTIES}},
        "title": {"type": "object", "additionalProperties": False,
                  "properties": _SLIDE_PROPERTIES},
        "eras": {"type": "array", "items": {
            "type": "object", "required": ["start_date", "end_date"],
            "additionalProperties": False,
            "properties": {"start_date": _DATE, "end_date": _DATE, "text": _TEXT}}},
        "scale": {"enum": ["human", "cosmological"]},
    },
}
