"""GitHub Actions: valid, pinned, least privilege, clean under zizmor and actionlint, and
running the README's commands. The steps that staff read (the pull request's summary) are run
here as written, on a repository made in tmp_path."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
BIN = Path(sys.executable).parent
FAST_TESTS = ".venv/bin/python -m pytest --ignore=tests/browser"
"""The fast part of the suite, run before every deploy: all but the browser tests."""
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
                    r" # (?P<version>v\d+\.\d+\.\d+)$")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^##\s+Quick start\s*$.*?^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    assert block, "README.md has no Quick start code block"
    return [line for line in block.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); BaseLoader keeps every scalar as text.
    return yaml.load((WORKFLOWS / name).read_text("utf-8"), Loader=yaml.BaseLoader)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def runs(workflow: dict) -> list[str]:
    return [step["run"] for step in steps(workflow) if "run" in step]


def step_named(workflow: dict, name: str) -> dict:
    return next(step for step in steps(workflow) if step.get("name") == name)


def index_of(commands: list[str], fragment: str) -> int:
    return next(i for i, command in enumerate(commands) if fragment in command)


def test_readme_quick_start_has_exactly_two_commands():
    assert len(readme_commands()) == 2


def test_workflows_and_dependabot_are_valid_against_their_schemas():
    assert [p.name for p in WORKFLOW_FILES] == ["publier.yml", "verifier.yml"]
    for schema, files in (("vendor.github-workflows", WORKFLOW_FILES),
                          ("vendor.dependabot", [DEPENDABOT])):
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                                 schema, *map(str, files)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_sha_with_its_version_in_a_comment():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOW_FILES:
        for line in path.read_text("utf-8").splitlines():
            if re.match(r"^\s*(-\s+)?uses:", line):
                match = PINNED.match(line)
                assert match, f"{path.name}: not pinned to a SHA with its version: {line.strip()}"
                pins.setdefault(match["action"], set()).add((match["sha"], match["version"]))
    assert sorted(pins) == ["actions/checkout", "actions/deploy-pages", "actions/setup-python",
                            "actions/upload-artifact", "actions/upload-pages-artifact"]
    assert all(len(versions) == 1 for versions in pins.values()), pins


def test_no_checkout_keeps_the_token_in_the_repository():
    for name in ("verifier.yml", "publier.yml"):
        checkouts = [s for s in steps(load(name)) if s.get("uses", "").startswith(
            "actions/checkout@")]
        assert checkouts
        assert all(s["with"]["persist-credentials"] == "false" for s in checkouts)


def test_each_job_gets_only_the_permissions_it_uses():
    verifier, publier = load("verifier.yml"), load("publier.yml")
    assert verifier["permissions"] == {} and publier["permissions"] == {}
    assert verifier["jobs"]["verifier"]["permissions"] == {"contents": "read"}
    assert publier["jobs"]["construire"]["permissions"] == {"contents": "read"}
    assert publier["jobs"]["publier"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_no_expression_is_pasted_into_a_shell_script():
    # Values such as a branch name reach scripts through env, never spliced into the code.
    for name in ("verifier.yml", "publier.yml"):
        assert all("${{" not in command for command in runs(load(name)))


def _offline_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}


def test_zizmor_finds_nothing_at_its_default_persona():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json",
                             *map(str, WORKFLOW_FILES), str(DEPENDABOT)], cwd=ROOT,
                            capture_output=True, text=True, env=_offline_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_actionlint_finds_nothing():
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOW_FILES)],
                            cwd=ROOT, capture_output=True, text=True, env=_offline_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_pull_requests_check_summarise_build_preview_and_test():
    workflow = load("verifier.yml")
    assert "pull_request" in workflow["on"]
    checkout = steps(workflow)[0]
    # `check --changed` and `diff` need the base branch and the history down to it.
    assert checkout["with"]["fetch-depth"] == "0"
    commands = runs(workflow)
    build, test = readme_commands()
    check = index_of(commands, 'regard check --format github --changed "origin/${BASE_REF')
    diff = index_of(commands, 'regard diff "origin/${BASE_REF:-main}" --format github')
    preview = index_of(commands, "Aperçu du site")
    assert check < diff < commands.index(build) < preview < commands.index(test)
    for name in ("Vérifier le contenu", "Dire ce que la demande change sur le site"):
        assert step_named(workflow, name)["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith(
        "actions/upload-artifact@"))
    assert upload["with"]["path"] == "site" and upload["with"]["name"] == "site-apercu"
    assert step_named(workflow, "Dire ce que la demande change sur le site")[
        "continue-on-error"] == "true"


def test_main_is_published_only_after_the_check_the_fast_tests_and_the_build():
    workflow = load("publier.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    build_job, deploy_job = workflow["jobs"]["construire"], workflow["jobs"]["publier"]
    commands = runs({"jobs": {"b": build_job}})
    build = readme_commands()[0]
    assert commands[0].endswith("regard check --format github")
    assert commands[1:] == [FAST_TESTS, build]
    assert build_job["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy_job["needs"] == "construire"
    assert [s["uses"].split("@")[0] for s in deploy_job["steps"]] == ["actions/deploy-pages"]


def test_the_readme_documents_the_fast_tests_and_they_leave_only_the_browser_out():
    assert f"`{FAST_TESTS}`" in (ROOT / "README.md").read_text("utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                             "--ignore=tests/browser"], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert collected and not any(line.startswith("tests/browser/") for line in collected)
    assert any(line.startswith("tests/test_site_build.py::") for line in collected)


def test_the_end_of_life_banner_is_silenced_only_with_the_reason_given():
    readme = (ROOT / "README.md").read_text("utf-8")
    build = readme_commands()[0]
    assert "NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict" in build
    assert re.search(r"^.*NO_MKDOCS_2_WARNING.*not affected.*$", readme, re.M)


# --- The pull request's summary, run as written ----------------------------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, capture_output=True, check=True,
                   env={**os.environ, **GIT_ENV})


def run_step(step: dict, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    assert set(step.get("env", {})) <= set(env), "give every variable the step sets"
    # As GitHub runs a `run:` step on Linux.
    shell = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]
    return subprocess.run([*shell, step["run"]], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **env})


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone as actions/checkout leaves it for a pull request into main that adds a
    project sheet, with the project's virtual environment at .venv."""
    repo = tmp_path / "depot"
    shutil.copytree(MINIMAL, repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "contenu")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    (repo / "content/projects/beta.yml").write_text(
        "id: beta\nname: Projet Bêta\nsummary: Un second terrain.\nyears: [2025]\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "terrain beta")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return repo


def test_the_summary_says_what_the_pull_request_changes_and_how_to_preview_it(
        pull_request, tmp_path):
    if not (pull_request / ".venv/bin/regard").exists():
        pytest.skip("the tests do not run from the project's virtual environment")
    workflow = load("verifier.yml")
    summary = tmp_path / "summary.md"
    diff = run_step(step_named(workflow, "Dire ce que la demande change sur le site"),
                    pull_request, BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary))
    assert diff.returncode == 0, diff.stderr
    preview = run_step(step_named(workflow, "Dire comment prévisualiser le site"), pull_request,
                       ARTIFACT_URL="https://github.com/o/r/actions/runs/1/artifacts/2",
                       GITHUB_STEP_SUMMARY=str(summary))
    assert preview.returncode == 0, preview.stderr
    assert summary.read_text("utf-8").splitlines() == [
        "## Ce que cette demande change sur le site",
        "",
        "Par rapport à la branche `main` : 1 terrain (1 ajouté) ; 1 page ajoutée.",
        "",
        "### Terrains",
        "",
        "- **Ajouté** : « Projet Bêta » (`beta`)",
        "",
        "### Pages",
        "",
        "- **Ajoutée** : `/terrains/beta/`",
        "",
        "**Aperçu du site** : téléchargez [l'artefact site-apercu]"
        "(https://github.com/o/r/actions/runs/1/artifacts/2), puis lancez `unzip "
        "site-apercu.zip -d apercu/regard && python3 -m http.server -d apercu 8000` et "
        "ouvrez <http://127.0.0.1:8000/regard/> (le chemin de publication, pour que toutes "
        "les pages s'affichent comme en ligne, la page 404 comprise).",
    ]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "Quick start" in script and "commands[1]" in script


@pytest.mark.parametrize("path", [".github/pull_request_template.md", "CONTRIBUTING.md"])
def test_the_staff_documents_exist_in_french(path):
    text = (ROOT / path).read_text("utf-8")
    assert "identifiant" in text.lower()
