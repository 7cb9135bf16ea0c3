"""The computed layout as plain data: rectangles and polylines keyed by BPMN id.

Coordinates are points (1/72 inch), origin at the top left, y growing downwards
— the convention of BPMNDI (``dc:Bounds``, ``di:waypoint``), so the same object
can be written into a model's diagram as well as drawn with Graphviz.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Point = tuple[float, float]


def segment_enters_box(a: Point, b: Point, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Does the segment a-b run through the open box (x0, y0)-(x1, y1) for more than a point?

    Liang-Barsky clipping: routing asks it of slanted segments, the layout quality measure of
    every segment; one copy so both judge "through a shape" alike.
    """
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


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def center(self) -> Point:
        return (self.cx, self.cy)

    def inflate(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x - dx, self.y - dy, self.w + 2 * dx, self.h + 2 * dy)

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def intersects(self, other: Rect) -> bool:
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def overlap_area(self, other: Rect) -> float:
        w = min(self.right, other.right) - max(self.x, other.x)
        h = min(self.bottom, other.bottom) - max(self.y, other.y)
        return w * h if w > 0 and h > 0 else 0.0

    def contains_point(self, p: Point, tolerance: float = 0.0) -> bool:
        return (self.x - tolerance <= p[0] <= self.right + tolerance
                and self.y - tolerance <= p[1] <= self.bottom + tolerance)

    def rounded(self) -> Rect:
        return Rect(round(self.x, 2), round(self.y, 2), round(self.w, 2), round(self.h, 2))

    @staticmethod
    def around(rects: list[Rect]) -> Rect:
        x0 = min(r.x for r in rects)
        y0 = min(r.y for r in rects)
        x1 = max(r.right for r in rects)
        y1 = max(r.bottom for r in rects)
        return Rect(x0, y0, x1 - x0, y1 - y0)


@dataclass(frozen=True)
class BandGeometry:
    """A pool, a process drawn without a pool, or a lane: a full-width band with a header cell."""

    id: str
    category: str  # pool | process | lane
    rect: Rect
    header: Rect | None
    depth: int
    parent: str | None = None


@dataclass(frozen=True)
class BoxGeometry:
    """An expanded sub-process (or call activity showing its process): a frame and its title."""

    id: str
    kind: str
    rect: Rect
    title: Rect | None = None


@dataclass(frozen=True)
class NodeGeometry:
    """A flow node or artifact: its shape, and its external label (events, gateways, data)."""

    id: str
    kind: str
    category: str
    rect: Rect
    label: Rect | None = None


@dataclass(frozen=True)
class EdgeGeometry:
    """A flow or association: its waypoints from source to target, and its label's box."""

    id: str
    kind: str
    source: str
    target: str
    points: tuple[Point, ...]
    label: Rect | None = None


@dataclass(frozen=True)
class Geometry:
    """Where everything goes. Pure data; compare, serialise or write it into BPMNDI."""

    width: float
    height: float
    bands: Mapping[str, BandGeometry] = field(default_factory=lambda: MappingProxyType({}))
    boxes: Mapping[str, BoxGeometry] = field(default_factory=lambda: MappingProxyType({}))
    nodes: Mapping[str, NodeGeometry] = field(default_factory=lambda: MappingProxyType({}))
    edges: Mapping[str, EdgeGeometry] = field(default_factory=lambda: MappingProxyType({}))

    def shape(self, element_id: str) -> Rect | None:
        """The bounds of a band, box or node (what a BPMNShape's dc:Bounds would say)."""
        for table in (self.nodes, self.boxes, self.bands):
            if element_id in table:
                return table[element_id].rect
        return None

    def element_ids(self) -> Iterator[str]:
        yield from self.bands
        yield from self.boxes
        yield from self.nodes
        yield from self.edges

    def to_dict(self) -> dict:
        """A JSON-ready dictionary (rounded to 0.01 pt)."""
        def rect(r: Rect | None) -> list[float] | None:
            return None if r is None else [round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2)]

        return {
            "width": round(self.width, 2),
            "height": round(self.height, 2),
            "bands": {k: {"category": v.category, "rect": rect(v.rect), "header": rect(v.header),
                          "depth": v.depth, "parent": v.parent} for k, v in self.bands.items()},
            "boxes": {k: {"kind": v.kind, "rect": rect(v.rect), "title": rect(v.title)}
                      for k, v in self.boxes.items()},
            "nodes": {k: {"kind": v.kind, "rect": rect(v.rect), "label": rect(v.label)}
                      for k, v in self.nodes.items()},
            "edges": {k: {"kind": v.kind, "source": v.source, "target": v.target,
                          "points": [[round(x, 2), round(y, 2)] for x, y in v.points], "label": rect(v.label)}
                      for k, v in self.edges.items()},
        }
