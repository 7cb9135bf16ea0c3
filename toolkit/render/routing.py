"""Lines and labels: orthogonal routes around the shapes, labels where they cover nothing.

Every line gets a handful of candidate routes — straight, one bend in a gap
between columns, out of a gateway's corner, a U below or above for a loop
back, a detour along a free corridor — and the cheapest one wins: a route
through a shape costs far more than a long one, crossing another line costs a
little, running on top of another line costs a lot. Labels then try a few spots
each (below an event, above a line's first run…) and take the one that covers
the fewest shapes, lines and other labels. All deterministic: candidates are
tried in a fixed order and ties keep the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from types import MappingProxyType

from toolkit.render.geometry import (
    EdgeGeometry,
    Geometry,
    NodeGeometry,
    Point,
    Rect,
    segment_enters_box,
)
from toolkit.render.scene import Link, Scene, Text
from toolkit.render.spatial import Grid

MARGIN = 7.0        # clearance kept between a line and a shape
STUB = 16.0         # how far a line runs out of a shape before it turns
HIT = 10000.0       # cost of running through a shape
CROSS = 300.0       # cost of crossing another line (a detour of up to ~300 pt is better)
CROSS_ASSOCIATION = 400.0  # cost of an association crossing another line
LANE_RUN = 0.5  # price per point of a message flow running across inside a pool, not in a gap
REROUTE_LIMIT = 400  # lines up to which crossing ones are routed a second time
OVERLAP = 700.0     # cost of running on top of another line
BEND = 14.0         # cost of a bend
CHANNEL_REACH = 1500.0  # how far from the ends a vertical channel round an obstacle is looked for
LABEL_GAP = 3.0

Segment = tuple[Point, Point]
#: A candidate route, or a route with a penalty of its own.
Candidate = list[Point] | tuple[list[Point], float]


def _segments(points: Sequence[Point]) -> list[Segment]:
    return [(a, b) for a, b in zip(points, points[1:]) if a != b]


def _seg_hits_rect(a: Point, b: Point, r: Rect) -> bool:
    """Does the segment pass through the rectangle's inside (touching its edge does not count)?"""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    if x1 <= r.x or x0 >= r.right or y1 <= r.y or y0 >= r.bottom:
        return False
    if a[0] == b[0] or a[1] == b[1]:
        return True
    # A slanted segment (associations): clip against the rectangle (Liang–Barsky).
    return segment_enters_box(a, b, r.x, r.y, r.right, r.bottom)


def _crosses(s1: Segment, s2: Segment) -> bool:
    (a, b), (c, d) = s1, s2

    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = orient(c, d, a), orient(c, d, b)
    d3, d4 = orient(a, b, c), orient(a, b, d)
    return ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0)) and d1 * d2 < 0 and d3 * d4 < 0


def _overlaps(s1: Segment, s2: Segment, tolerance: float = 3.0) -> float:
    """Length two axis-parallel segments run on top of each other."""
    (a, b), (c, d) = s1, s2
    if a[1] == b[1] and c[1] == d[1] and abs(a[1] - c[1]) < tolerance:
        lo = max(min(a[0], b[0]), min(c[0], d[0]))
        hi = min(max(a[0], b[0]), max(c[0], d[0]))
        return max(0.0, hi - lo)
    if a[0] == b[0] and c[0] == d[0] and abs(a[0] - c[0]) < tolerance:
        lo = max(min(a[1], b[1]), min(c[1], d[1]))
        hi = min(max(a[1], b[1]), max(c[1], d[1]))
        return max(0.0, hi - lo)
    return 0.0


def _length(points: Sequence[Point]) -> float:
    return sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in zip(points, points[1:]))


def _reach(points: Sequence[Point]) -> float:
    """The least length of a route between the (rounded) ends: a bound below its cost."""
    if len(points) < 2:
        return 0.0
    (x0, y0), (x1, y1) = points[0], points[-1]
    return abs(round(x1, 2) - round(x0, 2)) + abs(round(y1, 2) - round(y0, 2))


def _simplify(points: Iterable[Point]) -> tuple[Point, ...]:
    """Rounded to 0.01, without repeated points or the middle points of straight runs."""
    out: list[Point] = []
    for x, y in points:
        p = (round(x, 2), round(y, 2))
        if out:
            last = out[-1]
            if last == p:
                continue
            if len(out) >= 2:
                a = out[-2]
                if (a[0] == last[0] == p[0]) or (a[1] == last[1] == p[1]):
                    out[-1] = p
                    continue
        out.append(p)
    return tuple(out)


class _Ports:
    """Where a message flow leaves its sender and enters its receiver at a given x."""

    def __init__(self, s: Rect, t: Rect, down: bool) -> None:
        self._s, self._t, self.down = s, t, down

    def s(self, x: float) -> Point:
        return (x, self._s.bottom if self.down else self._s.y)

    def t(self, x: float) -> Point:
        return (x, self._t.y if self.down else self._t.bottom)


def _straight_xs(s: Rect, t: Rect, s_band: bool, t_band: bool, s_round: bool, t_round: bool) -> list[float]:
    """Where a message flow can run straight down (or up): over both ends (an event or gateway only
    at its middle), or anywhere over the shape when one end is a pool."""
    if s_band and not t_band:
        return [t.cx] if t_round else [t.cx, t.cx - t.w / 4, t.cx + t.w / 4]
    if t_band and not s_band:
        return [s.cx] if s_round else [s.cx, s.cx - s.w / 4, s.cx + s.w / 4]
    lo, hi = max(s.x, t.x) + 6, min(s.right, t.right) - 6
    if lo > hi:
        return []
    fixed = [r.cx for r, rnd in ((s, s_round), (t, t_round)) if rnd]
    if fixed:
        return [x for x in fixed if lo <= x <= hi][:1]
    mid = (lo + hi) / 2
    return [x for x in (s.cx, t.cx, mid, mid - 12, mid + 12, lo + 6, hi - 6) if lo <= x <= hi]


