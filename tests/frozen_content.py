"""The frozen copy of the content that tests read, and what tests paste into it.

Staff own ``timeline.yml`` and ``content/``: a valid edit of theirs must never turn a test red.
So the tests that need realistic content read ``tests/frozen/`` (a copy of the content as it
was on purpose made), and paste the staff guide's YAML examples and the corpus's cases into
copies of it. Only ``tests/test_shipped_content.py`` reads the live content, and it asserts
what holds for any valid content.

``python tools/refresh_frozen_content.py`` makes the copy again from the live content. It
refuses, writing nothing, when the new copy would already hold an id that a guide example or
a corpus case adds: pasting them would then collide, and the tests would fail for it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.problems import ContentError
from generator.content.validate import load_site
from generator.content.vocabulary import KINDS
from generator.engines.revision import CONTENT_PATHS

from .support import FROZEN, GIT_ENV, ROOT, TESTS

CORPUS = TESTS / "corpus"
GUIDE = ROOT / "CONTRIBUTING.md"
PROJECT_FILES = ("mkdocs.yml", "CONTRIBUTING.md", "theme")
"""What a project takes from the repository besides its content: the code's side."""
FROZEN_DATE = "2025-11-26T12:00:00+01:00"
"""The date of the one commit of a frozen project: the footer and the feeds show a date, the
same at every run."""
DATED_GIT_ENV = {**GIT_ENV, "GIT_AUTHOR_DATE": FROZEN_DATE, "GIT_COMMITTER_DATE": FROZEN_DATE}


def copy_content(source: Path, target: Path) -> Path:
    """``timeline.yml`` and ``content/`` of ``source`` copied into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "timeline.yml", target / "timeline.yml")
    shutil.copytree(source / "content", target / "content", symlinks=True)
    return target


def make_project(target: Path, content: Path = FROZEN) -> Path:
    """A buildable project in ``target``: the content of ``content`` with the repository's
    configuration, theme and guide, committed in a git repository of its own at
    ``FROZEN_DATE`` (the date a build shows as the content's last update)."""
    copy_content(content, target)
    for name in PROJECT_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
        else:
            shutil.copy2(ROOT / name, target / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "contenu figé"]):
        git(target, *args)
    return target


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as the tests' author, at ``FROZEN_DATE``, away from the machine's
    own git configuration; its output."""
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True,
                          env={**os.environ, **DATED_GIT_ENV}).stdout


def content_repository(target: Path, content: Path = FROZEN) -> Path:
    """The content of ``content`` committed on ``main`` in a repository of its own, checked
    out on a branch ``demande`` as a pull request starts: the base is ``main``."""
    copy_content(content, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "contenu")
    git(target, "checkout", "-q", "-b", "demande")
    return target


# ---- What the tests paste ---------------------------------------------------------------


def guide_examples() -> list[str]:
    """The YAML examples of the staff guide, as written there."""
    return re.findall(r"^```yaml\n(.*?)^```$", GUIDE.read_text("utf-8"), re.M | re.S)


def corpus_cases() -> list[dict[str, Any]]:
    """The corpus's cases (``tests/corpus/*.yml``), each with the name of its file."""
    cases = []
    for path in sorted(CORPUS.glob("*.yml")):
        # Every value is read as written (no dates, numbers or oui/non): a case's change is
        # text put into a file.
        for case in yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader):
            case["source"] = path.name
            cases.append(case)
    return cases


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# An id runs to the end of its line: « cecile colson » is one (refused) id, not « cecile ».
_ID_LINE = re.compile(r"(?:^|[ -])id: *(.*)$", re.M)
_UNKNOWN = re.compile(r"« ([^»]+) » inconnue?\b")
_NEW_TEXT = ("value", "line", "replace", "insert_before", "insert_after", "content")


def _example_ids(example: str) -> set[str]:
    records = yaml.safe_load(example)
    records = records if isinstance(records, list) else [records]
    return {str(r["id"]) for r in records if isinstance(r, dict) and "id" in r}


def _case_ids(case: dict[str, Any]) -> set[str]:
    """Ids a case gives records (``id:`` lines, project files it writes) and ids its
    expected output names as unknown (references to records the content must not have)."""
    texts = [str(case[key]) for key in _NEW_TEXT if key in case]
    files = [str(case.get("file", ""))]
    for action in case.get("setup", []):
        if "write" in action:
            files.append(action["write"][0])
            texts.append(action["write"][1])
        if "rename" in action:
            files.append(action["rename"][1])
    found = {m.strip().strip("'\"") for text in texts for m in _ID_LINE.findall(text)}
    found |= set(_UNKNOWN.findall(str(case.get("expect") or "")))
    found |= {f.removeprefix("content/projects/").removesuffix(".yml") for f in files
              if re.fullmatch(r"content/projects/[^/]+\.yml", f)}
    return {i for i in found if _ID.fullmatch(i)}


def added_ids(held: set[str]) -> dict[str, str]:
    """Ids that the guide's examples and the corpus's cases add to content holding ``held``,
    each with who adds it."""
    added: dict[str, str] = {}
    for example in guide_examples():
        for record_id in _example_ids(example):
            added.setdefault(record_id, "un exemple YAML de CONTRIBUTING.md")
    for case in corpus_cases():
        for record_id in _case_ids(case) - held:
            added.setdefault(record_id, f"le cas « {case['name']} » de tests/corpus/"
                                        f"{case['source']}")
    return added


# ---- Refreshing the copy ----------------------------------------------------------------


class RefreshError(Exception):
    """The copy cannot be refreshed: the reason, in French."""


@dataclass(frozen=True)
class Held:
    """Where a record stands in a content."""

    kind: str
    path: str
    line: int


def held_ids(root: Path) -> dict[str, Held]:
    """Every record id of the content under ``root``, with where it stands."""
    site = load_site(root)
    held: dict[str, Held] = {}
    for key, path in site.sources.items():
        kind, record_id = key.split(":", 1)
        held.setdefault(record_id, Held(kind, path, site.lines[key]))
    return held


def collisions(source: Path, target: Path = FROZEN) -> list[str]:
    """One French line per id that the content of ``source`` holds and that the examples or
    the cases add to the copy at ``target``."""
    live = held_ids(source)
    lines = []
    for record_id, who in sorted(added_ids(set(held_ids(target))).items()):
        if record_id in live:
            held = live[record_id]
            lines.append(f"  « {record_id} » : {KINDS[held.kind].noun} de {held.path}, ligne "
                         f"{held.line} ; ajouté par {who}")
    return lines


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count > 1 else ''}"


def refresh(source: Path = ROOT, target: Path = FROZEN) -> None:
    """Replace the content of the copy at ``target`` with the content of ``source``; raise
    :class:`RefreshError` (nothing written) when the content is invalid or an id collides."""
    try:
        found = collisions(source, target)
    except ContentError as exc:
        raise RefreshError(f"le contenu de {source} a {_count(len(exc.problems), 'erreur')} "
                           ": lancez regard check ; la copie figée n'a pas changé") from None
    if found:
        raise RefreshError(
            f"la copie figée n'a pas changé : le contenu de {source} a déjà "
            f"{_count(len(found), 'identifiant')} que les tests ajoutent à la copie, où les "
            "coller ferait un doublon :\n" + "\n".join(found) + "\nDonnez un autre "
            "identifiant à ces exemples ou à ces cas, puis relancez.")
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        fresh = copy_content(source, Path(scratch) / "fresh")
        old = Path(scratch) / "old"
        old.mkdir()
        for name in CONTENT_PATHS:
            if (target / name).exists():
                (target / name).rename(old / name)
            (fresh / name).rename(target / name)
