"""Which database the store uses when none is given.

In order: the ``REGLAMENT_DB`` environment variable; ``db`` under ``[tool.reglament]``
in the nearest pyproject.toml (a relative SQLite path is relative to that file);
else ``.reglament/instances.db`` beside that pyproject.toml, or in the working
directory when there is none.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from toolkit.project import find_pyproject
from toolkit.store.errors import StoreError

DEFAULT_FILE = Path(".reglament") / "instances.db"



def default_url(start: Path | None = None) -> str:
    """The store URL to use when ``--db`` is not given."""
    env = os.environ.get("REGLAMENT_DB", "").strip()
    if env:
        return env
    pyproject = find_pyproject(start)
    if pyproject is not None:
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("reglament", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise StoreError(f"{pyproject}: cannot read [tool.reglament]: {exc}") from None
        configured = table.get("db") if isinstance(table, dict) else None
        if configured is not None:
            if not isinstance(configured, str) or not configured.strip():
                raise StoreError(f"{pyproject}: [tool.reglament] db must be a URL or a path")
            return _relative_to(configured.strip(), pyproject.parent)
        return f"sqlite:///{pyproject.parent / DEFAULT_FILE}"
    return f"sqlite:///{DEFAULT_FILE}"


def _relative_to(url: str, base: Path) -> str:
    if "://" in url and not url.startswith("sqlite:///"):
        return url
    path = Path(url[len("sqlite:///"):] if url.startswith("sqlite:///") else url)
    return f"sqlite:///{path if path.is_absolute() else base / path}"
