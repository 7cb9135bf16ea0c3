"""The model as a graph, for the checks that need more than one element.

Order, skips and handoffs are judged on :func:`toolkit.paths.enumerate_routes`
— the same walk ``reglament paths`` and the deadlines use, so the checker
never disagrees with them about what the model allows. Time-limit variants do
not change the order of nodes, so routes (one per branch choice) are enough.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping

from toolkit.model.elements import FlowNode, Model
from toolkit.paths import Path, enumerate_routes


def routes(model: Model) -> list[Path]:
    """Every route through ``model`` (one per branch choice), as :class:`toolkit.paths.Path`."""
    return enumerate_routes(model)


def successors(model: Model) -> dict[str, list[str]]:
    """Node → the nodes a token or message goes to next (sequence and message flows)."""
    out: dict[str, list[str]] = {}
    ends = [(f.source, f.target) for f in model.sequence_flows.values()]
    ends += [(f.source, f.target) for f in model.message_flows.values()]
    for source, target in ends:
        if source is not None and target is not None and source in model.nodes and target in model.nodes:
            out.setdefault(source, []).append(target)
    for node in model.nodes.values():
        if node.attached_to and node.attached_to in model.nodes:
            out.setdefault(node.attached_to, []).append(node.id)
    return out


def first_reached(start: str, nexts: dict[str, list[str]], nodes: Mapping[str, FlowNode],
                  stop: Callable[[FlowNode], bool]) -> tuple[list[FlowNode], bool]:
    """Breadth-first from ``start`` (inclusive): the first nodes on each way where ``stop``
    holds, and whether some way ends without reaching one."""
    seen = {start}
    queue = deque([start])
    found: list[FlowNode] = []
    open_end = False
    while queue:
        current = queue.popleft()
        node = nodes[current]
        if stop(node):
            found.append(node)
            continue
        following = [n for n in nexts.get(current, ()) if n in nodes]
        if not following:
            open_end = True
        for nxt in following:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return found, open_end


def describe(nodes: Iterable[FlowNode], limit: int = 8) -> str:
    """``a → b → c …`` for messages."""
    ids = [n.id for n in nodes]
    text = " → ".join(ids[:limit])
    return text + (" → …" if len(ids) > limit else "")
