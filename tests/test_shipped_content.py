"""The shipped content: only what must hold for any valid content, so that no valid edit of
staff's can turn it red. It is checked (warnings allowed), it builds strict, and the built
site is whole (`regard check-site`: every record reachable, every link and anchor inside the
site resolved).

The content is read from ``$REGARD_CONTENT_ROOT`` (a folder holding ``timeline.yml`` and
``content/``), by default the repository's: ``tests/test_staff_edits.py`` runs this module
against a copy of the live content that staff edits changed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.validate import load_site

from .frozen_content import make_project
from .support import ROOT

CONTENT_ROOT = Path(os.environ.get("REGARD_CONTENT_ROOT") or ROOT).resolve()
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def regard(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=cwd, env=ENV)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content with the repository's configuration, theme and guide."""
    return make_project(tmp_path_factory.mktemp("livre") / "projet", CONTENT_ROOT)


@pytest.fixture(scope="module")
def built(project: Path) -> Path:
    """The site as the deploy builds it: ``mkdocs build --strict``."""
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
                            cwd=project, capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_the_content_is_valid():
    result = regard("--root", str(CONTENT_ROOT), "check")
    # Warnings are allowed: they do not stop the build.
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_content_builds_strict(built):
    assert (built / "index.html").is_file()


def test_the_built_site_is_whole(project, built):
    result = regard("--root", str(project), "check-site", str(built))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_every_event_is_on_the_chronology_once(project, built):
    """Independently of check-site: the events' own hook, ``li.rd-event[id]``."""
    shown = [i for page in sorted((built / "chronologie").rglob("index.html"))
             for i in re.findall(r'<li class="rd-event" id="([^"]+)"', page.read_text("utf-8"))]
    assert sorted(shown) == sorted(e.id for e in load_site(project).events)


def test_every_terrain_and_person_has_a_page_linked_from_its_index(project, built):
    site = load_site(project)
    for folder, ids in (("terrains", site.projects), ("personnes", site.people)):
        index = (built / folder / "index.html").read_text("utf-8")
        linked = set(re.findall(r'href="([a-z0-9-]+)/"', index))
        assert set(ids) <= linked, folder
        for record_id in ids:
            assert (built / folder / record_id / "index.html").is_file(), record_id


def test_every_term_committee_and_organisation_has_its_anchor(project, built):
    site = load_site(project)
    for page, ids in (("glossaire", site.terms), ("comites", [c.id for c in site.committees]),
                      ("organisations", site.organisations)):
        html = (built / page / "index.html").read_text("utf-8")
        assert [i for i in ids if f'id="{i}"' not in html] == [], page
