"""The model's own diagram as a :class:`~toolkit.render.geometry.Geometry`: what the designer laid out.

``render --layout file`` draws this instead of computing a layout, and
``layout --keep`` starts from it. Bands come from the pools' and lanes' shapes
(a vertical pool keeps its header on top), frames from expanded sub-processes,
nodes and labels from their shapes, lines from their waypoints. A process drawn
without a pool gets a band around its shapes. Everything is moved so the
diagram starts at a small margin from the origin (DI may use any origin,
negative too); nothing is resized.

:func:`missing` lists what the scene draws that the file's diagram does not
show; the file's layout is *complete* when nothing is missing.
"""

from __future__ import annotations

from types import MappingProxyType

from toolkit.model.elements import Bounds, Model
from toolkit.render.geometry import (
    BandGeometry,
    BoxGeometry,
    EdgeGeometry,
    Geometry,
    NodeGeometry,
    Rect,
)
from toolkit.render.scene import Scene

MARGIN = 20.0
HEADER = 30.0


def _rect(b: Bounds) -> Rect:
    return Rect(b.x, b.y, b.width, b.height)


def missing(model: Model, scene: Scene) -> tuple[list[str], list[str]]:
    """Drawn elements without a shape, and drawn lines without an edge, in the file's diagram."""
    shapes = [i for i in _shape_ids(scene) if i not in model.shapes]
    edges = [link.id for link in scene.links if link.id not in model.edges]
    return shapes, edges


def _shape_ids(scene: Scene) -> list[str]:
    out = [b.id for b in scene.boxes.values() if not b.synthetic and b.category != "process"]
    out += list(scene.items)
    return out


def is_complete(model: Model, scene: Scene) -> bool:
    shapes, edges = missing(model, scene)
    return bool(model.shapes) and not shapes and not edges


DIAGRAM_GAP = 60.0


def diagram_offsets(model: Model) -> dict[str | None, tuple[float, float]]:
    """How far each of the file's diagrams is moved: to the margin, and a model with several
    diagrams (C.4.0 draws each process on its own) stacked one under the other, not on top."""
    extents: dict[str | None, list[float]] = {}

    def grow(diagram: str | None, x0: float, y0: float, x1: float, y1: float) -> None:
        box = extents.setdefault(diagram, [x0, y0, x1, y1])
        box[0], box[1], box[2], box[3] = min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)

    for shape in model.shapes.values():
        b = shape.bounds
        grow(shape.diagram_id, b.x, b.y, b.x + b.width, b.y + b.height)
        if shape.label is not None:
            grow(shape.diagram_id, shape.label.x, shape.label.y, shape.label.x + shape.label.width,
                 shape.label.y + shape.label.height)
    for edge in model.edges.values():
        for x, y in edge.waypoints:
            grow(edge.diagram_id, x, y, x, y)
    offsets: dict[str | None, tuple[float, float]] = {}
    top = MARGIN
    for diagram, (x0, y0, _x1, y1) in extents.items():
        offsets[diagram] = (MARGIN - x0, top - y0)
        top += (y1 - y0) + DIAGRAM_GAP
    return offsets


def file_geometry(model: Model, scene: Scene) -> Geometry:
    """The file's diagram for what ``scene`` draws (elements without DI are left out)."""
    offsets = diagram_offsets(model)

    def at(element_id: str) -> Rect | None:
        shape = model.shapes.get(element_id)
        return _rect(shape.bounds).moved(*offsets[shape.diagram_id]) if shape is not None else None

    bands: dict[str, BandGeometry] = {}
    boxes: dict[str, BoxGeometry] = {}
    nodes: dict[str, NodeGeometry] = {}
    for item in scene.items.values():
        rect = at(item.id)
        if rect is None:
            continue
        shape = model.shapes[item.id]
        label = _rect(shape.label).moved(*offsets[shape.diagram_id]) if shape.label is not None else None
        if label is None and item.external:
            w, h = item.external.width + 4, item.external.height + 2
            label = Rect(rect.cx - w / 2, rect.bottom + 4, w, h)
        nodes[item.id] = NodeGeometry(item.id, item.kind, item.category, rect, label)
    for box in scene.boxes.values():
        if box.category != "container":
            continue
        rect = at(box.id)
        if rect is None:
            continue
        title = Rect(rect.x + 8, rect.y + 5, box.title.width + 4, box.title.height + 2) if box.title else None
        boxes[box.id] = BoxGeometry(box.id, box.kind, rect, title)
    for region in scene.regions:
        _bands(model, scene, region, at, nodes, boxes, bands, 0)
    edges: dict[str, EdgeGeometry] = {}
    for link in scene.links:
        edge = model.edges.get(link.id)
        if edge is None or len(edge.waypoints) < 2:
            continue
        dx, dy = offsets[edge.diagram_id]
        points = tuple((x + dx, y + dy) for x, y in edge.waypoints)
        label = _rect(edge.label).moved(dx, dy) if edge.label is not None else None
        if label is None and link.text:
            a, b = points[0], points[1]
            label = Rect((a[0] + b[0]) / 2 + 4, (a[1] + b[1]) / 2 - link.text.height - 4,
                         link.text.width + 4, link.text.height + 2)
        edges[link.id] = EdgeGeometry(link.id, link.kind, link.source, link.target, points, label)
    everything = [b.rect for b in bands.values()] + [b.rect for b in boxes.values()]
    everything += [n.rect for n in nodes.values()] + [n.label for n in nodes.values() if n.label]
    everything += [Rect(x, y, 0, 0) for e in edges.values() for x, y in e.points]
    everything += [e.label for e in edges.values() if e.label]
    extent = Rect.around(everything) if everything else Rect(0, 0, 100, 100)
    return Geometry(width=extent.right + MARGIN, height=extent.bottom + MARGIN, bands=MappingProxyType(bands),
                    boxes=MappingProxyType(boxes), nodes=MappingProxyType(nodes), edges=MappingProxyType(edges))


