"""``regard preview``: one self-contained HTML page that shows, to staff with only a
browser, the pages of the built site that a change adds or changes.

The pages are those :mod:`generator.commands.affected_pages` finds between a git ref and the working
tree; the first :data:`MAX_SHOTS` are photographed by :mod:`generator.commands.screenshots` at a
phone's and a laptop's size, and embedded as ``data:`` images; the others are listed with
their address. The page holds its CSS and images and nothing else: opened from disk, or
from the pull request's artifact on GitHub, it makes no request and runs no script.
"""

from __future__ import annotations

import base64
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..content.previous import describe_ref
from ..engines.standalone import RenderError, read_config
from ..pages.french import count_words, french_number
from ..pages.templating import TEMPLATES
from . import diff as site_diff
from .affected_pages import AffectedPage, affected_pages
from .screenshots import MIME, SIZES, ScreenshotError, Target, capture

MAX_SHOTS = 20
"""Pages photographed; the others are listed. On the real content 20 pages made a page of
1.8 MB, and their 40 shots took 14 to 54 s on a 2-core machine (idle to overloaded)."""

STATUS_LABELS = {"added": "Ajoutée", "changed": "Modifiée", "removed": "Retirée"}

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


class PreviewError(Exception):
    """The preview cannot be made; the message is French and says why."""


@dataclass
class Preview:
    """What was written."""

    out: Path
    shown: list[AffectedPage] = field(default_factory=list)
    """Pages shown first, with their shots when a browser could take them."""
    others: list[AffectedPage] = field(default_factory=list)
    """Pages beyond :data:`MAX_SHOTS`, listed."""
    removed: list[AffectedPage] = field(default_factory=list)
    missing: str | None = None
    """Why the shots could not be taken, when they could not."""
    size: int = 0
    """Bytes written."""


def site_prefix(root: Path) -> str:
    """The path the site is published under, from ``site_url`` (``/regard/``)."""
    try:
        config = read_config(root)
    except RenderError as exc:
        raise PreviewError(str(exc)) from None
    return urlparse(str(config.get("site_url") or "")).path or "/"


def page_title(site_dir: Path, url: str) -> str | None:
    """A built page's title without the site's name, or None when the page is not built."""
    path = site_dir / url / "index.html"
    if not path.is_file():
        return None
    match = _TITLE.search(path.read_text(encoding="utf-8", errors="replace"))
    if match is None:
        return url or "Accueil"
    # Material writes « Page – Site »; the site's name holds no « – ».
    return html.unescape(match[1]).rsplit(" – ", 1)[0].strip()


def write_preview(root: Path, site_dir: Path, ref: str, out: Path, *,
                  chromium: str | None = None, limit: int = MAX_SHOTS) -> Preview:
    """Compare the content at ``ref`` with the working tree, photograph the first ``limit``
    affected pages of ``site_dir`` and write the page to ``out``.

    Raises :class:`PreviewError` when ``site_dir`` holds no built site, and what
    :func:`generator.commands.diff.compare_against` raises when the comparison cannot be made."""
    if not (site_dir / "index.html").is_file():
        raise PreviewError(f"{site_dir} : aucun site construit (index.html manquant) ; "
                           "construisez-le d'abord avec mkdocs build")
    prefix = site_prefix(root)
    base = describe_ref(root, ref, os.environ.get("BASE_REF", "").strip())
    pages = affected_pages(site_diff.compare_against(root, ref, base))
    present = [p for p in pages if p.status != "removed"]
    preview = Preview(out, present[:limit], present[limit:],
                      [p for p in pages if p.status == "removed"])
    titles = {p.path: page_title(site_dir, p.url) for p in present}
    shots = _photograph(preview, site_dir, prefix, titles, chromium)
    _write(out, render(**_context(preview, base, prefix, titles, shots), limit=limit))
    preview.size = out.stat().st_size
    return preview


Shots = dict[str, list[tuple[tuple[int, int], bytes | None]]]
"""Each page's shots (by Markdown path), with their size."""


def _photograph(preview: Preview, site_dir: Path, prefix: str,
                titles: dict[str, str | None], chromium: str | None) -> Shots:
    """The shots of the pages shown that the site has; says in ``preview`` why there are
    none when no browser could take them."""
    built = [p for p in preview.shown if titles[p.path] is not None]
    if not built:
        return {}
    try:
        shots = capture(site_dir, prefix, [Target(p.url, p.anchor) for p in built],
                        chromium=chromium)
    except ScreenshotError as exc:
        preview.missing = str(exc)
        return {}
    return {p.path: [(size, images[i]) for size, images in shots.items()]
            for i, p in enumerate(built)}


