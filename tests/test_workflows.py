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
import tomllib
from pathlib import Path

import pytest

from generator.commands.cli import main

from .support import (
    MINIMAL,
    NEW_PROJECT,
    ROOT,
    WORKFLOWS,
    git,
    load_workflow,
    merged_then_main_moved,
    run_step,
)

WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})"
                    r" # (?P<version>v\d+\.\d+\.\d+)$")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^##\s+Quick start\s*$.*?^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    assert block, "README.md has no Quick start code block"
    return [line for line in block.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


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
        checkouts = [s for s in steps(load_workflow(name)) if s.get("uses", "").startswith(
            "actions/checkout@")]
        assert checkouts
        assert all(s["with"]["persist-credentials"] == "false" for s in checkouts)


def test_each_job_gets_only_the_permissions_it_uses():
    verifier, publier = load_workflow("verifier.yml"), load_workflow("publier.yml")
    assert verifier["permissions"] == {} and publier["permissions"] == {}
    for job in ("contenu", "tests"):
        assert verifier["jobs"][job]["permissions"] == {"contents": "read"}
    assert publier["jobs"]["construire"]["permissions"] == {"contents": "read"}
    assert publier["jobs"]["publier"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_no_expression_is_pasted_into_a_shell_script():
    # Values such as a branch name reach scripts through env, never spliced into the code.
    for name in ("verifier.yml", "publier.yml"):
        assert all("${{" not in command for command in runs(load_workflow(name)))


def _offline_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}}


@pytest.mark.lint
def test_zizmor_finds_nothing_at_its_default_persona():
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json",
                             *map(str, WORKFLOW_FILES), str(DEPENDABOT)], cwd=ROOT,
                            capture_output=True, text=True, env=_offline_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


@pytest.mark.lint
def test_actionlint_finds_nothing():
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", *map(str, WORKFLOW_FILES)],
                            cwd=ROOT, capture_output=True, text=True, env=_offline_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def job_steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def job_runs(workflow: dict, job: str) -> list[str]:
    return [step["run"] for step in job_steps(workflow, job) if "run" in step]


def installs_then(commands: list[str], readme_command: str) -> None:
    """The README's command is the job's install step followed by one of its commands."""
    install, _, last = readme_command.rpartition(" && ")
    assert install in commands, (install, commands)
    assert last in commands


def test_pull_requests_get_a_content_check_and_a_test_check_with_french_names():
    workflow = load_workflow("verifier.yml")
    assert set(workflow["on"]) == {"pull_request"}
    assert {job: body["name"] for job, body in workflow["jobs"].items()} == {
        "contenu": "Contenu", "tests": "Tests"}
    for job in ("contenu", "tests"):
        # `check --changed`, `diff` and the tests' file list compare with HEAD^1, the merge
        # commit's first parent; the footer's date needs the content's history.
        assert job_steps(workflow, job)[0]["with"]["fetch-depth"] == "0"
        assert "needs" not in workflow["jobs"][job] and "if" not in workflow["jobs"][job]


def test_the_content_check_checks_summarises_builds_checks_the_site_and_previews():
    workflow = load_workflow("verifier.yml")
    commands = job_runs(workflow, "contenu")
    build, _ = readme_commands()
    # The README's build, with the preview's browser driver added to the runtime set; never
    # the developer tools.
    installs_then(commands, build.replace("-r requirements.txt",
                                          "-r requirements.txt -r requirements-preview.txt"))
    assert not any("requirements-dev" in command for command in commands)
    check = index_of(commands, "regard check --format github --changed HEAD^1")
    diff = index_of(commands, "regard diff HEAD^1 --format github")
    built = commands.index(build.rpartition(" && ")[2])
    whole = commands.index(".venv/bin/regard check-site site")
    preview = index_of(commands, "regard preview site --base HEAD^1 --out apercu/apercu.html")
    told = index_of(commands, "Aperçu")
    assert check < diff < built < whole < preview < told
    for name in ("Vérifier le contenu", "Dire ce que la demande change sur le site"):
        assert step_named(workflow, name)["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert step_named(workflow, "Dire ce que la demande change sur le site")[
        "continue-on-error"] == "true"
    uploads = [s for s in job_steps(workflow, "contenu")
               if s.get("uses", "").startswith("actions/upload-artifact@")]
    site, page = (upload["with"] for upload in uploads)
    assert site["path"] == "site" and site["name"] == "site-apercu"
    # One file, not zipped: GitHub shows it in the browser.
    assert page["path"] == "apercu/apercu.html" and page["archive"] == "false"


