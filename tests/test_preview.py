"""`mkdocs serve`: an edit to any YAML file rebuilds; an invalid edit shows its errors on
the page and in the log without stopping the server; the fix recovers."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import urlparse

import pytest
from mkdocs.config import load_config

from .support import as_project


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _text(html: str) -> str:
    """A page's words, with French typography's narrow spaces as plain ones."""
    text = unescape(re.sub(r"<[^>]+>", "", html))
    return re.sub(r"[\u00a0\u202f ]+", " ", text).replace("’", "'")


def _wait_for(url: str, predicate, process: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        assert process.poll() is None, "the preview server stopped"
        try:
            last = _get(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting on {url}; last page:\n{last[:500]}")


@pytest.fixture
def preview(minimal: Path, tmp_path: Path):
    as_project(minimal)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=minimal, stdout=log, stderr=subprocess.STDOUT)
    # `mkdocs serve` mounts the site at the path of site_url (/regard/ for GitHub Pages).
    mount = urlparse(load_config(str(minimal / "mkdocs.yml")).site_url or "/").path.rstrip("/")
    try:
        yield minimal, f"http://127.0.0.1:{port}{mount}", process, log
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_edit_error_fix_cycle_keeps_the_server_up(preview):
    root, url, process, log = preview
    page = f"{url}/terrains/alpha/"
    _wait_for(page, lambda html: "Projet Alpha" in html, process)

    project = root / "content" / "projects" / "alpha.yml"
    project.write_text(project.read_text("utf-8").replace("name: Projet Alpha",
                                                          "name: Projet Alpha renommé"), "utf-8")
    _wait_for(page, lambda html: "Projet Alpha renommé" in html, process)

    timeline = root / "timeline.yml"
    valid = timeline.read_text("utf-8")
    timeline.write_text(valid.replace("date: 2023-03", "date: 2023-13"), "utf-8")
    html = _wait_for(page, lambda html: "rd-preview-errors" in html, process)
    # On the page with French typography, in the log as written.
    assert "timeline.yml:19:11</code> date «\u00a02023-13\u00a0» impossible" in html
    assert "Projet Alpha renommé" in html  # the last valid version is still shown
    log.seek(0)
    assert "timeline.yml:19:11: date « 2023-13 » impossible" in log.read()

    timeline.write_text(valid, "utf-8")
    _wait_for(page, lambda html: "rd-preview-errors" not in html, process)
    assert process.poll() is None


def test_every_way_of_breaking_the_content_keeps_the_server_up(preview):
    """A syntax error, an emptied file, a folder where a file was, a hand-written page where a
    generated one goes: each is shown on the page, and the fix brings the site back."""
    root, url, process, log = preview
    page = f"{url}/terrains/alpha/"
    _wait_for(page, lambda html: "Projet Alpha" in html, process)
    people = root / "content" / "people.yml"
    valid = people.read_text("utf-8")
    hand_written = root / "content" / "pages" / "terrains" / "alpha.md"
    breakages = [
        (lambda: people.write_text(valid.replace("name: Ada Martin", 'name: "Ada Martin'),
                                   "utf-8"),
         "guillemet ouvert ici et jamais fermé"),
        (lambda: people.write_text("", "utf-8"), "fichier vide"),
        (lambda: (people.unlink(), people.mkdir()), "est un dossier, pas un fichier YAML"),
    ]
    for breakage, message in breakages:
        breakage()
        html = _wait_for(page, lambda html: "rd-preview-errors" in html, process)
        assert message in html
        if people.is_dir():
            people.rmdir()
            # Under load, watchdog may miss a file created right where a folder was just
            # removed (its inotify watch on the folder is still being dropped): staff would
            # save once more, and so does the test, once the removal has been seen.
            time.sleep(2)
        people.write_text(valid, "utf-8")
        try:
            _wait_for(page, lambda html: "rd-preview-errors" not in html, process, timeout=20)
        except AssertionError:
            people.write_text(valid, "utf-8")
            _wait_for(page, lambda html: "rd-preview-errors" not in html, process)

    hand_written.parent.mkdir(parents=True)
    hand_written.write_text("# Écrit à la main\n", "utf-8")
    html = _wait_for(page, lambda html: "rd-preview-errors" in html, process)
    # On the page in French typography (no-break spaces before « : » and « ; »).
    assert ("content/pages/terrains/alpha.md:1:1</code> cette page est générée à partir du "
            "contenu YAML\u202f; retirez le fichier écrit à la main") in html.replace("<wbr>", "")
    hand_written.unlink()
    _wait_for(page, lambda html: "rd-preview-errors" not in html and "Projet Alpha" in html,
              process)
    log.seek(0)
    assert "Traceback" not in log.read()
    assert process.poll() is None


def test_the_search_index_follows_each_rebuild(preview):
    """The preview writes Pagefind's index just after serving the rebuilt pages: an index of
    the edited content is served a moment later."""
    root, url, process, _log = preview
    page, entry = f"{url}/terrains/alpha/", f"{url}/pagefind/pagefind-entry.json"
    _wait_for(page, lambda html: "Projet Alpha" in html, process)
    before = json.loads(_wait_for(entry, lambda text: '"fr"' in text, process))
    project = root / "content" / "projects" / "alpha.yml"
    project.write_text(project.read_text("utf-8").replace("name: Projet Alpha",
                                                          "name: Projet Zéphyrin"), "utf-8")
    _wait_for(page, lambda html: "Projet Zéphyrin" in html, process)
    # The index's name is a hash of what it holds: a new one for the new text.
    after = json.loads(_wait_for(entry, lambda text: '"fr"' in text and json.loads(text)[
        "languages"]["fr"]["hash"] != before["languages"]["fr"]["hash"], process))
    assert after["languages"]["fr"]["page_count"] == before["languages"]["fr"]["page_count"]
    _wait_for(f"{url}/pagefind/pagefind.js", lambda text: len(text) > 1000, process)


def test_a_broken_link_is_shown_on_every_page_and_the_preview_keeps_serving(preview):
    """With `strict: true`, MkDocs stops a rebuild on a broken link and leaves every request
    waiting. The preview instead shows each broken link at its line, on every page, and in
    the log in French; the fix takes the message away."""
    root, url, process, log = preview
    home, edited = f"{url}/", f"{url}/programme/"
    _wait_for(edited, lambda html: "Texte" in html, process)
    page = root / "content" / "pages" / "programme" / "index.md"
    original = page.read_text("utf-8")
    line = original.count("\n") + 2
    page.write_text(original + "\nVoir [la suite](suite.md) et [plus haut](#nulle-part).\n",
                    "utf-8")
    for address in (edited, home):
        html = _wait_for(address, lambda html: "2 liens à corriger" in _text(html), process)
        assert (f"content/pages/programme/index.md:{line}:17 le lien « suite.md » ne mène à "
                "aucune page du site") in _text(html)
        assert (f"content/pages/programme/index.md:{line}:42 le lien « #nulle-part » vise "
                "une ancre absente de cette page") in _text(html)
    assert "Voir" in _get(edited)  # the edited page itself is served, links and all

    page.write_text(original, "utf-8")
    _wait_for(home, lambda html: "à corriger" not in html, process)
    log.seek(0)
    text = log.read()
    assert "le lien « suite.md » ne mène à aucune page du site" in text
    assert "Doc file" not in text and "stuck" not in text and "Aborted" not in text


def test_a_preview_started_on_invalid_content_waits_for_it(minimal: Path, tmp_path: Path):
    """`mkdocs serve` on content that is already invalid: the server stays up, a waiting home
    page and every hand-written page show the errors, and the fix brings the site."""
    timeline = minimal / "timeline.yml"
    source = timeline.read_text("utf-8")
    timeline.write_text(source.replace("date: 2023-03", "date: 2023-13", 1), "utf-8")
    line = source[:source.index("date: 2023-03")].count("\n") + 1
    as_project(minimal)
    port = _free_port()
    mount = urlparse(load_config(str(minimal / "mkdocs.yml")).site_url or "/").path.rstrip("/")
    url = f"http://127.0.0.1:{port}{mount}"
    with (tmp_path / "serve.log").open("w+", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=minimal, stdout=log, stderr=subprocess.STDOUT)
        try:
            for address in (f"{url}/", f"{url}/programme/"):
                html = _wait_for(address, lambda html: "rd-preview-errors" in html, process)
                assert (f"timeline.yml:{line}:11 date « 2023-13 » impossible"
                        in _text(html)), _text(html)[:2000]
                assert "1 erreur dans le contenu : corrigez-la pour voir le site" in _text(html)
            assert "Prévisualisation en attente" in _get(f"{url}/")
            # A page still to come (a bookmark, a reload) says why it is not there.
            with pytest.raises(urllib.error.HTTPError) as missing:
                _get(f"{url}/chronologie/")
            assert missing.value.code == 404
            assert "1 erreur dans le contenu" in _text(missing.value.read().decode("utf-8"))
            timeline.write_text(source, "utf-8")
            _wait_for(f"{url}/chronologie/", lambda html: "Lancement des terrains" in html
                      and "rd-preview-errors" not in html, process)
            assert "Prévisualisation en attente" not in _get(f"{url}/")
        finally:
            process.terminate()
            process.wait(timeout=20)
        log.seek(0)
        text = log.read()
    assert "Aborted" not in text and "Traceback" not in text and "Doc file" not in text


def test_the_preview_looks_for_edits_five_times_a_second(minimal: Path, tmp_path: Path):
    """MkDocs polls the files it watches every half second; the preview polls the content,
    the hand-written pages and mkdocs.yml every tenth of a second, so an edit's rebuild starts
    sooner. What MkDocs watches is still watched, once each."""
    from mkdocs.livereload import LiveReloadServer

    from generator.engines.mkdocs_tuning import PREVIEW_POLL_S

    as_project(minimal)
    config = load_config(str(minimal / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path / "site"))
    # As `mkdocs serve` does before the plugins' on_serve.
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    assert {e.timeout for e in server.observer.emitters} == {0.5}
    server = config.plugins.on_serve(server, config=config, builder=lambda: None)
    watched = {Path(e.watch.raw_path) for e in server.observer.emitters}
    assert {Path(config.docs_dir), Path(config.config_file_path), minimal,
            minimal / "content", minimal / "content" / "projects"} <= watched
    assert len(watched) == len(server.observer.emitters)
    assert {e.timeout for e in server.observer.emitters} == {PREVIEW_POLL_S}
    assert PREVIEW_POLL_S < 0.5
    server.server_close()