def write_failure(out: Path, base: str, message: str) -> None:
    """The page when no preview can be made: it says why, so the link still answers;
    ``base`` names the base as staff know it (« la branche main (commit 4a5afcb) »)."""
    _write(out, render(failure=message, ref=base))


def _write(out: Path, text: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(**context: Any) -> str:
    """The preview page's HTML; every text is escaped."""
    defaults: dict[str, Any] = {"failure": None, "summary": "", "missing": None, "shown": [],
                                "others": [], "removed": [], "sizes": _sizes(),
                                "limit": MAX_SHOTS}
    return _environment().get_template("preview.html.j2").render({**defaults, **context})


def _sizes() -> list[str]:
    return [f"{french_number(w)} × {french_number(h)}" for w, h in SIZES]


def _context(preview: Preview, ref: str, prefix: str, titles: dict[str, str | None],
             shots: Shots) -> dict[str, Any]:
    def item(page: AffectedPage) -> dict[str, Any]:
        title = titles.get(page.path) or "/" + page.url
        return {"title": title, "address": prefix + page.url,
                "status": STATUS_LABELS[page.status], "reasons": page.reasons,
                "absent": page.status != "removed" and titles.get(page.path) is None,
                "shots": [_shot(title, size, image) for size, image in shots.get(page.path, [])]}

    return {"ref": ref, "summary": summary_sentence(preview), "missing": preview.missing,
            "shown": [item(p) for p in preview.shown],
            "others": [item(p) for p in preview.others],
            "removed": [item(p) for p in preview.removed]}


def _shot(title: str, size: tuple[int, int], image: bytes | None) -> dict[str, Any]:
    width, height = size
    device = "téléphone" if width < 600 else "ordinateur"
    src = f"data:{MIME};base64,{base64.b64encode(image).decode('ascii')}" if image else None
    return {"src": src, "width": width, "height": height,
            "device": "phone" if width < 600 else "desktop",
            "alt": f"{title} : capture à {french_number(width)} pixels de large ({device})",
            "caption": f"{device.capitalize()}, {french_number(width)} × "
                       f"{french_number(height)}"}


def summary_sentence(preview: Preview) -> str:
    """« Cette demande ajoute ou modifie 25 pages : les 20 premières en captures, les 5
    autres en liste à la fin, et retire 1 page. »"""
    total = len(preview.shown) + len(preview.others)
    if not total and not preview.removed:
        return "Cette demande ne change aucune page du site."
    parts = []
    if total:
        text = "ajoute ou modifie " + count_words(total, "page", "pages")
        where = "ci-dessous" if preview.missing else "en captures"
        if preview.others:
            first = ("la première" if len(preview.shown) == 1 else
                     f"les {french_number(len(preview.shown))} premières")
            others = ("l'autre" if len(preview.others) == 1 else
                      f"les {french_number(len(preview.others))} autres")
            text += f" : {first} {where}, {others} en liste à la fin"
        elif not preview.missing:
            text += ", en captures ci-dessous"
        parts.append(text)
    if preview.removed:
        parts.append("retire " + count_words(len(preview.removed), "page", "pages"))
    return "Cette demande " + ", et ".join(parts) + "."


def github_line(preview: Preview) -> str:
    """One Markdown line for the step summary, above the link the workflow adds."""
    shown = count_words(len(preview.shown), "page", "pages")
    if not preview.shown and not preview.removed:
        return "L'aperçu ne montre aucune page : cette demande ne change pas le site."
    if not preview.shown:
        text = "L'aperçu ne montre aucune page ajoutée ou modifiée"
    elif preview.missing:
        text = f"L'aperçu liste {shown} sans capture ({preview.missing})"
    else:
        text = f"L'aperçu montre {shown} en captures (téléphone et ordinateur)"
    if preview.others:
        text += " et en liste " + count_words(len(preview.others), "autre page", "autres pages")
    if preview.removed:
        text += " ; " + count_words(len(preview.removed), "page retirée", "pages retirées")
    return site_diff.escape(text) + "."
