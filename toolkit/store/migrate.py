"""Moving a running instance to a newer version of its model, on request only.

SpiffWorkflow 3.2 aligns the old and new task specs (``SpiffWorkflow.bpmn.util.diff``)
and re-points the workflow's tasks at the new specs; tasks that wait (ready,
waiting) are re-predicted from the new model. The store refuses the move when any
task the instance waits at has no counterpart in the new version — the officer's
work would vanish — and names those tasks.
"""

from __future__ import annotations

import copy

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from toolkit.engine import Instance, ProcessDefinition
from toolkit.engine.spiff import make_serializer
from toolkit.store.errors import StoreError

_WAITING = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.ERROR


def migrate_instance(instance: Instance, target: ProcessDefinition) -> Instance:
    """The instance re-pointed at ``target``; raises :class:`StoreError` naming tasks missing there."""
    waiting = {t.node_id for t in instance.ready_tasks()} | set(instance.waiting_at())
    missing = sorted(n for n in waiting if n not in target.model.nodes)
    if missing:
        raise StoreError(f"cannot migrate to {target.digest[:12]}: the instance waits at "
                         f"{', '.join(missing)}, which the new version does not have")
    workflow = instance.workflow
    registry = make_serializer().registry
    spec = copy.deepcopy(target.spec)
    dependencies = dict(target.subprocess_specs)
    top, subprocesses = diff_workflow(registry, workflow, spec, dependencies)
    lost = [t for t in top.removed if t.state & _WAITING]
    for sp_id, diff in subprocesses.items():
        if diff is None:
            raise StoreError(f"cannot migrate to {target.digest[:12]}: process "
                             f"{workflow.subprocesses[sp_id].spec.name} is not in the new version")
        lost += [t for t in diff.removed if t.state & _WAITING]
    if lost:
        names = sorted({getattr(t.task_spec, "bpmn_id", None) or t.task_spec.name for t in lost})
        raise StoreError(f"cannot migrate to {target.digest[:12]}: the instance waits at "
                         f"{', '.join(names)}, which the new version does not have")
    if target.entry != target.model.collaboration_id:
        migrate_workflow(top, workflow, spec)
    # A collaboration's top spec only starts its participants, and SpiffWorkflow rewires it
    # at run time (a participant started by a message stays connected): the instance keeps
    # its own; the participants' processes beneath it are what move to the new version.
    for sp_id, diff in subprocesses.items():
        sub = workflow.subprocesses[sp_id]
        migrate_workflow(diff, sub, dependencies[sub.spec.name])
    workflow.subprocess_specs = dependencies
    return Instance(instance.engine, target, workflow, instance.book)  # its bookkeeping goes along
