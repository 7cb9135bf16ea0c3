"""A running instance of a regulation model, in the model's own terms.

SpiffWorkflow knows task specs and states; a user of reglament thinks in steps
of the regulation: who (lane), which clause, what time limit, what result. An
:class:`Instance` wraps one SpiffWorkflow workflow and answers in those terms.
Our bookkeeping (when a task became ready, the trace, how often each node
completed) is kept beside the workflow — never in its data, where a user's key
could overwrite it — and is saved with it by :meth:`Engine.dump`. It is fed by
a completion hook (:class:`~toolkit.engine.spiff.ReglamentWorkflow`), so no step
walks the task tree to find out what happened.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

from toolkit import expressions
from toolkit.engine.definition import ProcessDefinition
from toolkit.engine.timers import timer_due
from toolkit.engine.values import RESERVED_PREFIX, check_mapping
from toolkit.errors import InputError
from toolkit.model.elements import (
    FALSE_WORDS,
    TRUE_WORDS,
    ClauseRef,
    FlowNode,
    InputField,
    Model,
    Result,
    TimeLimit,
)


class InstanceHost(Protocol):
    """What an instance asks of the engine that runs it: the time, due dates and its own
    serialization. :class:`~toolkit.engine.Engine` is one; naming the need here, rather than
    importing the engine, keeps the two modules from importing each other."""

    clock: Callable[[], datetime]

    def due(self, start: datetime, limit: TimeLimit | None) -> datetime | None: ...

    def dump(self, instance: Instance, *, embed_model: bool = True) -> str: ...


class StepLimitError(InputError):
    """An engine call ran more steps than :attr:`Engine.max_steps`: the model (or its
    data) keeps it going round without a person in between. The instance is stuck;
    the CLI exits 1."""

    def __init__(self, message: str, source: str | None = None, line: int | None = None,
                 node_id: str | None = None) -> None:
        super().__init__(message, source, line)
        self.node_id = node_id


@dataclass(frozen=True)
class MessageWait:
    """A catch event or receive task waiting for a message from outside."""

    node_id: str
    message: str
    lane: str | None
    participant: str | None


@dataclass(frozen=True)
class TimerWait:
    """A timer event waiting for its moment (``due`` is in the engine clock's terms:
    naive local time for a naive clock)."""

    node_id: str
    due: datetime | None
    lane: str | None
    participant: str | None



@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person, with what the regulation says about it."""

    task_id: str
    node_id: str
    name: str | None
    lane: str | None
    actor: str | None
    clauses: tuple[ClauseRef, ...]
    time_limit: TimeLimit | None
    inputs: tuple[InputField, ...]
    ready_since: datetime
    due: datetime | None = None
    #: Why ``due`` is missing although the task has a limit (e.g. beyond the calendar's data).
    due_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id, "node_id": self.node_id, "name": self.name, "lane": self.lane,
            "actor": self.actor, "clauses": [str(c) for c in self.clauses],
            "time_limit": _limit_dict(self.time_limit),
            "inputs": [{"name": i.name, "type": i.type, "label": i.label, "required": i.required}
                       for i in self.inputs],
            "ready_since": self.ready_since.isoformat(), "due": self.due.isoformat() if self.due else None,
            "due_note": self.due_note,
        }


@dataclass(frozen=True)
class TraceStep:
    """One completed step of the model, in completion order."""

    node_id: str
    kind: str
    name: str | None
    lane: str | None
    actor: str | None
    clauses: tuple[ClauseRef, ...]
    time_limit: TimeLimit | None
    result: Result | None
    started: datetime
    completed: datetime
    #: Who made the call that completed this step (start, complete, deliver, fire_timers);
    #: engine steps that follow a person's task in the same call are attributed to them.
    user: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "node_id": self.node_id, "kind": self.kind, "name": self.name, "lane": self.lane,
            "actor": self.actor, "clauses": [str(c) for c in self.clauses],
            "time_limit": _limit_dict(self.time_limit),
            "result": {"text": self.result.text, "to": self.result.to} if self.result else None,
            "started": self.started.isoformat(), "completed": self.completed.isoformat(),
            "user": self.user,
        }


