"""The calendar an app counts with: bundled data, the project's overrides, explicit files.

An app embedding reglament must keep computing due dates when the Government
(or, since 2024, the Ministry of Labour) publishes next year's day-off
transfers, without waiting for a reglament release. It does so with its own
overrides file, in the format of :mod:`toolkit.calendar.overrides`, named in
one of three ways (all three may be combined; later layers win on a date):

* ``[tool.reglament] calendar = "calendar/kz-2027.toml"`` in the project's
  ``pyproject.toml`` (a string or a list of strings, relative to that file);
* ``reglament deadline … --calendar FILE`` (repeatable);
* ``default_calendar("kz-2027.toml")`` from Python.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from toolkit.project import find_pyproject

from .errors import CalendarError
from .hours import DEFAULT_HOURS, WorkingHours
from .kazakhstan import KazakhstanCalendar
from .overrides import Overrides

PathLike = str | os.PathLike[str]



def configured_overrides(pyproject: Path | None) -> list[Path]:
    """The overrides files ``[tool.reglament] calendar`` names in *pyproject*, resolved.

    Raises :class:`CalendarError` naming the file when the setting is not a
    path or list of paths; a missing file is reported when it is loaded.
    """
    if pyproject is None:
        return []
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CalendarError(f"{pyproject}: cannot read [tool.reglament] calendar: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("reglament", {}) if isinstance(tool, dict) else {}
    value = table.get("calendar") if isinstance(table, dict) else None
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        raise CalendarError(
            f"{pyproject}: [tool.reglament] calendar must be a file name or a list of file names, got {value!r}"
        )
    return [(pyproject.parent / v).resolve() for v in items]


def default_calendar(
    overrides: PathLike | Overrides | Iterable[PathLike | Overrides] | None = None,
    *,
    project: PathLike | None = None,
    use_project_config: bool = True,
    hours: WorkingHours = DEFAULT_HOURS,
    as_of: date | None = None,
) -> KazakhstanCalendar:
    """The calendar for any date an app meets: confirmed data, then provisional years.

    Layers, later winning on a date: the bundled data, the files
    ``[tool.reglament] calendar`` names in the nearest ``pyproject.toml``
    (searched from *project*, default the working directory; skipped with
    ``use_project_config=False``), then *overrides* (a path, an
    :class:`Overrides`, or several). Dates beyond the data's horizon are
    answered provisionally (see :class:`KazakhstanCalendar`).
    """
    layers: list[Overrides] = []
    if use_project_config:
        start = Path(project) if project is not None else None
        if start is not None and start.is_file():
            pyproject: Path | None = start
        else:
            pyproject = find_pyproject(start)
        layers += [Overrides.load(p) for p in configured_overrides(pyproject)]
    for item in _as_list(overrides):
        layers.append(item if isinstance(item, Overrides) else Overrides.load(item))
    merged: Overrides | None = None
    for layer in layers:
        merged = layer if merged is None else merged.merged(layer)
    return KazakhstanCalendar(merged, hours=hours, as_of=as_of, provisional=True)


def _as_list(value: object) -> list[PathLike | Overrides]:
    if value is None:
        return []
    if isinstance(value, (str, os.PathLike, Overrides)):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    raise CalendarError(f"overrides must be a path, an Overrides or a list of them, got {value!r}")
