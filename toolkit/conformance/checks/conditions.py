"""Conditions and numbering: "N шарт" is a decision, its outcomes are modelled,
and processes and conditions keep the text's numbers.

The genre's convention (paragraph 8 and every appendix of its kind): condition
N at item k checks something; item k+1 is what happens when the check fails
(a process forming a refusal or "no data" message) and item k+2 is where the
service goes on when it passes. So a condition must be an exclusive gateway
(RC601 — event-based gateways in other pools may *follow* its outcome, but
one pool must decide it), and every gateway citing the condition must lead —
along sequence and message flows, through elements of the condition itself —
to item k+1 on one outgoing flow and to item k+2 on another (RC602). An element
citing item k as another process or condition number than the text gives item
k is RC603.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.graph import first_reached, successors
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode

#: Gateways that split a token by a condition (a parallel gateway decides nothing).
DECIDING = frozenset({"exclusiveGateway", "eventBasedGateway", "inclusiveGateway", "complexGateway"})


def outcomes(ctx: Context, condition: TextUnit) -> list[TextUnit]:
    """The condition's outcomes by the genre's convention: items k+1 and k+2, when they exist."""
    found = []
    for offset in (1, 2):
        unit = ctx.unit(condition.clause.ref, condition.number + offset)
        if unit is not None:
            found.append(unit)
    return found


def reached(ctx: Context, condition: TextUnit, start: str, nexts: dict[str, list[str]]) -> set[int]:
    """Numbers of the units first met from ``start`` that are not the condition itself."""

    def stop(node: FlowNode) -> bool:
        numbers = {u.number for u in ctx.units_of(node.id) if u.clause.ref == condition.clause.ref}
        return bool(numbers) and condition.number not in numbers

    nodes, _ = first_reached(start, nexts, ctx.model.nodes, stop)
    return {u.number for n in nodes for u in ctx.units_of(n.id) if u.clause.ref == condition.clause.ref}


@check("conditions", "RC601", "RC602", "RC603")
def conditions(ctx: Context) -> Iterator[Finding]:
    nexts = successors(ctx.model)
    for unit in ctx.units:
        if not unit.is_condition:
            continue
        elements = ctx.elements_of(unit)
        if not elements:
            continue  # RC101 reports it
        gateways = [n for n in elements if n.kind in DECIDING]
        if not any(g.kind == "exclusiveGateway" for g in gateways):
            kinds = ", ".join(f"{n.id} ({n.kind})" for n in elements)
            yield ctx.at_node("RC601", f"{unit.label} is not modelled as an exclusive gateway", elements[0], unit,
                              expected="an exclusiveGateway citing it", found=kinds)
        expected = [u for u in outcomes(ctx, unit) if ctx.elements_of(u)]
        for gateway in gateways:
            got: set[int] = set()
            for flow in ctx.outgoing(gateway.id):
                if flow.target is not None:
                    got |= reached(ctx, unit, flow.target, nexts)
            for outcome in expected:
                if outcome.number in got:
                    continue
                shown = ", ".join(f"{unit.kind} {n}" for n in sorted(got)) or "no item"
                yield ctx.at_node("RC602", f"{gateway.id} ({unit.label}) has no outcome leading to {outcome.label}",
                                  gateway, unit, expected=f"outcomes to {' and '.join(o.short for o in expected)}",
                                  found=f"outcomes to {shown}",
                                  hint=f"add an outgoing flow from {gateway.id} towards {outcome.short}")
    for bad in ctx.bad_refs:
        if bad.problem == "renumbered":
            yield ctx.at_node("RC603", f"{bad.node.id} {bad.message}", bad.node, bad.unit,
                              expected=bad.expected, found=bad.found)
