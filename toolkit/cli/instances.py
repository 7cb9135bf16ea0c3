"""``reglament instances``: durable instances, work queues and history from the command line.

Every subcommand opens the store named by ``--db`` (default: ``REGLAMENT_DB``, then
``[tool.reglament] db`` in pyproject.toml, then ``.reglament/instances.db``), does one
thing and exits: 0 done, 1 another worker got there first or the instance is stuck
(a service task failed), 2 usage or input error. Several processes may run these
commands against one store at once.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    format_option,
    parse_assignments,
    resolve_model,
)
from toolkit.cli.envelope import Envelope, emit_envelope, report_format
from toolkit.errors import InputError

db_option = click.option("--db", "db", metavar="URL", default=None,
                         help="sqlite:///FILE, a path, or postgresql://… (default: REGLAMENT_DB, "
                              "[tool.reglament] db, .reglament/instances.db).")
def _printable_name(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A user name is one line of printable text: a newline in it would forge lines of the audit trail.

    The store's own rule (:func:`toolkit.store.store.check_user_name`), refused here as a usage error.
    """
    from toolkit.store.errors import StoreError
    from toolkit.store.store import check_user_name

    try:
        check_user_name(value)
    except StoreError:
        raise click.BadParameter("a name must be one line of printable text", param_hint="--user") from None
    return value


user_option = click.option("--user", "user", metavar="NAME", default=None, callback=_printable_name,
                           help="Who does it (recorded in history).")
#: Moments as people type them (minutes, like ``deadline --submitted``) or with seconds.
MOMENT = click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"])
set_option = click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
                          help="Data, e.g. --set documents_complete=true (repeatable).")


def _command() -> str:
    ctx = click.get_current_context(silent=True)
    return f"instances {ctx.info_name}" if ctx is not None else "instances"


def emit(results: Any, exit_code: int = 0) -> None:
    """``--format json``: the family's envelope (docs/cli.md) with ``results`` from the store's records."""
    emit_envelope(Envelope(_command(), results=results, exit_code=exit_code))


