"""no-empty-lane: a lane holds flow nodes (or lanes that do).

A lane stands for an actor named in the text; an empty one is either an actor
the model forgot to give work to or one that should not be there.
"""

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@element_rule("no-empty-lane", "warn", "A lane has flow nodes or child lanes.", origin="reglament")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Lane") or node.many("flowNodeRef"):
        return
    child = node.get("childLaneSet")
    if isinstance(child, MElement) and child.many("lanes"):
        return
    reporter.report(node, "Lane has no flow nodes")
