"""node-in-lane: in a process that has lanes, every flow node sits in a lane.

A lane is an actor of the regulation; a step in no lane has no one to do it,
and bpmn.io draws it outside every lane. Boundary events count as in their
host's lane; nodes inside a sub-process belong to the sub-process's lane.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


def lanes_of(container: MElement) -> list[MElement]:
    """Every lane of a process, nested lanes included."""
    found: list[MElement] = []
    stack = list(container.many("laneSets"))
    while stack:
        lane_set = stack.pop()
        for lane in lane_set.many("lanes"):
            found.append(lane)
            child = lane.get("childLaneSet")
            if isinstance(child, MElement):
                stack.append(child)
    return found


@element_rule("node-in-lane", "error", "In a process with lanes, every flow node is in a lane.", origin="reglament")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Process"):
        return
    lanes = lanes_of(node)
    if not lanes:
        return
    placed = {id(ref) for lane in lanes for ref in lane.many("flowNodeRef")}
    for element in node.many("flowElements"):
        if not is_a(element, "bpmn:FlowNode") or id(element) in placed:
            continue
        host = element.get("attachedToRef")
        if isinstance(host, MElement) and id(host) in placed:
            continue
        reporter.report(element, "Flow node is in no lane of its process")
