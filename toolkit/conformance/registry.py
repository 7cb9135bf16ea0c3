"""The check registry, in the shape of the linter's (and bpmnlint's).

A check is one small module under ``toolkit/conformance/checks/`` with a name,
the codes it may report and a function ``run(ctx) -> Iterable[Finding]``. It
registers itself with :func:`check`; :func:`all_checks` imports the package
once and returns the checks in a stable order. Adding a check never touches the
runner, and each check's codes are declared up front so the code table, the
README and the tests can be cross-checked.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.conformance.codes import CODES

if TYPE_CHECKING:
    from toolkit.conformance.matching import Context
    from toolkit.findings import Finding

CheckFunction = Callable[["Context"], "Iterable[Finding]"]


@dataclass(frozen=True)
class Check:
    name: str
    codes: tuple[str, ...]
    run: CheckFunction
    module: str


_CHECKS: dict[str, Check] = {}


def check(name: str, *codes: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``run`` as the check ``name`` reporting ``codes``."""
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise ValueError(f"check {name}: unknown codes {unknown}")

    def decorate(run: CheckFunction) -> CheckFunction:
        registered = Check(name, tuple(codes), run, run.__module__)
        if name in _CHECKS and _CHECKS[name].run is not run:
            raise ValueError(f"check {name} registered twice")
        _CHECKS[name] = registered
        return run

    return decorate


def all_checks() -> tuple[Check, ...]:
    """Every registered check, by name."""
    import toolkit.conformance.checks as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")
    return tuple(_CHECKS[name] for name in sorted(_CHECKS))
