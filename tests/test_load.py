"""YAML reading: positions kept, YAML 1.1 traps defused, every problem in French."""

import errno
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.content.load import MAX_ALIAS_VALUES, parse, read
from generator.content.problems import Problems

from .support import FROZEN, ROOT


def _parse(text: str):
    problems = Problems()
    doc = parse(text, "timeline.yml", problems)
    return doc, [str(p) for p in problems.items]


def test_every_value_keeps_its_line_and_column():
    doc, problems = _parse("events:\n  - id: a\n    title: Lancement\n")
    assert problems == []
    assert doc.where(("events", 0, "title")) == (3, 12)
    assert doc.where(("events", 0, "title"), key=True) == (3, 5)


def test_a_missing_position_falls_back_to_the_nearest_parent():
    doc, _ = _parse("events:\n  - id: a\n")
    assert doc.where(("events", 0, "title")) == (2, 5)


def test_a_duplicate_key_is_an_error_at_the_second_key():
    _, problems = _parse("id: a\ntitle: Un\ntitle: Deux\n")
    assert problems == ["timeline.yml:3:1: champ « title » en double (déjà défini ligne 2) : "
                        "gardez-en un seul"]


def test_yaml_1_1_booleans_stay_text():
    doc, problems = _parse("a: NO\nb: yes\nc: on\nd: off\ne: true\nf: False\n")
    assert problems == []
    assert doc.data == {"a": "NO", "b": "yes", "c": "on", "d": "off", "e": True, "f": False}


def test_dates_stay_text_for_the_model_to_parse():
    doc, _ = _parse("date: 2025-11-28\nyear: 2014\n")
    assert doc.data == {"date": "2025-11-28", "year": 2014}


def test_tabs_in_indentation_are_an_error_with_their_line():
    _, problems = _parse("events:\n\t- id: a\n")
    assert problems == ["timeline.yml:2:1: tabulation interdite dans l'indentation : "
                        "utilisez des espaces"]


def test_python_tags_are_refused():
    _, problems = _parse("id: !!python/object/apply:os.system ['true']\n")
    assert problems == ["timeline.yml:1:5: étiquette YAML « !!python/object/apply:os.system » "
                        "refusée : n'écrivez que du texte, des nombres, des listes et des champs"]


def test_a_billion_laughs_file_fails_fast():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        refs = ",".join([f"*{chr(96 + i)}"] * 10)
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{refs}]")
    _, problems = _parse("\n".join(lines) + "\n")
    assert problems == [f"timeline.yml:1:1: les alias YAML (*nom) de ce fichier recopient plus "
                        f"de {MAX_ALIAS_VALUES} valeurs : n'utilisez pas d'alias"]


def test_a_large_file_without_aliases_is_not_limited():
    items = "".join(f"  - id: e{i}\n    title: Titre {i}\n" for i in range(30_000))
    doc, problems = _parse("events:\n" + items)
    assert problems == []
    assert len(doc.data["events"]) == 30_000


def test_a_few_aliases_are_fine():
    doc, problems = _parse("a: &x [1, 2]\nb: *x\n")
    assert problems == []
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_a_syntax_error_is_reported_in_french_with_its_position():
    _, problems = _parse("title: Le mot d'ordre : l'expérimentation\n")
    assert problems == ["timeline.yml:1:23: « : » suivi d'une espace dans un texte : mettez tout "
                        "le texte entre guillemets droits (title: \"…\")"]


# GitHub's editor numbers lines, not columns: indentation advice counts the spaces to type,
# while the place before the message keeps its column for the annotations.
INDENT_ADVICE = [
    ("- id: a\n  date: 2023\n   title: x\n",
     "timeline.yml:3:4: « title » est plus indenté que « date » (ligne 2) : alignez-le sur "
     "« date », avec 2 espaces en début de ligne"),
    ("id: a\ndate: 2023\n title: x\n",
     "timeline.yml:3:2: « title » est plus indenté que « date » (ligne 2) : alignez-le sur "
     "« date », sans espace en début de ligne"),
    ("events:\n  - id: a\n    date: 2023\n   title: x\n",
     "timeline.yml:4:4: « title » n'est pas aligné sur « date » (ligne 3) : alignez-le sur "
     "« date », avec 4 espaces en début de ligne"),
    ("events:\n  - id: a\n    date: 2023\n  id: b\n    date: 2024\n",
     "timeline.yml:4:3: « - » manquant : « id: » commence un nouvel élément de la liste ; "
     "écrivez « - id: … » aligné sur les « - » des autres éléments (2 espaces avant le « - »)"),
    ("events:\n - id: a\n   date: 2023\n  - id: b\n",
     "timeline.yml:4:3: « - » mal aligné : les éléments d'une même liste commencent tous au "
     "même retrait : alignez-le sur celui de la ligne 2 (1 espace avant le « - »)"),
    ("- id: a\n  date: 2023\n - id: b\n",
     "timeline.yml:3:2: « - » mal aligné : les éléments d'une même liste commencent tous au "
     "même retrait : alignez-le sur celui de la ligne 1 (aucune espace avant le « - »)"),
    ("learnings:\n  - Premier constat\n  qui continue\n",
     "timeline.yml:3:3: ligne de texte pas assez indentée : si elle continue le texte de "
     "l'élément de « learnings » (ligne 2), indentez-la comme ce texte (4 espaces en début "
     "de ligne)"),
]


