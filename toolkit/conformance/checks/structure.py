"""Structure: every reference in the model points at something that exists.

A model whose sequence flow ends at an id nobody has, or whose gateway's
``default`` names no flow, does not mean anything the text could be compared
with: the walk the order and handoff checks rely on silently stops at the
broken edge, so without this check such a model could come out "clean".
``reglament lint`` rejects it too; ``check`` reports it as RC004 (an error,
so the run exits 1) and never calls such a model clean.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode, Model

Broken = tuple[str, "int | None", str, str]


def _flow_ends(model: Model) -> Iterator[Broken]:
    for flow in model.sequence_flows.values():
        for end, ref in (("sourceRef", flow.source), ("targetRef", flow.target)):
            if not ref or ref not in model.nodes:
                yield flow.id, flow.line, f"sequence flow {flow.id} {end}", ref or "(empty)"
    for message in model.message_flows.values():
        for end, ref in (("sourceRef", message.source), ("targetRef", message.target)):
            if not ref or (ref not in model.nodes and ref not in model.participants):
                yield message.id, message.line, f"message flow {message.id} {end}", ref or "(empty)"


def _node_refs(model: Model, node: FlowNode) -> Iterator[Broken]:
    if node.default_flow:
        flow = model.sequence_flows.get(node.default_flow)
        if flow is None:
            yield node.id, node.line, f"{node.id} default", node.default_flow
        elif flow.source != node.id:
            yield node.id, node.line, f"{node.id} default (a flow that does not leave it)", node.default_flow
    if node.attached_to and node.attached_to not in model.nodes:
        yield node.id, node.line, f"boundary event {node.id} attachedToRef", node.attached_to
    for direction, refs in (("incoming", node.incoming), ("outgoing", node.outgoing)):
        for ref in refs:
            if ref not in model.sequence_flows:
                yield node.id, node.line, f"{node.id} {direction}", ref


def broken_references(model: Model) -> Iterator[Broken]:
    """``(element id, line, what, missing id)`` for each reference that resolves to nothing."""
    yield from _flow_ends(model)
    for node in model.nodes.values():
        yield from _node_refs(model, node)
    for lane in model.lanes.values():
        for ref in lane.node_ids:
            if ref not in model.nodes:
                yield lane.id, lane.line, f"lane {lane.id} flowNodeRef", ref


@check("structure", "RC004")
def structure(ctx: Context) -> Iterator[Finding]:
    for element_id, line, what, missing in broken_references(ctx.model):
        yield Finding(code="RC004", message=f"{what} names {missing!r}, which the model does not have",
                      source=ctx.model.source, line=line, element_id=element_id, severity="error",
                      expected="an existing element id", found=missing,
                      hint=f"point {what} at an existing element, or remove it")
