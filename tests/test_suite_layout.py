"""The test suite's own layout: a test module takes its helpers from the support modules,
never from another test module or a conftest, so that each stands alone."""

from __future__ import annotations

import ast
from pathlib import Path

from .support import BUILD_CALLS, BUILD_MODULES, TESTS


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