def _bands(model: Model, scene: Scene, band_id: str, at, nodes, boxes, bands, depth: int) -> Rect | None:
    """Place a band (and its lanes) from the file; a band without a shape wraps what it holds."""
    box = scene.boxes[band_id]
    children: list[Rect] = []
    for member in box.members:
        if member in scene.boxes and scene.boxes[member].is_band:
            found = _bands(model, scene, member, at, nodes, boxes, bands, depth + 1)
            if found is not None:
                children.append(found)
        elif member in nodes:
            children.append(nodes[member].rect)
        elif member in boxes:
            children.append(boxes[member].rect)
    rect = at(band_id)
    if rect is None:
        if not children or box.synthetic:
            return None  # a placeholder lane or an empty process: nothing to draw
        rect = Rect.around(children).inflate(16)
    header = None
    if box.category in ("pool", "lane"):
        shape = model.shapes.get(band_id)
        vertical = shape is not None and shape.is_horizontal is False
        header = Rect(rect.x, rect.y, rect.w, HEADER) if vertical else Rect(rect.x, rect.y, HEADER, rect.h)
        lanes = [m for m in box.members if m in bands and bands[m].category == "lane"]
        if lanes and not vertical:
            header = Rect(rect.x, rect.y, max(1.0, min(bands[m].rect.x for m in lanes) - rect.x), rect.h)
        elif lanes:
            header = Rect(rect.x, rect.y, rect.w, max(1.0, min(bands[m].rect.y for m in lanes) - rect.y))
    bands[band_id] = BandGeometry(band_id, box.category, rect, header, depth, box.parent)
    return rect


HEADER_PAD = 8.0


def widen_headers(scene: Scene, geometry: Geometry) -> Geometry:
    """Make room for pool and lane names written across (our pictures), not turned (bpmn-js).

    A file's headers are 30 px strips; where a name needs more, everything right of that header
    moves right by the difference. One monotone shift of x: the designer's layout keeps its
    shape (rows, alignments, right angles), only the headers grow."""
    shifts: dict[float, float] = {}
    for band in geometry.bands.values():
        box = scene.boxes[band.id]
        header = band.header
        if header is None or not box.title or header.h < band.rect.h - 0.5:
            continue  # no name, or a vertical pool's header on top
        need = box.title.width + 2 * HEADER_PAD
        if need > header.w:
            edge = round(header.right, 2)
            shifts[edge] = max(shifts.get(edge, 0.0), need - header.w)
    if not shifts:
        return geometry
    steps = sorted(shifts.items())

    def fx(x: float) -> float:
        return x + sum(extra for at, extra in steps if at <= x + 1e-6)

    def rect(r: Rect) -> Rect:
        x0, x1 = fx(r.x), fx(r.right)
        return Rect(x0, r.y, x1 - x0, r.h)

    def header_of(band: BandGeometry) -> Rect | None:
        h = band.header
        if h is None:
            return None
        x0 = fx(h.x)
        # The header ends where its own shift starts: its old right edge, moved by the shifts left of it.
        return Rect(x0, h.y, fx(h.right - 1e-3) + 1e-3 - x0 + shifts.get(round(h.right, 2), 0.0), h.h)

    def maybe(r: Rect | None) -> Rect | None:
        return None if r is None else Rect(fx(r.x), r.y, r.w, r.h)

    from dataclasses import replace

    return replace(
        geometry,
        width=fx(geometry.width),
        bands=MappingProxyType({k: replace(b, rect=rect(b.rect), header=header_of(b)) for k, b in geometry.bands.items()}),
        boxes=MappingProxyType({k: replace(b, rect=rect(b.rect), title=maybe(b.title)) for k, b in geometry.boxes.items()}),
        nodes=MappingProxyType({k: replace(n, rect=Rect(fx(n.rect.x), n.rect.y, n.rect.w, n.rect.h),
                                           label=maybe(n.label)) for k, n in geometry.nodes.items()}),
        edges=MappingProxyType({k: replace(e, points=tuple((fx(x), y) for x, y in e.points), label=maybe(e.label))
                                for k, e in geometry.edges.items()}),
    )
