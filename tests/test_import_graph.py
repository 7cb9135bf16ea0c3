"""The package's modules import each other without cycles.

A cycle is a design smell that regrows quietly: two modules that need each other cannot
be read, tested or moved apart, and Python papers over it at runtime with an import under
``TYPE_CHECKING`` or inside a function. So the graph here counts every import the source
writes — at module level, inside functions and under ``TYPE_CHECKING`` alike — read with
``ast``, without importing anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "toolkit"


def _modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package under ``root``, by its dotted name."""
    modules = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The module an ``import from`` names, with relative imports resolved."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``module`` imports anywhere in its source."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, path.name == "__init__.py")
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in known:
                    found.add(submodule)
                elif source in known:
                    found.add(source)
    found.discard(module)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {name: _targets(name, path, known) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(sorted(graph[succ]))))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def _describe(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    edges = [f"  {a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return "\n".join(edges)


def test_toolkit_has_no_import_cycle() -> None:
    graph = import_graph(_modules())
    found = cycles(graph)
    report = "\n\n".join(_describe(graph, c) for c in found)
    assert not found, f"import cycles in {PACKAGE} (break them; imports under TYPE_CHECKING count):\n{report}"


@pytest.mark.parametrize("source, expected", [
    ({"a": "from toolkit.b import x\n", "b": "import toolkit.a\n"}, [["toolkit.a", "toolkit.b"]]),
    ({"a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toolkit.b import X\n",
      "b": "from toolkit.a import y\n"}, [["toolkit.a", "toolkit.b"]]),
    ({"a": "def f():\n    from . import b\n", "b": "from .a import f\n"}, [["toolkit.a", "toolkit.b"]]),
    ({"a": "from toolkit.b import x\n", "b": "from toolkit.c import y\n", "c": "X = 1\n"}, []),
], ids=["runtime", "type-checking", "lazy-relative", "chain"])
def test_the_graph_sees_every_kind_of_import(tmp_path: Path, source: dict[str, str],
                                             expected: list[list[str]]) -> None:
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in source.items():
        (package / f"{name}.py").write_text(text)
    assert cycles(import_graph(_modules(tmp_path))) == expected
