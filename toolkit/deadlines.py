"""Deadlines: a regulation's time limits laid on Kazakhstan's working calendar.

The time limits live in the model's ``reg:timeLimit`` (read by the model
layer), the order of steps comes from the path the instance data decides (run by
the engine), and the arithmetic is the calendar's. This module only joins them:
each step starts when the previous one is due — the latest the regulation allows —
so the last due date is the latest lawful date for the whole service.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from toolkit.calendar import KazakhstanCalendar
from toolkit.model.elements import FlowNode, Model, TimeLimit


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

    @property
    def due(self) -> datetime:
        """When the whole service is due: the last step's due date-time."""
        return self.steps[-1].due if self.steps else self.submitted


def schedule(steps: Iterable[tuple[FlowNode, TimeLimit | None]], model: Model, submitted: datetime,
             calendar: KazakhstanCalendar, ends: Iterable[str] = (), stopped: str | None = None) -> Schedule:
    """Lay ``steps`` (in order, with the limit chosen for each) end to end from ``submitted``."""
    current = submitted
    laid: list[ScheduledStep] = []
    for node, limit in steps:
        start = current
        if limit is not None:
            current = calendar.add(start, limit.value, limit.unit)
        laid.append(ScheduledStep(node=node, lane=model.performer_name(node.id),
                                  time_limit=limit, start=start, due=current))
    return Schedule(submitted=submitted, steps=tuple(laid), ends=tuple(ends),
                    as_of=calendar.as_of.isoformat(), data_version=str(calendar.data), stopped=stopped)


def due_on(calendar: KazakhstanCalendar) -> Callable[[datetime, TimeLimit], datetime]:
    """A due-date calculator for :class:`toolkit.engine.Engine` on this calendar."""
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

