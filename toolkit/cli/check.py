"""``reglament check``: models against the act's text, clause by clause."""

from __future__ import annotations

import sys

import click

from toolkit.bundled import default_model_dir
from toolkit.cli.common import EXIT_FINDINGS, EXIT_OK, emit_json, format_option, input_errors
from toolkit.conformance import check_files, format_text
from toolkit.text import TextError


def _skipped(error: TextError) -> None:
    """A discovered ``*.txt`` that is not an act: say so on stderr and go on."""
    click.echo(f"reglament: warning: {error}; skipped (not a regulation act text)", err=True)


@click.command()
@click.argument("models", nargs=-1, type=click.Path())
@click.option("--text", "text", type=click.Path(dir_okay=False),
              help="The act's text (default: the *.txt beside the models).")
@format_option
@input_errors
def check(models: tuple[str, ...], text: str | None, fmt: str) -> None:
    """Check MODELS (files or directories; default: every model in bpmn/)
    against the act's text: steps and items, order, actors, time limits,
    results, conditions and labels, in both directions.

    Findings are grouped by clause and printed as file:line: code message,
    with what the text expects, what the model has and a one-line hint.
    Codes are listed in the README. A *.txt beside the models that is not
    an act is skipped with a warning. JSON is always {"runs": [...]}, one
    run per act text. Exit status: 0 clean, 1 findings, 2 input error.

    \b
    Examples:
      reglament check
      reglament check bpmn/social-assistance.bpmn --format json
    """
    runs = check_files(list(models), text, default_dir=default_model_dir(), on_skip=_skipped)  # a TextError is an InputError: exit 2
    if fmt == "json":
        emit_json({"runs": [run.to_dict() for run in runs]})
    else:
        click.echo("\n\n".join(format_text(run) for run in runs))
    sys.exit(EXIT_OK if all(run.clean for run in runs) else EXIT_FINDINGS)
