"""The frise's periods keep their names readable while the drawing scrolls sideways: each
period whose band shows has its label in view, within the room the layout gives it in its
row (its band, and where its row is free, beside it), whole or shortened with an ellipsis,
never cut by an edge; its years show after its name where they fit. Without scripts each
label stays where the layout put it. And with filters that match nothing, there is nothing
to download: the selection's buttons are disabled until the filters show events again.

Expectations come from the page (the layout's numbers on each band) and from the frozen
content's periods, never from the live content."""

from __future__ import annotations

import pytest

from generator.content.validate import load_site
from generator.pages.typography import Typesetter
from tests.support import FROZEN

# Per band: its box and the layout's room for its label (from the band's own style, which
# the script leaves as the generator wrote it), its label's box, whether it shows, whether
# its text overflows and how, its years as shown (null when hidden); and what of the frise
# shows (the scroller's box after the sticky rows' heads).
BANDS = """() => {
  const scroller = document.querySelector('[data-rd-frise-scroll]');
  const box = scroller.getBoundingClientRect();
  const head = document.querySelector('.rd-frise__periods > .rd-frise__head')
    .getBoundingClientRect();
  const view = {left: box.left + scroller.clientLeft, right: box.left + scroller.clientLeft
                + scroller.clientWidth};
  if (head.width > 1) view.left = Math.max(view.left, head.right);
  const bands = Array.from(document.querySelectorAll('li.rd-band'), li => {
    const r = li.getBoundingClientRect();
    const num = name => parseFloat(li.style.getPropertyValue(name));
    const label = li.querySelector('.rd-band__label');
    const l = label.getBoundingClientRect();
    const style = getComputedStyle(label);
    const years = label.querySelector('.rd-band__years');
    const start = r.left + num('--lx');
    return {
      title: label.firstChild.textContent,
      band: {left: r.left, right: r.left + num('--w')},
      room: {left: Math.min(r.left, start), right: Math.max(r.left + num('--w'),
                                                             start + num('--lw'))},
      label: {left: l.left, right: l.right},
      shown: style.visibility === 'visible' && l.width > 0,
      overflows: label.scrollWidth > label.clientWidth + 1,
      ellipsis: style.textOverflow === 'ellipsis' && style.overflowX === 'hidden',
      years: years && getComputedStyle(years).display !== 'none' ? years.textContent : null,
    };
  });
  return {view, bands, scrollLeft: scroller.scrollLeft};
}"""

SEEN = 48
"""Pixels of a band in view from which its label must show."""


def scroll_to(page, fraction: float) -> None:
    page.evaluate("f => { const s = document.querySelector('[data-rd-frise-scroll]');"
                  " s.scrollLeft = Math.round((s.scrollWidth - s.clientWidth) * f); }",
                  fraction)
    # Placed at the next frame, after the scroll event.
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def periods_as_shown() -> dict[str, str]:
    """The frozen content's periods: title → years after it, as the page sets them."""
    shown = {}
    for period in load_site(FROZEN).timeline.periods:
        first = period.start.year
        last = period.end.year if period.end else None
        years = (f"depuis {first}" if last is None else str(first) if last == first
                 else f"{first}–{last}")
        shown[Typesetter().text(period.title)] = Typesetter().text(f" ({years})")
    return shown


def check_labels(page, where: str) -> list[dict]:
    """Every band in view has its label shown, inside the view, its room and over its band;
    a label too long for its room ends with an ellipsis. Returns the bands checked."""
    state = page.evaluate(BANDS)
    view = state["view"]
    checked = []
    for band in state["bands"]:
        seen = min(band["band"]["right"], view["right"]) - max(band["band"]["left"], view["left"])
        if seen < SEEN:
            continue
        label, room = band["label"], band["room"]
        what = f"{where}: « {band['title']} » {band} {view}"
        assert band["shown"], what
        assert view["left"] - 0.5 <= label["left"] and label["right"] <= view["right"] + 0.5, what
        assert room["left"] - 0.5 <= label["left"] and label["right"] <= room["right"] + 0.5, what
        assert label["left"] < band["band"]["right"] and band["band"]["left"] < label["right"], what
        assert not band["overflows"] or band["ellipsis"], what
        checked.append(band)
    return checked


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_each_period_in_view_shows_its_name_inside_the_view_and_its_room(
        open_page, base_url, width, height):
    page = open_page(viewport={"width": width, "height": height})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_function("document.querySelector('[data-rd-frise-scroll]').scrollLeft > 0")
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    periods = periods_as_shown()
    seen = set()
    for where, fraction in [("ouverture", None), ("milieu", 0.5), ("quart", 0.25),
                            ("début", 0.0)]:
        if fraction is not None:
            scroll_to(page, fraction)
        checked = check_labels(page, where)
        assert checked or where == "début", f"{where}: aucune période en vue"
        for band in checked:
            seen.add(band["title"])
            # Its years, where shown, are its dates' (the frozen content's).
            if band["years"] is not None:
                assert band["years"] == periods[band["title"]]
    assert seen == set(periods)


def test_on_a_wide_screen_the_periods_show_their_years_after_their_names(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base_url}/chronologie/")
    page.wait_for_function("document.querySelector('[data-rd-frise-scroll]').scrollLeft > 0")
    shown = {}
    for fraction in (0.0, 1.0):
        scroll_to(page, fraction)
        for band in check_labels(page, str(fraction)):
            if band["years"] is not None and not band["overflows"]:
                shown[band["title"]] = band["years"]
    assert shown == periods_as_shown()


def test_without_javascript_each_label_stays_where_the_layout_put_it(open_page, base_url):
    page = open_page(viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page.goto(f"{base_url}/chronologie/")
    offsets = page.eval_on_selector_all(
        "li.rd-band", "lis => lis.map(li => [li.querySelector('.rd-band__label')"
        ".getBoundingClientRect().left - li.getBoundingClientRect().left,"
        " parseFloat(li.style.getPropertyValue('--lx')),"
        " getComputedStyle(li.querySelector('.rd-band__years')).display])")
    assert offsets
    for left, lx, years in offsets:
        assert left == pytest.approx(lx, abs=0.5)
        assert years != "none"


# ---- Nothing to download -------------------------------------------------------------------

# The selection's buttons (the bar's and the panel's, one of them shown): disabled, and
# whether the shown ones take the focus.
BUTTONS = """() => Array.from(document.querySelectorAll('[data-rd-selection]'), b => {
  b.focus();
  return {disabled: b.disabled,
          focusable: b.checkVisibility() ? document.activeElement === b : null};
})"""


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)])
def test_with_filters_that_match_nothing_the_downloads_are_disabled(
        open_page, base_url, width, height):
    page = open_page(viewport={"width": width, "height": height})
    page.goto(f"{base_url}/chronologie/?texte=zzqxwzzqxw")
    page.wait_for_selector("[data-rd-selection=csv]", state="attached")
    page.wait_for_function("window.regardChronology.selectionSize === 0")
    assert page.locator("[data-rd-count]").inner_text().startswith("0 événement sur ")
    # On a phone they are in the filter panel.
    page.click("[data-rd-toggle]")
    buttons = page.evaluate(BUTTONS)
    assert len(buttons) == 4
    assert [b["focusable"] for b in buttons].count(False) == 2
    assert all(b["disabled"] and not b["focusable"] for b in buttons)
    # Results again: offered again.
    page.fill("input[name=texte]", "")
    page.wait_for_function("window.regardChronology.selectionSize > 0")
    buttons = page.evaluate(BUTTONS)
    assert not any(b["disabled"] for b in buttons)
    assert [b["focusable"] for b in buttons].count(True) == 2
