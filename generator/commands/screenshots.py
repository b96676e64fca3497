"""Screenshots of a built site: served on 127.0.0.1 under its published path, as GitHub
Pages serves it, and photographed by Chromium through Playwright.

One browser takes every shot. Chromium's own command line (``--headless --screenshot``)
starts a browser per shot: on the project's 2-core machine each start costs 1.5 to 3 s
(about:blank alone), so 40 shots took 58 s with two at a time against 14 s in one
Playwright browser, which also keeps every request on 127.0.0.1 and sets the image's
format and quality. Playwright is pinned in requirements-preview.txt; it is imported only here,
when shots are asked for.
"""

from __future__ import annotations

import base64
import functools
import os
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

SIZES = ((375, 812), (1280, 800))
"""A phone (an iPhone's viewport) and a laptop, in CSS pixels."""

QUALITY = 50
"""WebP quality: on the real site text stays sharp at 50, and a shot weighs about 26 kB
at 375 × 812 and 48 kB at 1280 × 800 (PNG: 54 and 107 kB; JPEG at 50: 37 and 71 kB)."""

MIME = "image/webp"

TIMEOUT_MS = 30_000
"""Longest wait for one page: a page that never loads loses its shot, not the preview."""

LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Fonts loaded and two frames drawn: the page's scripts have laid it out.
_SETTLE = ("() => document.fonts.ready.then(() => new Promise("
           "r => requestAnimationFrame(() => requestAnimationFrame(r))))")

# A link to ``#anchor`` would put the anchor at the top, under the site's sticky header
# and filter bar; a fifth of the screen above it shows where on the page the change sits.
# The chronology's cards are laid out only when they come into view (content-visibility):
# a scroll grows the cards it brings into view, above the anchor too, a frame or two later
# (on the real chronology, by 771 px). So the page is scrolled again, once the anchor has
# stayed in place for two frames, until it is where it should be. It starts at the top and
# mostly moves down: after a move up, Material shows its « Retour en haut de la page »
# button.
_TO_ANCHOR = """async id => {
  const el = document.getElementById(id);
  if (!el) return;
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const settled = async () => {
    let last = NaN;
    for (let i = 0, same = 0; i < 30 && same < 2; i++) {
      await frame();
      const top = el.getBoundingClientRect().top;
      same = Math.abs(top - last) < 1 ? same + 1 : 0;
      last = top;
    }
  };
  for (let i = 0; i < 10; i++) {
    const offset = el.getBoundingClientRect().top - innerHeight / 5;
    if (Math.abs(offset) < 2) break;
    window.scrollBy(0, offset);
    await settled();
  }
}"""


class ScreenshotError(Exception):
    """No shot can be taken; the message is French and says why."""


@dataclass(frozen=True)
class Target:
    """One page to photograph."""

    url: str
    """Address below the site's root (``chronologie/``; ``""`` for the home page)."""
    anchor: str | None = None
    """The id of the element the page is scrolled to."""


def find_chromium() -> str | None:
    """``$REGARD_CHROMIUM``, or the first of chromium, chromium-browser, google-chrome on
    the PATH (GitHub's Ubuntu runners have Google Chrome and Chromium)."""
    explicit = os.environ.get("REGARD_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class PagesHandler(SimpleHTTPRequestHandler):
    """Like GitHub Pages for a project site: the site under its path (``/regard/``), and
    the site's 404.html, with status 404, for any address it does not have."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        inside = path.startswith(self.prefix)
        return super().translate_path("/" + path[len(self.prefix):] if inside else "/.absent")

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1 under ``prefix`` (``/regard/``); yields the site's
    address, ending in ``/``."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def capture(site_dir: Path, prefix: str, targets: Sequence[Target],
            sizes: Sequence[tuple[int, int]] = SIZES,
            chromium: str | None = None) -> dict[tuple[int, int], list[bytes | None]]:
    """The shots of ``targets`` at each size, in their order (None for a page that did not
    load in time). Raises :class:`ScreenshotError` when no browser can be started."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise ScreenshotError("aucun navigateur Chromium trouvé (indiquez REGARD_CHROMIUM, ou "
                              "installez chromium ou google-chrome)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise ScreenshotError("Playwright n'est pas installé (pip install --require-hashes "
                              "-r requirements-preview.txt)") from None
    with serve(site_dir, prefix) as root, sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        except Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise ScreenshotError(f"Chromium ({chromium}) n'a pas démarré : {first}") from None
        try:
            return {size: _shots(browser, root, targets, size) for size in sizes}
        finally:
            browser.close()


def _shots(browser: Browser, root: str, targets: Sequence[Target],
           size: tuple[int, int]) -> list[bytes | None]:
    from playwright.sync_api import Error

    width, height = size
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=phone, has_touch=phone, reduced_motion="reduce",
                                  service_workers="block")
    host = urlparse(root).netloc

    def only_the_site(route: Route) -> None:
        # The preview shows the site as built; nothing may come from elsewhere.
        if urlparse(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_site)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    cdp = context.new_cdp_session(page)
    shots: list[bytes | None] = []
    for target in targets:
        try:
            page.goto(root + target.url, wait_until="load")
            page.evaluate(_SETTLE)
            if target.anchor:
                page.evaluate(_TO_ANCHOR, target.anchor)
            data = cdp.send("Page.captureScreenshot", {"format": "webp", "quality": QUALITY})
            shots.append(base64.b64decode(data["data"]))
        except Error:
            shots.append(None)
    context.close()
    return shots
