"""The content's last update comes from git, never from the clock."""

from __future__ import annotations

import datetime as dt
import subprocess

from generator.revision import last_update

from .conftest import ROOT


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
