"""``layout --keep``: the designer's diagram stays; only elements it does not show are added.

What is added must leave a diagram a designer can go on with: lane-correct, nothing new over
what is drawn, no new line through a shape. So bands come first, parents before children: a
missing lane takes the strip of its parent the sibling lanes leave free (where it was), a missing
pool wraps what the file draws of it, clear of the pools above and below, or — when none of its
flow nodes is drawn — becomes a new band under everything, laid out as computed. Then each missing
shape starts where the computed layout puts it relative to its nearest placed neighbour along
the flows (or moved with its new band) and takes the nearest free place inside its lane or frame.
Then the missing lines are routed around everything (the file's lines are kept and avoided) and
their labels placed. The new ``BPMNShape``/``BPMNEdge`` elements go at the end of the plane of the
nearest lane, pool or frame round them that the file draws; the rest of the file is unchanged.
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
from toolkit.render.geometry import BandGeometry, BoxGeometry, Geometry, NodeGeometry, Rect
from toolkit.render.routing import route_and_label
from toolkit.render.scene import Scene

GAP = 20.0
MAX_SLIDES = 400
HEADER = 30.0      # a pool's or lane's name strip in bpmn-js
PAD = 12.0         # room between a band's border and the shapes it holds
POOL_GAP = 30.0    # between a new pool and what is drawn above it
MIN_LANE = 40.0    # a free strip lower than this holds no lane
FLOW = ("activity", "event", "gateway")  # what places a band the file lacks (not data, not notes)


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


def _spot(rect: Rect, band: Rect, taken: list[Rect], header: float = HEADER) -> Rect | None:
    """The free place inside ``band`` (right of its name strip) nearest to ``rect``, or None.

    Kept ``GAP`` clear of every shape when there is room; in a tight frame (MIWG files leave
    10 px between shapes), only clear."""
    for gap in (GAP, 4.0, 0.5):
        found = _spot_with(rect, band, taken, header, gap)
        if found is not None:
            return found
    return None


def _spot_with(rect: Rect, band: Rect, taken: list[Rect], header: float, gap: float) -> Rect | None:
    edge = min(6.0, gap)
    x_lo, x_hi = band.x + header + edge, band.right - rect.w - edge
    y_lo, y_hi = band.y + edge, band.bottom - rect.h - edge
    if x_lo > x_hi or y_lo > y_hi:
        return None
    x0, y0 = min(max(rect.x, x_lo), x_hi), min(max(rect.y, y_lo), y_hi)
    near = [t for t in taken if t.intersects(band.inflate(GAP))  # the frame itself (and those round it) aside
            and not (t.x <= band.x and band.right <= t.right and t.y <= band.y and band.bottom <= t.bottom)]
    xs = sorted({x0, x_lo, x_hi, *(x for x in (t.right + gap for t in near) if x_lo <= x <= x_hi),
                 *(x for x in (t.x - gap - rect.w for t in near) if x_lo <= x <= x_hi)},
                key=lambda x: abs(x - x0))
    ys = sorted({y0, y_lo, y_hi, *(y for y in (t.bottom + gap for t in near) if y_lo <= y <= y_hi),
                 *(y for y in (t.y - gap - rect.h for t in near) if y_lo <= y <= y_hi)},
                key=lambda y: abs(y - y0))
    spots = sorted(((x, y) for x in xs[:40] for y in ys[:12]), key=lambda p: abs(p[0] - x0) + 2 * abs(p[1] - y0))
    for x, y in spots:
        candidate = Rect(x, y, rect.w, rect.h)
        grown = candidate.inflate(gap / 2 - 0.01)
        if not any(grown.intersects(t) for t in near):
            return candidate
    return None


def _free_strips(parent: Rect, siblings: list[Rect]) -> list[tuple[float, float]]:
    """The heights of ``parent`` no sibling band covers."""
    strips: list[tuple[float, float]] = []
    cursor = parent.y
    for top, bottom in sorted((s.y, s.bottom) for s in siblings):
        if top > cursor + 0.5:
            strips.append((cursor, min(top, parent.bottom)))
        cursor = max(cursor, bottom)
    if cursor < parent.bottom - 0.5:
        strips.append((cursor, parent.bottom))
    return [(a, b) for a, b in strips if b - a >= MIN_LANE]


class _Keeper:
    """Places what the file's diagram lacks: bands first (parents before children), then shapes."""

    def __init__(self, model: Model, scene: Scene, auto: Geometry) -> None:
        self.model, self.scene, self.auto = model, scene, auto
        self.base = file_geometry(model, scene)
        shapes_missing, self.edges_missing = missing(model, scene)
        self.shapes_missing = shapes_missing
        lost = set(shapes_missing)
        # file_geometry wraps a band without a shape round what it holds: such a band is placed here.
        self.bands = {k: v for k, v in self.base.bands.items() if k not in lost}
        self.nodes, self.boxes = dict(self.base.nodes), dict(self.base.boxes)
        self.drawn = set(self.nodes) | set(self.boxes) | set(self.bands)
        self.graph = _neighbours(scene)
        self.taken = [n.rect for n in self.nodes.values() if n.category != "group"]
        self.taken += [b.rect for b in self.boxes.values()]
        self.mapped: dict[str, tuple[float, float]] = {}  # bands placed as the computed layout has them
        offsets = []
        for element_id in self.nodes:
            a, f = auto.shape(element_id), self.base.shape(element_id)
            if a is not None and f is not None:
                offsets.append((f.cx - a.cx, f.cy - a.cy))
        self.typical = ((median(o[0] for o in offsets), median(o[1] for o in offsets)) if offsets
                        else (0.0, self.base.height + POOL_GAP))

    # -- bands -------------------------------------------------------------------------
    def _content(self, band: str, flow: bool = False) -> list[Rect]:
        """What the file draws inside the band (its nodes, frames and lanes, with labels); with
        ``flow``, its flow nodes, frames and lanes only (not data objects or annotations)."""
        out: list[Rect] = []
        for member in self.scene.boxes[band].members:
            if member in self.scene.boxes and self.scene.boxes[member].is_band:
                out += [self.bands[member].rect] if member in self.bands else self._content(member, flow)
            elif flow and member in self.nodes and self.nodes[member].category not in FLOW:
                continue
            elif member in self.nodes:
                node = self.nodes[member]
                out += [node.rect] + ([node.label] if node.label is not None else [])
            elif member in self.boxes:
                out.append(self.boxes[member].rect)
            elif member in self.scene.boxes:  # a frame the file lacks, round what it holds
                frame = self._frame(member)
                out += [frame] if frame is not None else []
        return out

    def _frame(self, box_id: str) -> Rect | None:
        """Where a frame the file lacks goes when the file draws shapes inside it: round them, with
        room for its title above."""
        content = self._content(box_id)
        if not content:
            return None
        hull = Rect.around(content)
        return Rect(hull.x - PAD, hull.y - PAD - 20, hull.w + 2 * PAD, hull.h + 2 * PAD + 20)

    def _pools(self) -> list[Rect]:
        return [b.rect for b in self.bands.values() if b.parent is None]

    def _extent(self) -> Rect:
        rects = [b.rect for b in self.bands.values()] + self.taken
        rects += [Rect(x, y, 0, 0) for e in self.base.edges.values() for x, y in e.points]
        return Rect.around(rects) if rects else Rect(0, 0, 0, 0)

    def place_pool(self, pool: str) -> Rect:
        content = self._content(pool)
        pools = self._pools()
        auto = self.auto.bands[pool].rect
        x0 = min((p.x for p in pools), default=auto.x)
        x1 = max((p.right for p in pools), default=x0 + auto.w)
        if not self._content(pool, flow=True):  # a new band under everything, laid out as computed
            x1 = max(x1, x0 + auto.w)
            rect = Rect(x0, self._extent().bottom + POOL_GAP, x1 - x0, auto.h)
            self.mapped[pool] = (rect.x - auto.x, rect.y - auto.y)
            return rect
        hull = Rect.around(content)
        lanes = [self.bands[m].rect for m in self.scene.boxes[pool].members if m in self.bands]
        x0, x1 = (min(r.x for r in lanes) - HEADER, max(r.right for r in lanes)) if lanes else \
            (hull.x - HEADER - PAD, hull.right + PAD)
        top, bottom = (hull.y, hull.bottom) if lanes else (hull.y - PAD, hull.bottom + PAD)
        # Clear of the pools above and below (the file's shapes stay where they are); pools side by
        # side (C.2.0) do not bound it.
        for other in (p for p in pools if p.x < x1 and x0 < p.right):
            if other.bottom <= hull.cy:
                top = max(top, other.bottom + 1)
            elif other.y >= hull.cy:
                bottom = min(bottom, other.y - 1)
        return Rect(x0, top, x1 - x0, max(bottom - top, hull.h))

    def place_lane(self, lane: str, parent: str) -> Rect:
        box = self.bands[parent].rect
        if parent in self.mapped:
            dx, dy = self.mapped[parent]
            self.mapped[lane] = (dx, dy)
            auto = self.auto.bands[lane].rect.moved(dx, dy)
            return Rect(auto.x, auto.y, box.right - auto.x, auto.h)
        siblings = [self.bands[m].rect for m in self.scene.boxes[parent].members
                    if m in self.bands and m != lane]
        x0 = min((s.x for s in siblings), default=box.x + HEADER)
        content = self._content(lane)
        if parent not in self.model.shapes:  # a band the file does not draw (a process without a pool)
            return self._grow(parent, self._outside(lane, box, siblings, content, x0))
        strips = _free_strips(box, siblings) or [(box.bottom - MIN_LANE, box.bottom)]
        if content:
            hull = Rect.around(content)
            top, bottom = max(strips, key=lambda s: (min(s[1], hull.bottom) - max(s[0], hull.y), -s[0]))
            return Rect(x0, top, box.right - x0, bottom - top)
        auto_h = self.auto.bands[lane].rect.h
        top, bottom = max(strips, key=lambda s: s[1] - s[0])
        later = [m for m in self.scene.boxes[parent].members if m in self.shapes_missing
                 and m not in self.bands and m != lane and m in self.scene.boxes]
        height = (bottom - top) if not later else min(auto_h, (bottom - top) / (len(later) + 1))
        return Rect(x0, top, box.right - x0, height)

    def _outside(self, lane: str, box: Rect, siblings: list[Rect], content: list[Rect], x0: float) -> Rect:
        """A lane of a band with no shape of its own: round its content, else under its siblings."""
        right = max((s.right for s in siblings), default=box.right)
        if content:
            hull = Rect.around(content)
            return Rect(x0, hull.y - PAD, right - x0, hull.h + 2 * PAD)
        top = max((s.bottom for s in siblings), default=box.y)
        return Rect(x0, top, right - x0, self.auto.bands[lane].rect.h)

    def _grow(self, band: str, rect: Rect) -> Rect:
        """Make a band with no shape of its own hold ``rect`` too (it is drawn round what it holds)."""
        old = self.bands[band]
        self.bands[band] = replace(old, rect=Rect.around([old.rect, rect]))
        return rect

    def place_bands(self) -> None:
        for band in _parents_first(self.scene):
            if band not in self.shapes_missing or band not in self.auto.bands:
                continue
            box = self.scene.boxes[band]
            parent = box.parent if box.parent in self.bands else None
            rect = self.place_lane(band, parent) if parent is not None else self.place_pool(band)
            header = Rect(rect.x, rect.y, HEADER, rect.h)
            self.bands[band] = BandGeometry(band, box.category, rect, header,
                                            self.auto.bands[band].depth, box.parent)
            self.drawn.add(band)

    # -- shapes ------------------------------------------------------------------------
    def _home(self, element_id: str) -> tuple[str | None, Rect | None, float]:
        """The band or frame a shape goes in, and how much of its left is its name's."""
        container = self.scene.container_of(element_id)
        if container in self.bands:
            return container, self.bands[container].rect, HEADER
        if container in self.boxes:
            return container, self.boxes[container].rect, 0.0
        return container, None, 0.0

    def _offset(self, element_id: str, container: str | None) -> tuple[float, float]:
        if container in self.mapped:
            return self.mapped[container]
        ref = _reference(element_id, self.graph, self.drawn)
        ref_auto, ref_file = (self.auto.shape(ref), self._placed(ref)) if ref else (None, None)
        if ref_auto is not None and ref_file is not None:
            return (ref_file.cx - ref_auto.cx, ref_file.cy - ref_auto.cy)
        return self.typical

    def _placed(self, element_id: str) -> Rect | None:
        for table in (self.nodes, self.boxes, self.bands):
            if element_id in table:
                return table[element_id].rect
        return None

    def place_shape(self, element_id: str) -> None:
        rect = self.auto.shape(element_id)
        if rect is None:
            return
        item = self.scene.items.get(element_id)
        frame = self._frame(element_id) if element_id in self.scene.boxes else None
        if item is not None and item.host is not None and item.host in self.nodes:
            rect = self._on_host(element_id, self.nodes[item.host].rect, rect)
        elif frame is not None:
            rect = frame
        else:
            container, home, header = self._home(element_id)
            rect = rect.moved(*self._offset(element_id, container))
            found = _spot(rect, home, self.taken, header) if home is not None else None
            rect = found if found is not None else _free(rect, self.taken)
        self.taken.append(rect)
        if element_id in self.auto.boxes:
            self.boxes[element_id] = BoxGeometry(element_id, self.auto.boxes[element_id].kind, rect, None)
        else:
            node = self.auto.nodes[element_id]
            self.nodes[element_id] = NodeGeometry(element_id, node.kind, node.category, rect, None)
        self.drawn.add(element_id)

    def _on_host(self, event: str, host: Rect, rect: Rect) -> Rect:
        """A boundary event on its activity's lower edge (else the upper one), inside the band that
        holds the activity and clear of the other shapes."""
        _, home, _ = self._home(event)
        spots = [Rect(host.x + host.w * f - rect.w / 2, y - rect.h / 2, rect.w, rect.h)
                 for y in (host.bottom, host.y) for f in (0.5, 0.3, 0.7, 0.15, 0.85)]
        for spot in spots:
            inside = home is None or (home.x <= spot.x and spot.right <= home.right
                                      and home.y <= spot.y and spot.bottom <= home.bottom)
            if inside and not any(spot.inflate(1).intersects(t) for t in self.taken if t != host):
                return spot
        return spots[0]

    def geometry(self) -> Geometry:
        self.place_bands()
        shapes = [s for s in self.shapes_missing if s not in self.auto.bands]
        # Hosts before their boundary events; frames before what they hold.
        shapes.sort(key=lambda s: (self.scene.items[s].host is not None) if s in self.scene.items else False)
        for element_id in shapes:
            self.place_shape(element_id)
        extent = Rect.around([b.rect for b in self.bands.values()] + [n.rect for n in self.nodes.values()] +
                             [b.rect for b in self.boxes.values()] + [Rect(0, 0, self.base.width, self.base.height)])
        return Geometry(width=extent.right + 40, height=extent.bottom + 40, bands=MappingProxyType(self.bands),
                        boxes=MappingProxyType(self.boxes), nodes=MappingProxyType(self.nodes), edges=self.base.edges)


