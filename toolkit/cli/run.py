"""``reglament run``: walk an instance of a model, automatically or at the prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from toolkit.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    Envelope,
    emit_envelope,
    fail,
    format_option,
    input_errors,
    parse_assignments,
    resolve_model,
)
from toolkit.errors import InputError

if TYPE_CHECKING:  # the engine (SpiffWorkflow, lxml) is imported when a run starts, not for --help
    from toolkit.engine import Engine, Instance, ReadyTask, TraceStep
    from toolkit.model import InputField


class _Answer(click.ParamType[Any]):
    """An answer at the prompt, read as ``--set`` reads it: a bool takes иә/жоқ, да/нет, yes/no …"""

    name = "answer"

    def __init__(self, field: InputField, node_id: str) -> None:
        self.field, self.node_id = field, node_id

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from toolkit.engine.instance import coerce_input
        from toolkit.model.elements import FALSE_WORDS, TRUE_WORDS

        try:
            return coerce_input(self.field, value, self.node_id)
        except InputError:
            words = ", ".join(sorted(TRUE_WORDS)) + " / " + ", ".join(sorted(FALSE_WORDS))
            wanted = words if self.field.type == "bool" else "a whole number"
            self.fail(f"{value!r} is not an answer: give {wanted}", param, ctx)


def _prompt_type(field: InputField, node_id: str) -> Any:
    return _Answer(field, node_id) if field.type in ("bool", "int") else click.STRING


def _ask(task: ReadyTask, data: dict[str, Any], err: bool) -> dict[str, Any]:
    """Prompt for each input the task declares; values already known are the defaults.

    With JSON output the prompts go to stderr so stdout stays parseable.
    """
    limit = task.time_limit.as_written() if task.time_limit else "—"
    click.echo(f"\n▶ {task.node_id} [{task.lane or '—'}] {', '.join(map(str, task.clauses)) or ''} · {limit}",
               err=err)
    click.echo(f"  {task.name or ''}", err=err)
    values = {}
    for field in task.inputs:
        default = data.get(field.name)
        if default is None and not field.required:
            default = ""  # Enter leaves an optional field empty
        values[field.name] = click.prompt(f"  {field.label or field.name} ({field.name})",
                                          type=_prompt_type(field, task.node_id), default=default, err=err,
                                          show_default=default != "")
    if not task.inputs:
        click.confirm("  done?", default=True, abort=True, err=err)
    return values


def _describe_step(number: int, step: TraceStep) -> list[str]:
    limit = f" · {step.time_limit.as_written()}" if step.time_limit else ""
    clauses = ", ".join(map(str, step.clauses))
    lines = [f"{number:>2}. [{step.lane or '—'}] {clauses}{limit}  ({step.node_id})"]
    if step.name:
        lines.append(f"    {step.name}")
    if step.result:
        lines.append(f"    Нәтижесі – {step.result.text}")
    return lines


@click.command()
@click.argument("model", type=click.Path(dir_okay=False))
@click.option("--set", "assignments", multiple=True, metavar="KEY=VALUE",
              help="Instance data, e.g. --set documents_complete=false (repeatable).")
@click.option("--auto", is_flag=True, help="Complete every user task with the --set data instead of prompting.")
@click.option("--save", "save_to", type=click.Path(dir_okay=False), default=None,
              help="Write the instance (with its model embedded) to this JSON file when the run stops.")
@click.option("--resume", "resume_from", type=click.Path(dir_okay=False, exists=False), default=None,
              help="Continue an instance saved with --save (MODEL must be the version it started on).")
@click.option("--max-steps", type=click.IntRange(min=1), default=None,
              help="Engine steps allowed before the run is declared an endless loop (default 30,000).")
@format_option
@input_errors
def run(model: str, assignments: tuple[str, ...], auto: bool, save_to: str | None, resume_from: str | None,
        max_steps: int | None, fmt: str) -> None:
    """Walk an instance of MODEL from its start to an end.

    With --auto, user tasks are completed with the --set data (a task whose
    input is missing stops the run with exit 2 and names it); without it, you
    are prompted at each user task for the data it needs. Service tasks call the
    built-in simulations of ЖТ МДҚ, БНАЖ, ЭҮШ and ЭҮАШ АЖО.

    Prints the trace (each step: lane, clause, time limit, result) and the end
    reached. Exit 0 when an end is reached, 1 when the instance gets stuck.

    \b
    Examples:
      reglament run bpmn/social-assistance.bpmn --auto --set documents_complete=false
      reglament run bpmn/home-education-sc.bpmn --auto --set iin=800315400125 \\
          --set by_representative=false --set documents_in_order=true
    """
    from toolkit.engine import SIMULATION_NOTICE, Engine, StepLimitError

    data = parse_assignments(assignments)
    engine = Engine() if max_steps is None else Engine(max_steps=max_steps)
    try:
        instance = _resume(engine, model, resume_from) if resume_from else engine.start(resolve_model(model), data)
    except StepLimitError as exc:
        click.echo(f"reglament: stopped: {exc}", err=True)
        raise SystemExit(EXIT_FINDINGS) from None
    if fmt == "text" and any(n.kind == "serviceTask" for n in instance.model.nodes.values()):
        click.echo(f"note: {SIMULATION_NOTICE}", err=True)
    def values_for(task: ReadyTask) -> dict[str, Any]:
        return dict(data) if auto else _ask(task, {**data, **instance.data}, err=fmt == "json")

    try:
        stopped = engine.drive(instance, values_for)
    except click.Abort:
        fail("input ended before the instance reached an end" + _saved_so_far(engine, instance, save_to))
        return
    except InputError as exc:  # an input missing or wrong: the instance is still at that task
        raise InputError(exc.message + _saved_so_far(engine, instance, save_to), exc.source, exc.line) from None
    if save_to:
        _save(engine, instance, save_to)
    _report(instance, fmt, stopped)
    raise SystemExit(EXIT_OK if stopped is None else EXIT_FINDINGS)


def _resume(engine: Engine, model: str, path: str) -> Instance:
    from toolkit.engine.saved import MAX_SAVED_BYTES
    from toolkit.model.safe_xml import read_bytes

    try:
        text = read_bytes(path, MAX_SAVED_BYTES).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the saved instance is not UTF-8 text", path) from None
    model_path = resolve_model(model)  # a name (social-assistance) as for a fresh run
    if not model_path.exists():
        raise InputError("no such file", model)
    try:
        return engine.restore(text, model_path)
    except InputError as exc:
        raise InputError(exc.message, path) from None


def _saved_so_far(engine: Engine, instance: Instance, path: str | None) -> str:
    """Save an instance a run left at a user task (input ended or was wrong); say so in the error.

    It is a whole state — the task is not done — so ``--resume`` goes on from it with the data
    that was missing."""
    if not path:
        return ""
    _save(engine, instance, path)
    return f"; the instance so far is saved in {path} (go on with --resume {path})"


def _save(engine: Engine, instance: Instance, path: str) -> None:
    """Write atomically: a crash never leaves half a saved instance."""
    import os
    import tempfile

    from toolkit.writing import NOT_REGULAR, special_target

    if special_target(path):
        raise InputError(f"cannot save the instance: {NOT_REGULAR}", path)
    text = engine.dump(instance)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".reglament-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot save the instance: {exc.strerror}", path) from None


def _report(instance: Instance, fmt: str, stopped: str | None) -> None:
    if fmt == "json":
        results = {**instance.to_dict(), "stopped": stopped}
        code = EXIT_OK if stopped is None else EXIT_FINDINGS
        emit_envelope(Envelope("run", [instance.model.source], results=results, exit_code=code))
        return
    trace, ends = instance.trace(), instance.ends()
    shown = [s for s in trace if s.clauses or s.kind == "endEvent"]
    for number, step in enumerate(shown, 1):
        for line in _describe_step(number, step):
            click.echo(line)
    for end in ends:
        click.echo(f"end: {end.node_id} — {end.name or ''} ({end.participant or end.process_id})")
    if stopped:
        click.echo(f"stopped: {stopped}", err=True)
