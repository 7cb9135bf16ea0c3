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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.util.event import BpmnEvent
from SpiffWorkflow.exceptions import WorkflowException
from SpiffWorkflow.util.task import TaskState

from toolkit.engine import saved
from toolkit.engine.bounds import install_bounded_multi_instance
from toolkit.engine.definition import ProcessDefinition
from toolkit.engine.handlers import HandlerError, HandlerRegistry
from toolkit.engine.instance import Instance, ReadyTask, StepLimitError
from toolkit.engine.safety import check_loops_can_end, check_model_expressions
from toolkit.engine.simulations import simulated_handlers
from toolkit.engine.spiff import (
    ReglamentParser,
    ReglamentScriptEngine,
    ReglamentWorkflow,
    make_serializer,
    recursion_room,
)
from toolkit.engine.timers import install_clocked_timers
from toolkit.engine.values import check_mapping
from toolkit.errors import InputError, ModelError
from toolkit.model import Model, safe_xml, validate_xsd, xml_tree
from toolkit.model.elements import TimeLimit
from toolkit.model.loader import load_model_and_tree
from toolkit.model.xmlnode import gc_paused

#: Engine steps (task completions of every kind: user tasks, gateways, events,
#: timers, service and script tasks, multi-instance children) one engine call may
#: run, and :meth:`Engine.drive` may run in all. A loop that never waits for a
#: person, a message or a timer hits it and stops with :class:`StepLimitError`.
MAX_STEPS = 30_000

#: Kept for callers of the old name: drive's bound is now :attr:`Engine.max_steps`.
MAX_USER_TASKS = MAX_STEPS

