"""Multi-instance activities with a bounded number of instances.

SpiffWorkflow creates every instance of a parallel multi-instance activity at
once (``loopCardinality`` 10⁷ means ten million tasks, each with a copy of the
data) and steps a sequential one as often as it says; a non-numeric
cardinality ends in a bare ``TypeError``. The subclasses here check the count
first — a whole number between 0 and :data:`MAX_INSTANCES` — and say which
activity is wrong. :func:`install_bounded_multi_instance` swaps them into freshly
parsed specs; the serializer knows them by name.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.specs.defaults import ParallelMultiInstanceTask, SequentialMultiInstanceTask

#: Instances one multi-instance activity may have: a regulation step done for each
#: document or each child of a family, not for millions.
MAX_INSTANCES = 1_000


def _count(spec: Any, my_task: Any) -> int:
    if spec.data_input is not None:
        if not spec.data_input.exists(my_task):
            raise WorkflowTaskException(f"multi-instance input {spec.data_input.bpmn_id!r} is not in the data",
                                        task=my_task)
        collection = spec.data_input.get(my_task)
        try:
            return len(collection)
        except TypeError:
            raise WorkflowTaskException(f"multi-instance input {spec.data_input.bpmn_id!r} is a "
                                        f"{type(collection).__name__}, not a collection", task=my_task) from None
    value = my_task.workflow.script_engine.evaluate(my_task, spec.cardinality)
    if isinstance(value, bool) or not isinstance(value, int):
        raise WorkflowTaskException(f"loopCardinality {spec.cardinality!r} gives {type(value).__name__} "
                                    f"{value!r}, not a whole number", task=my_task)
    if value < 0:
        raise WorkflowTaskException(f"loopCardinality {spec.cardinality!r} gives {value}, below zero", task=my_task)
    return value


def _check(spec: Any, my_task: Any) -> None:
    count = _count(spec, my_task)
    if count > MAX_INSTANCES:
        raise WorkflowTaskException(f"multi-instance activity would run {count:,} times "
                                    f"(at most {MAX_INSTANCES:,})", task=my_task)


class BoundedParallelMultiInstance(ParallelMultiInstanceTask):
    def create_children(self, my_task: Any) -> None:
        _check(self, my_task)
        super().create_children(my_task)


class BoundedSequentialMultiInstance(SequentialMultiInstanceTask):
    def _update_hook(self, my_task: Any) -> Any:
        _check(self, my_task)
        return super()._update_hook(my_task)


BOUNDED = {ParallelMultiInstanceTask: BoundedParallelMultiInstance,
           SequentialMultiInstanceTask: BoundedSequentialMultiInstance}


def install_bounded_multi_instance(specs: Any) -> None:
    """Swap the bounded classes into these workflow specs' multi-instance tasks."""
    for spec in specs:
        for task_spec in spec.task_specs.values():
            bounded = BOUNDED.get(type(task_spec))
            if bounded is not None:
                task_spec.__class__ = bounded
