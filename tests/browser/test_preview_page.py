"""The preview page of a pull request, opened from disk in Chromium as staff open the
downloaded file: nothing but itself and its data: images is requested, every screenshot is
decoded, the pages beyond the shots are listed, and hostile text stays text."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.commands.preview_page import write_preview
from tests.support import append, build_site, content_repo, edit, person

HOSTILE = "<script>alert(1)</script> \"><svg onload=alert(2)>"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Path:
    """An event given a hostile title and three people added: nine pages touched (the
    event's chronology page and its own page, its two neighbours', the people's), the
    first two photographed."""
    tmp = tmp_path_factory.mktemp("apercu")
    repo = content_repo(tmp)
    edit(repo, "timeline.yml", "title: Lancement des terrains", f"title: '{HOSTILE}'")
    for n in (1, 2, 3):
        append(repo, "content/people.yml", person(n))
    site = build_site(repo, tmp / "site")
    out = tmp / "apercu" / "apercu.html"
    # In a thread of its own: Playwright's synchronous API runs one instance per thread, and
    # the session's browser (the fixture) may already hold this one.
    with ThreadPoolExecutor(1) as thread:
        preview = thread.submit(write_preview, repo, site, "main", out,
                                chromium=chromium_path, limit=2).result()
    assert preview.missing is None
    assert [p.path for p in preview.shown] == ["chronologie/index.md",
                                               "evenements/lancement.md"]
    return out


@pytest.mark.parametrize("width", [375, 1280])
def test_the_page_opened_from_disk_shows_every_shot_and_requests_nothing(
        browser, written, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(written.as_uri())
    images = page.eval_on_selector_all(
        "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight, i.alt, "
               "i.src.slice(0, 23)])")
    assert images == [
        [True, 375, 812, "Chronologie : capture à 375 pixels de large (téléphone)",
         "data:image/webp;base64,"],
        [True, 1280, 800, "Chronologie : capture à 1\u202f280 pixels de large (ordinateur)",
         "data:image/webp;base64,"],
        [True, 375, 812, f"{HOSTILE} : capture à 375 pixels de large (téléphone)",
         "data:image/webp;base64,"],
        [True, 1280, 800, f"{HOSTILE} : capture à 1\u202f280 pixels de large (ordinateur)",
         "data:image/webp;base64,"],
    ]
    others = page.inner_text("#autres")
    for line in ["Autres pages touchées (7)", "Personne 01 /regard/personnes/personne-01/",
                 "Personne 02 /regard/personnes/personne-02/",
                 "Personne 03 /regard/personnes/personne-03/", "Personnes /regard/personnes/",
                 "Projet Alpha /regard/terrains/alpha/",
                 "Naissance /regard/evenements/naissance/"]:
        assert line in others
    assert f"Événement modifié : « {HOSTILE} »" in page.inner_text("#page-1")
    assert page.locator("script, svg").count() == 0
    # The page fits the screen: nothing to scroll sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == []
