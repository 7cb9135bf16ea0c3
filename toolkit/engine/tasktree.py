"""Finding tasks in a long-running workflow without walking its whole history.

SpiffWorkflow answers every "which tasks are ready / waiting?" by walking the
task tree from its root. Two things follow for a long instance:

* its iterator stops at depth 1,000 (``TaskIterator(max_depth=1000)``), so in a
  chain of 1,000 steps (or a loop that went round often) the tasks beyond that
  depth are never offered, and the workflow even looks completed;
* every query costs the whole history, so running n steps costs n² (about 85×
  per 10× length).

Finished tasks (completed or cancelled) never change again, and a subtree whose
tasks are all finished can never hold a ready task. :func:`live_tasks` walks the
tree skipping such *dead* subtrees and jumping down chains of finished tasks
that have one live child, remembering both per workflow. Each finished task is
passed over a bounded number of times, so a query costs about the size of the
live frontier and n steps cost about n. The order of the answer is
SpiffWorkflow's own (depth first, sub-workflows before a task's children), minus
the tasks that could not match. Queries that ask for finished tasks, start
elsewhere or stop at a spec fall back to SpiffWorkflow's iterator with the depth
limit lifted: slower, never wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.util.task import BpmnTaskFilter, BpmnTaskIterator
from SpiffWorkflow.util.task import TaskIterator, TaskState

_FINISHED = TaskState.COMPLETED | TaskState.CANCELLED
UNLIMITED = sys.maxsize


def _finished(task: Any) -> bool:
    return bool(task._state & _FINISHED)


class _Memo:
    """Per-workflow memory: dead task ids, jump pointers down finished chains, and the
    tasks jumped over (if one of those, or a dead one, gets a new child — SpiffWorkflow
    does that when a message starts another participant — the memory is dropped)."""

    __slots__ = ("dead", "jump", "passed")

    def __init__(self) -> None:
        self.dead: set[Any] = set()
        self.jump: dict[Any, Any] = {}
        self.passed: set[Any] = set()


class TaskTable(dict):
    """A workflow's task table that remembers which tasks were added since the last query."""

    __slots__ = ("added",)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.added: list[Any] = []

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.added.append(value)


def _memo(workflow: Any) -> _Memo:
    state = workflow.__dict__
    table = state["tasks"]
    if type(table) is not TaskTable:  # a new workflow, or one the serializer just filled
        table = state["tasks"] = TaskTable(table)
        state.pop("_reglament_memo", None)
    memo = state.get("_reglament_memo")
    if memo is None:
        memo = state["_reglament_memo"] = _Memo()
    added = table.added
    if added:
        passed, dead = memo.passed, memo.dead
        for task in added:
            if task._parent in passed or task._parent in dead:
                memo = state["_reglament_memo"] = _Memo()
                break
        added.clear()
    return memo


def _is_dead(task: Any, memo: _Memo, subprocesses: dict) -> bool:
    """Dead = finished with every child dead (one level, using what is already known)."""
    if task.id in memo.dead:
        return True
    if not _finished(task) or (task.id in subprocesses and not subprocesses[task.id].completed):
        return False
    if all(child in memo.dead for child in task._children):
        memo.dead.add(task.id)
        return True
    return False


def _descend(task: Any, memo: _Memo, tasks: dict, subprocesses: dict) -> Any:
    """From a finished task, follow (and remember) the chain of single live children."""
    start = task
    task = memo.jump.get(task.id, task)
    if task.id not in tasks:  # the remembered task was removed (a dropped prediction)
        task = start
    while _finished(task) and task.id not in subprocesses:
        live = None
        for child_id in task._children:
            child = tasks.get(child_id)
            if child is None or _is_dead(child, memo, subprocesses):
                continue
            if live is not None:
                live = None
                break
            live = child
        else:
            if live is None:
                break
        if live is None:
            break
        memo.passed.add(task.id)
        task = live
    memo.jump[start.id] = task
    return task


