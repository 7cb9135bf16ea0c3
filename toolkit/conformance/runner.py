"""Running the checks: one model, several models, files on disk.

The library functions never print and never exit. For any loaded model and
any parsed act they return a report; reading files can fail only with the
project's one-line input errors (:class:`toolkit.errors.InputError` for models
and arguments, :class:`toolkit.text.TextError` for texts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from toolkit.conformance.codes import CODES
from toolkit.conformance.matching import Context, match_regulation
from toolkit.conformance.registry import Check, all_checks
from toolkit.conformance.report import Conformance, Report
from toolkit.errors import InputError
from toolkit.findings import Finding
from toolkit.model import find_models, load_model, load_model_bytes
from toolkit.model.elements import Model
from toolkit.text import Act, TextError, load_act, parse_act


def check_model(model: Model, act: Act, checks: Sequence[Check] | None = None) -> Report:
    """Check one model against the act's text; every finding of every check, deduplicated."""
    scope = match_regulation(model, act)
    regulation = scope.regulation
    if regulation is None:
        return Report(model.source, act.source, None, None, (), scope.findings)
    ctx = Context(model, act, regulation)
    findings: list[Finding] = list(scope.findings)
    if not ctx.clauses:
        spec = CODES["RC002"]
        findings.append(Finding(code="RC002", message="no element cites a clause of "
                                f"regulation {regulation.number or ''} «{regulation.title}»", source=model.source,
                                line=None, severity=spec.severity,
                                expected=", ".join(c.ref for c in regulation.clauses) or None, hint=spec.hint))
    for item in checks if checks is not None else all_checks():
        findings.extend(item.run(ctx))
    unique = tuple(dict.fromkeys(findings))
    return Report(model.source, act.source, regulation.number, regulation.title,
                  tuple(c.ref for c in ctx.clauses), unique)


def text_findings(act: Act) -> tuple[Finding, ...]:
    """The text parser's self-checks as warnings (RC901), cited by clause."""
    spec = CODES["RC901"]
    out = []
    for finding in act.findings:
        clause = next((c.ref for r in act.regulations for c in r.clauses
                       if c.span.first_line <= finding.line <= c.span.last_line), None)
        out.append(Finding(code="RC901", message=f"{finding.code}: {finding.message}", source=act.source,
                           line=finding.line, severity=spec.severity, clause=clause, hint=spec.hint))
    return tuple(out)


def uncovered(act: Act, reports: Iterable[Report]) -> tuple[Finding, ...]:
    """RC104: clauses the act restates that no model cites."""
    covered = {(r.regulation_number, r.regulation_title, c) for r in reports for c in r.clauses}
    spec = CODES["RC104"]
    out = []
    for regulation in act.regulations:
        for clause in regulation.clauses:
            if (regulation.number, regulation.title, clause.ref) in covered:
                continue
            out.append(Finding(code="RC104", message=f"clause {clause.ref} of regulation "
                               f"«{regulation.title}» is cited by no model", source=act.source,
                               line=clause.span.first_line, severity=spec.severity, clause=clause.ref,
                               expected=f"a model citing {clause.ref}", found="none", hint=spec.hint))
    return tuple(out)


def check_models(models: Sequence[Model], act: Act, *, complete: bool = False) -> Conformance:
    """Check each model; with ``complete``, also require every restated clause to be modelled."""
    reports = tuple(check_model(m, act) for m in models)
    general = text_findings(act) + (uncovered(act, reports) if complete else ())
    return Conformance(act.source, reports, general)


def check_bytes(data: bytes, text: str, source: str = "<model>", text_source: str = "<text>") -> Report:
    """Check a model given as bytes against an act given as text (for tools and tests)."""
    return check_model(load_model_bytes(data, source), parse_act(text, text_source))


def find_text(model_paths: Sequence[Path]) -> list[Path]:
    """The act texts beside the models: ``*.txt`` in the models' directories."""
    dirs = sorted({p.parent for p in model_paths})
    return sorted(t for d in dirs for t in d.glob("*.txt"))


def check_files(models: Sequence[str | Path] = (), text: str | Path | None = None,
                default_dir: str | Path = "bpmn",
                on_skip: Callable[[TextError], None] | None = None,
                complete: bool | None = None) -> list[Conformance]:
    """Check model files (default: every ``.bpmn`` in ``default_dir``) against the act's text.

    Without ``text``, the ``*.txt`` files beside the models are read and each model is
    checked against the one whose act number its ``reg:regulation act=`` names (or the
    only one). One :class:`Conformance` per act text used. With no models named — or
    ``complete=True``, when the caller passes a whole project's model directories — every
    restated clause of every act must be modelled (RC104), so a regulation whose model is
    missing, or an act no model restates, is a finding, not "clean".

    A named ``text`` that cannot be read or is not an act is a :class:`TextError`.
    A discovered ``*.txt`` that is not (notes, a README) is skipped and handed to
    ``on_skip``; only when none of them is an act is that an :class:`InputError`.
    """
    paths = find_models(list(models), default_dir)
    loaded = [load_model(p) for p in paths]
    if text is not None:
        acts = [load_act(text)]
    else:
        candidates = find_text(paths)
        if not candidates:
            raise InputError("no act text (*.txt) beside the models; name one with --text",
                             str(paths[0].parent))
        acts = []
        for candidate in candidates:
            try:
                acts.append(load_act(candidate))
            except TextError as exc:
                if on_skip is not None:
                    on_skip(exc)
        if not acts:
            raise InputError(f"none of the {len(candidates)} *.txt beside the models is a regulation act "
                             "text; name one with --text", str(paths[0].parent))
    by_act: dict[str, list[Model]] = {a.source: [] for a in acts}
    for model in loaded:
        by_act[_act_for(model, acts).source].append(model)
    complete = not models if complete is None else complete
    # With no model named the project is checked whole: an act beside the models that none of
    # them restates is reported (RC104 for each clause), not passed over as if it were not there.
    return [check_models(by_act[a.source], a, complete=complete) for a in acts
            if by_act[a.source] or text or complete]


def _act_for(model: Model, acts: Sequence[Act]) -> Act:
    if len(acts) == 1 or model.regulation is None:
        return acts[0]
    wanted = model.regulation.act.replace(" ", "")
    return next((a for a in acts if a.number.replace(" ", "") == wanted), acts[0])
