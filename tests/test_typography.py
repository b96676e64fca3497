"""French typography on HTML text: where it acts, and where it must not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.typography import NBSP, NNBSP, Typesetter, typeset

N, T = NBSP, NNBSP


@pytest.mark.parametrize(("before", "after"), [
    # Before high punctuation: a narrow no-break space, a no-break space before the colon.
    ("Mission : suivre", f"Mission{N}: suivre"),
    ("Pourquoi ? Parce que ; enfin !", f"Pourquoi{T}? Parce que{T}; enfin{T}!"),
    ("Quoi ?!", f"Quoi{T}?!"),
    ("fin de ligne\n: suite", f"fin de ligne{N}: suite"),
    ("deux espaces  : un seul", f"deux espaces{N}: un seul"),
    ("espace insécable&nbsp;: gardée", f"espace insécable{N}: gardée"),
    ("fine mal placée\u202f: corrigée", f"fine mal placée{N}: corrigée"),
    # Guillemets, with or without the writer's spaces.
    ("« terrain miroir »", f"«{N}terrain miroir{N}»"),
    ("«terrain miroir»", f"«{N}terrain miroir{N}»"),
    ("«\nà la ligne\n»", f"«{N}à la ligne{N}»"),
    # Numbers, units, pages, dates.
    ("12 000 habitants", f"12{T}000 habitants"),
    ("1 200 000 €", f"1{T}200{T}000{N}€"),
    ("30 % des projets", f"30{N}% des projets"),
    ("10 ans d'action", f"10{N}ans d’action"),
    ("14 h 30", f"14{N}h 30"),
    ("voir p. 12 et n° 3", f"voir p.{N}12 et n°{N}3"),
    ("le 28 novembre 2025", f"le 28{N}novembre{N}2025"),
    ("le 1er mars 2024", f"le 1er{N}mars{N}2024"),
    ("Septembre 2025 :", f"Septembre{N}2025{N}:"),
    # Apostrophes: inside a word and after an elided word before an element.
    ("l'ECT et aujourd'hui", "l’ECT et aujourd’hui"),
    ("Clus'Ter Jura", "Clus’Ter Jura"),
    ("d'« idéal type »", f"d’«{N}idéal type{N}»"),
    ("d'“essaimage”", "d’“essaimage”"),
    ("l&#39;ECT, l&#x27;IAE, l&apos;ADEME", "l’ECT, l’IAE, l’ADEME"),
])
def test_french_text_is_typeset(before, after):
    assert typeset(before) == after


@pytest.mark.parametrize("text", [
    "14:30", "un ratio 3:1", "http://example.org/a?b=c", "https://x.org/l'a;b!c",
    "mailto:contact@example.org", "www.example.org/?q=l'ect",
    "Why? Because: she said so!", '"English quotes" and \u201cthese\u201d', "Note: yes",
    "'quoted' words", "en 2023 2024 et 2025", "de 2014 à 2026", "2023 250 personnes",
    "R &amp; D", "rien à changer", "4 terrains", "les 3 piliers",
])
def test_text_it_must_not_change(text):
    typesetter = Typesetter()
    assert typesetter.page(text) == text
    assert typesetter.total == 0


@pytest.mark.parametrize("html", [
    "<code>a : b</code>", "<pre>l'ECT ; « x »</pre>", "<pre><code>12 000 :</code></pre>",
    "<kbd>Ctrl :</kbd>", "<samp>erreur : ligne 3</samp>", "<textarea>a : b</textarea>",
    "<script>var a = b ? c : d; // l'ECT</script>", "<style>a:hover { b: c !important }</style>",
    "<!-- note : l'ECT -->", '<a href="/chercher/?q=a b&amp;c=d" title="Voir : ici">x</a>',
    "<img alt=\"l'ECT : un schéma\" src=\"a.png\">",
    '<abbr title="Entrepreneuriat : Coopératif">ECT</abbr>',
    "<input value=\"12 000 € ; l'an\">",
])
def test_markup_code_and_attributes_stay_byte_for_byte(html):
    assert typeset(html) == html


def test_text_around_kept_elements_and_links_is_typeset():
    html = ('<p>Voir <a href="https://example.org/?a=b:c" title="l\'ECT : x">le site</a> : '
            "<code>a : b</code> puis l'<abbr title=\"Entrepreneuriat Coopératif\">ECT</abbr> "
            "?</p>")
    assert typeset(html) == (
        f'<p>Voir <a href="https://example.org/?a=b:c" title="l\'ECT : x">le site</a>{N}: '
        f"<code>a : b</code> puis l’<abbr title=\"Entrepreneuriat Coopératif\">ECT</abbr>"
        f"{T}?</p>")


def test_an_address_in_the_text_is_kept_and_the_text_around_it_typeset():
    assert typeset("Site : https://example.org/l'a?b ; fin") == \
        f"Site{N}: https://example.org/l'a?b{T}; fin"


def test_guillemets_split_by_elements():
    assert typeset("«<em>mot</em>»") == f"«{N}<em>mot</em>{N}»"
    assert typeset("« <em>mot</em> »") == f"«{N}<em>mot</em>{N}»"


def test_the_document_title_is_typeset_once_and_nothing_else_in_the_head():
    html = ("<html><head><title>L'ECT : chronologie</title>"
            "<meta name=\"description\" content=\"l'ECT : x\"></head>"
            "<body><svg><title>l'icône : x</title></svg></body></html>")
    assert typeset(html) == (f"<html><head><title>L’ECT{N}: chronologie</title>"
                             "<meta name=\"description\" content=\"l'ECT : x\"></head>"
                             "<body><svg><title>l'icône : x</title></svg></body></html>")


def test_fixes_are_counted_by_rule_and_a_place_already_right_is_not_counted():
    typesetter = Typesetter()
    typesetter.page(f"<p>Mission : l'ECT « x »</p><p>Déjà{N}: juste</p>")
    assert typesetter.fixes == {"before": 2, "open": 1, "inner": 1}
    assert typesetter.total == 4


WORDS = st.sampled_from([
    "l'ECT", "Mission", ":", ";", "?", "!", "«", "»", "12", "000", "€", "%", "p.", "28",
    "novembre", "2025", "14:30", "http://x.org/a?b", "&nbsp;", "&#39;", "d'", "mot", "\n",
    "&amp;", "Clus'Ter", "1er", "mars", "ans",
])
ELEMENTS = st.sampled_from([
    ("<p>", "</p>"), ("<code>", "</code>"), ('<a href="/a?b=c : d" title="l\'x : y">', "</a>"),
    ('<abbr title="a ; b">', "</abbr>"), ("<em>", "</em>"), ("<pre>", "</pre>"),
])


@st.composite
def fragments(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(WORDS, min_size=1, max_size=8))
        separator = draw(st.sampled_from([" ", "", "  "]))
        opening, closing = draw(ELEMENTS)
        pieces.append(opening + separator.join(words) + closing)
    return " ".join(pieces)


TAG_OR_KEPT = re.compile(r"<(pre|code)>.*?</\1>|<[^>]*>", re.S)


@settings(max_examples=300, deadline=None)
@given(fragments())
def test_only_spaces_and_apostrophes_of_text_change_and_twice_is_once(html):
    typesetter = Typesetter()
    once = typesetter.page(html)
    # Markup and code are byte for byte the same, in the same order.
    assert TAG_OR_KEPT.findall(once) == TAG_OR_KEPT.findall(html)
    assert [m.group(0) for m in TAG_OR_KEPT.finditer(once)] == \
        [m.group(0) for m in TAG_OR_KEPT.finditer(html)]

    # Outside them, the text reads the same once spaces and apostrophes are set aside.
    def letters(text: str) -> str:
        text = TAG_OR_KEPT.sub("", text).replace("&nbsp;", " ").replace("&#39;", "'")
        return re.sub(r"[\s\u202f]+", "", text.replace("’", "'"))

    assert letters(once) == letters(html)
    second = Typesetter()
    assert second.page(once) == once
    assert second.total == 0
