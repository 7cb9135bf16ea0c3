"""The few engine calls the store makes, in one place.

The store drives :class:`toolkit.engine.Engine` through its public contract
(start/complete/deliver with the user, message and timer waits, fire_timers,
retry_failed, dump/restore on a given definition). Keeping every call here means
the rest of the store never touches SpiffWorkflow or engine internals, and an
engine that lacks a capability (messages, timers) gives one clear error.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from typing import Any

from toolkit.engine import Engine, Instance
from toolkit.engine.engine import ProcessDefinition
from toolkit.store.errors import StoreError


@cache
def _accepts(func: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return False


def _with_user(method: Callable[..., Any], user: str | None) -> dict[str, Any]:
    return {"user": user} if _accepts(getattr(method, "__func__", method), "user") else {}


def definition(engine: Engine, xml: bytes, source: str) -> ProcessDefinition:
    """Parse a stored model version (the XML as it was when loaded, not the file as it is now)."""
    from_bytes = getattr(engine, "definition_from_bytes", None)
    if from_bytes is not None:
        found: ProcessDefinition = from_bytes(xml, source)
        return found
    from toolkit.model.loader import load_model_bytes
    return engine.definition(load_model_bytes(xml, source))


def start(engine: Engine, defn: ProcessDefinition, data: Mapping[str, Any], user: str | None) -> Instance:
    return engine.start(defn.model, dict(data), **_with_user(engine.start, user))


def complete(engine: Engine, instance: Instance, task: str, data: Mapping[str, Any], user: str | None) -> None:
    engine.complete(instance, task, dict(data), **_with_user(engine.complete, user))


def deliver(engine: Engine, instance: Instance, message: str, payload: Mapping[str, Any],
            user: str | None) -> None:
    method = getattr(engine, "deliver", None)
    if method is None:
        raise StoreError("this engine cannot deliver messages (Engine.deliver is missing)")
    method(instance, message, dict(payload), **_with_user(method, user))


def fire_timers(engine: Engine, instance: Instance, now: datetime) -> None:
    method = getattr(engine, "fire_timers", None)
    if method is not None:
        method(instance, now)


def retry_failed(engine: Engine, instance: Instance) -> tuple[str, ...]:
    return tuple(engine.retry_failed(instance))


def message_waits(instance: Instance) -> tuple[str, ...]:
    """Names of the messages the instance waits for (from outside: not its own collaboration's)."""
    method = getattr(instance, "message_waits", None)
    if method is None:
        return ()
    names = []
    for wait in method():
        name = wait if isinstance(wait, str) else (getattr(wait, "message", None) or getattr(wait, "name", None))
        if name is None and isinstance(wait, tuple) and wait:
            name = wait[-1]
        if isinstance(name, str):
            names.append(name)
    return tuple(sorted(set(names)))


def timer_waits(instance: Instance) -> tuple[tuple[str, datetime], ...]:
    """``(node_id, due)`` of every timer the instance waits at."""
    method = getattr(instance, "timer_waits", None)
    if method is None:
        return ()
    waits = []
    for wait in method():
        node_id = getattr(wait, "node_id", None)
        due = getattr(wait, "due", None)
        if node_id is None and isinstance(wait, tuple) and len(wait) >= 2:
            node_id, due = wait[0], wait[1]
        if isinstance(node_id, str) and isinstance(due, datetime):
            waits.append((node_id, due))
    return tuple(waits)


def failed_nodes(instance: Instance) -> tuple[str, ...]:
    """Service tasks whose handler failed (the instance waits for a retry)."""
    method = getattr(instance, "failed_tasks", None)
    if method is not None:
        return tuple(sorted({getattr(t, "node_id", t) for t in method()}))
    from SpiffWorkflow.util.task import TaskState
    tasks = instance.workflow.get_tasks(state=TaskState.ERROR)
    return tuple(sorted({t.task_spec.bpmn_id for t in tasks if getattr(t.task_spec, "bpmn_id", None)}))


def dump(engine: Engine, instance: Instance) -> str:
    if _accepts(engine.dump.__func__, "embed_model"):  # type: ignore[attr-defined]
        return engine.dump(instance, embed_model=False)
    return engine.dump(instance)


def restore(engine: Engine, text: str, defn: ProcessDefinition) -> Instance:
    method: Callable[..., Instance] = engine.restore
    by_definition = _accepts(getattr(method, "__func__", method), "definition")
    return method(text, defn if by_definition else defn.model)


def record_progress(instance: Instance) -> None:
    """Make the trace include what ran before a handler failed mid-step.

    The engine records completed steps after running; a handler failure interrupts
    that, and the user task just completed would be missing from the history (and
    show up later, unattributed, after the retry). Until the engine records in a
    ``finally`` (asked in /work/wt/status/store-needs.md) the store asks it to.
    """
    record = getattr(instance, "_record", None)
    if record is not None:
        record()
