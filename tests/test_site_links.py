"""Links to the site in a YAML text (a summary, a definition): written from the site's root,
checked by `regard check` at the link itself, and written from each page the text shows on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.content.problems import ContentError
from generator.content.validate import load_site
from generator.content.validate.site_links import SiteIndex, site_link_problem
from generator.pages.pages import build_pages

from .support import FROZEN

SUMMARY = "    summary: Les terrains sont sélectionnés ; l'ECT se précise.\n"


def _with_summary(root: Path, text: str) -> None:
    timeline = root / "timeline.yml"
    source = timeline.read_text("utf-8")
    assert SUMMARY in source
    timeline.write_text(source.replace(SUMMARY, f"    summary: {text}\n"), "utf-8")


def _errors(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_site(root)
    return [str(p) for p in caught.value.problems]


def _assert_one_error_at_the_link(minimal, written: str, message: str) -> None:
    """The link written in a summary gives exactly ``message``, at its line and column."""
    _with_summary(minimal, f"Voir [la page]({written}) pour la suite.")
    lines = (minimal / "timeline.yml").read_text("utf-8").splitlines()
    line = lines.index(f"    summary: Voir [la page]({written}) pour la suite.") + 1
    column = len("    summary: Voir [la page](") + 1
    assert _errors(minimal) == [f"timeline.yml:{line}:{column}: lien « {written} » : {message}"]


@pytest.mark.parametrize(("written", "message"), [
    ("../publications/", "ce texte apparaît sur plusieurs pages du site ; écrivez le chemin "
     "depuis la racine du site, sans « ../ » ni « / » au début : « publications/ »"),
    ("/glossaire/#ect", "ce texte apparaît sur plusieurs pages du site ; écrivez le chemin "
     "depuis la racine du site, sans « ../ » ni « / » au début : « glossaire/#ect »"),
    ("../", "ce texte apparaît sur plusieurs pages du site ; écrivez le chemin "
     "depuis la racine du site, sans « ../ » ni « / » au début : « index.md »"),
    ("#ect", "ce texte s'affiche sur plusieurs pages ; écrivez la page avant l'ancre, depuis "
     "la racine du site (par exemple « glossaire/#ect »)"),
    ("#naissance", "ce texte s'affiche sur plusieurs pages ; écrivez la page avant l'ancre, "
     "depuis la racine du site (par exemple « chronologie/#naissance »)"),
    ("publication/", "aucune page du site à ce chemin ; vouliez-vous écrire « publications/ » ?"),
    ("nulle-part/", "aucune page du site à ce chemin (les chemins partent de la racine du "
     "site : « publications/ », « glossaire/#ptce », « programme/hypotheses.md »)"),
    ("terrains/alpha/suite/", "aucune page du site à ce chemin ; vouliez-vous écrire "
     "« terrains/alpha/ » ?"),
    ("glossaire/#ecte", "le glossaire n'a pas de terme « ecte » ; vouliez-vous écrire "
     "« glossaire/#ect » ?"),
    ("chronologie/#naisance", "la chronologie n'a pas d'événement « naisance » ; "
     "vouliez-vous écrire « chronologie/#naissance » ?"),
    ("evenements/naisance/", "aucune page du site à ce chemin ; vouliez-vous écrire "
     "« evenements/naissance/ » ?"),
    ("media/Journees.png", "fichier introuvable dans content/pages/ ; attention aux "
     "majuscules : le fichier s'écrit « media/journees.png »"),
    ("media/absent.pdf", "fichier introuvable dans content/pages/ : déposez-le dans "
     "content/pages/media/"),
    ("www.example.org", "il manque https:// au début ; écrivez https://www.example.org"),
    ("//example.org/page", "une adresse d'un autre site commence par https:// (écrivez "
     "https://example.org/page)"),
])
def test_a_link_that_would_break_is_one_error_at_the_link(minimal, written, message):
    _assert_one_error_at_the_link(minimal, written, message)


@pytest.mark.parametrize("written", [
    "publications/", "publications/index.md", "glossaire/#ect", "programme/index.md",
    "chronologie/#naissance", "chronologie/#annee-2023", "chronologie.atom",
    "evenements/naissance/", "evenements/naissance.md",
    "programme/", "programme/figures.md", "terrains/alpha/", "terrains/alpha.md",
    "personnes/ada-martin/", "media/journees.png", "index.md", "donnees/",
    "donnees/evenements.csv", "donnees/chronologie.ics",
    "https://example.org/page", "mailto:contact@example.org",
])
def test_a_link_to_a_page_or_file_of_the_site_is_accepted(minimal, written):
    _with_summary(minimal, f"Voir [la page]({written}).")
    site = load_site(minimal)
    assert [p for p in build_pages(site, chronology_limit=1) if "Voir [la page]" not in
            p.markdown and "Voir <a " in p.markdown]


SITE_URL = "https://clus-ter-jura.github.io/regard/"


@pytest.mark.parametrize(("written", "message"), [
    # The path after the domain, as the address bar shows it: the site's own folder goes.
    ("/regard/evenements/naissance/", "ce texte apparaît sur plusieurs pages du site ; "
     "écrivez le chemin depuis la racine du site, sans « ../ » ni « / » au début : "
     "« evenements/naissance/ »"),
    ("/regard/glossaire/#ect", "ce texte apparaît sur plusieurs pages du site ; écrivez le "
     "chemin depuis la racine du site, sans « ../ » ni « / » au début : « glossaire/#ect »"),
    ("/regard/", "ce texte apparaît sur plusieurs pages du site ; écrivez le chemin depuis "
     "la racine du site, sans « ../ » ni « / » au début : « index.md »"),
    # The advice is a page the site has: following it leads to no second message.
    ("/regard/evenements/naisance/", "ce texte apparaît sur plusieurs pages du site ; écrivez "
     "le chemin depuis la racine du site, sans « ../ » ni « / » au début : "
     "« evenements/naissance/ »"),
    (f"{SITE_URL}evenements/naisance/", "aucune page du site à ce chemin ; vouliez-vous "
     "écrire « evenements/naissance/ » ?"),
    (f"{SITE_URL}glossaire/#ecte", "le glossaire n'a pas de terme « ecte » ; vouliez-vous "
     "écrire « glossaire/#ect » ?"),
])
def test_a_path_copied_from_the_address_bar_is_told_without_the_site_s_folder(
        minimal, written, message):
    (minimal / "mkdocs.yml").write_text(f"site_name: RegarD\nsite_url: {SITE_URL}\n", "utf-8")
    _assert_one_error_at_the_link(minimal, written, message)


@pytest.mark.parametrize("written", [
    f"{SITE_URL}evenements/naissance/", SITE_URL, f"{SITE_URL}glossaire/#ect",
    "http://clus-ter-jura.github.io/regard/publications/"])
def test_a_full_address_of_a_page_the_site_has_is_accepted(minimal, written):
    (minimal / "mkdocs.yml").write_text(f"site_name: RegarD\nsite_url: {SITE_URL}\n", "utf-8")
    _with_summary(minimal, f"Voir [la page]({written}).")
    load_site(minimal)


def test_a_link_is_written_from_each_page_the_text_shows_on(minimal):
    _with_summary(minimal, "Voir les [publications](publications/), [l'ECT](glossaire/#ect), "
                           "[la naissance](chronologie/#naissance) "
                           "et ![le plan](media/journees.png).")
    site = load_site(minimal)
    pages = {p.path: p.markdown for p in build_pages(site, chronology_limit=1)}
    shown = {path: re.findall(r'(?:href|src)="([^"]*(?:publications/|#ect|naissance|journees)'
                              r'[^"]*)"',
                              markdown.split('id="lancement"', 1)[1].split("</article>", 1)[0])
             for path, markdown in pages.items() if 'id="lancement"' in markdown}
    # A split chronology: the event is on its year's page, one folder deeper.
    # « chronologie/#naissance » goes to the year page that shows that event (2014).
    assert shown == {"chronologie/2023.md": ["../../publications/", "../../glossaire/#ect",
                                             "../2014/#naissance", "../../media/journees.png"]}


def test_every_page_the_generator_writes_is_a_page_a_text_may_link_to():
    site = load_site(FROZEN)
    index = SiteIndex(FROZEN, {p.path.removesuffix(".md") for p in build_pages(site)
                             if p.path.count("/") > 1 or not p.path.endswith("index.md")},
                      set(), events={e.id for e in site.events}, terms=set(site.terms))
    paths = [p.path for p in build_pages(site)]
    assert paths and not [p for p in paths if site_link_problem(index, "href", p)]
    assert site_link_problem(index, "href", "nulle-part/")


def test_the_same_broken_link_twice_in_a_text_is_told_at_each_place(minimal):
    text = "    summary: Voir [a](publication/) et [b](publication/) ici."
    _with_summary(minimal, text.removeprefix("    summary: "))
    line = (minimal / "timeline.yml").read_text("utf-8").splitlines().index(text) + 1
    first, second = text.index("(publication/)") + 2, text.rindex("(publication/)") + 2
    assert [m.split(": ", 1)[0] for m in _errors(minimal)] == [
        f"timeline.yml:{line}:{first}", f"timeline.yml:{line}:{second}"]


def test_the_feed_and_timelinejs_write_a_text_s_links_as_full_addresses(minimal):
    from generator.outputs.exports.feeds import atom
    from generator.outputs.exports.timelinejs import timeline
    from generator.text.urls import Urls

    _with_summary(minimal, "Voir les [publications](publications/) et "
                           "![le plan](media/journees.png).")
    site = load_site(minimal)
    urls = Urls("https://example.org/regard/")
    feed = atom(site, urls, None, "RegarD").decode()
    assert '&lt;a href="https://example.org/regard/publications/"&gt;' in feed
    slides = json.dumps(timeline(site, urls, "RegarD"))
    assert 'href=\\"https://example.org/regard/publications/\\"' in slides
    assert 'src=\\"https://example.org/regard/media/journees.png\\"' in slides
