"""Refuse unsafe models before anything runs.

Every place a BPMN model can carry an expression or a script is listed here, so
the engine can check them all at load time and name the file and line of the
first offender, instead of discovering it when a token reaches it.
"""

from __future__ import annotations

from typing import Any

from toolkit import expressions
from toolkit.errors import ModelError
from toolkit.model.elements import Model
from toolkit.model.namespaces import BPMN, REG
from toolkit.model.xmlnode import split_tag

EXPRESSION_TAGS = expressions.EXPRESSION_TAGS


#: The tags that can carry code, as lxml names them (picked out of the tree in C).
_WATCHED_CLARK = tuple(f"{{{BPMN}}}{tag}" for tag in sorted(EXPRESSION_TAGS | {"script"})) + (f"{{{REG}}}timeLimit",)


def check_model_expressions(model: Model, tree: Any = None) -> None:
    """Raise :class:`~toolkit.errors.UnsafeExpressionError` for the first unsafe expression.

    ``tree``: the lxml tree the model was loaded from, when the caller has it (the engine
    does); it is walked instead of building the model's XmlNode tree just for this. Both
    walks apply the same rule, :func:`toolkit.expressions.check_site`.
    """
    if tree is None:
        for _, error in expressions.unsafe_expressions(model.root, model.source):
            raise error
        return
    for element in tree.iter(*_WATCHED_CLARK):
        namespace, local = split_tag(element.tag)
        expressions.check_site(namespace, local, element.text, element.get("when"), element.sourceline,
                               model.source)


#: Nodes where a token can take one way out of several: a loop through one of them can end.
CHOICE_KINDS = frozenset({"exclusiveGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"})


def _cycles(model: Model) -> list[list[str]]:
    """Strongly connected groups of nodes joined by sequence flows that loop."""
    graph: dict[str, list[str]] = {node_id: [] for node_id in model.nodes}
    for flow in model.sequence_flows.values():
        if flow.source in graph and flow.target in graph:
            graph[flow.source].append(flow.target)
    search = _Tarjan(graph)
    for root in graph:
        if root not in search.index:
            search.visit(root)
    return [group for group in search.groups if len(group) > 1 or group[0] in graph[group[0]]]


class _Tarjan:
    """Tarjan's strongly connected components, iterative: a long chain of flows cannot
    exhaust Python's recursion limit. ``groups`` collects every component, loops or not."""

    def __init__(self, graph: dict[str, list[str]]) -> None:
        self.graph = graph
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.on_stack: set[str] = set()
        self.stack: list[str] = []
        self.groups: list[list[str]] = []

    def visit(self, root: str) -> None:
        """Depth-first from ``root``; ``work`` holds (node, next target to look at)."""
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                self.index[node] = self.low[node] = len(self.index)
                self.stack.append(node)
                self.on_stack.add(node)
            targets = self.graph[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in self.index:
                    work.append((target, 0))
                elif target in self.on_stack:
                    self.low[node] = min(self.low[node], self.index[target])
                continue
            self._finish(node)

    def _finish(self, node: str) -> None:
        """All of ``node``'s targets are done: take its low link, and pop its group if it is a root."""
        for target in self.graph[node]:
            if target in self.on_stack:
                self.low[node] = min(self.low[node], self.low[target])
        if self.low[node] != self.index[node]:
            return
        group = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            group.append(member)
            if member == node:
                break
        self.groups.append(group)


def check_loops_can_end(model: Model) -> None:
    """Refuse a loop of sequence flows that nothing can leave.

    A cycle without a gateway that chooses, a conditional or default flow, or an
    event attached to one of its activities runs for ever once a token enters it
    (tokens multiply if it passes a parallel gateway). SpiffWorkflow does not
    even get that far: it predicts such a cycle without end and dies of a
    ``RecursionError``. It is a modelling error, reported with the cycle's nodes.
    """
    attached = {n.attached_to for n in model.nodes.values() if n.attached_to}
    for group in _cycles(model):
        members = set(group)
        leaves = any(
            model.nodes[n].kind in CHOICE_KINDS or n in attached or model.nodes[n].default_flow
            or any((f := model.sequence_flows.get(o)) is not None and f.condition for o in model.nodes[n].outgoing)
            for n in members)
        if not leaves:
            ordered = sorted(members, key=lambda n: (model.nodes[n].line or 0, n))
            first = model.nodes[ordered[0]]
            shown = " → ".join(ordered[:6]) + (" → …" if len(ordered) > 6 else "")
            raise ModelError(f"the flow loops through {shown} with no gateway, condition or event to leave it: "
                             "an instance that enters it never ends", model.source, first.line)
