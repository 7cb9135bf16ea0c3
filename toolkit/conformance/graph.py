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
from toolkit.paths import ProcessPath, enumerate_routes


def routes(model: Model) -> list[ProcessPath]:
    """Every route through ``model`` (one per branch choice), as :class:`toolkit.paths.ProcessPath`."""
    return enumerate_routes(model)


def process_routes(model: Model, limit: int = 2000) -> list[tuple[FlowNode, ...]]:
    """Each process's own routes along its sequence flows only (loops cut), from each of
    its start events: the order one participant does things in, which the
    collaboration-wide :func:`routes` loses when it follows a message into another pool."""
    outgoing: dict[str, list[str]] = {}
    for flow in model.sequence_flows.values():
        if flow.source and flow.target and flow.source in model.nodes and flow.target in model.nodes:
            outgoing.setdefault(flow.source, []).append(flow.target)
    found: list[tuple[FlowNode, ...]] = []
    starts = [n for n in model.nodes.values() if n.kind == "startEvent" and n.parent_id is None]
    for start in sorted(starts, key=lambda n: n.id):
        stack: list[tuple[str, tuple[str, ...]]] = [(start.id, ())]
        while stack and len(found) < limit:
            node_id, trail = stack.pop()
            if node_id in trail:
                found.append(tuple(model.nodes[n] for n in trail))
                continue
            trail = trail + (node_id,)
            nexts = outgoing.get(node_id, [])
            if not nexts:
                found.append(tuple(model.nodes[n] for n in trail))
            stack.extend((n, trail) for n in reversed(nexts))
    return found


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