@dataclass(frozen=True)
class EndReached:
    node_id: str
    name: str | None
    process_id: str | None
    participant: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"node_id": self.node_id, "name": self.name, "participant": self.participant}


def _limit_dict(limit: TimeLimit | None) -> dict[str, Any] | None:
    if limit is None:
        return None
    return {"value": limit.value, "unit": limit.unit, "words": limit.words, "within": limit.within,
            "alternative": limit.is_alternative, "when": limit.when, "as_written": limit.as_written()}


def choose_time_limit(node: FlowNode, data: Mapping[str, Any]) -> TimeLimit | None:
    """The limit that applies to ``node`` on this data: the first alternative whose
    ``when`` holds, else the usual one. An alternative whose condition cannot be
    evaluated yet (its data is missing) does not apply."""
    if not node.time_limits:  # most nodes: nothing to choose, and this runs on every completion
        return None
    for alternative in node.alternatives:
        try:
            if expressions.evaluate(alternative.when or "False", data):
                return alternative
        except expressions.ExpressionError:
            continue
    return node.usual_limit


def coerce_input(field: InputField, value: Any, node_id: str) -> Any:
    """Turn a value given on the command line or by an app into the declared type."""
    if field.type == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise InputError(f"task {node_id}: {field.name} must be true or false, got {value!r}")
    if field.type == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise InputError(f"task {node_id}: {field.name} must be a whole number, got {value!r}") from None
    return "" if value is None else str(value)


_WAITING_STATES = TaskState.READY | TaskState.STARTED | TaskState.WAITING


def new_book() -> dict[str, Any]:
    """The engine's bookkeeping of a fresh instance (saved beside the workflow)."""
    return {"ready_since": {}, "trace": [], "counts": {}}


