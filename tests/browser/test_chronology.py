"""The chronology in a real browser: the frise, the filter bar and its panel, URL state,
history, the vertical timeline, text search, no-JS, instant navigation, keyboard, phone
width, first screen and print. Expectations come from the loaded content."""

from __future__ import annotations

import re
import unicodedata

import pytest

from generator.content.dates import french_span
from generator.pages.typography import Typesetter
from generator.text.markup import markdown_words


@pytest.fixture(scope="module")
def site(frozen_data):
    """The frozen content, which the served site is built from."""
    return frozen_data


def all_ids(site) -> list[str]:
    return [e.id for e in site.events]


def years(site) -> list[int]:
    return sorted({e.date.year for e in site.events})


def ids(site, predicate) -> list[str]:
    return [e.id for e in site.events if predicate(e)]


def fold(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).lower()
    return " ".join(text.replace("’", "'").split())


def own_text(site, event) -> str:
    """What the text search must look in: the event's own words and the names it links to."""
    parts = [event.title, markdown_words(event.summary)]
    for quote in ([event.quote] if event.quote else []) + event.quotes:
        parts += [quote.text, quote.attribution]
    parts += [r.title for r in event.resources] + list(event.tags)
    parts += [site.projects[i].name for i in event.projects]
    parts += [site.people[i].name for i in event.people]
    parts += [site.organisations[i].name for i in event.organisations]
    terms = [*event.terms, *(t.id for t in site.definitions_of_event[event.id])]
    parts += [site.terms[i].acronym or site.terms[i].term for i in terms]
    return fold(" ".join(parts))


def shown(page) -> list[str]:
    return page.eval_on_selector_all("li.rd-event", "els => els.filter(e => !e.hidden)"
                                                    ".map(e => e.id)")


def status(page) -> str:
    return page.locator("[data-rd-count]").text_content()


def count_text(site, n: int) -> str:
    return f"{n} {'événements' if n > 1 else 'événement'} sur {len(site.events)}"


def settle(page) -> None:
    """The frise and the page list follow the list after its frame: wait for them."""
    page.evaluate("window.regardChronology.settled()")


def wait_query(page, expected: str) -> None:
    """The URL is written after the frame that shows the change."""
    page.wait_for_function("expected => location.search === expected", arg=expected)


@pytest.fixture
def chronology(page, base_url):
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    return page


def category(page, label: str):
    """The category box of the frise's lane (the legend)."""
    return page.locator(".rd-lane__label").filter(has_text=label).locator("input")


def open_filters(page):
    page.get_by_role("button", name=re.compile("^Filtres")).click()
    return page.locator("[data-rd-panel]")


def option(page, kind: str, value: str):
    return page.locator(f"[data-rd-panel] input[name={kind}][value='{value}']")


# ---- Arrival, count, chips ----------------------------------------------------------------

def test_all_events_and_the_count_show_on_arrival(chronology, site):
    assert shown(chronology) == all_ids(site)
    assert status(chronology) == count_text(site, len(all_ids(site)))
    assert chronology.locator("[data-rd-count][role=status]").count() == 1
    assert chronology.locator("[data-rd-chips] li").count() == 0
    assert not chronology.locator("[data-rd-panel]").is_visible()


