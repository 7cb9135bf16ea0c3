"""What the store answers with: plain, frozen records built from rows (no instance state loaded)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from toolkit.store.errors import StoreError

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

#: States of an instance. ``failed``: a service task's handler failed; retry it.
RUNNING, COMPLETED, FAILED, CANCELLED = "running", "completed", "failed", "cancelled"
STATES = (RUNNING, COMPLETED, FAILED, CANCELLED)

#: ``due_key`` of a task without a due date: after every real date, so "ORDER BY due_key" puts it last.
NO_DUE = "9999-12-31T23:59:59"


def stamp(moment: datetime) -> str:
    """A time as stored: fixed-width ISO text, seconds precision."""
    return moment.strftime(TIME_FORMAT)


def parse_stamp(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(frozen=True)
class ModelVersion:
    """One stored version of a model: its content hash, name and where it was loaded from."""

    hash: str
    name: str
    source: str
    loaded_at: datetime
    instances: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "loaded_at": _iso(self.loaded_at)}


@dataclass(frozen=True)
class InstanceInfo:
    """An instance as listed: its row, not its engine state."""

    id: int
    model: str
    version: str
    state: str
    revision: int
    started_by: str | None
    created_at: datetime
    updated_at: datetime
    next_timer_due: datetime | None
    cancel_reason: str | None
    error: str | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "created_at": _iso(self.created_at), "updated_at": _iso(self.updated_at),
                "next_timer_due": _iso(self.next_timer_due)}


@dataclass(frozen=True)
class QueueItem:
    """A ready user task in a work queue, with what the regulation says about its timing."""

    instance_id: int
    task_id: str
    node_id: str
    name: str | None
    lane: str | None
    actor: str | None
    clauses: tuple[str, ...]
    time_limit: str | None
    ready_since: datetime
    due: datetime | None
    due_provisional: bool
    due_note: str | None
    calendar_version: str | None
    claimed_by: str | None
    overdue: bool

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clauses": list(self.clauses), "ready_since": _iso(self.ready_since),
                "due": _iso(self.due)}


@dataclass(frozen=True)
class HistoryEntry:
    """One line of an instance's audit trail (append-only; kept after the instance ends)."""

    instance_id: int
    seq: int
    at: datetime
    who: str | None
    kind: str
    revision: int
    node_id: str | None
    name: str | None
    lane: str | None
    clauses: tuple[str, ...]
    time_limit: str | None
    started: datetime | None
    due: datetime | None
    data_changed: dict[str, Any] | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clauses": list(self.clauses), "at": _iso(self.at),
                "started": _iso(self.started), "due": _iso(self.due)}


@dataclass(frozen=True)
class StepResult:
    """What a start, complete, message, timer or retry left behind."""

    instance: InstanceInfo
    ready: tuple[QueueItem, ...]
    waiting: tuple[str, ...]
    ends: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"instance": self.instance.to_dict(), "ready": [r.to_dict() for r in self.ready],
                "waiting": list(self.waiting), "ends": list(self.ends)}


_Record = TypeVar("_Record")


def _decoded(kind: str) -> Callable[[Callable[..., _Record]], Callable[..., _Record]]:
    """A row whose JSON or timestamps were damaged outside reglament (a hand edit, a bad
    restore) becomes one :class:`StoreError` naming the instance, not a ValueError traceback."""

    def wrap(func: Callable[..., _Record]) -> Callable[..., _Record]:
        @functools.wraps(func)
        def decode(row: tuple[Any, ...], *args: Any) -> _Record:
            try:
                return func(row, *args)
            except (ValueError, TypeError) as exc:
                raise StoreError(f"instance {row[0]}: its {kind} row in the store is damaged: "
                                 f"{' '.join(str(exc).split())}") from None
        return decode

    return wrap


@_decoded("instance")
def instance_from_row(row: tuple[Any, ...]) -> InstanceInfo:
    (id_, model, version, state, revision, started_by, created, updated, timer, reason, error, data) = row
    return InstanceInfo(id=int(id_), model=model, version=version, state=state, revision=int(revision),
                        started_by=started_by, created_at=datetime.fromisoformat(created),
                        updated_at=datetime.fromisoformat(updated), next_timer_due=parse_stamp(timer),
                        cancel_reason=reason, error=error, data=json.loads(data))


INSTANCE_COLUMNS = ("i.id, i.model, i.version, i.state, i.revision, i.started_by, i.created_at, i.updated_at, "
                    "i.next_timer_due, i.cancel_reason, i.error, i.data")

TASK_COLUMNS = ("t.instance_id, t.task_id, t.node_id, t.name, t.lane, t.actor, t.clauses, t.time_limit, "
                "t.ready_since, t.due, t.due_provisional, t.due_note, t.calendar_version, t.claimed_by")


@_decoded("task")
def task_from_row(row: tuple[Any, ...], now: datetime) -> QueueItem:
    (instance_id, task_id, node_id, name, lane, actor, clauses, limit, since, due, provisional, note,
     version, claimed_by) = row
    due_at = parse_stamp(due)
    return QueueItem(instance_id=int(instance_id), task_id=task_id, node_id=node_id, name=name, lane=lane,
                     actor=actor, clauses=tuple(json.loads(clauses)), time_limit=limit,
                     ready_since=datetime.fromisoformat(since), due=due_at, due_provisional=bool(provisional),
                     due_note=note, calendar_version=version, claimed_by=claimed_by,
                     overdue=due_at is not None and due_at < now)


HISTORY_COLUMNS = ("instance_id, seq, at, who, kind, revision, node_id, name, lane, clauses, time_limit, "
                   "started, due, data_changed, note")


@_decoded("history")
def history_from_row(row: tuple[Any, ...]) -> HistoryEntry:
    (instance_id, seq, at, who, kind, revision, node_id, name, lane, clauses, limit, started, due, changed,
     note) = row
    return HistoryEntry(instance_id=int(instance_id), seq=int(seq), at=datetime.fromisoformat(at), who=who,
                        kind=kind, revision=int(revision), node_id=node_id, name=name, lane=lane,
                        clauses=tuple(json.loads(clauses)) if clauses else (), time_limit=limit,
                        started=parse_stamp(started), due=parse_stamp(due),
                        data_changed=json.loads(changed) if changed else None, note=note)
