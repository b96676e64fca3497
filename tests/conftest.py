from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.frozen_content import FROZEN, ROOT, make_project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"

__all__ = ["FROZEN", "MINIMAL", "ROOT"]


GITHUB_VARIABLES = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_EVENT_NAME", "BASE_REF")
"""What GitHub Actions sets and the commands read: a test sets them itself, so that the suite
behaves the same on a laptop and in a workflow (and never writes into the run's summary)."""


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in GITHUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid content."""
    target = tmp_path / "site-src"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def frozen_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen content as a project of its own (the repository's configuration, theme and
    guide; a git repository whose one commit gives the content a date), made once for the
    session: read it, never write into it."""
    return make_project(tmp_path_factory.mktemp("fige") / "projet")


@pytest.fixture(scope="session")
def frozen_site(frozen_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen content built once for the session (as `mkdocs build` would)."""
    from tests.test_site_build import _build, _tree_digest

    def content() -> dict[str, str]:
        return _tree_digest(frozen_project / "content") | {
            "timeline.yml": _tree_digest(frozen_project)["timeline.yml"]}

    site_dir = tmp_path_factory.mktemp("fige") / "site"
    before = content()
    _build(frozen_project, site_dir)
    assert content() == before, "the build modified the content it reads"
    return site_dir


RENAMES = [("event", "figures-ect", "focus-figures-ect"),
           ("person", "marie-ferru", "marie-ferru-lons"),
           ("project", "chatel", "commun-de-chatel"),
           ("term", "recherche-action", "recherche-action-ect")]
"""What ``renamed_project`` renames with ``regard rename`` (kind, old id, new id)."""


@pytest.fixture(scope="session")
def renamed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen project after ``regard rename`` of an event, a person, a project sheet
    and a term (:data:`RENAMES`): read it, never write into it."""
    from generator.commands.cli import main

    root = make_project(tmp_path_factory.mktemp("renomme") / "projet")
    for kind, old, new in RENAMES:
        assert main(["--root", str(root), "rename", kind, old, new]) == 0
    return root


@pytest.fixture(scope="session")
def renamed_site(renamed_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The renamed frozen project built strict (mkdocs.yml says strict), for the address
    the browser tests serve it at."""
    from tests.test_site_build import _build

    site_dir = tmp_path_factory.mktemp("renomme") / "site"
    _build(renamed_project, site_dir, site_url="http://127.0.0.1/regard/")
    return site_dir


BUILD_FIXTURES = frozenset({"frozen_site", "published", "renamed_site"})
"""Session fixtures that build the frozen site: a test that asks for one costs a build."""
BUILD_MODULES = frozenset({
    "test_benchmark", "test_engines", "test_lighter_build", "test_preview_page",
    "test_render", "test_revision", "test_shipped_content", "test_staff_edits",
})
"""Modules whose every test builds a site (or several) or runs another engine."""
SERVE_MODULES = frozenset({"test_preview"})
"""Modules that start `mkdocs serve` and edit files under it."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test by what it costs (pyproject.toml declares the markers), so that the
    edit loop can leave the costly ones out: ``-m "not (build or serve or lint or browser)"``.
    Tests that build inline say so with ``@pytest.mark.build``."""
    for item in items:
        module = item.path.stem
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if module in BUILD_MODULES or BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
        if module in SERVE_MODULES:
            item.add_marker(pytest.mark.serve)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say up front whether the browser tests will run (a hook of the root conftest only)."""
    from tests.browser.conftest import find_chromium
    from tests.browser.test_timelinejs import DIST, timelinejs_missing

    chromium = find_chromium()
    if chromium:
        lines = [f"tests navigateur : Chromium {chromium}"]
    else:
        lines = ["tests navigateur : IGNORÉS, aucun Chromium trouvé (installez le paquet Debian "
                 "chromium ou indiquez REGARD_CHROMIUM=/chemin/vers/chromium)"]
    if not shutil.which("soffice"):
        lines.append("test CSV dans LibreOffice : IGNORÉ, LibreOffice absent (paquet Debian "
                     "libreoffice-calc-nogui)")
    from tests.test_js_core import find_node

    node = find_node()
    lines.append(f"tests Node du script de la chronologie : {node}" if node
                 else "tests Node du script de la chronologie : IGNORÉS, Node absent (installez "
                      "le paquet Debian nodejs ou indiquez REGARD_NODE=/chemin/vers/node)")
    missing = timelinejs_missing()
    lines.append(f"test TimelineJS : IGNORÉ, {missing}" if missing
                 else f"test TimelineJS : TimelineJS 3 de npm dans {DIST}")
    from tests.test_editor_schemas import SERVER, yamlls_missing

    missing = yamlls_missing()
    lines.append(f"test de complétion dans l'éditeur : IGNORÉ, {missing}" if missing
                 else f"test de complétion dans l'éditeur : serveur de langage YAML {SERVER}")
    return lines
