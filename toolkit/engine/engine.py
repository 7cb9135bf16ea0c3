"""The engine: parse each model once, start, resume and run instances.

Parsing a BPMN file into SpiffWorkflow specs costs milliseconds; starting an
instance costs far less. So definitions are cached by the model's content hash
and instances are cheap. Everything model-specific (time limits, clauses,
operations) is read from the loaded :class:`~toolkit.model.Model`, never from the
XML a second time.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.exceptions import WorkflowException

from toolkit.engine.handlers import HandlerError, HandlerRegistry
from toolkit.engine.instance import Instance, ReadyTask
from toolkit.engine.safety import check_model_expressions
from toolkit.engine.simulations import simulated_handlers
from toolkit.engine.spiff import ReglamentParser, ReglamentScriptEngine, make_serializer
from toolkit.errors import InputError, ModelError
from toolkit.model import Model, load_model, validate_xsd, xml_tree
from toolkit.model.elements import TimeLimit

FORMAT = "reglament-instance/1"

#: An instance that completes this many user tasks without ending is going round a
#: loop its data never leaves; :meth:`Engine.drive` stops it and says so.
MAX_USER_TASKS = 200

#: ``due(start, limit) -> datetime | None``: how a time limit becomes a due date.
DueCalculator = Callable[[datetime, TimeLimit], datetime | None]


@dataclass(frozen=True)
class ProcessDefinition:
    """A model parsed into SpiffWorkflow specs; immutable and shared by its instances."""

    model: Model
    digest: str
    entry: str
    spec: Any
    subprocess_specs: Mapping[str, Any]


def model_digest(model: Model) -> str:
    return hashlib.sha256(model.xml).hexdigest()


class Engine:
    """Runs regulation models.

    ``handlers``: the service-task handlers (default: the in-memory simulations).
    ``clock``: a callable returning "now" — inject one to jump in time in tests.
    ``due_calculator``: turns a start and a time limit into a due date-time
    (default: none, until a calendar is given).
    """

    def __init__(self, handlers: HandlerRegistry | None = None,
                 clock: Callable[[], datetime] | None = None,
                 due_calculator: DueCalculator | None = None) -> None:
        self.handlers = handlers if handlers is not None else simulated_handlers()
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now().replace(microsecond=0))
        self.due_calculator = due_calculator
        self._definitions: dict[str, ProcessDefinition] = {}
        self._by_file: dict[tuple[str, int, int], ProcessDefinition] = {}
        self._serializer = make_serializer()

    # -- definitions --------------------------------------------------------------
    def definition(self, model: Model | str | Path) -> ProcessDefinition:
        """Parse (once) and return the definition of ``model`` (a Model or a path).

        A path is re-read only when its size or modification time changes, so a
        service starting many instances of one file pays for parsing once.
        """
        if not isinstance(model, Model):
            key = self._file_key(model)
            if key is not None and key in self._by_file:
                return self._by_file[key]
            definition = self.definition(load_model(model))
            if key is not None:
                self._by_file[key] = definition
            return definition
        loaded = model
        digest = model_digest(loaded)
        cached = self._definitions.get(digest)
        if cached is not None and cached.model.source == loaded.source:
            return cached
        check_model_expressions(loaded)
        schema_errors = validate_xsd(loaded)
        if schema_errors:
            first = schema_errors[0]
            more = f" ({len(schema_errors)} schema errors; `reglament lint` lists them all)" \
                if len(schema_errors) > 1 else ""
            raise ModelError(f"not valid BPMN 2.0, refusing to run it: {first.message}{more}",
                             loaded.source, first.line)
        definition = self._parse(loaded, digest)
        self._definitions[digest] = definition
        return definition

    @staticmethod
    def _file_key(path: str | Path) -> tuple[str, int, int] | None:
        try:
            stat = Path(path).stat()
        except OSError:
            return None  # load_model will say what is wrong with it
        return (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)

    def _parse(self, model: Model, digest: str) -> ProcessDefinition:
        parser = ReglamentParser()
        try:
            parser.add_bpmn_xml(xml_tree(model), filename=model.source)
            executable = [p for p in model.processes.values() if p.is_executable]
            pooled = [pt for pt in model.participants.values()
                      if pt.process_ref in {p.id for p in executable}]
            if model.collaboration_id and len(pooled) > 1:
                spec, subprocesses = parser.get_collaboration(model.collaboration_id)
                entry = model.collaboration_id
            elif len(executable) == 1:
                entry = executable[0].id
                spec = parser.get_spec(entry)
                subprocesses = parser.get_subprocess_specs(entry)
            elif not executable:
                raise ModelError("no executable process (set isExecutable=\"true\")", model.source)
            else:
                raise ModelError("several executable processes and no collaboration joining them",
                                 model.source)
        except ValidationException as exc:
            element = getattr(exc, "id", None)
            line = getattr(exc, "line_number", None) or (model.line_of(element) if element else None)
            message = " ".join(str(exc).split())
            raise ModelError(f"SpiffWorkflow cannot parse it{f' ({element})' if element else ''}: {message}",
                             model.source, line or None) from None
        return ProcessDefinition(model=model, digest=digest, entry=entry, spec=spec,
                                 subprocess_specs=dict(subprocesses))

    # -- instances ----------------------------------------------------------------
    def _script_engine(self, definition: ProcessDefinition) -> ReglamentScriptEngine:
        model = definition.model

        def dispatch(task: Any) -> dict[str, Any]:
            node = model.nodes.get(task.task_spec.bpmn_id)
            if node is None:  # pragma: no cover - a spec without a model node
                raise HandlerError(f"service task {task.task_spec.bpmn_id!r} is not in the model")
            return self.handlers.call(node, task.data)

        return ReglamentScriptEngine(service_dispatch=dispatch)

    def start(self, model: Model | str | Path, data: Mapping[str, Any] | None = None) -> Instance:
        """Start an instance with ``data`` and run it up to the first wait."""
        definition = self.definition(model)
        # SpiffWorkflow 3.2 rewires the collaboration's top spec at run time (a participant
        # started by a message gets connected to Start for good), so each instance gets its
        # own copy of that small spec (~0.3 ms); the process specs beneath it are shared.
        workflow = BpmnWorkflow(copy.deepcopy(definition.spec), dict(definition.subprocess_specs),
                                script_engine=self._script_engine(definition))
        start = workflow.get_tasks(spec_name="Start")
        for task in start:
            task.data.update(dict(data or {}))
        instance = Instance(self, definition, workflow)
        self._run(instance.advance, definition.model)
        return instance

    def complete(self, instance: Instance, task: str, data: Mapping[str, Any] | None = None) -> None:
        """Complete a user task; errors from the model's expressions or handlers become InputErrors."""
        self._run(lambda: instance.complete(task, data), instance.model)

    def drive(self, instance: Instance,
              values_for: Callable[[ReadyTask], Mapping[str, Any]]) -> str | None:
        """Complete ready user tasks with ``values_for(task)`` until the instance ends.

        Returns ``None`` when it finished, else why it stopped: waiting (a message,
        a timer, a failed service task) or :data:`MAX_USER_TASKS` tasks without an
        end (the data keeps it in a loop).
        """
        completed = 0
        while not instance.is_finished and completed < MAX_USER_TASKS:
            ready = instance.ready_tasks()
            if not ready:
                break
            self.complete(instance, ready[0].task_id, values_for(ready[0]))
            completed += 1
        if instance.is_finished:
            return None
        if completed >= MAX_USER_TASKS:
            return f"{MAX_USER_TASKS} user tasks completed without reaching an end: the data keeps it in a loop"
        waiting = ", ".join(instance.waiting_at())
        if waiting:
            return f"waiting at {waiting} and no user task is ready (a message, a timer or a failed service task)"
        return "no end event was reached"

    def retry_failed(self, instance: Instance) -> tuple[str, ...]:
        """Run again the service tasks whose handler failed; returns their node ids."""
        retried: tuple[str, ...] = ()

        def step() -> None:
            nonlocal retried
            retried = instance.retry_failed()

        self._run(step, instance.model)
        return retried

    def _run(self, step: Callable[[], None], model: Model | None = None) -> None:
        """Run ``step``; a failure of the model's expressions or of a handler becomes one
        InputError naming the file, the line and the element where it happened."""
        try:
            step()
        except (WorkflowException, HandlerError) as exc:
            task = getattr(exc, "task", None)
            node_id = getattr(exc, "node_id", None) or getattr(getattr(task, "task_spec", None), "bpmn_id", None)
            inner = None if isinstance(exc, HandlerError) else (getattr(exc, "exception", None) or exc.__cause__)
            detail = " ".join(str(exc).split())
            if inner is not None and str(inner) not in detail:
                detail += f": {' '.join(str(inner).split())}"
            where = f"{node_id}: " if node_id else ""
            raise InputError(f"the instance stopped at {where}{detail}",
                             model.source if model else None,
                             model.line_of(node_id) if model and node_id else None) from None

    def due(self, start: datetime, limit: TimeLimit | None) -> datetime | None:
        if limit is None or self.due_calculator is None:
            return None
        return self.due_calculator(start, limit)

    # -- persistence --------------------------------------------------------------
    def dump(self, instance: Instance) -> str:
        """Serialize an instance to JSON (the workflow, our bookkeeping, and which model)."""
        source = instance.model.source
        if Path(source).exists():
            source = str(Path(source).resolve())  # so it resumes from any working directory
        envelope = {
            "format": FORMAT,
            "model": {"source": source, "sha256": instance.definition.digest},
            "workflow": self._serializer.to_dict(instance.workflow),
        }
        return json.dumps(envelope, ensure_ascii=False)

    def restore(self, text: str, model: Model | str | Path | None = None) -> Instance:
        """Resume an instance from :meth:`dump` output exactly where it was.

        The model is loaded from the path recorded in the JSON unless given; if
        its content changed since the dump, resuming is refused.
        """
        try:
            envelope = json.loads(text)
            if envelope.get("format") != FORMAT:
                raise InputError(f"not a reglament instance (format {envelope.get('format')!r})")
            recorded = envelope["model"]
            workflow_dict = envelope["workflow"]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"not a reglament instance: {exc}") from None
        if model is None and not isinstance(recorded.get("source") if isinstance(recorded, dict) else None, str):
            raise InputError("not a reglament instance: it does not say which model it runs")
        definition = self.definition(model if model is not None else recorded["source"])
        if definition.digest != recorded.get("sha256"):
            raise InputError(f"{definition.model.source} changed since the instance was saved; "
                             "it cannot resume on a different model")
        try:
            workflow = self._serializer.from_dict(workflow_dict)
        except Exception as exc:  # SpiffWorkflow's converters raise anything on a damaged document
            raise InputError(f"the saved instance is damaged: {type(exc).__name__}: {exc}") from None
        if not isinstance(workflow, BpmnWorkflow):
            raise InputError("the saved instance is damaged: it holds no workflow")
        workflow.script_engine = self._script_engine(definition)
        return Instance(self, definition, workflow)
