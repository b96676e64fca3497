"""What a first-time reader met after a filter change and on a phone: the results left off
screen (below the panel's button, past the end of the list, outside the frise's box), the
closed navigation drawer walked by Tab, and a filtered chronology printed without saying so.
Events, years, titles and counts are read from the loaded page, never written here."""

from __future__ import annotations

import urllib.parse

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}

# The events shown, in the page's pixels: the sticky bar's bottom, the viewport's height,
# and each shown card's top and bottom.
SHOWN_BOXES = """() => {
  const bar = document.querySelector('[data-rd-chronology]').getBoundingClientRect();
  const cards = Array.from(document.querySelectorAll('li.rd-event'))
    .filter(li => !li.hidden).map(li => li.getBoundingClientRect())
    .map(box => ({top: box.top, bottom: box.bottom}));
  return {bar: bar.bottom, height: innerHeight, cards};
}"""


# When the script scrolls the page (it does with scrollIntoView): recorded.
RECORD_SCROLLS = """() => {
  window.scrollsMade = [];
  const scroll = Element.prototype.scrollIntoView;
  Element.prototype.scrollIntoView = function (...args) {
    window.scrollsMade.push(performance.now());
    return scroll.apply(this, args);
  };
}"""


# A word of the cards' searchable text that finds a few events (3 to 8), all in the list's
# first two thirds: typed far down the list, it leaves the reader below its results.
WORD_OF_A_FEW = """() => {
  const cards = Array.from(document.querySelectorAll('li.rd-event[data-rd-text]'));
  const where = new Map();
  cards.forEach((li, i) => {
    const words = li.getAttribute('data-rd-text').toLowerCase().match(/[a-zà-ÿ]{6,}/g) || [];
    new Set(words).forEach(w => where.set(w, (where.get(w) || []).concat([i])));
  });
  let best = null;
  where.forEach((at, w) => {
    if (at.length < 3 || at.length > 8 || Math.max(...at) > cards.length * 2 / 3) return;
    const seen = best ? where.get(best).length : 0;
    if (at.length > seen || (at.length === seen && w < best)) best = w;
  });
  return best;
}"""


def _open_chronology(open_page, base_url, viewport, query=""):
    page = open_page(viewport=viewport)
    page.goto(f"{base_url}/chronologie/{query}")
    page.wait_for_selector("[data-rd-filters]:not([hidden])")
    page.evaluate("window.regardChronology.settled()")
    return page


def _on_screen(boxes) -> list[dict]:
    """The shown cards of which some part lies between the bar and the viewport's bottom."""
    return [c for c in boxes["cards"] if c["bottom"] > boxes["bar"] + 1
            and c["top"] < boxes["height"] - 1]


def _follow_settled(page) -> None:
    """The script follows a card it brought into view for 40 frames (cards near the
    screen take their height): let them pass."""
    page.wait_for_timeout(900)


def test_show_button_on_a_phone_brings_the_first_shown_event_below_the_bar(open_page,
                                                                           base_url):
    page = _open_chronology(open_page, base_url, PHONE)
    page.click("[data-rd-toggle]")
    boxes = page.locator("[data-rd-panel] input[data-rd-kind=categorie]:not([disabled])")
    boxes.nth(boxes.count() - 1).check()
    page.click("[data-rd-show]")
    assert page.locator("[data-rd-panel]").is_hidden()
    _follow_settled(page)
    seen = page.evaluate(SHOWN_BOXES)
    first = seen["cards"][0]
    assert seen["bar"] - 2 <= first["top"] <= seen["height"] - 64, seen


def test_a_search_typed_past_the_end_of_its_results_brings_them_in_after_the_burst(
        open_page, base_url):
    page = _open_chronology(open_page, base_url, DESKTOP)
    title = page.evaluate(WORD_OF_A_FEW)
    assert title, "a word of a few events before the list's last third"
    last_year = page.eval_on_selector_all(
        "[id^=annee-]", "els => els.map(e => e.id).filter(id => /^annee-\\d+$/.test(id)).pop()")
    page = _open_chronology(open_page, base_url, DESKTOP, f"#{last_year}")
    _follow_settled(page)
    # Past the results means the page's end (after the list) is taller than the screen,
    # as on a site whose footer or closing sections are long: the frozen site's end is
    # short, so the test lengthens its footer.
    page.evaluate("document.querySelector('.md-footer').style.minHeight = 2 * innerHeight + 'px'")
    page.locator("[data-rd-filters] input[name=texte]").focus()
    assert page.evaluate("scrollY") > 0
    # The page shortens as cards hide (the browser clamps its scroll): what must not happen
    # while the reader types is a scroll made by the script.
    page.evaluate(RECORD_SCROLLS)
    page.keyboard.type(title, delay=40)
    typed = page.evaluate("performance.now()")
    page.wait_for_timeout(400 + 300)
    scrolls = page.evaluate("window.scrollsMade")
    assert scrolls, "the results were off screen: the script brings them in"
    assert min(scrolls) > typed
    _follow_settled(page)
    seen = page.evaluate(SHOWN_BOXES)
    assert seen["cards"], "the title of the first event finds it"
    assert _on_screen(seen), seen


def test_a_search_that_leaves_a_card_on_screen_moves_nothing(open_page, base_url):
    page = _open_chronology(open_page, base_url, DESKTOP)
    page.evaluate("scrollTo(0, 0)")
    title = page.locator("li.rd-event .rd-event__title").first.text_content().strip()
    page.locator("[data-rd-filters] input[name=texte]").fill(title)
    page.wait_for_timeout(400 + 300)
    _follow_settled(page)
    assert page.evaluate("scrollY") == 0


