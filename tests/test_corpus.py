"""The corpus of single mistakes: each case is one realistic change to a copy of the frozen
content (tests/frozen/), with the complete output `regard check` must print for it.

The cases are data, in ``tests/corpus/*.yml``, written to be read as documentation of what
staff see. A case places its change by an anchor (a record's id, a field of it, or a unique
text), and writes line numbers relative to that anchor (``{line}``, ``{line+1}``), so that
the cases stay exact when the frozen copy is refreshed around them:

``file``
    the file to change, relative to the repository.
``record`` / ``field``
    the anchor: the line ``- id: <record>`` of ``file``, then the first line of that record
    starting with ``<field>:`` (``quote.text`` goes down one level at a time).
``find``
    the anchor: a text found exactly once in ``file`` (its first line is the anchor line).
``value`` / ``line`` / ``replace`` / ``insert_before`` / ``insert_after`` / ``delete_lines``
    the change: the field's value, the whole anchor line, the found text, lines inserted
    before or after the anchor line, or that many lines removed from it.
``content`` / ``encoding``
    the whole new text of ``file``, and the encoding it is written in (utf-8 by default).
    In any new text, ``{10000×[}`` stands for ten thousand ``[``.
``setup``
    changes to the folder itself: ``mkdir``, ``symlink`` ([path, target]), ``write``
    ([path, text]), ``rename`` ([path, new path]), ``remove``.
``expect``
    every line `regard check` prints (errors, their notes, warnings), with numbers written
    as ``{line±n}``, ``{col±n}`` (the column of the anchor's value), ``{id:<file>:<record>}``
    (the line of a record of a file; ``<record>@2``: the second of two records with that
    id) or ``{find:<file>:<text>}`` (the line of a text found once in a file). Empty: the
    change is accepted.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.commands.cli import main

from .frozen_content import copy_content, corpus_cases
from .support import FROZEN, as_project, mkdocs_build, tree_digest


@dataclass
class Anchor:
    line: int
    """1-based line of the anchor."""
    column: int
    """1-based column of the anchor's value (or of its first character)."""


CASES = corpus_cases()


def _record_line(lines: list[str], record: str) -> int:
    found = [i for i, line in enumerate(lines)
             if re.fullmatch(rf" *(- +)?id: {re.escape(record)}\s*", line)]
    assert len(found) == 1, f"record {record!r}: {len(found)} lines « id: {record} »"
    return found[0]


def _anchor(text: str, case: dict[str, Any]) -> Anchor | None:
    lines = text.split("\n")
    if "record" in case:
        index = _record_line(lines, str(case["record"]))
        column = lines[index].index("id:") + 5
        if "field" in case:
            record_indent = len(lines[index]) - len(lines[index].lstrip(" -"))
            for name in str(case["field"]).split("."):
                for below in range(index + 1, len(lines)):
                    line = lines[below]
                    stripped = line.lstrip(" ")
                    indent = len(line) - len(stripped)
                    if stripped and indent < record_indent:
                        raise AssertionError(f"no field {name!r} in record {case['record']!r}")
                    found = re.match(rf" *(?:- +)?{re.escape(name)}:", line)
                    if found:
                        index, column = below, found.end() + 2
                        break
                else:
                    raise AssertionError(f"no field {name!r} in record {case['record']!r}")
        return Anchor(index + 1, column)
    if "find" in case:
        found = str(case["find"])
        assert text.count(found) == 1, f"{found!r} is in {case['file']} {text.count(found)} times"
        start = text.index(found)
        line_start = text.rfind("\n", 0, start) + 1
        return Anchor(text.count("\n", 0, start) + 1, start - line_start + 1)
    return None


def _expand(text: object) -> str:
    """``{10000×[}`` stands for ten thousand ``[``."""
    return re.sub(r"\{(\d+)×([^}]+)\}", lambda m: m[2] * int(m[1]), str(text))


def _change(text: str, case: dict[str, Any], anchor: Anchor | None) -> str:
    if "content" in case:
        return _expand(case["content"])
    if "replace" in case:
        return text.replace(str(case["find"]), _expand(case["replace"]), 1)
    assert anchor is not None, "a change needs an anchor"
    lines = text.split("\n")
    index = anchor.line - 1
    if "value" in case:
        lines[index] = lines[index][:anchor.column - 1] + _expand(case["value"])
    elif "line" in case:
        lines[index] = _expand(case["line"])
    elif "insert_before" in case:
        lines[index:index] = _expand(case["insert_before"]).split("\n")
    elif "insert_after" in case:
        lines[index + 1:index + 1] = _expand(case["insert_after"]).split("\n")
    elif "delete_lines" in case:
        del lines[index:index + int(case["delete_lines"])]
    else:
        raise AssertionError(f"case {case['name']!r} changes nothing")
    return "\n".join(lines)


def _setup(root: Path, actions: list[dict[str, Any]]) -> None:
    for action in actions:
        if "mkdir" in action:
            (root / action["mkdir"]).mkdir(parents=True)
        elif "symlink" in action:
            link, target = action["symlink"]
            (root / link).symlink_to(target)
        elif "write" in action:
            path, text = action["write"]
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            _write(root / path, text.encode("utf-8"))
        elif "rename" in action:
            source, target = action["rename"]
            (root / source).rename(root / target)
        elif "remove" in action:
            target = root / action["remove"]
            shutil.rmtree(target) if target.is_dir() else target.unlink()
        else:
            raise AssertionError(f"unknown setup action {action}")


