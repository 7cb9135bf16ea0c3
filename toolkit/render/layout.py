"""Swimlane layout: Graphviz ranks and orders, we place bands, rows and lines.

Plain ``dot`` clusters do not make swimlanes (each lane comes out only as wide
as its own nodes, stacked as ``dot`` likes). So the layout is two steps:

1. **Ranking** — ``dot -Tjson0`` on :func:`toolkit.render.dot.to_dot` gives every
   node its column (x, from dot's network-simplex ranking, with room for every
   label) and an order within its column (y). That is all we keep from it.
2. **Placement** (:func:`compute_layout`, pure) — every band (pool, lane, nested
   lane) gets the full width of the picture and the height its content needs;
   inside a band, nodes go on *rows*: a node takes the row of its predecessor in
   the same band when that row is free at its column, so a chain of steps sits
   on one straight line and a branch drops to the next row. Expanded
   sub-processes are bands of their own inside a row, placed the same way.
   Boundary events sit on their activity's lower edge. Then
   :mod:`toolkit.render.routing` draws every line orthogonally around the shapes
   and puts every label where it covers neither a shape nor a line.

The result is a :class:`~toolkit.render.geometry.Geometry`: plain rectangles and
polylines keyed by BPMN id, top-left origin — what ``neato -n2`` draws and what
a BPMNDI writer needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from toolkit.model.elements import Model
from toolkit.render import notation as N
from toolkit.render import sizes as S
from toolkit.render.branches import branch_drops
from toolkit.render.geometry import BandGeometry, BoxGeometry, Geometry, NodeGeometry, Rect
from toolkit.render.scene import RenderError, RenderOptions, Scene, build_scene

INCH = 72.0
PAD_X = 20.0          # content padding at the left and right of the bands
PAD_Y = 16.0          # padding above and below the rows of a band
ROW_GAP = 30.0        # vertical room between two rows (lines run there)
COLUMN_GAP = 14.0     # least room between two shapes on one row
POOL_GAP = 22.0       # between pools
MIN_BAND = 84.0
HEADER_PAD = 8.0
MIN_HEADER = 26.0
BOX_PAD = 14.0
LABEL_GAP = 3.0


@dataclass(frozen=True)
class Ranking:
    """What we keep from dot: each node's centre and size, each cluster's box (top-left origin, points)."""

    nodes: Mapping[str, tuple[float, float, float, float]]  # name -> cx, cy, w, h
    clusters: Mapping[str, tuple[float, float, float, float]]  # name -> x0, y0, x1, y1

    @staticmethod
    def from_json(text: str | bytes) -> Ranking:
        data = json.loads(text)
        bb = [float(v) for v in str(data.get("bb", "0,0,0,0")).split(",")]
        top = bb[3]
        nodes: dict[str, tuple[float, float, float, float]] = {}
        clusters: dict[str, tuple[float, float, float, float]] = {}
        for obj in data.get("objects", []):
            name = obj.get("name")
            if "pos" in obj and "width" in obj:
                x, y = (float(v) for v in obj["pos"].split(",")[:2])
                nodes[name] = (x, top - y, float(obj["width"]) * INCH, float(obj["height"]) * INCH)
            elif "bb" in obj and str(name).startswith("cluster_"):
                x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))
                clusters[name[len("cluster_"):]] = (x0, top - y1, x1, top - y0)
        return Ranking(MappingProxyType(nodes), MappingProxyType(clusters))


@dataclass
class _Block:
    id: str
    x0: float
    x1: float
    up: float
    down: float
    hint: float
    row: int = 0
    cy: float = 0.0  # relative to the container's content top


@dataclass
class _Inner:
    """The rows of one container, relative to its content top."""

    height: float
    blocks: dict[str, _Block] = field(default_factory=dict)


class _Placer:
    def __init__(self, scene: Scene, ranking: Ranking) -> None:
        self.scene = scene
        self.ranking = ranking
        self.size: dict[str, tuple[float, float]] = {}
        self.cx: dict[str, float] = {}
        self.hint: dict[str, float] = {}
        self.box_x: dict[str, tuple[float, float]] = {}
        self.inner: dict[str, _Inner] = {}
        self.box_height: dict[str, float] = {}
        self.band_height: dict[str, float] = {}
        self.boundaries: dict[str, list[str]] = {}
        for item in scene.items.values():
            if item.host is not None:
                self.boundaries.setdefault(item.host, []).append(item.id)
        self.grouped = {g for g, members in scene.group_members.items() if members}
        self._read_ranking()
        self.preds = self._predecessors()
        self.data_links = self._data_links()

    # -- from the ranking ----------------------------------------------------------
    def _read_ranking(self) -> None:
        fallback_x = 0.0
        for item in self.scene.items.values():
            found = self.ranking.nodes.get(item.id)
            if item.fixed_size is not None:
                w, h = item.fixed_size
            elif found is not None:
                w, h = found[2], found[3]
            else:
                w, h = N.TASK_MIN
            self.size[item.id] = (w, h)
            if found is not None:
                self.cx[item.id] = found[0]
                self.hint[item.id] = found[1]
            else:
                fallback_x += w + 40
                self.cx[item.id] = fallback_x
                self.hint[item.id] = 0.0
        for box_id, box in self.scene.boxes.items():
            if box.category != "container":
                continue
            found = self.ranking.clusters.get(box_id)
            if found is not None:
                self.box_x[box_id] = (found[0], found[2])
                self.hint[box_id] = found[1]

    def _box_x(self, box_id: str) -> tuple[float, float]:
        if box_id in self.box_x:
            return self.box_x[box_id]
        spans = [self._block_x(m) for m in self.scene.boxes[box_id].members if self._is_block(m)]
        if not spans:
            self.box_x[box_id] = (0.0, 120.0)
        else:
            self.box_x[box_id] = (min(s[0] for s in spans) - BOX_PAD, max(s[1] for s in spans) + BOX_PAD)
        return self.box_x[box_id]

    def _block_x(self, member: str) -> tuple[float, float]:
        if member in self.scene.boxes:
            return self._box_x(member)
        w = self.size[member][0]
        return (self.cx[member] - w / 2, self.cx[member] + w / 2)

    def _is_block(self, member: str) -> bool:
        if member in self.scene.boxes:
            return self.scene.boxes[member].category == "container"
        item = self.scene.items.get(member)
        return item is not None and item.host is None and member not in self.grouped

    # -- which member of a container leads to which -------------------------------------
    def _predecessors(self) -> dict[str, list[tuple[str, int]]]:
        """For each element, the elements whose rows it prefers: (element, row offset)."""
        preds: dict[str, list[tuple[str, int]]] = {}
        drops = branch_drops(self.scene)
        for link in self.scene.links:
            if link.kind == "sequenceFlow":
                source = link.source
                offset = 1 if (source, link.target) in drops else 0
                item = self.scene.items.get(source)
                if item is not None and item.host is not None:
                    source, offset = item.host, 1
                preds.setdefault(link.target, []).append((source, offset))
        return preds

    def _data_links(self) -> dict[str, list[str]]:
        """Data objects and stores, and the elements their associations connect them to."""
        links: dict[str, list[str]] = {}
        for link in self.scene.links:
            if link.kind not in ("association", "dataInputAssociation", "dataOutputAssociation"):
                continue
            for end, other in ((link.source, link.target), (link.target, link.source)):
                item = self.scene.items.get(end)
                if item is not None and item.category == "data":
                    links.setdefault(end, []).append(other)
        return links

    # -- rows inside a container ------------------------------------------------------
    def _extents(self, member: str) -> tuple[float, float]:
        """How far a block reaches above and below its row's centre line."""
        if member in self.scene.boxes:
            height = self.measure_box(member)
            up, down = height / 2, height / 2
        else:
            h = self.size[member][1]
            up = down = h / 2
            item = self.scene.items[member]
            if item.external:
                down += LABEL_GAP + item.external.height + 2
        extra = 0.0
        for boundary in self.boundaries.get(member, []):
            b = self.scene.items[boundary]
            reach = self.scene.sizes.boundary / 2 + (LABEL_GAP + b.external.height if b.external else 0)
            extra = max(extra, reach)
        return up, down + extra

    def measure(self, container: str) -> _Inner:
        """Place the container's blocks on rows; return their centre lines and the content height."""
        if container in self.inner:
            return self.inner[container]
        blocks: dict[str, _Block] = {}
        for member in self.scene.boxes[container].members:
            if not self._is_block(member):
                continue
            x0, x1 = self._block_x(member)
            up, down = self._extents(member)
            blocks[member] = _Block(member, x0, x1, up, down, self.hint.get(member, 0.0))
        rows = self._rows(blocks)
        inner = _Inner(height=self._stack(rows), blocks=blocks)
        self.inner[container] = inner
        return inner

    def _rows(self, blocks: dict[str, _Block]) -> list[list[_Block]]:
        """Flow elements left to right, each on its predecessor's row when free there, else lower;
        then data objects and stores, each on the row under an activity it is associated with."""
        owner = {member: member for member in blocks}
        for host, events in self.boundaries.items():
            if host in blocks:
                for event in events:
                    owner[event] = host
        rows: list[list[_Block]] = []
        right: list[float] = []  # how far each row reaches: flow blocks come left to right
        placed: dict[str, int] = {}
        data = [b for b in blocks.values() if b.id in self.data_links]
        for block in sorted((b for b in blocks.values() if b.id not in self.data_links),
                            key=lambda b: (round(b.x0, 1), b.hint, b.id)):
            wanted = [placed[owner[p]] + off for p, off in self.preds.get(block.id, [])
                      if p in owner and owner[p] in placed]
            row = min(wanted) if wanted else 0
            while row < len(rows) and block.x0 < right[row] + COLUMN_GAP:
                row += 1
            while row >= len(rows):
                rows.append([])
                right.append(float("-inf"))
            rows[row].append(block)
            right[row] = max(right[row], block.x1)
            placed[block.id] = row
            block.row = row
        for block in sorted(data, key=lambda b: (round(b.x0, 1), b.hint, b.id)):
            partners = [owner[p] for p in self.data_links[block.id] if p in owner and owner[p] in placed]
            wanted = [placed[p] + 1 for p in partners]
            row = min(wanted) if wanted else 0
            if partners:  # under the activity it belongs to (the middle one of several), not where dot left it
                partner = sorted(partners, key=lambda p: blocks[p].x0)[(len(partners) - 1) // 2]
                centre = (blocks[partner].x0 + blocks[partner].x1) / 2
                half = (block.x1 - block.x0) / 2
                block.x0, block.x1 = centre - half, centre + half
                self.cx[block.id] = centre
            while row < len(rows) and any(block.x0 < o.x1 + COLUMN_GAP and o.x0 < block.x1 + COLUMN_GAP
                                          for o in rows[row]):
                row += 1
            while row >= len(rows):
                rows.append([])
            rows[row].append(block)
            placed[block.id] = row
            block.row = row
        return rows

    @staticmethod
    def _stack(rows: list[list[_Block]]) -> float:
        """Give each row its centre line (relative to the content top); return the content height."""
        y = 0.0
        for index, row_blocks in enumerate(rows):
            if not row_blocks:
                continue
            up = max(b.up for b in row_blocks)
            down = max(b.down for b in row_blocks)
            if index and y > 0:
                y += ROW_GAP
            center = y + up
            for b in row_blocks:
                b.cy = center
            y = center + down
        return y

    def measure_box(self, box_id: str) -> float:
        if box_id in self.box_height:
            return self.box_height[box_id]
        box = self.scene.boxes[box_id]
        inner = self.measure(box_id)
        title = box.title.height + 8 if box.title else 6
        markers = 14 if dict(box.attrs).get("markers") else 0
        # Boundary events sit on the lower edge: keep their upper half clear of the shapes inside.
        boundary = self.scene.sizes.boundary / 2 + 4 if self.boundaries.get(box_id) else 0
        height = max(60.0, title + BOX_PAD + inner.height + BOX_PAD + max(markers, boundary))
        self.box_height[box_id] = height
        return height

    # -- bands --------------------------------------------------------------------
    def lanes_of(self, band: str) -> list[str]:
        return [m for m in self.scene.boxes[band].members
                if m in self.scene.boxes and self.scene.boxes[m].category == "lane"]

    def measure_band(self, band: str) -> float:
        if band in self.band_height:
            return self.band_height[band]
        box = self.scene.boxes[band]
        lanes = self.lanes_of(band)
        title_need = _title_need(self.scene, box)
        if lanes:
            height = sum(self.measure_band(lane) for lane in lanes)
            if height < title_need:
                self.band_height[lanes[-1]] += title_need - height
                height = title_need
        else:
            inner = self.measure(band)
            content = inner.height + 2 * PAD_Y if inner.blocks else 0.0
            floor = MIN_BAND if box.category != "process" or inner.blocks else MIN_BAND / 2
            height = max(floor, content, title_need)
        self.band_height[band] = height
        return height


def _title_need(scene: Scene, box) -> float:
    """How high a band must be for its name: written across in our pictures, turned in bpmn-js."""
    if not box.title:
        return 0.0
    if scene.sizes.header is not None:
        return S.header_need(box.title.plain.replace("\n", " "))
    return box.title.height + 2 * HEADER_PAD


def _header_widths(scene: Scene) -> tuple[float, dict[int, float]]:
    """The pool header's width and each lane depth's header width."""
    fixed = scene.sizes.header
    if fixed is not None:
        depths = dict.fromkeys(range(1, 12), fixed)
        return fixed, depths
    pool = MIN_HEADER
    lanes: dict[int, float] = {}
    for box in scene.boxes.values():
        if box.category == "pool":
            pool = max(pool, (box.title.width if box.title else 0) + 2 * HEADER_PAD)
    def walk(box_id: str, depth: int) -> None:
        for member in scene.boxes[box_id].members:
            child = scene.boxes.get(member)
            if child is None or child.category != "lane":
                continue
            lanes[depth] = max(lanes.get(depth, MIN_HEADER), (child.title.width if child.title else 0) + 2 * HEADER_PAD)
            walk(member, depth + 1)
    for region in scene.regions:
        walk(region, 1)
    return pool, lanes


class _Places:
    """The placement phase: bands, frames and shapes at their coordinates, from the placer's rows."""

    def __init__(self, scene: Scene, placer: _Placer) -> None:
        self.scene = scene
        self.placer = placer
        self.pool_header, self.lane_header = _header_widths(scene)
        self.header_x: dict[str, float] = {}
        self.depth_of: dict[str, int] = {}
        self.content_x0 = 0.0
        for region in scene.regions:
            self._headers(region, 0.0, 0)
        self.dx, self.width = self._extent()
        self.bands: dict[str, BandGeometry] = {}
        self.boxes: dict[str, BoxGeometry] = {}
        self.nodes: dict[str, NodeGeometry] = {}

    def _headers(self, band: str, x: float, depth: int) -> None:
        """Where each band's header starts, and the common start of every band's content."""
        self.header_x[band] = x
        self.depth_of[band] = depth
        box = self.scene.boxes[band]
        own = (self.pool_header if box.category == "pool" else
               self.lane_header.get(depth, MIN_HEADER) if box.category == "lane" else 0.0)
        lanes = self.placer.lanes_of(band)
        for lane in lanes:
            self._headers(lane, x + own, depth + 1)
        if not lanes:
            self.content_x0 = max(self.content_x0, x + own)

    def _extent(self) -> tuple[float, float]:
        """How far dot's columns move right (past the headers), and the picture's width."""
        placer = self.placer
        blocks_x = []
        for inner in placer.inner.values():
            for block in inner.blocks.values():
                x0, x1 = block.x0, block.x1
                item = self.scene.items.get(block.id)
                if item is not None and item.external:
                    half = item.external.width / 2 + 2
                    x0, x1 = min(x0, placer.cx[block.id] - half), max(x1, placer.cx[block.id] + half)
                blocks_x.append((x0, x1))
        min_x = min((b[0] for b in blocks_x), default=0.0)
        max_x = max((b[1] for b in blocks_x), default=200.0)
        dx = self.content_x0 + PAD_X - min_x
        return dx, max(max_x + dx + PAD_X, self.content_x0 + 240.0)

    def container(self, container: str, top: float) -> None:
        """A band's or frame's blocks on their rows; a frame's own blocks inside it."""
        placer, scene = self.placer, self.scene
        for block in placer.measure(container).blocks.values():
            cy = top + block.cy
            if block.id in scene.boxes:
                height = placer.measure_box(block.id)
                x0, x1 = placer._box_x(block.id)
                rect = Rect(x0 + self.dx, cy - height / 2, x1 - x0, height)
                box = scene.boxes[block.id]
                title = None
                if box.title:
                    title = Rect(rect.x + 8, rect.y + 5, box.title.width + 4, box.title.height + 2)
                self.boxes[block.id] = BoxGeometry(block.id, box.kind, rect, title)
                title_h = box.title.height + 8 if box.title else 6
                self.container(block.id, rect.y + title_h + BOX_PAD)
            else:
                w, h = placer.size[block.id]
                rect = Rect(placer.cx[block.id] + self.dx - w / 2, cy - h / 2, w, h)
                item = scene.items[block.id]
                self.nodes[block.id] = NodeGeometry(block.id, item.kind, item.category, rect, None)

    def band(self, band: str, top: float) -> None:
        """A band as wide as the picture with its header cell; its lanes, or its content, inside."""
        box = self.scene.boxes[band]
        height = self.placer.measure_band(band)
        x = self.header_x[band]
        rect = Rect(x, top, self.width - x, height)
        lanes = self.placer.lanes_of(band)
        header: Rect | None
        if box.category == "pool":
            # A pool without lanes stretches its header to where every lane's content starts.
            header = Rect(x, top, self.pool_header if lanes else self.content_x0 - x, height)
        elif box.category == "lane":
            own = self.lane_header.get(self.depth_of[band], MIN_HEADER) if lanes else self.content_x0 - x
            header = Rect(x, top, own, height)
        else:  # a process drawn without a pool: no header of its own
            header = None
        self.bands[band] = BandGeometry(band, box.category, rect, header, self.depth_of[band], box.parent)
        if lanes:
            y = top
            for lane in lanes:
                self.band(lane, y)
                y += self.placer.measure_band(lane)
        else:
            inner = self.placer.measure(band)
            self.container(band, top + max(PAD_Y, (height - inner.height) / 2))

    def boundary_events(self) -> None:
        """Boundary events on their activity's lower edge, spread along it; on a frame, clear of the
        shapes inside it (a line leaving one of them downwards would run through the event)."""
        nodes, boxes, size = self.nodes, self.boxes, self.scene.sizes.boundary
        for host, events in self.placer.boundaries.items():
            host_rect = nodes[host].rect if host in nodes else boxes[host].rect if host in boxes else None
            if host_rect is None:
                continue
            count = len(events)
            if count == 1:
                inside = [nodes[m].rect.cx for m in nodes if host in boxes and m not in events
                          and boxes[host].rect.contains_point(nodes[m].rect.center)]
                fractions = [0.72, 0.28, 0.5, 0.86, 0.14, 0.62, 0.38]
                chosen = next((f for f in fractions
                               if all(abs(host_rect.x + host_rect.w * f - other) > size for other in inside)),
                              fractions[0])
                spots = [host_rect.x + host_rect.w * chosen]
            else:
                step = max(host_rect.w / (count + 1), size + 8)
                spots = [host_rect.cx + step * (index - (count - 1) / 2) for index in range(count)]
            for event, cx in zip(events, spots):
                rect = Rect(cx - size / 2, host_rect.bottom - size / 2, size, size)
                item = self.scene.items[event]
                nodes[event] = NodeGeometry(event, item.kind, item.category, rect, None)

    def groups(self) -> None:
        """Groups frame their members."""
        for group, members in self.scene.group_members.items():
            rects = [self.nodes[m].rect if m in self.nodes else self.boxes[m].rect
                     for m in members if m in self.nodes or m in self.boxes]
            if rects:
                item = self.scene.items[group]
                self.nodes[group] = NodeGeometry(group, item.kind, item.category,
                                                 Rect.around(rects).inflate(12, 12), None)


def compute_layout(scene: Scene, ranking: Ranking) -> Geometry:
    """Place bands, nodes and lines from ``dot``'s ranking. Pure: same scene and ranking, same geometry."""
    from toolkit.render.routing import route_and_label

    placer = _Placer(scene, ranking)
    for region in scene.regions:
        placer.measure_band(region)
    places = _Places(scene, placer)
    y = 0.0
    for region in scene.regions:
        places.band(region, y)
        y += placer.measure_band(region) + POOL_GAP
    places.boundary_events()
    places.groups()
    geometry = Geometry(width=places.width, height=max(y - POOL_GAP, 40.0), bands=MappingProxyType(places.bands),
                        boxes=MappingProxyType(places.boxes), nodes=MappingProxyType(places.nodes))
    return route_and_label(scene, geometry)


# -- running it -------------------------------------------------------------------

Runner = Callable[[str], bytes]


def layout(model: Model | Scene, options: RenderOptions | None = None, runner: Runner | None = None,
           dot_text: str | None = None) -> Geometry:
    """Lay out a model: ``dot`` ranks (through ``runner``, default the Graphviz binary), we place.

    ``runner`` takes DOT text and returns ``dot -Tjson0`` output; pass a stub to
    lay out without Graphviz (tests do). ``dot_text``: the scene's DOT when the caller has it
    already (``render`` writes it beside the picture), so it is not built twice.
    """
    scene = model if isinstance(model, Scene) else build_scene(model, options)
    from toolkit.render.dot import to_dot
    from toolkit.render.graphviz_run import run_dot_json

    text = dot_text if dot_text is not None else to_dot(scene)
    data = (runner or run_dot_json)(text)
    try:
        ranking = Ranking.from_json(data)
    except (ValueError, KeyError) as exc:
        raise RenderError(f"could not read Graphviz's layout: {exc}", scene.name) from None
    return compute_layout(scene, ranking)