def test_a_shared_link_shows_its_filters_as_chips_without_opening_anything(page, base_url, site):
    person = next(p for e in site.events for p in e.people)
    page.goto(f"{base_url}/chronologie/?categorie=theory&annee={years(site)[-2]}&personne={person}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    chips = page.locator("[data-rd-chips] button")
    assert chips.count() == 3
    labels = [c.text_content().replace("×", "").strip() for c in chips.all()]
    assert labels == [site.categories["theory"].label, str(years(site)[-2]),
                      site.people[person].name]
    assert not page.locator("[data-rd-panel]").is_visible()
    assert page.get_by_role("button", name="Filtres (3 actifs)").is_visible()


def test_removing_a_chip_removes_its_filter(page, base_url, site):
    page.goto(f"{base_url}/chronologie/?categorie=theory&texte=atelier")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.get_by_role("button", name="Retirer le filtre texte : atelier").click()
    wait_query(page, "?categorie=theory")
    assert shown(page) == ids(site, lambda e: "theory" in e.categories)
    assert page.get_by_label("Rechercher dans la chronologie").input_value() == ""
    # Focus stays among the chips.
    assert page.evaluate("document.activeElement.dataset.rdRemove") == "categorie"
    page.keyboard.press("Enter")
    wait_query(page, "")
    assert shown(page) == all_ids(site)


# ---- Filters -------------------------------------------------------------------------------

def test_the_frise_legend_filters_by_category(chronology, site):
    category(chronology, site.categories["theory"].label).check()
    expected = ids(site, lambda e: "theory" in e.categories)
    assert shown(chronology) == expected
    assert status(chronology) == count_text(site, len(expected))
    wait_query(chronology, "?categorie=theory")


def test_categories_combine_with_or(chronology, site):
    category(chronology, site.categories["committees"].label).check()
    category(chronology, site.categories["field"].label).check()
    assert shown(chronology) == ids(site, lambda e: {"committees", "field"} & set(e.categories))


def test_kinds_combine_with_and_from_the_panel(chronology, site):
    category(chronology, site.categories["theory"].label).check()
    year = max(years(site), key=lambda y: len(ids(site, lambda e: "theory" in e.categories
                                            and e.date.year == y)))
    open_filters(chronology)
    option(chronology, "annee", str(year)).check()
    expected = ids(site, lambda e: "theory" in e.categories and e.date.year == year)
    assert 0 < len(expected) < len(ids(site, lambda e: "theory" in e.categories))
    assert shown(chronology) == expected
    wait_query(chronology, f"?categorie=theory&annee={year}")


def test_the_panel_lists_categories_too_and_they_are_the_legend(chronology, site):
    open_filters(chronology)
    chronology.locator("[data-rd-panel] input[data-rd-kind=categorie][value=method]").check()
    assert category(chronology, site.categories["method"].label).is_checked()
    assert shown(chronology) == ids(site, lambda e: "method" in e.categories)


@pytest.mark.parametrize("kind", ["terrain", "personne"])
def test_filter_by_project_or_person(chronology, kind, site):
    attribute = "projects" if kind == "terrain" else "people"
    counts: dict[str, int] = {}
    for event in site.events:
        for ref in getattr(event, attribute):
            counts[ref] = counts.get(ref, 0) + 1
    first, second = sorted(counts, key=lambda r: (-counts[r], r))[:2]
    open_filters(chronology)
    option(chronology, kind, first).check()
    option(chronology, kind, second).check()
    assert shown(chronology) == ids(site, lambda e: {first, second} & set(getattr(e, attribute)))


def test_the_panel_counts_each_option_with_the_other_filters(chronology, site):
    category(chronology, site.categories["theory"].label).check()
    open_filters(chronology)
    for year in years(site):
        count = sum("theory" in e.categories and e.date.year == year for e in site.events)
        label = option(chronology, "annee", str(year)).locator("xpath=..")
        shown_count = label.locator("[data-rd-option-count]").text_content()
        assert shown_count == (str(count) if count else "aucun")
        # An option left without events is greyed, as a reader sees it.
        colours = label.evaluate("l => [getComputedStyle(l.querySelector('.rd-filter__label'))"
                                 ".color, getComputedStyle(l.closest('[data-rd-panel]')).color]")
        assert (colours[0] != colours[1]) == (count == 0), (year, colours)
    # Categories are counted with the year filter but not with themselves.
    option(chronology, "annee", str(years(site)[-1])).check()
    for cat in site.timeline.legend:
        box = chronology.locator(f"[data-rd-panel] input[data-rd-kind=categorie][value={cat.id}]")
        expected = sum(cat.id in e.categories and e.date.year == years(site)[-1]
                       for e in site.events)
        assert box.locator("xpath=..").locator("[data-rd-option-count]").text_content() == \
            (str(expected) if expected else "aucun")


def test_counts_are_right_when_the_panel_opens_after_changes_made_while_closed(chronology, site):
    """The panel's counts are made when it opens, from the filters chosen while it was
    closed (they are not kept up to date while nobody sees them)."""
    def check(state):
        for year in years(site):
            count = sum(state(e) and e.date.year == year for e in site.events)
            label = option(chronology, "annee", str(year)).locator("xpath=..")
            assert label.locator("[data-rd-option-count]").text_content() == \
                (str(count) if count else "aucun"), year

    category(chronology, site.categories["theory"].label).check()
    open_filters(chronology)
    check(lambda e: "theory" in e.categories)
    chronology.keyboard.press("Escape")
    category(chronology, site.categories["theory"].label).uncheck()
    category(chronology, site.categories["field"].label).check()
    chronology.get_by_label("Rechercher dans la chronologie").fill("jura")
    open_filters(chronology)
    check(lambda e: "field" in e.categories and "jura" in own_text(site, e))


def test_the_frise_follows_quick_changes_once_they_stop(chronology, site):
    """Changes made faster than frames: the frise shows the last one."""
    chronology.evaluate("""() => {
        for (const id of ['theory', 'method', 'theory']) {
            document.querySelector(`[data-rd-frise] input[value="${id}"]`).click();
        }
    }""")
    settle(chronology)
    out = set(chronology.eval_on_selector_all(
        "a.rd-mark--out[data-rd-event]", "els => els.map(e => e.dataset.rdEvent)"))
    assert out == set(ids(site, lambda e: "method" not in e.categories))
    assert shown(chronology) == ids(site, lambda e: "method" in e.categories)


def test_a_terrain_without_events_is_listed_as_such(chronology, site):
    empty = [p for p in site.projects.values() if not site.events_of[f"project:{p.id}"]]
    open_filters(chronology)
    for project in empty:
        box = option(chronology, "terrain", project.id)
        assert box.is_disabled()
        assert "aucun événement" in box.locator("xpath=..").inner_text()
        assert project.name in box.locator("xpath=..").inner_text()
    listed = chronology.locator("[data-rd-panel] input[name=terrain]").count()
    assert listed == len(site.projects)


def test_the_words_say_how_filters_combine_without_jargon(chronology):
    open_filters(chronology)
    text = chronology.locator("main").inner_text()
    assert "(ET)" not in text and "(OU)" not in text
    hint = Typesetter().text("aucune cochée : toutes")  # as the site prints it
    assert hint in chronology.locator("[data-rd-panel]").inner_text()
    assert hint in chronology.locator(".rd-frise__caption").inner_text()


def test_the_panel_closes_with_escape_and_gives_focus_back(chronology):
    toggle = chronology.get_by_role("button", name=re.compile("^Filtres"))
    toggle.focus()
    chronology.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert chronology.locator("[data-rd-panel]").is_visible()
    chronology.keyboard.press("Tab")
    chronology.keyboard.press("Escape")
    assert not chronology.locator("[data-rd-panel]").is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert chronology.evaluate("document.activeElement.hasAttribute('data-rd-toggle')")


# ---- Text search ---------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["economie", "ÉCONOMIE", "Économie"])
def test_text_search_ignores_accents_and_case(chronology, typed, site):
    chronology.get_by_label("Rechercher dans la chronologie").fill(typed)
    assert shown(chronology) == ids(site, lambda e: "economie" in own_text(site, e))
    assert shown(chronology)


def test_text_search_with_an_accent_finds_the_unaccented_spelling(chronology, site):
    chronology.get_by_label("Rechercher dans la chronologie").fill("châtel")
    assert set(ids(site, lambda e: "chatel" in e.projects)) <= set(shown(chronology))


def test_text_search_covers_linked_names(chronology, site):
    person = max(site.people.values(), key=lambda p: len(site.events_of[f"person:{p.id}"]))
    chronology.get_by_label("Rechercher dans la chronologie").fill(person.name.lower())
    assert shown(chronology) == ids(site, lambda e: fold(person.name) in own_text(site, e))
    assert set(ids(site, lambda e: person.id in e.people)) <= set(shown(chronology))


@pytest.mark.parametrize("label", ["glossaire", "organisations", "notions", "terrains",
                                   "personnes", "ressources", "copier le lien"])
def test_text_search_never_matches_field_labels(chronology, label, site):
    chronology.get_by_label("Rechercher dans la chronologie").fill(label)
    expected = ids(site, lambda e: fold(label) in own_text(site, e))
    assert shown(chronology) == expected
    assert len(expected) < len(all_ids(site)) / 2


def test_matches_are_highlighted_in_the_shown_cards(chronology, site):
    chronology.get_by_label("Rechercher dans la chronologie").fill("maturite")
    expected = ids(site, lambda e: "maturite" in own_text(site, e))
    assert expected and shown(chronology) == expected
    chronology.wait_for_function(
        "n => document.querySelectorAll('li.rd-event:not([hidden]) mark.rd-hit').length >= n",
        arg=len(expected))
    marks = chronology.eval_on_selector_all("mark.rd-hit", "ms => ms.map(m => m.textContent)")
    assert marks and all(fold(m) == "maturite" for m in marks)
    assert chronology.locator("li.rd-event[hidden] mark").count() == 0
    chronology.get_by_label("Rechercher dans la chronologie").fill("")
    chronology.wait_for_function("!document.querySelector('mark.rd-hit')")


def test_search_reads_curly_apostrophes_and_no_break_spaces_as_typed(chronology, site):
    # French typography (added site-wide, and typed by staff too) writes « l’ECT » and
    # no-break spaces: a reader types a straight apostrophe and a plain space. The search
    # reads the generator's text of the card (data-rd-text), the highlight its words.
    target = site.events[len(site.events) // 2].id
    chronology.evaluate("""id => {
        const added = ' Le rôle de l\u2019ECT\u202f: une question\u00a0ouverte.';
        const li = document.getElementById(id);
        li.querySelector('.rd-event__summary p').append(added);
        li.setAttribute('data-rd-text', li.getAttribute('data-rd-text') + added);
        // The script folds a card's text once: read it again.
        window.regardChronology.itemById[id].text = null;
    }""", target)
    chronology.get_by_label("Rechercher dans la chronologie").fill("l'ECT : une question ouverte")
    assert shown(chronology) == [target]
    chronology.wait_for_selector(f"#{target} mark.rd-hit")
    marked = chronology.eval_on_selector_all(f"#{target} mark.rd-hit",
                                             "ms => ms.map(m => m.textContent)")
    assert "l\u2019ECT" in marked


# ---- URL state and history -----------------------------------------------------------------

def test_a_filtered_view_is_a_link_that_restores_itself(page, base_url, site):
    event = next(e for e in site.events if e.projects and "field" in e.categories)
    word = event.title.split()[0].lower()
    project = event.projects[0]
    page.goto(f"{base_url}/chronologie/?categorie=field&terrain={project}&texte={word}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    expected = ids(site, lambda e: "field" in e.categories and project in e.projects
                   and fold(word) in own_text(site, e))
    assert event.id in expected and shown(page) == expected
    assert category(page, site.categories["field"].label).is_checked()
    assert page.get_by_label("Rechercher dans la chronologie").input_value() == word
    page.reload()
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == expected


def test_back_and_forward_step_through_the_changes(chronology, site):
    category(chronology, site.categories["theory"].label).check()
    wait_query(chronology, "?categorie=theory")
    category(chronology, site.categories["method"].label).check()
    wait_query(chronology, "?categorie=method&categorie=theory")
    assert shown(chronology) == ids(site, lambda e: {"theory", "method"} & set(e.categories))
    chronology.go_back()
    wait_query(chronology, "?categorie=theory")
    assert shown(chronology) == ids(site, lambda e: "theory" in e.categories)
    assert not category(chronology, site.categories["method"].label).is_checked()
    chronology.go_back()
    wait_query(chronology, "")
    assert shown(chronology) == all_ids(site)
    chronology.go_forward()
    wait_query(chronology, "?categorie=theory")
    assert shown(chronology) == ids(site, lambda e: "theory" in e.categories)


def test_typing_makes_one_history_entry_per_burst(chronology):
    before = chronology.evaluate("history.length")
    chronology.get_by_label("Rechercher dans la chronologie").press_sequentially("comite")
    wait_query(chronology, "?texte=comite")
    assert chronology.evaluate("history.length") == before + 1


@pytest.mark.parametrize(("params", "notice", "address"), [
    ("?categorie=inconnue&annee=abc&terrain=&personne=%E2%9C%93&foo=bar",
     "Le lien demandait des filtres qui n'existent pas ici (catégorie « inconnue » ; "
     "année « abc » ; personne « ✓ ») : ils sont ignorés.", "?foo=bar"),
    ("?annee=1999&annee=2024%20OR%201=1",
     "Le lien demandait des filtres qui n'existent pas ici (année « 1999 » ; "
     "année « 2024 OR 1=1 ») : ils sont ignorés.", ""),
    ("?personne=personne-inconnue",
     "Le lien demandait un filtre qui n'existe pas ici (personne « personne-inconnue ») : "
     "il est ignoré.", ""),
    ("?%%%", "", "?%%%"),
    ("?categorie", "", ""),
])
def test_unknown_or_malformed_parameters_are_ignored(page, base_url, params, notice, address,
                                                     site):
    """Every event shows; a filter value the page does not offer is named in the notice
    and taken out of the address (the one the reader copies next)."""
    page.goto(f"{base_url}/chronologie/{params}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == all_ids(site)
    assert status(page) == count_text(site, len(all_ids(site)))
    said = page.locator("[data-rd-notice]").text_content()
    assert re.sub("[\u00a0\u202f]", " ", said).replace("\u2019", "'") == notice
    assert page.evaluate("location.search") == address


def test_reset_and_empty_state(chronology, site):
    chronology.get_by_label("Rechercher dans la chronologie").fill("xyzzy introuvable")
    assert shown(chronology) == []
    assert status(chronology) == count_text(site, 0)
    empty = chronology.locator("[data-rd-empty]")
    assert empty.is_visible()
    empty.get_by_role("button", name="Afficher tous les événements").click()
    assert shown(chronology) == all_ids(site)
    assert not empty.is_visible()
    wait_query(chronology, "")
    category(chronology, site.categories["method"].label).check()
    open_filters(chronology).get_by_role("button", name="Tout effacer").click()
    assert shown(chronology) == all_ids(site)


# A card the filters hide: its box, whether it shows, whether its links take focus.
HIDDEN_CARD = """li => {
  const box = li.getBoundingClientRect();
  const before = document.activeElement;
  const links = Array.from(li.querySelectorAll('a[href], button, summary'));
  links.forEach(link => link.focus());
  const focused = links.includes(document.activeElement);
  if (before && before.focus) before.focus();
  return {height: box.height, visible: li.checkVisibility({visibilityProperty: true}),
          links: links.length, focused};
}"""


def test_a_card_the_filters_hide_is_out_of_sight_of_screen_readers_and_of_the_keyboard(
        chronology, site):
    """Hidden cards stay in the page as empty boxes (cheaper for the browser than taking
    them out of the layout): they must take no room, show nothing, be absent from what a
    screen reader reads of the list, and none of their links may take focus."""
    label = site.categories["method"].label
    category(chronology, label).check()
    expected = ids(site, lambda e: "method" in e.categories)
    assert shown(chronology) == expected
    hidden = [i for i in all_ids(site) if i not in expected]
    assert hidden
    for event_id in hidden:
        card = chronology.evaluate(HIDDEN_CARD, chronology.locator(f"li#{event_id}")
                                   .element_handle())
        assert card["height"] == 0 and not card["visible"], (event_id, card)
        assert card["links"] and not card["focused"], (event_id, card)
    # What a screen reader reads: the browser's accessibility tree ignores the hidden cards.
    cdp = chronology.context.new_cdp_session(chronology)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]

    def ignored(event_id: str) -> bool:
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"li#{event_id}"})
        tree = cdp.send("Accessibility.getPartialAXTree",
                        {"nodeId": node["nodeId"], "fetchRelatives": False})
        return tree["nodes"][0]["ignored"]

    assert all(ignored(i) for i in hidden)
    assert not any(ignored(i) for i in expected)
    # Brought back, a card has its full height again.
    category(chronology, label).uncheck()
    assert shown(chronology) == all_ids(site)
    back = chronology.locator(f"li#{hidden[0]}")
    back.scroll_into_view_if_needed()
    assert back.bounding_box()["height"] > 40


