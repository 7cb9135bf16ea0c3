"""The regulations reglament ships: the models and the act's text, as package data.

In the repository ``toolkit/regulations`` is a symbolic link to ``bpmn/``, the designers'
copy, so there is one source of truth; building the wheel copies the files through the
link, byte for byte, and an installed reglament finds them here wherever it runs.

Commands use them when the user names nothing of their own: with no model given and
no ``bpmn/`` directory (and no configured one), ``reglament check`` checks the bundled
models against the bundled text; ``reglament run social-assistance`` runs the bundled
model of that name when no file of that name exists. A user's own files always win.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

#: Package directory that holds the bundled models and texts.
PACKAGE_DIR = "regulations"


def bundled_dir() -> Path:
    """The directory of the bundled models and the act's text (inside the installed package)."""
    return Path(str(files("toolkit").joinpath(PACKAGE_DIR)))


def bundled_models() -> list[Path]:
    """Every bundled ``.bpmn`` model, sorted by file name."""
    return sorted(bundled_dir().glob("*.bpmn"))


def bundled_texts() -> list[Path]:
    """Every bundled act text (``*.txt``), sorted by file name."""
    return sorted(bundled_dir().glob("*.txt"))


def bundled_model(name: str) -> Path | None:
    """The bundled model called ``name`` (``social-assistance`` or ``social-assistance.bpmn``)."""
    wanted = name if name.endswith(".bpmn") else f"{name}.bpmn"
    return next((p for p in bundled_models() if p.name == wanted), None)


def model_path(argument: str | Path, search: Sequence[Path] = ()) -> Path:
    """The model a command argument means: the file itself when it exists, else the model of
    that name in the ``search`` directories (the project's models), else the bundled model of
    that name, else the argument unchanged (so the loader reports the missing file)."""
    path = Path(argument)
    if path.exists() or path.parent != Path("."):
        return path
    wanted = path.name if path.suffix == ".bpmn" else f"{path.name}.bpmn"
    local = next((d / wanted for d in search if d.is_dir() and (d / wanted).is_file()), None)
    return local or bundled_model(path.name) or path


def default_model_dir() -> Path:
    """Where commands look when no model is named: ``bpmn/`` in the working directory when
    there is one (the repository's layout), else the working directory itself when it holds
    ``*.bpmn`` files (a designer's folder: their models, not ours), else the bundled regulations."""
    local = Path("bpmn")
    if local.is_dir():
        return local
    here = Path(".")
    if any(entry.is_file() for entry in here.glob("*.bpmn")):
        return here
    return bundled_dir()
