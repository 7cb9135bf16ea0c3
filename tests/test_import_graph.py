"""The package's modules import each other without cycles.

A cycle is a design smell that regrows quietly: two modules that need each other cannot
be read, tested or moved apart, and Python papers over it at runtime with an import under
``TYPE_CHECKING`` or inside a function. So the graph here counts every import the source
writes — at module level, inside functions and under ``TYPE_CHECKING`` alike — read with
``ast``, without importing anything.
"""

from __future__ import annotations

import ast
import graphlib
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


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (its modules in import order, the first repeated at the end), or []."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return list(reversed(error.args[1]))
    return []


def test_toolkit_has_no_import_cycle() -> None:
    found = cycle(import_graph(_modules()))
    assert not found, (f"{PACKAGE} has an import cycle (imports under TYPE_CHECKING and inside "
                       f"functions count): {' -> '.join(found)}")


@pytest.mark.parametrize("source, expected", [
    ({"a": "from toolkit.b import x\n", "b": "import toolkit.a\n"}, {"toolkit.a", "toolkit.b"}),
    ({"a": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toolkit.b import X\n",
      "b": "from toolkit.a import y\n"}, {"toolkit.a", "toolkit.b"}),
    ({"a": "def f():\n    from . import b\n", "b": "from .a import f\n"}, {"toolkit.a", "toolkit.b"}),
    ({"a": "from toolkit.b import x\n", "b": "from toolkit.c import y\n", "c": "X = 1\n"}, set()),
], ids=["runtime", "type-checking", "lazy-relative", "chain"])
def test_the_graph_sees_every_kind_of_import(tmp_path: Path, source: dict[str, str],
                                             expected: set[str]) -> None:
    package = tmp_path / PACKAGE
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in source.items():
        (package / f"{name}.py").write_text(text)
    assert set(cycle(import_graph(_modules(tmp_path)))) == expected
