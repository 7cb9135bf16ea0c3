"""Lint configuration: presets, rule categories and ignores, from ``[tool.reglament.lint]``.

    [tool.reglament.lint]
    preset = "recommended"            # or "bpmnlint:recommended"
    ignores = ["bpmn/drafts/*"]       # files skipped when a directory is linted

    [tool.reglament.lint.rules]
    no-inclusive-gateway = "off"      # off | info | warn | error (bpmnlint's words; "warning" too)
    superfluous-gateway = "error"

    [tool.reglament.lint.per-file-ignores]
    "bpmn/legacy-*.bpmn" = ["no-bpmndi", "label-required"]

Precedence, lowest first: the preset, the ``rules`` table, ``--rule`` on the
command line. Patterns are ``fnmatch`` patterns on the path relative to the
directory of the pyproject.toml (``*`` also crosses ``/``). A wrong rule name,
category or key is an input error: a typo must never silently disable a check.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.lint.registry import Rule, all_rules
from toolkit.project import find_pyproject, read_pyproject

#: Accepted spellings of a category; bpmnlint also accepts 0-3.
_CATEGORY_WORDS = {"off": "off", "0": "off", "warn": "warn", "warning": "warn", "1": "warn",
                   "error": "error", "2": "error", "info": "info", "3": "info"}
PRESETS = ("recommended", "bpmnlint:recommended")
_KEYS = {"preset", "rules", "ignores", "per-file-ignores"}


def normalize_category(value: Any) -> str:
    """``'warning'`` -> ``'warn'``, ``2`` -> ``'error'``; ValueError for anything else."""
    word = str(value).strip().lower()
    if word not in _CATEGORY_WORDS or isinstance(value, bool):
        raise ValueError(f"{value!r} is not one of off, info, warn, error")
    return _CATEGORY_WORDS[word]


def preset_categories(preset: str, rules: Mapping[str, Rule] | None = None) -> dict[str, str]:
    """The categories a preset turns on.

    ``recommended`` is every rule at its default category: bpmnlint's 26, the
    ``import`` and ``xsd`` checks and ours. ``bpmnlint:recommended`` is exactly
    what bpmnlint's preset reports (its 26 rules and the import warnings).
    """
    rules = rules if rules is not None else all_rules()
    if preset == "recommended":
        return {name: r.category for name, r in rules.items()}
    if preset == "bpmnlint:recommended":
        return {name: r.category for name, r in rules.items() if r.origin == "bpmnlint"}
    raise ValueError(f"unknown preset {preset!r}; use one of {', '.join(PRESETS)}")


@dataclass(frozen=True)
class LintConfig:
    preset: str = "recommended"
    rules: Mapping[str, str] = field(default_factory=dict)
    ignores: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Directory the patterns are relative to (the pyproject.toml's), and that file, for messages.
    base: Path | None = None
    origin: str | None = None

    def __post_init__(self) -> None:
        known = all_rules()
        preset_categories(self.preset, known)
        for name, category in self.rules.items():
            if name not in known:
                raise ValueError(f"unknown lint rule {name!r}")
            normalize_category(category)
        for names in self.per_file_ignores.values():
            for name in names:
                if name not in known:
                    raise ValueError(f"unknown lint rule {name!r} in per-file-ignores")

    def with_rules(self, overrides: Mapping[str, str]) -> LintConfig:
        """This config with ``--rule NAME=CATEGORY`` overrides on top."""
        return replace(self, rules={**self.rules, **overrides})

    def with_preset(self, preset: str) -> LintConfig:
        """A preset named on the command line wins over the ``[rules]`` table (see the README's
        precedence), so ``--preset bpmnlint:recommended`` really is bpmnlint's preset."""
        return replace(self, preset=preset, rules={})

    def _relative(self, path: str | Path) -> str:
        p = Path(path)
        if self.base is not None:
            try:
                p = p.resolve().relative_to(self.base.resolve())
            except (ValueError, OSError):
                pass
        return p.as_posix()

    def is_ignored(self, path: str | Path) -> bool:
        rel = self._relative(path)
        return any(fnmatch.fnmatch(rel, pattern) for pattern in self.ignores)

    def categories(self, path: str | Path | None = None) -> dict[str, str]:
        """Enabled rules -> category, for ``path`` (per-file ignores applied)."""
        result = preset_categories(self.preset)
        for name, category in self.rules.items():
            result[name] = normalize_category(category)
        if path is not None and self.per_file_ignores:
            rel = self._relative(path)
            for pattern, names in self.per_file_ignores.items():
                if fnmatch.fnmatch(rel, pattern):
                    for name in names:
                        result[name] = "off"
        return {name: c for name, c in result.items() if c != "off"}


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return tuple(value)


def config_from_table(table: Mapping[str, Any], base: Path | None = None, origin: str | None = None) -> LintConfig:
    """A :class:`LintConfig` from the ``[tool.reglament.lint]`` table (ValueError when it is wrong)."""
    unknown = set(table) - _KEYS
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(_KEYS))}")
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise ValueError("rules must be a table of rule = category")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise ValueError("per-file-ignores must be a table of pattern = [rules]")
    preset = table.get("preset", "recommended")
    if not isinstance(preset, str):
        raise ValueError("preset must be a string")
    return LintConfig(
        preset=preset,
        rules={str(k): str(v) for k, v in rules.items()},
        ignores=_strings(table.get("ignores", []), "ignores"),
        per_file_ignores={k: _strings(v, f"per-file-ignores[{k!r}]") for k, v in per_file.items()},
        base=base, origin=origin,
    )


def config_for_project(table: Mapping[str, Any] | None, pyproject: Path | None) -> LintConfig:
    """The :class:`LintConfig` of a project's ``[tool.reglament.lint]`` table (see
    :mod:`toolkit.project`); defaults when the project has none. InputError when it is wrong."""
    base = pyproject.resolve().parent if pyproject is not None else None
    origin = str(pyproject) if pyproject is not None else None
    if table is None:
        return LintConfig(base=base, origin=origin)
    try:
        return config_from_table(table, base=base, origin=origin)
    except ValueError as exc:
        raise InputError(f"[tool.reglament.lint]: {exc}", origin) from None



def load_config(path: str | Path | None = None, start: Path | None = None) -> LintConfig:
    """Read ``[tool.reglament.lint]`` from ``path`` or the nearest pyproject.toml; defaults if absent.

    Raises :class:`InputError` naming the file when the file or the table is wrong.
    """
    pyproject = Path(path) if path is not None else find_pyproject(start)
    if pyproject is None:
        return LintConfig()
    table = read_pyproject(pyproject).get("tool", {}).get("reglament", {}).get("lint")
    base = pyproject.resolve().parent
    if table is None:
        return LintConfig(base=base, origin=str(pyproject))
    if not isinstance(table, dict):
        raise InputError("[tool.reglament.lint] must be a table", str(pyproject))
    try:
        return config_from_table(table, base=base, origin=str(pyproject))
    except ValueError as exc:
        raise InputError(f"[tool.reglament.lint]: {exc}", str(pyproject)) from None
