"""The content files as a git ref holds them, read but not checked: what the check compares
with to tell a record renamed or removed by hand from an id mistyped.

Staff rename and delete records in GitHub's web editor. A reference to an id that is no
longer declared is then not a typing mistake: the record was there at the pull request's
base (or, without one, in the last commit). Only the files that declare records are read,
each with ``git show``; nothing is written.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import load
from .model import FILE_MODELS, PROJECTS_DIR
from .problems import Problems


@dataclass
class Previous:
    """The content files at a git ref, parsed."""

    ref: str
    name: str
    """How staff know the ref: « la branche main (HEAD^1) », « le dernier commit »."""
    pull_request: bool
    """True for the base of a pull request (``check --changed``), False for HEAD."""
    docs: dict[str, load.Document] = field(default_factory=dict)
    """Each readable content file at the ref, by its path."""
    texts: dict[str, list[str]] = field(default_factory=dict)
    """Each file's lines at the ref, to find where a removed record stood."""


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_previous(root: Path, ref: str, name: str, *, pull_request: bool) -> Previous | None:
    """The content files declaring records at ``ref``; None when git cannot say (not a
    repository, no such ref, git missing)."""
    if ref.startswith("-") or _git(root, "rev-parse", "--verify", "--quiet",
                                   f"{ref}^{{commit}}") is None:
        return None
    listing = _git(root, "ls-tree", "-r", "--name-only", ref, "--", *FILE_MODELS, PROJECTS_DIR)
    if listing is None:
        return None
    previous = Previous(ref, name, pull_request)
    for path in listing.splitlines():
        if path not in FILE_MODELS and not (
                path.startswith(f"{PROJECTS_DIR}/") and path.endswith(".yml")
                and path.count("/") == PROJECTS_DIR.count("/") + 1):
            continue
        text = _git(root, "show", f"{ref}:./{path}")
        if text is None:
            continue
        doc = load.parse(text, path, Problems())
        if doc.readable:
            previous.docs[path] = doc
            previous.texts[path] = doc.lines
    return previous
