"""The built site as a reader meets it outside the chronology: titles and share cards, the
footer and the 404 page, acronyms, links between records, the search index."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from generator.pages.pages import abbreviations, projects_in_index_order


def read(site, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


class _Head(HTMLParser):
    """The head's title and meta tags, attributes decoded as a browser decodes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key:
                self.meta[key] = values.get("content") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html.split("</head>")[0])
    return parser


SHARE_TAGS = ["description", "og:type", "og:site_name", "og:locale", "og:title",
              "og:description", "og:url", "og:image", "og:image:alt", "twitter:card",
              "twitter:title", "twitter:description", "twitter:image"]


def test_every_page_has_a_french_title_a_description_and_a_share_card(frozen_site):
    pages = sorted(p for p in frozen_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 70
    for page in pages:
        found = head(page.read_text("utf-8"))
        name = page.relative_to(frozen_site).as_posix()
        assert [tag for tag in SHARE_TAGS if not found.meta.get(tag)] == [], name
        assert found.title.endswith("RegarD — Clus’Ter Jura"), name
        assert found.meta["og:locale"] == "fr_FR"
        assert found.meta["og:image"] == "https://clus-ter-jura.github.io/regard/assets/images/partage.png"
        assert found.meta["og:url"].startswith("https://clus-ter-jura.github.io/regard/"), name
        assert found.meta["og:title"] and found.meta["og:title"] == found.meta["twitter:title"]
        assert 20 <= len(found.meta["description"]) <= 300, (name, found.meta["description"])
    image = (frozen_site / "assets" / "images" / "partage.png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(image[16:20]), int.from_bytes(image[20:24])) == (1200, 630)


def test_a_person_page_is_described_by_the_person_and_their_committees(frozen_site):
    found = head(read(frozen_site, "personnes/marie-ferru/index.html"))
    assert found.title == "Marie Ferru – RegarD — Clus’Ter Jura"
    assert found.meta["og:title"] == "Marie Ferru"
    assert found.meta["description"] == (
        "Marie Ferru : Géographie, Université de Poitiers, membre du comité de suivi et du "
        "comité scientifique — programme de R&D de Clus'Ter Jura.")
    hand_written = head(read(frozen_site, "programme/index.html"))
    assert hand_written.meta["description"].startswith("L'histoire des trois années du programme")


def test_the_footer_names_the_publisher_and_the_last_update_and_keeps_staff_links_last(
        frozen_site, frozen_project):
    from generator.engines.revision import last_update

    html = read(frozen_site, "terrains/chatel/index.html")
    footer = html[html.index('<footer class="md-footer">'):]
    assert "Made with" not in html and "Material for MkDocs" not in footer
    assert "Publié par Clus’Ter Jura" in footer
    date = last_update(frozen_project)
    assert date is not None
    assert f'<time datetime="{date.isoformat()}">' in footer
    staff = footer[footer.index("rd-footer__staff"):]
    assert ('<a href="https://github.com/clus-ter-jura/regard/edit/main/content/projects/'
            'chatel.yml" title="Modifier cette page sur GitHub" rel="edit">') in staff
    assert 'href="https://github.com/clus-ter-jura/regard"' in staff
    # Nothing for staff before the page's own title, nor in the header.
    article = html[html.index("<article"):html.index("</article>")]
    assert "Modifier cette page" not in article and "github.com" not in article
    header = html[html.index("<header"):html.index("</header>")]
    assert "github.com" not in header
    # No licence line: the content states none.
    assert "licence" not in footer.lower()


def test_the_404_page_is_french_with_ways_back_that_work_from_any_address(frozen_site):
    html = read(frozen_site, "404.html")
    assert "Not found" not in html and "404 -" not in html
    assert "<title>Page introuvable – RegarD — Clus’Ter Jura</title>" in html
    assert '<h1 id="page-introuvable">Page introuvable</h1>' in html
    # Served at any address: its links are absolute, under the site's path.
    main = html[html.index("<article"):html.index("</article>")]
    links = re.findall(r'<li><a href="([^"]+)">', main)
    assert [link.rstrip(".") for link in links] == [
        "/regard/", "/regard/chronologie/", "/regard/glossaire/"]
    assert 'class="md-button rd-search-button' in html


def test_acronyms_of_organisations_and_sheets_expand_to_their_names_and_no_other(
        frozen_site, frozen_data):
    titles = abbreviations(frozen_data)
    assert titles["IUGA"] == "Institut d'Urbanisme et de Géographie Alpine"
    assert titles["FBI"] == "Filière bas niveau d'intrants"
    assert titles["ECT"] == "Entrepreneuriat Coopératif Territorial"
    # Named by their acronym only in the content: no expansion is made up.
    assert not {"ADEME", "INRAE", "IAE", "SCOP", "CR"} & set(titles)
    html = read(frozen_site, "terrains/fbi/index.html")
    assert "<abbr title=\"Filière bas niveau d&#x27;intrants\">FBI</abbr>" in html \
        or "<abbr title=\"Filière bas niveau d'intrants\">FBI</abbr>" in html


def test_terrain_and_person_pages_link_to_the_chronology_filtered_on_them(frozen_site):
    chatel = read(frozen_site, "terrains/chatel/index.html")
    assert ('<a class="rd-filtered" href="../../chronologie/?terrain=chatel">Voir ces 3 '
            "événements dans la chronologie</a>") in chatel
    ferru = read(frozen_site, "personnes/marie-ferru/index.html")
    assert 'href="../../chronologie/?personne=marie-ferru"' in ferru
    # No link to an empty filtered chronology.
    crepite = read(frozen_site, "terrains/crepite/index.html")
    assert "?terrain=crepite" not in crepite


def test_terrain_pages_lead_to_the_previous_and_next_in_the_order_of_the_index(
        frozen_site, frozen_data):
    order = [p.id for p in projects_in_index_order(frozen_data)]
    index = read(frozen_site, "terrains/index.html")
    listed = re.findall(r'<h[23] id="([a-z0-9-]+)"><a href="\1/"', index)
    assert listed == order
    for position, project in enumerate(order):
        html = read(frozen_site, f"terrains/{project}/index.html")
        pager = html[html.index('class="rd-pager"'):]
        pager = pager[:pager.index("</nav>")]
        previous = re.findall(r'href="../([a-z0-9-]+)/" rel="prev"', pager)
        following = re.findall(r'href="../([a-z0-9-]+)/" rel="next"', pager)
        assert previous == order[position - 1:position] if position else previous == []
        assert following == order[position + 1:position + 2]


def test_home_figures_come_from_the_data_and_are_links_to_what_they_count(frozen_site,
                                                                          frozen_data):
    html = read(frozen_site, "index.html")
    figures = html[html.index('<div class="rd-figures">'):]
    figures = figures[:figures.index("</div>")]
    links = re.findall(r'<a href="([^"]+)"><strong>(\d+)</strong>', figures)
    terrains = sum(p.kind == "terrain" for p in frozen_data.projects.values())
    assert links == [("chronologie/", str(len(frozen_data.events))),
                     ("chronologie/", links[1][1]),
                     ("terrains/", str(terrains)),
                     ("comites/", str(len(frozen_data.committees))),
                     ("comites/", links[4][1]),
                     ("glossaire/", str(len(frozen_data.terms)))]
    assert f"<strong>{len(frozen_data.events)}</strong> événements dans la chronologie" in html
    assert f"<strong>{terrains}</strong> terrains de recherche" in html


def test_a_person_with_only_a_name_and_a_seat_gets_the_mission_and_the_seat_partners(
        frozen_site, frozen_data):
    html = read(frozen_site, "personnes/claire-pinet/index.html")
    article = unescape(re.sub(r"<[^>]+>", "", html[html.index("<article"):]))
    assert "Comité d’innovation, avec Cécile Colson, Hélène Varlet" in article
    assert "Mission du comité d’innovation\u00a0:" in article
    mission = next(c for c in frozen_data.committees if c.id == "innovation").mission
    assert " ".join(mission.replace("'", "’").split())[:40] in " ".join(article.split())
    # A richer page does not repeat the committee's mission.
    assert "Mission du" not in read(frozen_site, "personnes/marie-ferru/index.html")


@pytest.mark.parametrize("page", ["programme/figures/index.html", "comites/index.html",
                                  "personnes/index.html"])
def test_table_cells_carry_their_column_heading_for_phones(frozen_site, page):
    html = read(frozen_site, page)
    tables = re.findall(r"<table data-rd-labels>.*?</table>", html, re.S)
    assert tables
    for table in tables:
        headings = [unescape(re.sub(r"<[^>]+>", "", h)).strip()
                    for h in re.findall(r"<th\b[^>]*>(.*?)</th>", table.split("</thead>")[0],
                                        re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            labels = [unescape(label) for label in re.findall(r'data-label="([^"]*)"', row)]
            assert labels == [h for h in headings if h], page


def test_the_search_index_is_written_and_lean(frozen_site):
    folder = frozen_site / "pagefind"
    entry = json.loads((folder / "pagefind-entry.json").read_text("utf-8"))
    assert list(entry["languages"]) == ["fr"]
    assert (folder / "pagefind.js").exists() and (folder / "wasm.fr.pagefind").exists()
    # Only what the site's own search interface uses is published.
    assert not list(folder.glob("pagefind-*ui*"))
    assert not (folder / "wasm.unknown.pagefind").exists()
    # No page asks for Material's lunr index, and Material's search plugin is not run.
    assert not (frozen_site / "search" / "search_index.json").exists()
    # Nor is its engine published: lunr, its languages and its worker (1.2 MB, 36 files).
    assert not (frozen_site / "assets" / "javascripts" / "lunr").exists()
    assert not list((frozen_site / "assets" / "javascripts").glob("workers/search*"))
    assert list((frozen_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for page in ("index.html", "chronologie/index.html"):
        html = read(frozen_site, page)
        assert "search_index" not in html and 'name="search"' not in html


HOSTILE_NAME = 'Ada "<script>alert(1)</script>" & l\'<b>ECT</b> {: .x }'


@pytest.mark.build
def test_share_tags_print_hostile_text_as_text(tmp_path, minimal):
    from .support import as_project, mkdocs_build

    people = minimal / "content" / "people.yml"
    people.write_text(people.read_text("utf-8").replace(
        "name: Ada Martin", "name: " + json.dumps(HOSTILE_NAME)), "utf-8")
    project = minimal / "content" / "projects" / "alpha.yml"
    project.write_text(project.read_text("utf-8").replace(
        "Un projet de test.",
        'Un projet "<img src=media/journees.png onerror=alert(1)>" de test.'), "utf-8")
    as_project(minimal)
    mkdocs_build(minimal, tmp_path / "site")

    html = read(tmp_path / "site", "personnes/ada-martin/index.html")
    found = head(html)
    for key in ("og:title", "twitter:title"):
        assert found.meta[key] == HOSTILE_NAME
    assert found.title == HOSTILE_NAME + " – RegarD — Clus’Ter Jura"
    assert found.meta["description"].startswith(HOSTILE_NAME + " : Présidente")
    head_html = html.split("</head>")[0]
    assert "<script>alert" not in html and "<b>" not in head_html
    assert head_html.count("<script") == read(tmp_path / "site", "index.html").split(
        "</head>")[0].count("<script")

    # A Markdown field is described by what the reader sees of it: the image is no text.
    sheet = read(tmp_path / "site", "terrains/alpha/index.html")
    assert head(sheet).meta["og:description"] == 'Un projet "" de test.'
    assert "<img" not in sheet.split("</head>")[0]
