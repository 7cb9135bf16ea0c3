"""no-overlapping-elements: shapes in the diagram do not overlap, and stay inside their pool or sub-process.

Overlaps hide elements and make a diagram lie about what follows what. Touching
edges count as overlap (bpmnlint compares with ``>=``); boundary events may sit
on their host; data store references may lie outside.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.lint.moddle import MElement, is_a
from toolkit.lint.registry import element_rule


@dataclass
class _Shape:
    element: MElement
    left: float
    right: float
    top: float
    bottom: float


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _valid_bounds(bounds: object) -> bool:
    return (isinstance(bounds, MElement) and is_a(bounds, "dc:Bounds")
            and all(_number(bounds.get(k)) for k in ("x", "y", "width", "height")))


def _bounds(di: MElement | None) -> MElement | None:
    return di.get("bounds") if isinstance(di, MElement) and di.desc is not None else None


def _di_objects(definitions: MElement) -> dict[int, MElement]:
    """BPMN element (by identity) -> its DI shape or edge; a later diagram wins, as in a JS Map."""
    found: dict[int, MElement] = {}
    for diagram in definitions.many("diagrams"):
        plane = diagram.get("plane")
        if not isinstance(plane, MElement):
            continue
        for item in plane.many("planeElement"):
            target = item.get("bpmnElement")
            if isinstance(target, MElement):
                found[id(target)] = item
    return found


def _shapes(elements: list[MElement], di: dict[int, MElement]) -> list[_Shape]:
    shapes = []
    for element in elements:
        bounds = _bounds(di.get(id(element)))
        if not _valid_bounds(bounds):
            continue
        x, y, w, h = (float(bounds.get(k)) for k in ("x", "y", "width", "height"))  # type: ignore[union-attr]
        left, right = x, x + w
        if math.isnan(left) or math.isnan(right):
            continue
        shapes.append(_Shape(element, left, right, y, y + h))
    return sorted(shapes, key=lambda s: s.left)


def _collide(a: _Shape, b: _Shape) -> bool:
    return a.right >= b.left and b.right >= a.left and a.bottom >= b.top and b.bottom >= a.top


def _check_elements(elements: list[MElement], report: dict[int, MElement], di: dict[int, MElement]) -> None:
    shapes = _shapes(elements, di)
    overlapping: set[int] = set()
    for i, shape in enumerate(shapes):
        j = i + 1
        while j < len(shapes) and shapes[j].left <= shape.right:
            other = shapes[j]
            j += 1
            if not _collide(shape, other):
                continue
            a, b = shape.element, other.element
            if a.get("attachedToRef") is b or b.get("attachedToRef") is a:  # a boundary event on its host
                continue
            overlapping.add(id(shape.element))
            overlapping.add(id(other.element))
    for element in elements:
        if id(element) in overlapping:
            report.setdefault(id(element), element)


def _outside(child: MElement | None, parent: MElement | None) -> bool:
    if child is None or parent is None or not _valid_bounds(child) or not _valid_bounds(parent):
        return False
    cx, cy, cw, ch = (float(child.get(k)) for k in ("x", "y", "width", "height"))
    px, py, pw, ph = (float(parent.get(k)) for k in ("x", "y", "width", "height"))
    inside = cx >= px and cy >= py and cx + cw <= px + pw and cy + ch <= py + ph
    return not inside


def _check_process(node: MElement, report: dict[int, MElement], outside: dict[int, MElement],
                   di: dict[int, MElement], parent_di: MElement | None) -> None:
    flow_elements = node.many("flowElements")
    with_di = [e for e in flow_elements if id(e) in di]
    _check_elements(with_di, report, di)
    for element in with_di:
        if not is_a(element, "bpmn:DataStoreReference") and _outside(_bounds(di[id(element)]), _bounds(parent_di)):
            outside.setdefault(id(element), element)
    for sub in flow_elements:
        if is_a(sub, "bpmn:SubProcess"):
            sub_di = di.get(id(sub))
            expanded = sub_di if isinstance(sub_di, MElement) and sub_di.get("isExpanded") else None
            _check_process(sub, report, outside, di, expanded)


@element_rule("no-overlapping-elements", "warn",
              "Shapes do not overlap each other and stay inside their pool or expanded sub-process.")
def check(node: MElement, reporter) -> None:
    if not is_a(node, "bpmn:Definitions"):
        return
    roots = node.many("rootElements")
    report: dict[int, MElement] = {}
    outside: dict[int, MElement] = {}
    di = _di_objects(node)
    parent_di: dict[int, MElement | None] = {}
    for collaboration in roots:
        if not is_a(collaboration, "bpmn:Collaboration"):
            continue
        participants = collaboration.many("participants")
        _check_elements(participants, report, di)
        for participant in participants:
            process = participant.get("processRef")
            if isinstance(process, MElement):
                parent_di[id(process)] = di.get(id(participant))
    for process in roots:
        if is_a(process, "bpmn:Process"):
            _check_process(process, report, outside, di, parent_di.get(id(process)))
    for element in report.values():
        reporter.report(element, "Element overlaps with other element")
    for element in outside.values():
        reporter.report(element, "Element is outside of parent boundary")
