"""Running the rules: one moddle view per file, one traversal for all element rules.

The typed model is loaded once (``toolkit.model``); its XmlNode tree is read
into bpmn-moddle's view once; every enabled element rule is called on every
element in a single walk, as bpmnlint calls ``check(node, reporter)``; document
rules run once. Reports then get their category, lose what ``reg:lint``
directives switch off, and become :class:`~toolkit.findings.Finding` values.

A rule that raises does not crash the run: like bpmnlint (category
``rule-error``) we drop that rule's reports for the file and report the failure
itself, so a user never sees a traceback and CI still fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, ModelError
from toolkit.findings import Finding, sort_findings
from toolkit.lint.config import LintConfig
from toolkit.lint.context import LintContext, Reporter, RuleReport
from toolkit.lint.moddle import read_view
from toolkit.lint.registry import ElementCheck, Rule, all_rules
from toolkit.lint.suppress import Suppressions
from toolkit.model import BPMN, Model, find_models, load_model_bytes, safe_xml

#: bpmnlint category -> Finding severity.
SEVERITY = {"error": "error", "warn": "warning", "info": "info"}


@dataclass
class LintReport:
    """The outcome of linting several files: findings, and the files that could not be linted."""

    files: list[str] = field(default_factory=list)  # the files linted (not those in ``errors``)
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warning_count(self) -> int:
        return len(self.findings) - self.error_count

    @property
    def exit_code(self) -> int:
        """2 when a file could not be linted, 1 when a finding is an error, else 0."""
        if self.errors:
            return 2
        return 1 if self.error_count else 0

    def merged(self, other: LintReport) -> LintReport:
        """Both reports as one (files linted under different projects' settings)."""
        return LintReport(self.files + other.files, sort_findings(self.findings + other.findings),
                          self.errors + other.errors)

    def to_dict(self) -> dict[str, Any]:
        """The counts; the envelope lists the files, findings and input errors beside them."""
        return {"errors": self.error_count, "warnings": self.warning_count}


def _context(data: bytes, source: str, model: Model | None = None) -> LintContext:
    """Load ``data`` (or use ``model``); fall back to the bare XML when only the typed model fails.

    Malformed, hostile or non-BPMN input raises :class:`ModelError`; a file that
    is well-formed BPMN but whose ``reg:`` content the model layer rejects is
    still linted, without the rules that need the typed model.
    """
    if model is not None:
        return LintContext(source, model.root, model.xml, read_view(model.root, model.xml), model=model)
    try:
        model = load_model_bytes(data, source)
    except ModelError as exc:
        tree = safe_xml.parse_xml(data, source)  # raises again for XML-level problems
        root_el = tree.getroot()
        if not isinstance(root_el.tag, str) or root_el.tag != f"{{{BPMN}}}definitions":
            raise exc
        # The model layer's own lxml -> XmlNode conversion, so both paths see the same tree.
        from toolkit.model.xmlnode import to_xml_node

        root = to_xml_node(root_el)
        return LintContext(source, root, data, read_view(root, data), tree=tree, load_error=exc)
    return LintContext(source, model.root, model.xml, read_view(model.root, model.xml), model=model)


def _run(context: LintContext, categories: dict[str, str], rules: dict[str, Rule]) -> list[RuleReport]:
    reports: list[RuleReport] = []
    failures: dict[str, Exception] = {}
    element_checks: list[tuple[str, ElementCheck, Reporter]] = []
    per_rule: dict[str, list[RuleReport]] = {}
    for name in categories:
        rule = rules[name]
        if rule.needs_model and context.model is None:
            continue
        sink = per_rule.setdefault(name, [])
        reporter = Reporter(name, context, sink)
        if rule.document is not None:
            try:
                rule.document(context, reporter)
            except Exception as exc:
                failures[name] = exc
        elif rule.factory is not None:
            element_checks.append((name, rule.factory(), reporter))
    if element_checks:
        _walk(context, element_checks, failures)
    for name, sink in per_rule.items():
        if name in failures:
            failure = failures[name]
            reports.append(RuleReport(name, f"rule failed with {type(failure).__name__}: {failure}", None, None))
        else:
            reports.extend(sink)
    return reports


def _walk(context: LintContext, checks: list[tuple[str, ElementCheck, Reporter]],
          failures: dict[str, Exception]) -> None:
    """One walk over the elements for every element-wise rule (bpmnlint's traversal);
    a rule that raises is recorded once in ``failures`` and not called again."""
    for node in context.view.walk():
        for name, check, reporter in checks:
            if name in failures:
                continue
            try:
                check(node, reporter)
            except Exception as exc:
                failures[name] = exc


def _findings(context: LintContext, reports: list[RuleReport], categories: dict[str, str]) -> list[Finding]:
    suppressions = Suppressions(context.root)
    # A load error the other rules already point at (xsd, reg-time-unit) would only repeat them.
    busy_lines = {r.line for r in reports if r.rule != "reg-extension"}
    findings = []
    for report in reports:
        if report.rule == "reg-extension" and report.line in busy_lines:
            continue
        if suppressions.any:
            node = report.node or suppressions.node_for(report.element_id, report.line)
            if suppressions.disabled(report.rule, node):
                continue
        findings.append(Finding(
            code=report.rule, message=report.message, source=context.source, line=report.line,
            element_id=report.element_id, severity=SEVERITY[categories.get(report.rule, "error")]))
    return findings


def lint_context(context: LintContext, config: LintConfig | None = None) -> list[Finding]:
    """Findings for one prepared file (the other entry points end here)."""
    config = config or LintConfig()
    rules = dict(all_rules())
    categories = config.categories(context.source)
    reports = _run(context, categories, rules)
    return sort_findings(_findings(context, reports, categories))


def lint_model(model: Model, config: LintConfig | None = None) -> list[Finding]:
    """Lint an already loaded model (the XML is not parsed again)."""
    return lint_context(_context(model.xml, model.source, model), config)


def lint_bytes(data: bytes, source: str = "<string>", config: LintConfig | None = None) -> list[Finding]:
    """Lint BPMN given as bytes. Raises :class:`ModelError` for input that is not lintable BPMN."""
    return lint_context(_context(data, source), config)


def lint_file(path: str | Path, config: LintConfig | None = None) -> list[Finding]:
    """Lint one file. Raises :class:`InputError` (``ModelError``) for a missing, unreadable or broken file."""
    return lint_bytes(safe_xml.read_bytes(path), str(path), config)


def expand_paths(paths: Sequence[str | Path], config: LintConfig | None = None,
                 default_dir: str | Path = "bpmn") -> tuple[list[Path], list[InputError]]:
    """Files to lint and the input errors met finding them (a missing path is an error, never skipped).

    ``ignores`` from the config drop files found by expanding a directory; a file
    named explicitly is always linted.
    """
    config = config or LintConfig()
    files: list[Path] = []
    errors: list[InputError] = []
    for raw in list(paths) or [default_dir]:
        try:
            found = find_models([raw])
        except InputError as exc:
            errors.append(exc)
            continue
        if Path(raw).is_dir():
            found = [f for f in found if not config.is_ignored(f)]
        files.extend(f for f in found if f not in files)
    return files, errors


def lint_paths(paths: Sequence[str | Path], config: LintConfig | None = None,
               default_dir: str | Path = "bpmn") -> LintReport:
    """Lint files and directories (default: ``bpmn/``); every file is tried even when one fails."""
    config = config or LintConfig()
    files, errors = expand_paths(paths, config, default_dir)
    report = LintReport(errors=errors)
    for path in files:
        try:
            report.findings.extend(lint_file(path, config))
        except InputError as exc:
            report.errors.append(exc)
        else:
            report.files.append(str(path))  # only files really linted count as linted
    report.findings = sort_findings(report.findings)
    return report
