"""``reglament check``: models against the act's text, clause by clause."""

from __future__ import annotations

import sys

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    emit_envelope,
    finding_options,
    input_errors,
    print_findings,
    project_for,
)
from toolkit.conformance import check_files, format_text
from toolkit.text import TextError


def _skipped(error: TextError) -> None:
    """A discovered ``*.txt`` that is not an act: say so on stderr and go on."""
    click.echo(f"reglament: warning: {error}; skipped (not a regulation act text)", err=True)


@click.command()
@click.argument("models", nargs=-1, type=click.Path())
@click.option("--text", "text", type=click.Path(dir_okay=False),
              help="The act's text (default: [tool.reglament] text, else the *.txt beside the models).")
@finding_options
@input_errors
def check(models: tuple[str, ...], text: str | None, fmt: str, quiet: bool, exit_zero: bool) -> None:
    """Check MODELS (files or directories; default: the project's models, else
    bpmn/, else the bundled regulations) against the act's text: steps and
    items, order, actors, time limits, results, conditions and labels, in both
    directions.

    Findings are grouped by clause and printed as file:line: code message,
    with what the text expects, what the model has and a one-line hint.
    Codes are listed in docs/codes/. A *.txt beside the models that is not
    an act is skipped with a warning. JSON is the envelope of docs/cli.md,
    with one run per act text in results.runs. Exit status: 0 clean, 1
    findings, 2 input error.

    \b
    Examples:
      reglament check
      reglament check bpmn/social-assistance.bpmn --format json
      reglament check --format github --exit-zero
    """
    project = project_for(models)
    chosen = text or project.text()
    # With no model named the project is checked whole: every restated clause must be modelled.
    runs = check_files(list(models) or project.models(), chosen, on_skip=_skipped,  # TextError: exit 2
                       complete=not models)
    clean = all(run.clean for run in runs)
    code = EXIT_OK if clean or exit_zero else EXIT_FINDINGS
    findings = [f for run in runs for f in run.findings]
    if fmt == "json":
        files = [report.model for run in runs for report in run.reports]
        emit_envelope(Envelope("check", files, findings, {"runs": [run.to_dict() for run in runs]},
                               exit_code=code))
    elif fmt == "github" or quiet:
        print_findings(findings, fmt)
    else:
        click.echo("\n\n".join(format_text(run) for run in runs))
    sys.exit(code)
