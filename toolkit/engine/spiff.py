"""Our adapters to SpiffWorkflow 3.2: sandboxed scripting, handler-backed service
tasks, and a serializer that knows every task class we use.

SpiffWorkflow evaluates expressions with ``eval``; we replace its environment
with :mod:`toolkit.expressions`. A stock ``serviceTask`` waits forever in
STARTED and is missing from the default serializer config; ours calls the
handler registry and is registered with the serializer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, ClassVar

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, full_tag
from SpiffWorkflow.bpmn.parser.TaskParser import TaskParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.event_definition import (
    TimerConditionalEventDefinitionConverter,
)
from SpiffWorkflow.bpmn.serializer.default.task_spec import (
    BpmnTaskSpecConverter,
    MultiInstanceTaskConverter,
)
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnSubWorkflowConverter,
    BpmnWorkflowConverter,
)
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow

from toolkit import expressions
from toolkit.engine.bounds import BoundedParallelMultiInstance, BoundedSequentialMultiInstance
from toolkit.engine.tasktree import FastTaskQueries
from toolkit.engine.timers import ClockedCycle, ClockedDuration, ClockedTimeDate
from toolkit.engine.values import check_storable, register_codecs


class SandboxedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates model expressions with our whitelist interpreter, never ``eval``."""

    def __init__(self) -> None:
        super().__init__({})

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict | None = None) -> Any:
        data = {**(external_context or {}), **context}
        return expressions.evaluate(expression, data)

    def execute(self, script: str, context: dict[str, Any], external_context: dict | None = None) -> bool:
        before = {key: id(value) for key, value in context.items()}
        expressions.execute(script, context)
        for key, value in context.items():  # what the script set must be storable: refuse it here
            if before.get(key) != id(value):
                check_storable(key, value)
        return True

    def call_service(self, context: dict[str, Any], **kwargs: Any) -> Any:  # pragma: no cover - unused
        raise NotImplementedError("service tasks are dispatched by ReglamentScriptEngine.call_service")


#: The recursion limit reglament allows itself while SpiffWorkflow works (see recursion_room).
MAX_RECURSION = 400_000


@contextmanager
def recursion_room(nodes: int) -> Iterator[None]:
    """Let SpiffWorkflow recurse as deep as a model of ``nodes`` flow nodes needs.

    Its parser follows sequence flows recursively and its predictor walks the
    whole definite future of a token recursively, so a chain of 1,000 tasks
    exceeds Python's default limit of 1,000 frames. These are plain Python-to-Python
    calls, which Python 3.11 runs without growing the C stack, so a limit
    proportional to the model (a few frames per node) is safe; endless recursion
    is prevented separately (loops nothing can leave are refused up front).
    """
    needed = min(2_000 + 12 * nodes, MAX_RECURSION)
    previous = sys.getrecursionlimit()
    if needed > previous:
        sys.setrecursionlimit(needed)
    try:
        yield
    finally:
        if needed > previous:
            sys.setrecursionlimit(previous)


class ReglamentScriptEngine(PythonScriptEngine):
    """Script engine with a sandboxed environment and a service dispatcher.

    ``service_dispatch(task) -> dict`` is installed by the engine; it looks up the
    task's model node and calls the registered handler.
    """

    def __init__(self, service_dispatch: Callable[[Any], dict[str, Any]] | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(environment=SandboxedEnvironment())
        self.service_dispatch = service_dispatch
        self.clock = clock or datetime.now
        #: Set by Engine.fire_timers: the "now" timers compare against during that call.
        self.now_override: datetime | None = None

    def now(self) -> datetime:
        """What timers take as the current moment."""
        return self.now_override if self.now_override is not None else self.clock()

    def validate(self, expression: str) -> None:
        expressions.check_expression(expression)

    def call_service(self, task: Any, **kwargs: Any) -> dict[str, Any]:
        if self.service_dispatch is None:
            raise RuntimeError("no service dispatcher installed")
        return self.service_dispatch(task)


class ReglamentServiceTask(ServiceTask):
    """A service task that calls its handler and completes in the same step."""

    def _execute(self, task: Any) -> bool:
        reply = task.workflow.script_engine.call_service(task)
        task.data.update(reply)
        return True


class ReglamentParser(BpmnParser):
    """BpmnParser that builds our service task class."""

    OVERRIDE_PARSER_CLASSES: ClassVar[dict[str, tuple[type, type]]] = {full_tag("serviceTask"): (TaskParser, ReglamentServiceTask)}


class _Observed:
    """Tells the top workflow's observer about every completed task, sub-workflows included.

    SpiffWorkflow calls ``_task_completed_notify`` on the task's own workflow for
    every completion (user tasks, gateways, events, timers, multi-instance
    children); hooking it gives the engine its trace and its step count without
    walking the task tree after each step.
    """

    def _task_completed_notify(self, task: Any) -> None:
        super()._task_completed_notify(task)  # type: ignore[misc]
        observer = getattr(self.top_workflow, "observer", None)  # type: ignore[attr-defined]
        if observer is not None:
            observer(task)


class ReglamentSubWorkflow(_Observed, FastTaskQueries, BpmnSubWorkflow):
    """A participant or sub-process of a reglament instance."""


class ReglamentWorkflow(_Observed, FastTaskQueries, BpmnWorkflow):
    """The top workflow of a reglament instance; ``observer(task)`` hears every completion."""

    observer: Callable[[Any], None] | None = None

    def create_subprocess(self, my_task: Any, spec_name: str) -> ReglamentSubWorkflow:
        subprocess = ReglamentSubWorkflow(self.subprocess_specs[spec_name], parent_task_id=my_task.id,
                                          top_workflow=self)
        self.subprocesses[my_task.id] = subprocess
        return subprocess


def make_serializer() -> BpmnWorkflowSerializer:
    """A serializer that knows every class our parser and engine produce, and the data
    types an instance may hold (see :mod:`toolkit.engine.values`)."""
    config = dict(DEFAULT_CONFIG)
    config[ReglamentServiceTask] = BpmnTaskSpecConverter
    config[ReglamentWorkflow] = BpmnWorkflowConverter
    config[ReglamentSubWorkflow] = BpmnSubWorkflowConverter
    for clocked in (ClockedTimeDate, ClockedDuration, ClockedCycle):
        config[clocked] = TimerConditionalEventDefinitionConverter
    for bounded in (BoundedParallelMultiInstance, BoundedSequentialMultiInstance):
        config[bounded] = MultiInstanceTaskConverter
    registry = DefaultRegistry()
    register_codecs(registry)
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config, registry))
