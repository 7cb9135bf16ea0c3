"""Which branch of a split keeps the split's row: the one whose messages go up.

Inside a band the placement puts a node on its predecessor's row when it can, so of the
branches leaving a gateway the first (leftmost) one keeps the row and the others drop below
it. A message flow from a pool above must then reach a lower branch across the upper one's
line, and a message from a lower branch to a pool above crosses it too (appendix-1 had three
such crossings). So a branch whose elements talk to pools *above* should keep the upper row,
and a branch that talks to pools *below* should drop: each element scores +1 per message flow
to or from a pool above and -1 per one below, a branch scores its own elements (those the
other branches do not reach), nearer ones weighing more, and a branch that scores clearly less
than the best one is asked to start one row lower.
"""

from __future__ import annotations

from toolkit.render.scene import Scene

DEPTH = 6         # how far along a branch its messages count
DECAY = 0.5       # each step along the branch weighs this much less
MARGIN = 0.25     # a branch drops only when it scores this much less than the best


def message_pull(scene: Scene) -> dict[str, float]:
    """+1 for each message flow an element exchanges with a pool above its own, -1 below."""
    order = {region: index for index, region in enumerate(scene.regions)}
    pull: dict[str, float] = {}
    for link in scene.links:
        if link.kind != "messageFlow":
            continue
        a, b = scene.region_of(link.source), scene.region_of(link.target)
        if a is None or b is None or a == b:
            continue
        for end, own, other in ((link.source, a, b), (link.target, b, a)):
            pull[end] = pull.get(end, 0.0) + (1.0 if order[other] < order[own] else -1.0)
    return pull


def _reach(start: str, successors: dict[str, list[str]]) -> dict[str, int]:
    """Elements along the flows from ``start`` (itself included), with their distance."""
    depth = {start: 0}
    frontier = [start]
    for step in range(1, DEPTH):
        nxt: list[str] = []
        for current in frontier:
            for other in successors.get(current, []):
                if other not in depth:
                    depth[other] = step
                    nxt.append(other)
        frontier = nxt
    return depth


def branch_drops(scene: Scene) -> set[tuple[str, str]]:
    """The sequence flows (source, target) out of a split whose target should start a row lower."""
    pull = message_pull(scene)
    if not pull:
        return set()
    successors: dict[str, list[str]] = {}
    for link in scene.links:
        if link.kind == "sequenceFlow" and link.source in scene.items and link.target in scene.items:
            successors.setdefault(link.source, []).append(link.target)
    drops: set[tuple[str, str]] = set()
    for source, targets in successors.items():
        home = scene.items[source].container
        siblings = sorted({t for t in targets if t != source and scene.items[t].container == home
                           and scene.items[t].host is None})
        if len(siblings) < 2 or scene.items[source].host is not None:
            continue
        reached = {t: _reach(t, successors) for t in siblings}
        scores = {t: _score(t, reached, pull) for t in siblings}
        best = max(scores.values())
        drops |= {(source, t) for t in siblings if scores[t] < best - MARGIN}
    return drops


def _score(branch: str, reached: dict[str, dict[str, int]], pull: dict[str, float]) -> float:
    others: set[str] = set()
    for other, nodes in reached.items():
        if other != branch:
            others |= set(nodes)
    return sum(pull.get(n, 0.0) * DECAY ** d for n, d in reached[branch].items() if n not in others)
