"""Text from YAML is data: plain text shows as written, Markdown fields are sanitised."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import markup
from generator.text.htmltext import abbreviate, map_text

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '"><svg onload="window.__pwned=1">',
    "<img src=x onerror=window.__pwned=1>",
    "[clic](javascript:window.__pwned=1)",
    "{ onclick=window.__pwned=1 }",
    "<!-- tout ce qui suit disparaît",
    "a | b | c",
    "fin par une barre \\",
    "*[ECT]: <b>injecté</b>",
]


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value) for name, value in attrs]


def attributes(html: str) -> list[tuple[str, str, str | None]]:
    parser = _Attributes()
    parser.feed(html)
    return parser.found


def _render_page(markdown_source: str) -> str:
    return markdown.markdown(markdown_source, extensions=["attr_list", "md_in_html", "tables",
                                                         "abbr"])


@pytest.mark.parametrize("text", [*HOSTILE, "1. pas une liste", "- pas une liste",
                                  "# pas un titre", "> pas une citation", "**pas gras**",
                                  "R&D et l'ECT", "ligne\n\nautre ligne"])
def test_plain_text_shows_exactly_as_written_in_markdown_and_html(text):
    html = _render_page(f"Avant {markup.markdown_text(text)} après")
    assert html.count("<p>") == 1
    assert "<script" not in html and "<svg" not in html and "<img" not in html
    assert "<em>" not in html and "<strong>" not in html
    assert attributes(html) == []
    # What the reader sees is the text itself, on one line.
    from html import unescape
    from re import sub
    assert unescape(sub(r"<[^>]+>", "", html)) == f"<p>Avant {markup.one_line(text)} après</p>" \
        .removeprefix("<p>").removesuffix("</p>")


@pytest.mark.parametrize("text", ["1. pas une liste", "- pas une liste", "# pas un titre",
                                  "+ non", "= non", "12) non"])
def test_plain_text_at_the_start_of_a_line_starts_no_block(text):
    html = _render_page(str(markup.markdown_text(text)))
    assert html.startswith("<p>") and html.count("<") == 2, html


def test_plain_text_in_a_table_cell_stays_in_its_cell():
    row = f"| {markup.markdown_text('a | b')} | c |"
    html = _render_page(f"| x | y |\n| --- | --- |\n{row}\n")
    assert html.count("<td>") == 2


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_values_are_html_escaped_yaml_strings(text):
    value = yaml.safe_load(f"title: {markup.frontmatter_text(text)}")["title"]
    assert "<" not in value and ">" not in value.replace("&gt;", "")
    assert json.loads(str(markup.frontmatter_text(text))) == value


@pytest.mark.parametrize(("source", "forbidden"), [
    ("<script>window.__pwned=1</script>", "<script"),
    ('<img src="x" onerror="window.__pwned=1">', "onerror"),
    ("[clic](javascript:window.__pwned=1)", "javascript:"),
    ("[clic](//autre-site.example/)", "autre-site"),
    ("![image](data:image/svg+xml;base64,PHN2Zz4=)", "data:"),
    ('<a href="#" style="position:fixed">x</a>', "style"),
    ("<iframe src=https://example.org></iframe>", "iframe"),
    ("texte { onclick=window.__pwned=1 }", " onclick"),
    ('<p onmouseover="window.__pwned=1">x</p>', "onmouseover"),
    ("<!-- commentaire", "<!--"),
    ("<form><input name=x></form>", "<input"),
])
def test_markdown_fields_are_sanitised(source, forbidden):
    html = markup.render_markdown(source)
    tags = "".join(f"<{tag} {name}={value!r}>" for tag, name, value in attributes(html))
    assert forbidden not in tags
    assert forbidden not in html.replace("onclick=window", "")


def test_markdown_fields_keep_their_formatting_and_safe_links():
    html = markup.render_markdown("Un *mot*, du **gras**, [un lien](https://example.org/a_b) "
                                  "et [un autre](../glossaire/#ect).\n\n- un\n- deux")
    assert "<em>mot</em>" in html and "<strong>gras</strong>" in html
    assert '<a href="https://example.org/a_b">un lien</a>' in html
    assert '<a href="../glossaire/#ect">un autre</a>' in html
    assert "<ul>" in html


@pytest.mark.parametrize("source", [
    "Du code :\n\n    ligne 1\n\n\n    ligne 2\n\nFin.",
    "</li></ol></div></article><h2>faux titre</h2>\n# titre\n\n- liste\n\n*[ECT]: x",
    "<form>texte</form>\n\n# titre",
])
def test_a_markdown_field_stays_one_block_of_the_page(source):
    field = markup.render_markdown(source)
    page = _render_page(f"Avant\n\n{field}\n\nAprès")
    assert page.startswith("<p>Avant</p>\n" + field) and page.endswith("<p>Après</p>")
    assert "<h1" not in page and "<h2" not in page


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Éé'\"«»:;,.-+=#12()/\xa0")), max_size=40))
def test_the_fast_path_renders_as_the_markdown_engine_does(text):
    if markup._MARKDOWN_SYNTAX.search(text) or not text.strip():
        return
    converter = markdown.Markdown(extensions=["sane_lists"])
    expected = markup.sanitise(converter.convert(text))
    assert markup.render_markdown(text) == f'<div class="rd-md">{expected}</div>'


def test_acronyms_become_abbreviations_in_text_only():
    page = ('<p>L\'ECT et <a href="/ECT/" title="ECT">l\'ECT</a></p><code>ECT</code>'
            '<pre>ECT</pre><abbr title="x">ECT</abbr> ECTS <img alt="ECT">')
    out = abbreviate(page, {"ECT": "Entrepreneuriat Coopératif Territorial"})
    assert out.count('<abbr title="Entrepreneuriat Coopératif Territorial">ECT</abbr>') == 2
    assert '<code>ECT</code>' in out and '<pre>ECT</pre>' in out
    assert 'href="/ECT/"' in out and 'title="ECT"' in out and 'alt="ECT"' in out
    assert "ECTS" in out


def test_text_changes_never_reach_attributes_scripts_or_code():
    page = ('<p title="a > b">x</p><script>if (a < b) { x = 1 }</script>'
            '<code>x</code><style>p > x {}</style><!-- x --><p>x</p>')
    out = map_text(page, lambda text: text.replace("x", "y"))
    assert out == ('<p title="a > b">y</p><script>if (a < b) { x = 1 }</script>'
                   '<code>x</code><style>p > x {}</style><!-- x --><p>y</p>')


def test_abbreviation_titles_cannot_carry_markup_into_tooltips():
    title = markup.attribute_title("Terme <img src=x onerror=alert(1)>\nsuite")
    assert "<" not in title and "\n" not in title
