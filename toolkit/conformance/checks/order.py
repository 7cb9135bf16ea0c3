"""Order: on every path of the model, the text's units start in the text's order
and none is skipped.

A unit *happens* on a path where one of its anchors is — its work tasks, or
if it has none its tasks, gateways, then any element (a recipient's "hand in"
send task does not make the office's acceptance happen) — and *starts* at the
first of them. Its work may go on after a later unit has started (the appendix
asks ЖТ МДҚ, lets it check, then asks БНАЖ — process 3 is still going on while
condition 1 has begun). So:

* RC201: a unit starts before one the text puts earlier, or a loop goes back to
  it after a later unit has started (the refusal of process 7 sent back to
  condition 2's check: the text never returns to a unit it has passed);
* RC202: a unit the model has never starts on a path although the text requires
  it there. Conditions excuse what the text makes conditional: after condition
  N (item k) a path may skip item k+1 — the condition's negative outcome — when
  it goes on to the positive one, and a path that took the negative outcome
  (item k+1 is on it) may leave out any later item: the text does not say where
  a refusal goes after it is formed, only that it does not go back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from toolkit.conformance.actors import EXCHANGE_TASKS
from toolkit.conformance.graph import describe, process_routes
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import clause_units
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode
from toolkit.paths import ProcessPath
from toolkit.text import Clause


def starts(ctx: Context, clause: Clause, path: ProcessPath) -> dict[int, FlowNode]:
    """TextUnit number → the anchor where the unit first happens on ``path`` (in path order)."""
    first: dict[int, FlowNode] = {}
    for step in path.steps:
        for unit in ctx.units_of(step.node.id):
            if unit.clause.ref == clause.ref and unit.number not in first and step.node.id in ctx.anchors(unit):
                first[unit.number] = step.node
    return first


def excused(number: int, present: set[int], conditions: set[int]) -> bool:
    """Whether a path holding ``present`` may lack unit ``number`` (see the module docstring)."""
    for k in conditions & present:
        if number == k + 1:
            return True
        if k + 1 in present and number > k + 1:
            return True
    return False


@check("order", "RC201", "RC202", "RC203")
def order(ctx: Context) -> Iterator[Finding]:
    yield from _exchange_order(ctx)
    for clause in ctx.clauses:
        if ctx.paths_truncated:
            yield _not_fully_checked(ctx, clause)
        units = {u.number: u for u in clause_units(clause)}
        modelled = {n for n, u in units.items() if ctx.elements_of(u)}
        conditions = {n for n, u in units.items() if u.is_condition}
        early: dict[int, tuple[set[int], FlowNode, ProcessPath]] = {}
        skipped: dict[int, tuple[FlowNode, ProcessPath, int]] = {}
        for path in ctx.paths:
            first = starts(ctx, clause, path)
            if not first:
                continue
            sequence = list(first)
            for i, later in enumerate(sequence):
                overtaken = {u for u in sequence[i + 1:] if u < later}
                if overtaken:
                    entry = early.setdefault(later, (set(), first[later], path))
                    entry[0].update(overtaken)
            present = set(first)
            for number in sorted(modelled - present):
                if excused(number, present, conditions):
                    continue
                after = next((first[n] for n in sequence if n > number), path.steps[-1].node)
                node, example, count = skipped.get(number, (after, path, 0))
                skipped[number] = (node, example, count + 1)
        yield from _back_loops(ctx, clause)
        for later, (overtaken, node, path) in sorted(early.items()):
            unit = units[later]
            names = ", ".join(str(n) for n in sorted(overtaken))
            yield ctx.at_node("RC201", f"{unit.label} can start before {unit.kind} {names} of {clause.ref}", node,
                              unit, expected=f"{unit.kind} {names} before {unit.short}",
                              found=f"path {_units_on(ctx, clause, path)}")
        for number, (node, path, count) in sorted(skipped.items()):
            unit = units[number]
            yield ctx.at_node("RC202", f"{unit.label} is skipped on {count} path(s) that go on past it", node, unit,
                              expected=f"every path through {clause.ref} passes {unit.short}",
                              found=f"path {_units_on(ctx, clause, path)}",
                              hint=f"route the flow through the element(s) of {unit.short} "
                                   f"({', '.join(n.id for n in ctx.elements_of(unit))})")


#: Words with which a text sends work back to an earlier step: then a loop back is the text's own.
_RETURNS = re.compile(r"қайтар|пысықта|возвра|на\s+доработк|доработ", re.IGNORECASE)


def _back_loops(ctx: Context, clause: Clause) -> Iterator[Finding]:
    """RC201: a path cut by a loop whose way back leads to a unit before one it has passed."""
    reported: set[tuple[str, str]] = set()
    for path in ctx.paths:
        if path.cut != "loop":
            continue
        last = path.steps[-1].node
        ids = list(path.node_ids)
        for flow_id in last.outgoing:
            flow = ctx.model.sequence_flows.get(flow_id)
            if flow is None or flow.target not in ids or (last.id, flow.target) in reported:
                continue
            back = [u.number for u in ctx.units_of(flow.target) if u.clause.ref == clause.ref]
            passed = {u.number for step in path.steps[ids.index(flow.target):]
                      for u in ctx.units_of(step.node.id) if u.clause.ref == clause.ref}
            if not back or not passed or max(passed) <= min(back):
                continue
            if any(_RETURNS.search(u.text) for n in passed if (u := ctx.unit(clause.ref, n)) is not None):
                continue  # the text itself sends the work back ("пысықтауға қайтарады", "на доработку")
            reported.add((last.id, flow.target))
            unit = next(u for u in ctx.units_of(flow.target) if u.clause.ref == clause.ref)
            later = ctx.unit(clause.ref, max(passed))
            yield ctx.at_node("RC201", f"{flow.id} goes back from {last.id} to {flow.target} ({unit.label}) after "
                              f"{later.label if later else max(passed)} has started; the text does not return to "
                              "a step it has passed", last, later or unit,
                              expected=f"{unit.short} once, before {later.short if later else max(passed)}",
                              found=f"{flow.id}: {last.id} → {flow.target}",
                              hint=f"route {flow.id} on to the unit that follows {last.id} in the text")


def _not_fully_checked(ctx: Context, clause: Clause) -> Finding:
    """RC203: the path walk stopped at MAX_PATHS, so RC201/RC202/RC503 may be silent about the rest."""
    from toolkit import paths as walk  # the limit as it is now, not as it was at import

    anchor = next((n for u in clause_units(clause) for n in ctx.elements_of(u)), None)
    message = (f"order, skips and handoffs of {clause.ref} were checked on the first {walk.MAX_PATHS} "
               "paths only; the model has more")
    expected = "every path walked"
    found = f"stopped at {walk.MAX_PATHS} paths"
    if anchor is not None:
        return ctx.at_node("RC203", message, anchor, clause=clause.ref, expected=expected, found=found)
    return ctx.at_text("RC203", message, clause=clause, expected=expected, found=found)


def _units_on(ctx: Context, clause: Clause, path: ProcessPath) -> str:
    """``accept_documents(1) → assign_executor(2) → …``: the path's units, for messages."""
    shown: list[str] = []
    for step in path.steps:
        numbers = [u.number for u in ctx.units_of(step.node.id) if u.clause.ref == clause.ref]
        if numbers:
            shown.append(f"{step.node.id}({','.join(map(str, numbers))})")
    if len(shown) > 12:
        shown = shown[:12] + ["…"]
    return " → ".join(shown) or describe(s.node for s in path.steps)



