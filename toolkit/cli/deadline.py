"""``reglament deadline``: the due date-time of every step on Kazakhstan's calendar."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    emit_envelope,
    format_option,
    input_errors,
    parse_assignments,
    project_for,
    resolve_model,
)


def _parse_moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date-time like 2017-07-03T10:00",
                                 param_hint="--submitted") from None
    if moment.tzinfo is not None:
        raise click.BadParameter("give local office time without a zone", param_hint="--submitted")
    return moment


@click.command()
@click.argument("model", type=click.Path(dir_okay=False))
@click.option("--submitted", required=True, metavar="YYYY-MM-DDTHH:MM",
              help="When the recipient handed in the documents (local office time).")
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help="Instance data that decides the path, e.g. --set documents_complete=false.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="The date the computation is stated as of (default: today).")
@click.option("--calendar", "calendar_files", multiple=True, metavar="FILE",
              help="An overrides file (.toml/.json) with days off and working days the bundled data lacks, "
                   "e.g. next year's transfer order; layered over [tool.reglament] calendar. Repeatable.")
@format_option
@input_errors
def deadline(model: str, submitted: str, assignments: tuple[str, ...], as_of: str | None,
             calendar_files: tuple[str, ...], fmt: str) -> None:
    """Follow the path the data decides through MODEL and print each step's start,
    time limit and due date-time, and when the whole service is due.

    Each step is assumed to take its full limit, so the dates are the latest the
    regulation allows, counted as the law counts a term: a term in days begins the
    day after the event and ends when office hours end on its last day; steps in
    minutes after a day term are done inside that last day. Working days skip
    Kazakhstan's days off (holidays, transfer decrees, worked Saturdays); minutes
    count within office hours 09:00–18:30 (lunch 13:00–14:30). Where the text
    gives limits to only some steps, there is no overall due date.
    Dates in a year whose transfer act is not in the data are marked provisional,
    with the reason; --calendar FILE (or [tool.reglament] calendar in
    pyproject.toml) adds it. See docs/calendar.md.

    Exit 0 with the due date; 1 when the instance stops before an end (it
    waits for a timer or message, or the data loops); 2 on input errors.

    \b
    Example:
      reglament deadline bpmn/social-assistance.bpmn --submitted 2017-07-03T10:00 \\
          --set documents_complete=true
    """
    # Imported here, not above: `reglament deadline --help` needs neither holidays nor SpiffWorkflow.
    from toolkit.calendar import default_calendar
    from toolkit.deadlines import schedule_instance
    from toolkit.engine import SIMULATION_NOTICE

    moment = _parse_moment(submitted)
    try:
        as_of_date = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise click.BadParameter(f"{as_of!r} is not a date like 2017-07-03", param_hint="--as-of") from None
    path = resolve_model(model)
    calendar = default_calendar(calendar_files, project=project_for([path]).pyproject, as_of=as_of_date)
    plan = schedule_instance(path, moment, parse_assignments(assignments), calendar)
    code = EXIT_FINDINGS if plan.stopped else EXIT_OK
    if fmt == "json":
        emit_envelope(Envelope("deadline", [path], results=plan.to_dict(), exit_code=code))
        sys.exit(code)
    if any(s.node.kind == "serviceTask" for s in plan.steps):
        click.echo(f"note: {SIMULATION_NOTICE}", err=True)
    click.echo(f"submitted {moment:%Y-%m-%d %a %H:%M}")
    for step in plan.steps:
        limit = step.time_limit.as_written() if step.time_limit else "—"
        clauses = ", ".join(map(str, step.node.clauses))
        click.echo(f"  {step.start:%Y-%m-%d %a %H:%M} → {step.due:%Y-%m-%d %a %H:%M}  {limit:<28} "
                   f"{step.node.id} [{clauses}]")
    for note in plan.notes:
        click.echo(f"note: {note}", err=True)
    if plan.stopped:
        click.echo(f"no overall due date: the instance stopped before an end ({plan.stopped})", err=True)
        sys.exit(EXIT_FINDINGS)
    flag = " (provisional)" if plan.provisional else ""
    provenance = f"computed as of {plan.as_of}; {plan.data_version}"
    if plan.due is None:
        click.echo(f"no overall due date: {plan.term_note} (end: {', '.join(plan.ends) or '—'}; {provenance})")
    else:
        click.echo(f"due {plan.due:%Y-%m-%d %a %H:%M}{flag} (end: {', '.join(plan.ends) or '—'}; {provenance})")
    if plan.provisional_note:
        click.echo(f"note: {plan.provisional_note}", err=True)
