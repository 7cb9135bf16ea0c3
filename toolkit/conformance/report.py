"""What a check run produces, and how it reads for people and for machines.

Findings are grouped by clause ("5.1 step 3", "8 item 9 (2 шарт)") in the
text's order, because a designer fixes a model clause by clause with the text
open beside it; inside a group they are ``file:line: code message`` lines, as
ruff and flake8 print them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from toolkit.findings import Finding

_CLAUSE_KEY = re.compile(r"^(\d+)(?:\.(\d+))?(?: (?:step|item) (\d+))?")
MODEL_GROUP = "model"


def clause_sort_key(label: str | None) -> tuple[int, int, int, int, str]:
    """Order clause labels as the text does: ``5.1`` < ``5.1 step 2`` < ``5.1 step 10`` < ``7.1``."""
    if not label:
        return (0, 0, 0, 0, "")
    match = _CLAUSE_KEY.match(label)
    if not match:
        return (1, 0, 0, 0, label)
    paragraph, sub, number = match.groups()
    return (1, int(paragraph), int(sub or 0), int(number or 0), label)


def group_by_clause(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """``[(clause label, findings)]`` in the text's order; findings without a clause come first as ``model``."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.clause or MODEL_GROUP, []).append(finding)
    ordered = sorted(groups.items(), key=lambda kv: clause_sort_key(None if kv[0] == MODEL_GROUP else kv[0]))
    return [(label, sorted(items, key=lambda f: (f.source or "", f.line or 0, f.code, f.element_id or "")))
            for label, items in ordered]


@dataclass(frozen=True)
class Report:
    """One model checked against one act."""

    model: str
    act: str
    regulation_number: int | None
    regulation_title: str | None
    clauses: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def regulation(self) -> str | None:
        if self.regulation_title is None:
            return None
        number = f"{self.regulation_number}) " if self.regulation_number is not None else ""
        return f"{number}«{self.regulation_title}»"

    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings})

    def to_dict(self) -> dict[str, Any]:
        return {"model": self.model, "act": self.act, "regulation": self.regulation,
                "clauses": list(self.clauses), "errors": self.errors,
                "warnings": len(self.findings) - self.errors,
                "groups": [{"clause": label, "findings": [f.to_dict() for f in items]}
                           for label, items in group_by_clause(self.findings)]}


@dataclass(frozen=True)
class Conformance:
    """Several models checked against one act, plus what concerns the act as a whole."""

    act: str
    reports: tuple[Report, ...]
    general: tuple[Finding, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for r in self.reports for f in r.findings) + self.general

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def clean(self) -> bool:
        return self.errors == 0

    def to_dict(self) -> dict[str, Any]:
        found = self.findings
        return {"act": self.act, "models": [r.to_dict() for r in self.reports],
                "general": [f.to_dict() for f in self.general],
                "findings": [f.to_dict() for f in found],
                "errors": self.errors, "warnings": len(found) - self.errors}


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def format_report(report: Report) -> str:
    """A model's heading, then its findings clause by clause."""
    scope = report.regulation or "no regulation matched"
    clauses = ", ".join(report.clauses) or "no clauses"
    status = "clean" if report.clean else f"{len(report.findings)} finding(s)"
    lines = [f"{report.model}: {scope} — {clauses}: {status}"]
    for label, items in group_by_clause(report.findings):
        lines.append(f"  {label}")
        lines.extend(_indent(f.format_text(), "    ") for f in items)
    return "\n".join(lines)


def format_text(run: Conformance) -> str:
    """The whole run for people: each model, the act's own findings, a summary line."""
    parts = [format_report(r) for r in run.reports]
    if run.general:
        lines = [f"{run.act}: the act as a whole"]
        for label, items in group_by_clause(run.general):
            lines.append(f"  {label}")
            lines.extend(_indent(f.format_text(), "    ") for f in items)
        parts.append("\n".join(lines))
    found = run.findings
    warnings = len(found) - run.errors
    dirty = sum(1 for r in run.reports if not r.clean)
    summary = (f"{len(run.reports)} model(s) checked against {run.act}: "
               + ("clean" if not found else f"{run.errors} error(s), {warnings} warning(s)"
                  + (f" in {dirty} model(s)" if dirty else "")))
    parts.append(summary)
    return "\n".join(parts)
