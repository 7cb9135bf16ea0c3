"""The saved-instance format, and refusing saved instances that were tampered with.

A saved instance is one JSON object::

    {"format": "reglament-instance/2",
     "serializer_version": "1.5",              # SpiffWorkflow's serializer version
     "model": {"source": "bpmn/x.bpmn",        # where it came from (informative only)
               "sha256": "<hash of the XML>",  # the version it runs on, always checked
               "xml": "<the model's XML>"},    # absent when dumped with embed_model=False
     "book": {"ready_since": {task id: iso}, "trace": [...], "counts": {node id: n}},
     "workflow": {...}}                        # SpiffWorkflow's own dict of the workflow

A saved instance comes back from disk, a database or a user; it is input like
any other. Before SpiffWorkflow sees it, :func:`restore_workflow` checks the
task table is a tree (a root that exists, parents and children that agree, no
cycles, known states and task specs), so a damaged document is one
:class:`InputError` instead of a hang or a traceback deep in the serializer.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from toolkit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from toolkit.engine.instance import Instance

FORMAT = "reglament-instance/2"
#: The largest saved instance we agree to read (a 5,000-step instance is a few MB).
MAX_SAVED_BYTES = 200 * 1024 * 1024
_STATES = frozenset({1, 2, 4, 8, 16, 32, 64, 128, 256})
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _damaged(why: str) -> InputError:
    return InputError(f"the saved instance is damaged: {why}")


def dump(instance: Instance, serializer: Any, *, embed_model: bool = True) -> str:
    model = instance.model
    recorded: dict[str, Any] = {"source": model.source, "sha256": instance.definition.digest}
    if embed_model:
        try:
            recorded["xml"] = model.xml.decode("utf-8")
        except UnicodeDecodeError:
            recorded["xml_base64"] = base64.b64encode(model.xml).decode("ascii")
    # As SpiffWorkflow's own serialize_json: task data is encoded by the registry's JSON encoder.
    serializer.registry._encoder_mode = True
    try:
        envelope = {
            "format": FORMAT,
            "serializer_version": serializer.VERSION,
            "model": recorded,
            "book": instance.book,
            "workflow": serializer.to_dict(instance.workflow),
        }
        return json.dumps(envelope, ensure_ascii=False, allow_nan=False, cls=serializer._encoder_cls)
    except (TypeError, ValueError) as exc:  # values are checked when set; this is a last guard
        raise InputError(f"the instance holds data that cannot be saved: {exc}", model.source) from None
    finally:
        serializer.registry._encoder_mode = False


def embedded_xml(recorded: dict[str, Any]) -> bytes:
    if isinstance(recorded.get("xml_base64"), str):
        try:
            return base64.b64decode(recorded["xml_base64"], validate=True)
        except ValueError:
            raise _damaged("the embedded model is not valid base64") from None
    return str(recorded["xml"]).encode("utf-8")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a value an instance can hold")


def parse(text: str | bytes) -> dict[str, Any]:
    """The envelope of a saved instance, checked for shape; the workflow is checked later."""
    if len(text) > MAX_SAVED_BYTES:
        raise InputError(f"the saved instance is {len(text):,} bytes, over the {MAX_SAVED_BYTES:,}-byte limit")
    try:
        envelope = json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise InputError("not a reglament instance: JSON nested too deeply") from None
    except ValueError as exc:
        raise InputError(f"not a reglament instance: {exc}") from None
    if not isinstance(envelope, dict):
        raise InputError("not a reglament instance: not a JSON object")
    if envelope.get("format") != FORMAT:
        raise InputError(f"not a reglament instance (format {envelope.get('format')!r}, expected {FORMAT!r})")
    model = envelope.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("sha256"), str) \
            or not _SHA256.fullmatch(model["sha256"]):
        raise InputError("not a reglament instance: it does not say which model version it runs on")
    for key in ("source", "xml", "xml_base64"):
        if model.get(key) is not None and not isinstance(model[key], str):
            raise _damaged(f"model.{key} is not a string")
    if model.get("xml") is None and model.get("xml_base64") is None and not model.get("source"):
        raise InputError("not a reglament instance: it neither embeds nor names its model")
    if not isinstance(envelope.get("workflow"), dict):
        raise _damaged("it holds no workflow")
    envelope["book"] = _check_book(envelope.get("book"))
    return envelope


def _check_book(book: Any) -> dict[str, Any]:
    if not isinstance(book, dict):
        raise _damaged("the engine's bookkeeping is not an object")
    since, trace, counts = book.get("ready_since"), book.get("trace"), book.get("counts")
    if not isinstance(since, dict) or not isinstance(trace, list) or not isinstance(counts, dict):
        raise _damaged("the engine's bookkeeping lacks ready_since, trace or counts")
    try:
        for value in since.values():
            datetime.fromisoformat(value)
        for step in trace:
            if not isinstance(step, dict) or not isinstance(step.get("node_id"), str):
                raise _damaged("a trace step has no node id")
            datetime.fromisoformat(step["started"])
            datetime.fromisoformat(step["completed"])
            if step.get("limit") is not None and (type(step["limit"]) is not int or step["limit"] < 0):
                raise _damaged("a trace step has a bad time-limit index")
            if step.get("user") is not None and not isinstance(step["user"], str):
                raise _damaged("a trace step has a user that is not a string")
    except (KeyError, TypeError, ValueError):
        raise _damaged("a trace step or ready time is not an ISO date-time") from None
    if not all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in counts.items()):
        raise _damaged("the completion counts are not whole numbers")
    return {"ready_since": since, "trace": trace, "counts": counts}


def _check_tree(workflow: dict[str, Any], spec_names: set[str] | None, where: str) -> set[str]:
    """Check one (sub-)workflow's task table is a tree rooted at its root; returns its task ids."""
    tasks, root = workflow.get("tasks"), workflow.get("root")
    if not isinstance(tasks, dict) or not tasks:
        raise _damaged(f"{where} has no tasks")
    if not isinstance(root, str) or root not in tasks:
        raise _damaged(f"{where}: the root task {root!r} is not in its task table")
    seen: set[str] = set()
    for key, task in tasks.items():
        _check_task_record(key, task, tasks, spec_names, where)
        _check_task_parent(key, task, tasks, root, seen, where)
        _check_task_data(key, task, where)
        seen.add(key)
    reached = _reach_from_root(tasks, root, where)
    if reached != seen:
        raise _damaged(f"{where}: {len(seen) - len(reached)} tasks are not reachable from the root")
    return reached


