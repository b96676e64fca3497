"""The generator's layout holds: stages import downward only, no import cycle, no private
name used outside its module (README, « Architecture »)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from .support import ROOT

GENERATOR = ROOT / "generator"

STAGES = ("commands", "engines", "outputs", "pages", "content", "text")
"""Top to bottom: a module imports from its own stage or from a stage below it."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(GENERATOR.rglob("*.py"))}


def _imports(name: str, path: Path) -> list[tuple[int, str, list[str]]]:
    """Every import of the generator in a module, wherever it stands (in a function too):
    (line, absolute module, names imported from it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            if module.split(".")[0] == "generator":
                found.append((node.lineno, module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names
                      if a.name.split(".")[0] == "generator"]
    return found


def _targets(module: str, names: list[str], known: dict[str, Path]) -> list[str]:
    """The generator modules an import reaches: the module itself, or each name imported
    from a package when that name is a module."""
    reached = [f"{module}.{n}" for n in names if f"{module}.{n}" in known]
    return reached or [module]


def _stage(module: str) -> int:
    """Rank of a module's stage, 0 the highest; the package's root modules stand above all."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] not in STAGES:
        return -1
    return STAGES.index(parts[1])


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: {target for _, module, names in _imports(name, path)
                   for target in _targets(module, names, known) if target != name}
            for name, path in known.items()}


def test_every_module_of_the_generator_is_in_a_stage():
    loose = [name for name in _modules() if _stage(name) < 0
             and name not in {"generator", "generator.__main__"}]
    assert loose == []


def _upward_imports() -> list[str]:
    return [f"{name}:{line} imports {module} ({STAGES[_stage(module)]} is above "
            f"{STAGES[_stage(name)]})"
            for name, path in _modules().items() if _stage(name) >= 0
            for line, module, _ in _imports(name, path)
            if _stage(module) < _stage(name)]


def test_stages_import_downward_only():
    assert _upward_imports() == []


def test_the_text_ground_imports_no_other_stage():
    """Markdown, HTML text edits, slugs and page paths stand below the checker and the pages,
    which both use them."""
    known = _modules()
    outside = [f"{name} imports {module}" for name, path in known.items()
               if name.startswith("generator.text")
               for _, module, _ in _imports(name, path) if not module.startswith("generator.text")]
    assert outside == []


def _cycles() -> list[list[str]]:
    graph = _graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path being walked, 2 done

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target in graph and state.get(target) is None:
                walk(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            walk(node, [node])
    return cycles


def test_the_import_graph_has_no_cycle():
    assert _cycles() == []


def _private_uses() -> list[str]:
    """``from .x import _y``, and ``x._y`` on an imported module of the generator."""
    known = _modules()
    found = []
    for name, path in known.items():
        tree = ast.parse(path.read_text("utf-8"))
        modules = set()
        for line, module, names in _imports(name, path):
            found += [f"{name}:{line} imports {module}.{n}" for n in names
                      if n.startswith("_") and n != "__future__"]
            modules |= {n for n in names if f"{module}.{n}" in known}
        found += [f"{name}:{node.lineno} uses {node.value.id}.{node.attr}"
                  for node in ast.walk(tree)
                  if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                  and node.value.id in modules and node.attr.startswith("_")]
    return found


def test_no_private_name_is_used_outside_its_module():
    assert _private_uses() == []


def test_each_check_fails_on_a_package_that_breaks_it(tmp_path, monkeypatch):
    """A made-up package: content imports pages (upward), pages imports content back inside
    a function (a cycle) and uses a private name of it."""
    package = tmp_path / "generator"
    for stage in ("content", "pages"):
        (package / stage).mkdir(parents=True)
        (package / stage / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "content" / "a.py").write_text("from ..pages.b import x\n_y = 1\n")
    (package / "pages" / "b.py").write_text(
        "x = 1\n\n\ndef f():\n    from ..content import a\n    return a._y\n")
    monkeypatch.setitem(globals(), "GENERATOR", package)
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    assert _upward_imports() == [
        "generator.content.a:1 imports generator.pages.b (pages is above content)"]
    assert _cycles() == [["generator.content.a", "generator.pages.b", "generator.content.a"]]
    assert _private_uses() == ["generator.pages.b:6 uses a._y"]


def _architecture_table(readme: str) -> list[tuple[str, list[str]]]:
    """README's « to …, open … » table: each task and the paths it names under generator/."""
    section = readme.split("### Architecture", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith(("| To…", "| ---"))]
    return [(task.strip(), re.findall(r"`(generator/[^`]+)`", where)) for task, where in rows]


def test_the_readme_table_names_modules_that_exist():
    table = _architecture_table((ROOT / "README.md").read_text("utf-8"))
    assert [task for task, _ in table] == [
        "add a field to a record", "add a page kind", "change a message to staff",
        "change the frise", "change an export"]
    named = [path for _, paths in table for path in paths]
    assert len(named) >= 15
    assert [path for path in named if not (ROOT / path).exists()] == []


def test_the_table_check_sees_a_missing_module():
    readme = ("### Architecture\n\n| To… | open |\n| --- | --- |\n"
              "| change the frise | `generator/pages/frise.py`, `generator/pages/gone.py` |\n")
    named = [p for _, paths in _architecture_table(readme) for p in paths]
    assert [p for p in named if not (ROOT / p).exists()] == ["generator/pages/gone.py"]
