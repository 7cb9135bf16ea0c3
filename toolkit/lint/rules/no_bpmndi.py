"""no-bpmndi: every element that is drawn has diagram information (BPMNDI).

Without a shape or edge, bpmn.io and Camunda Modeler silently leave the element
out of the picture: it exists in the process but nobody sees it.
"""

from __future__ import annotations

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


def _drawable(elements: list[MElement]) -> list[MElement]:
    """bpmnlint's getAllBpmnElements: flow elements (nested), participants, artifacts, lanes, message flows."""
    out: list[MElement] = []
    for root in elements:
        lane_sets = root.many("laneSets")
        lane_set = lane_sets[0] if lane_sets else root.get("childLaneSet") if root.desc is not None else None
        flow_elements = root.many("flowElements")
        lanes = lane_set.many("lanes") if isinstance(lane_set, MElement) else []
        out += flow_elements
        if root.isset("flowElements"):
            out += _drawable([e for e in flow_elements if e.isset("flowElements")])
        out += root.many("participants")
        out += root.many("artifacts")
        out += lanes
        if isinstance(lane_set, MElement) and lane_set.isset("lanes"):
            out += _drawable([lane for lane in lanes if lane.get("childLaneSet") is not None])
        out += root.many("messageFlows")
    return out


@element_rule("no-bpmndi", "error", "Every drawable element has a shape or edge in the diagram.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Definitions"):
        return
    drawn: set[str | None] = set()
    for diagram in node.many("diagrams"):
        plane = diagram.get("plane")
        if not isinstance(plane, MElement):
            continue
        for item in plane.many("planeElement"):
            target = item.get("bpmnElement")
            drawn.add(target.id if isinstance(target, MElement) else None)
    for element in _drawable(node.many("rootElements")):
        if element.type != "bpmn:DataObject" and element.id not in drawn:
            reporter.report(element, "Element is missing bpmndi")
