"""The content files as a git ref holds them, read but not checked: what the check compares
with to tell a record renamed or removed by hand from an id mistyped.

Staff rename and delete records in GitHub's web editor. A reference to an id that is no
longer declared is then not a typing mistake: the record was there at the pull request's
base (or, without one, in the last commit). Only the files that declare records are read,
by one ``git cat-file``; nothing is written.
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
    """How staff know the ref: « la branche main (commit 4a5afcb) », « le dernier commit »
    (see :func:`describe_ref`)."""
    pull_request: bool
    """True for the base of a pull request (``check --changed``), False for HEAD."""
    docs: dict[str, load.Document] = field(default_factory=dict)
    """Each readable content file at the ref, by its path."""
    texts: dict[str, list[str]] = field(default_factory=dict)
    """Each file's lines at the ref, to find where a removed record stood."""


def git_output(root: Path, *args: str, given: bytes = b"", timeout: float = 60) -> bytes | None:
    """Git's output in ``root``, or ``None`` when git is missing or fails."""
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=given,
                                capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _declaring(path: str) -> bool:
    """Whether ``path`` is a file that declares records: a fixed content file or a sheet."""
    sheet = path.removeprefix(f"{PROJECTS_DIR}/")
    return path in FILE_MODELS or (sheet != path and "/" not in sheet and sheet.endswith(".yml"))


def _blobs(root: Path, ref: str, paths: list[str]) -> dict[str, bytes]:
    """Each file's bytes at ``ref``, read by one ``git cat-file --batch``."""
    output = git_output(root, "cat-file", "--batch",
                  given="".join(f"{ref}:./{path}\n" for path in paths).encode("utf-8"))
    found: dict[str, bytes] = {}
    at = 0
    for path in paths:
        if output is None:
            break
        header_end = output.index(b"\n", at)
        header = output[at:header_end].split()
        if len(header) != 3 or header[1] != b"blob":
            at = header_end + 1
            continue
        size = int(header[2])
        found[path] = output[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
    return found


_SUBJECT_LENGTH = 60


def describe_ref(root: Path, ref: str, branch: str = "") -> str:
    """A git ref as staff can recognise it in a pull request: « la branche main (commit
    4a5afcb) » when ``branch`` (the pull request's base branch) or the ref itself names a
    branch, else « le commit 4a5afcb « its subject » »; the ref as written, between « »,
    when git cannot resolve it. ``HEAD`` or ``HEAD^1`` alone would tell staff nothing."""
    commit = None if ref.startswith("-") else git_output(
        root, "log", "-1", "--no-show-signature", "--format=%h%x00%s", "--end-of-options",
        f"{ref}^{{commit}}", "--")
    if not commit or b"\0" not in commit:
        return f"la branche {branch} ({ref})" if branch else f"« {ref} »"
    short, subject = commit.decode("utf-8", "replace").strip("\n").split("\0", 1)
    named = branch or _branch_named(root, ref)
    if named:
        return f"la branche {named} (commit {short})"
    if len(subject) > _SUBJECT_LENGTH:
        subject = subject[:_SUBJECT_LENGTH - 1].rstrip() + "…"
    return f"le commit {short} « {subject} »" if subject.strip() else f"le commit {short}"


def _branch_named(root: Path, ref: str) -> str | None:
    """``ref`` when it is the name of a local or remote-tracking branch (``main``,
    ``origin/main``), not an expression (``HEAD``, ``HEAD^1``, a commit)."""
    for prefix in ("refs/heads/", "refs/remotes/"):
        if git_output(root, "show-ref", "--verify", "--quiet", f"{prefix}{ref}") is not None:
            return ref
    return None


def read_previous(root: Path, ref: str, name: str, *, pull_request: bool) -> Previous | None:
    """The content files declaring records at ``ref``; None when git cannot say (not a
    repository, no such ref, git missing)."""
    if ref.startswith("-") or git_output(root, "rev-parse", "--verify", "--quiet",
                                   f"{ref}^{{commit}}") is None:
        return None
    listing = git_output(root, "ls-tree", "-r", "--name-only", "-z", ref, "--", *FILE_MODELS,
                   PROJECTS_DIR)
    if listing is None:
        return None
    paths = [p for p in listing.decode("utf-8", "replace").split("\0") if _declaring(p)]
    previous = Previous(ref, name, pull_request)
    for path, data in _blobs(root, ref, paths).items():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        doc = load.parse(text, path, Problems())
        if doc.readable:
            previous.docs[path] = doc
            previous.texts[path] = doc.lines
    return previous