# The frise's markers the filters leave, and whether one lies in its scroll box.
FRISE_SEEN = """() => {
  const scroller = document.querySelector('[data-rd-frise-scroll]');
  const box = scroller.getBoundingClientRect();
  const marks = Array.from(document.querySelectorAll(
    '.rd-frise__lanes a.rd-mark:not(.rd-mark--out)')).map(a => a.getBoundingClientRect());
  return {count: marks.length, left: scroller.scrollLeft,
          inView: marks.some(m => m.right > box.left + 1 && m.left < box.right - 1)};
}"""


def _first_year(open_page, base_url) -> str:
    page = _open_chronology(open_page, base_url, DESKTOP)
    return page.locator("a[data-rd-year]").first.get_attribute("data-rd-year")


def test_a_shared_link_scrolls_the_phone_frise_to_its_matching_markers(open_page, base_url):
    year = _first_year(open_page, base_url)
    page = _open_chronology(open_page, base_url, PHONE, f"?annee={year}")
    page.wait_for_timeout(300)
    seen = page.evaluate(FRISE_SEEN)
    assert seen["count"] > 0
    assert seen["inView"], seen


def test_a_change_in_the_panel_scrolls_the_phone_frise_and_one_in_the_frise_does_not(
        open_page, base_url):
    year = _first_year(open_page, base_url)
    page = _open_chronology(open_page, base_url, PHONE)
    page.click("[data-rd-toggle]")
    page.locator(f"[data-rd-panel] input[name=annee][value='{year}']").check()
    page.click("[data-rd-close]:not([data-rd-show])")
    page.evaluate("window.regardChronology.settled()")
    page.wait_for_timeout(300)
    assert page.evaluate(FRISE_SEEN)["inView"]
    # The reader scrolls the frise to its end and picks a year there: it stays put.
    page.evaluate("document.querySelector('[data-rd-frise-scroll]').scrollLeft = 1e6")
    page.wait_for_timeout(200)
    before = page.evaluate(FRISE_SEEN)["left"]
    page.locator("a[data-rd-year]").last.click()
    page.evaluate("window.regardChronology.settled()")
    page.wait_for_timeout(300)
    assert page.evaluate(FRISE_SEEN)["left"] == before



# Where the focus is: its box, and whether it is in the navigation drawer or an event.
FOCUS = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          width: innerWidth, height: innerHeight, tag: el.tagName,
          text: (el.textContent || '').trim().slice(0, 40),
          drawer: Boolean(el.closest('.md-sidebar--primary')),
          event: Boolean(el.closest('li.rd-event'))};
}"""


def _outside(stop: dict) -> bool:
    return (stop["right"] <= 0 or stop["left"] >= stop["width"]
            or stop["bottom"] <= 0 or stop["top"] >= stop["height"])


def test_on_a_phone_every_tab_stop_before_the_first_event_is_on_screen(open_page, base_url):
    page = _open_chronology(open_page, base_url, PHONE)
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
        if stops[-1]["event"]:
            break
    assert stops[-1]["event"], stops
    assert [s for s in stops if _outside(s)] == []
    assert not any(s["drawer"] for s in stops)


def test_on_a_phone_the_opened_drawer_s_links_are_reachable(open_page, base_url):
    page = _open_chronology(open_page, base_url, PHONE)
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_timeout(400)
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
        if stops[-1]["drawer"] and stops[-1]["tag"] == "A":
            break
    reached = stops[-1]
    assert reached["drawer"] and reached["tag"] == "A", stops
    assert not _outside(reached)


def test_a_filtered_chronology_printed_says_its_count_and_filters(open_page, base_url):
    page = _open_chronology(open_page, base_url, DESKTOP)
    box = page.locator("[data-rd-panel] input[data-rd-kind=categorie]:not([disabled])").first
    category = box.get_attribute("value")
    page = _open_chronology(open_page, base_url, DESKTOP, f"?categorie={category}")
    count = page.locator("[data-rd-count]").text_content()
    chips = page.locator("[data-rd-chips] .rd-chip").all_text_contents()
    assert chips and " sur " in count
    page.emulate_media(media="print")
    printed = page.evaluate("document.querySelector('article, .md-content').innerText")
    assert count in printed
    for chip in chips:
        assert chip.replace("×", "").strip() in printed
    # The controls are not printed.
    assert page.locator("[data-rd-filters] input[name=texte]").is_hidden()
    assert page.locator("[data-rd-toggle]").is_hidden()
    # Without filters the print shows no bar.
    page = _open_chronology(open_page, base_url, DESKTOP)
    page.emulate_media(media="print")
    assert page.locator("[data-rd-count]").is_hidden()


def test_a_hostile_filter_value_in_a_shared_link_is_named_as_text(open_page, base_url):
    """The notice and the printed filters quote what the link asked for: as text, never as
    markup, whatever the link holds."""
    payload = '<script>window.pwned=1</script>"><svg onload=window.pwned=2>\njavascript:x'
    query = "?" + urllib.parse.urlencode({"personne": payload, "texte": payload})
    page = _open_chronology(open_page, base_url, {"width": 1280, "height": 800}, query)
    notice = page.locator("[data-rd-notice]")
    assert "<svg onload=window.pwned=2" in notice.text_content()
    assert notice.locator("*").count() == 0
    page.emulate_media(media="print")
    assert "<svg onload=window.pwned=2>" in page.locator("[data-rd-chronology]").inner_text()
    assert page.evaluate("[window.pwned || 0, document.querySelectorAll('svg[onload]').length]"
                         ) == [0, 0]