#: ``due(start, limit) -> datetime | None``: how a time limit becomes a due date.
DueCalculator = Callable[[datetime, TimeLimit], datetime | None]


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
                 due_calculator: DueCalculator | None = None, *, max_steps: int = MAX_STEPS) -> None:
        if max_steps < 1:
            raise ValueError("max_steps must be at least 1")
        self.handlers = handlers if handlers is not None else simulated_handlers()
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now().replace(microsecond=0))
        self.due_calculator = due_calculator
        self.max_steps = max_steps
        self._definitions: dict[str, ProcessDefinition] = {}
        self._by_file: dict[tuple[str, int, int], ProcessDefinition] = {}
        self._serializer_made: Any = None

    # -- definitions --------------------------------------------------------------
    def definition(self, model: Model | str | Path | ProcessDefinition) -> ProcessDefinition:
        """Parse (once) and return the definition of ``model`` (a Model or a path).

        A path is re-read only when its size or modification time changes, so a
        service starting many instances of one file pays for parsing once.
        """
        if isinstance(model, ProcessDefinition):
            return model
        if isinstance(model, Model):
            return self._define(model)
        key = self._file_key(model)
        if key is not None and key in self._by_file:
            return self._by_file[key]
        definition = self._define(*load_model_and_tree(safe_xml.read_bytes(model), str(model)))
        if key is not None:
            self._by_file[key] = definition
        return definition

    def definition_from_bytes(self, xml: bytes, source: str) -> ProcessDefinition:
        """The definition of a model kept as bytes (e.g. by a store), cached by content hash.

        ``source`` names it in messages (a path, or ``store:<hash>``).
        """
        digest = hashlib.sha256(xml).hexdigest()
        cached = self._definitions.get(digest)
        if cached is not None:
            return cached
        return self._define(*load_model_and_tree(xml, source))

    def _define(self, loaded: Model, tree: Any = None) -> ProcessDefinition:
        """Check and parse a loaded model, once per content. ``tree``: the lxml tree it was
        loaded from, if the caller has it; the XSD and SpiffWorkflow's parser then read that
        one tree instead of parsing the source twice more (a cold start's largest saving)."""
        digest = model_digest(loaded)
        cached = self._definitions.get(digest)
        if cached is not None and cached.model.source == loaded.source:
            return cached
        if tree is None:
            tree = xml_tree(loaded)
        check_model_expressions(loaded, tree)
        check_loops_can_end(loaded)
        schema_errors = validate_xsd(loaded, tree)
        if schema_errors:
            first = schema_errors[0]
            more = f" ({len(schema_errors)} schema errors; `reglament lint` lists them all)" \
                if len(schema_errors) > 1 else ""
            raise ModelError(f"not valid BPMN 2.0, refusing to run it: {first.message}{more}",
                             loaded.source, first.line)
        with gc_paused():  # the specs all live as long as the definition
            definition = self._parse(loaded, digest, tree)
        self._definitions[digest] = definition
        return definition

    @staticmethod
    def _file_key(path: str | Path) -> tuple[str, int, int] | None:
        try:
            stat = Path(path).stat()
        except OSError:
            return None  # load_model will say what is wrong with it
        return (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)

    def _parse(self, model: Model, digest: str, tree: Any = None) -> ProcessDefinition:
        with recursion_room(len(model.nodes)):
            return self._parse_deep(model, digest, xml_tree(model) if tree is None else tree)

    def _parse_deep(self, model: Model, digest: str, tree: Any) -> ProcessDefinition:
        parser = ReglamentParser()
        try:
            parser.add_bpmn_xml(tree, filename=model.source)
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
        install_clocked_timers([spec, *subprocesses.values()])
        install_bounded_multi_instance([spec, *subprocesses.values()])
        return ProcessDefinition(model=model, digest=digest, entry=entry, spec=spec,
                                 subprocess_specs=dict(subprocesses))

    # -- instances ----------------------------------------------------------------
    def _script_engine(self, instance_ref: list[Instance]) -> ReglamentScriptEngine:
        """The script engine of one instance: sandboxed, on our clock, calling our handlers."""

        def dispatch(task: Any) -> dict[str, Any]:
            instance = instance_ref[0]
            node = instance.model.nodes.get(task.task_spec.bpmn_id)
            if node is None:  # pragma: no cover - a spec without a model node
                raise HandlerError(f"service task {task.task_spec.bpmn_id!r} is not in the model")
            key = f"{instance.root_id}:{node.id}:{instance.completions(node.id)}"
            return self.handlers.call(node, task.data, key)

        return ReglamentScriptEngine(service_dispatch=dispatch, clock=self.clock)

    def _attach(self, definition: ProcessDefinition, workflow: Any, book: dict[str, Any] | None = None,
                ref: list[Instance] | None = None) -> Instance:
        ref = ref if ref is not None else []
        instance = Instance(self, definition, workflow, book)
        ref[:] = [instance]
        return instance

    def start(self, model: Model | str | Path | ProcessDefinition, data: Mapping[str, Any] | None = None,
              *, user: str | None = None) -> Instance:
        """Start an instance with ``data`` on behalf of ``user`` and run it up to the first wait.

        Every value of ``data`` must be storable (:mod:`toolkit.engine.values`).
        """
        definition = self.definition(model)
        values = check_mapping(data)
        ref: list[Instance] = []
        # SpiffWorkflow 3.2 rewires a collaboration's top spec at run time (a participant
        # started by a message gets connected to Start and End for good), so each instance
        # of a collaboration gets its own copy of the connections (fresh_top_spec); the
        # process specs beneath it, and a lone process's spec, are never changed and are shared.
        try:
            with recursion_room(len(definition.model.nodes)):
                spec = fresh_top_spec(definition.spec) if definition.is_collaboration else definition.spec
                workflow = ReglamentWorkflow(spec, dict(definition.subprocess_specs),
                                             script_engine=self._script_engine(ref))
        except (Exception, RecursionError) as exc:
            raise InputError(f"SpiffWorkflow cannot start the model: {type(exc).__name__}: "
                             f"{' '.join(str(exc).split())[:200]}", definition.model.source) from None
        for task in workflow.get_tasks(spec_name="Start"):
            task.data.update(values)
        instance = self._attach(definition, workflow, ref=ref)
        self._run(instance, instance.advance, user)
        return instance

    def complete(self, instance: Instance, task: str, data: Mapping[str, Any] | None = None,
                 *, user: str | None = None) -> None:
        """Complete a ready user task (task id or node id) on behalf of ``user``; errors from the
        model's expressions or handlers become InputErrors."""
        self._run(instance, lambda: instance.complete(task, data), user)

    def deliver(self, instance: Instance, message_name: str, payload: Mapping[str, Any] | None = None,
                *, user: str | None = None) -> None:
        """Deliver a message from an outside system to the catch event or receive task waiting
        for it (see :meth:`Instance.message_waits`); ``payload`` is merged into its data.

        Raises :class:`InputError` when nothing in the instance waits for ``message_name``.
        """
        values = check_mapping(payload, "a message payload")
        waiting = [w for w in instance.message_waits() if w.message == message_name]
        if not waiting:
            names = ", ".join(sorted({w.message for w in instance.message_waits()})) or "none"
            raise InputError(f"nothing in the instance waits for the message {message_name!r} "
                             f"(waiting for: {names})", instance.model.source)
        definition = next(d for t in instance._event_tasks() for d in _message_definitions(t)
                          if d.name == message_name)

        def step() -> None:
            instance.workflow.send_event(BpmnEvent(definition, payload=values))
            instance.advance()

        self._run(instance, step, user)

    def fire_timers(self, instance: Instance, now: datetime, *, user: str | None = None) -> tuple[str, ...]:
        """Fire the timers due at ``now`` (naive = local time, like the engine clock) and run
        the instance to its next wait; returns the node ids of the timers that fired."""
        moment = _aware(now)
        due = tuple(sorted({w.node_id for w in instance.timer_waits()
                            if w.due is not None and _aware(w.due) <= moment}))
        engine = instance.workflow.script_engine

        def step() -> None:
            engine.now_override = now
            try:
                instance.workflow.refresh_timers()
                instance.advance()
            finally:
                engine.now_override = None

        self._run(instance, step, user)
        return due

    def drive(self, instance: Instance,
              values_for: Callable[[ReadyTask], Mapping[str, Any]], *, user: str | None = None) -> str | None:
        """Complete ready user tasks with ``values_for(task)`` until the instance ends.

        Returns ``None`` when it finished, else why it stopped: waiting (a message,
        a timer, a failed service task), an endless loop, or :attr:`max_steps` steps
        without an end.

        An endless loop is told from a long run exactly: the engine is deterministic,
        so when the instance is back at the same ready tasks with the same data and
        is given the same values, it will go round again forever. A loop whose data
        changes (a counter, a new answer) runs on, up to :attr:`max_steps` in all.
        """
        steps = 0
        seen: set[str] = set()
        try:
            while not instance.is_finished:
                ready = instance.ready_tasks()
                if not ready:
                    break
                if steps >= self.max_steps:
                    return (f"{self.max_steps:,} engine steps without reaching an end "
                            "(raise Engine(max_steps=...) if the run is genuinely that long)")
                values = values_for(ready[0])
                state = _fingerprint(instance, ready[0], values)
                if state in seen:
                    return (f"back at {ready[0].node_id} with the same data: the data keeps it in a loop "
                            "that never ends")
                seen.add(state)
                self.complete(instance, ready[0].task_id, values, user=user)
                steps += instance.last_steps
        except StepLimitError as exc:
            return exc.message
        if instance.is_finished:
            return None
        waiting = ", ".join(instance.waiting_at())
        if waiting:
            return f"waiting at {waiting} and no user task is ready (a message, a timer or a failed service task)"
        return "no end event was reached"

    def retry_failed(self, instance: Instance, *, user: str | None = None) -> tuple[str, ...]:
        """Run again the service tasks whose handler failed; returns their node ids."""
        retried: tuple[str, ...] = ()

        def step() -> None:
            nonlocal retried
            retried = instance.retry_failed()

        self._run(instance, step, user)
        return retried

    def _run(self, instance: Instance, step: Callable[[], None], user: str | None = None) -> None:
        """Run ``step`` for ``user`` within :attr:`max_steps`; a failure of the model's
        expressions or of a handler becomes one InputError naming the file, the line
        and the element where it happened."""
        model = instance.model
        instance._begin(user, self.max_steps)
        try:
            with recursion_room(len(model.nodes)):
                step()
        except InputError:
            raise
        except (WorkflowException, HandlerError) as exc:
            raise _as_input_error(exc, model) from None
        except (Exception, RecursionError) as exc:
            node_id = getattr(getattr(instance.current_task, "task_spec", None), "bpmn_id", None)
            where = f"{node_id}: " if node_id else ""
            detail = " ".join(str(exc).split())[:300]
            raise InputError(f"the instance stopped at {where}{type(exc).__name__}: {detail}", model.source,
                             model.line_of(node_id) if node_id else None) from None
        finally:
            instance._end()

    def due(self, start: datetime, limit: TimeLimit | None) -> datetime | None:
        if limit is None or self.due_calculator is None:
            return None
        return self.due_calculator(start, limit)

    # -- persistence --------------------------------------------------------------
    @property
    def _serializer(self) -> Any:
        """SpiffWorkflow's serializer, built on first save or restore: an engine that only
        runs instances (a CLI run, a cold start) does not pay for configuring it."""
        if self._serializer_made is None:
            self._serializer_made = make_serializer()
        return self._serializer_made

    def dump(self, instance: Instance, *, embed_model: bool = True) -> str:
        """Serialize an instance to JSON: the workflow, our bookkeeping, and the model version
        it runs on (content hash; with ``embed_model`` the model's source too, so the saved
        instance resumes on that version wherever the file went). See :mod:`toolkit.engine.saved`."""
        return saved.dump(instance, self._serializer, embed_model=embed_model)

    def restore(self, text: str, definition: ProcessDefinition | Model | str | Path | None = None) -> Instance:
        """Resume an instance from :meth:`dump` output exactly where it was.

        With ``definition`` (or a model / path), its content hash must equal the recorded
        one; without, the embedded model source is used (its hash verified), or, for a
        dump made with ``embed_model=False``, the recorded path (refused if it changed).
        Damaged or tampered JSON is refused with one :class:`InputError`.
        """
        envelope = saved.parse(text)
        recorded = envelope["model"]
        if definition is not None:
            chosen = self.definition(definition)
        elif recorded.get("xml") is not None:
            chosen = self.definition_from_bytes(saved.embedded_xml(recorded), recorded.get("source") or "<saved>")
        else:
            chosen = self.definition(recorded["source"])
        if chosen.digest != recorded["sha256"]:
            raise InputError(f"{chosen.model.source} is not the model version the instance was started on "
                             f"(sha256 {recorded['sha256'][:12]}…, this one {chosen.digest[:12]}…); "
                             "it cannot resume on a different model")
        ref: list[Instance] = []
        with recursion_room(len(chosen.model.nodes)):
            workflow = saved.restore_workflow(envelope["workflow"], self._serializer,
                                              envelope.get("serializer_version"))
        workflow.script_engine = self._script_engine(ref)
        return self._attach(chosen, workflow, envelope["book"], ref)


