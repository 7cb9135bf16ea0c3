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
from toolkit.render.geometry import segment_enters_box

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

    def as_dict(self) -> dict[str, float]:
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
    return segment_enters_box(a, b, x0, y0, x1, y1)


def _ancestors(model: Model, element_id: str | None) -> set[str]:
    out: set[str] = set()
    current = element_id
    while current and current in model.nodes and current not in out:
        out.add(current)
        node = model.nodes[current]
        current = node.parent_id or node.attached_to
    return out


Line = tuple[str, "str | None", "str | None", tuple[Point, ...], "str | None"]  # id, source, target, points, diagram


def measure(model: Model) -> Quality:
    """The quality of ``model``'s own diagram (all its BPMNDiagrams together)."""
    lines: list[Line] = [(edge_id, *_ends(model, edge_id), edge.waypoints, edge.diagram_id)
                         for edge_id, edge in model.edges.items()]
    bends = sum(max(0, len(line[3]) - 2) for line in lines)
    through = sum(_through(model, line) for line in lines)
    oblique = sum(_oblique(model, line) for line in lines)
    width, height = _extent(model, lines)
    return Quality(len(model.shapes), len(model.edges), _crossings(lines), bends, through, oblique, width, height)


def _crossings(lines: list[Line]) -> int:
    segs = [list(zip(line[3], line[3][1:])) for line in lines]
    count = 0
    for i, own in enumerate(segs):
        for j in range(i + 1, len(segs)):
            if lines[i][4] == lines[j][4] and any(segments_cross(a, b, c, d) for a, b in own for c, d in segs[j]):
                count += 1
    return count


def _oblique(model: Model, line: Line) -> int:
    edge_id, _, _, pts, _ = line
    if edge_id not in model.sequence_flows and edge_id not in model.message_flows:
        return 0
    return sum(1 for a, b in zip(pts, pts[1:]) if abs(a[0] - b[0]) > EPS and abs(a[1] - b[1]) > EPS)


def _through(model: Model, line: Line) -> int:
    """How many shapes the line runs through (its ends, their holders and pools/lanes aside)."""
    _, source, target, pts, plane = line
    spared = _ancestors(model, source) | _ancestors(model, target) | {source, target}
    # Ends the DI attaches to (a data association's end may be an activity's data input).
    spared |= {i for i, sh in model.shapes.items() if _touches(sh.bounds, pts[0]) or _touches(sh.bounds, pts[-1])}
    count = 0
    for shape_id, shape in model.shapes.items():
        if shape_id in spared or shape_id not in model.nodes or shape.diagram_id != plane:
            continue
        if any(segment_through(a, b, shape.bounds) for a, b in zip(pts, pts[1:])):
            count += 1
    return count


def _extent(model: Model, lines: list[Line]) -> tuple[float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for shape in model.shapes.values():
        for b in (shape.bounds, shape.label):
            if b is not None:
                xs += [b.x, b.x + b.width]
                ys += [b.y, b.y + b.height]
    for line in lines:
        xs += [p[0] for p in line[3]]
        ys += [p[1] for p in line[3]]
    return ((max(xs) - min(xs)) if xs else 0.0, (max(ys) - min(ys)) if ys else 0.0)


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
