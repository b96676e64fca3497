"""Characters staff cannot see, or cannot tell from « - », are each named with their code
point, shown where they stand, and removed from the value the message proposes."""

from __future__ import annotations

import pytest

from generator.content.characters import cleaned, described, is_odd, odd_indexes, shown

AT = "3e caractère de la ligne"
PASTED = [
    ("\u00a0", f"une espace insécable (U+00A0, {AT}), souvent collée", " "),
    ("\u202f", f"une espace insécable (U+202F, {AT}), souvent collée", " "),
    ("\u00ad", f"un trait d'union conditionnel invisible (U+00AD, {AT}), souvent collé", ""),
    ("\u200b", f"une espace de largeur nulle, invisible (U+200B, {AT}), souvent collée", ""),
    ("\u200d", f"un liant de largeur nulle, invisible (U+200D, {AT}), souvent collé", ""),
    ("\ufeff", f"une marque d'ordre des octets (BOM), invisible (U+FEFF, {AT}), souvent "
               "collée", ""),
    ("\u2011", f"un trait d'union insécable (U+2011, {AT}), qui ressemble à « - », "
               "souvent collé", "-"),
    ("\U000e0020", f"un caractère invisible (U+E0020, {AT}), souvent collé", ""),
]
"""Each character, what the messages call it, and what it becomes in the proposed value."""


@pytest.mark.parametrize(("char", "said", "meant"), PASTED)
def test_each_pasted_character_is_named_with_its_code_point_and_place(char, said, meant):
    assert described(char, 3) == f"{said} depuis un traitement de texte ou une page web"


def test_the_first_character_of_a_line_is_the_1st():
    assert described("\ufeff", 1).startswith("une marque d'ordre des octets (BOM), invisible "
                                              "(U+FEFF, 1er caractère de la ligne), ")


def test_a_character_without_a_known_place_is_named_without_one():
    assert described("\u00a0").startswith("une espace insécable (U+00A0), souvent collée")


@pytest.mark.parametrize(("char", "said", "meant"), PASTED)
def test_each_pasted_character_is_found_shown_and_replaced(char, said, meant):
    value = f"marie{char}ferru"
    assert odd_indexes(value) == [5]
    assert shown(value) == f"marie⟨U+{ord(char):04X}⟩ferru"
    assert cleaned(value) == f"marie{meant}ferru"


def test_what_staff_type_is_never_odd():
    typed = "Sortie terrain à Châtel – « 2023 » : l'ECT, d'après Maryline Filippi ! 😀 "
    assert odd_indexes(typed) == []
    assert not any(is_odd(c) for c in typed)


def test_the_fast_search_finds_exactly_what_is_odd_in_the_basic_plane():
    plane = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    found = set(odd_indexes(plane))
    assert found == {i for i, c in enumerate(plane) if is_odd(c)}
    assert len(found) > 60  # the spaces, the format characters, the controls, the hyphens


def test_look_alikes_of_the_hyphen_become_the_hyphen():
    assert cleaned("2023\u201103") == "2023-03"
    assert cleaned("2023\u221203") == "2023-03"
