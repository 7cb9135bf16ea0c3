"""Measure a diagram the way a reader suffers it: crossings, bends, lines through shapes, area.

Reads any model's BPMNDI (ours, bpmn-auto-layout's, a designer's), so the
benchmark compares layouts on the same terms:

* **crossings** — pairs of lines whose segments cross properly (touching at an
  end or running along each other is not a crossing);
* **bends** — waypoints that are not a line's ends;
* **through** — a line crossing the inside of a shape it neither starts nor ends
  at (pools and lanes excluded; an expanded sub-process counts unless the line
  starts or ends inside it);
* **area** — the bounding box of every shape, label and waypoint, in px²;
* **oblique** — sequence or message flow segments that are neither horizontal nor vertical.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from toolkit.model.elements import Bounds, Model

Point = tuple[float, float]
EPS = 0.5


@dataclass(frozen=True)
class Quality:
    shapes: int
    edges: int
    crossings: int
    bends: int
    through: int
    oblique: int
    width: float
    height: float

    @property
    def area(self) -> float:
        return self.width * self.height

    def as_dict(self) -> dict:
        return {**asdict(self), "area": round(self.area)}


def _orient(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Do the segments cross at a point inside both (not at an end, not collinear)?"""
    d1, d2, d3, d4 = _orient(c, d, a), _orient(c, d, b), _orient(a, b, c), _orient(a, b, d)
    return d1 * d2 < -1e-9 and d3 * d4 < -1e-9


def segment_through(a: Point, b: Point, r: Bounds) -> bool:
    """Does the segment pass through the rectangle's inside (shrunk by half a pixel)?"""
    x0, y0, x1, y1 = r.x + EPS, r.y + EPS, r.x + r.width - EPS, r.y + r.height - EPS
    if x1 <= x0 or y1 <= y0:
        return False
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


def _ancestors(model: Model, element_id: str | None) -> set[str]:
    out: set[str] = set()
    current = element_id
    while current and current in model.nodes and current not in out:
        out.add(current)
        node = model.nodes[current]
        current = node.parent_id or node.attached_to
    return out


def measure(model: Model) -> Quality:
    """The quality of ``model``'s own diagram (all its BPMNDiagrams together)."""
    bands = set(model.participants) | set(model.lanes)
    lines: list[tuple[str, str | None, str | None, tuple[Point, ...]]] = []
    diagram: list[str | None] = []
    for edge_id, edge in model.edges.items():
        ends = _ends(model, edge_id)
        lines.append((edge_id, ends[0], ends[1], edge.waypoints))
        diagram.append(edge.diagram_id)
    crossings = 0
    segs = [(i, list(zip(pts, pts[1:]))) for i, (_, _, _, pts) in enumerate(lines)]
    for i, (_, own) in enumerate(segs):
        for j in range(i + 1, len(segs)):
            other = segs[j][1]
            if diagram[i] == diagram[j] and any(segments_cross(a, b, c, d) for a, b in own for c, d in other):
                crossings += 1
    bends = sum(max(0, len(pts) - 2) for *_, pts in lines)
    through = 0
    oblique = 0
    for (edge_id, source, target, pts), plane in zip(lines, diagram):
        spared = _ancestors(model, source) | _ancestors(model, target) | {source, target}
        # Ends the DI attaches to (a data association's end may be an activity's data input).
        spared |= {i for i, sh in model.shapes.items() if _touches(sh.bounds, pts[0]) or _touches(sh.bounds, pts[-1])}
        is_flow = edge_id in model.sequence_flows or edge_id in model.message_flows
        for a, b in zip(pts, pts[1:]):
            if is_flow and abs(a[0] - b[0]) > EPS and abs(a[1] - b[1]) > EPS:
                oblique += 1
        for shape_id, shape in model.shapes.items():
            if shape_id in bands or shape_id in spared or shape_id not in model.nodes or shape.diagram_id != plane:
                continue
            if any(segment_through(a, b, shape.bounds) for a, b in zip(pts, pts[1:])):
                through += 1
    xs: list[float] = []
    ys: list[float] = []
    for shape in model.shapes.values():
        for b in (shape.bounds, shape.label):
            if b is not None:
                xs += [b.x, b.x + b.width]
                ys += [b.y, b.y + b.height]
    for *_, pts in lines:
        xs += [p[0] for p in pts]
        ys += [p[1] for p in pts]
    width = (max(xs) - min(xs)) if xs else 0.0
    height = (max(ys) - min(ys)) if ys else 0.0
    return Quality(len(model.shapes), len(model.edges), crossings, bends, through, oblique, width, height)


def _touches(b: Bounds, p: Point) -> bool:
    return b.x - 1 <= p[0] <= b.x + b.width + 1 and b.y - 1 <= p[1] <= b.y + b.height + 1


def _ends(model: Model, edge_id: str) -> tuple[str | None, str | None]:
    for table in (model.sequence_flows, model.message_flows):
        if edge_id in table:
            return table[edge_id].source, table[edge_id].target
    artifact = model.artifacts.get(edge_id)
    if artifact is not None:
        return artifact.source, artifact.target
    return None, None
