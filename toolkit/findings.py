"""One shape for everything reglament reports about a model or a text.

Lint rules, conformance checks and text self-checks all produce :class:`Finding`
values, so the CLI prints them the same way (``file:line: code message``, like
ruff and flake8) and emits the same JSON, and CI can rely on stable codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    source: str | None = None
    line: int | None = None
    element_id: str | None = None
    severity: str = "error"
    clause: str | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None

    @property
    def location(self) -> str:
        where = self.source or "<model>"
        return f"{where}:{self.line}" if self.line else where

    def format_text(self) -> str:
        """``file:line: code message [element]`` plus expected/found and the hint, if any."""
        element = f" [{self.element_id}]" if self.element_id else ""
        severity = "" if self.severity == "error" else f" ({self.severity})"
        lines = [f"{self.location}: {self.code}{severity} {self.message}{element}"]
        if self.expected is not None or self.found is not None:
            lines.append(f"    expected: {'—' if self.expected is None else self.expected}")
            lines.append(f"    found:    {'—' if self.found is None else self.found}")
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return dict(asdict(self))


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file, then line, then code."""
    return sorted(findings, key=lambda f: (f.source or "", f.line or 0, f.code, f.element_id or ""))
