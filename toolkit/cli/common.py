"""What every command shares: output format, exit codes, error handling, settings.

Exit codes are the family's contract with CI: 0 clean, 1 the command found
problems, 2 usage or input error (click already uses 2 for usage errors).
With ``--format json`` every command prints one :class:`~toolkit.cli.envelope.Envelope`;
settings come from the project the files belong to (:mod:`toolkit.project`).
The contract is written down in docs/cli.md.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from toolkit.cli.envelope import (
    Envelope,
    command_name,
    emit_envelope,
    github_annotation,
    remember_format,
    report_format,
)
from toolkit.errors import InputError
from toolkit.findings import Finding
from toolkit.project import Project, load_project, project_for

__all__ = [
    "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "Envelope", "Project", "emit_envelope", "emit_json",
    "fail", "finding_options", "format_option", "input_errors", "load_project", "parse_assignments",
    "print_findings", "project_for", "report_format", "resolve_model",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2

format_option = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
    callback=remember_format, is_eager=True,
    help="text for people, json for machines (one envelope, see docs/cli.md).")


def finding_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--format text|json|github``, ``--quiet`` and ``--exit-zero``: the options of the
    commands that report findings (lint, check)."""
    func = click.option("--exit-zero", is_flag=True,
                        help="Exit 0 even when there are findings (input errors still exit 2).")(func)
    func = click.option("-q", "--quiet", is_flag=True,
                        help="Print the findings only: no headings, no summary, nothing when clean.")(func)
    return click.option(
        "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
        show_default=True, callback=remember_format, is_eager=True,
        help="text for people, json for machines (see docs/cli.md), github for "
             "GitHub Actions annotations.")(func)


def resolve_model(argument: str) -> Path:
    """A model argument as a file: itself, else that name among the project's models, else
    among the bundled regulations (``reglament run social-assistance``)."""
    from toolkit.bundled import model_path

    return model_path(argument, project_for(()).models())


def print_findings(findings: Iterable[Finding], fmt: str) -> None:
    """Findings one by one: ``file:line: code message`` (text) or workflow commands (github)."""
    for finding in findings:
        click.echo(github_annotation(finding) if fmt == "github" else finding.format_text())


def one_line(message: str) -> str:
    return " ".join(message.split())


def fail(message: str) -> None:
    """Print one error line to stderr and exit 2; with ``--format json`` the envelope too."""
    click.echo(f"reglament: error: {one_line(message)}", err=True)
    if report_format() == "json":
        emit_envelope(Envelope(command_name(), input_errors=[InputError(message)], exit_code=EXIT_INPUT))
    sys.exit(EXIT_INPUT)


def input_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any :class:`InputError` a command raises into one line and exit code 2;
    with ``--format json`` the envelope, with the error in ``input_errors``, goes to stdout."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"reglament: error: {one_line(str(exc))}", err=True)
            if report_format() == "json":
                emit_envelope(Envelope(command_name(), input_errors=[exc], exit_code=EXIT_INPUT))
            sys.exit(EXIT_INPUT)

    return wrapper


def emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def parse_assignments(pairs: Iterable[str], option: str = "--set") -> dict[str, Any]:
    """``--set key=value`` pairs to data: yes/no words, integers and null are typed.

    ``option`` is the option the pairs came from, named in the error (``--data``, ``--correlate``).

    Yes/no words are the ones user tasks accept (true/false, yes/no, иә/жоқ, да/нет).

    Values stay strings otherwise (an IIN like ``010203300123`` must not become a
    number and lose its leading zero), so only exact words and short integers convert.
    """
    from toolkit.model.elements import (  # here: `CMD --help` needs no model layer
        FALSE_WORDS,
        TRUE_WORDS,
    )

    data: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"{pair!r} is not key=value with a name as key", param_hint=option)
        if key in data:  # two values for one key: a typo, not an override to guess at
            raise click.BadParameter(f"{key} is given twice", param_hint=option)
        text = value.strip()
        if text.lower() in TRUE_WORDS - {"1"}:
            data[key] = True
        elif text.lower() in FALSE_WORDS - {"0"}:
            data[key] = False
        elif text.lower() in ("null", "none"):
            data[key] = None
        elif _SHORT_INTEGER.fullmatch(text):
            data[key] = int(text)
        else:
            data[key] = value
    return data


#: An integer as people type one: no leading zero (that is an identifier, like an
#: IIN), ASCII digits only, at most nine of them.
_SHORT_INTEGER = re.compile(r"0|-?[1-9][0-9]{0,8}")
