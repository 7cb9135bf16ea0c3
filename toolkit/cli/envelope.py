"""One JSON envelope for every command's ``--format json`` (documented in docs/cli.md).

Every command prints the same top-level shape, so a script reads any of them the same way::

    {
      "reglament": "0.1.0",      # the version that wrote it
      "command": "check",        # what ran
      "exit_code": 1,            # 0 clean, 1 findings / stuck, 2 input or usage error
      "files": ["bpmn/a.bpmn"],  # the files the command read (models, for most)
      "findings": [ ... ],       # Finding.to_dict() for lint and check; [] for the others
      "results": { ... },        # what the command computed, from the library's to_dict()
      "input_errors": [ ... ]    # {"source", "line", "message"}: files it could not use
    }

The shapes inside ``findings`` and ``results`` are the library's (``to_dict()`` on the result
types); the envelope only puts them side by side. An input error (a missing file, hostile XML,
a bad setting) in JSON mode still prints the envelope on stdout, with ``input_errors`` filled
and exit code 2, and one ``reglament: error: …`` line on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.findings import Finding

#: Click context key the report format is kept under, so error handling can answer in kind.
FORMAT_KEY = "reglament.format"


def error_dict(error: InputError) -> dict[str, Any]:
    """An input error as the envelope lists it."""
    return {"source": error.source, "line": error.line, "message": error.message}


@dataclass(frozen=True)
class Envelope:
    """What one command run produced, in the shape every command shares."""

    command: str
    files: Sequence[str | Path] = ()
    findings: Sequence[Finding] = ()
    results: Mapping[str, Any] = field(default_factory=dict)
    input_errors: Sequence[InputError] = ()
    exit_code: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "reglament": __version__,
            "command": self.command,
            "exit_code": self.exit_code,
            "files": [str(f) for f in self.files],
            "findings": [f.to_dict() for f in self.findings],
            "results": dict(self.results),
            "input_errors": [error_dict(e) for e in self.input_errors],
        }


def emit_envelope(envelope: Envelope) -> None:
    click.echo(json.dumps(envelope.to_dict(), ensure_ascii=False, indent=2))


def command_name() -> str:
    """The running command's name (``check``, ``lint`` …), for the envelope."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return "reglament"
    return ctx.command.name or ctx.info_name or "reglament"


def report_format() -> str:
    """The report format the running command was asked for (``text`` when unknown)."""
    ctx = click.get_current_context(silent=True)
    return str(ctx.meta.get(FORMAT_KEY, "text")) if ctx is not None else "text"


def remember_format(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
    """Click callback: keep the report format where error handling can find it."""
    if isinstance(value, str):
        ctx.meta[FORMAT_KEY] = value
    elif isinstance(value, Iterable) and "json" in value:  # render's repeatable --format
        ctx.meta[FORMAT_KEY] = "json"
    return value


GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github_annotation(finding: Finding) -> str:
    """A finding as a GitHub Actions workflow command, so it shows on the pull request's diff."""
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = [f"file={escape(finding.source, True)}"] if finding.source else []
    if finding.line:
        where.append(f"line={finding.line}")
    where.append(f"title={escape(finding.code, True)}")
    element = f" [{finding.element_id}]" if finding.element_id else ""
    level = GITHUB_LEVEL.get(finding.severity, "error")
    return f"::{level} {','.join(where)}::{escape(finding.message + element)}"


def asked_for_json(argv: Sequence[str]) -> bool:
    """Whether a command line asks for ``--format json`` (read from the words, for errors raised
    before click has parsed the option)."""
    words = list(argv)
    return any(w == "--format=json" or (w == "--format" and i + 1 < len(words) and words[i + 1] == "json")
               for i, w in enumerate(words))


def emit_usage_error(ctx: click.Context | None, message: str, exit_code: int) -> None:
    """The envelope of a usage error (a bad option value, a missing argument), so a script that
    asked for JSON reads one envelope on stdout whatever went wrong."""
    path = ctx.command_path.split()[1:] if ctx is not None else []
    emit_envelope(Envelope(" ".join(path) or "reglament", input_errors=[InputError(message)], exit_code=exit_code))
