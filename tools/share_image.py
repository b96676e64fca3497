"""Draw the image that every page's share card shows (Open Graph, Twitter), 1200 × 630.

    .venv/bin/python tools/share_image.py     # rewrites theme/assets/images/partage.png

The image is committed: building the site needs neither this script nor a browser. It is
drawn by Chromium from a small HTML page, with the site's colours and the legend's colours
from timeline.yml, in a font the machine has (no web font, no network, no Cairo).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content.validate import load_site  # noqa: E402
from tests.browser.conftest import LAUNCH_ARGS, find_chromium  # noqa: E402

SUBJECT = ("L’Entrepreneuriat Coopératif Territorial\u00a0: chronologie, terrains, glossaire, "
           "comités")
TARGET = ROOT / "theme" / "assets" / "images" / "partage.png"
WIDTH, HEIGHT = 1200, 630


def card() -> str:
    legend = load_site(ROOT).timeline.legend
    stripes = "".join(f'<span style="background:{c.colour}"></span>' for c in legend)
    return f"""<!doctype html><html lang="fr"><meta charset="utf-8"><style>
      html, body {{ margin: 0; width: {WIDTH}px; height: {HEIGHT}px; }}
      body {{ display: flex; flex-direction: column; justify-content: center;
             box-sizing: border-box; padding: 0 96px; background: #00564d; color: #fff;
             font-family: "DejaVu Sans", sans-serif; }}
      h1 {{ margin: 0; font-size: 120px; font-weight: 700; letter-spacing: -2px; }}
      p {{ margin: 18px 0 0; font-size: 40px; line-height: 1.3; }}
      .small {{ margin-top: 40px; font-size: 28px; color: #cfe7e3; }}
      .stripes {{ position: absolute; left: 0; right: 0; bottom: 0; display: flex;
                  height: 24px; }}
      .stripes span {{ flex: 1; }}
    </style>
    <h1>RegarD</h1>
    <p>Le centre de ressources R&amp;D de Clus’Ter&nbsp;Jura</p>
    <p class="small">{html.escape(SUBJECT)}</p>
    <div class="stripes">{stripes}</div></html>"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        sys.exit("aucun Chromium trouvé (indiquez REGARD_CHROMIUM=/chemin/vers/chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        page.route("**/*", lambda route: route.abort())  # nothing but the page itself
        page.set_content(card())
        page.screenshot(path=str(TARGET))
        browser.close()
    print(f"{TARGET.relative_to(ROOT)} : {TARGET.stat().st_size} octets")


if __name__ == "__main__":
    main()