def _exchange_order(ctx: Context) -> Iterator[Finding]:
    """RC201 within one participant, where a send or receive task is out of order."""
    reported: set[tuple[str, str, str]] = set()
    for route in process_routes(ctx.model):
        firsts: dict[tuple[str, int], FlowNode] = {}
        for node in route:
            if not node.is_task:
                continue
            for unit in ctx.units_of(node.id):
                firsts.setdefault(unit.key, node)
        ordered = sorted(firsts.items(), key=lambda kv: route.index(kv[1]))
        for i, ((clause_ref, number), node) in enumerate(ordered):
            for (other_ref, other_number), other in ordered[i + 1:]:
                if other_ref != clause_ref or other_number >= number or other.id == node.id:
                    continue
                if node.kind not in EXCHANGE_TASKS and other.kind not in EXCHANGE_TASKS:
                    continue  # two work tasks: the collaboration-wide order check judges them
                if (node.id, other.id, clause_ref) in reported:
                    continue
                reported.add((node.id, other.id, clause_ref))
                later_unit = ctx.unit(clause_ref, number)
                earlier = ctx.unit(clause_ref, other_number)
                if later_unit is None or earlier is None:
                    continue
                yield ctx.at_node("RC201", f"{node.id} ({later_unit.label}) comes before {other.id} ({earlier.short}) in "
                                  f"its own participant's sequence", node, later_unit,
                                  expected=f"{earlier.short} before {later_unit.short}",
                                  found=" → ".join(n.id for n in route if n.is_task))
