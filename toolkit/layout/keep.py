"""``layout --keep``: the designer's diagram stays; only elements it does not show are added.

A missing shape goes where the computed layout puts it *relative to a
neighbour the file does show*: the computed position moved by the offset
between that neighbour's computed and drawn places (its nearest neighbour along
the flows; else the typical offset of all shapes), kept inside its lane's drawn
band, and slid right until it covers no drawn shape. Then the missing lines are
routed around everything (the file's lines are kept and avoided) and their
labels placed. The new ``BPMNShape``/``BPMNEdge`` elements are added at the end
of the plane that shows the neighbour; the rest of the file is unchanged.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from statistics import median
from types import MappingProxyType

from toolkit.layout import di as D
from toolkit.layout import splice
from toolkit.model.elements import Model
from toolkit.render.file_layout import diagram_offsets, file_geometry, missing
from toolkit.render.geometry import BoxGeometry, Geometry, NodeGeometry, Rect
from toolkit.render.routing import route_and_label
from toolkit.render.scene import Scene

GAP = 20.0
MAX_SLIDES = 400


def _neighbours(scene: Scene) -> dict[str, list[str]]:
    graph: dict[str, list[str]] = {}
    for link in scene.links:
        graph.setdefault(link.source, []).append(link.target)
        graph.setdefault(link.target, []).append(link.source)
    for item in scene.items.values():
        if item.host is not None:
            graph.setdefault(item.id, []).insert(0, item.host)
    return graph


def _reference(element_id: str, graph: dict[str, list[str]], drawn: set[str]) -> str | None:
    """The nearest element along the lines that the file draws."""
    seen = {element_id}
    queue = deque([element_id])
    while queue:
        current = queue.popleft()
        for other in graph.get(current, []):
            if other in seen:
                continue
            if other in drawn:
                return other
            seen.add(other)
            queue.append(other)
    return None


def _free(rect: Rect, taken: list[Rect]) -> Rect:
    """Slide right until the rectangle (with a margin) covers nothing taken."""
    for _ in range(MAX_SLIDES):
        hit = next((t for t in taken if rect.inflate(GAP / 2).intersects(t)), None)
        if hit is None:
            return rect
        rect = Rect(hit.right + GAP, rect.y, rect.w, rect.h)
    return rect


def _inside(rect: Rect, band: Rect | None) -> Rect:
    if band is None or band.h < rect.h + 10:
        return rect
    y = min(max(rect.y, band.y + 5), band.bottom - rect.h - 5)
    x = max(rect.x, band.x + 40)
    return Rect(x, y, rect.w, rect.h)


def placed_geometry(model: Model, scene: Scene, auto: Geometry) -> tuple[Geometry, list[str], list[str]]:
    """The file's geometry with the missing shapes placed and the missing lines routed."""
    base = file_geometry(model, scene)
    shapes_missing, edges_missing = missing(model, scene)
    drawn = set(base.nodes) | set(base.boxes) | set(base.bands)
    offsets = []
    for element_id in drawn:
        a, f = auto.shape(element_id), base.shape(element_id)
        if a is not None and f is not None and element_id in base.nodes:
            offsets.append((f.cx - a.cx, f.cy - a.cy))
    typical = (median(o[0] for o in offsets), median(o[1] for o in offsets)) if offsets else (0.0, base.height)
    graph = _neighbours(scene)
    nodes, boxes, bands = dict(base.nodes), dict(base.boxes), dict(base.bands)
    taken = [n.rect for n in nodes.values() if n.category != "group"]
    for element_id in shapes_missing:
        rect = auto.shape(element_id)
        if rect is None:
            continue
        ref = _reference(element_id, graph, drawn)
        ref_auto, ref_file = (auto.shape(ref), base.shape(ref)) if ref else (None, None)
        dx, dy = (ref_file.cx - ref_auto.cx, ref_file.cy - ref_auto.cy) if ref_auto and ref_file else typical
        rect = rect.moved(dx, dy)
        if element_id in auto.bands:
            band = auto.bands[element_id]
            bands[element_id] = replace(band, rect=rect, header=None)
            continue
        item = scene.items.get(element_id)
        if item is not None and item.host is not None and item.host in nodes:
            host = nodes[item.host].rect
            rect = Rect(host.cx - rect.w / 2, host.bottom - rect.h / 2, rect.w, rect.h)
        else:
            container = scene.container_of(element_id)
            home = bands[container].rect if container in bands else boxes[container].rect if container in boxes else None
            rect = _free(_inside(rect, home), taken)
        taken.append(rect)
        if element_id in auto.boxes:
            boxes[element_id] = BoxGeometry(element_id, auto.boxes[element_id].kind, rect, None)
        else:
            node = auto.nodes[element_id]
            nodes[element_id] = NodeGeometry(element_id, node.kind, node.category, rect, None)
        drawn.add(element_id)
    extent = Rect.around([b.rect for b in bands.values()] + [n.rect for n in nodes.values()] +
                         [b.rect for b in boxes.values()] + [Rect(0, 0, base.width, base.height)])
    geometry = Geometry(width=extent.right + 40, height=extent.bottom + 40, bands=MappingProxyType(bands),
                        boxes=MappingProxyType(boxes), nodes=MappingProxyType(nodes), edges=base.edges)
    return route_and_label(scene, geometry), shapes_missing, edges_missing


