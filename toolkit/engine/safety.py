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

#: BPMN elements whose text is an expression the engine would evaluate.
EXPRESSION_TAGS = frozenset({
    "conditionExpression", "timeDuration", "timeDate", "timeCycle", "condition",
    "loopCardinality", "completionCondition", "loopCondition", "formalExpression",
})


#: Every tag check_model_expressions looks at (a set lookup is the cheap first test).
_WATCHED = EXPRESSION_TAGS | {"script", "timeLimit"}
_WATCHED_CLARK = tuple(f"{{{BPMN}}}{tag}" for tag in sorted(EXPRESSION_TAGS | {"script"})) + (f"{{{REG}}}timeLimit",)


def check_model_expressions(model: Model, tree: Any = None) -> None:
    """Raise :class:`~toolkit.errors.UnsafeExpressionError` for the first unsafe expression.

    ``tree``: the lxml tree the model was loaded from, when the caller has it (the engine
    does); it is walked instead of building the model's XmlNode tree just for this.
    """
    if tree is None:
        sites = ((n.namespace, n.tag, n.text, n.attrs.get("when"), n.line) for n in model.root.iter())
    else:  # lxml picks the watched tags out in C, in document order
        sites = ((*_split(e.tag), e.text, e.get("when"), e.sourceline) for e in tree.iter(*_WATCHED_CLARK))
    for namespace, tag, text, when, line in sites:
        if tag not in _WATCHED:
            continue
        if namespace == BPMN and tag in EXPRESSION_TAGS and (text or "").strip():
            expressions.check_expression(text or "", model.source, line)
        elif namespace == BPMN and tag == "script" and (text or "").strip():
            expressions.check_script(text or "", model.source, line)
        elif namespace == REG and tag == "timeLimit" and when:
            expressions.check_expression(when, model.source, line)


def _split(tag: str) -> tuple[str, str]:
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


#: Nodes where a token can take one way out of several: a loop through one of them can end.
CHOICE_KINDS = frozenset({"exclusiveGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"})


def _cycles(model: Model) -> list[list[str]]:  # noqa: C901 - Tarjan, kept in one piece to be checkable
    """Strongly connected groups of nodes joined by sequence flows that loop (iterative Tarjan)."""
    graph: dict[str, list[str]] = {node_id: [] for node_id in model.nodes}
    for flow in model.sequence_flows.values():
        if flow.source in graph and flow.target in graph:
            graph[flow.source].append(flow.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = graph[node]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            for target in targets:
                if target in on_stack:
                    low[node] = min(low[node], low[target])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1 or node in graph[node]:
                    groups.append(group)
    return groups


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
