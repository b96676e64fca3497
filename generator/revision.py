"""When the content last changed: the date shown as « dernière mise à jour » and written in the
feeds and exports, so that two builds of the same content give the same bytes."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

CONTENT_PATHS = ("timeline.yml", "content")


def last_update(root: Path) -> dt.date | None:
    """Date of the last commit that changed the content, or None outside a git repository
    (or when git is missing): the date is then left out rather than made up."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%cs", "--", *CONTENT_PATHS],
            capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return dt.date.fromisoformat(result.stdout.strip()) if result.returncode == 0 else None
    except ValueError:
        return None