def _check_task_record(key: str, task: Any, tasks: dict[str, Any], spec_names: set[str] | None,
                       where: str) -> None:
    """The record's own fields: its id is a UUID, its state known, its spec and children real."""
    if not isinstance(task, dict) or task.get("id") != key:
        raise _damaged(f"{where}: task {key!r} is not a task record")
    try:
        UUID(key)
    except (ValueError, TypeError, AttributeError):
        raise _damaged(f"{where}: task id {key!r} is not a UUID") from None
    state, children = task.get("state"), task.get("children")
    if type(state) is not int or state not in _STATES:
        raise _damaged(f"{where}: task {key} has the unknown state {state!r}")
    if not isinstance(task.get("task_spec"), str) or (spec_names is not None and task["task_spec"] not in spec_names):
        raise _damaged(f"{where}: task {key} names an unknown task spec {task.get('task_spec')!r}")
    if not isinstance(children, list) or not all(isinstance(c, str) and c in tasks for c in children):
        raise _damaged(f"{where}: task {key} lists children that are not in the task table")


def _check_task_parent(key: str, task: dict[str, Any], tasks: dict[str, Any], root: str, seen: set[str],
                       where: str) -> None:
    """Only the root has no parent; a parent comes first in the table and lists the task as a child."""
    parent = task.get("parent")
    if (key == root) != (parent is None):
        raise _damaged(f"{where}: task {key} has a parent that does not fit the root")
    if parent is None:
        return
    if parent not in seen:
        raise _damaged(f"{where}: task {key} comes before its parent {parent!r}")
    if key not in tasks[parent].get("children", ()):
        raise _damaged(f"{where}: task {key} is not among the children of its parent")


def _check_task_data(key: str, task: dict[str, Any], where: str) -> None:
    """Task data, internal data and the data delta have the shapes SpiffWorkflow reads."""
    for name in ("data", "internal_data"):
        if not isinstance(task.get(name, {}), dict):
            raise _damaged(f"{where}: task {key} has {name} that is not an object")
    delta = task.get("delta", {})
    if not isinstance(delta, dict) or not isinstance(delta.get("updates", {}), dict) \
            or not isinstance(delta.get("deletions", []), list):
        raise _damaged(f"{where}: task {key} has a malformed data delta")


def _reach_from_root(tasks: dict[str, Any], root: str, where: str) -> set[str]:
    """Every task is reached exactly once from the root: no cycles, no strays, no shared children."""
    reached: set[str] = set()
    stack = [root]
    while stack:
        key = stack.pop()
        if key in reached:
            raise _damaged(f"{where}: the task tree has a cycle or a shared child at {key}")
        reached.add(key)
        for child in tasks[key]["children"]:
            if tasks[child].get("parent") != key:
                raise _damaged(f"{where}: task {child} does not name {key} as its parent")
            stack.append(child)
    return reached


def _spec_names(spec: Any) -> set[str] | None:
    if isinstance(spec, dict) and isinstance(spec.get("task_specs"), dict):
        return set(spec["task_specs"])
    return None


def check_workflow(workflow: dict[str, Any]) -> None:
    """Refuse a workflow dict whose task tables are not trees (see the module docstring)."""
    if not isinstance(workflow.get("spec"), dict):
        raise _damaged("the workflow has no spec")
    ids = _check_tree(workflow, _spec_names(workflow["spec"]), "the workflow")
    subprocess_specs = workflow.get("subprocess_specs", {})
    subprocesses = workflow.get("subprocesses", {})
    if not isinstance(subprocess_specs, dict) or not isinstance(subprocesses, dict):
        raise _damaged("the sub-workflows are not objects")
    for key, sub in subprocesses.items():
        if not isinstance(sub, dict) or not isinstance(sub.get("spec"), str):
            raise _damaged(f"sub-workflow {key!r} is not a workflow record")
        if sub["spec"] not in subprocess_specs:
            raise _damaged(f"sub-workflow {key!r} runs an unknown spec {sub['spec']!r}")
        ids |= _check_tree(sub, _spec_names(subprocess_specs[sub["spec"]]), f"sub-workflow {key}")
    for key, sub in subprocesses.items():
        if key not in ids or sub.get("parent_task_id") != key:
            raise _damaged(f"sub-workflow {key!r} does not hang from a task of the instance")


def restore_workflow(workflow: dict[str, Any], serializer: Any, version: Any = None) -> Any:
    """Check, migrate from the recorded serializer ``version`` if older, then let
    SpiffWorkflow rebuild the workflow; any failure is one InputError."""
    from toolkit.engine.spiff import ReglamentWorkflow

    check_workflow(workflow)
    try:
        workflow[serializer.VERSION_KEY] = version if isinstance(version, str) else serializer.VERSION
        serializer.migrate(workflow)
        restored = serializer.from_dict(workflow)
    except Exception as exc:  # the serializer raises anything on a damaged document
        raise _damaged(f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(restored, ReglamentWorkflow):
        raise _damaged("it holds no reglament workflow")
    return restored
