"""BPMN timers on the engine's clock, with bounded arithmetic.

SpiffWorkflow's timer event definitions read ``datetime.now()``: an instance
in a store cannot be told "it is now 10:00, fire what is due", and tests
cannot move time. Its duration arithmetic also walks month by month, so
``P999999999Y`` loops twelve billion times. The classes here are drop-in
subclasses that ask the workflow's script engine for "now" (the engine's
injectable clock, or the ``now`` given to :meth:`Engine.fire_timers`) and
refuse values beyond :data:`MAX_TIMER_YEARS`. :func:`install_clocked_timers`
swaps them into freshly parsed specs; the serializer knows them by name.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.exceptions import WorkflowException

#: A timer further away than this is a modelling error (or an attack), not a legal deadline.
MAX_TIMER_YEARS = 200
#: Repetitions a cycle may declare; ``R`` without a count means "until the instance moves on".
MAX_CYCLES = 10_000
#: A cycle repeating faster than this is a busy loop, not a reminder.
MIN_CYCLE_SECONDS = 60


def _fail(my_task: Any, message: str) -> WorkflowException:
    exc = WorkflowException(message, task_spec=my_task.task_spec)
    exc.task = my_task
    return exc


def _now(my_task: Any) -> datetime:
    """The engine's "now" as an aware UTC datetime (a naive clock is local time)."""
    engine = my_task.workflow.top_workflow.script_engine
    now = engine.now() if hasattr(engine, "now") else datetime.now()
    return now.astimezone(UTC)


def _expression_value(my_task: Any, expression: str, what: str) -> str:
    value = my_task.workflow.script_engine.evaluate(my_task, expression)
    if not isinstance(value, str):
        raise _fail(my_task, f"the {what} {expression!r} gives {type(value).__name__} {value!r}, "
                             "not an ISO 8601 text")
    return value.strip()


def parse_duration(my_task: Any, text: str) -> dict[str, float]:
    """An ISO 8601 duration, refused when malformed or longer than :data:`MAX_TIMER_YEARS`."""
    try:
        parsed = TimerEventDefinition.parse_iso_duration(text)
    except Exception:  # SpiffWorkflow raises a bare Exception('Invalid duration')
        raise _fail(my_task, f"{text!r} is not an ISO 8601 duration (e.g. PT1H, P3D)") from None
    days = (parsed.get("years", 0) * 366 + parsed.get("months", 0) * 31 + parsed.get("weeks", 0) * 7
            + parsed.get("days", 0) + parsed.get("hours", 0) / 24 + parsed.get("minutes", 0) / 1440
            + parsed.get("seconds", 0) / 86400)
    if days > MAX_TIMER_YEARS * 366:
        raise _fail(my_task, f"the duration {text!r} is longer than {MAX_TIMER_YEARS} years")
    return parsed


def duration_after(my_task: Any, text: str, start: datetime) -> timedelta:
    return TimerEventDefinition.get_timedelta_from_start(parse_duration(my_task, text), start)


def parse_moment(my_task: Any, text: str) -> datetime:
    """An ISO 8601 date-time (or week date) as aware UTC; refused when malformed."""
    try:
        if "W" in text.upper() and not text.upper().startswith("P"):
            return TimerEventDefinition.parse_iso_week(text)
        return TimerEventDefinition.get_datetime(text)
    except (ValueError, TypeError, AttributeError, OverflowError):
        raise _fail(my_task, f"{text!r} is not an ISO 8601 date-time (e.g. 2026-12-02T10:00:00+05:00)") from None


class ClockedTimeDate(TimeDateEventDefinition):
    """A timer at a fixed date-time."""

    def has_fired(self, my_task: Any) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            value = _expression_value(my_task, self.expression, "timeDate")
            parse_moment(my_task, value)
            my_task._set_internal_data(event_value=value)
        if parse_moment(my_task, value) <= _now(my_task):
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


class ClockedDuration(DurationTimerEventDefinition):
    """A timer that waits a duration from the moment it is reached."""

    def has_fired(self, my_task: Any) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            text = _expression_value(my_task, self.expression, "timeDuration")
            now = _now(my_task)
            value = (now + duration_after(my_task, text, now)).isoformat()
            my_task._set_internal_data(event_value=value)
        if parse_moment(my_task, value) <= _now(my_task):
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


class ClockedCycle(CycleTimerEventDefinition):
    """A repeating timer ``R[n]/[start/]duration``, bounded in count and length."""

    def _first(self, my_task: Any) -> dict[str, Any]:
        text = _expression_value(my_task, self.expression, "timeCycle")
        parts = text.upper().replace("--", "/").split("/")
        if len(parts) not in (2, 3) or not parts[0].startswith("R"):
            raise _fail(my_task, f"{text!r} is not an ISO 8601 repeating interval (e.g. R3/PT1H)")
        count = parts[0][1:]
        if count and not count.isdigit():
            raise _fail(my_task, f"{text!r}: the repetition count {count!r} is not a number")
        cycles = int(count) if count else -1
        if cycles > MAX_CYCLES:
            raise _fail(my_task, f"{text!r} repeats {cycles} times (at most {MAX_CYCLES})")
        now = _now(my_task)
        if len(parts) == 3:
            start = parse_moment(my_task, parts[1])
            duration = duration_after(my_task, parts[2], start)
        else:
            duration = duration_after(my_task, parts[1], now)
            start = now + duration
        if duration.total_seconds() < MIN_CYCLE_SECONDS:
            raise _fail(my_task, f"{text!r} repeats every {duration.total_seconds():g} seconds "
                                 f"(at least {MIN_CYCLE_SECONDS} s between repetitions)")
        return {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}

    def cycle_complete(self, my_task: Any) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            value = self._first(my_task)
        if value["cycles"] == 0:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
            return False
        ready = False
        due, now = datetime.fromisoformat(value["next"]), _now(my_task)
        if due <= now:
            # Fire once for however many repetitions were missed (a store ticking late, a
            # start in the past) and resume the rhythm after now, as Camunda does: catching
            # up one by one would run a repetition per missed minute of the last years.
            step = value["duration"]
            missed = int((now - due).total_seconds() // step) + 1
            value["next"] = (due + timedelta(seconds=step * missed)).isoformat()
            value["cycles"] -= 1
            ready = True
        my_task._set_internal_data(event_value=value)
        return ready


CLOCKED = {TimeDateEventDefinition: ClockedTimeDate, DurationTimerEventDefinition: ClockedDuration,
           CycleTimerEventDefinition: ClockedCycle}


def _swap(definition: Any) -> None:
    clocked = CLOCKED.get(type(definition))
    if clocked is not None:
        definition.__class__ = clocked
    if isinstance(definition, MultipleEventDefinition):
        for inner in definition.event_definitions:
            _swap(inner)


def install_clocked_timers(specs: Any) -> None:
    """Make every timer in these workflow specs read the engine's clock."""
    for spec in specs:
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            if definition is not None:
                _swap(definition)


def timer_due(task: Any, definition: Any) -> datetime | None:
    """When ``definition`` (a timer of ``task``) is due (aware UTC), if it has been computed."""
    value = task._get_internal_data("event_value")
    if value is None:
        return None
    try:
        if isinstance(definition, CycleTimerEventDefinition):
            return datetime.fromisoformat(value["next"]) if value.get("cycles") != 0 else None
        return TimerEventDefinition.get_datetime(value)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