class Instance:
    """One running (or finished) instance of a :class:`ProcessDefinition`."""

    def __init__(self, engine: InstanceHost, definition: ProcessDefinition, workflow: Any,
                 book: dict[str, Any] | None = None) -> None:
        self.engine = engine
        self.definition = definition
        self.workflow = workflow
        self.book: dict[str, Any] = book if book is not None else new_book()
        self._user: str | None = None
        self._steps = 0
        self._step_limit: int | None = None
        self._call_now: str | None = None
        #: Engine steps the last engine call ran (user tasks, gateways, events, ...).
        self.last_steps = 0
        #: The task the engine was about to run: named when something fails without saying where.
        self.current_task: Any = None
        workflow.observer = self._on_complete

    # -- what the model says --------------------------------------------------
    @property
    def model(self) -> Model:
        return self.definition.model

    def _node(self, task: Any) -> FlowNode | None:
        return self.model.nodes.get(getattr(task.task_spec, "bpmn_id", None) or "")

    # -- SpiffWorkflow tasks across the collaboration ---------------------------
    def _tasks(self, state: int = TaskState.ANY_MASK) -> list[Any]:
        """Tasks of the whole instance: BpmnWorkflow.get_tasks already walks every
        sub-workflow (collaboration participants, sub-processes)."""
        return self.workflow.get_tasks(state=state)

    @property
    def _book(self) -> dict[str, Any]:
        return self.book

    def _now(self) -> datetime:
        return self.engine.clock()

    @property
    def root_id(self) -> str:
        """The id of the workflow's root task: stable for the life of the instance."""
        return str(self.workflow.task_tree.id)

    # -- state ------------------------------------------------------------------
    @property
    def data(self) -> dict[str, Any]:
        """The instance data as the latest completed tasks see it (merged over the collaboration)."""
        merged: dict[str, Any] = {}
        done = sorted(self._tasks(TaskState.COMPLETED), key=lambda t: t.last_state_change)
        for task in done:
            merged.update({k: v for k, v in task.data.items() if not k.startswith(RESERVED_PREFIX)})
        for task in self._tasks(TaskState.READY):
            merged.update({k: v for k, v in task.data.items() if not k.startswith(RESERVED_PREFIX)})
        return merged

    @property
    def is_finished(self) -> bool:
        """Completed, and — where the model has end events — one of them reached."""
        if not self.workflow.completed:
            return False
        has_ends = any(n.kind == "endEvent" and n.parent_id is None for n in self.model.nodes.values())
        return bool(self.ends()) or not has_ends

    def waiting_at(self) -> tuple[str, ...]:
        """Model nodes the instance waits at (messages, timers, failed service tasks)."""
        states = TaskState.WAITING | TaskState.STARTED | TaskState.ERROR
        return tuple(sorted({n.id for t in self._tasks(states) if (n := self._node(t)) is not None}))

    def ends(self) -> tuple[EndReached, ...]:
        """End events of the processes (not of their sub-processes) reached so far, in order."""
        reached = []
        for raw in self.book["trace"]:
            node = self.model.nodes.get(raw["node_id"])
            if node is not None and node.parent_id is None and node.kind == "endEvent":
                participant = self.model.participant_of(node.id)
                reached.append(EndReached(node.id, node.name, node.process_id,
                                          participant.id if participant else None))
        return tuple(reached)

    def trace(self) -> tuple[TraceStep, ...]:
        steps = []
        for raw in self.book["trace"]:
            node = self.model.nodes.get(raw["node_id"])
            if node is None:
                continue
            index = raw.get("limit")
            limit = node.time_limits[index] if index is not None and index < len(node.time_limits) else None
            steps.append(TraceStep(
                node_id=node.id, kind=node.kind, name=node.name, lane=self.model.performer_name(node.id),
                actor=self.model.actor_of(node.id), clauses=node.clauses, time_limit=limit,
                result=node.result, started=datetime.fromisoformat(raw["started"]),
                completed=datetime.fromisoformat(raw["completed"]), user=raw.get("user")))
        return tuple(steps)

    def completions(self, node_id: str) -> int:
        """How many times ``node_id`` has completed in this instance."""
        return int(self.book["counts"].get(node_id, 0))

    def to_dict(self) -> dict[str, Any]:
        """Where the instance is: its trace, the ends reached, the tasks waiting, its data."""
        return {"model": self.model.source, "finished": self.is_finished,
                "trace": [s.to_dict() for s in self.trace()], "ends": [e.to_dict() for e in self.ends()],
                "waiting": [t.to_dict() for t in self.ready_tasks()], "data": self.data}

    def ready_tasks(self) -> list[ReadyTask]:
        """User (and manual) tasks waiting for a person, in a stable order."""
        ready = []
        ready_since = self.book["ready_since"]
        for task in self._tasks(TaskState.READY):
            if not task.task_spec.manual:
                continue
            node = self._node(task)
            if node is None:
                continue
            key = str(task.id)
            noted = ready_since.get(key)
            if noted is None:
                noted = ready_since[key] = self._now().isoformat()
            since = datetime.fromisoformat(noted)
            limit = choose_time_limit(node, task.data)
            due, note = None, None
            if limit is not None:
                try:
                    due = self.engine.due(since, limit)
                except InputError as exc:  # e.g. a date beyond the calendar's data: say so, keep working
                    note = str(exc)
            lane, actor = self._who(node.id)
            ready.append(ReadyTask(
                task_id=key, node_id=node.id, name=node.name, lane=lane, actor=actor, clauses=node.clauses,
                time_limit=limit, inputs=node.inputs, ready_since=since, due=due, due_note=note))
        return sorted(ready, key=lambda r: (r.ready_since, r.node_id)) if len(ready) > 1 else ready

    def _who(self, node_id: str) -> tuple[str | None, str | None]:
        """The lane (or pool) name and the actor of a node: fixed by the model, so worked out
        once per definition rather than on every listing of ready tasks."""
        who = self.definition.who
        found = who.get(node_id)
        if found is None:
            found = who[node_id] = (self.model.performer_name(node_id), self.model.actor_of(node_id))
        return found

    def overdue(self) -> list[ReadyTask]:
        """Ready tasks whose regulation limit has passed by the engine's clock.

        They are reported, never cancelled: a late step is a breach to record,
        not a reason to stop serving the citizen.
        """
        now = self._now()
        return [t for t in self.ready_tasks() if t.due is not None and t.due < now]

    def _event_tasks(self) -> list[Any]:
        """Tasks waiting for an event (SpiffWorkflow's event manager holds exactly these)."""
        return [t for t in self.workflow.event_manager.tasks.values() if t.state == TaskState.WAITING]

    def message_waits(self) -> tuple[MessageWait, ...]:
        """Catch events and receive tasks waiting for a message, sorted by node id."""
        waits = []
        for task in self._event_tasks():
            node = self._node(task)
            for definition in _definitions(task.task_spec.event_definition):
                if isinstance(definition, MessageEventDefinition) and node is not None:
                    participant = self.model.participant_of(node.id)
                    waits.append(MessageWait(node.id, definition.name, self.model.performer_name(node.id),
                                             participant.id if participant else None))
        return tuple(sorted(set(waits), key=lambda w: (w.node_id, w.message)))

    def timer_waits(self) -> tuple[TimerWait, ...]:
        """Timer events waiting for their moment, earliest first (unknown due last)."""
        waits = []
        naive = self._now().tzinfo is None
        for task in self._event_tasks():
            node = self._node(task)
            if node is None or not any(isinstance(d, TimerEventDefinition)
                                       for d in _definitions(task.task_spec.event_definition)):
                continue
            due = _timer_due(task)
            if due is not None and naive:
                due = due.astimezone().replace(tzinfo=None)
            participant = self.model.participant_of(node.id)
            waits.append(TimerWait(node.id, due, self.model.performer_name(node.id),
                                   participant.id if participant else None))
        far = datetime.max
        return tuple(sorted(waits, key=lambda w: (w.due.replace(tzinfo=None) if w.due else far, w.node_id)))

    # -- moving on ----------------------------------------------------------------
    def retry_failed(self) -> tuple[str, ...]:
        """Run again the service tasks whose handler failed (a system was down, say).

        Returns the node ids retried. The failed task goes back to READY and the
        engine runs it again with the same data.
        """
        failed = self._tasks(TaskState.ERROR)
        for task in failed:
            task._set_state(TaskState.READY)  # SpiffWorkflow has no public "retry"; this is its own reset
        self.advance()
        return tuple(n.id for t in failed if (n := self._node(t)) is not None)

    def advance(self) -> None:
        """Run everything the engine can run (gateways, service tasks, messages)."""
        self.workflow.do_engine_steps(will_complete_task=self._will_run)
        self._note_ready()

    def _will_run(self, task: Any) -> None:
        self.current_task = task

    def complete(self, task: str, data: Mapping[str, Any] | None = None) -> None:
        """Complete a ready user task (by task id or node id) with the data its inputs declare."""
        match = [found] if (found := self._ready_by_id(task)) is not None else \
            [t for t in self._tasks(TaskState.READY) if t.task_spec.manual
             and getattr(t.task_spec, "bpmn_id", None) == task]
        if not match:
            ready = ", ".join(r.node_id for r in self.ready_tasks()) or "none"
            raise InputError(f"no ready user task {task!r}; ready: {ready}")
        spiff_task = match[0]
        node = self._node(spiff_task)
        given = check_mapping(data)
        values: dict[str, Any] = {}
        node_id = node.id if node else task
        for field in node.inputs if node else ():
            if field.name in given:
                values[field.name] = coerce_input(field, given.pop(field.name), node_id)
            elif field.name in spiff_task.data:
                continue
            elif not field.required:
                values[field.name] = None
            else:
                raise InputError(
                    f"task {node_id} needs {field.name} ({field.type}"
                    f"{': ' + field.label if field.label else ''}); give it with --set {field.name}=…")
        values.update(given)
        spiff_task.data.update(values)
        spiff_task.run()
        self.advance()

    def _ready_by_id(self, task_id: str) -> Any:
        """The ready user task with this id, found without walking the tree."""
        try:
            key = UUID(task_id)
        except (ValueError, TypeError, AttributeError):
            return None
        workflow = self.workflow
        found = workflow.tasks.get(key)
        if found is None:
            for sub in workflow.subprocesses.values():
                found = sub.tasks.get(key)
                if found is not None:
                    break
        if found is None or found.state != TaskState.READY or not found.task_spec.manual:
            return None
        return found

    # -- bookkeeping --------------------------------------------------------------
    def _begin(self, user: str | None, step_limit: int | None) -> None:
        """Start counting the steps of one engine call made on behalf of ``user``."""
        self._user, self._steps, self._step_limit = user, 0, step_limit
        self._call_now = self._now().isoformat()  # the moment of this call, for every step it runs

    def _end(self) -> None:
        self.last_steps, self._user, self._step_limit, self._call_now = self._steps, None, None, None

    def _note_ready(self) -> None:
        """Note when each task started waiting (ready, waiting or started), on the engine's clock.

        Tasks made ready by a completion are noted by :meth:`_on_complete` (its children);
        only the tasks of a fresh instance need a look here. Any other (a join readied by
        its last branch) is noted when :meth:`ready_tasks` first sees it.
        """
        if not self.book["ready_since"] and not self.book["trace"]:
            now = self._now().isoformat()
            for task in self._tasks(TaskState.READY | TaskState.STARTED | TaskState.WAITING):
                self.book["ready_since"].setdefault(str(task.id), now)

    def _on_complete(self, task: Any) -> None:
        """Called by the workflow for every completed task: count it, trace model steps."""
        self._steps += 1
        node = self._node(task)
        if self._step_limit is not None and self._steps > self._step_limit:
            where = node.id if node is not None else getattr(task.task_spec, "name", "?")
            raise StepLimitError(
                f"more than {self._step_limit:,} engine steps in one call (last at {where}) without "
                "waiting for a person, a message or a timer: the model or its data loops without end "
                "(raise Engine(max_steps=...) if this run is genuinely that long)",
                self.model.source, self.model.line_of(node.id) if node is not None else None,
                node.id if node is not None else None)
        book = self.book
        now = self._call_now or self._now().isoformat()
        since = book["ready_since"]
        tasks = task.workflow.tasks
        for child_id in task._children:  # what this completion made ready (or waiting) waits from now
            child = tasks.get(child_id)
            if child is not None and child._state & _WAITING_STATES:
                since.setdefault(str(child_id), now)
        if node is None:
            return
        limit = choose_time_limit(node, task.data)
        counts = book["counts"]
        counts[node.id] = counts.get(node.id, 0) + 1
        book["trace"].append({
            "node_id": node.id, "started": since.pop(str(task.id), now), "completed": now,
            "limit": node.time_limits.index(limit) if limit is not None else None, "user": self._user})

    # -- persistence ------------------------------------------------------------
    def to_json(self) -> str:
        return self.engine.dump(self)


def _definitions(definition: Any) -> list[Any]:
    """An event definition, or the parts of a multiple one."""
    return list(getattr(definition, "event_definitions", None) or [definition])


def _timer_due(task: Any) -> datetime | None:
    dues = [due for definition in _definitions(task.task_spec.event_definition)
            if isinstance(definition, TimerEventDefinition) and (due := timer_due(task, definition)) is not None]
    return min(dues) if dues else None