def live_tasks(workflow: Any, task_filter: Any, subworkflows: bool = True) -> Iterator[Any]:
    """Tasks of ``workflow`` (and, unless told otherwise, its sub-workflows) matching a
    filter that excludes finished states."""
    if task_filter.state & TaskState.PREDICTED_MASK:
        min_state = TaskState.MAYBE
    elif task_filter.state & TaskState.FUTURE:
        min_state = TaskState.FUTURE
    else:
        # Below a FUTURE task there are only FUTURE and predicted tasks: a task gets ready,
        # waits or starts only once its parent has run. SpiffWorkflow walks them anyway,
        # and in a chain it predicts to the end, that is the whole rest of the chain.
        min_state = TaskState.WAITING
    top = workflow.top_workflow
    subprocesses = top.subprocesses
    memo, tasks = _memo(workflow), workflow.tasks
    # Stack of (task, exiting): on exit a finished task whose children all died is marked dead.
    stack: list[tuple[Any, bool]] = [(_descend(workflow.task_tree, memo, tasks, subprocesses), False)]
    while stack:
        task, exiting = stack.pop()
        if exiting:
            _is_dead(task, memo, subprocesses)
            continue
        if task.id in memo.dead:
            continue
        if _finished(task) and task.id not in subprocesses:
            jumped = _descend(task, memo, tasks, subprocesses)
            if jumped is not task:
                stack.append((jumped, False))
                continue
        elif task_filter.matches(task):
            yield task
        subprocess = subprocesses.get(task.id) if subworkflows else None
        children = task._children if task._state >= min_state else ()
        stack.append((task, True))
        for child_id in reversed(children):
            child = tasks.get(child_id)
            if child is not None and child_id not in memo.dead:
                stack.append((child, False))
        if subprocess is not None:
            yield from live_tasks(subprocess, task_filter)


#: Below this many tasks (sub-workflows included) SpiffWorkflow's own walk is cheaper
#: than keeping the memory; above it, the live-frontier walk wins and keeps winning.
SMALL_TREE = 300

_WALK_OPTIONS = ("end_at_spec", "depth_first", "skip_subprocesses", "max_depth", "task_filter")
_WALK_OPTION_SET = frozenset(_WALK_OPTIONS)


class FastTaskQueries:
    """Mixin for SpiffWorkflow workflows: task queries by the live frontier, no depth limit."""

    task_tree: Any  # set by SpiffWorkflow's Workflow

    def _is_big(self) -> bool:
        """Whether the whole tree (sub-workflows included) is past :data:`SMALL_TREE`;
        recounted every 16 queries, and never again once it is (trees only grow)."""
        top = self.top_workflow  # type: ignore[attr-defined]
        state = top.__dict__
        if state.get("_reglament_big"):
            return True
        countdown = state.get("_reglament_countdown", 0)
        if countdown > 0:
            state["_reglament_countdown"] = countdown - 1
            return False
        state["_reglament_countdown"] = 16
        big = len(top.tasks) + sum(len(sub.tasks) for sub in top.subprocesses.values()) > SMALL_TREE
        state["_reglament_big"] = big
        return big

    def get_tasks_iterator(self, first_task: Any = None, **kwargs: Any) -> Iterator[Any]:
        if first_task is None and _WALK_OPTION_SET.isdisjoint(kwargs):  # the common query
            task_filter = BpmnTaskFilter(**kwargs)
            if not task_filter.state & _FINISHED and self._is_big():
                return live_tasks(self, task_filter)
            return BpmnTaskIterator(self.task_tree, max_depth=UNLIMITED, task_filter=task_filter)
        task_filter = kwargs.get("task_filter")
        if task_filter is None:
            task_filter = BpmnTaskFilter(**{k: v for k, v in kwargs.items() if k not in _WALK_OPTIONS})
        plain = (first_task is None or first_task is self.task_tree) \
            and kwargs.get("end_at_spec") is None and kwargs.get("depth_first", True) \
            and not kwargs.get("skip_subprocesses") and "max_depth" not in kwargs
        if plain and not task_filter.state & _FINISHED and self._is_big():
            return live_tasks(self, task_filter)
        return BpmnTaskIterator(first_task or self.task_tree, max_depth=kwargs.pop("max_depth", UNLIMITED),
                                task_filter=task_filter,
                                **{k: v for k, v in kwargs.items() if k in _WALK_OPTIONS and k != "task_filter"})

    def update_waiting_tasks(self) -> None:
        """Update this workflow's own WAITING tasks (not its sub-workflows', as SpiffWorkflow's),
        which it does after every completion: its walk covers the whole tree to depth 1,000."""
        if len(self.tasks) > SMALL_TREE:  # type: ignore[attr-defined]
            waiting = list(live_tasks(self, BpmnTaskFilter(state=TaskState.WAITING), subworkflows=False))
        else:
            waiting = list(TaskIterator(self.task_tree, state=TaskState.WAITING, max_depth=UNLIMITED))
        for task in waiting:
            task.task_spec._update(task)