def _facing(s: Rect, t: Rect) -> list[Candidate]:
    """Straight lines between two shapes that face each other, one above the other or side by side."""
    cands: list[Candidate] = []
    lo, hi = max(s.x, t.x) + 4, min(s.right, t.right) - 4
    if lo <= hi:
        for x in ((lo + hi) / 2, lo + 4, hi - 4):
            if t.y >= s.bottom:
                cands.append([(x, s.bottom), (x, t.y)])
            elif s.y >= t.bottom:
                cands.append([(x, s.y), (x, t.bottom)])
    lo, hi = max(s.y, t.y) + 4, min(s.bottom, t.bottom) - 4
    if lo <= hi:
        y = (lo + hi) / 2
        if t.x >= s.right:
            cands.append([(s.right, y), (t.x, y)])
        elif s.x >= t.right:
            cands.append([(s.x, y), (t.right, y)])
    return cands


class Obstacles:
    """What one line must keep clear of: every shape, frame and header but its own ends and what
    holds them, found through the router's grid (:mod:`toolkit.render.spatial`)."""

    def __init__(self, grid: Grid[tuple[str, Rect]], skip: set[str], extra: list[Rect]) -> None:
        self.grid = grid
        self.skip = skip
        self.extra = extra
        self._hits: dict[Segment, int] = {}  # candidates of one line share many segments

    def near(self, x0: float, y0: float, x1: float, y1: float) -> list[Rect]:
        x0, x1 = min(x0, x1), max(x0, x1)
        y0, y1 = min(y0, y1), max(y0, y1)
        found = [r for key, r in self.grid.near(x0, y0, x1, y1) if key not in self.skip]
        found += [r for r in self.extra if r.x <= x1 and x0 <= r.right and r.y <= y1 and y0 <= r.bottom]
        return found

    def hit(self, a: Point, b: Point) -> int:
        """How many obstacles the segment runs through."""
        known = self._hits.get((a, b))
        if known is None:
            known = self._hits[(a, b)] = sum(1 for r in self.near(a[0], a[1], b[0], b[1]) if _seg_hits_rect(a, b, r))
        return known