def fresh_top_spec(spec: Any) -> Any:
    """A copy of a collaboration's top spec that SpiffWorkflow may rewire for one instance.

    ``BpmnStartTask.trigger_wf`` connects a message-started participant to Start and End
    by appending to those task specs' ``_inputs``/``_outputs`` (lists of names). Copying
    exactly those lists, with each small task spec and the spec holding them, isolates
    instances for a fraction of a ``deepcopy`` of the whole graph.
    """
    fresh = copy.copy(spec)
    fresh.task_specs = {}
    for name, task_spec in spec.task_specs.items():
        clone = copy.copy(task_spec)
        clone._wf_spec = fresh
        clone._inputs = list(task_spec._inputs)
        clone._outputs = list(task_spec._outputs)
        if hasattr(task_spec, "trigger_specs"):
            clone.trigger_specs = list(task_spec.trigger_specs)
        fresh.task_specs[name] = clone
    fresh.start = fresh.task_specs[spec.start.name]
    if getattr(spec, "end", None) is not None:
        fresh.end = fresh.task_specs[spec.end.name]
    return fresh


def _aware(moment: datetime) -> datetime:
    """A naive datetime is local time, as the engine clock's."""
    return moment.astimezone(UTC)


_ACTIVE = TaskState.WAITING | TaskState.READY | TaskState.STARTED | TaskState.ERROR