def store_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """One line on stderr: exit 1 for a conflict or a stuck instance, 2 for any other input
    error; with ``--format json`` the envelope too, the error in ``input_errors``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from toolkit.store import ConflictError, StuckError
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            kind = "conflict" if isinstance(exc, ConflictError) else "stuck" if isinstance(exc, StuckError) else "error"
            code = EXIT_INPUT if kind == "error" else EXIT_FINDINGS
            click.echo(f"reglament: {kind}: {' '.join(str(exc).split())}", err=True)
            if report_format() == "json":
                emit_envelope(Envelope(_command(), input_errors=[exc], exit_code=code))
            sys.exit(code)

    return wrapper


def _open(db: str | None) -> Any:
    from toolkit.store import open_store
    return open_store(db)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _task_line(item: Any) -> str:
    due = _when(item.due) if item.due else (f"no due date ({item.due_note})" if item.due_note else "no limit")
    flags = []
    if item.due_provisional:
        flags.append("provisional")
    if item.overdue:
        flags.append("OVERDUE")
    if item.claimed_by:
        flags.append(f"claimed by {item.claimed_by}")
    extra = f" [{', '.join(flags)}]" if flags else ""
    clauses = ", ".join(item.clauses) or "—"
    return (f"  #{item.instance_id} {item.node_id}  {clauses} · {item.time_limit or '—'} · "
            f"ready {_when(item.ready_since)} · due {due}{extra}")


def _print_result(result: Any, fmt: str, *, id_only: bool = False) -> None:
    from toolkit.store import FAILED
    if fmt == "json":
        emit(result.to_dict(), EXIT_FINDINGS if result.instance.state == FAILED else 0)
        return
    info = result.instance
    if id_only:
        click.echo(info.id)
        err = True
    else:
        err = False
        click.echo(f"instance {info.id} ({info.model}, revision {info.revision}): {info.state}")
    for item in result.ready:
        click.echo(f"ready: {_task_line(item).strip()}", err=err)
    if result.waiting:
        click.echo(f"waiting for: {', '.join(result.waiting)}", err=err)
    if result.ends:
        click.echo(f"ends reached: {', '.join(result.ends)}", err=err)
    if info.error:
        click.echo(f"failed: {info.error}", err=err)


def _exit_if_stuck(result: Any) -> None:
    from toolkit.store import FAILED
    if result.instance.state == FAILED:
        if report_format() == "json":
            sys.exit(EXIT_FINDINGS)  # the envelope said so already
        click.echo(f"reglament: stuck: instance {result.instance.id}: {result.instance.error}; "
                   f"retry with: reglament instances retry {result.instance.id}", err=True)
        sys.exit(EXIT_FINDINGS)


@click.group()
def instances() -> None:
    """Durable instances: start, queue, claim, complete, message, tick, history.

    \b
    Examples:
      ID=$(reglament instances start bpmn/social-assistance.bpmn --set iin=800315400125 --user registrar)
      reglament instances queue
      reglament instances claim $ID accept_documents --user aigerim
      reglament instances complete $ID accept_documents --set documents_complete=true --user aigerim
      reglament instances history $ID
    """


@instances.command()
@click.argument("model")
@set_option
@user_option
@db_option
@format_option
@store_errors
def start(model: str, assignments: tuple[str, ...], user: str | None, db: str | None, fmt: str) -> None:
    """Start an instance of MODEL (a .bpmn file, or the name of a loaded model); prints its id.

    \b
    Example:
      reglament instances start social-assistance --set iin=800315400125 --user reception
    """
    from toolkit.store import NotFoundError
    with _open(db) as store:
        data = parse_assignments(assignments)
        try:
            result = store.start(model, data, user=user)
        except NotFoundError:  # not in the store yet: the project's or a bundled model of that name
            result = store.start(resolve_model(model), data, user=user)
        _print_result(result, fmt, id_only=True)
        _exit_if_stuck(result)


@instances.command(name="list")
@click.option("--model", default=None, help="Model name, e.g. social-assistance.")
@click.option("--version", "version", default=None, help="Model version (hash or its first characters).")
@click.option("--state", type=click.Choice(["running", "completed", "failed", "cancelled"]), default=None)
@click.option("--lane", default=None, help="With a ready task in this lane.")
@click.option("--overdue", is_flag=True, help="With a ready task past its due date.")
@click.option("--waiting-since", type=MOMENT, default=None,
              help="With a task ready since this moment or earlier.")
@click.option("--data", "data", multiple=True, metavar="KEY=VALUE", help="Data value, e.g. --data iin=800315400125.")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@db_option
@format_option
@store_errors
def list_(model: str | None, version: str | None, state: str | None, lane: str | None, overdue: bool,
          waiting_since: datetime | None, data: tuple[str, ...], limit: int, db: str | None, fmt: str) -> None:
    """List instances matching every filter given.

    \b
    Examples:
      reglament instances list --model social-assistance --state running --overdue
      reglament instances list --data iin=800315400125 --format json
    """
    filters = {k: str(v) if not isinstance(v, bool) else v for k, v in parse_assignments(data, "--data").items()}
    with _open(db) as store:
        found = store.instances(model=model, version=version, state=state, lane=lane, overdue=overdue,
                           waiting_since=waiting_since, data=filters, limit=limit)
    if fmt == "json":
        emit({"instances": [i.to_dict() for i in found]})
        return
    for info in found:
        extra = f" — {info.cancel_reason}" if info.cancel_reason else (f" — {info.error}" if info.error else "")
        click.echo(f"{info.id}\t{info.model}\t{info.version[:12]}\t{info.state}\trev {info.revision}\t"
                   f"{info.started_by or '—'}\t{_when(info.updated_at)}{extra}")
    if not found:
        click.echo("no instances match", err=True)


@instances.command()
@click.option("--lane", default=None, help="The lane's queue (default: every lane).")
@click.option("--user", "user", default=None, help="The tasks claimed by this user.")
@click.option("--overdue", is_flag=True, help="Only tasks past their due date.")
@click.option("--limit", type=click.IntRange(1, 100000), default=100, show_default=True)
@db_option
@format_option
@store_errors
def queue(lane: str | None, user: str | None, overdue: bool, limit: int, db: str | None, fmt: str) -> None:
    """Ready user tasks, earliest due first, grouped by lane.

    \b
    Examples:
      reglament instances queue --lane "көрсетілетін қызметті берушінің кеңсе қызметкері"
      reglament instances queue --user aigerim --overdue
    """
    with _open(db) as store:
        items = store.queue(lane=lane, user=user, overdue=overdue, limit=limit)
    if fmt == "json":
        emit({"queue": [i.to_dict() for i in items]})
        return
    lanes: dict[str, list[Any]] = {}
    for item in items:
        lanes.setdefault(item.lane or "—", []).append(item)
    for name, group in lanes.items():
        click.echo(f"{name} ({len(group)})")
        for item in group:
            click.echo(_task_line(item))
    if not items:
        click.echo("the queue is empty", err=True)


def _claim_command(name: str, doc: str, action: Callable[[Any, int, str, str | None], Any]) -> click.Command:
    @click.argument("instance_id", type=int)
    @click.argument("task")
    @user_option
    @db_option
    @format_option
    @store_errors
    def command(instance_id: int, task: str, user: str | None, db: str | None, fmt: str) -> None:
        with _open(db) as store:
            item = action(store, instance_id, task, user)
        if fmt == "json":
            emit({"task": item.to_dict()})
        else:
            click.echo(_task_line(item).strip())

    command.__doc__ = doc
    return instances.command(name=name)(command)


def _claim(store: Any, instance_id: int, task: str, user: str | None) -> Any:
    if not user:
        raise InputError("claim needs --user")
    return store.claim(instance_id, task, user)


_claim_command("claim", "Claim TASK of instance INSTANCE_ID for --user.\n\n\b\nExample:\n"
               "  reglament instances claim 1 accept_documents --user aigerim", _claim)
_claim_command("unclaim", "Release TASK (with --user, only that user's claim).\n\n\b\nExample:\n"
               "  reglament instances unclaim 1 accept_documents --user aigerim",
               lambda store, i, t, u: store.unclaim(i, t, user=u))


@instances.command()
@click.argument("instance_id", type=int)
@click.argument("task")
@click.argument("assignee")
@user_option
@db_option
@format_option
@store_errors
def assign(instance_id: int, task: str, assignee: str, user: str | None, db: str | None, fmt: str) -> None:
    """Give TASK to ASSIGNEE (overrides a claim; --user is who assigns).

    \b
    Example:
      reglament instances assign 1 assign_executor aigerim --user head
    """
    with _open(db) as store:
        item = store.assign(instance_id, task, assignee, by=user)
    emit({"task": item.to_dict()}) if fmt == "json" else click.echo(_task_line(item).strip())


@instances.command()
@click.argument("instance_id", type=int)
@click.argument("task")
@set_option
@user_option
@click.option("--revision", type=int, default=None, help="Refuse if the instance moved past this revision.")
@db_option
@format_option
@store_errors
def complete(instance_id: int, task: str, assignments: tuple[str, ...], user: str | None, revision: int | None,
             db: str | None, fmt: str) -> None:
    """Complete TASK (its node id, or task id) of INSTANCE_ID and run to the next wait.

    Exit 1 with one line when another worker completed it first.

    \b
    Example:
      reglament instances complete 1 accept_documents --set documents_complete=true --user aigerim
    """
    with _open(db) as store:
        result = store.complete(instance_id, task, parse_assignments(assignments), user=user, revision=revision)
        _print_result(result, fmt)
        _exit_if_stuck(result)


@instances.command()
@click.argument("name")
@click.option("--id", "instance_id", type=int, default=None, help="The instance that gets it.")
@click.option("--correlate", multiple=True, metavar="KEY=VALUE",
              help="Every instance waiting for NAME whose data has this value (e.g. iin=…).")
@set_option
@user_option
@db_option
@format_option
@store_errors
def message(name: str, instance_id: int | None, correlate: tuple[str, ...], assignments: tuple[str, ...],
            user: str | None, db: str | None, fmt: str) -> None:
    """Deliver message NAME (e.g. a system's reply) with the --set payload.

    \b
    Example:
      reglament instances message notification --correlate iin=800315400125
    """
    keys = {k: str(v) if not isinstance(v, bool) else v for k, v in parse_assignments(correlate, "--correlate").items()}
    with _open(db) as store:
        results = store.deliver(name, parse_assignments(assignments), instance_id=instance_id, correlate=keys,
                                user=user)
        if fmt == "json":
            emit({"delivered": [r.to_dict() for r in results]})
        else:
            for result in results:
                _print_result(result, fmt)
        for result in results:
            _exit_if_stuck(result)


@instances.command()
@click.option("--now", type=MOMENT, default=None, help="Fire timers due by this moment (default: now).")
@db_option
@format_option
@store_errors
def tick(now: datetime | None, db: str | None, fmt: str) -> None:
    """Fire every timer that is due across the store.

    \b
    Examples:
      reglament instances tick
      reglament instances tick --now 2027-01-04T09:00
    """
    with _open(db) as store:
        results = store.tick(now)
    if fmt == "json":
        emit({"moved": [r.to_dict() for r in results]})
        return
    click.echo(f"{len(results)} instance(s) moved on by their timers")
    for result in results:
        _print_result(result, fmt)


@instances.command()
@click.argument("instance_id", type=int)
@db_option
@format_option
@store_errors
def show(instance_id: int, db: str | None, fmt: str) -> None:
    """An instance: state, revision, data, ready tasks and what it waits for.

    \b
    Example:
      reglament instances show 1 --format json
    """
    with _open(db) as store:
        info = store.get(instance_id)
        ready = store.queue(instance_id=instance_id)
        waits = store.waits(instance_id)
    if fmt == "json":
        emit({"instance": info.to_dict(), "ready": [r.to_dict() for r in ready],
              "waits": [{"kind": k, "name": n, "due": d.isoformat() if d else None} for k, n, d in waits]})
        return
    click.echo(f"instance {info.id}: {info.model} {info.version[:12]} · {info.state} · revision {info.revision}")
    click.echo(f"started {_when(info.created_at)} by {info.started_by or '—'}; updated {_when(info.updated_at)}")
    if info.cancel_reason:
        click.echo(f"cancelled: {info.cancel_reason}")
    if info.error:
        click.echo(f"failed: {info.error}")
    for key, value in sorted(info.data.items()):
        click.echo(f"  {key} = {value!r}")
    for item in ready:
        click.echo(f"ready: {_task_line(item).strip()}")
    for kind, name, due in waits:
        click.echo(f"waits for {kind} {name}" + (f" (due {_when(due)})" if due else ""))


@instances.command()
@click.argument("instance_id", type=int)
@db_option
@format_option
@store_errors
def history(instance_id: int, db: str | None, fmt: str) -> None:
    """The audit trail: every step with who, when, clause, time limit and due date.

    \b
    Example:
      reglament instances history 1
    """
    with _open(db) as store:
        entries = store.history(instance_id)
    if fmt == "json":
        emit({"history": [e.to_dict() for e in entries]})
        return
    for entry in entries:
        where = f" {entry.node_id}" if entry.node_id else ""
        lane = f" [{entry.lane}]" if entry.lane else ""
        clauses = f" {', '.join(entry.clauses)}" if entry.clauses else ""
        limit = f" · {entry.time_limit}" if entry.time_limit else ""
        due = f" · due {_when(entry.due)}" if entry.due else ""
        late = " (LATE)" if entry.due and entry.kind == "step" and entry.at > entry.due else ""
        who = entry.who or "system"
        click.echo(f"{entry.seq:>3}. {_when(entry.at)} {who}: {entry.kind}{where}{lane}{clauses}{limit}{due}{late}")
        if entry.data_changed:
            click.echo(f"     set {', '.join(f'{k}={v!r}' for k, v in sorted(entry.data_changed.items()))}")
        if entry.note and entry.kind != "step":
            click.echo(f"     {entry.note}")


@instances.command()
@click.argument("name", required=False)
@click.option("--load", "paths", multiple=True, metavar="PATH", help="Store these .bpmn files (or directories) first.")
@db_option
@format_option
@store_errors
def versions(name: str | None, paths: tuple[str, ...], db: str | None, fmt: str) -> None:
    """Stored model versions (newest first) and how many instances run on each.

    \b
    Examples:
      reglament instances versions --load bpmn/
      reglament instances versions social-assistance
    """
    from pathlib import Path
    with _open(db) as store:
        for path in paths:
            store.load_models(path) if Path(path).is_dir() else store.load_model(path)
        found = store.versions(name)
    if fmt == "json":
        emit({"versions": [v.to_dict() for v in found]})
        return
    for version in found:
        click.echo(f"{version.hash[:12]}\t{version.name}\t{_when(version.loaded_at)}\t"
                   f"{version.instances} instance(s)\t{version.source}")
    if not found:
        click.echo("no model versions stored yet (start an instance or use --load)", err=True)


@instances.command()
@click.argument("instance_id", type=int)
@click.option("--reason", required=True, help="Why (recorded in history).")
@user_option
@db_option
@format_option
@store_errors
def cancel(instance_id: int, reason: str, user: str | None, db: str | None, fmt: str) -> None:
    """Cancel an open instance, with a reason.

    \b
    Example:
      reglament instances cancel 1 --reason "the applicant withdrew the application" --user reception
    """
    with _open(db) as store:
        info = store.cancel(instance_id, reason, user=user)
    emit({"instance": info.to_dict()}) if fmt == "json" else click.echo(f"instance {info.id}: cancelled — {reason}")


@instances.command()
@click.argument("instance_id", type=int)
@click.argument("version")
@user_option
@db_option
@format_option
@store_errors
def migrate(instance_id: int, version: str, user: str | None, db: str | None, fmt: str) -> None:
    """Move INSTANCE_ID to VERSION (a hash, a .bpmn file, or a model name for its latest version).

    \b
    Examples:
      reglament instances migrate 1 social-assistance
      reglament instances migrate 1 bpmn/social-assistance.bpmn
    """
    with _open(db) as store:
        _print_result(store.migrate(instance_id, version, user=user), fmt)


@instances.command()
@click.argument("instance_id", type=int)
@user_option
@db_option
@format_option
@store_errors
def retry(instance_id: int, user: str | None, db: str | None, fmt: str) -> None:
    """Run again the failed service tasks of INSTANCE_ID.

    \b
    Example:
      reglament instances retry 1 --user operator
    """
    with _open(db) as store:
        result = store.retry(instance_id, user=user)
        _print_result(result, fmt)
        _exit_if_stuck(result)


@instances.command(name="recompute-dues")
@click.option("--calendar-overrides", type=click.Path(dir_okay=False, exists=True), default=None,
              help="A calendar overrides file (e.g. next year's transfer decree).")
@db_option
@format_option
@store_errors
def recompute_dues(calendar_overrides: str | None, db: str | None, fmt: str) -> None:
    """Recompute every open task's due date on the current calendar data.

    \b
    Example:
      reglament instances recompute-dues --calendar-overrides decree-2027.toml
    """
    from toolkit.calendar import default_calendar
    with _open(db) as store:
        changed = store.recompute_due_dates(default_calendar(calendar_overrides))
    emit({"changed": changed}) if fmt == "json" else click.echo(f"{changed} due date(s) changed")
