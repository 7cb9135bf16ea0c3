"""Our adapters to SpiffWorkflow 3.2: sandboxed scripting, handler-backed service
tasks, and a serializer that knows every task class we use.

SpiffWorkflow evaluates expressions with ``eval``; we replace its environment
with :mod:`toolkit.expressions`. A stock ``serviceTask`` waits forever in
STARTED and is missing from the default serializer config; ours calls the
handler registry and is registered with the serializer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, full_tag
from SpiffWorkflow.bpmn.parser.TaskParser import TaskParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.script_engine.python_environment import BasePythonScriptEngineEnvironment
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.task_spec import BpmnTaskSpecConverter
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask

from toolkit import expressions


class SandboxedEnvironment(BasePythonScriptEngineEnvironment):
    """Evaluates model expressions with our whitelist interpreter, never ``eval``."""

    def __init__(self) -> None:
        super().__init__({})

    def evaluate(self, expression: str, context: dict[str, Any], external_context: dict | None = None) -> Any:
        data = {**(external_context or {}), **context}
        return expressions.evaluate(expression, data)

    def execute(self, script: str, context: dict[str, Any], external_context: dict | None = None) -> bool:
        expressions.execute(script, context)
        return True

    def call_service(self, context: dict[str, Any], **kwargs: Any) -> Any:  # pragma: no cover - unused
        raise NotImplementedError("service tasks are dispatched by ReglamentScriptEngine.call_service")


class ReglamentScriptEngine(PythonScriptEngine):
    """Script engine with a sandboxed environment and a service dispatcher.

    ``service_dispatch(task) -> dict`` is installed by the engine; it looks up the
    task's model node and calls the registered handler.
    """

    def __init__(self, service_dispatch: Callable[[Any], dict[str, Any]] | None = None) -> None:
        super().__init__(environment=SandboxedEnvironment())
        self.service_dispatch = service_dispatch

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


def make_serializer() -> BpmnWorkflowSerializer:
    """A serializer that knows every task class our parser can produce."""
    config = dict(DEFAULT_CONFIG)
    config[ReglamentServiceTask] = BpmnTaskSpecConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))
