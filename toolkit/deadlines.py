"""Deadlines: a regulation's time limits laid on Kazakhstan's working calendar.

The time limits live in the model's ``reg:timeLimit`` (read by the model
layer), the order of steps comes from the path the instance data decides (run by
the engine), and the arithmetic is the calendar's. This module joins them the
way the law counts a term (:mod:`toolkit.calendar.sequence`): day terms begin
the day after the event and end when office hours end on their last day; steps
in minutes happen inside those days. The result is the latest lawful date of
each step and of the whole service — when the text sets that term at all
(:mod:`toolkit.term_coverage`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from toolkit.calendar import CalendarError, KazakhstanCalendar
from toolkit.calendar.sequence import lay_out
from toolkit.model.elements import FlowNode, Model, TimeLimit
from toolkit.term_coverage import term_coverage


@dataclass(frozen=True)
class ScheduledStep:
    node: FlowNode
    lane: str | None
    time_limit: TimeLimit | None
    start: datetime
    due: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "node_id": self.node.id, "name": self.node.name, "lane": self.lane,
            "clauses": [str(c) for c in self.node.clauses],
            "time_limit": self.time_limit.as_written() if self.time_limit else None,
            "value": self.time_limit.value if self.time_limit else None,
            "unit": self.time_limit.unit if self.time_limit else None,
            "alternative": self.time_limit.is_alternative if self.time_limit else False,
            "start": self.start.isoformat(timespec="minutes"), "due": self.due.isoformat(timespec="minutes"),
        }


@dataclass(frozen=True)
class Schedule:
    submitted: datetime
    steps: tuple[ScheduledStep, ...]
    ends: tuple[str, ...]
    as_of: str
    data_version: str
    #: Set when the instance did not reach an end: where it stopped. The schedule is then partial.
    stopped: str | None = None
    #: Why the dates are provisional (a year without its transfer act in the data), if they are.
    provisional_note: str | None = None
    #: The calendar's ``version`` (data and rules) the dates were computed with.
    calendar_version: str = ""
    #: Set when the text gives limits to only some steps of the path: there is then no overall term.
    term_note: str | None = None
    #: Other things the reader should know about how the term was counted.
    notes: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        return self.provisional_note is not None

    @property
    def due(self) -> datetime | None:
        """When the whole service is due: the end of the term the text sets.

        ``None`` when the instance stopped before an end, or when the text sets
        limits for only some steps (``term_note`` says which).
        """
        if self.stopped or self.term_note or not self.steps:
            return None
        return self.steps[-1].due

    def to_dict(self) -> dict[str, Any]:
        """The schedule as ``reglament deadline --format json`` reports it (``due`` is null when
        the instance stopped before an end or the text sets no overall term)."""
        due = self.due
        return {"submitted": self.submitted.isoformat(timespec="minutes"),
                "due": due.isoformat(timespec="minutes") if due else None,
                "term_note": self.term_note, "notes": list(self.notes),
                "stopped": self.stopped, "ends": list(self.ends),
                "as_of": self.as_of, "data": self.data_version, "calendar_version": self.calendar_version,
                "provisional": self.provisional, "provisional_note": self.provisional_note,
                "steps": [s.to_dict() for s in self.steps]}


def schedule(steps: Iterable[tuple[FlowNode, TimeLimit | None]], model: Model, submitted: datetime,
             calendar: KazakhstanCalendar, ends: Iterable[str] = (), stopped: str | None = None) -> Schedule:
    """Lay ``steps`` (in order, with the limit chosen for each) from ``submitted`` as the law counts."""
    steps = list(steps)
    laid = lay_out(calendar, submitted, [(lim.value, lim.unit) if lim else None for _, lim in steps])
    scheduled = tuple(
        ScheduledStep(node=node, lane=model.performer_name(node.id), time_limit=limit,
                      start=slot.start, due=slot.due)
        for (node, limit), slot in zip(steps, laid.slots))
    coverage = term_coverage((node for node, _ in steps), model)
    return Schedule(submitted=submitted, steps=scheduled, ends=tuple(ends),
                    as_of=calendar.as_of.isoformat(), data_version=str(calendar.data), stopped=stopped,
                    provisional_note=laid.provisional_note, calendar_version=calendar.version,
                    term_note=coverage.note(), notes=laid.notes)


@dataclass(frozen=True)
class DueDate:
    """When one task is due, and how sure that date is.

    ``at`` is ``None`` only when there is nothing to count (the step has no
    time limit) or the date lies where no calendar can speak (before
    Kazakhstan's independence, or past the last year the holidays package
    estimates Kurban Ait for); ``note`` then says which. ``provisional`` is set
    when the count crossed a year whose day-off transfer act is not in the
    data; ``note`` says so. ``calendar_version`` identifies the data and rules
    used: store it with the date, and recompute (:func:`due_date` again) when
    :meth:`stale` says the calendar has changed.
    """

    at: datetime | None
    provisional: bool
    note: str | None
    calendar_version: str

    def stale(self, calendar: KazakhstanCalendar) -> bool:
        """True if *calendar* counts with other data or rules than this date was computed with."""
        return self.calendar_version != calendar.version

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(timespec="minutes") if self.at else None,
                "provisional": self.provisional, "note": self.note, "calendar_version": self.calendar_version}


def due_date(calendar: KazakhstanCalendar, ready_since: datetime, limit: TimeLimit | int | None,
             unit: str | None = None) -> DueDate:
    """The due date of a task that became ready at ``ready_since`` with its own ``limit``.

    ``limit`` is the model's :class:`TimeLimit`, or its value with ``unit``
    given separately (``due_date(cal, since, 6, "working_day")``), for callers
    that store the two apart.

    The limit is counted as the law counts it (see docs/calendar.md): minutes
    and hours in office time from the first working moment, days from the day
    after ``ready_since`` to the close of office hours on the last day.
    Never raises for a date the calendar cannot speak for: the answer then has
    ``at=None`` and the reason. A ``ready_since`` that is not a naive datetime
    is a programming error and raises :class:`~toolkit.calendar.CalendarError`.
    """
    if not isinstance(ready_since, datetime) or ready_since.tzinfo is not None:
        raise CalendarError(f"ready_since must be a naive local datetime (office time), got {ready_since!r}")
    if isinstance(limit, bool):
        raise CalendarError(f"a limit must be a TimeLimit or a whole number, got {limit!r}")
    if isinstance(limit, int):
        if unit is None:
            raise CalendarError(f"a limit of {limit} needs its unit")
        limit = TimeLimit(limit, unit)
    if limit is None:
        return DueDate(None, False, "no time limit: the text sets none for this step", calendar.version)
    try:
        counted = calendar.deadline(ready_since, limit.value, limit.unit)
    except CalendarError as exc:
        return DueDate(None, False, str(exc), calendar.version)
    return DueDate(counted.due, counted.provisional, counted.note, calendar.version)


def due_on(calendar: KazakhstanCalendar) -> Callable[[datetime, TimeLimit], datetime]:
    """A due-date calculator for :class:`toolkit.engine.Engine` on this calendar.

    It raises :class:`~toolkit.calendar.CalendarError` (an ``InputError``) for a
    date the calendar cannot speak for; the engine reports that as the task's
    ``due_note``. Provisional dates are returned like confirmed ones: use
    :func:`due_date` where the flag matters.
    """
    return lambda start, limit: calendar.add(start, limit.value, limit.unit)


def schedule_instance(model_path: Any, submitted: datetime, data: Mapping[str, Any],
                      calendar: KazakhstanCalendar) -> Schedule:
    """Run the model on ``data`` (every user task completed with it) and schedule the
    steps of the path it took."""
    from toolkit.engine import Engine

    engine = Engine(clock=lambda: submitted, due_calculator=due_on(calendar))
    instance = engine.start(model_path, dict(data))
    stopped = engine.drive(instance, lambda task: dict(data))
    # Every step that stands for text or carries a limit counts; events without either do not.
    trace = [(instance.model.nodes[s.node_id], s.time_limit) for s in instance.trace() if s.clauses or s.time_limit]
    return schedule(trace, instance.model, submitted, calendar, ends=[e.node_id for e in instance.ends()],
                    stopped=stopped)

