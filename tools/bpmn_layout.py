"""Lay out a collaboration's BPMNDI: pools stacked, lanes as full-width bands, left to right.

Usage:  python tools/bpmn_layout.py bpmn/social-assistance.bpmn [more.bpmn ...]

The committed .bpmn files are the source of truth; this tool only (re)computes
their diagram part (``bpmndi:BPMNDiagram``) from the semantic part, so a designer
who edits processes by hand can redraw them.  Any existing diagram is replaced;
everything else in the file is kept as it is and the file is re-indented with
two spaces.

Geometry, in short:

* every participant is a horizontal pool; pools are stacked in the order the
  collaboration lists them, all as wide as the widest;
* a pool's lanes are stacked in laneSet order and span the pool's full width;
  a pool without lanes is one band;
* each flow node gets a column: within a pool, nodes take strictly increasing
  columns in document order (so the file's order, which follows the text, is the
  reading order); a sequence flow moves right by at least one column; a message
  flow's target is never left of its source, so most message flows are vertical;
* within a lane a node sits on its predecessor's row; the second branch of a
  split that would run through another node drops to a new row;
* sequence flows leave right or from a gateway's top/bottom corner, message flows
  leave tops/bottoms; horizontal runs of message flows between pools use tracks
  in the gap between the pools so that they never lie on each other.

Text sizes are estimated for bpmn-js's default fonts (12 px inside tasks, 11 px
external labels wrapped at 90 px).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"

TASKS = {"task", "userTask", "serviceTask", "sendTask", "receiveTask", "manualTask", "scriptTask",
         "businessRuleTask", "callActivity", "subProcess"}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
            "complexGateway"}
FLOW_NODES = TASKS | EVENTS | GATEWAYS

# Sizes (px).
POOL_HEADER = 30          # the band holding a pool's rotated name
LANE_HEADER = 30          # the band holding a lane's rotated name
COLUMN_GAP = 56           # free space between two columns
ROW_PAD = 26              # free space above and below the shapes of a row
POOL_GAP_MIN = 40         # vertical space between two pools
TRACK = 10                # distance between horizontal message-flow runs in a gap
EXTERNAL_LABEL_WIDTH = 90
EXTERNAL_LINE = 14
TASK_LINE = 14.4
CHAR_12 = 6.7             # mean width of a Cyrillic/Latin character at 12 px (Arial)
CHAR_11 = 6.1
DOCK_SPACING = 16         # between two message flows docking on one side of a shape


def q(tag: str, ns: str = BPMN) -> str:
    return f"{{{ns}}}{tag}"


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def wrap(text: str, width: float, char: float) -> int:
    """Number of lines ``text`` takes when word-wrapped into ``width`` px."""
    per_line = max(1, int(width // char))
    lines, current = 0, 0
    for paragraph in (text or "").split("\n"):
        lines += 1
        current = 0
        for word in paragraph.split():
            n = len(word)
            if current and current + 1 + n > per_line:
                lines += 1
                current = 0
            while n > per_line:  # a word longer than a line breaks
                lines += 1
                n -= per_line
            current += (1 if current else 0) + n
    return max(1, lines)


def text_width(text: str, char: float) -> float:
    return len(text or "") * char


@dataclass
class Node:
    id: str
    kind: str
    name: str
    pool: str
    lane: str | None
    order: int
    w: float = 0
    h: float = 0
    label_w: float = 0
    label_h: float = 0
    label_side: str | None = None   # "below" / "above" for external labels
    col: int = 0
    row: int = 0
    x: float = 0
    y: float = 0

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def is_gateway(self) -> bool:
        return self.kind in GATEWAYS

    @property
    def is_event(self) -> bool:
        return self.kind in EVENTS


@dataclass
class Flow:
    id: str
    source: str
    target: str
    name: str
    message: bool
    points: list[tuple[float, float]] = field(default_factory=list)
    label: tuple[float, float, float, float] | None = None


@dataclass
class Band:
    """A pool without lanes, or one lane: a horizontal strip holding rows of nodes."""

    id: str
    pool: str
    name: str
    rows: int = 1
    row_top_extra: list[float] = field(default_factory=list)
    row_body: list[float] = field(default_factory=list)
    row_bottom_extra: list[float] = field(default_factory=list)
    y: float = 0
    h: float = 0

    def row_center(self, row: int) -> float:
        y = self.y
        for r in range(row):
            y += self.row_height(r)
        return y + ROW_PAD + self.row_top_extra[row] + self.row_body[row] / 2

    def row_height(self, r: int) -> float:
        return ROW_PAD * 2 + self.row_top_extra[r] + self.row_body[r] + self.row_bottom_extra[r]


@dataclass
class Pool:
    id: str
    bands: list[Band]
    has_lanes: bool
    y: float = 0
    h: float = 0


class Layout:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.collaboration = root.find(q("collaboration"))
        if self.collaboration is None:
            raise SystemExit("no bpmn:collaboration: this tool lays out pools")
        self.pools: list[Pool] = []
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.band_of: dict[str, Band] = {}
        self._read()

    # -- reading ----------------------------------------------------------------
    def _read(self) -> None:
        processes = {p.get("id"): p for p in self.root.findall(q("process"))}
        band_by_id: dict[str, Band] = {}
        order = 0
        for participant in self.collaboration.findall(q("participant")):
            pid = participant.get("id")
            process = processes.get(participant.get("processRef"))
            lanes = process.findall(f"{q('laneSet')}/{q('lane')}") if process is not None else []
            bands = [Band(id=lane.get("id"), pool=pid, name=lane.get("name", "")) for lane in lanes] \
                or [Band(id=pid, pool=pid, name=participant.get("name", ""))]
            pool = Pool(id=pid, bands=bands, has_lanes=bool(lanes))
            self.pools.append(pool)
            lane_of = {}
            for lane in lanes:
                for ref in lane.findall(q("flowNodeRef")):
                    lane_of[(ref.text or "").strip()] = lane.get("id")
            if process is None:
                continue
            for el in process:
                if not isinstance(el.tag, str):
                    continue
                kind = local(el.tag)
                if kind in FLOW_NODES:
                    lane = lane_of.get(el.get("id")) if lanes else None
                    if lanes and lane is None:
                        raise SystemExit(f"{el.get('id')} is in no lane of {pid}")
                    node = Node(id=el.get("id"), kind=kind, name=el.get("name", ""), pool=pid,
                                lane=lane, order=order)
                    order += 1
                    self.nodes[node.id] = node
                elif kind == "sequenceFlow":
                    self.flows.append(Flow(el.get("id"), el.get("sourceRef"), el.get("targetRef"),
                                           el.get("name", ""), False))
            for band in bands:
                band_by_id[band.id] = band
        for mf in self.collaboration.findall(q("messageFlow")):
            self.flows.append(Flow(mf.get("id"), mf.get("sourceRef"), mf.get("targetRef"),
                                   mf.get("name", ""), True))
        for node in self.nodes.values():
            self.band_of[node.id] = band_by_id[node.lane or node.pool]
        self.pool_index = {p.id: i for i, p in enumerate(self.pools)}

    # -- sizes ------------------------------------------------------------------
    def _sizes(self) -> None:
        for n in self.nodes.values():
            if n.kind in TASKS:
                length = len(n.name)
                n.w = 180 if length <= 150 else 220 if length <= 260 else 260
                lines = wrap(n.name, n.w - 12, CHAR_12)
                n.h = max(80, math.ceil((lines * TASK_LINE + 36) / 10) * 10)  # clear of the type marker
            elif n.is_event:
                n.w = n.h = 36
            else:
                n.w = n.h = 50
            if n.kind not in TASKS and n.name:
                n.label_w = min(EXTERNAL_LABEL_WIDTH, max(20.0, text_width(n.name, CHAR_11)))
                n.label_h = wrap(n.name, EXTERNAL_LABEL_WIDTH, CHAR_11) * EXTERNAL_LINE

    # -- columns ----------------------------------------------------------------
    def _columns(self) -> None:
        constraints: list[tuple[str, str, int]] = []
        for f in self.flows:
            constraints.append((f.source, f.target, 0 if f.message else 1))
        by_pool: dict[str, list[Node]] = {}
        for n in sorted(self.nodes.values(), key=lambda n: n.order):
            by_pool.setdefault(n.pool, []).append(n)
        for nodes in by_pool.values():
            for a, b in zip(nodes, nodes[1:]):
                constraints.append((a.id, b.id, 1))
        for _ in range(10 * len(self.nodes) + 10):
            changed = False
            for s, t, d in constraints:
                if self.nodes[t].col < self.nodes[s].col + d:
                    self.nodes[t].col = self.nodes[s].col + d
                    changed = True
            if not changed:
                # a vertical message flow must not run through a shape of a pool it crosses
                for f in self.flows:
                    if not f.message:
                        continue
                    s, t = self.nodes[f.source], self.nodes[f.target]
                    if s.col == t.col and self._column_blocked(s.col, s.pool, t.pool):
                        t.col += 1
                        changed = True
                        break
                if not changed:
                    return
        raise SystemExit("no column assignment: the flows have a cycle")

    def _pools_between(self, a: str, b: str) -> list[str]:
        i, j = sorted((self.pool_index[a], self.pool_index[b]))
        return [p.id for p in self.pools[i + 1:j]]

    def _column_blocked(self, col: int, pool_a: str, pool_b: str) -> bool:
        between = set(self._pools_between(pool_a, pool_b))
        return any(n.col == col and n.pool in between for n in self.nodes.values())

    # -- rows -------------------------------------------------------------------
    def _rows(self) -> None:
        incoming: dict[str, list[Flow]] = {}
        outgoing: dict[str, list[Flow]] = {}
        for f in self.flows:
            if not f.message:
                incoming.setdefault(f.target, []).append(f)
                outgoing.setdefault(f.source, []).append(f)
        self.incoming, self.outgoing = incoming, outgoing
        placed: list[Node] = []
        for n in sorted(self.nodes.values(), key=lambda n: (n.col, n.order)):
            preds = [self.nodes[f.source] for f in incoming.get(n.id, [])]
            same = [p for p in preds if p.lane == n.lane and p.pool == n.pool]
            row = min(p.row for p in same) if same else 0
            first = same[0] if same else None
            if first is not None and first.is_gateway:
                firsts = outgoing.get(first.id, [])
                if firsts and firsts[0].target != n.id and \
                        self.nodes[firsts[0].target].lane == n.lane and \
                        self.nodes[firsts[0].target].pool == n.pool:
                    row = max(row, self.nodes[firsts[0].target].row + 1)
            while any(m.pool == n.pool and m.lane == n.lane and m.row == row
                      and first is not None and first.col < m.col < n.col for m in placed):
                row += 1
            n.row = row
            placed.append(n)

    # -- gateway exits and labels -----------------------------------------------
    def _exits(self) -> None:
        """Decide where each sequence flow leaves a gateway, and put each external label on a free side."""
        self.exit: dict[str, str] = {}
        used: dict[str, set[str]] = {n: set() for n in self.nodes}
        for n in self.nodes.values():
            if not n.is_gateway:
                continue
            for f in self.outgoing.get(n.id, []):
                t = self.nodes[f.target]
                level = self._level(t) - self._level(n)
                if level == 0 and "right" not in used[n.id]:
                    side = "right"
                elif level < 0 and "top" not in used[n.id]:
                    side = "top"
                elif level > 0 and "bottom" not in used[n.id]:
                    side = "bottom"
                elif "right" not in used[n.id]:
                    side = "right"
                else:
                    side = "bottom" if level > 0 else "top"
                used[n.id].add(side)
                self.exit[f.id] = side
        # flows into a gateway: the first takes its left corner, a second one from another row its top or bottom
        self.enters_left: set[str] = set()
        for f in sorted((f for f in self.flows if not f.message), key=lambda f: f.id not in self.exit):
            s, t = self.nodes[f.source], self.nodes[f.target]
            if t.is_gateway and "left" not in used[t.id] and f.id not in self.exit:
                self.enters_left.add(f.id)
            if f.id in self.exit or f.id in self.enters_left or self._level(s) == self._level(t):
                used[t.id].add("left")
            else:
                used[t.id].add("bottom" if self._level(t) < self._level(s) else "top")
            if f.id not in self.exit:
                used[s.id].add("right")
        for f in self.flows:
            s, t = self.nodes[f.source], self.nodes[f.target]
            if f.message:
                down = self.pool_index[t.pool] > self.pool_index[s.pool]
                used[s.id].add("bottom" if down else "top")
                used[t.id].add("top" if down else "bottom")
        for n in self.nodes.values():
            if n.label_h:
                n.label_side = next((side for side in ("below", "above", "right", "left")
                                     if {"below": "bottom", "above": "top"}.get(side, side) not in used[n.id]),
                                    "below")

    def _level(self, n: Node) -> int:
        """A number that orders rows top to bottom across pools, bands and rows."""
        pool = self.pools[self.pool_index[n.pool]]
        band_index = pool.bands.index(self.band_of[n.id])
        return (self.pool_index[n.pool] * 1000 + band_index * 100 + n.row)

    # -- geometry ---------------------------------------------------------------
    def _geometry(self) -> None:
        # columns: width of the widest shape (or label) in it
        ncols = max(n.col for n in self.nodes.values()) + 1
        widths = [0.0] * ncols
        for n in self.nodes.values():
            footprint = n.w + 2 * (n.label_w + 6) if n.label_side in ("left", "right") else n.w
            widths[n.col] = math.ceil(max(widths[n.col], footprint, n.label_w))
        x0 = 100 + POOL_HEADER + (LANE_HEADER if any(p.has_lanes for p in self.pools) else 0) + 24
        lefts = []
        x = x0
        for w in widths:
            lefts.append(x)
            x += w + COLUMN_GAP
        right = x - COLUMN_GAP + 40
        for n in self.nodes.values():
            n.x = lefts[n.col] + (widths[n.col] - n.w) // 2
        # rows: heights
        for pool in self.pools:
            for band in pool.bands:
                members = [n for n in self.nodes.values() if self.band_of[n.id] is band]
                band.rows = max([n.row for n in members], default=0) + 1
                band.row_top_extra = [0.0] * band.rows
                band.row_body = [36.0] * band.rows
                band.row_bottom_extra = [0.0] * band.rows
                for n in members:
                    side_label = n.label_h if n.label_side in ("left", "right") else 0
                    band.row_body[n.row] = max(band.row_body[n.row], n.h, side_label)
                for n in members:
                    extra = (n.label_h + 6 - (band.row_body[n.row] - n.h) / 2) if n.label_h else 0
                    if n.label_side == "above":
                        band.row_top_extra[n.row] = max(band.row_top_extra[n.row], extra)
                    elif n.label_side == "below":
                        band.row_bottom_extra[n.row] = max(band.row_bottom_extra[n.row], extra)
                name_room = text_width(band.name, CHAR_12) / 2 + 24  # two lines of the rotated name
                band.h = math.ceil(max(sum(band.row_height(r) for r in range(band.rows)), name_room, 100))
        # message-flow docks and tracks in the gaps between pools (they need only x)
        self._docks()
        self._plan_message_routes()
        y = 80.0
        for i, pool in enumerate(self.pools):
            if i:
                y += self.gap_height[i]
            pool.y = y
            for band in pool.bands:
                band.y = y
                y += band.h
            pool.h = y - pool.y
        self.x0 = 100
        self.right = right
        for n in self.nodes.values():
            band = self.band_of[n.id]
            n.y = round(band.row_center(n.row) - n.h / 2)

    def _plan_message_routes(self) -> None:
        """Choose, for each bent message flow, the gap its horizontal run uses and a track in it."""
        self.gap_tracks: dict[int, list[list[tuple[float, float]]]] = {}
        self.route: dict[str, tuple[int, int]] = {}
        for f in self.flows:
            if not f.message:
                continue
            s, t = self.nodes[f.source], self.nodes[f.target]
            sx, tx = self.dock[(f.id, s.id)], self.dock[(f.id, t.id)]
            if abs(sx - tx) < 0.5:
                continue
            si, ti = self.pool_index[s.pool], self.pool_index[t.pool]
            down = ti > si
            # the gap next to the target, or next to the source if the vertical run would cross a shape
            near_target = ti if down else ti + 1
            near_source = si + 1 if down else si
            gap = near_target
            if self._vertical_blocked(sx, s.pool, t.pool):
                gap = near_source
            lo, hi = sorted((sx, tx))
            tracks = self.gap_tracks.setdefault(gap, [])
            for k, used in enumerate(tracks):
                if all(hi < a - 4 or lo > b + 4 for a, b in used):
                    used.append((lo, hi))
                    break
            else:
                tracks.append([(lo, hi)])
                k = len(tracks) - 1
            self.route[f.id] = (gap, k)
        self.gap_height = {i: max(POOL_GAP_MIN, 2 * TRACK + TRACK * len(self.gap_tracks.get(i, [])))
                           for i in range(1, len(self.pools))}

    def _vertical_blocked(self, x: float, pool_a: str, pool_b: str) -> bool:
        between = set(self._pools_between(pool_a, pool_b))
        return any(n.pool in between and n.x - 4 <= x <= n.x + n.w + 4 for n in self.nodes.values())

    # -- docking ------------------------------------------------------------------
    def _docks(self) -> None:
        """Spread the message flows that meet one side of a shape."""
        sides: dict[tuple[str, str], list[Flow]] = {}
        for f in self.flows:
            if not f.message:
                continue
            s, t = self.nodes[f.source], self.nodes[f.target]
            down = self.pool_index[t.pool] > self.pool_index[s.pool]
            sides.setdefault((s.id, "bottom" if down else "top"), []).append(f)
            sides.setdefault((t.id, "top" if down else "bottom"), []).append(f)
        self.dock: dict[tuple[str, str], float] = {}
        for (node_id, _side), flows in sides.items():
            node = self.nodes[node_id]
            k = len(flows)
            spacing = min(DOCK_SPACING, (node.w - 8) / max(1, k - 1)) if k > 1 else 0
            other = {f.id: self.nodes[f.target if f.source == node_id else f.source].cx for f in flows}
            straight = [f for f in flows if abs(other[f.id] - node.cx) < 0.5]
            if len(straight) == 1:
                # the flow that can be straight stays in the middle; the others move towards their other end
                self.dock[(straight[0].id, node_id)] = node.cx
                left = sorted((f for f in flows if other[f.id] < node.cx - 0.5), key=lambda f: -other[f.id])
                right = sorted((f for f in flows if other[f.id] > node.cx + 0.5), key=lambda f: other[f.id])
                for i, f in enumerate(left, start=1):
                    self.dock[(f.id, node_id)] = node.cx - i * spacing
                for i, f in enumerate(right, start=1):
                    self.dock[(f.id, node_id)] = node.cx + i * spacing
                continue
            ordered = sorted(flows, key=lambda f: other[f.id])
            for i, f in enumerate(ordered):
                self.dock[(f.id, node_id)] = node.cx + (i - (k - 1) / 2) * spacing

    @staticmethod
    def _border_y(n: Node, x: float, side: str) -> float:
        """Where a vertical line at ``x`` meets the top or bottom border of ``n``."""
        dx = abs(x - n.cx)
        if n.is_event:
            r = n.w / 2
            dy = math.sqrt(max(0.0, r * r - dx * dx))
        elif n.is_gateway:
            dy = max(0.0, n.h / 2 - dx * n.h / n.w)
        else:
            dy = n.h / 2
        return n.cy - dy if side == "top" else n.cy + dy

    # -- edges --------------------------------------------------------------------
    def _edges(self) -> None:
        gap_top = {i: self.pools[i - 1].y + self.pools[i - 1].h for i in range(1, len(self.pools))}
        for f in self.flows:
            s, t = self.nodes[f.source], self.nodes[f.target]
            if f.message:
                down = self.pool_index[t.pool] > self.pool_index[s.pool]
                sx, tx = self.dock[(f.id, s.id)], self.dock[(f.id, t.id)]
                sy = self._border_y(s, sx, "bottom" if down else "top")
                ty = self._border_y(t, tx, "top" if down else "bottom")
                if abs(sx - tx) < 0.5:
                    f.points = [(sx, sy), (tx, ty)]
                else:
                    gap, k = self.route[f.id]
                    ntracks = len(self.gap_tracks[gap])
                    gy = gap_top[gap] + (self.gap_height[gap] - (ntracks - 1) * TRACK) / 2 + k * TRACK
                    f.points = [(sx, sy), (sx, gy), (tx, gy), (tx, ty)]
                continue
            side = self.exit.get(f.id, "right")
            if abs(s.cy - t.cy) < 0.5 and side == "right":
                f.points = [(s.x + s.w, s.cy), (t.x, t.cy)]
            elif side in ("top", "bottom"):
                vy = s.y if side == "top" else s.y + s.h
                f.points = [(s.cx, vy), (s.cx, t.cy), (t.x, t.cy)]
            elif f.id in self.enters_left:
                # into a gateway's left corner, turning in the gap before it
                mid = t.x - COLUMN_GAP / 2
                f.points = [(s.x + s.w, s.cy), (mid, s.cy), (mid, t.cy), (t.x, t.cy)]
            else:
                up = t.cy < s.cy
                f.points = [(s.x + s.w, s.cy), (t.cx, s.cy), (t.cx, t.y + t.h if up else t.y)]
            if f.name:
                lw = min(EXTERNAL_LABEL_WIDTH, max(16.0, text_width(f.name, CHAR_11)))
                lh = wrap(f.name, EXTERNAL_LABEL_WIDTH, CHAR_11) * EXTERNAL_LINE
                (x1, y1), (_, y2) = f.points[0], f.points[1]
                if abs(y1 - y2) < 0.5:      # leaves horizontally: label above the first run
                    f.label = (x1 + 6, y1 - lh - 3, lw, lh)
                elif y2 < y1:               # leaves upwards: label left of the vertical run
                    f.label = (x1 - lw - 6, y1 - lh - 4, lw, lh)
                else:
                    f.label = (x1 - lw - 6, y1 + 6, lw, lh)

    # -- output -------------------------------------------------------------------
    def run(self) -> None:
        self._sizes()
        self._columns()
        self._rows()
        self._exits()
        self._geometry()
        self._edges()
        self._write()

    def _write(self) -> None:
        for old in self.root.findall(q("BPMNDiagram", BPMNDI)):
            self.root.remove(old)
        cid = self.collaboration.get("id")
        diagram = etree.SubElement(self.root, q("BPMNDiagram", BPMNDI), id=f"{cid}_diagram")
        plane = etree.SubElement(diagram, q("BPMNPlane", BPMNDI), id=f"{cid}_plane", bpmnElement=cid)
        width = self.right - self.x0

        def bounds(parent: etree._Element, x: float, y: float, w: float, h: float) -> None:
            etree.SubElement(parent, q("Bounds", DC), x=fmt(x), y=fmt(y), width=fmt(w), height=fmt(h))

        for pool in self.pools:
            shape = etree.SubElement(plane, q("BPMNShape", BPMNDI), id=f"{pool.id}_di",
                                     bpmnElement=pool.id, isHorizontal="true")
            bounds(shape, self.x0, pool.y, width, pool.h)
            if pool.has_lanes:
                for band in pool.bands:
                    lane = etree.SubElement(plane, q("BPMNShape", BPMNDI), id=f"{band.id}_di",
                                            bpmnElement=band.id, isHorizontal="true")
                    bounds(lane, self.x0 + POOL_HEADER, band.y, width - POOL_HEADER, band.h)
        for n in sorted(self.nodes.values(), key=lambda n: n.order):
            attrs = {"id": f"{n.id}_di", "bpmnElement": n.id}
            if n.kind == "exclusiveGateway":
                attrs["isMarkerVisible"] = "true"
            shape = etree.SubElement(plane, q("BPMNShape", BPMNDI), **attrs)
            bounds(shape, n.x, n.y, n.w, n.h)
            if n.label_h:
                label = etree.SubElement(shape, q("BPMNLabel", BPMNDI))
                lx = n.cx - n.label_w / 2
                if n.label_side == "above":
                    bounds(label, lx, n.y - 6 - n.label_h, n.label_w, n.label_h)
                elif n.label_side == "right":
                    bounds(label, n.x + n.w + 6, n.cy - n.label_h / 2, n.label_w, n.label_h)
                elif n.label_side == "left":
                    bounds(label, n.x - 6 - n.label_w, n.cy - n.label_h / 2, n.label_w, n.label_h)
                else:
                    bounds(label, lx, n.y + n.h + 6, n.label_w, n.label_h)
        for f in self.flows:
            edge = etree.SubElement(plane, q("BPMNEdge", BPMNDI), id=f"{f.id}_di", bpmnElement=f.id)
            for x, y in f.points:
                etree.SubElement(edge, q("waypoint", DI), x=fmt(x), y=fmt(y))
            if f.label:
                label = etree.SubElement(edge, q("BPMNLabel", BPMNDI))
                bounds(label, *f.label)


def fmt(v: float) -> str:
    v = round(v, 1)
    return str(int(v)) if v == int(v) else str(v)


def serialize(root: etree._Element) -> str:
    """The document as committed: XML declaration, two-space indentation, final newline."""
    etree.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="unicode") + "\n"


def layout_file(path: Path) -> None:
    parser = etree.XMLParser(remove_blank_text=True)
    root = etree.parse(str(path), parser).getroot()
    Layout(root).run()
    path.write_text(serialize(root), encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    for arg in argv:
        layout_file(Path(arg))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
