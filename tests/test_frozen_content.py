"""The frozen copy of the content (tests/frozen/) and the command that refreshes it on
purpose, tried on temporary copies: it refuses, writing nothing, a live content that holds an
id the guide's examples or the corpus's cases add, or that is invalid; otherwise the copy
becomes the live content, byte for byte."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .frozen_content import added_ids, copy_content, guide_examples, held_ids
from .staff_edits import Edits, guide_place, held, paste_guide_example
from .support import FROZEN, ROOT

TOOL = ROOT / "tools" / "refresh_frozen_content.py"


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def refresh(source: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(TOOL), "--source", str(source), "--target",
                           str(target)], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    """(a live content to refresh from, a frozen copy to refresh): both the frozen content."""
    target = tmp_path / "tests" / "frozen"
    shutil.copytree(FROZEN, target)
    return copy_content(FROZEN, tmp_path / "vivant"), target


def test_the_frozen_copy_holds_the_content_and_a_word_for_staff_only():
    assert sorted(p.name for p in FROZEN.iterdir()) == ["README.md", "content", "timeline.yml"]
    assert "ne le modifiez pas" in (FROZEN / "README.md").read_text("utf-8")


def test_no_example_of_the_guide_and_no_case_of_the_corpus_collides_with_the_copy():
    held = set(held_ids(FROZEN))
    assert [i for i in added_ids(held) if i in held] == []
    assert {"sortie-terrain-bois-2026", "jeanne-dupont", "tiers-lieu-de-lons"} <= \
        set(added_ids(held))


def test_a_live_content_holding_an_example_s_id_is_refused_and_nothing_written(copies):
    live, target = copies
    person = next(e for e in guide_examples() if guide_place(e)[0] == "content/people.yml")
    paste_guide_example(live, person)
    event = "  - id: sortie-terrain-dole\n    date: 2024-04\n    title: Sortie terrain à Dole\n" \
            "    categories: [field]\n    summary: Une journée à Dole.\n"
    timeline = live / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8") + event, "utf-8")
    before = tree(target)
    result = refresh(live, target)
    assert result.returncode == 1
    people = (live / "content" / "people.yml").read_text("utf-8").splitlines()
    events = timeline.read_text("utf-8").splitlines()
    assert result.stderr.splitlines() == [
        f"erreur : la copie figée n'a pas changé : le contenu de {live} a déjà 2 identifiants "
        "que les tests ajoutent à la copie, où les coller ferait un doublon :",
        f"  « jeanne-dupont » : personne de content/people.yml, ligne "
        f"{people.index('  - id: jeanne-dupont') + 1} ; ajouté par un exemple YAML de "
        "CONTRIBUTING.md",
        f"  « sortie-terrain-dole » : événement de timeline.yml, ligne "
        f"{events.index('  - id: sortie-terrain-dole') + 1} ; ajouté par le cas « événement "
        "collé avec le mauvais retrait (aucune espace avant le « - ») » de "
        "tests/corpus/01-syntaxe.yml",
        "Donnez un autre identifiant à ces exemples ou à ces cas, puis relancez.",
    ]
    assert tree(target) == before


def test_an_invalid_live_content_is_refused_and_nothing_written(copies):
    live, target = copies
    timeline = live / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("    date: 2023-10\n",
                                                            "    date: 2023-13\n", 1), "utf-8")
    before = tree(target)
    result = refresh(live, target)
    assert result.returncode == 1
    assert result.stderr == (f"erreur : le contenu de {live} a 1 erreur : lancez regard check ; "
                             "la copie figée n'a pas changé\n")
    assert tree(target) == before


def test_a_refresh_makes_the_copy_the_live_content_and_keeps_its_word_for_staff(copies):
    live, target = copies
    timeline = live / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace(
        "    title: Sortie terrain à Chatel\n", "    title: Sortie terrain à Châtel\n"), "utf-8")
    Edits(live).rename("project", sorted(held(live)["project"])[-1], "nouveau-nom")
    result = refresh(live, target)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (f"copie figée refaite dans {target} depuis {live} : lancez les "
                             "tests\n")
    assert {k: v for k, v in tree(target).items() if k != "README.md"} == tree(live)
    assert (target / "README.md").read_bytes() == (FROZEN / "README.md").read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == ["frozen"]