class _Router:
    def __init__(self, scene: Scene, geometry: Geometry) -> None:
        self.scene = scene
        self.g = geometry
        self.width = geometry.width
        self.height = geometry.height
        self.shapes: dict[str, Rect] = {}
        for node_id, node in geometry.nodes.items():
            if node.category != "group":
                self.shapes[node_id] = node.rect
        self.frames: dict[str, Rect] = {box_id: box.rect for box_id, box in geometry.boxes.items()}
        self.headers: list[Rect] = [b.header for b in geometry.bands.values() if b.header is not None and b.header.w > 0]
        self.routed: dict[str, tuple[Point, ...]] = {}
        self.routed_ends: dict[str, tuple[str, str]] = {}
        self.ancestors: dict[str, set[str]] = {}
        # The spatial index: obstacles (inflated, keyed by element; headers by "") and routed segments.
        self.grid: Grid[tuple[str, Rect]] = Grid()
        for key, rect in self.shapes.items():
            self.grid.add_rect((key, rect.inflate(MARGIN)), rect.inflate(MARGIN))
        for key, rect in self.frames.items():
            self.grid.add_rect((key, rect.inflate(MARGIN / 2)), rect.inflate(MARGIN / 2))
        for rect in self.headers:
            self.grid.add_rect(("", rect), rect)
        self.lines: Grid[tuple[str, Segment]] = Grid()
        self._obstacles: dict[tuple[str, str], Obstacles] = {}
        self._filed: dict[str, list[int]] = {}  # each routed line's segments in ``lines``
        self._gaps: list[float] | None = None
        # Lines with a label ("yes", "no"): two of them must not leave a gateway on one run, or
        # their labels could not be told apart.
        self.labelled = {link.id for link in scene.links if link.text}
        self.current = ""
        self.cross = CROSS

    def remember(self, link_id: str, ends: tuple[str, str], points: tuple[Point, ...]) -> None:
        """A routed line: later lines score their crossings and overlaps against it."""
        self.routed[link_id] = points
        self.routed_ends[link_id] = ends
        self._filed[link_id] = [self.lines.add_segment((link_id, seg), *seg) for seg in _segments(points)]

    # -- what a line may not cross ----------------------------------------------------
    def _ancestors(self, element_id: str) -> set[str]:
        if element_id in self.ancestors:
            return self.ancestors[element_id]
        out: set[str] = set()
        current = self.scene.container_of(element_id)
        while current is not None and current not in out:
            out.add(current)
            current = self.scene.container_of(current)
        item = self.scene.items.get(element_id)
        if item is not None and item.host is not None:
            out.add(item.host)
            out |= self._ancestors(item.host)
        self.ancestors[element_id] = out
        return out

    def obstacles(self, source: str, target: str) -> Obstacles:
        """What a line between the two must keep clear of (one object per pair: the shapes do not
        move while lines are routed, so what it has worked out stays true)."""
        known = self._obstacles.get((source, target))
        if known is None:
            known = self._obstacles[(source, target)] = self._make_obstacles(source, target)
        return known

    def _make_obstacles(self, source: str, target: str) -> Obstacles:
        skip = {source, target} | self._ancestors(source) | self._ancestors(target)
        extra: list[Rect] = []
        # A line to or from a frame meets its border; it must not cut through the frame's inside.
        for end, other in ((source, target), (target, source)):
            if end in self.frames and end not in self._ancestors(other):
                extra.append(self.frames[end].inflate(-2))
        return Obstacles(self.grid, skip, extra)

    def rect_of(self, element_id: str) -> Rect | None:
        if element_id in self.shapes:
            return self.shapes[element_id]
        if element_id in self.frames:
            return self.frames[element_id]
        band = self.g.bands.get(element_id)
        return band.rect if band is not None else None

    # -- scoring ---------------------------------------------------------------------
    def cost(self, points: Sequence[Point], obstacles: Obstacles, ends: tuple[str, str],
             limit: float = float("inf")) -> float:
        """Length, bends, shapes run through, lines crossed or run along. Every term is positive, so
        once the sum reaches ``limit`` (the best candidate's cost) the rest is not worked out: the
        partial sum is returned, and it is already too dear."""
        segs = _segments(points)
        total = _length(points) + BEND * max(0, len(segs) - 1)
        if total >= limit:
            return total
        for a, b in segs:
            total += HIT * obstacles.hit(a, b)
            if not (0 <= a[0] <= self.width and 0 <= b[0] <= self.width):
                total += HIT
        if total >= limit:
            return total
        return total + self._line_cost(segs, ends)

    def _line_cost(self, segs: list[Segment], ends: tuple[str, str], own: str | None = None) -> float:
        """Crossing and running along the lines already drawn near the candidate (but ``own``)."""
        total = 0.0
        for s1 in segs:
            for other_id, s2 in self.lines.near_segment(*s1, pad=3.0):
                if other_id == own:
                    continue
                other_ends = self.routed_ends[other_id]
                # Lines from one gateway may share their first run, lines into one join their last;
                # two lines between the same pair of shapes must not hide each other.
                shared = (ends[0] == other_ends[0]) != (ends[1] == other_ends[1])
                if shared and self.current in self.labelled and other_id in self.labelled:
                    shared = False
                if _crosses(s1, s2):
                    total += self.cross
                run = _overlaps(s1, s2)
                if run > 0.5:
                    total += (20.0 if shared else OVERLAP) + run
        return total

    def best(self, candidates: Iterable[Candidate], obstacles: Obstacles, ends: tuple[str, str]) -> tuple[Point, ...]:
        """The cheapest candidate; ties keep the first (candidates come in order of preference)."""
        chosen: tuple[Point, ...] | None = None
        chosen_cost = 0.0
        seen: set[tuple[Point, ...]] = set()
        for candidate in candidates:
            extra = 0.0
            if isinstance(candidate, tuple):
                candidate, extra = candidate  # a route with a penalty of its own
            if chosen is not None and _reach(candidate) + extra >= chosen_cost - 1e-6:
                continue  # even a straight run between its ends would cost as much as the best
            pts = _simplify(candidate)
            if len(pts) < 2 or pts in seen:
                continue
            seen.add(pts)
            limit = chosen_cost - extra if chosen is not None else float("inf")
            c = self.cost(pts, obstacles, ends, limit) + extra
            if chosen is None or c < chosen_cost - 1e-6:
                chosen, chosen_cost = pts, c
        assert chosen is not None
        return chosen

    # -- corridors --------------------------------------------------------------------
    def corridors(self, x_a: float, x_b: float, near: float, obstacles: Obstacles,
                  low: float | None = None, high: float | None = None, count: int = 4) -> list[float]:
        """y values where a horizontal line from x_a to x_b meets no obstacle, nearest to ``near`` first."""
        x0, x1 = sorted((x_a, x_b))
        lo_limit = 4.0 if low is None else low
        hi_limit = self.height - 4.0 if high is None else high
        blocked = sorted((r.y, r.bottom) for r in obstacles.near(x0, lo_limit, x1, hi_limit)
                         if r.x < x1 and r.right > x0)
        free: list[tuple[float, float]] = []
        cursor = lo_limit
        for top, bottom in blocked:
            if top > cursor:
                free.append((cursor, min(top, hi_limit)))
            cursor = max(cursor, bottom)
            if cursor >= hi_limit:
                break
        if cursor < hi_limit:
            free.append((cursor, hi_limit))
        ys: list[float] = []
        for top, bottom in free:
            if bottom - top < 2:
                continue
            if top <= near <= bottom:
                ys.append(near)
            mid = (top + bottom) / 2
            ys.append(mid)
            if bottom - top > 24:
                ys.append(top + 8)
                ys.append(bottom - 8)
        ys = sorted({round(y, 2) for y in ys}, key=lambda y: (abs(y - near), y))
        return ys[:count]

    # -- sequence flows -----------------------------------------------------------------
    def route_flow(self, link: Link) -> tuple[Point, ...] | None:
        """A sequence flow: a loop on itself, out of a boundary event, forward, or back."""
        s = self.rect_of(link.source)
        t = self.rect_of(link.target)
        if s is None or t is None:
            return None
        obstacles = self.obstacles(link.source, link.target)
        ends = (link.source, link.target)
        source_item = self.scene.items.get(link.source)
        target_item = self.scene.items.get(link.target)
        if link.source == link.target:
            up = s.y - 22
            return self.best([[(s.cx + s.w / 4, s.y), (s.cx + s.w / 4, up), (s.right + STUB, up),
                               (s.right + STUB, s.cy), (s.right, s.cy)]], obstacles, ends)
        if source_item is not None and source_item.host is not None:
            return self.best(self._from_boundary(s, t, obstacles), obstacles, ends)
        if t.x >= s.right + 2 * MARGIN:
            split = source_item is not None and source_item.category == "gateway"
            join = target_item is not None and target_item.category == "gateway"
            cands = self._forward(s, t, obstacles, split, join)
        else:
            cands = self._backward(s, t, obstacles)
        cands += self._round_the_side(s, t, obstacles)
        if not cands:
            cands.append([(s.right, s.cy), (t.x, t.cy)])
        return self.best(cands, obstacles, ends)

    def _from_boundary(self, s: Rect, t: Rect, obstacles: Obstacles) -> list[Candidate]:
        """Out of the bottom, then across to the target (its left side, or its top/bottom)."""
        start, tl = (s.cx, s.bottom), (t.x, t.cy)
        cands: list[Candidate] = []
        if t.x > s.cx + 4:
            cands.append([start, (s.cx, t.cy), tl])
            for y in self.corridors(s.cx, t.x - STUB, s.bottom + STUB, obstacles, low=s.bottom + 4):
                cands.append([start, (s.cx, y), (t.x - STUB, y), (t.x - STUB, t.cy), tl])
                cands.append([start, (s.cx, y), (t.cx, y), (t.cx, t.bottom if y > t.cy else t.y)])
        for y in self.corridors(min(s.cx, t.cx), max(s.cx, t.cx), s.bottom + STUB, obstacles, low=s.bottom + 4):
            cands.append([start, (s.cx, y), (t.cx, y), (t.cx, t.bottom if y > t.cy else t.y)])
            x2 = t.x - STUB
            cands.append([start, (s.cx, y), (x2, y), (x2, t.cy), tl])
        return cands

    def _forward(self, s: Rect, t: Rect, obstacles: Obstacles, split: bool, join: bool) -> list[Candidate]:
        """Target to the right: straight, one bend in the gap, out of a gateway's corner, into a
        joining gateway's top or bottom, or along a free corridor."""
        sr, tl = (s.right, s.cy), (t.x, t.cy)
        cands: list[Candidate] = []
        if abs(s.cy - t.cy) < 1.0:
            cands.append([sr, tl])
        gap_lo, gap_hi = s.right + STUB, t.x - STUB
        middle = (s.right + t.x) / 2
        for x in (middle, gap_hi, gap_lo, middle - 9, middle + 9, gap_hi - 9, gap_lo + 9):
            if s.right + 4 <= x <= t.x - 4:
                cands.append([sr, (x, s.cy), (x, t.cy), tl])
        if split and abs(s.cy - t.cy) >= 1.0:
            port = (s.cx, s.bottom) if t.cy > s.cy else (s.cx, s.y)
            cands.append([port, (s.cx, t.cy), tl])
        if join and abs(s.cy - t.cy) >= 1.0:
            port = (t.cx, t.y) if s.cy < t.cy else (t.cx, t.bottom)
            cands.append([sr, (t.cx, s.cy), port])
        below = max(s.bottom, t.bottom) + STUB
        for y in self.corridors(s.cx, t.cx, below, obstacles, low=max(s.bottom, t.bottom) + 4, count=2):
            cands.append([(s.cx, s.bottom), (s.cx, y), (t.cx, y), (t.cx, t.bottom)])
        for y in self.corridors(gap_lo, gap_hi, (s.cy + t.cy) / 2, obstacles):
            cands.append([sr, (gap_lo, s.cy), (gap_lo, y), (gap_hi, y), (gap_hi, t.cy), tl])
            cands.append([sr, (gap_lo, s.cy), (gap_lo, y), (t.cx, y), (t.cx, t.y if y < t.cy else t.bottom)])
            cands.append([(s.cx, s.bottom if y > s.cy else s.y), (s.cx, y), (gap_hi, y), (gap_hi, t.cy), tl])
        return cands

    def _backward(self, s: Rect, t: Rect, obstacles: Obstacles) -> list[Candidate]:
        """Target above, below or to the left: straight up or down, else a U below (or above)."""
        sr, tl = (s.right, s.cy), (t.x, t.cy)
        cands: list[Candidate] = []
        # Straight up or down into a frame above or below (or a shape on the same centre line).
        if t.x + 4 <= s.cx <= t.right - 4 or s.x + 4 <= t.cx <= s.right - 4:
            x = s.cx if t.x + 4 <= s.cx <= t.right - 4 else t.cx
            if t.y >= s.bottom:
                cands.append([(x, s.bottom), (x, t.y)])
            elif s.y >= t.bottom:
                cands.append([(x, s.y), (x, t.bottom)])
        if abs(s.cx - t.cx) < 1.0:
            if t.y >= s.bottom:
                cands.append([(s.cx, s.bottom), (t.cx, t.y)])
            elif s.y >= t.bottom:
                cands.append([(s.cx, s.y), (t.cx, t.bottom)])
        x_lo, x_hi = min(s.cx, t.cx), max(s.cx, t.cx)
        below = max(s.bottom, t.bottom) + STUB
        for y in self.corridors(x_lo, x_hi, below, obstacles, low=max(s.bottom, t.bottom) + 4):
            cands.append([(s.cx, s.bottom), (s.cx, y), (t.cx, y), (t.cx, t.bottom)])
            cands.append([sr, (s.right + STUB, s.cy), (s.right + STUB, y), (t.cx, y), (t.cx, t.bottom)])
        for y in self.corridors(x_lo, x_hi, min(s.y, t.y) - STUB, obstacles, high=min(s.y, t.y) - 4):
            # Loops go back below the flow, as BPMN tools draw them; above only when below is taken.
            cands.append(([(s.cx, s.y), (s.cx, y), (t.cx, y), (t.cx, t.y)], 60.0))
        x1, x2 = s.right + STUB, t.x - STUB
        for y in self.corridors(min(x1, x2), max(x1, x2), below, obstacles, count=3):
            cands.append([sr, (x1, s.cy), (x1, y), (x2, y), (x2, t.cy), tl])
        if not cands:
            cands.append([sr, (x1, s.cy), (x1, below), (x2, below), (x2, t.cy), tl])
        return cands

    def _round_the_side(self, s: Rect, t: Rect, obstacles: Obstacles) -> list[Candidate]:
        """Round a frame or a stack that stands between them: turn in a free vertical channel."""
        cands: list[Candidate] = []
        tl = (t.x, t.cy)
        down = 1 if t.cy > s.cy else -1
        for x in self.channels(s.cy, t.cy, (s.right + t.x) / 2, obstacles, count=4):
            if s.right + 4 < x < t.x - 4:
                continue  # already tried in the gap
            if x > s.right:
                cands.append([(s.right, s.cy), (x, s.cy), (x, t.cy), tl])
            else:
                out = s.cy + down * (s.h / 2 + STUB)
                cands.append([(s.cx, s.bottom if down > 0 else s.y), (s.cx, out), (x, out), (x, t.cy), tl])
        return cands

    # -- message flows --------------------------------------------------------------------
    def route_message(self, link: Link) -> tuple[Point, ...] | None:
        """A message flow: out of the sender's top or bottom, into the receiver's, straight down or up
        where they overlap, else across in the gap between two pools (inside a lane only if no gap
        will do, and then at a price per point), else round a shape in the way."""
        s = self.rect_of(link.source)
        t = self.rect_of(link.target)
        if s is None or t is None:
            return None
        obstacles = self.obstacles(link.source, link.target)
        s_band = link.source in self.g.bands
        t_band = link.target in self.g.bands
        down = t.cy > s.cy if not (s_band or t_band) else (t.y >= s.bottom - 1 or (s_band and t.cy > s.bottom))
        if s_band and t_band:
            down = t.y >= s.y
        ports = _Ports(s, t, down)
        s_round, t_round = self._round(link.source), self._round(link.target)
        cands: list[Candidate] = [[ports.s(x), ports.t(x)]
                                  for x in _straight_xs(s, t, s_band, t_band, s_round, t_round)]
        s_xs = [t.cx] if s_band else [s.cx] if s_round else [s.cx, s.cx - s.w / 4, s.cx + s.w / 4]
        t_xs = [s.cx] if t_band else [t.cx] if t_round else [t.cx, t.cx - t.w / 4, t.cx + t.w / 4]
        cands += self._across(ports, s_xs, t_xs, obstacles)
        # Around a shape that stands between them: out, aside along a free channel, back in.
        step = 12.0
        sx, tx = s_xs[0], t_xs[0]
        y1 = ports.s(sx)[1] + (step if down else -step)
        y2 = ports.t(tx)[1] + (-step if down else step)
        for x in self.channels(y1, y2, (sx + tx) / 2, obstacles):
            cands.append([ports.s(sx), (sx, y1), (x, y1), (x, y2), (tx, y2), ports.t(tx)])
        if not cands:
            cands.append([ports.s(sx), ports.t(tx)])
        return self.best(cands, obstacles, (link.source, link.target))

    def _across(self, ports: _Ports, s_xs: list[float], t_xs: list[float], obstacles: Obstacles) -> list[Candidate]:
        """Down (or up), across at a free height, down (or up) again: the gaps between pools first."""
        cands: list[Candidate] = []
        gaps = self._pool_gaps()
        for sx in s_xs:
            for tx in t_xs:
                y_a, y_b = ports.s(sx)[1], ports.t(tx)[1]
                low, high = sorted((y_a, y_b))
                ys = [y for y in gaps if low + 4 < y < high - 4 and not self._blocked_run(sx, tx, y, obstacles)]
                for y in ys + self.corridors(sx, tx, (y_a + y_b) / 2, obstacles, low=low + 4, high=high - 4, count=4):
                    route = [ports.s(sx), (sx, y), (tx, y), ports.t(tx)]
                    inside = 0.0 if y in gaps else abs(tx - sx) * LANE_RUN
                    cands.append((route, inside) if inside else route)
        return cands

    def _pool_gaps(self) -> list[float]:
        """The heights halfway between two pools stacked one on the other."""
        if self._gaps is None:
            tops = sorted((b.rect.y, b.rect.bottom) for b in self.g.bands.values() if b.depth == 0)
            self._gaps = [(upper[1] + lower[0]) / 2 for upper, lower in zip(tops, tops[1:]) if lower[0] > upper[1]]
        return self._gaps

    @staticmethod
    def _blocked_run(x_a: float, x_b: float, y: float, obstacles: Obstacles) -> bool:
        a, b = (min(x_a, x_b), y), (max(x_a, x_b), y)
        return obstacles.hit(a, b) > 0

    def channels(self, y_a: float, y_b: float, near: float, obstacles: Obstacles, count: int = 4) -> list[float]:
        """x values where a vertical line from y_a to y_b meets no obstacle, nearest to ``near`` first
        (looked for within ``CHANNEL_REACH`` of ``near``: a channel farther away is no way round)."""
        y0, y1 = sorted((y_a, y_b))
        left_limit, right_limit = max(4.0, near - CHANNEL_REACH), min(self.width - 4, near + CHANNEL_REACH)
        blocked = sorted((r.x, r.right) for r in obstacles.near(left_limit, y0, right_limit, y1)
                         if r.y < y1 and r.bottom > y0)
        free: list[tuple[float, float]] = []
        cursor = left_limit
        for left, right in blocked:
            if left > cursor:
                free.append((cursor, min(left, right_limit)))
            cursor = max(cursor, right)
        if cursor < right_limit:
            free.append((cursor, right_limit))
        xs: list[float] = []
        for left, right in free:
            if right - left < 4:
                continue
            if left <= near <= right:
                xs.append(near)
            xs += [left + 6, right - 6] if right - left > 16 else [(left + right) / 2]
        xs = sorted({round(x, 2) for x in xs}, key=lambda x: (abs(x - near), x))
        return xs[:count]

    def _round(self, element_id: str) -> bool:
        """Events and gateways: a line meets them only at the middle of a side."""
        item = self.scene.items.get(element_id)
        return item is not None and item.category in ("event", "gateway")

    # -- associations ----------------------------------------------------------------------
    def point_of(self, element_id: str) -> tuple[Rect | None, Point | None]:
        rect = self.rect_of(element_id)
        if rect is not None:
            return rect, rect.center
        if element_id in self.routed:
            pts = self.routed[element_id]
            segs = _segments(pts)
            total = _length(pts)
            walked = 0.0
            for a, b in segs:
                step = abs(b[0] - a[0]) + abs(b[1] - a[1])
                if walked + step >= total / 2 and step > 0:
                    f = (total / 2 - walked) / step
                    return None, (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
                walked += step
            return None, pts[0]
        return None, None

    def route_association(self, link: Link) -> tuple[Point, ...] | None:
        """An association: straight where the shapes face each other, else a slanted line between
        the borders (as BPMN tools draw them), or, when that runs through a shape, orthogonal."""
        s_rect, s_point = self.point_of(link.source)
        t_rect, t_point = self.point_of(link.target)
        if s_point is None or t_point is None:
            return None
        obstacles = self.obstacles(link.source, link.target)
        cands: list[Candidate] = []
        if s_rect is not None and t_rect is not None:
            cands += _facing(s_rect, t_rect)
        a = _clip(s_rect, s_point, t_point) if s_rect is not None else s_point
        b = _clip(t_rect, t_point, s_point) if t_rect is not None else t_point
        cands.append([a, b])
        if s_rect is not None and t_rect is not None:
            cands += self._association_round(s_rect, t_rect, obstacles)
        return self.best(cands, obstacles, (link.source, link.target))

    def _association_round(self, s: Rect, t: Rect, obstacles: Obstacles) -> list[Candidate]:
        """Orthogonal ways: along a free corridor, one bend, or beside a stack of shapes in one column."""
        cands: list[Candidate] = []
        for y in self.corridors(s.cx, t.cx, (s.cy + t.cy) / 2, obstacles, count=3):
            if s.y - 4 < y < s.bottom + 4 or t.y - 4 < y < t.bottom + 4:
                continue  # a corridor beside an end would run inside it
            sp = (s.cx, s.bottom if y > s.cy else s.y)
            tp = (t.cx, t.bottom if y > t.cy else t.y)
            cands.append([sp, (sp[0], y), (tp[0], y), tp])
        cands.append([(s.cx, s.bottom if t.cy > s.cy else s.y), (s.cx, t.cy), (t.x if t.cx > s.cx else t.right, t.cy)])
        cands.append([(s.right if t.cx > s.cx else s.x, s.cy), (t.cx, s.cy), (t.cx, t.y if t.cy > s.cy else t.bottom)])
        for near in (s.right + 12, s.x - 12):
            for x in self.channels(s.cy, t.cy, near, obstacles, count=2):
                sp = (s.right if x > s.cx else s.x, s.cy)
                if t.x <= x <= t.right:
                    cands.append([sp, (x, sp[1]), (x, t.bottom if s.cy > t.cy else t.y)])
                else:
                    tp = (t.right if x > t.cx else t.x, t.cy)
                    cands.append([sp, (x, sp[1]), (x, tp[1]), tp])
        return cands

    # -- the last resort ------------------------------------------------------------------
    def _ports(self, rect: Rect, element_id: str, leaving: bool) -> list[tuple[Point, Point]]:
        item = self.scene.items.get(element_id)
        sides = [((rect.right, rect.cy), (rect.right + STUB, rect.cy)), ((rect.cx, rect.bottom), (rect.cx, rect.bottom + STUB)),
                 ((rect.cx, rect.y), (rect.cx, rect.y - STUB)), ((rect.x, rect.cy), (rect.x - STUB, rect.cy))]
        if leaving and item is not None and item.host is not None:
            return sides[1:2] + sides[:1] + sides[3:]
        return sides

    def rescue(self, link: Link, pts: tuple[Point, ...]) -> tuple[Point, ...]:
        """The chosen route; or, when it runs through a shape (any line) or crosses other lines (a
        sequence flow or an association), the way :mod:`maze` finds round them, if that is better."""
        s, t = self.rect_of(link.source), self.rect_of(link.target)
        if s is None or t is None or link.source == link.target:
            return pts
        ends = (link.source, link.target)
        obstacles = self.obstacles(link.source, link.target)
        hits = any(obstacles.hit(a, b) for a, b in _segments(pts))
        crossing = link.kind != "messageFlow" and self._line_cost(_segments(pts), ends) >= self.cross
        if not hits and not crossing:
            return pts
        from toolkit.render import maze

        known: dict[Segment, float] = {}

        def step_cost(a: Point, b: Point) -> float:
            """Crossing the lines drawn so far; a step is looked at from up to four sides: once."""
            key = (a, b) if a <= b else (b, a)
            if key not in known:
                known[key] = self._line_cost([key], ends)
            return known[key]

        found = maze.route(self._ports(s, link.source, True), self._ports(t, link.target, False),
                           obstacles, Rect(0, 0, self.width, self.height), step_cost, wide=hits)
        if found is None:
            return pts
        better = _simplify(found)
        if hits or self.cost(better, obstacles, ends) < self.cost(pts, obstacles, ends) - 1e-6:
            return better
        return pts

    # -- all lines ------------------------------------------------------------------------
    def route_all(self) -> dict[str, EdgeGeometry]:
        """Every line, in an order that keeps splits untangled; then once more each line that
        crosses others, now that all of them are known (rip up and reroute)."""
        edges: dict[str, EdgeGeometry] = dict(self.g.edges)
        for edge in self.g.edges.values():  # lines already drawn (the file's): kept, and avoided
            self.remember(edge.id, (edge.source, edge.target), edge.points)
        links = sorted((link for link in self.scene.links if link.id not in edges), key=self._order)
        for link in links:
            pts = self.route(link)
            if pts is not None:
                self.remember(link.id, (link.source, link.target), pts)
                edges[link.id] = EdgeGeometry(link.id, link.kind, link.source, link.target, pts, None)
        if len(self.routed) <= REROUTE_LIMIT:
            for link in links:
                if link.id in edges:
                    edges[link.id] = replace(edges[link.id], points=self.reroute(link))
        # Keep the scene's order in the result.
        return {link.id: edges[link.id] for link in self.scene.links if link.id in edges}

    def _order(self, link: Link) -> tuple[int, float, float]:
        # Left to right; of the lines leaving one shape, the one going farthest up or down first,
        # so it takes the outer way and the nearer ones stay inside it (no crossing at a split).
        rank = {"sequenceFlow": 0, "messageFlow": 1}.get(link.kind, 2)
        s, t = self.rect_of(link.source), self.rect_of(link.target)
        if s is None or t is None:
            return (rank, 0.0, 0.0)
        return (rank, round(s.x, 1), -abs(t.cy - s.cy))

    def route(self, link: Link) -> tuple[Point, ...] | None:
        """One line's route against what is drawn so far."""
        self.current = link.id
        # A dotted association may go a long way round rather than cross a flow.
        self.cross = CROSS if link.kind in ("sequenceFlow", "messageFlow") else CROSS_ASSOCIATION
        if link.kind == "sequenceFlow":
            pts = self.route_flow(link)
        elif link.kind == "messageFlow":
            pts = self.route_message(link)
        else:
            pts = self.route_association(link)
        if pts is None or len(pts) < 2:
            return None
        pts = self.rescue(link, pts)
        return tuple((round(x, 2), round(y, 2)) for x, y in pts)

    def reroute(self, link: Link) -> tuple[Point, ...]:
        """Route a crossing line again against all the others; keep the cheaper of the two."""
        old = self.routed[link.id]
        ends = (link.source, link.target)
        self.current = link.id
        self.cross = CROSS if link.kind in ("sequenceFlow", "messageFlow") else CROSS_ASSOCIATION
        if self._line_cost(_segments(old), ends, own=link.id) < self.cross:
            return old
        self._forget(link.id)
        obstacles = self.obstacles(link.source, link.target)
        new = self.route(link)
        if new is None or self.cost(new, obstacles, ends) >= self.cost(old, obstacles, ends) - 1e-6:
            new = old
        self.remember(link.id, ends, new)
        return new

    def _forget(self, link_id: str) -> None:
        del self.routed[link_id]
        del self.routed_ends[link_id]
        self.lines.remove(self._filed.pop(link_id, []))


def _clip(rect: Rect, inside: Point, outside: Point) -> Point:
    """Where the line from the rectangle's centre towards ``outside`` leaves the rectangle."""
    dx, dy = outside[0] - inside[0], outside[1] - inside[1]
    if dx == 0 and dy == 0:
        return inside
    tx = (rect.w / 2) / abs(dx) if dx else float("inf")
    ty = (rect.h / 2) / abs(dy) if dy else float("inf")
    t = min(tx, ty, 1.0)
    return (inside[0] + dx * t, inside[1] + dy * t)


# -- labels -------------------------------------------------------------------------

class _Labeller:
    """Places labels one by one where they cover the least: shapes, titles, labels, lines, borders.

    Everything it avoids is filed in grids (:mod:`toolkit.render.spatial`), so a candidate spot is
    checked against its neighbourhood only."""

    def __init__(self, scene: Scene, geometry: Geometry, edges: dict[str, EdgeGeometry]) -> None:
        self.scene = scene
        self.g = geometry
        self.shapes: Grid[tuple[str, Rect]] = Grid()
        for key, node in geometry.nodes.items():
            if node.category != "group":
                self.shapes.add_rect((key, node.rect), node.rect)
        self.titles: Grid[Rect] = Grid()
        for title in [b.title for b in geometry.boxes.values() if b.title is not None] + [
                b.header for b in geometry.bands.values() if b.header is not None and b.header.w > 0]:
            self.titles.add_rect(title, title)
        self.borders: Grid[tuple[float, Segment]] = Grid()
        for band in geometry.bands.values():
            self._border(band.rect, 150.0, sides=False)
        for box in geometry.boxes.values():
            self._border(box.rect, 150.0)
        for node in geometry.nodes.values():
            if node.category == "group":  # a group's dashed frame must not strike a label through
                self._border(node.rect, 400.0)
        self.lines: Grid[Segment] = Grid()
        for edge in edges.values():
            for seg in _segments(edge.points):
                self.lines.add_segment(seg, *seg)
        self.placed: Grid[Rect] = Grid()

    def _border(self, r: Rect, weight: float, sides: bool = True) -> None:
        segs = [((r.x, r.y), (r.right, r.y)), ((r.x, r.bottom), (r.right, r.bottom))]
        if sides:
            segs += [((r.x, r.y), (r.x, r.bottom)), ((r.right, r.y), (r.right, r.bottom))]
        for seg in segs:
            self.borders.add_segment((weight, seg), *seg)

    def reserve(self, rect: Rect) -> None:
        """A label already there (the file's): others keep off it."""
        self.placed.add_rect(rect, rect)

    def cost(self, rect: Rect, own: str | None, rank: int, limit: float = float("inf")) -> float:
        """What the spot covers; stops adding (returns the partial sum) once it reaches ``limit``."""
        total = rank * 2.0
        if rect.x < 0 or rect.y < 0 or rect.right > self.g.width or rect.bottom > self.g.height:
            total += 5000
        if total >= limit:
            return total
        total += self._cover_cost(rect, own)
        if total >= limit:
            return total
        return total + self._line_cost(rect)

    def _cover_cost(self, rect: Rect, own: str | None) -> float:
        total = 0.0
        for key, shape in self.shapes.near_rect(rect, pad=3):
            if key == own:
                # Graphviz pictures may tuck a label on its shape's rim; BPMNDI labels sit beside it.
                inner = shape.inflate(1) if self.scene.sizes.bpmn else shape.inflate(-shape.w * 0.22, -shape.h * 0.22)
                total += 3000 if rect.intersects(inner) else 0
                continue
            area = rect.overlap_area(shape.inflate(2))
            total += 2000 + area * 4 if area > 0 else 0
        for title in self.titles.near_rect(rect):
            area = rect.overlap_area(title)
            total += 1500 + area * 4 if area > 0 else 0
        for other in self.placed.near_rect(rect, pad=3):
            area = rect.overlap_area(other.inflate(2))
            total += 1500 + area * 4 if area > 0 else 0
        return total

    def _line_cost(self, rect: Rect) -> float:
        inner = rect.inflate(-0.5)
        total = sum(600.0 for a, b in self.lines.near_rect(inner) if _seg_hits_rect(a, b, inner))
        return total + sum(weight for weight, (a, b) in self.borders.near_rect(inner) if _seg_hits_rect(a, b, inner))

    def choose(self, options: list[Rect], own: str | None) -> Rect:
        best: Rect | None = None
        best_cost = 0.0
        for rank, rect in enumerate(options):
            c = self.cost(rect, own, rank, best_cost if best is not None else float("inf"))
            if best is None or c < best_cost - 1e-6:
                best, best_cost = rect, c
        assert best is not None
        self.reserve(best)
        return best

    def node_label(self, node: NodeGeometry, text: Text, boundary: bool) -> Rect:
        w, h = text.width + 4, text.height + 2
        r = node.rect
        below = Rect(r.cx - w / 2, r.bottom + LABEL_GAP, w, h)
        above = Rect(r.cx - w / 2, r.y - LABEL_GAP - h, w, h)
        right = Rect(r.right + LABEL_GAP, r.cy - h / 2, w, h)
        left = Rect(r.x - LABEL_GAP - w, r.cy - h / 2, w, h)
        below_right = Rect(r.right - 2, r.bottom - 2, w, h)
        above_right = Rect(r.right - 2, r.y - h + 2, w, h)
        below_left = Rect(r.x - w + 2, r.bottom - 2, w, h)
        options = ([below_right, below, below_left, right, above_right] if boundary else
                   [below, above, below_right, below_left, above_right, right, left,
                    below.moved(w / 3, 0), below.moved(-w / 3, 0), above.moved(w / 3, 0), above.moved(-w / 3, 0)])
        # Further out, when lines crowd the shape: clear of a line leaving it straight down or up.
        side = w / 2 + 6
        for dy in (0.0, 14.0):
            options += [below.moved(side, dy), below.moved(-side, dy), above.moved(side, -dy), above.moved(-side, -dy)]
        options += [right.moved(0, -h / 2 - 4), right.moved(0, h / 2 + 4), left.moved(0, -h / 2 - 4),
                    left.moved(0, h / 2 + 4), below.moved(0, 16), above.moved(0, -16)]
        return self.choose(options, node.id)

    def edge_label(self, edge: EdgeGeometry, text: Text) -> Rect:
        w, h = text.width + 4, text.height + 2
        options: list[Rect] = []
        segs = _segments(edge.points)
        order = list(range(len(segs)))
        if edge.kind != "sequenceFlow":
            order.sort(key=lambda i: -(abs(segs[i][1][0] - segs[i][0][0]) + abs(segs[i][1][1] - segs[i][0][1])))
        for i in order:
            a, b = segs[i]
            if a[1] == b[1]:  # horizontal
                x_lo, x_hi = sorted((a[0], b[0]))
                start = a[0] + 6 if b[0] >= a[0] else a[0] - 6 - w
                mid = (x_lo + x_hi) / 2 - w / 2
                for x in (start, mid):
                    options.append(Rect(x, a[1] - LABEL_GAP - h, w, h))
                    options.append(Rect(x, a[1] + LABEL_GAP, w, h))
            elif a[0] == b[0]:  # vertical
                y_lo, y_hi = sorted((a[1], b[1]))
                start = a[1] + 4 if b[1] >= a[1] else a[1] - 4 - h
                mid = (y_lo + y_hi) / 2 - h / 2
                for y in (start, mid):
                    options.append(Rect(a[0] + LABEL_GAP + 1, y, w, h))
                    options.append(Rect(a[0] - LABEL_GAP - 1 - w, y, w, h))
            else:
                mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
                options += [Rect(mx + 4, my - h - 2, w, h), Rect(mx - w - 4, my + 2, w, h)]
        if not options:
            p = edge.points[0]
            options.append(Rect(p[0], p[1] - h, w, h))
        return self.choose(options, None)


def route_and_label(scene: Scene, geometry: Geometry) -> Geometry:
    """Route every line, then place every label; returns the completed geometry.

    Lines and labels the geometry already has (a designer's, read from the file) stay as they are:
    only the others are routed and placed, around them."""
    router = _Router(scene, geometry)
    edges = router.route_all()
    labeller = _Labeller(scene, geometry, edges)
    for label in [n.label for n in geometry.nodes.values()] + [e.label for e in geometry.edges.values()]:
        if label is not None:
            labeller.reserve(label)
    nodes = dict(geometry.nodes)
    # Boundary events first (they have the least room), then the rest in document order.
    items = sorted((i for i in scene.items.values() if i.external and i.category != "group" and i.id in nodes
                    and nodes[i.id].label is None), key=lambda i: 0 if i.host is not None else 1)
    for item in items:
        node = nodes[item.id]
        rect = labeller.node_label(node, item.external, item.host is not None)  # type: ignore[arg-type]
        nodes[item.id] = replace(node, label=rect.rounded())
    for group_id in scene.group_members:
        item = scene.items[group_id]
        if group_id in nodes and item.external and nodes[group_id].label is None:
            r = nodes[group_id].rect
            nodes[group_id] = replace(nodes[group_id], label=Rect(r.x + 4, r.y + 2, item.external.width + 4,
                                                                 item.external.height + 2).rounded())
    for link in scene.links:
        if link.text and link.id in edges and edges[link.id].label is None:
            rect = labeller.edge_label(edges[link.id], link.text)
            edges[link.id] = replace(edges[link.id], label=rect.rounded())
    return replace(geometry, nodes=MappingProxyType(nodes), edges=MappingProxyType(edges))