@pytest.mark.parametrize(("text", "message"), INDENT_ADVICE)
def test_indentation_advice_counts_the_spaces_at_the_start_of_the_line(text, message):
    _, problems = _parse(text)
    assert problems == [message]


def _places(node: yaml.Node) -> list[tuple[Any, ...]]:
    """Every node of a tree with its kind, tag, style, value and start and end positions."""
    found: list[tuple[Any, ...]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        marks = (current.start_mark.line, current.start_mark.column,
                 current.end_mark.line, current.end_mark.column)
        value = current.value if isinstance(current, yaml.ScalarNode) else None
        style = (current.style or None) if isinstance(current, yaml.ScalarNode) else None
        found.append((type(current).__name__, current.tag, style, value, *marks))
        if isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in reversed(current.value) for n in reversed(pair))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
    return found


TRICKY = [
    "title: « Bilan » — 10 ans 🌲\r\nsummary: >-\r\n  Un texte\r\n  sur deux lignes.\r\n",
    "\ufeffid: chatel\nname: \"Commun\\tde\\u00a0Chatel\"\nyears: [2023, 2024]\n",
    "a: |\n  ligne 1\n\n  ligne 3\nb: {c: 'l''atelier', d: [1, {e: f}]}\n# fin\n",
    "events:\n  - id: a  # commentaire\n    tags: [x, y]\n  -   id: b\n      title: ~\n",
    "é: ü\nà:\n  - « x »\n  - 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 : \"deux-points\"\n",
]


@pytest.mark.parametrize("source", [
    *(p.relative_to(ROOT).as_posix()
      for p in sorted([FROZEN / "timeline.yml", *(FROZEN / "content").rglob("*.yml"),
                       *(ROOT / "tests" / "fixtures").rglob("*.yml")])),
    *(f"texte {i}" for i in range(len(TRICKY))),
])
def test_libyaml_places_every_node_where_the_pure_loader_does(source):
    """Files are composed with libyaml (many times faster); its nodes must stand exactly where
    the pure-Python loader puts them, or every message would point elsewhere."""
    text = (TRICKY[int(source.split()[1])] if source.startswith("texte ")
            else (ROOT / source).read_text("utf-8"))
    fast = yaml.compose(text, Loader=yaml.CSafeLoader)
    pure = yaml.compose(text, Loader=yaml.SafeLoader)
    assert _places(fast) == _places(pure)
    assert len(_places(pure)) > 3


def test_load_composes_with_libyaml_and_asks_the_pure_loader_only_on_an_error(monkeypatch):
    loaders: list[str] = []
    real_compose = yaml.compose

    def compose(text: str, Loader: Any) -> Any:
        loaders.append(Loader.__name__)
        return real_compose(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", compose)
    _parse((FROZEN / "timeline.yml").read_text("utf-8"))
    assert loaders == ["CSafeLoader"]
    loaders.clear()
    _, problems = _parse("title: \"Sortie terrain\nsummary: x\n")
    assert loaders == ["CSafeLoader", "SafeLoader"]
    assert problems == ["timeline.yml:1:8: guillemet ouvert ici et jamais fermé : ajoutez le "
                        "guillemet fermant « \" » à la fin du texte, sur la même ligne"]


def test_an_unreadable_file_is_one_french_message(tmp_path, monkeypatch):
    # Tests may run as root, which reads any file: the refusal is the system's, simulated.
    (tmp_path / "timeline.yml").write_text("legend: []\n", "utf-8")
    real_read = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "timeline.yml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    problems = Problems()
    doc = read(tmp_path, "timeline.yml", problems)
    assert doc.readable is False
    assert [str(p) for p in problems.items] == [
        "timeline.yml:1:1: fichier illisible : droits d'accès insuffisants (vérifiez ses "
        "permissions)"]
