"""The filterable chronology in a real browser: filters, URL state, history, no-JS, instant
navigation, keyboard, phone width and print."""

from __future__ import annotations

import re
import unicodedata

import pytest

from generator.validate import load_site
from tests.conftest import ROOT

SITE = load_site(ROOT)
ALL = [e.id for e in SITE.events]


def ids(predicate) -> list[str]:
    return [e.id for e in SITE.events if predicate(e)]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).lower()


def shown(page) -> list[str]:
    return page.eval_on_selector_all("li.rd-event", "els => els.filter(e => !e.hidden)"
                                                    ".map(e => e.id)")


def status(page) -> str:
    return page.locator("[data-rd-count]").text_content()


def count_text(n: int) -> str:
    return f"{n} {'événements' if n > 1 else 'événement'} sur {len(ALL)}"


def query(page) -> str:
    return page.evaluate("location.search")


@pytest.fixture
def chronology(page, base_url):
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    return page


def category(page, label: str):
    return page.get_by_role("checkbox", name=label, exact=True)


def test_all_events_and_the_count_show_on_arrival(chronology):
    assert shown(chronology) == ALL
    assert status(chronology) == count_text(len(ALL))
    assert chronology.locator("[role=status]").count() == 1


def test_the_legend_filters_by_category(chronology):
    category(chronology, "Éléments théoriques").check()
    expected = ids(lambda e: "theory" in e.categories)
    assert shown(chronology) == expected
    assert status(chronology) == count_text(len(expected))
    assert query(chronology) == "?categorie=theory"


def test_categories_combine_with_or(chronology):
    category(chronology, "Éléments relatifs aux comités").check()
    category(chronology, "Apprentissages des terrains de recherche").check()
    assert shown(chronology) == ids(lambda e: {"committees", "field"} & set(e.categories))


def test_kinds_combine_with_and(chronology):
    category(chronology, "Éléments théoriques").check()
    chronology.locator("summary", has_text="Années").click()
    chronology.get_by_role("checkbox", name=re.compile(r"^2024 ")).check()
    expected = ids(lambda e: "theory" in e.categories and e.date.year == 2024)
    assert 0 < len(expected) < len(ids(lambda e: "theory" in e.categories))
    assert shown(chronology) == expected
    assert query(chronology) == "?categorie=theory&annee=2024"


def test_filter_by_project(chronology):
    chronology.locator("summary", has_text="Terrains").click()
    chronology.get_by_role("checkbox", name=re.compile(r"^Commun de Chatel ")).check()
    assert shown(chronology) == ids(lambda e: "chatel" in e.projects)
    assert len(shown(chronology)) >= 2


def test_filter_by_person(chronology):
    chronology.locator("summary", has_text="Personnes").click()
    chronology.get_by_role("checkbox", name=re.compile(r"^Didier Chabaud ")).check()
    chronology.get_by_role("checkbox", name=re.compile(r"^Camille Henrion ")).check()
    assert shown(chronology) == ids(
        lambda e: {"didier-chabaud", "camille-henrion"} & set(e.people))


@pytest.mark.parametrize("typed", ["economie", "ÉCONOMIE", "Économie"])
def test_text_search_ignores_accents_and_case(chronology, typed):
    chronology.get_by_label("Rechercher dans la chronologie").fill(typed)
    found = shown(chronology)
    assert "ect-et-efc" in found  # « Économie de la Fonctionnalité et de la Coopération »
    texts = chronology.eval_on_selector_all(
        "li.rd-event", "els => els.filter(e => !e.hidden).map(e => e.textContent)")
    assert all("economie" in fold(text) for text in texts)


def test_text_search_with_an_accent_finds_the_unaccented_spelling(chronology):
    chronology.get_by_label("Rechercher dans la chronologie").fill("châtel")
    assert set(ids(lambda e: "chatel" in e.projects)) <= set(shown(chronology))


def test_text_search_covers_linked_names(chronology):
    chronology.get_by_label("Rechercher dans la chronologie").fill("maryline filippi")
    assert shown(chronology) == ids(lambda e: "maryline-filippi" in e.people)


def test_a_filtered_view_is_a_link_that_restores_itself(page, base_url):
    page.goto(f"{base_url}/chronologie/?categorie=field&terrain=pat&texte=sortie")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == ["sortie-terrain-pat"]
    assert category(page, "Apprentissages des terrains de recherche").is_checked()
    assert page.get_by_label("Rechercher dans la chronologie").input_value() == "sortie"
    page.reload()
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == ["sortie-terrain-pat"]


def test_back_and_forward_step_through_the_changes(chronology):
    category(chronology, "Éléments théoriques").check()
    category(chronology, "Méthode de recherche").check()
    both = ids(lambda e: {"theory", "method"} & set(e.categories))
    assert shown(chronology) == both
    chronology.go_back()
    chronology.wait_for_function("location.search === '?categorie=theory'")
    assert shown(chronology) == ids(lambda e: "theory" in e.categories)
    assert not category(chronology, "Méthode de recherche").is_checked()
    chronology.go_back()
    chronology.wait_for_function("location.search === ''")
    assert shown(chronology) == ALL
    chronology.go_forward()
    chronology.wait_for_function("location.search === '?categorie=theory'")
    assert shown(chronology) == ids(lambda e: "theory" in e.categories)


def test_typing_makes_one_history_entry_per_burst(chronology):
    before = chronology.evaluate("history.length")
    chronology.get_by_label("Rechercher dans la chronologie").press_sequentially("comite")
    assert chronology.evaluate("history.length") == before + 1
    assert query(chronology) == "?texte=comite"


