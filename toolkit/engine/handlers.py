"""Service-task handlers: how an embedding app connects a model to real systems.

A service task in a model names an operation (``reg:operation name="gbd_fl.find_person"``).
The app registers a callable per operation — or per task id, which wins — and
the engine calls it with a :class:`ServiceCall` when the task runs. The callable
returns a mapping that is merged into the instance data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from toolkit.engine.values import check_mapping
from toolkit.errors import HandlerError, InputError
from toolkit.model.elements import FlowNode


@dataclass(frozen=True)
class ServiceCall:
    """What a handler receives: the task, its operation and a read-only view of the data.

    ``idempotency_key`` is ``<instance root task id>:<node id>:<n>``, ``n`` being how
    many times this node had completed in the instance before this call. A store
    saves an instance only after the step's transaction commits; if the process
    dies after the handler ran but before the commit, the step is redone from the
    last saved state — where root id, node and count are the same — so the handler
    is called again with the same key and can recognise the repeat (send the key
    to the outside system as its request id). The next genuine call of the node
    (a loop, a retry after success) gets a new count, hence a new key. SpiffWorkflow's
    task ids are no substitute: tasks predicted ahead are dropped and recreated
    with fresh random ids.
    """

    node: FlowNode
    operation: str | None
    data: Mapping[str, Any]
    idempotency_key: str = ""


Handler = Callable[[ServiceCall], Mapping[str, Any] | None]


class HandlerRegistry:
    """Operation name / task id -> handler. Task ids win over operations."""

    def __init__(self) -> None:
        self._by_operation: dict[str, Handler] = {}
        self._by_task: dict[str, Handler] = {}

    def register(self, handler: Handler, *, operation: str | None = None, task_id: str | None = None) -> Handler:
        """Register ``handler`` for an operation name and/or a task id; returns it (usable as a decorator helper)."""
        if not operation and not task_id:
            raise ValueError("register a handler for an operation, a task id, or both")
        if operation:
            self._by_operation[operation] = handler
        if task_id:
            self._by_task[task_id] = handler
        return handler

    def operation(self, name: str) -> Callable[[Handler], Handler]:
        """Decorator form: ``@registry.operation("gbd_fl.find_person")``."""
        return lambda handler: self.register(handler, operation=name)

    def resolve(self, node: FlowNode) -> Handler | None:
        return self._by_task.get(node.id) or (self._by_operation.get(node.operation) if node.operation else None)

    def copy(self) -> HandlerRegistry:
        clone = HandlerRegistry()
        clone._by_operation = dict(self._by_operation)
        clone._by_task = dict(self._by_task)
        return clone

    @property
    def operations(self) -> Mapping[str, Handler]:
        return MappingProxyType(self._by_operation)

    def call(self, node: FlowNode, data: Mapping[str, Any], idempotency_key: str = "") -> dict[str, Any]:
        handler = self.resolve(node)
        if handler is None:
            raise HandlerError(
                f"service task {node.id!r} (operation {node.operation!r}) has no handler; "
                "register one with HandlerRegistry.register(..., operation=...) or task_id=...", node_id=node.id)
        try:
            reply = handler(ServiceCall(node=node, operation=node.operation, data=MappingProxyType(dict(data)),
                                        idempotency_key=idempotency_key))
        except Exception as exc:  # a system that is down, a bug in the app's handler: name the task
            raise HandlerError(f"handler for service task {node.id!r} (operation {node.operation!r}) failed: "
                               f"{type(exc).__name__}: {exc}", node_id=node.id) from exc
        if reply is None:
            return {}
        if not isinstance(reply, Mapping):
            raise HandlerError(f"handler for {node.id!r} returned {type(reply).__name__}, expected a mapping",
                               node_id=node.id)
        try:
            return check_mapping(reply, f"the reply of the handler for {node.id!r}")
        except InputError as exc:
            raise HandlerError(f"handler for service task {node.id!r} replied with {exc.message}", node_id=node.id) from None
