from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.content.site import Site
from generator.content.validate import load_site
from tests.frozen_content import make_project
from tests.support import (
    BUILD_FIXTURES,
    BUILD_MODULES,
    FROZEN,
    GROUPED_MODULES,
    MINIMAL,
    RENAMES,
    SERVE_MODULES,
    TESTS,
    as_project,
    keep_xdist_groups,
    mkdocs_build,
    once_per_run,
    run_engine,
    tree_digest,
)

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
def frozen_data() -> Site:
    """The frozen content as loaded, once for the session (loaded here rather than when a
    module is imported, so that content the generator refuses fails the tests that read it
    instead of the collection): read it, never change it."""
    return load_site(FROZEN)


@pytest.fixture(scope="session")
def frozen_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen content as a project of its own (the repository's configuration, theme and
    guide; a git repository whose one commit gives the content a date), made once for the
    run (all workers): read it, never write into it."""
    return once_per_run(tmp_path_factory, "projet-fige", make_project)


@pytest.fixture(scope="session")
def frozen_site(frozen_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen content built once for the run, all workers together (as `mkdocs build`
    would): read it, never write into it."""

    def content() -> dict[str, str]:
        return tree_digest(frozen_project / "content") | {
            "timeline.yml": tree_digest(frozen_project)["timeline.yml"]}

    def build(site_dir: Path) -> None:
        before = content()
        mkdocs_build(frozen_project, site_dir)
        assert content() == before, "the build modified the content it reads"

    return once_per_run(tmp_path_factory, "site-fige", build)


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory, frozen_project: Path) -> Path:
    """The frozen content, rendered by `regard render`, built by Zensical, once for the run
    (all workers): read it, never write into it."""

    def build(folder: Path) -> None:
        out = folder / "projet"
        run_engine("generator", "--root", str(frozen_project), "render", str(out),
                   cwd=frozen_project)
        run_engine("zensical", "build", "-f", str(out / "mkdocs.yml"), cwd=out)

    return once_per_run(tmp_path_factory, "zensical", build) / "projet" / "site"


@pytest.fixture(scope="session")
def renamed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen project after ``regard rename`` of an event, a person, a project sheet
    and a term (:data:`tests.support.RENAMES`), made once for the run (all workers): read
    it, never write into it."""
    from generator.commands.cli import main

    def rename(root: Path) -> None:
        make_project(root)
        for kind, old, new in RENAMES:
            assert main(["--root", str(root), "rename", kind, old, new]) == 0

    return once_per_run(tmp_path_factory, "projet-renomme", rename)


@pytest.fixture(scope="session")
def renamed_site(renamed_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The renamed frozen project built strict (mkdocs.yml says strict), for the address
    the browser tests serve it at, once for the run (all workers)."""
    return once_per_run(tmp_path_factory, "site-renomme", lambda site_dir: mkdocs_build(
        renamed_project, site_dir, site_url="http://127.0.0.1/regard/"))


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """The minimal content as a project of its own: the repository's mkdocs.yml, guide and
    theme."""
    root = tmp_path / "projet"
    shutil.copytree(MINIMAL, root)
    as_project(root)
    return root


@pytest.hookimpl(wrapper=True)  # around pytest-xdist's hook, which reads the groups
def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> Iterator[None]:
    """Mark each test by what it costs (pyproject.toml declares the markers), so that the
    edit loop can leave the costly ones out: ``-m "not (build or serve or lint or browser)"``.
    Tests that build inline say so with ``@pytest.mark.build``.

    Under pytest-xdist (``--dist loadgroup``, pyproject.toml), the tests of a module that
    shares a module-scoped build run on one worker, which builds it once. (The served
    frozen site is built by each worker for its own port, a few seconds: grouping its
    hundreds of browser tests on one worker would leave the other idle.)"""
    for item in items:
        module = item.path.stem
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in item.path.parts:
            item.add_marker(pytest.mark.browser)
        if module in BUILD_MODULES or BUILD_FIXTURES & fixtures:
            item.add_marker(pytest.mark.build)
        if module in SERVE_MODULES:
            item.add_marker(pytest.mark.serve)
        path = item.path.relative_to(TESTS).with_suffix("").as_posix()
        if path in GROUPED_MODULES:
            item.add_marker(pytest.mark.xdist_group(path))
    yield
    keep_xdist_groups(items)


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Say up front whether the browser tests will run (a hook of the root conftest only)."""
    from generator.commands.screenshots import find_chromium
    from tests.support import DIST, find_node, timelinejs_missing

    chromium = find_chromium()
    if chromium:
        lines = [f"tests navigateur : Chromium {chromium}"]
    else:
        lines = ["tests navigateur : IGNORÉS, aucun Chromium trouvé (installez le paquet Debian "
                 "chromium ou indiquez REGARD_CHROMIUM=/chemin/vers/chromium)"]
    if not shutil.which("soffice"):
        lines.append("test CSV dans LibreOffice : IGNORÉ, LibreOffice absent (paquet Debian "
                     "libreoffice-calc-nogui)")
    node = find_node()
    lines.append(f"tests Node du script de la chronologie : {node}" if node
                 else "tests Node du script de la chronologie : IGNORÉS, Node absent (installez "
                      "le paquet Debian nodejs ou indiquez REGARD_NODE=/chemin/vers/node)")
    missing = timelinejs_missing()
    lines.append(f"test TimelineJS : IGNORÉ, {missing}" if missing
                 else f"test TimelineJS : TimelineJS 3 de npm dans {DIST}")
    from tests.support import SERVER, yamlls_missing

    missing = yamlls_missing()
    lines.append(f"test de complétion dans l'éditeur : IGNORÉ, {missing}" if missing
                 else f"test de complétion dans l'éditeur : serveur de langage YAML {SERVER}")
    return lines
