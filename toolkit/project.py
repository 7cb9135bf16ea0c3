"""The project a command works in: the nearest ``pyproject.toml`` with a ``[tool.reglament]`` table.

Found the way ruff finds its configuration: from the files being checked (or, when none
is named, the working directory), walking up to the first ``pyproject.toml`` that has a
``[tool.reglament]`` table; a ``pyproject.toml`` without one is passed over. So the same
file gets the same settings from whatever directory it is checked, and running inside
``bpmn/`` finds the repository's settings. Every command reads its settings here::

    [tool.reglament]
    models = ["bpmn"]                  # what commands check when no model is named
    text = "bpmn/act.kk.txt"           # the act's text for `check` (default: the *.txt beside the models)
    calendar = "calendar/kz-2027.toml" # calendar overrides for `deadline` (toolkit.calendar.config)

    [tool.reglament.lint]              # rules, presets, ignores (toolkit.lint.config)
    [tool.reglament.render]            # output = "diagrams", formats = ["svg"], lang = "kk", clauses = false

Paths are relative to the directory of that ``pyproject.toml``. Without any, models default
to ``bpmn/`` in the working directory when it exists, else the regulations reglament ships.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.bundled import default_model_dir
from toolkit.errors import InputError
from toolkit.reading import read_regular_file

#: Keys of ``[tool.reglament.render]`` and the type each must have.
RENDER_KEYS: Mapping[str, type] = {"output": str, "formats": list, "lang": str, "clauses": bool}


def find_pyproject(start: str | Path | None = None) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.reglament]`` table at or above ``start``
    (a file's directory, or the working directory).

    A ``pyproject.toml`` on the way that is not a regular file (a FIFO, a device, a
    directory) is refused rather than passed over: the settings it stands in for would be
    silently ignored, and a FIFO would block the read.
    """
    here = Path(start).resolve() if start is not None else Path.cwd().resolve()
    if here.is_file() or (not here.exists() and here.suffix):
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.exists() and read_pyproject(candidate).get("tool", {}).get("reglament") is not None:
            return candidate
    return None


#: A pyproject.toml people write is a few kilobytes; a bigger one is not read.
MAX_PYPROJECT_BYTES = 1_000_000


def read_pyproject(pyproject: Path) -> dict[str, Any]:
    """The TOML of ``pyproject``, or one :class:`InputError` naming it.

    The file is opened without blocking and checked on the open descriptor, so a FIFO or a
    device named ``pyproject.toml`` is refused at once instead of hanging the command.
    """
    data = read_regular_file(pyproject, MAX_PYPROJECT_BYTES,
                             directory_hint="not a regular file; cannot read settings from it")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read: {exc}", str(pyproject)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"invalid TOML: {exc}", str(pyproject)) from None


@dataclass(frozen=True)
class Project:
    """The settings of one project: its ``[tool.reglament]`` table and where it lives."""

    pyproject: Path | None = None
    table: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The directory relative paths in the settings start from."""
        return self.pyproject.parent if self.pyproject is not None else Path.cwd()

    def _paths(self, key: str) -> list[Path] | None:
        value = self.table.get(key)
        if value is None:
            return None
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not items or not all(isinstance(v, str) and v for v in items):
            raise InputError(f"[tool.reglament] {key} must be a path or a list of paths", str(self.pyproject))
        return [_shown(self.root / v) for v in items]

    def models(self) -> list[Path]:
        """What a command checks when no model is named: ``models``, else the project's bpmn/,
        else bpmn/ in the working directory, else the working directory's own ``*.bpmn``,
        else the bundled regulations."""
        configured = self._paths("models")
        if configured:
            return configured
        if self.pyproject is not None and (self.root / "bpmn").is_dir():
            return [_shown(self.root / "bpmn")]
        return [default_model_dir()]

    def text(self) -> Path | None:
        """The act's text ``check`` uses when none is named; ``None``: the ``*.txt`` beside the models."""
        paths = self._paths("text")
        if paths is not None and len(paths) != 1:
            raise InputError("[tool.reglament] text must name one file", str(self.pyproject))
        return paths[0] if paths else None

    def lint_table(self) -> Mapping[str, Any] | None:
        return self._table("lint")

    def render(self) -> dict[str, Any]:
        """``[tool.reglament.render]``: output (relative to the project), formats, lang, clauses."""
        table = dict(self._table("render") or {})
        for key, value in table.items():
            expected = RENDER_KEYS.get(key)
            if expected is None:
                raise InputError(f"[tool.reglament.render]: unknown key {key!r}; expected "
                                 f"{', '.join(RENDER_KEYS)}", str(self.pyproject))
            if not isinstance(value, expected):
                raise InputError(f"[tool.reglament.render] {key} must be a {expected.__name__}",
                                 str(self.pyproject))
        if "output" in table:
            table["output"] = str(self.root / table["output"])
        return table

    def _table(self, key: str) -> Mapping[str, Any] | None:
        value = self.table.get(key)
        if value is not None and not isinstance(value, dict):
            raise InputError(f"[tool.reglament.{key}] must be a table", str(self.pyproject))
        return value


def _shown(path: Path) -> Path:
    """``path`` relative to the working directory when it lies below it (as people type paths)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_project(pyproject: str | Path | None) -> Project:
    """The :class:`Project` of a named ``pyproject.toml`` (``None``: no project, defaults)."""
    if pyproject is None:
        return Project()
    path = Path(pyproject)
    table = read_pyproject(path).get("tool", {}).get("reglament", {})
    if not isinstance(table, dict):
        raise InputError("[tool.reglament] must be a table", str(path))
    return Project(path, table)


def project_for(paths: Sequence[str | Path] = ()) -> Project:
    """The project of the first path named (or of the working directory when none is)."""
    return load_project(find_pyproject(paths[0] if paths else None))
