"""Write a :class:`~toolkit.render.geometry.Geometry` as BPMNDI text.

One ``BPMNDiagram`` for the collaboration (every pool, lane, shape, message
flow), and one more for each process drawn without a pool when the model has a
collaboration (bpmn-js shows only what belongs to a plane's element), or one per
process in a model without a collaboration. Every drawn element gets a
``BPMNShape`` or ``BPMNEdge`` with the id ``<element>_di`` (the Modeler's own
convention; made unique against the file's ids), external labels a
``BPMNLabel``. Coordinates are whole pixels, as bpmn-js writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from toolkit.model.elements import Model
from toolkit.model.namespaces import BPMNDI, DC, DI
from toolkit.render.geometry import Geometry, Rect
from toolkit.render.scene import Scene

INDENT = "  "


def _n(value: float) -> str:
    return str(round(value))


def _bounds(rect: Rect, prefix: str) -> str:
    """Whole pixels, corners rounded (not sizes): bands that meet in the layout still meet."""
    x0, y0 = round(rect.x), round(rect.y)
    x1, y1 = round(rect.right), round(rect.bottom)
    return f'<{prefix}:Bounds x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" />'


@dataclass
class DiNames:
    """Prefixes to write and ids already taken in the file."""

    bpmndi: str = "bpmndi"
    dc: str = "dc"
    di: str = "di"
    declare: bool = True  # declare the three namespaces on the BPMNDiagram element
    taken: set[str] = field(default_factory=set)

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.taken:
            candidate = f"{wanted}_{n}"
            n += 1
        self.taken.add(candidate)
        return candidate


@dataclass(frozen=True)
class Plane:
    """One diagram to write: the element its plane shows and the drawn elements on it."""

    element: str
    shapes: tuple[str, ...]
    edges: tuple[str, ...]


def planes(model: Model, scene: Scene, geometry: Geometry) -> list[Plane]:
    """Which diagrams to write and what goes on each (see the module's docstring)."""
    collaboration: str | None = model.collaboration_id if model.participants else None
    on: dict[str, list[str]] = {}
    plane_of_region: dict[str, str] = {}
    for region in scene.regions:
        box = scene.boxes[region]
        if collaboration is not None and box.category == "pool":
            plane_of_region[region] = collaboration
        elif box.kind == "process" and region in model.processes:
            plane_of_region[region] = region
        elif collaboration is not None:
            plane_of_region[region] = collaboration
        else:
            plane_of_region[region] = next(iter(model.processes), region)
        on.setdefault(plane_of_region[region], [])
    shapes: dict[str, list[str]] = {p: [] for p in on}
    edges: dict[str, list[str]] = {p: [] for p in on}
    for element_id in _shape_order(scene):
        if element_id not in geometry.bands and element_id not in geometry.boxes and element_id not in geometry.nodes:
            continue
        if not _semantic(model, scene, element_id):
            continue
        holder = scene.region_of(element_id)
        plane: str = plane_of_region.get(holder or "", collaboration or next(iter(on), ""))
        shapes.setdefault(plane, []).append(element_id)
    for link in scene.links:
        if link.id not in geometry.edges:
            continue
        if link.kind == "messageFlow" and collaboration is not None:
            plane = collaboration
        else:
            holder = scene.region_of(link.source) or scene.region_of(link.target)
            plane = plane_of_region.get(holder or "", collaboration or next(iter(on), ""))
        edges.setdefault(plane, []).append(link.id)
    order = ([collaboration] if collaboration else []) + [p for p in on if p != collaboration]
    return [Plane(p, tuple(shapes.get(p, ())), tuple(edges.get(p, ()))) for p in order
            if shapes.get(p) or edges.get(p)]


def _shape_order(scene: Scene) -> list[str]:
    """Bands and frames before what they hold (bpmn-js draws in document order), groups last."""
    out: list[str] = []

    def walk(box_id: str) -> None:
        out.append(box_id)
        for member in scene.boxes[box_id].members:
            if member in scene.boxes:
                walk(member)
            elif scene.items[member].category != "group" and scene.items[member].host is None:
                out.append(member)
        for member in scene.boxes[box_id].members:
            if member in scene.items and scene.items[member].host is not None:
                out.append(member)

    for region in scene.regions:
        walk(region)
    out += [i for i, item in scene.items.items() if item.category == "group"]
    return out


def _semantic(model: Model, scene: Scene, element_id: str) -> bool:
    """Is this a BPMN element of the file (not a band or a placeholder the renderer made up)?"""
    box = scene.boxes.get(element_id)
    if box is not None:  # a placeholder lane is not the file's; a process has a plane, not a shape
        return not box.synthetic and box.category != "process"
    return element_id in scene.items


def _shape(model: Model, scene: Scene, geometry: Geometry, element_id: str, names: DiNames, indent: str) -> str:
    p = names.bpmndi
    rect = geometry.shape(element_id)
    assert rect is not None
    attrs = [f"id={quoteattr(names.unique(element_id + '_di'))}", f"bpmnElement={quoteattr(element_id)}"]
    box = scene.boxes.get(element_id)
    node = model.nodes.get(element_id)
    label: Rect | None = None
    if box is not None and box.category in ("pool", "lane"):
        attrs.append('isHorizontal="true"')
    elif box is not None:
        attrs.append('isExpanded="true"')
    elif node is not None and node.kind == "exclusiveGateway":
        attrs.append('isMarkerVisible="true"')
    if element_id in geometry.nodes:
        item = scene.items[element_id]
        label = geometry.nodes[element_id].label if item.category != "group" else None
    head = f"{indent}<{p}:BPMNShape {' '.join(attrs)}>"
    lines = [head, f"{indent}{INDENT}{_bounds(rect, names.dc)}"]
    if label is not None:
        lines += [f"{indent}{INDENT}<{p}:BPMNLabel>", f"{indent}{INDENT * 2}{_bounds(label, names.dc)}",
                  f"{indent}{INDENT}</{p}:BPMNLabel>"]
    lines.append(f"{indent}</{p}:BPMNShape>")
    return "\n".join(lines)


def _edge(geometry: Geometry, element_id: str, names: DiNames, indent: str) -> str:
    p = names.bpmndi
    edge = geometry.edges[element_id]
    lines = [f"{indent}<{p}:BPMNEdge id={quoteattr(names.unique(element_id + '_di'))} "
             f"bpmnElement={quoteattr(element_id)}>"]
    for x, y in _whole(edge.points):
        lines.append(f'{indent}{INDENT}<{names.di}:waypoint x="{_n(x)}" y="{_n(y)}" />')
    if edge.label is not None:
        lines += [f"{indent}{INDENT}<{p}:BPMNLabel>", f"{indent}{INDENT * 2}{_bounds(edge.label, names.dc)}",
                  f"{indent}{INDENT}</{p}:BPMNLabel>"]
    lines.append(f"{indent}</{p}:BPMNEdge>")
    return "\n".join(lines)


def _whole(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Waypoints rounded to whole pixels, without the repeats rounding can make."""
    out: list[tuple[float, float]] = []
    for x, y in points:
        p = (float(round(x)), float(round(y)))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return out


def element_di(model: Model, scene: Scene, geometry: Geometry, shapes: Iterable[str], edges: Iterable[str],
               names: DiNames, indent: str) -> list[str]:
    """The BPMNShape and BPMNEdge texts of the given elements."""
    out = [_shape(model, scene, geometry, s, names, indent) for s in shapes]
    out += [_edge(geometry, e, names, indent) for e in edges]
    return out


def diagram_text(model: Model, scene: Scene, geometry: Geometry, names: DiNames, level: int = 1) -> str:
    """Every diagram of the model, as text indented ``level`` steps (no trailing newline)."""
    p = names.bpmndi
    base = INDENT * level
    blocks: list[str] = []
    for plane in planes(model, scene, geometry):
        diagram_id = names.unique(f"{plane.element}_diagram")
        plane_id = names.unique(f"{plane.element}_plane")
        declare = ""
        if names.declare:
            declare = (f' xmlns:{p}="{BPMNDI}" xmlns:{names.dc}="{DC}" xmlns:{names.di}="{DI}"')
        lines = [f"{base}<{p}:BPMNDiagram id={quoteattr(diagram_id)}{declare}>",
                 f"{base}{INDENT}<{p}:BPMNPlane id={quoteattr(plane_id)} bpmnElement={quoteattr(plane.element)}>"]
        lines += element_di(model, scene, geometry, plane.shapes, plane.edges, names, base + INDENT * 2)
        lines += [f"{base}{INDENT}</{p}:BPMNPlane>", f"{base}</{p}:BPMNDiagram>"]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)