def _diagram_index(model: Model, element_id: str, graph: dict[str, list[str]]) -> int:
    order = list(diagram_offsets(model))
    ref = _reference(element_id, graph, set(model.shapes))
    shape = model.shapes.get(ref) if ref else None
    if shape is None or shape.diagram_id not in order:
        return 0
    return order.index(shape.diagram_id)


def add_missing(model: Model, scene: Scene, auto: Geometry, names: D.DiNames) -> bytes:
    """The model's text with DI added for what its diagram lacks (unchanged when nothing does)."""
    geometry, shapes, edges = placed_geometry(model, scene, auto)
    shapes = [s for s in shapes if geometry.shape(s) is not None and D._semantic(model, scene, s)]
    edges = [e for e in edges if e in geometry.edges]
    if not shapes and not edges:
        return model.xml
    graph = _neighbours(scene)
    by_diagram: dict[int, tuple[list[str], list[str]]] = {}
    for s in shapes:
        by_diagram.setdefault(_diagram_index(model, s, graph), ([], []))[0].append(s)
    for e in edges:
        link = next(link for link in scene.links if link.id == e)
        by_diagram.setdefault(_diagram_index(model, link.source, graph), ([], []))[1].append(e)
    data = model.xml
    offsets = diagram_offsets(model)
    order = list(offsets)
    for index in sorted(by_diagram, reverse=True):
        s_ids, e_ids = by_diagram[index]
        # Undo the file geometry's move to the margin: write in that diagram's own coordinates.
        dx, dy = offsets[order[index]] if index < len(order) else (0.0, 0.0)
        moved = _shifted(geometry, -dx, -dy)
        text = "\n".join(D.element_di(model, scene, moved, s_ids, e_ids, names, D.INDENT * 3))
        data = splice.insert_into_plane(data, index, text, model.source)
    return data


def _shifted(g: Geometry, dx: float, dy: float) -> Geometry:
    def r(rect: Rect | None) -> Rect | None:
        return rect.moved(dx, dy) if rect is not None else None

    return replace(
        g,
        bands=MappingProxyType({k: replace(v, rect=v.rect.moved(dx, dy), header=r(v.header))
                                for k, v in g.bands.items()}),
        boxes=MappingProxyType({k: replace(v, rect=v.rect.moved(dx, dy), title=r(v.title))
                                for k, v in g.boxes.items()}),
        nodes=MappingProxyType({k: replace(v, rect=v.rect.moved(dx, dy), label=r(v.label))
                                for k, v in g.nodes.items()}),
        edges=MappingProxyType({k: replace(v, points=tuple((x + dx, y + dy) for x, y in v.points), label=r(v.label))
                                for k, v in g.edges.items()}),
    )
