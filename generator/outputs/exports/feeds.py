"""The chronology as an Atom feed and as an iCalendar file.

Both are written by hand, in a few lines each, so that the tests can read them with
independent, well-kept readers (feedparser, icalendar) rather than with the code that wrote
them. Ids are UUIDs derived from the event's id: they do not change when the site moves.

Dates. The content does not record when each event was written, so every entry's ``updated``
is the content's last change (from git); outside git, the start of the latest event. Entry
titles start with the date at its precision (« 2014 — … »), since feed readers show
``updated`` as a full date. In the calendar every event is all-day at its precision: a day,
a month (from its first to its last day), or a year (the whole year: a year-only event is
kept, as covering its year, so that the calendar holds the whole chronology and no event is
pinned to a made-up day; its description starts with the date as the site shows it).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import uuid
from html import escape as html_escape

from ...content.dates import PartialDate, french_span
from ...content.site import Site
from ...pages.citations import PUBLISHER
from ...text.markup import plain_text, relink, render_markdown
from ...text.urls import Urls

NAMESPACE = uuid.UUID("6f1c2d0e-2b0a-4c55-9d67-1f3e2a5b8c40")
"""Namespace of RegarD's UUIDs (fixed once, so that ids stay the same)."""
FEED_PATH = "chronologie.atom"
"""At the site's root: Material for MkDocs reads every ``<link rel="alternate">`` as a version
of the site in another language and fetches ``sitemap.xml`` next to it, which exists there."""
CALENDAR_PATH = "donnees/chronologie.ics"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def event_uuid(event_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"evenement:{event_id}")


def stamp(site: Site, updated: dt.date | None) -> dt.date:
    """The content's last change, or else the start of its latest event (never the clock)."""
    if updated is not None:
        return updated
    if site.events:
        latest = site.events[-1].date
        return dt.date(latest.year, latest.month or 1, latest.day or 1)
    return dt.date(1970, 1, 1)


def _escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape`` does. Written here:
    importing ``xml.sax.saxutils`` imports ``urllib.request``, ``http.client`` and ``ssl``,
    a hundredth of a second of every build for three replacements."""
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def _xml(text: str) -> str:
    return _escape(_XML_INVALID.sub("", text))


def _attr(text: str) -> str:
    """A quoted attribute value, as ``xml.sax.saxutils.quoteattr`` writes it."""
    value = _escape(_XML_INVALID.sub("", text))
    value = value.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def atom(site: Site, urls: Urls, updated: dt.date | None, title: str) -> bytes:
    """Atom 1.0 (RFC 4287), newest events first."""
    when = f"{stamp(site, updated).isoformat()}T00:00:00Z"
    chronology = urls.page("chronologie/index.md")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"  <title>{_xml(title)}</title>",
        "  <subtitle>Les événements de la chronologie de RegarD, du plus récent au plus "
        "ancien.</subtitle>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(urls.file(FEED_PATH))}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(chronology)}/>',
        f"  <id>urn:uuid:{uuid.uuid5(NAMESPACE, 'flux:chronologie')}</id>",
        f"  <updated>{when}</updated>",
        f"  <author><name>{_xml(PUBLISHER)}</name></author>",
    ]
    for event in reversed(site.events):
        lines += [
            "  <entry>",
            f"    <title>{_xml(french_span(event.date, event.end) + ' — ' + event.title)}"
            "</title>",
            f'    <link rel="alternate" type="text/html" href={_attr(urls.event(event.id))}/>',
            f"    <id>urn:uuid:{event_uuid(event.id)}</id>",
            f"    <updated>{when}</updated>",
            *(f"    <category term={_attr(c)} label={_attr(site.categories[c].label)}/>"
              for c in event.categories),
            '    <content type="html">'
            f"{_xml(_entry_html(urls, event.date, event.end, event.summary))}</content>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _entry_html(urls: Urls, date: PartialDate, end: PartialDate | None, summary: str) -> str:
    # A feed reader shows the text away from the site: its links are absolute.
    return (f"<p>{html_escape(french_span(date, end))}</p>"
            f"{relink(render_markdown(summary), urls.written)}")


# iCalendar --------------------------------------------------------------------------------


def first_day(date: PartialDate) -> dt.date:
    return dt.date(date.year, date.month or 1, date.day or 1)


def day_after_last(date: PartialDate) -> dt.date:
    """The day after the last day the date covers (iCalendar's exclusive end)."""
    if date.day is not None:
        assert date.month is not None
        return dt.date(date.year, date.month, date.day) + dt.timedelta(days=1)
    if date.month is not None:
        last = calendar.monthrange(date.year, date.month)[1]
        return dt.date(date.year, date.month, last) + dt.timedelta(days=1)
    return dt.date(date.year + 1, 1, 1)


def ics_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    text = _XML_INVALID.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def fold_line(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, width = [], 0, 75
    while len(data) - start > width:
        end = start + width
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end])
        start, width = end, 74  # continuation lines start with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def icalendar(site: Site, urls: Urls, updated: dt.date | None, title: str) -> bytes:
    """iCalendar (RFC 5545): one all-day VEVENT per event, at its precision."""
    dtstamp = f"{stamp(site, updated):%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Clus'Ter Jura//RegarD//FR",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_text(title)}",
             f"NAME:{ics_text(title)}"]
    for event in site.events:
        end = event.end or event.date
        description = (f"{french_span(event.date, event.end)}\n\n{plain_text(event.summary)}"
                       f"\n\n{urls.event(event.id)}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uuid(event.id)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{first_day(event.date):%Y%m%d}",
            f"DTEND;VALUE=DATE:{day_after_last(end):%Y%m%d}",
            f"SUMMARY:{ics_text(event.title)}",
            f"DESCRIPTION:{ics_text(description)}",
            f"CATEGORIES:{','.join(ics_text(site.categories[c].label) for c in event.categories)}",
            f"URL;VALUE=URI:{urls.event(event.id)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines).encode("utf-8")
