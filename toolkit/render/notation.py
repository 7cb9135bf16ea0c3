"""BPMN notation as Graphviz can draw it: shapes, markers, line styles.

Graphviz has circles, diamonds, rounded boxes, notes and cylinders, which is
what BPMN needs; markers are Unicode symbols that DejaVu Sans covers (checked
with ``fc-list ':charset=…'``). Catching markers are outlined, throwing ones
filled, as BPMN 2.0 (§10.5.1, table 10.93) asks; where Unicode has no filled
form (the envelope), the symbol is drawn white on a black square.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toolkit.model.elements import FlowNode

FONT = "DejaVu Sans"
FONT_BOLD = "DejaVu Sans:bold"

#: Font sizes in points.
SIZE_TASK = 10.0
SIZE_LIMIT = 9.0
SIZE_CLAUSE = 8.0
SIZE_EXTERNAL = 9.0
SIZE_EDGE = 8.5
SIZE_LANE = 10.0
SIZE_POOL = 11.0
SIZE_MARKER = 12.0

INK = "#1f1f1f"
GREY = "#595959"
LIGHT = "#8c8c8c"
TASK_FILL = "#fdfdf8"
HEADER_FILL = "#eef1f5"
POOL_HEADER_FILL = "#dde3ea"
LANE_FILL = "#ffffff"
MESSAGE_INK = "#3a5f8f"
DATA_INK = "#555555"

#: Sizes of the fixed shapes, in points.
EVENT_SIZE = 36.0
BOUNDARY_SIZE = 30.0
GATEWAY_SIZE = 44.0
DATA_OBJECT_SIZE = (32.0, 42.0)
DATA_STORE_SIZE = (46.0, 40.0)
TASK_MIN = (108.0, 58.0)

CATCH, THROW = "catch", "throw"

#: event definition -> (catching marker, throwing marker)
EVENT_MARKERS: Mapping[str, tuple[str, str]] = {
    "messageEventDefinition": ("✉", "✉"),
    "timerEventDefinition": ("◷", "◷"),
    "errorEventDefinition": ("↯", "⚡"),
    "escalationEventDefinition": ("⇧", "⬆"),
    "cancelEventDefinition": ("✕", "✖"),
    "compensateEventDefinition": ("◁◁", "◀◀"),
    "conditionalEventDefinition": ("☰", "☰"),
    "linkEventDefinition": ("⇨", "➡"),
    "signalEventDefinition": ("△", "▲"),
    "terminateEventDefinition": ("●", "●"),
}
MULTIPLE = ("⬠", "⬟")
PARALLEL_MULTIPLE = ("✛", "✚")

GATEWAY_MARKERS: Mapping[str, str] = {
    "exclusiveGateway": "✖",
    "parallelGateway": "✚",
    "inclusiveGateway": "◯",
    "eventBasedGateway": "⬠",
    "complexGateway": "✱",
}

TASK_MARKERS: Mapping[str, str] = {
    "userTask": "☺",
    "serviceTask": "⚙",
    "manualTask": "☛",
    "sendTask": "✉",
    "receiveTask": "✉",
    "scriptTask": "✎",
    "businessRuleTask": "▦",
}
#: Task kinds whose marker is the filled (inverse) form.
INVERSE_TASK_MARKERS = frozenset({"sendTask"})

COLLAPSED = "⊞"
LOOP = "↻"
MI_SEQUENTIAL = "≡"
MI_PARALLEL = "|||"
AD_HOC = "∼"
COMPENSATION = "◀◀"

ACTIVITY_KINDS = frozenset(
    {"task", "userTask", "serviceTask", "manualTask", "scriptTask", "sendTask", "receiveTask",
     "businessRuleTask", "callActivity", "subProcess", "transaction", "adHocSubProcess"}
)
CONTAINER_KINDS = frozenset({"subProcess", "transaction", "adHocSubProcess"})


@dataclass(frozen=True)
class Marker:
    """A marker symbol; ``inverse`` draws it white on black (the filled form)."""

    glyph: str
    inverse: bool = False


def event_role(node: FlowNode) -> str:
    """start, end, intermediate or boundary."""
    return {"startEvent": "start", "endEvent": "end", "boundaryEvent": "boundary"}.get(node.kind, "intermediate")


def is_throwing(node: FlowNode) -> bool:
    return node.kind in ("endEvent", "intermediateThrowEvent")


def event_marker(node: FlowNode) -> Marker | None:
    """The marker inside an event's circle, or None for a plain (none) event."""
    definitions = [d for d in node.event_definitions if d != "eventDefinitionRef"]
    refs = len(node.event_definitions) - len(definitions)
    throwing = is_throwing(node)
    index = 1 if throwing else 0
    if len(definitions) + refs > 1:
        return Marker((PARALLEL_MULTIPLE if node.parallel_multiple else MULTIPLE)[index])
    if not definitions:
        return Marker(MULTIPLE[index]) if refs else None
    kind = definitions[0]
    pair = EVENT_MARKERS.get(kind)
    if pair is None:
        return None
    inverse = throwing and kind == "messageEventDefinition"
    return Marker(pair[index], inverse)


def event_style(node: FlowNode) -> dict[str, str]:
    """Circle attributes: start thin, intermediate double, end thick; non-interrupting dashed."""
    role = event_role(node)
    attrs = {"shape": "circle"}
    if role == "end":
        attrs["penwidth"] = "3.2"
    elif role == "start":
        attrs["penwidth"] = "1.4"
    else:
        attrs["peripheries"] = "2"
        attrs["penwidth"] = "1"
    dashed = False
    if role == "boundary" and not node.cancel_activity:
        dashed = True
    if role == "start" and not node.is_interrupting:
        dashed = True
    attrs["style"] = "filled,dashed" if dashed else "filled"
    return attrs


def gateway_marker(node: FlowNode) -> str:
    if node.kind == "exclusiveGateway" and not node.marker_visible:
        return ""
    if node.kind == "eventBasedGateway" and node.event_gateway_type == "Parallel":
        return "✛"
    return GATEWAY_MARKERS.get(node.kind, "")


def task_marker(node: FlowNode) -> Marker | None:
    glyph = TASK_MARKERS.get(node.kind)
    if glyph is None:
        return None
    return Marker(glyph, node.kind in INVERSE_TASK_MARKERS)


LOOP_MARKERS: Mapping[str, str] = {"standard": LOOP, "sequential": MI_SEQUENTIAL, "parallel": MI_PARALLEL}


def bottom_markers(node: FlowNode, collapsed: bool) -> str:
    """The markers BPMN puts at the bottom centre of an activity: loop, multi-instance,
    compensation, ad hoc, and ⊞ for a collapsed sub-process."""
    marks: list[str] = []
    if node.loop is not None and node.loop in LOOP_MARKERS:
        marks.append(LOOP_MARKERS[node.loop])
    if node.is_for_compensation:
        marks.append(COMPENSATION)
    if node.kind == "adHocSubProcess":
        marks.append(AD_HOC)
    if collapsed:
        marks.append(COLLAPSED)
    return " ".join(marks)


def activity_style(node: FlowNode) -> dict[str, str]:
    """Rounded box; call activities thick, transactions double."""
    attrs = {"shape": "box", "style": "rounded,filled", "fillcolor": TASK_FILL, "penwidth": "1.2"}
    if node.kind == "callActivity":
        attrs["penwidth"] = "3"
    if node.kind == "transaction":
        attrs["peripheries"] = "2"
    return attrs
