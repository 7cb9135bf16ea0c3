"""``reglament text``: what the parser reads in a regulation's text."""

from __future__ import annotations

import sys
from typing import Any

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    emit_envelope,
    fail,
    format_option,
    input_errors,
)
from toolkit.conformance.codes import CODES
from toolkit.findings import Finding
from toolkit.text.bare import clause_number
from toolkit.text.reading import Reading, read_file


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--clause", "clause_ref", metavar="N[.M]",
              help="Show only this clause (5.1, 8). For a bare clause body, also its number.")
@format_option
@input_errors
def text(file: str, clause_ref: str | None, fmt: str) -> None:
    """Show what the parser reads in FILE: an act (header, regulations, restated
    clauses) or, when FILE has no act header, the body of one clause.

    For every clause: its steps (actor, action, time limit with its value, unit,
    words and "ішінде"/"в течение", result and to whom it goes, alternative
    limits) or its items (processes, conditions, actors, limits), its closing
    sentence and abbreviations; then the parser's findings (problems in the
    text) and notices (what it dropped or read differently: page numbers, the
    Adilet footer, form feeds, Latin letters inside Cyrillic words).

    Exit 0 when the text has no findings, 1 when it has some, 2 when FILE
    cannot be read as a regulation text. JSON is the common envelope; what the
    parser reads is in its "results", the self-checks in "findings" (RC901).

    \b
    Example:
      reglament text bpmn/resolution-38-08-2017.kk.txt --clause 5.1
    """
    number = None
    if clause_ref is not None:
        try:
            number = clause_number(clause_ref)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--clause") from None
    reading = read_file(file, number)
    if number is not None:
        ref = f"{number[0]}.{number[1]}" if number[1] is not None else str(number[0])
        try:
            reading = reading.select(ref)
        except KeyError as exc:
            fail(f"{file}: no clause {clause_ref} (clauses: {exc.args[0]})")
    code = EXIT_FINDINGS if reading.findings else EXIT_OK
    if fmt == "json":
        emit_envelope(Envelope("text", [file], _as_findings(reading), reading.to_dict(), exit_code=code))
    else:
        _print(reading)
    sys.exit(code)


def _as_findings(reading: Reading) -> list[Finding]:
    """The parser's self-checks as the project's findings (RC901, as ``check`` reports them)."""
    spec = CODES["RC901"]
    clauses = [(c.span.first_line, c.span.last_line, c.ref) for _, c in reading.clauses]
    return [Finding(code="RC901", message=f"{f.code}: {f.message}", source=reading.source, line=f.line,
                    severity=spec.severity, hint=spec.hint,
                    clause=next((ref for a, b, ref in clauses if a <= f.line <= b), None))
            for f in reading.findings]


def _print(reading: Reading) -> None:
    data = reading.to_dict()
    act = data["act"]
    if act:
        click.echo(f"{reading.source}: act № {act['number']} of {act['adopted']} ({act['language']}, "
                   f"{act['status']}): {act['title']}")
    else:
        count = len(data["clauses"])
        click.echo(f"{reading.source}: {'one clause' if count == 1 else f'{count} clauses'} without an act header")
    regulation = None
    for clause in data["clauses"]:
        if clause["regulation"] != regulation and clause["regulation"]:
            regulation = clause["regulation"]
            click.echo(f"regulation «{regulation}»")
        _print_clause(clause)
    if not data["findings"]:
        click.echo("findings: none")
    for title, rows in (("findings", data["findings"]), ("notices", data["notices"])):
        if rows:
            click.echo(f"{title}:")
            for row in rows:
                click.echo(f"  line {row['line']}: {row['code']}: {row['message']}")


def _print_clause(clause: dict[str, Any]) -> None:
    ref = clause["ref"] if not clause["ref"].startswith("0") else (clause["label"] or "(unnumbered)")
    heading = f" — {clause['heading']}" if clause["heading"] else ""
    click.echo(f"  clause {ref} [{clause['kind']}, lines {clause['lines'][0]}–{clause['lines'][1]}]{heading}")
    for step in clause["steps"]:
        actor = step["actor"] or "unknown actor"
        click.echo(f"    step {step['index']}: {actor} «{step['actor_phrase'] or ''}» — {step['action']}")
        click.echo(f"      limit: {_limit(step['time_limit'])}")
        for alternative in step["alternatives"]:
            click.echo(f"      alternative: {_limit(alternative['time_limit'])} when «{alternative['condition']}»")
        if step["result"]:
            to = f" → {step['result_to'] or 'no known recipient'}"
            click.echo(f"      result: «{step['result']}»{to}")
    for item in clause["items"]:
        kind = f" ({item['kind']} {item['ref']})" if item["ref"] is not None else ""
        actors = ", ".join(a for a in item["actors"] if a) or "no known actor"
        limit = f"; limit: {_limit(item['time_limit'])}" if item["time_limit"] else ""
        click.echo(f"    item {item['number']}{kind}: {actors}{limit} — {item['description'][:90]}")
    if clause["closing"]:
        appendix = f" (appendix {clause['closing']['appendix']})" if clause["closing"]["appendix"] else ""
        click.echo(f"    closing: {clause['closing']['text'][:90]}{appendix}")
    for abbreviation in clause["abbreviations"]:
        click.echo(f"    abbreviation: {abbreviation['short']} = {abbreviation['full'] or '(not an acronym)'}")


def _limit(limit: dict[str, Any] | None) -> str:
    if limit is None:
        return "none"
    words = f" ({limit['words']})" if limit["words"] else ""
    within = f", {limit['within_word']}" if limit["within_word"] else ""
    return f"{limit['value']}{words} {limit['unit']}{within} — as written: «{limit['raw']}»"