# ---- Years, table of contents, hashes ------------------------------------------------------

def test_empty_years_disappear_with_their_heading_and_their_table_of_contents_entry(
        chronology, site):
    year = years(site)[-1]
    only = ids(site, lambda e: e.date.year == year)
    toc = chronology.locator(f".md-sidebar--secondary a[href$='#annee-{years(site)[0]}']")
    assert toc.is_visible()
    chronology.evaluate(f"document.querySelector('.rd-frise a[data-rd-year=\"{year}\"]').click()")
    assert shown(chronology) == only
    assert chronology.locator(f"#annee-{year}").is_visible()
    for other in years(site)[:-1]:
        assert not chronology.locator(f"#annee-{other}").is_visible()
    assert not toc.is_visible()
    assert chronology.locator(f".md-sidebar--secondary a[href$='#annee-{year}']").is_visible()


def test_a_year_of_the_frise_filters_and_brings_its_first_event_into_view(chronology, site):
    year = years(site)[len(years(site)) // 2]
    link = chronology.locator(f".rd-frise a[data-rd-year='{year}']")
    link.click()
    expected = ids(site, lambda e: e.date.year == year)
    assert shown(chronology) == expected
    assert link.get_attribute("aria-current") == "true"
    wait_query(chronology, f"?annee={year}")
    first = chronology.locator(f"#{expected[0]}")
    box = first.bounding_box()
    bar = chronology.locator("[data-rd-chronology]").bounding_box()
    assert bar["y"] + bar["height"] - 2 <= box["y"] < 800
    link.click()
    assert shown(chronology) == all_ids(site)


def test_a_link_to_an_event_hidden_by_the_filters_shows_it_and_says_so(page, base_url, site):
    event = next(e for e in site.events if "method" not in e.categories)
    page.goto(f"{base_url}/chronologie/?categorie=method&texte=xyz#{event.id}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.wait_for_function("location.search === ''")
    assert event.id in shown(page)
    assert page.evaluate("location.hash") == f"#{event.id}"
    notice = page.locator("[data-rd-notice]").text_content()
    assert Typesetter().text(event.title) in notice and site.categories["method"].label in notice
    assert "xyz" in notice
    # In French typography, as the page's own text: « : » never starts a line.
    assert "retirés\u00a0: " in notice and " :" not in notice and "«\u00a0xyz\u00a0»" in notice
    assert not category(page, site.categories["method"].label).is_checked()
    top = page.locator(f"#{event.id}").bounding_box()["y"]
    assert 0 < top < 800
    # The reader sees the notice and the event together: under the header, above the event.
    box = page.locator("[data-rd-notice]").bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= top


def test_a_marker_of_a_hidden_event_brings_it_back(chronology, site):
    event = next(e for e in site.events if "theory" not in e.categories)
    category(chronology, site.categories["theory"].label).check()
    settle(chronology)
    marker = chronology.locator(f".rd-frise a[data-rd-event='{event.id}']").first
    assert "rd-mark--out" in marker.get_attribute("class")
    marker.click()
    assert event.id in shown(chronology)
    assert Typesetter().text(event.title) in chronology.locator("[data-rd-notice]").text_content()


# ---- The frise -----------------------------------------------------------------------------

def test_the_frise_has_one_marker_per_event_and_lane_each_a_labelled_link(chronology, site):
    markers = chronology.locator(".rd-frise a[data-rd-event]")
    bins = chronology.eval_on_selector_all(
        ".rd-frise a[data-rd-bin]", "els => els.map(e => Number(e.dataset.n || 1))")
    assert markers.count() + sum(bins) == sum(len(e.categories) for e in site.events)
    targets = sorted(m.get_attribute("data-rd-event") for m in markers.all())
    assert targets == sorted(e.id for e in site.events for _ in e.categories) or bins
    labels = {c.id: c.label for c in site.timeline.legend}
    for event in site.events[:: max(1, len(all_ids(site)) // 8)]:
        for category in event.categories:
            others = ", ".join(labels[c] for c in labels if c != category and c in event.categories)
            name = f"{french_span(event.date, event.end)} : {event.title}" + (
                f" (aussi : {others})" if others else "")
            assert chronology.get_by_role("link", name=name, exact=True).count() == 1
        for marker in chronology.locator(f".rd-frise a[data-rd-event='{event.id}']").all():
            assert marker.evaluate("a => a.href") == f"{chronology.url.split('?')[0]}#{event.id}"


def test_markers_are_shapes_and_labels_never_colour_alone(chronology, site):
    for lane in chronology.locator(".rd-lane").all():
        label = lane.locator(".rd-lane__label").inner_text().strip()
        cat = next(c for c in site.timeline.legend if c.label in label)
        # The shape drawn before each marker is its category's symbol.
        shapes = lane.locator("a.rd-mark:not(.rd-mark--many)").evaluate_all(
            "els => els.map(e => getComputedStyle(e, '::before').content)")
        assert shapes and set(shapes) == {f'"{cat.icon}" / ""'}
    labels = chronology.eval_on_selector_all(
        "li.rd-event .rd-event__cats li", "els => els.map(e => e.textContent.trim())")
    names = {c.label for c in site.timeline.legend}
    assert labels and all(any(name in label for name in names) for label in labels)


def test_markers_are_drawn_at_their_dates_own_precision(chronology, site):
    def box(selector):
        return chronology.locator(selector).bounding_box()

    for event in site.events:
        mark = box(f".rd-frise a[data-rd-event='{event.id}'] >> nth=0")
        start = box(f".rd-frise a[data-rd-year='{event.date.year}']")
        if event.date.month is None and event.end is None:
            # A year-only event covers its year.
            assert mark["x"] == pytest.approx(start["x"], abs=1.5), event.id
            assert mark["x"] + mark["width"] == pytest.approx(
                start["x"] + start["width"], abs=3), event.id
        elif event.end is None:
            month = start["x"] + start["width"] * (event.date.month - 0.5) / 12
            if mark["width"] <= 24.5:
                assert mark["x"] + mark["width"] / 2 == pytest.approx(month, abs=2), event.id
        elif event.end.year != event.date.year:
            end = box(f".rd-frise [data-rd-year='{event.end.year}']")
            assert mark["x"] + mark["width"] <= end["x"] + end["width"] + 1, event.id
            assert mark["x"] + mark["width"] > end["x"], event.id


def test_every_marker_is_a_focusable_24px_target_with_a_visible_label(chronology):
    sizes = chronology.eval_on_selector_all(
        ".rd-frise a[data-rd-event], .rd-frise a[data-rd-bin]",
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)
    tip = "a => [getComputedStyle(a, '::after').content, getComputedStyle(a, '::after').width]"
    marker = chronology.locator(".rd-frise a[data-rd-event]").nth(3)
    label = marker.get_attribute("aria-label")
    assert marker.evaluate(tip)[0] == "none"  # the accessible name only, until focused
    marker.focus()
    content, width = marker.evaluate(tip)
    assert label in content and float(width.removesuffix("px")) > 40
    assert chronology.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    chronology.locator("body").click(position={"x": 5, "y": 400})
    other = chronology.locator(".rd-frise a[data-rd-event]").nth(5)
    other.hover()
    content, width = other.evaluate(tip)
    assert other.get_attribute("aria-label") in content and float(width.removesuffix("px")) > 40


def test_a_marker_click_lands_on_its_event_below_the_bar(chronology, site):
    event = site.events[len(site.events) // 2]
    chronology.locator(f".rd-frise a[data-rd-event='{event.id}']").first.click()
    chronology.wait_for_function(f"location.hash === '#{event.id}'")
    chronology.wait_for_timeout(200)
    top = chronology.locator(f"#{event.id}").bounding_box()["y"]
    bar = chronology.locator("[data-rd-chronology]").bounding_box()
    assert bar["y"] + bar["height"] - 2 <= top < 800


def test_the_frise_follows_the_filters(chronology, site):
    category(chronology, site.categories["committees"].label).check()
    settle(chronology)
    out = set(chronology.eval_on_selector_all(
        "a.rd-mark--out[data-rd-event]", "els => els.map(e => e.dataset.rdEvent)"))
    assert out == set(ids(site, lambda e: "committees" not in e.categories))
    for year in years(site):
        tick = chronology.locator(f".rd-frise a[data-rd-year='{year}']")
        count = sum("committees" in e.categories and e.date.year == year for e in site.events)
        assert tick.locator("[data-rd-year-count]").text_content() == str(count)
        # A year left without events is struck through.
        struck = tick.locator(".rd-tick__year").evaluate(
            "e => getComputedStyle(e).textDecorationLine.includes('line-through')")
        assert struck == (count == 0), year


def test_periods_are_labelled_bands_of_the_frise(chronology, site):
    bands = chronology.locator(".rd-band")
    assert bands.count() == len(site.timeline.periods)
    text = " ".join(b.inner_text() for b in bands.all())
    for period in site.timeline.periods:
        assert period.title[:20] in text


def test_the_frise_has_a_text_alternative(chronology, site):
    rows = chronology.locator(".rd-frise__data table tbody tr")
    assert rows.count() == len(years(site))
    year = years(site)[-2]
    n = len(ids(site, lambda e: e.date.year == year))
    assert chronology.get_by_role("link", name=f"{year} {n} événement{'s' if n > 1 else ''}",
                                  exact=True).count() == 1


# ---- The list ------------------------------------------------------------------------------

def test_the_list_is_a_timeline_whose_cards_do_not_repeat_their_year(chronology, site):
    for event in site.events:
        card = chronology.locator(f"#{event.id}")
        node = card.evaluate("li => getComputedStyle(li, '::before').content")
        assert node == f'"{site.categories[event.categories[0]].icon}" / ""'  # on the spine
        dates = card.locator(".rd-event__date").inner_text()
        if event.end is None or event.end.year == event.date.year:
            assert str(event.date.year) not in dates, event.id
    assert chronology.locator("h2.rd-year").count() == len(years(site))
    spine = chronology.evaluate(
        "getComputedStyle(document.querySelector('ol.rd-events'), '::before').width")
    assert spine == "2px"


def test_a_card_has_a_permalink_title_one_notions_row_and_its_actions(chronology, page, site):
    event = next(e for e in site.events if site.definitions_of_event[e.id])
    card = chronology.locator(f"#{event.id}")
    title = card.locator(".rd-event__title a")
    assert title.inner_text().strip() == event.title
    # The title opens the event's own page (the card keeps its #id anchor).
    base = chronology.url.split("/chronologie/")[0]
    assert title.evaluate("a => a.href") == f"{base}/evenements/{event.id}/"
    # Its accessible name is the title alone (the « # » after it is decoration).
    assert card.get_by_role("link", name=event.title, exact=True).count() == 1
    assert chronology.evaluate(
        "e => getComputedStyle(e).textDecorationLine", title.element_handle()) == "underline"
    dts = card.locator("dt").all_inner_texts()
    assert "Glossaire" not in dts and "Définitions" not in dts
    assert dts.count("Notions") == 1
    notions = card.locator("dt:text('Notions') + dd").inner_text()
    for term in site.definitions_of_event[event.id]:
        assert f"{term.acronym or term.term} (définition posée ici)" in notions
    actions = card.locator(".rd-event__actions")
    assert actions.get_by_role("button", name="Copier le lien").is_visible()


# For each card's title link: is its last word on the line of the « # » that follows it? The
# link's last line box holds the sign; the title's last character must be on it too. With
# ``tight``, the title is first given just the width its words need on one line, where the
# sign has no room left: it would wrap alone.
SIGN_WITH_LAST_WORD = """tight => Array.from(
 document.querySelectorAll('a.rd-event__permalink'), a => {
  const h3 = a.parentNode;
  // The title's last text (it may end inside an element: an acronym's <abbr>).
  const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
  let text = null;
  while (walker.nextNode()) if (walker.currentNode.length) text = walker.currentNode;
  const range = document.createRange();
  if (tight) {
    range.selectNodeContents(a);
    h3.style.whiteSpace = 'nowrap';
    const width = range.getBoundingClientRect().width;
    h3.style.whiteSpace = '';
    h3.style.width = Math.ceil(width) + 1 + 'px';
  }
  range.setStart(text, text.length - 1);
  range.setEnd(text, text.length);
  const last = range.getClientRects();
  const lines = a.getClientRects();
  const ok = Math.abs(last[last.length - 1].top - lines[lines.length - 1].top) < 2;
  h3.style.width = '';
  return [a.closest('li.rd-event').id, ok];
}).filter(([, ok]) => !ok).map(([id]) => id)"""


@pytest.mark.parametrize("tight", [False, True], ids=["as-laid-out", "no-room-for-the-sign"])
def test_the_cards_sign_never_wraps_alone_on_a_phone(open_page, base_url, tight):
    page = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert page.eval_on_selector("a.rd-event__permalink",
                                 "a => getComputedStyle(a, '::after').content").endswith('#" / ""')
    # Cards out of view are laid out only when they come near it: all of them, to measure.
    page.add_style_tag(content="li.rd-event { content-visibility: visible !important; }")
    assert page.evaluate(SIGN_WITH_LAST_WORD, tight) == []


def test_copy_link_copies_the_events_own_page(browser, base_url, site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{base_url}/chronologie/?categorie=theory")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    event = ids(site, lambda e: "theory" in e.categories)[1]
    button = page.locator(f"#{event} [data-rd-copy]")
    button.click()
    page.wait_for_function("b => b.textContent === 'Lien copié'", arg=button.element_handle())
    assert page.evaluate("navigator.clipboard.readText()") == f"{base_url}/evenements/{event}/"
    context.close()


# ---- Hooks for other scripts ---------------------------------------------------------------

def test_visible_ids_and_filter_summary_for_other_scripts(page, base_url, site):
    year = years(site)[-2]
    page.goto(f"{base_url}/chronologie/?annee={year}&categorie=method")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.evaluate("window.regardChronology.ready")
    expected = ids(site, lambda e: "method" in e.categories and e.date.year == year)
    assert page.evaluate("window.regardChronology.visibleIds()") == expected
    assert page.evaluate("window.regardChronology.filterSummary()") == (
        f"Catégorie : {site.categories['method'].label} ; année : {year}")
    page.goto(f"{base_url}/chronologie/?annee={year}&annee={years(site)[-1]}&texte=la")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert page.evaluate("window.regardChronology.filterSummary()") == (
        f"Années : {year}, {years(site)[-1]} ; texte : « la »")
    # Where other scripts add their buttons: the bar (large screens), the panel (phones).
    assert page.locator("[data-rd-chronology] .rd-bar__line [data-rd-selection-actions]"
                        ).count() == 1
    assert page.locator("[data-rd-chronology] .rd-panel [data-rd-selection-actions]"
                        ).count() == 1
    assert page.locator("li.rd-event .rd-event__actions").count() == len(all_ids(site))


# ---- Without JavaScript, navigation, keyboard ----------------------------------------------

def test_without_javascript_every_event_and_the_frise_show_and_controls_stay_hidden(
        open_page, base_url, site):
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/chronologie/?categorie=theory")
    assert page.locator("li.rd-event:visible").count() == len(all_ids(site))
    assert page.locator(".rd-frise").is_visible()
    assert page.locator(".rd-frise a[data-rd-event]").count() == sum(
        len(e.categories) for e in site.events)
    assert not page.locator("[data-rd-filters]").is_visible()
    assert page.locator(".rd-frise input:visible").count() == 0
    assert page.locator("[data-rd-copy]:visible").count() == 0
    assert page.locator(".rd-lane__label").first.is_visible()
    caption = page.locator(".rd-frise__caption").inner_text()
    assert "cochez" not in caption


def test_instant_navigation_leaving_and_coming_back(page, base_url, site):
    page.goto(f"{base_url}/")
    page.evaluate("window.sameDocument = true")  # survives instant navigation, not a reload
    page.get_by_role("link", name="Chronologie", exact=True).first.click()
    page.wait_for_url(re.compile(r"/chronologie/$"))
    assert page.evaluate("window.sameDocument") is True
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    category(page, site.categories["method"].label).check()
    assert shown(page) == ids(site, lambda e: "method" in e.categories)
    wait_query(page, "?categorie=method")
    page.get_by_role("link", name="Glossaire", exact=True).first.click()
    page.wait_for_url(re.compile(r"/glossaire/$"))
    page.go_back()
    page.wait_for_url(re.compile(r"/chronologie/\?categorie=method$"))
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert shown(page) == ids(site, lambda e: "method" in e.categories)
    assert page.locator("[data-rd-chips] li").count() == 1
    page.get_by_role("link", name="Terrains", exact=True).first.click()
    page.wait_for_url(re.compile(r"/terrains/$"))
    page.get_by_role("link", name="Chronologie", exact=True).first.click()
    page.wait_for_url(re.compile(r"/chronologie/$"))
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    assert page.evaluate("window.sameDocument") is True
    assert shown(page) == all_ids(site)
    category(page, site.categories["committees"].label).check()
    assert shown(page) == ids(site, lambda e: "committees" in e.categories)
    assert page.evaluate("document.querySelectorAll('[data-rd-filters]').length") == 1


def test_every_control_works_from_the_keyboard_with_visible_focus(chronology, site):
    last = site.timeline.legend[-1]
    category(chronology, last.label).focus()
    outline = chronology.evaluate(
        "getComputedStyle(document.activeElement.closest('label')).outlineStyle")
    assert outline != "none"
    chronology.keyboard.press("Space")
    assert shown(chronology) == ids(site, lambda e: last.id in e.categories)
    chronology.get_by_label("Rechercher dans la chronologie").focus()
    chronology.keyboard.press("Tab")  # « Filtres »
    chronology.keyboard.press("Enter")
    assert chronology.locator("[data-rd-panel]").is_visible()
    # Through the panel's help and categories to the first year.
    for _ in range(60):
        chronology.keyboard.press("Tab")
        if chronology.evaluate("document.activeElement.name") == "annee":
            break
    assert chronology.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    chronology.keyboard.press("Space")
    assert shown(chronology) == ids(site, lambda e: last.id in e.categories
                                    and e.date.year == years(site)[0])


# ---- Phone, first screen, sticky bar, print ------------------------------------------------

@pytest.mark.parametrize("path", ["chronologie/", "", "terrains/chatel/", "glossaire/",
                                  "comites/", "personnes/"])
def test_no_horizontal_scroll_at_375_px(open_page, base_url, path):
    page = open_page(viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_the_frise_scrolls_in_its_box_and_opens_on_the_latest_years(
        open_page, base_url, site):
    page = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    scroller = page.locator("[data-rd-frise-scroll]")
    width, scroll, left = scroller.evaluate(
        "e => [e.clientWidth, e.scrollWidth, e.scrollLeft]")
    assert scroll > width and left >= scroll - width - 1
    box = scroller.bounding_box()
    last = page.locator(f".rd-frise a[data-rd-year='{years(site)[-1]}']").bounding_box()
    assert box["x"] <= last["x"] and last["x"] + last["width"] <= box["x"] + box["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_on_a_phone_the_filters_open_as_a_sheet_with_large_targets(open_page, base_url):
    page = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    toggle = page.get_by_role("button", name=re.compile("^Filtres"))
    assert toggle.bounding_box()["height"] >= 44
    assert page.get_by_label("Rechercher dans la chronologie").bounding_box()["height"] >= 44
    toggle.click()
    panel = page.locator("[data-rd-panel]")
    box = panel.bounding_box()
    assert page.evaluate("e => getComputedStyle(e).position", panel.element_handle()) == "fixed"
    assert box["y"] + box["height"] == pytest.approx(812, abs=1)
    heights = panel.locator("label.rd-filter__option, button").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize(("width", "height", "limit"), [(1280, 800, 1.0), (375, 812, 1.5)])
def test_the_first_event_is_on_the_first_screen(open_page, base_url, width, height, limit, site):
    phone = width < 500
    page = open_page(viewport={"width": width, "height": height}, is_mobile=phone,
                     has_touch=phone)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    title = page.locator(f"#{all_ids(site)[0]} .rd-event__title").bounding_box()
    if limit == 1.0:
        assert title["y"] >= 0 and title["y"] + title["height"] <= height
    else:
        assert title["y"] <= limit * height


def test_the_filter_bar_stays_under_the_header_while_the_list_scrolls(chronology):
    chronology.mouse.wheel(0, 4000)
    chronology.wait_for_timeout(300)
    bar = chronology.locator("[data-rd-chronology]").bounding_box()
    header = chronology.locator(".md-header").bounding_box()
    assert bar["y"] == pytest.approx(header["y"] + header["height"], abs=2)
    assert chronology.locator("[data-rd-count]").is_visible()
    assert chronology.get_by_label("Rechercher dans la chronologie").is_visible()


def test_print_shows_the_filtered_list_without_controls_or_empty_headings(chronology, site):
    category(chronology, site.categories["method"].label).check()
    chronology.emulate_media(media="print")
    # The bar prints its count and filters as text (test_reader_review.py), no control.
    for hidden in ["[data-rd-filters] input[name=texte]", "[data-rd-toggle]", "[data-rd-panel]",
                   "[data-rd-selection-actions]", ".rd-chip__x", ".rd-frise",
                   "[data-rd-copy]"]:
        assert not chronology.locator(hidden).first.is_visible(), hidden
    expected = ids(site, lambda e: "method" in e.categories)
    assert chronology.locator("li.rd-event:visible").count() == len(expected)
    for heading in chronology.locator(".md-content h2:visible").all():
        anchor = heading.get_attribute("id")
        if anchor and anchor.startswith("annee-"):
            year = int(anchor.removeprefix("annee-"))
            assert any(site.event_by_id[i].date.year == year for i in expected)
        else:
            # Any other heading has content under it.
            assert heading.evaluate("h => h.nextElementSibling && "
                                    "h.nextElementSibling.innerText.trim().length > 0")


FRISE_PLACES = """() => Array.from(document.querySelectorAll(
    '.rd-frise__caption, .rd-frise__row, details.rd-frise__data'), el => {
        const r = el.getBoundingClientRect();
        return [el.className, Math.round(r.top), Math.round(r.height), Math.round(r.width)];
    })"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_frise_does_not_move_when_the_script_starts(browser, base_url, width):
    """What chronology.js shows in the frise (the caption's hint, the lanes' boxes) has its
    place from the first paint: the page sets its class before drawing the frise."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        before = context.new_page()
        before.route("**/assets/chronology.js",
                     lambda route: route.fulfill(body="", content_type="text/javascript"))
        before.goto(f"{base_url}/chronologie/")
        assert before.evaluate("document.documentElement.classList.contains('rd-js')")
        drawn = before.evaluate(FRISE_PLACES)
        assert len(drawn) >= 6

        after = context.new_page()
        after.goto(f"{base_url}/chronologie/")
        after.wait_for_selector("[data-rd-filters]:not([hidden])")
        assert after.locator(".rd-lane__label input").first.is_visible()
        assert after.evaluate(FRISE_PLACES) == drawn
    finally:
        context.close()
