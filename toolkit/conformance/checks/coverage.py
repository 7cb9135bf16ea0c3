"""Coverage, both directions: every unit of the text has an element; every element has text.

A unit is *represented* by the tasks and gateways citing it; events only
support (a message start, an end naming the result). Where the text names the
unit's doer, one of its tasks must sit with that doer — a step whose only trace
is the recipient's "hand in" task has lost the office's work (RC101). A task, a
deciding gateway or a named event citing nothing stands for no text (RC102); a
citation of something the text does not have is RC103.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from toolkit.conformance.actors import channels, misplaced, performers, same_actor
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode


def _where(ctx: Context, nodes: Sequence[FlowNode]) -> str:
    return ", ".join(f"{n.id} ({ctx.actor_of(n) or 'no actor'})" for n in nodes) or "nothing"


@check("coverage", "RC101", "RC102", "RC103", "RC105")
def coverage(ctx: Context) -> Iterator[Finding]:
    for unit in ctx.units:
        elements = ctx.elements_of(unit)
        represented = [n for n in elements if n.is_task or n.is_gateway]
        if not represented:
            found = f"only events: {_where(ctx, elements)}" if elements else "no element cites it"
            yield ctx.at_text("RC101", f"{unit.label} has no task or gateway in the model", unit,
                              expected=f"a task citing {unit.short}", found=found,
                              hint=f"add a task citing reg:clause {_clause_attrs(unit)}")
            continue
        yield from _participants(ctx, unit, elements, represented)
    yield from _extra(ctx)
    for bad in ctx.bad_refs:
        if bad.problem == "unknown":
            yield ctx.at_node("RC103", f"{bad.node.id} {bad.message}", bad.node, clause=bad.ref.clause,
                              expected=bad.expected, found=bad.found)


def _participants(ctx: Context, unit: TextUnit, elements: Sequence[FlowNode],
                  represented: Sequence[FlowNode]) -> Iterator[Finding]:
    """Every doer has a task of the unit (RC101); every channel an active element (RC105).

    A unit done by several actors ("ЖТ МДҚ … және БНАЖ … тексеруі") keeps a task
    for each; a unit done "X арқылы" keeps X's part: a task of X that is not
    merely waiting (a work or send task) — the employee who hands the result over,
    the gateway that forwards the request. A channel with no lane or pool anywhere
    in the model is outside the model's scope and not required.
    """
    tasks = [n for n in elements if n.is_task]
    doers = performers(unit)
    wrong_place = bool(misplaced(unit, elements, ctx.actor_of))
    for doer in doers:
        if any(same_actor(doer, ctx.actor_of(n)) for n in tasks):
            continue
        if wrong_place and len(doers) == 1:
            continue  # the work is there, in the wrong lane: the actor check reports it (RC301)
        yield ctx.at_text("RC101", f"{unit.label}: the text's doer ({doer}) has no task of it in the model", unit,
                          expected=f"a task in the lane/pool of {doer}", found=_where(ctx, represented),
                          hint=f"add the {doer}'s task citing {unit.short}")
    present = {ctx.actor_of(n) for n in ctx.model.nodes.values()}
    for channel in channels(unit):
        if channel in doers or not any(same_actor(channel, p) for p in present):
            continue  # a channel the model has no lane or pool for at all is outside its scope
        active = [n for n in tasks if n.kind != "receiveTask" and same_actor(channel, ctx.actor_of(n))]
        if active:
            continue
        yield ctx.at_text("RC105", f"{unit.label} goes through {channel} (арқылы), which has no part in it "
                          "in the model", unit, expected=f"a task of {channel} citing {unit.short}",
                          found=_where(ctx, represented), hint=f"add {channel}'s task (or send task) citing {unit.short}")


def _clause_attrs(unit: TextUnit) -> str:
    clause = unit.clause
    attrs = f'paragraph="{clause.paragraph}"'
    if clause.subparagraph is not None:
        attrs += f' subparagraph="{clause.subparagraph}"'
    attrs += f' {unit.kind}="{unit.number}"'
    return attrs


def _extra(ctx: Context) -> Iterator[Finding]:
    """Elements that stand for no text."""
    bad_nodes = {b.node.id for b in ctx.bad_refs if b.problem == "unknown"}
    for node in ctx.model.nodes.values():
        if node.id in bad_nodes and not ctx.citations.get(node.id) and not ctx.clause_citations.get(node.id):
            continue  # every reference is unknown: RC103 says so
        cites_unit = bool(ctx.citations.get(node.id))
        cites_clause = bool(ctx.clause_citations.get(node.id))
        deciding = node.is_gateway and len(ctx.outgoing(node.id)) > 1
        if node.is_task or deciding:
            if cites_unit:
                continue
            what = "task" if node.is_task else "deciding gateway"
            found = "cites only " + ", ".join(c.ref for c in ctx.clause_citations[node.id]) if cites_clause \
                else "no reg:clause"
            yield ctx.at_node("RC102", f"{what} {node.id} stands for no step or item of the text", node,
                              clause=ctx.clause_citations[node.id][0].ref if cites_clause else None,
                              expected="reg:clause with step= or item=", found=found)
        elif node.is_event and node.name and not node.clauses:
            yield ctx.at_node("RC102", f"event {node.id} ({node.name!r}) stands for no text", node,
                              expected="reg:clause citing what it stands for", found="no reg:clause")
