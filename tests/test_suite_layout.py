"""The test suite's own layout: a test module takes its helpers from the support modules,
never from another test module or a conftest, so that each stands alone."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from .support import BUILD_CALLS, BUILD_MODULES, ROOT, TESTS


def _imported(module: Path) -> set[str]:
    """The ``tests.…`` modules that ``module`` imports, relative imports resolved."""
    package = ".".join(module.relative_to(TESTS.parent).parent.parts)
    found = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            name = ".".join(part for part in (base, node.module or "") if part)
            found |= {name} | {f"{name}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.startswith("tests.")}


def test_no_test_module_imports_another_test_module_or_a_conftest():
    wrong = {}
    for module in sorted(TESTS.rglob("*.py")):
        if "node_modules" in module.parts:
            continue
        names = {n for n in _imported(module)
                 if n.rsplit(".", 1)[-1].startswith("test_") or n.endswith(".conftest")}
        if names:
            wrong[module.relative_to(TESTS).as_posix()] = sorted(names)
    assert wrong == {}



def _calls(node: ast.AST) -> set[str]:
    return {c.func.id for c in ast.walk(node)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}


def test_every_test_that_builds_a_site_is_marked_build():
    """The quick loop leaves out ``-m build``: a test that builds without the mark would
    slow it down unseen."""
    unmarked = []
    for module in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(module.read_text("utf-8"))
        if module.stem in BUILD_MODULES or "pytest.mark.build" in {
                ast.unparse(n.value) for n in tree.body
                if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "pytestmark"}:
            continue
        functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
        helpers = [f for f in functions if not f.name.startswith("test_")]
        builders = BUILD_CALLS | {f.name for f in helpers if _calls(f) & BUILD_CALLS}
        for test in functions:
            marks = {ast.unparse(d) for d in test.decorator_list}
            if test.name.startswith("test_") and _calls(test) & builders \
                    and "pytest.mark.build" not in marks:
                unmarked.append(f"{module.name}::{test.name}")
    assert unmarked == []


GROUPED_RUN = {
    "conftest.py": """
import pytest
from tests.support import keep_xdist_groups

@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.stem == "test_grouped":
            item.add_marker(pytest.mark.xdist_group("partage"))
    yield
    keep_xdist_groups(items)
""",
    "test_grouped.py": "".join(f"def test_g{i}():\n    pass\n" for i in range(8)),
    "test_free.py": "".join(f"def test_f{i}():\n    pass\n" for i in range(8)),
    "pytest.ini": "[pytest]\n",
}


def test_xdist_groups_put_a_modules_tests_on_one_worker(tmp_path: Path):
    """``--dist loadgroup`` runs a group's tests on one worker (the module-scoped builds
    of tests/conftest.py's groups are made once): with pytest 9 and xdist 3.8 it silently
    ignored every group until ``keep_xdist_groups`` gave the node id its group."""
    for name, text in GROUPED_RUN.items():
        (tmp_path / name).write_text(text, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2",
         "--dist", "loadgroup", "-v", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout + run.stderr
    workers = re.findall(r"\[(gw\d)\] .*PASSED .*test_grouped\.py::test_g\d@partage", run.stdout)
    assert len(workers) == 8 and len(set(workers)) == 1, run.stdout
