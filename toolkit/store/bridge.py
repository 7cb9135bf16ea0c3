"""The few engine calls the store makes, in one place.

The store drives :class:`toolkit.engine.Engine` through its public contract (start,
complete, deliver and fire_timers with the user; message and timer waits; retry;
dump without the model, restore on the stored version's definition). Keeping every
call here means the rest of the store never touches SpiffWorkflow or engine internals.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from toolkit.engine import Engine, Instance, ProcessDefinition


def definition(engine: Engine, xml: bytes, source: str) -> ProcessDefinition:
    """Parse a stored model version (the XML as it was when loaded, not the file as it is now)."""
    return engine.definition_from_bytes(xml, source)


def start(engine: Engine, defn: ProcessDefinition, data: Mapping[str, Any], user: str | None) -> Instance:
    return engine.start(defn, dict(data), user=user)


def complete(engine: Engine, instance: Instance, task: str, data: Mapping[str, Any], user: str | None) -> None:
    engine.complete(instance, task, dict(data), user=user)


def deliver(engine: Engine, instance: Instance, message: str, payload: Mapping[str, Any],
            user: str | None) -> None:
    engine.deliver(instance, message, dict(payload), user=user)


def fire_timers(engine: Engine, instance: Instance, now: datetime, user: str | None = None) -> None:
    engine.fire_timers(instance, now, user=user)


def retry_failed(engine: Engine, instance: Instance, user: str | None = None) -> tuple[str, ...]:
    return tuple(engine.retry_failed(instance, user=user))


def message_waits(instance: Instance) -> tuple[str, ...]:
    """Names of the messages the instance waits for from outside."""
    return tuple(sorted({wait.message for wait in instance.message_waits()}))


def timer_waits(instance: Instance) -> tuple[tuple[str, datetime], ...]:
    """``(node_id, due)`` of every timer the instance waits at (timers without a due moment are left out)."""
    return tuple((wait.node_id, wait.due) for wait in instance.timer_waits() if wait.due is not None)


def failed_nodes(instance: Instance) -> tuple[str, ...]:
    """Service tasks whose handler failed (the instance waits for a retry)."""
    from SpiffWorkflow.util.task import TaskState
    tasks = instance.workflow.get_tasks(state=TaskState.ERROR)
    return tuple(sorted({t.task_spec.bpmn_id for t in tasks if getattr(t.task_spec, "bpmn_id", None)}))


def dump(engine: Engine, instance: Instance) -> str:
    """The snapshot: without the model, which the store keeps once per version."""
    return engine.dump(instance, embed_model=False)


def restore(engine: Engine, text: str, defn: ProcessDefinition) -> Instance:
    return engine.restore(text, defn)
