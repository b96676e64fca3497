"""The chronology in TimelineJS 3's JSON format, for its storytelling view.

TimelineJS documents the format at timeline.knightlab.com/docs/json-format.html: ``events``
(slides with ``start_date``, optional ``end_date``, ``text``, ``media``, ``group``,
``display_date``, ``unique_id``), an optional ``title`` slide and ``eras``. Each date is an
object of numbers: an event known to the year has ``year`` only, never a made-up month or
day. TimelineJS reads ``headline``, ``text``, ``caption`` and ``credit`` as HTML: plain text
from the content is escaped, summaries are the site's sanitised HTML.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urljoin

from ...content.dates import PartialDate, french_span
from ...content.model import Event
from ...content.site import Site
from ...text.markup import relink, render_markdown
from ...text.urls import Urls

TITLE_ID = "regard-chronologie"


def date_object(date: PartialDate) -> dict[str, int]:
    """``{"year": 2023, "month": 3}``: the parts the date has, nothing more."""
    value = {"year": date.year}
    if date.month is not None:
        value["month"] = date.month
    if date.day is not None:
        value["day"] = date.day
    return value


def _text(text: str) -> str:
    return escape(" ".join(text.split()), quote=False)


def event_slide(site: Site, urls: Urls, event: Event) -> dict[str, Any]:
    """One event as a TimelineJS slide."""
    url = urls.event(event.id)
    labels = [site.categories[c].label for c in event.categories]
    # The timeline is shown on other sites: the text's links are absolute.
    text = relink(render_markdown(event.summary), urls.written)
    if len(labels) > 1:
        text += f"<p>Catégories : {_text(', '.join(labels))}</p>"
    text += f'<p><a href="{escape(url)}">Voir sur RegarD</a></p>'
    slide: dict[str, Any] = {
        "unique_id": event.id,
        "start_date": date_object(event.date),
        "display_date": french_span(event.date, event.end),
        "text": {"headline": _text(event.title), "text": text},
        "group": _text(labels[0]),
    }
    if event.end is not None and event.end != event.date:
        slide["end_date"] = date_object(event.end)
    if event.media:
        media = event.media[0]
        slide["media"] = {
            # An image is a file of the site, its path written from the site's root.
            "url": urljoin(urls.root, media.src),
            "alt": " ".join(media.alt.split()),
            "caption": _text(media.alt),
        }
        if media.credit:
            slide["media"]["credit"] = _text(f"Crédit photo : {media.credit}")
    return slide


def timeline(site: Site, urls: Urls, title: str) -> dict[str, Any]:
    """The whole chronology: a title slide, one slide per event, the periods as eras."""
    events = [event_slide(site, urls, e) for e in site.events]
    last = max((e.end or e.date for e in site.events), default=None)
    eras = []
    for period in site.timeline.periods:
        # TimelineJS requires an end: a period still open runs to the chronology's last date.
        end = period.end or (last if last is not None and last > period.start else period.start)
        eras.append({"start_date": date_object(period.start), "end_date": date_object(end),
                     "text": {"headline": _text(period.title)}})
    span = f", de {site.events[0].date.year} à {last.year}" if site.events and last else ""
    count = len(site.events)
    intro = (f"<p>{count} événement{'s' if count != 1 else ''}{span}, publiés par "
             f"Clus'Ter Jura sur <a href=\"{escape(urls.page('chronologie/index.md'))}\">"
             "RegarD</a>.</p>")
    return {
        "title": {"unique_id": TITLE_ID, "text": {"headline": _text(title), "text": intro}},
        "events": events,
        "eras": eras,
    }
