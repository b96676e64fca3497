"""What a first-time reader met on the built site, at a phone's and a desktop's width, in both
colour schemes and without scripts: the frise's points over a bar, the frise's table on a
phone, the filter panel from the keyboard, the event page's head and actions, the cards' link
lists, the search box's hint and the chronology's filters without scripts. Events, years and
names are read from the loaded page or the frozen content, never written here."""

from __future__ import annotations

import base64

import pytest

from generator.pages.colours import contrast
from tests.support import SCHEMES, open_in_scheme

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# A point of the frise lying over a bar of its lane and row, scrolled into view: the bar's
# box and the point's, in the page's pixels.
POINT_ON_BAR = """() => {
  for (const lane of document.querySelectorAll('.rd-lane')) {
    const bars = Array.from(lane.querySelectorAll('a.rd-mark--bar'));
    for (const point of lane.querySelectorAll('a.rd-mark:not(.rd-mark--bar):not([data-n])')) {
      const at = (e, name) => e.style.getPropertyValue(name);
      const r = at(point, '--r'), x = Number(at(point, '--x'));
      const bar = bars.find(b => at(b, '--r') === r && Number(at(b, '--x')) < x
        && Number(at(b, '--x')) + Number(at(b, '--w')) > x + 24);
      if (!bar) continue;
      point.scrollIntoView({block: 'center', inline: 'center'});
      const box = e => { const b = e.getBoundingClientRect();
                         return {x: b.x, y: b.y, width: b.width, height: b.height}; };
      return {bar: box(bar), point: box(point), colour: getComputedStyle(point).color};
    }
  }
  return null;
}"""

# The pixels of a PNG, decoded by the page: [width, height, RGBA bytes].
DECODE = """async b64 => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const image = await createImageBitmap(new Blob([bytes], {type: 'image/png'}));
  const canvas = new OffscreenCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  return [image.width, image.height,
          Array.from(context.getImageData(0, 0, image.width, image.height).data)];
}"""


def _shot(page, box: dict) -> tuple[int, int, list[int]]:
    png = page.screenshot(clip=box, scale="css")
    width, height, data = page.evaluate(DECODE, base64.b64encode(png).decode())
    return width, height, data