def _expected(case: dict[str, Any], anchor: Anchor | None, root: Path) -> list[str]:
    def number(match: re.Match[str]) -> str:
        base = anchor.line if match["what"] == "line" else anchor.column  # type: ignore[union-attr]
        return str(base + int(match["shift"] or 0))

    def record(match: re.Match[str]) -> str:
        lines = (root / match["file"]).read_text("utf-8").split("\n")
        name, _, nth = match["record"].partition("@")
        if nth:  # the n-th of records sharing an id
            found = [i for i, line in enumerate(lines)
                     if re.fullmatch(rf" *(- +)?id: {re.escape(name)}\s*", line)]
            return str(found[int(nth) - 1] + 1)
        return str(_record_line(lines, name) + 1)

    def found(match: re.Match[str]) -> str:
        text = (root / match["file"]).read_text("utf-8")
        assert text.count(match["text"]) == 1, f"{match['text']!r} not once in {match['file']}"
        return str(text[:text.index(match["text"])].count("\n") + 1)

    lines = []
    for line in str(case.get("expect") or "").splitlines():
        line = re.sub(r"\{(?P<what>line|col)(?P<shift>[+-]\d+)?\}", number, line)
        line = re.sub(r"\{id:(?P<file>[^:}]+):(?P<record>[^}]+)\}", record, line)
        lines.append(re.sub(r"\{find:(?P<file>[^:}]+):(?P<text>[^}]+)\}", found, line))
    return lines


@pytest.fixture(scope="session")
def frozen_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the frozen content that the cases' copies are made from."""
    return copy_content(FROZEN, tmp_path_factory.mktemp("fige"))


def overlay(content: Path, root: Path) -> Path:
    """``root`` made a view of ``content`` in which a case changes files without copying the
    others: every file a hard link to its original (the loader cannot tell), until
    :func:`apply_case` replaces the ones the case changes with files of their own."""
    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:  # a file system without hard links, or another device: a copy
            shutil.copy2(source, target)

    shutil.copytree(content, root, symlinks=True, copy_function=link)
    return root


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` as a file of its own: never through a link into the original."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def apply_case(case: dict[str, Any], root: Path) -> Anchor | None:
    """Make the case's change in the content under ``root``; the anchor it used."""
    anchor = None
    if "file" in case:
        path = root / case["file"]
        original = path.read_text("utf-8") if path.exists() else ""
        anchor = _anchor(original, case)
        changed = _change(original, case, anchor)
        _write(path, changed.encode(case.get("encoding", "utf-8")))
    _setup(root, case.get("setup", []))
    return anchor


def run_case(case: dict[str, Any], frozen_content: Path, tmp_path: Path,
             capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    """Apply one case to a view of the frozen content: (exit status, printed, expected)."""
    root = overlay(frozen_content, tmp_path / "copie")
    anchor = apply_case(case, root)
    capsys.readouterr()
    status = main(["--root", str(root), "check"])
    printed = capsys.readouterr().out.splitlines()
    return status, printed, _expected(case, anchor, root)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['source']}: {c['name']}" for c in CASES])
def test_a_single_mistake_gets_its_complete_expected_output(case, frozen_content, tmp_path,
                                                           capsys):
    status, printed, expected = run_case(case, frozen_content, tmp_path, capsys)
    assert printed == expected
    errors = [line for line in expected if re.match(r"^[^ ].*?:\d+:\d+: (?!avertissement)",
                                                    line)]
    assert status == (1 if errors else 0)


def test_a_case_changes_its_view_never_the_content_under_it(frozen_content, tmp_path):
    before = tree_digest(frozen_content)
    for number, case in enumerate(CASES):
        apply_case(case, overlay(frozen_content, tmp_path / str(number)))
    assert tree_digest(frozen_content) == before


def test_the_corpus_is_large_and_mostly_one_error_per_mistake():
    def errors(case: dict[str, Any]) -> int:
        lines = [re.sub(r"\{[^}]*\}", "0", line)
                 for line in str(case.get("expect") or "").splitlines()]
        return sum(1 for line in lines if re.match(r"^[^ ]\S*?:\d+:\d+: (?!avertissement)", line))

    counts = [errors(case) for case in CASES]
    assert len(CASES) >= 100
    assert sum(1 for n in counts if n == 1) >= 0.8 * len(CASES)
    assert max(counts) <= 3


def _accepted(case: dict[str, Any]) -> bool:
    return not any(re.match(r"^[^ ]\S*?:\S+?:\S+?: (?!avertissement)", line)
                   for line in str(case.get("expect") or "").splitlines())


def _rounds(cases: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The cases grouped so that no two of a group change the same record or file place."""
    rounds: list[tuple[set[str], list[dict[str, Any]]]] = []
    for case in cases:
        place = f"{case.get('file')}:{case.get('record') or case.get('find')}"
        for places, group in rounds:
            if place not in places:
                places.add(place)
                group.append(case)
                break
        else:
            rounds.append(({place}, [case]))
    return [group for _, group in rounds]


ACCEPTED_ROUNDS = _rounds([case for case in CASES if _accepted(case)])


@pytest.mark.parametrize("group", ACCEPTED_ROUNDS,
                         ids=[f"{len(g)} cas" for g in ACCEPTED_ROUNDS])
@pytest.mark.build
def test_what_check_accepts_the_strict_build_builds(group, frozen_content, tmp_path, capsys):
    """Check and build agree: the changes check accepts (with warnings at most) build with
    ``mkdocs build --strict``, several at once."""
    root = overlay(frozen_content, tmp_path / "projet")
    as_project(root)
    for case in group:
        apply_case(case, root)
    assert main(["--root", str(root), "check"]) == 0, capsys.readouterr().out
    mkdocs_build(root, root / "site")
    assert (root / "site" / "chronologie" / "index.html").is_file()
