"""``reglament lint``: bpmnlint's checks and ours, XSD validation, one report.

Thin by design: arguments in, :func:`toolkit.lint.lint_paths` underneath,
findings out as ``file:line: rule message [element]`` or JSON. Exit codes are
the family's: 0 clean or warnings only, 1 an error finding, 2 a missing,
unreadable or unparsable file or a bad option. Unlike bpmnlint's CLI, a file
that does not exist is an error, never a silent pass.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toolkit.cli.common import (
    EXIT_OK,
    Envelope,
    Project,
    emit_envelope,
    finding_options,
    input_errors,
    load_project,
    print_findings,
    project_for,
)

if TYPE_CHECKING:
    from toolkit.lint import LintConfig, LintReport


def _parse_rules(pairs: Iterable[str]) -> dict[str, str]:
    from toolkit.lint import all_rules, normalize_category

    known = all_rules()
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, category = pair.partition("=")
        name = name.strip()
        if not sep:
            raise click.BadParameter(f"{pair!r} is not NAME=off|info|warn|error", param_hint="--rule")
        if name not in known:
            raise click.BadParameter(f"unknown rule {name!r} (see --list-rules)", param_hint="--rule")
        try:
            out[name] = normalize_category(category)
        except ValueError as exc:
            raise click.BadParameter(f"{name}: {exc}", param_hint="--rule") from None
    return out


def _list_rules(fmt: str) -> None:
    from toolkit.lint import all_rules

    rules = all_rules()
    if fmt == "json":
        emit_envelope(Envelope("lint", results={"rules": [r.to_dict() for r in rules.values()]}))
        return
    width = max(len(n) for n in rules)
    for rule in rules.values():
        click.echo(f"{rule.name:<{width}}  {rule.category:<5}  {rule.origin:<9}  {rule.description}")


def _config_for(project: Project, overrides: dict[str, str], preset: str | None) -> LintConfig:
    from toolkit.lint.config import config_for_project

    config = config_for_project(project.lint_table(), project.pyproject)
    if preset:
        config = config.with_preset(preset)
    return config.with_rules(overrides) if overrides else config


def _lint(files: tuple[str, ...], config_path: str | None, overrides: dict[str, str],
          preset: str | None) -> LintReport:
    """Lint each argument under the settings of the project it belongs to (like ruff: the nearest
    pyproject.toml with [tool.reglament] above it), or all under ``--config``."""
    from toolkit.lint import LintReport, lint_paths

    if config_path is not None:
        project = load_project(config_path)
        return lint_paths(list(files) or project.models(), _config_for(project, overrides, preset))
    if not files:
        project = project_for(())
        return lint_paths(project.models(), _config_for(project, overrides, preset))
    groups: dict[Path | None, list[str]] = {}
    for raw in files:
        groups.setdefault(project_for([raw]).pyproject, []).append(raw)
    report = LintReport()
    for pyproject, paths in groups.items():
        config = _config_for(load_project(pyproject), overrides, preset)
        report = report.merged(lint_paths(paths, config))
    return report


@click.command("lint")
@click.argument("files", nargs=-1, type=click.Path())
@finding_options
@click.option("--rule", "rules", multiple=True, metavar="NAME=off|info|warn|error",
              help="Set a rule's category for this run (repeatable); overrides pyproject.toml.")
@click.option("--preset", type=click.Choice(["recommended", "bpmnlint:recommended"]), default=None,
              help="Rule preset (default: from pyproject.toml, else recommended).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="pyproject.toml to read [tool.reglament] from (default: the nearest one above each file).")
@click.option("--list-rules", is_flag=True, help="List the rules with their default category and exit.")
@input_errors
def lint(files: tuple[str, ...], fmt: str, quiet: bool, exit_zero: bool, rules: tuple[str, ...],
         preset: str | None, config_path: str | None, list_rules: bool) -> None:
    """Lint BPMN files like bpmnlint, and beyond it (default: the project's models,
    else bpmn/, else the bundled regulations).

    Findings print as FILE:LINE: RULE MESSAGE [ELEMENT]. Rules are bpmnlint's
    recommended ones plus reglament's (lanes, pools, regulation models), XSD
    validation and bpmn-moddle import warnings; see docs/rules/. Settings come
    from [tool.reglament.lint] in the nearest pyproject.toml above each file.

    \b
    Example:
      reglament lint                                   # every model in bpmn/
      reglament lint bpmn/social-assistance.bpmn --format json
      reglament lint --rule no-inclusive-gateway=off --rule fake-join=error
      reglament lint --format github --exit-zero       # annotations in GitHub Actions
    """
    if list_rules:
        _list_rules(fmt)
        return
    report = _lint(files, config_path, _parse_rules(rules), preset)
    code = report.exit_code if report.errors or not exit_zero else EXIT_OK
    if fmt == "json":
        emit_envelope(Envelope("lint", report.files, report.findings, report.to_dict(), report.errors, code))
    else:
        print_findings(report.findings, fmt)
        if fmt == "text" and not quiet:
            _summary(report)
    for exc in report.errors:  # one line each, even where a parser's message spans several
        click.echo(f"reglament: error: {' '.join(str(exc).split())}", err=True)
    sys.exit(code)


def _summary(report: LintReport) -> None:
    count = len(report.files)
    files_word = "file" if count == 1 else "files"
    if report.findings:
        click.echo(f"{report.error_count} error(s), {report.warning_count} warning(s) in {count} {files_word}")
    elif report.files:
        click.echo(f"{count} {files_word} clean")