def test_the_test_check_always_starts_and_decides_inside_the_job():
    workflow = load_workflow("verifier.yml")
    steps_ = job_steps(workflow, "tests")
    listing = step_named(workflow, "Lister les fichiers modifiés")
    assert steps_.index(listing) == 1 and "if" not in listing
    gated = steps_[2:]
    assert gated and all(s["if"] == "steps.fichiers.outputs.code == 'oui'" for s in gated)
    _, test = readme_commands()
    installs_then(job_runs(workflow, "tests"), test)
    assert step_named(workflow, "Lancer les tests")["env"] == {"REGARD_REQUIRE_BROWSER": "1"}


@pytest.mark.parametrize(("changes", "code"), [
    ({"timeline.yml": "x\n", "content/people.yml": "y\n"}, "non"),
    ({"content/projects/beta.yml": "z\n"}, "non"),
    ({"generator/x.py": "x\n"}, "oui"),
    ({"timeline.yml": "x\n", "CONTRIBUTING.md": "y\n"}, "oui"),
    ({"content.yml": "x\n"}, "oui"),
])
def test_the_file_list_tells_a_content_only_pull_request_from_a_code_change(
        tmp_path, changes, code):
    repo = tmp_path / "depot"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("base\n", "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    for name, text in changes.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    step = step_named(load_workflow("verifier.yml"), "Lister les fichiers modifiés")
    result = run_step(step, repo, GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0, result.stderr
    assert output.read_text("utf-8") == f"code={code}\n"
    assert ("ne change que le contenu" in summary.read_text("utf-8")) == (code == "non") \
        if summary.exists() else code == "oui"


def test_the_ruleset_requires_a_pull_request_and_both_checks_by_their_job_names():
    ruleset = json.loads((ROOT / ".github/rulesets/main.json").read_text("utf-8"))
    # The shape GitHub exports and imports.
    assert set(ruleset) >= {"name", "target", "enforcement", "conditions", "rules"}
    assert ruleset["target"] == "branch" and ruleset["enforcement"] == "active"
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    rules = {rule["type"]: rule.get("parameters", {}) for rule in ruleset["rules"]}
    assert {"pull_request", "required_status_checks", "non_fast_forward"} <= set(rules)
    required = [c["context"] for c in rules["required_status_checks"][
        "required_status_checks"]]
    jobs = load_workflow("verifier.yml")["jobs"]
    assert sorted(required) == sorted(job["name"] for job in jobs.values())


def test_main_is_published_after_the_check_the_build_and_the_site_check_only():
    workflow = load_workflow("publier.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"] == "pages"
    build_job, deploy_job = workflow["jobs"]["construire"], workflow["jobs"]["publier"]
    # The content's whole history, for the date of its last commit.
    assert build_job["steps"][0]["with"]["fetch-depth"] == "0"
    commands = job_runs(workflow, "construire")
    build, _ = readme_commands()
    installs_then(commands, build)
    install = build.rpartition(" && ")[0]
    assert commands == [install, ".venv/bin/regard check --format github",
                        build.rpartition(" && ")[2], ".venv/bin/regard check-site site"]
    # Publishing never depends on developer tests nor installs their tools.
    assert not any("pytest" in c or "requirements-dev" in c for c in commands)
    assert build_job["steps"][-1]["uses"].startswith("actions/upload-pages-artifact@")
    assert deploy_job["needs"] == "construire"
    assert [s["uses"].split("@")[0] for s in deploy_job["steps"]] == ["actions/deploy-pages"]


def test_the_end_of_life_banner_is_silenced_only_with_the_reason_given():
    readme = (ROOT / "README.md").read_text("utf-8")
    build = readme_commands()[0]
    assert "NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict" in build
    assert re.search(r"^.*NO_MKDOCS_2_WARNING.*not affected.*$", readme, re.M)


# --- The pull request's summary, run as written ----------------------------------------

@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A clone as actions/checkout leaves it for a pull request into main that adds a
    project sheet: HEAD is the merge commit GitHub made (first parent: main as it was), and
    main has moved on since (an event), as on a re-run. The project's virtual environment
    is at .venv."""
    repo = tmp_path / "depot"
    shutil.copytree(MINIMAL, repo)
    merged_then_main_moved(repo, {"content/projects/beta.yml": NEW_PROJECT})
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return repo


def test_the_summary_says_what_the_pull_request_changes_and_where_the_preview_is(
        pull_request, tmp_path, monkeypatch):
    if not (pull_request / ".venv/bin/regard").exists():
        pytest.skip("the tests do not run from the project's virtual environment")
    workflow = load_workflow("verifier.yml")
    summary = tmp_path / "summary.md"
    diff = run_step(step_named(workflow, "Dire ce que la demande change sur le site"),
                    pull_request, BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary))
    assert diff.returncode == 0, diff.stderr
    preview = run_step(step_named(workflow, "Dire où voir l'aperçu"), pull_request,
                       ARTIFACT_URL="https://github.com/o/r/actions/runs/1/artifacts/2",
                       GITHUB_STEP_SUMMARY=str(summary))
    assert preview.returncode == 0, preview.stderr
    # The step writes what `regard diff HEAD^1` writes, the summary that
    # tests/test_pull_request_base.py pins for this very repository (main's later event is
    # not taken for a removal), then the preview's line.
    expected = tmp_path / "attendu.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(expected))
    monkeypatch.setenv("BASE_REF", "main")
    assert main(["--root", str(pull_request), "diff", "HEAD^1", "--format", "github"]) == 0
    assert summary.read_text("utf-8").splitlines() == [
        *expected.read_text("utf-8").splitlines(),
        "",
        "**Aperçu** : [ouvrir l'aperçu des pages modifiées]"
        "(https://github.com/o/r/actions/runs/1/artifacts/2) (une page, à lire dans le "
        "navigateur, au format téléphone et ordinateur). Le site entier est aussi joint "
        "(artefact `site-apercu`), pour qui a Python : voir CONTRIBUTING.md, « Prévisualiser "
        "sur son ordinateur ».",
    ]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "Quick start" in script and "commands[1]" in script


@pytest.mark.parametrize("path", [".github/pull_request_template.md", "CONTRIBUTING.md"])
def test_the_staff_documents_exist_in_french(path):
    text = (ROOT / path).read_text("utf-8")
    assert "identifiant" in text.lower()


def test_the_quick_loop_leaves_out_every_costly_marker_and_every_run_is_parallel():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("\n## Tests\n"):]
    block = re.search(r"^```sh\n(.*?)\n```", section, re.M | re.S)
    assert block, "README.md's « Tests » has no command"
    quick = re.fullmatch(r'\.venv/bin/python -m pytest -m "not \((.*)\)"', block.group(1))
    assert quick, block.group(1)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    pytest_config = config["tool"]["pytest"]["ini_options"]
    assert set(quick.group(1).split(" or ")) == {
        marker.split(":")[0] for marker in pytest_config["markers"]}
    # The Quick start's `python -m pytest`, CI's .ci/run and the « Tests » job run it as is.
    assert re.search(r"(^| )-n auto( |$)", pytest_config["addopts"])