def _fingerprint(instance: Instance, task: ReadyTask, values: Mapping[str, Any]) -> str:
    """The state drive() is about to act on: where every token is, with what data, and the input."""
    tokens = sorted((getattr(t.task_spec, "bpmn_id", None) or t.task_spec.name, t.state,
                     json.dumps(t.data, sort_keys=True, default=str))
                    for t in instance.workflow.get_tasks(state=_ACTIVE))
    return hashlib.sha256(json.dumps([task.node_id, tokens, dict(values)], sort_keys=True,
                                     default=str).encode()).hexdigest()


def _message_definitions(task: Any) -> list[Any]:
    from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition

    definition = task.task_spec.event_definition
    parts = list(getattr(definition, "event_definitions", None) or [definition])
    return [d for d in parts if isinstance(d, MessageEventDefinition)]


def _as_input_error(exc: Exception, model: Model) -> InputError:
    task = getattr(exc, "task", None)
    spec = getattr(task, "task_spec", None) or getattr(exc, "task_spec", None)
    node_id = getattr(exc, "node_id", None) or getattr(spec, "bpmn_id", None)
    inner = None if isinstance(exc, HandlerError) else (getattr(exc, "exception", None) or exc.__cause__
                                                         or exc.__context__)
    detail = " ".join(str(exc).split())
    if inner is not None and str(inner) not in detail:
        detail += f": {' '.join(str(inner).split())}"
    where = f"{node_id}: " if node_id else ""
    return InputError(f"the instance stopped at {where}{detail}", model.source,
                      model.line_of(node_id) if node_id else None)
