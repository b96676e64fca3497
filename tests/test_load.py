"""YAML reading: positions kept, YAML 1.1 traps defused, every problem in French."""

from generator.load import MAX_ALIAS_VALUES, parse
from generator.problems import Problems


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