def _parents_first(scene: Scene) -> list[str]:
    out: list[str] = []

    def walk(band: str) -> None:
        out.append(band)
        for member in scene.boxes[band].members:
            if member in scene.boxes and scene.boxes[member].is_band:
                walk(member)

    for region in scene.regions:
        walk(region)
    return out


def placed_geometry(model: Model, scene: Scene, auto: Geometry) -> tuple[Geometry, list[str], list[str]]:
    """The file's geometry with the missing bands and shapes placed and the missing lines routed."""
    keeper = _Keeper(model, scene, auto)
    return route_and_label(scene, keeper.geometry()), keeper.shapes_missing, keeper.edges_missing


def _diagram_index(model: Model, scene: Scene, element_id: str, graph: dict[str, list[str]]) -> int:
    """The diagram a new shape or line goes into: that of the nearest lane, pool or frame around it
    the file draws (it was placed inside it), else that of its nearest neighbour along the lines."""
    order = list(diagram_offsets(model))
    ref: str | None = scene.container_of(element_id)
    while ref is not None and ref not in model.shapes:
        ref = scene.container_of(ref)
    if ref is None:
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
        by_diagram.setdefault(_diagram_index(model, scene, s, graph), ([], []))[0].append(s)
    for e in edges:
        link = next(link for link in scene.links if link.id == e)
        by_diagram.setdefault(_diagram_index(model, scene, link.source, graph), ([], []))[1].append(e)
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