@pytest.mark.parametrize("params", [
    "?categorie=inconnue&annee=abc&terrain=&personne=%E2%9C%93&foo=bar",
    "?annee=1999&annee=2024%20OR%201=1",
    "?%%%",
    "?categorie",
])
def test_unknown_or_malformed_parameters_are_ignored(page, base_url, params):
    page.goto(f"{base_url}/chronologie/{params}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == ALL
    assert status(page) == count_text(len(ALL))


def test_reset_and_empty_state(chronology):
    chronology.get_by_label("Rechercher dans la chronologie").fill("xyzzy introuvable")
    assert shown(chronology) == []
    assert status(chronology) == count_text(0)
    empty = chronology.locator("[data-rd-empty]")
    assert empty.is_visible()
    empty.get_by_role("button", name="Afficher tous les événements").click()
    assert shown(chronology) == ALL
    assert not empty.is_visible()
    assert query(chronology) == ""
    category(chronology, "Méthode de recherche").check()
    chronology.get_by_role("button", name="Réinitialiser les filtres").click()
    assert shown(chronology) == ALL


def test_empty_years_disappear_with_their_heading(chronology):
    chronology.get_by_label("Rechercher dans la chronologie").fill("soutenance")
    assert shown(chronology) == ["soutenance-these"]
    assert chronology.locator("#annee-2024").is_visible()
    assert not chronology.locator("#annee-2023").is_visible()


def test_choosing_a_year_in_the_chart_filters_the_list(chronology):
    bar = chronology.locator("a[data-rd-year='2023']")
    bar.click()
    assert shown(chronology) == ids(lambda e: e.date.year == 2023)
    assert bar.get_attribute("aria-current") == "true"
    assert query(chronology) == "?annee=2023"
    bar.click()
    assert shown(chronology) == ALL


def test_the_chart_has_a_text_alternative(chronology):
    table = chronology.locator(".rd-chart__data table")
    rows = table.locator("tbody tr")
    assert rows.count() == len({e.date.year for e in SITE.events})
    assert chronology.locator("a[data-rd-year='2024']").get_attribute("aria-label") == (
        f"2024 : {len(ids(lambda e: e.date.year == 2024))} événements")


def test_without_javascript_every_event_shows_and_controls_stay_hidden(open_page, base_url):
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/chronologie/?categorie=theory")
    assert page.locator("li.rd-event:visible").count() == len(ALL)
    assert not page.locator("[data-rd-filters]").is_visible()
    assert page.locator("fieldset.rd-legend input:visible").count() == 0
    assert page.locator("fieldset.rd-legend").get_by_text("Éléments théoriques").is_visible()


def test_instant_navigation_leaving_and_coming_back(page, base_url):
    page.goto(f"{base_url}/")
    page.evaluate("window.sameDocument = true")  # survives instant navigation, not a reload
    page.get_by_role("link", name="Chronologie", exact=True).first.click()
    page.wait_for_url(re.compile(r"/chronologie/$"))
    assert page.evaluate("window.sameDocument") is True
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    category(page, "Méthode de recherche").check()
    assert shown(page) == ids(lambda e: "method" in e.categories)
    page.get_by_role("link", name="Glossaire", exact=True).first.click()
    page.wait_for_url(re.compile(r"/glossaire/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/chronologie/\?categorie=method$"))
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == ids(lambda e: "method" in e.categories)
    page.get_by_role("link", name="Terrains", exact=True).first.click()
    page.wait_for_url(re.compile(r"/terrains/$"))
    page.get_by_role("link", name="Chronologie", exact=True).first.click()
    page.wait_for_url(re.compile(r"/chronologie/$"))
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert page.evaluate("window.sameDocument") is True
    assert shown(page) == ALL
    category(page, "Éléments relatifs aux comités").check()
    assert shown(page) == ids(lambda e: "committees" in e.categories)
    assert page.evaluate("document.querySelectorAll('[data-rd-filters]').length") == 1


def test_every_control_works_from_the_keyboard_with_visible_focus(chronology):
    chronology.locator("#legende").scroll_into_view_if_needed()
    chronology.get_by_label("Rechercher dans la chronologie").focus()
    chronology.keyboard.press("Shift+Tab")  # back to the last category of the legend
    focused = chronology.evaluate("document.activeElement.value")
    assert focused == "field"
    outline = chronology.evaluate(
        "getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none"
    chronology.keyboard.press("Space")
    assert shown(chronology) == ids(lambda e: "field" in e.categories)
    chronology.get_by_label("Rechercher dans la chronologie").focus()
    chronology.keyboard.press("Tab")  # the « Années » disclosure
    chronology.keyboard.press("Enter")
    chronology.keyboard.press("Tab")
    chronology.keyboard.press("Space")  # the first year
    first_year = min(e.date.year for e in SITE.events)
    assert shown(chronology) == ids(
        lambda e: "field" in e.categories and e.date.year == first_year)


def test_categories_are_never_conveyed_by_colour_alone(chronology):
    labels = chronology.eval_on_selector_all(
        "li.rd-event .rd-event__cats li", "els => els.map(e => e.textContent.trim())")
    names = {c.label for c in SITE.timeline.legend}
    assert labels and all(any(name in label for name in names) for label in labels)


@pytest.mark.parametrize("path", ["chronologie/", "", "terrains/chatel/", "glossaire/",
                                  "comites/", "personnes/"])
def test_no_horizontal_scroll_at_375_px(open_page, base_url, path):
    page = open_page(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_print_shows_the_filtered_list_without_controls(chronology):
    category(chronology, "Méthode de recherche").check()
    chronology.emulate_media(media="print")
    assert not chronology.locator("[data-rd-filters]").is_visible()
    assert not chronology.locator(".rd-chart").is_visible()
    assert chronology.locator("fieldset.rd-legend input:visible").count() == 0
    assert chronology.locator("li.rd-event:visible").count() == len(
        ids(lambda e: "method" in e.categories))
