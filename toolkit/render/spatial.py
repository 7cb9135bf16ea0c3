"""A uniform grid over the picture: which shapes, lines or labels lie near a point, a segment, a box.

The router and the labeller score many candidates, each against what is already
placed. Scanning everything makes a picture of n shapes cost n² (a 1,000-task
chain took minutes). Here every rectangle and segment is filed under the grid
cells its bounding box touches, and a query visits only the cells its own box
touches, so a candidate is checked against its neighbourhood: near-linear in
the picture's size. Items are returned once each, in insertion order, so results
(and the layouts built from them) stay deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from toolkit.render.geometry import Point, Rect

T = TypeVar("T")
CELL = 160.0


class Grid(Generic[T]):
    """Items with a bounding box, found by the boxes they may touch."""

    def __init__(self, cell: float = CELL) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.items: list[T] = []
        self.boxes: list[tuple[float, float, float, float]] = []

    def _span(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        c = self.cell
        return int(x0 // c), int(y0 // c), int(x1 // c), int(y1 // c)

    def add(self, item: T, x0: float, y0: float, x1: float, y1: float) -> None:
        index = len(self.items)
        self.items.append(item)
        self.boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        a, b, c, d = self._span(*self.boxes[-1])
        for i in range(a, c + 1):
            for j in range(b, d + 1):
                self.cells.setdefault((i, j), []).append(index)

    def add_rect(self, item: T, rect: Rect) -> None:
        self.add(item, rect.x, rect.y, rect.right, rect.bottom)

    def add_segment(self, item: T, a: Point, b: Point) -> None:
        self.add(item, a[0], a[1], b[0], b[1])

    def near(self, x0: float, y0: float, x1: float, y1: float, pad: float = 0.0) -> list[T]:
        """Items whose bounding box meets the box (grown by ``pad``), each once, in insertion order."""
        x0, x1 = min(x0, x1) - pad, max(x0, x1) + pad
        y0, y1 = min(y0, y1) - pad, max(y0, y1) + pad
        a, b, c, d = self._span(x0, y0, x1, y1)
        found: set[int] = set()
        if (c - a + 1) * (d - b + 1) > len(self.cells):
            candidates: Iterable[int] = (i for cell in self.cells.values() for i in cell)
        else:
            candidates = (i for x in range(a, c + 1) for y in range(b, d + 1) for i in self.cells.get((x, y), ()))
        for i in candidates:
            if i in found:
                continue
            bx0, by0, bx1, by1 = self.boxes[i]
            if bx0 <= x1 and x0 <= bx1 and by0 <= y1 and y0 <= by1:
                found.add(i)
        return [self.items[i] for i in sorted(found)]

    def near_rect(self, rect: Rect, pad: float = 0.0) -> list[T]:
        return self.near(rect.x, rect.y, rect.right, rect.bottom, pad)

    def near_segment(self, a: Point, b: Point, pad: float = 0.0) -> list[T]:
        return self.near(a[0], a[1], b[0], b[1], pad)

    def __len__(self) -> int:
        return len(self.items)
