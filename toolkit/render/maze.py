"""The last resort of the router: a shortest orthogonal path that touches no obstacle.

The router's candidates (straight, one bend in a gap, a corridor…) cover almost
every line cheaply. When all of them run through a shape, this search finds a
way round if there is one: the coordinates of every obstacle's border (and of
the line's ports) make a grid, and a Dijkstra search over it — cost = length +
a penalty per bend, the way bpmn-auto-layout's rectilinear visibility graph does
it — walks only between grid points whose connecting step stays outside every
obstacle. Because every obstacle border is a grid line, a step is either wholly
inside an obstacle or wholly outside, so testing its midpoint is enough.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Protocol

from toolkit.render.geometry import Point, Rect

BEND = 30.0
REACH = 240.0  # how far around the two ends the grid first extends


def _inside(p: Point, obstacles: Sequence[Rect]) -> bool:
    return any(r.x < p[0] < r.right and r.y < p[1] < r.bottom for r in obstacles)


class Near(Protocol):
    """What the router's obstacles offer: the rectangles meeting a box."""

    def near(self, x0: float, y0: float, x1: float, y1: float) -> list[Rect]: ...


StepCost = Callable[[Point, Point], float]


def _free(a: Point, b: Point) -> float:
    return 0.0


def route(starts: Sequence[tuple[Point, Point]], ends: Sequence[tuple[Point, Point]], obstacles: Near,
          bounds: Rect, step_cost: StepCost = _free, wide: bool = True) -> list[Point] | None:
    """The cheapest orthogonal path from one of ``starts`` to one of ``ends``, or None.

    Each start is ``(port, stub)``: the path leaves the shape at ``port`` and goes straight to
    ``stub`` (a point just outside); each end likewise ``(port, stub)`` in reverse. The stubs
    themselves must be outside every obstacle. ``step_cost`` adds to each step (crossing lines);
    the grid covers ``REACH`` around the ends, then (``wide``) the whole picture."""
    starts = [s for s in starts if not _inside(s[1], obstacles.near(*s[1], *s[1]))]
    ends = [e for e in ends if not _inside(e[1], obstacles.near(*e[1], *e[1]))]
    if not starts or not ends:
        return None
    points = [s[1] for s in starts] + [e[1] for e in ends]
    for reach in (REACH, max(bounds.w, bounds.h)) if wide else (REACH,):
        x0 = max(bounds.x, min(p[0] for p in points) - reach)
        x1 = min(bounds.right, max(p[0] for p in points) + reach)
        y0 = max(bounds.y, min(p[1] for p in points) - reach)
        y1 = min(bounds.bottom, max(p[1] for p in points) + reach)
        area = Rect(x0, y0, x1 - x0, y1 - y0)
        near = obstacles.near(area.x, area.y, area.right, area.bottom)
        found = _search(starts, ends, near, area, step_cost)
        if found is not None:
            return found
    return None


def _search(starts: Sequence[tuple[Point, Point]], ends: Sequence[tuple[Point, Point]], obstacles: Sequence[Rect],
            area: Rect, step_cost: StepCost) -> list[Point] | None:
    xs = sorted({area.x, area.right} | {p[1][0] for p in list(starts) + list(ends)}
                | {v for r in obstacles for v in (r.x - 1, r.right + 1) if area.x <= v <= area.right})
    ys = sorted({area.y, area.bottom} | {p[1][1] for p in list(starts) + list(ends)}
                | {v for r in obstacles for v in (r.y - 1, r.bottom + 1) if area.y <= v <= area.bottom})
    goal = {(bisect_left(xs, e[1][0]), bisect_left(ys, e[1][1])): e for e in ends}
    blocked = _blocked(xs, ys, obstacles)
    heap: list[tuple[float, int, int, int, int]] = []  # cost, order, ix, iy, direction
    best: dict[tuple[int, int, int], float] = {}
    came: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}
    order = 0
    for port, stub in starts:
        ix, iy = bisect_left(xs, stub[0]), bisect_left(ys, stub[1])
        direction = _direction(port, stub)
        key = (ix, iy, direction)
        best[key] = 0.0
        came[key] = None
        heapq.heappush(heap, (0.0, order, ix, iy, direction))
        order += 1
    steps = ((1, 0), (0, 1), (-1, 0), (0, -1))
    while heap:
        cost, _, ix, iy, direction = heapq.heappop(heap)
        key = (ix, iy, direction)
        if cost > best.get(key, float("inf")):
            continue
        if (ix, iy) in goal:
            return _path(key, came, xs, ys, starts, goal[(ix, iy)][0])
        for d, (sx, sy) in enumerate(steps):
            jx, jy = ix + sx, iy + sy
            if not (0 <= jx < len(xs) and 0 <= jy < len(ys)):
                continue
            if (jx, jy) in blocked or (min(ix, jx), min(iy, jy), sx != 0) in blocked:
                continue
            a, b = (xs[ix], ys[iy]), (xs[jx], ys[jy])
            step = abs(b[0] - a[0]) + abs(b[1] - a[1]) + (BEND if d != direction else 0.0) + step_cost(a, b)
            nxt = (jx, jy, d)
            if cost + step < best.get(nxt, float("inf")) - 1e-9:
                best[nxt] = cost + step
                came[nxt] = key
                heapq.heappush(heap, (cost + step, order, jx, jy, d))
                order += 1
    return None


def _blocked(xs: list[float], ys: list[float], obstacles: Sequence[Rect]) -> set[tuple[int, ...]]:
    """Grid points inside an obstacle, ``(ix, iy)``, and steps whose middle is inside one,
    ``(ix, iy, horizontal)`` from the lower index: marked once per obstacle, looked up per step."""
    out: set[tuple[int, ...]] = set()
    for r in obstacles:
        i0, i1 = bisect_right(xs, r.x), bisect_left(xs, r.right) - 1
        j0, j1 = bisect_right(ys, r.y), bisect_left(ys, r.bottom) - 1
        for i in range(max(i0 - 1, 0), min(i1 + 1, len(xs) - 1) + 1):
            for j in range(max(j0 - 1, 0), min(j1 + 1, len(ys) - 1) + 1):
                x, y = xs[i], ys[j]
                if i0 <= i <= i1 and j0 <= j <= j1:
                    out.add((i, j))
                if i + 1 < len(xs) and r.y < y < r.bottom and r.x < (x + xs[i + 1]) / 2 < r.right:
                    out.add((i, j, True))
                if j + 1 < len(ys) and r.x < x < r.right and r.y < (y + ys[j + 1]) / 2 < r.bottom:
                    out.add((i, j, False))
    return out


def _direction(a: Point, b: Point) -> int:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if abs(dx) >= abs(dy):
        return 0 if dx > 0 else 2
    return 1 if dy > 0 else 3


def _path(key, came, xs, ys, starts, end_port: Point) -> list[Point]:
    cells: list[Point] = []
    current = key
    while current is not None:
        cells.append((xs[current[0]], ys[current[1]]))
        current = came[current]
    cells.reverse()
    first = cells[0]
    port = next(s[0] for s in starts if (s[1][0], s[1][1]) == first or
                (abs(s[1][0] - first[0]) < 1e-6 and abs(s[1][1] - first[1]) < 1e-6))
    return [port] + cells + [end_port]
