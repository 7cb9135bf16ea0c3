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
        self.removed: set[int] = set()

    def _span(self, x0: float, y0: float, x1: float, y1: float) -> tuple[int, int, int, int]:
        c = self.cell
        return int(x0 // c), int(y0 // c), int(x1 // c), int(y1 // c)

    def add(self, item: T, x0: float, y0: float, x1: float, y1: float) -> int:
        """File the item; returns its number (for :meth:`remove`)."""
        index = len(self.items)
        self.items.append(item)
        self.boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        a, b, c, d = self._span(*self.boxes[-1])
        for i in range(a, c + 1):
            for j in range(b, d + 1):
                self.cells.setdefault((i, j), []).append(index)
        return index

    def remove(self, indexes: Iterable[int]) -> None:
        """Take items out (a line routed again): they are no longer found."""
        for index in indexes:
            self.removed.add(index)
            a, b, c, d = self._span(*self.boxes[index])
            for i in range(a, c + 1):
                for j in range(b, d + 1):
                    self.cells[(i, j)].remove(index)

    def add_rect(self, item: T, rect: Rect) -> int:
        return self.add(item, rect.x, rect.y, rect.right, rect.bottom)

    def add_segment(self, item: T, a: Point, b: Point) -> int:
        return self.add(item, a[0], a[1], b[0], b[1])

    def near(self, x0: float, y0: float, x1: float, y1: float, pad: float = 0.0) -> list[T]:
        """Items whose bounding box meets the box (grown by ``pad``), each once, in insertion order."""
        if x0 > x1:
            x0, x1 = x1, x0
        if y0 > y1:
            y0, y1 = y1, y0
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        c, cells, boxes = self.cell, self.cells, self.boxes
        a, b, e, f = int(x0 // c), int(y0 // c), int(x1 // c), int(y1 // c)
        if a == e and b == f:  # one cell (most queries): its list is unique and in insertion order
            candidates: Iterable[int] = cells.get((a, b), ())
        elif (e - a + 1) * (f - b + 1) > len(cells):
            candidates = [i for i in range(len(self.items)) if i not in self.removed]
        else:
            seen: set[int] = set()
            for x in range(a, e + 1):
                for y in range(b, f + 1):
                    found = cells.get((x, y))
                    if found:
                        seen.update(found)
            candidates = sorted(seen)
        items = self.items
        out = []
        for i in candidates:
            bx0, by0, bx1, by1 = boxes[i]
            if bx0 <= x1 and x0 <= bx1 and by0 <= y1 and y0 <= by1:
                out.append(items[i])
        return out

    def near_rect(self, rect: Rect, pad: float = 0.0) -> list[T]:
        return self.near(rect.x, rect.y, rect.right, rect.bottom, pad)

    def near_segment(self, a: Point, b: Point, pad: float = 0.0) -> list[T]:
        return self.near(a[0], a[1], b[0], b[1], pad)

    def __len__(self) -> int:
        return len(self.items)
