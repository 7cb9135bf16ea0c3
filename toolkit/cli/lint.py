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

import click

from toolkit.cli.common import emit_json, format_option, input_errors
from toolkit.errors import InputError


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
    from toolkit.lint.registry import describe

    rules = all_rules()
    if fmt == "json":
        emit_json([describe(r) for r in rules.values()])
        return
    width = max(len(n) for n in rules)
    for rule in rules.values():
        click.echo(f"{rule.name:<{width}}  {rule.category:<5}  {rule.origin:<9}  {rule.description}")


def _error_dict(exc: InputError) -> dict[str, object]:
    return {"source": exc.source, "line": exc.line, "message": exc.message}


@click.command("lint")
@click.argument("files", nargs=-1, type=click.Path())
@format_option
@click.option("--rule", "rules", multiple=True, metavar="NAME=off|info|warn|error",
              help="Set a rule's category for this run (repeatable); overrides pyproject.toml.")
@click.option("--preset", type=click.Choice(["recommended", "bpmnlint:recommended"]), default=None,
              help="Rule preset (default: from pyproject.toml, else recommended).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="pyproject.toml to read [tool.reglament.lint] from (default: the nearest one).")
@click.option("--list-rules", is_flag=True, help="List the rules with their default category and exit.")
@input_errors
def lint(files: tuple[str, ...], fmt: str, rules: tuple[str, ...], preset: str | None,
         config_path: str | None, list_rules: bool) -> None:
    """Lint BPMN files like bpmnlint, and beyond it (default: every model in bpmn/).

    Findings print as FILE:LINE: RULE MESSAGE [ELEMENT]. Rules are bpmnlint's
    recommended ones plus reglament's (lanes, pools, regulation models), XSD
    validation and bpmn-moddle import warnings; see the README.

    \b
    Example:
      reglament lint                                   # every model in bpmn/
      reglament lint bpmn/social-assistance.bpmn --format json
      reglament lint --rule no-inclusive-gateway=off --rule fake-join=error
    """
    if list_rules:
        _list_rules(fmt)
        return
    from toolkit.lint import lint_paths, load_config

    overrides = _parse_rules(rules)
    config = load_config(config_path)
    if preset:
        config = config.with_preset(preset)
    if overrides:
        config = config.with_rules(overrides)
    report = lint_paths(list(files), config)
    if fmt == "json":
        emit_json({
            "files": report.files,
            "findings": [f.to_dict() for f in report.findings],
            "errors": report.error_count,
            "warnings": report.warning_count,
            "input_errors": [_error_dict(e) for e in report.errors],
        })
    else:
        for finding in report.findings:
            click.echo(finding.format_text())
        count = len(report.files)
        files_word = "file" if count == 1 else "files"
        if report.findings:
            click.echo(f"{report.error_count} error(s), {report.warning_count} warning(s) in {count} {files_word}")
        elif report.files:
            click.echo(f"{count} {files_word} clean")
    for exc in report.errors:  # one line each, even where a parser's message spans several
        click.echo(f"reglament: error: {' '.join(str(exc).split())}", err=True)
    if report.exit_code:
        sys.exit(report.exit_code)
