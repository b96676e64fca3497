"""`regard render OUT`: a complete project for another engine, and nothing written into the
repository."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import yaml

from generator.commands.cli import main
from generator.content.validate import load_site
from generator.engines.revision import last_update
from generator.engines.standalone import MARKER
from generator.outputs.exports import open_data
from generator.pages.pages import abbreviations, build_pages

IGNORED = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
           "site"}


def repository_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and not IGNORED.intersection(p.relative_to(root).parts)}


def test_the_project_holds_every_page_the_assets_and_a_config_without_the_plugin(
        tmp_path, frozen_project):
    project = frozen_project
    out = tmp_path / "projet"
    before = repository_digest(project)
    assert main(["--root", str(project), "render", str(out)]) == 0
    assert repository_digest(project) == before, "render wrote into the repository"

    site = load_site(project)
    # The glossary's acronyms, as Markdown's abbr extension reads them (the plugin wraps them
    # in the HTML instead; an engine without the plugin does it from these lines).
    abbr = "\n".join(f"*[{acronym}]: {title.replace('&', '&amp;')}"
                     for acronym, title in abbreviations(site).items())
    assert abbr.count("\n") >= 5
    docs = out / "docs"
    # The same addresses in the references, and the same open-data files, as the site's.
    site_url = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))["site_url"]
    data = open_data(site, site_url, last_update(project))
    for page in [*build_pages(site, site_url, last_update(project)), *data.pages]:
        assert (docs / page.path).read_text("utf-8") == f"{page.markdown}\n\n{abbr}\n"
    for path, content in [*data.files, *data.citation_files]:
        assert (docs / path).read_bytes() == content
    for written in (project / "content/pages").rglob("*.md"):
        relative = written.relative_to(project / "content/pages")
        assert (docs / relative).read_text("utf-8") == f"{written.read_text('utf-8')}\n\n{abbr}\n"
    guide = (project / "CONTRIBUTING.md").read_text("utf-8")
    assert (docs / "contribuer/index.md").read_text("utf-8") == f"{guide}\n\n{abbr}\n"
    theme_assets = sorted(p.relative_to(project / "theme").as_posix()
                          for p in (project / "theme/assets").rglob("*") if p.is_file())
    assert theme_assets == ["assets/chronology-core.js", "assets/chronology.js",
                            "assets/citation.js", "assets/event-page.js",
                            "assets/images/partage.png", "assets/opendata.css",
                            "assets/regard.css", "assets/search.js", "assets/selection.js",
                            "assets/site.css"]
    for asset in theme_assets:
        assert (docs / asset).read_bytes() == (project / "theme" / asset).read_bytes()

    config = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))
    source = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    assert config["plugins"] == [{"search": {"lang": "fr"}}]
    assert "custom_dir" not in config["theme"]
    assert not {"docs_dir", "site_dir", "repo_url", "edit_uri"} & config.keys()
    for key in ("site_name", "site_url", "nav", "markdown_extensions", "extra_css",
                "extra_javascript"):
        assert config[key] == source[key]
    assert (out / MARKER).is_file()


def test_mkdocs_builds_the_project_strictly_without_the_plugin(tmp_path, minimal):
    out = tmp_path / "projet"
    assert main(["--root", str(minimal), "render", str(out)]) == 0
    # The minimal fixture has no mkdocs.yml: render writes a configuration of its own.
    assert yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))["site_name"] == "RegarD"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(out / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/chronologie/index.html").read_text("utf-8")
    assert html.count('<li class="rd-event"') == len(load_site(minimal).events)


def test_acronyms_become_tooltips_and_a_term_writes_nothing_else(tmp_path, minimal):
    glossary = minimal / "content/glossary.yml"
    glossary.write_text(glossary.read_text("utf-8").replace(
        "    term: Entrepreneuriat Coopératif Territorial",
        "    term: \"Entrepreneuriat <script>alert(1)</script> Territorial\"").replace(
        "  - id: terrain-miroir\n    term: Terrain miroir",
        "  - id: terrain-miroir\n    term: Terrain miroir\n    acronym: \"TM]: x\\n# Titre\""),
        "utf-8")
    out = tmp_path / "projet"
    assert main(["--root", str(minimal), "render", str(out)]) == 0
    index = (out / "docs/index.md").read_text("utf-8")
    assert ("\n\n*[ECT]: Entrepreneuriat &amp;lt;script>alert(1)&amp;lt;/script> "
            "Territorial\n") in index
    assert "TM]" not in index
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                             str(out / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/index.html").read_text("utf-8")
    # As the plugin writes it: decoded once by the browser, once more by Material's tooltip.
    assert '<abbr title="Entrepreneuriat &amp;lt;script&gt;alert(1)&amp;lt;/script&gt; ' \
           'Territorial">ECT</abbr>' in html
    assert "<script>alert" not in html


def test_a_second_render_replaces_the_first(tmp_path, minimal, capsys):
    out = tmp_path / "projet"
    (minimal / "content/projects/beta.yml").write_text(
        "id: beta\nname: Projet Bêta\nsummary: Un second terrain.\nyears: [2025]\n", "utf-8")
    assert main(["--root", str(minimal), "render", str(out)]) == 0
    assert (out / "docs/terrains/beta.md").is_file()
    (minimal / "content/projects/beta.yml").unlink()
    assert main(["--root", str(minimal), "render", str(out)]) == 0
    assert not (out / "docs/terrains/beta.md").exists()
    assert (out / "docs/terrains/alpha.md").is_file()
    site = load_site(minimal)
    generated = len(build_pages(site)) + len(open_data(site, "", None).pages)
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{generated} pages générées, 3 pages écrites à la main et 0 fichier du thème écrits "
        f"dans {out} ; construisez-le avec zensical build, properdocs build ou mkdocs build "
        f"(-f {out / 'mkdocs.yml'})")


def test_a_folder_render_did_not_write_is_never_overwritten(tmp_path, minimal, capsys):
    out = tmp_path / "mes-documents"
    out.mkdir()
    (out / "lettre.txt").write_text("à garder", "utf-8")
    assert main(["--root", str(minimal), "render", str(out)]) == 1
    assert capsys.readouterr().err == (f"erreur : {out} n'est pas vide et n'a pas été écrit par "
                                       "regard render : choisissez un dossier vide ou nouveau\n")
    assert [p.name for p in out.iterdir()] == ["lettre.txt"]


def test_a_folder_inside_the_repository_is_refused(minimal, capsys):
    out = minimal / "build" / "projet"
    assert main(["--root", str(minimal), "render", str(out)]) == 1
    assert capsys.readouterr().err == (f"erreur : {out} est dans le dépôt : choisissez un "
                                       "dossier de sortie hors du dépôt (par exemple "
                                       "/tmp/regard-site), render n'y écrit rien\n")
    assert not (minimal / "build").exists()


def test_invalid_content_writes_nothing(tmp_path, minimal, capsys):
    timeline = minimal / "timeline.yml"
    timeline.write_text(timeline.read_text("utf-8").replace("date: 2023-03", "date: 2023-13"),
                        "utf-8")
    out = tmp_path / "projet"
    assert main(["--root", str(minimal), "render", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("1 erreur dans le contenu :\ntimeline.yml:")
    assert not out.exists()


def test_a_hand_written_page_where_a_generated_one_goes_is_refused(tmp_path, minimal, capsys):
    (minimal / "content/pages/glossaire").mkdir()
    (minimal / "content/pages/glossaire/index.md").write_text("# Glossaire\n", "utf-8")
    assert main(["--root", str(minimal), "render", str(tmp_path / "projet")]) == 1
    assert capsys.readouterr().err == (
        "erreur : content/pages/glossaire/index.md : cette page est générée à partir du "
        "contenu YAML ; retirez le fichier écrit à la main\n")
    assert not (tmp_path / "projet").exists()
