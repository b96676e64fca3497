"""When the content last changed: the date shown as « dernière mise à jour » and written in the
feeds and exports, so that two builds of the same content give the same bytes.

The date is that of the last commit that changed ``timeline.yml`` or ``content/``. In a
shallow clone (``git clone --depth 1``, GitHub's default checkout) git knows no parent of the
oldest commits it has: it takes each of them for one that wrote every file, so the last
commit of any kind may pass for the last change of the content. Such a date is left out
rather than shown wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..content.previous import git_output

CONTENT_PATHS = ("timeline.yml", "content")


def _git(root: Path, *args: str) -> str | None:
    """Git's output as text, or ``None`` when git is missing or fails."""
    output = git_output(root, *args, timeout=10)
    return None if output is None else output.decode()


def _shallow_boundary(root: Path) -> set[str] | None:
    """The commits whose parents this clone lacks (none in a full clone), or ``None`` when
    git cannot tell."""
    answer = _git(root, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    if answer is None or len(answer.splitlines()) != 2:
        return None
    shallow, path = answer.splitlines()
    if shallow == "false":
        return set()
    if shallow != "true":
        return None
    file = Path(path) if Path(path).is_absolute() else root / path
    try:
        return set(file.read_text("ascii").split())
    except (OSError, UnicodeDecodeError):
        return None


def last_update(root: Path) -> dt.date | None:
    """Date of the last commit that changed the content; None outside a git repository,
    without git, or when this clone's history is too short to know it (the date is then
    left out rather than made up)."""
    found = _git(root, "log", "-1", "--format=%H %cs", "--", *CONTENT_PATHS)
    if not found or len(found.split()) != 2:
        return None
    commit, date = found.split()
    boundary = _shallow_boundary(root)
    if boundary is None or commit in boundary:
        return None
    try:
        return dt.date.fromisoformat(date)
    except ValueError:
        return None