def _rgb(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in text[text.index("(") + 1:text.index(")")].split(",")[:3])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_point_over_a_bar_leaves_the_bar_whole_and_stands_out_on_it(open_page, base_url,
                                                                      scheme):
    page = open_in_scheme(open_page, base_url, "chronologie/", scheme, viewport=DESKTOP)
    found = page.evaluate(POINT_ON_BAR)
    assert found, "le contenu figé n'a plus de point sur une barre : le test ne prouve rien"
    bar, point = found["bar"], found["point"]
    width, height, data = _shot(page, bar)

    def pixel(x: float, y: float) -> tuple[int, ...]:
        i = (int(y) * width + int(x)) * 4
        return tuple(data[i:i + 3])

    # The bar's tint: the commonest colour across its middle.
    middle = [pixel(x, height // 2) for x in range(width)]
    tint = max(set(middle), key=middle.count)
    # Its outline runs unbroken along its top edge, over the point too (the corners are
    # rounded: 4 px left out at each end).
    outline = pixel(4, 0)
    assert _far(outline, tint)
    top = [pixel(x, 0) for x in range(4, width - 4)]
    assert not [p for p in top if _far(p, outline)], top
    # Beside its shape, the point shows the bar's tint.
    beside = pixel(point["x"] - bar["x"] + 2, height // 2)
    assert not _far(beside, tint), (beside, tint)
    # Its shape reads on the tint (WCAG 1.4.11: 3:1 for a graphical object).
    assert contrast(_rgb(found["colour"]), tint) >= 3


def _far(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return max(abs(x - y) for x, y in zip(a, b, strict=True)) > 8


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_on_a_phone_the_frise_table_caption_spans_the_table(open_page, base_url, javascript):
    page = open_page(java_script_enabled=javascript, viewport=PHONE)
    page.goto(f"{base_url}/chronologie/")
    table = page.locator("details.rd-frise__data:not([data-rd-table-here])")
    table.locator("summary").click()
    sizes = table.locator("table").evaluate("""t => {
      const c = t.querySelector('caption'), line = parseFloat(getComputedStyle(c).lineHeight);
      return {table: t.getBoundingClientRect().width, caption: c.getBoundingClientRect().width,
              lines: c.getBoundingClientRect().height / line};
    }""")
    assert sizes["caption"] >= 0.9 * sizes["table"], sizes
    assert sizes["lines"] <= 4, sizes


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_opening_the_filters_from_the_keyboard_leads_into_the_panel(open_page, base_url,
                                                                     viewport):
    page = open_page(viewport=viewport)
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    toggle = page.locator("[data-rd-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    panel = page.locator("[data-rd-panel]")
    assert panel.is_visible()
    # The focus is in the panel, and so are the next Tab's: its controls, in order.
    inside = "() => document.querySelector('[data-rd-panel]').contains(document.activeElement)"
    assert page.evaluate(inside)
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), page.evaluate("document.activeElement.outerHTML")
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.evaluate("document.activeElement.hasAttribute('data-rd-toggle')")


# Each comma after a link of a card's link rows, and whether it sits on the line where the
# link ends (a comma starting a line reads as a stray mark).
COMMAS = """() => Array.from(document.querySelectorAll('.rd-event__links dd a'), a => {
  const next = a.nextSibling;
  if (!next || next.nodeType !== Node.TEXT_NODE || !next.data.startsWith(',')) return null;
  const range = document.createRange();
  range.setStart(next, 0);
  range.setEnd(next, 1);
  const comma = range.getBoundingClientRect(), lines = a.getClientRects();
  const last = lines[lines.length - 1];
  return {name: a.textContent, same: Math.abs(comma.bottom - last.bottom) < 6,
          height: Math.min(...Array.from(lines, r => r.height))};
}).filter(Boolean)"""


def test_on_a_phone_a_comma_of_the_link_rows_stays_with_the_name_before_it(open_page,
                                                                           base_url,
                                                                           frozen_data):
    page = open_page(viewport={"width": 320, "height": 812})
    listed = [e for e in frozen_data.events if len(e.people) + len(e.organisations) > 1]
    assert listed
    commas = []
    for path in ["chronologie/", *(f"evenements/{e.id}/" for e in listed[:6])]:
        page.goto(f"{base_url}/{path}")
        commas += page.evaluate(COMMAS)
    assert commas
    assert [c["name"] for c in commas if not c["same"]] == []
    # Each name is still a target 24 px tall (WCAG 2.2, 2.5.8), on each line it takes.
    assert [c for c in commas if c["height"] < 24] == []


# The search box's hint and the room it has: its text measured in the box's font.
HINT = """() => {
  const box = document.getElementById('rd-q'), style = getComputedStyle(box);
  const context = document.createElement('canvas').getContext('2d');
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {hint: box.placeholder, text: context.measureText(box.placeholder).width, room};
}"""


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_search_box_hint_is_shown_whole(open_page, base_url, width):
    page = open_page(viewport={"width": width, "height": 800})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    measure = page.evaluate(HINT)
    assert measure["hint"]
    assert measure["text"] <= measure["room"], measure


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_without_scripts_a_filtered_link_says_that_all_events_are_shown(open_page, base_url,
                                                                         frozen_data,
                                                                         javascript):
    category = frozen_data.timeline.legend[0].id
    page = open_page(java_script_enabled=javascript, viewport=PHONE)
    page.goto(f"{base_url}/chronologie/?categorie={category}")
    note = page.locator("[data-rd-noscript-note]")
    if javascript:
        page.wait_for_selector("[data-rd-filters]:not([hidden])")
        assert note.count() == 0
        return
    assert note.is_visible()
    assert "JavaScript" in note.inner_text()
    # It comes before the events it speaks of, and they are all there.
    assert page.evaluate("""() => {
      const note = document.querySelector('[data-rd-noscript-note]');
      const first = document.querySelector('li.rd-event');
      return Boolean(note.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    others = [e for e in frozen_data.events if category not in e.categories]
    assert others
    assert page.locator(f"li.rd-event#{others[0].id}").is_visible()


def _event_in_two_categories(site):
    """An event and a category it has, and one it has not."""
    legend = [c.id for c in site.timeline.legend]
    event = next(e for e in site.events
                 if any(c not in e.categories for c in legend) and e.people)
    return event, event.categories[0], next(c for c in legend if c not in event.categories)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_event_page_starts_with_its_date_under_the_title_and_ends_with_one_row_of_actions(
        open_page, base_url, frozen_data, viewport):
    event, _, _ = _event_in_two_categories(frozen_data)
    page = open_page(viewport=viewport)
    page.goto(f"{base_url}/evenements/{event.id}/")
    layout = page.evaluate("""() => {
      const h1 = document.querySelector('h1'), range = document.createRange();
      range.selectNodeContents(h1.firstChild);
      const text = range.getBoundingClientRect(), box = h1.getBoundingClientRect();
      const date = document.querySelector('.rd-event-page .rd-event__date');
      const actions = Array.from(
        document.querySelectorAll('.rd-event-page__actions > a, .rd-event-page__actions > button,'
                                  + ' .rd-event-page__actions > details > summary'),
        e => { const r = e.getBoundingClientRect();
               return {name: e.textContent.trim(), top: r.top, height: r.height}; });
      return {textBottom: text.bottom, boxBottom: box.bottom,
              dateTop: date.getBoundingClientRect().top, actions};
    }""")
    # No empty line closes the title, and the date follows it closely.
    assert layout["boxBottom"] - layout["textBottom"] < 8, layout
    assert layout["dateTop"] - layout["textBottom"] < 24, layout
    actions = layout["actions"]
    assert [a["name"] for a in actions] == ["Voir dans la chronologie", "Copier le lien",
                                            "Citer"]
    heights = [a["height"] for a in actions]
    assert max(heights) - min(heights) < 2 and min(heights) >= 24, actions
    if viewport is DESKTOP:
        assert len({round(a["top"]) for a in actions}) == 1, actions


def test_copy_link_on_an_event_page_copies_its_address(open_page, base_url, frozen_data):
    event, _, _ = _event_in_two_categories(frozen_data)
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{base_url}/evenements/{event.id}/")
    page.get_by_role("button", name="Copier le lien").click()
    page.wait_for_function("() => document.querySelector('[data-rd-copy-status]')"
                           ".textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == \
        f"{base_url}/evenements/{event.id}/"
    assert page.locator("[data-rd-copy-page]").text_content() == "Lien copié"


def test_without_scripts_an_event_page_offers_no_copy_button(open_page, base_url, frozen_data):
    event, _, _ = _event_in_two_categories(frozen_data)
    page = open_page(java_script_enabled=False)
    page.goto(f"{base_url}/evenements/{event.id}/")
    assert page.locator("[data-rd-copy-page]").is_hidden()
    assert page.locator("[data-rd-back]").get_attribute("href").endswith(
        f"chronologie/#{event.id}")


def _from_filtered_chronology(page, base_url, event, category):
    """The chronology filtered by ``category``, then the event's page, as a reader goes."""
    page.goto(f"{base_url}/chronologie/?categorie={category}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.goto(f"{base_url}/evenements/{event.id}/")
    return page.locator("[data-rd-back]")


def test_back_to_the_chronology_keeps_the_filters_the_reader_had(page, base_url, frozen_data):
    event, own, _ = _event_in_two_categories(frozen_data)
    back = _from_filtered_chronology(page, base_url, event, own)
    expected = f"{base_url}/chronologie/?categorie={own}#{event.id}"
    page.wait_for_function("([a, h]) => document.querySelector(a).href === h",
                           arg=["[data-rd-back]", expected])
    back.click()
    page.wait_for_url(expected)
    page.wait_for_selector(f"li#{event.id}:not([hidden])")
    assert page.locator(f"[data-rd-panel] input[data-rd-kind=categorie][value={own}]").is_checked()
    # Filters the reader cleared are not brought back.
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.goto(f"{base_url}/evenements/{event.id}/")
    page.wait_for_function("h => document.querySelector('[data-rd-back]').href === h",
                           arg=f"{base_url}/chronologie/#{event.id}")


def test_back_to_the_chronology_drops_the_filters_that_would_hide_the_event(page, base_url,
                                                                            frozen_data):
    event, _, other = _event_in_two_categories(frozen_data)
    back = _from_filtered_chronology(page, base_url, event, other)
    page.wait_for_function("h => document.querySelector('[data-rd-back]').href === h",
                           arg=f"{base_url}/chronologie/?categorie={other}#{event.id}")
    back.click()
    page.wait_for_selector(f"li#{event.id}:not([hidden])")
    page.wait_for_url(f"{base_url}/chronologie/#{event.id}")
    assert "retirés" in page.locator("[data-rd-notice]").text_content()
