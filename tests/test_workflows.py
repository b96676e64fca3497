"""GitHub Actions: valid against GitHub's workflow schema, least privilege, and running the
same commands as the README."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"^##\s+Quick start\s*$.*?^```[^\n]*\n(.*?)^```", text, re.M | re.S)
    assert block, "README.md has no Quick start code block"
    return [line for line in block.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); BaseLoader keeps every scalar as text.
    return yaml.load((WORKFLOWS / name).read_text("utf-8"), Loader=yaml.BaseLoader)


def runs(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"]
            if "run" in step]


def test_readme_quick_start_has_exactly_two_commands():
    assert len(readme_commands()) == 2


def test_workflows_are_valid_against_githubs_schema():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert len(files) == 2
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.github-workflows", *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_check_build_and_test_with_the_readme_commands():
    workflow = load("verifier.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    commands = runs(workflow)
    build, test = readme_commands()
    assert any(c.endswith("regard check --format github") for c in commands)
    assert build in commands and test in commands
    assert commands.index(build) < commands.index(test)


def test_main_is_deployed_to_pages_only_after_a_successful_build():
    workflow = load("publier.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"] == "pages"
    build_job, deploy_job = workflow["jobs"]["construire"], workflow["jobs"]["publier"]
    build_uses = [s.get("uses", "") for s in build_job["steps"]]
    assert readme_commands()[0] in runs({"jobs": {"b": build_job}})
    assert any(u.startswith("actions/configure-pages@") for u in build_uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in build_uses)
    assert "permissions" not in build_job
    assert deploy_job["needs"] == "construire"
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy_job["steps"]] == ["actions/deploy-pages"]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "Quick start" in script and "commands[1]" in script


@pytest.mark.parametrize("path", [".github/pull_request_template.md", "CONTRIBUTING.md"])
def test_the_staff_documents_exist_in_french(path):
    text = (ROOT / path).read_text("utf-8")
    assert "identifiant" in text.lower()
