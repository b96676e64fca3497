"""The content's last update comes from git, never from the clock."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from generator.engines.revision import last_update

from .support import ROOT


def _git(cwd, *args, date="2024-03-05T10:00:00"):
    env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(cwd),
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_the_date_of_the_last_commit_that_changed_the_content(tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "a@example.org")
    _git(tmp_path, "config", "user.name", "A")
    (tmp_path / "timeline.yml").write_text("legend: []\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "contenu", date="2024-03-05T10:00:00")
    (tmp_path / "README.md").write_text("x\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "autre chose", date="2025-01-01T10:00:00")
    assert last_update(tmp_path) == dt.date(2024, 3, 5)


def test_no_date_outside_a_repository(tmp_path):
    assert last_update(tmp_path) is None


def test_the_real_content_has_a_date():
    assert isinstance(last_update(ROOT), dt.date)


# --- A build from a shallow clone ------------------------------------------------------------

CONTENT_DATE = "2024-03-05T10:00:00"
LATER_DATE = "2025-01-01T10:00:00"
"""The last commit changes no content, on a date of its own: the date a shallow clone would
wrongly show."""


def _history(tmp_path):
    """A project made in 2023, whose content was last changed on CONTENT_DATE, and whose
    last commit, on LATER_DATE, changes only the README."""
    import shutil

    from .support import MINIMAL, as_project

    origin = tmp_path / "origine"
    shutil.copytree(MINIMAL, origin)
    as_project(origin)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "config", "user.email", "a@example.org")
    _git(origin, "config", "user.name", "A")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "projet", date="2023-01-02T10:00:00")
    timeline = origin / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("Naissance", "La naissance"),
                        "utf-8")
    _git(origin, "commit", "-qam", "contenu", date=CONTENT_DATE)
    (origin / "README.md").write_text("# Le dépôt\n")
    _git(origin, "add", ".")
    _git(origin, "commit", "-qm", "autre chose", date=LATER_DATE)
    return origin


def _clone(origin, target, *options):
    # From a file:// address: git ignores --depth for a plain local path.
    _git(origin.parent, "clone", "-q", *options, f"file://{origin}", str(target))
    return target


def _built(project, site):
    from .support import mkdocs_build

    mkdocs_build(project, site)
    footer = re.search(r"contenu mis à jour le <time datetime=\"([^\"]+)\">",
                       (site / "index.html").read_text("utf-8"))
    feed = re.search(r"<updated>([^<]+)</updated>",
                     (site / "chronologie.atom").read_text("utf-8"))
    assert feed is not None
    return footer[1] if footer else None, feed[1]


def test_a_shallow_clone_never_shows_a_date_the_full_history_would_not(tmp_path):
    origin = _history(tmp_path)
    full = _clone(origin, tmp_path / "complet")
    shallow = _clone(origin, tmp_path / "partiel", "--depth", "1")
    expected = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "timeline.yml",
                               "content"], cwd=full, capture_output=True, text=True,
                              check=True).stdout.strip()
    assert expected == CONTENT_DATE[:10]
    assert _built(full, tmp_path / "site-complet") == (expected, f"{expected}T00:00:00Z")
    assert last_update(shallow) is None
    footer, feed = _built(shallow, tmp_path / "site-partiel")
    assert footer is None
    # The feed must carry a date: the start of the latest event, as outside git.
    assert feed == "2025-11-28T00:00:00Z"
    site = tmp_path / "site-partiel"
    wrong = LATER_DATE[:10]
    assert not [p for p in site.rglob("*") if p.is_file() and p.suffix in
                {".html", ".atom", ".ics", ".json", ".csv", ".xml"}
                and (wrong in p.read_text("utf-8", "replace")
                     or wrong.replace("-", "") in p.read_text("utf-8", "replace"))]


@pytest.mark.parametrize(("depth", "known"), [("2", False), ("3", True)])
def test_a_shallow_clone_knows_the_date_once_it_holds_the_change(tmp_path, depth, known):
    # At depth 2 the content commit is the clone's oldest: git cannot tell what it changed.
    origin = _history(tmp_path)
    clone = _clone(origin, tmp_path / "partiel", "--depth", depth)
    assert last_update(clone) == (dt.date.fromisoformat(CONTENT_DATE[:10]) if known else None)
