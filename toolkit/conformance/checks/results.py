"""Results: the handoff the text states ("Нәтижесі – … басшысына жолдайды").

Both directions. The model's own statement: the unit's element carries
``reg:result`` (RC501) handing to the text's actor (RC502) in the text's words
(RC505), and no element states a result the text does not (RC504). The
model's behaviour: on every path, the first task after the step's element that
another actor does is in the lane of the actor the text hands the result to
(RC503) — where the result goes to the step's own performer, the next task
must be that performer's.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.actors import EXCHANGE_TASKS, performer, same_actor
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode
from toolkit.paths import ProcessPath
from toolkit.text import normalize


def _homes(ctx: Context, unit: TextUnit) -> list[FlowNode]:
    """The unit's tasks done by its performer (where the result is produced). A send or receive
    task that also cites the unit only carries it (an answer that comes back to the performer
    after the result's recipient acted on it), so it is no home where other work is."""
    doer = performer(unit)
    tasks = [n for n in ctx.elements_of(unit) if n.is_task and doer and same_actor(doer, ctx.actor_of(n))]
    return [n for n in tasks if n.kind not in EXCHANGE_TASKS] or tasks


def next_hand(ctx: Context, path: ProcessPath, index: int, to_self: bool) -> FlowNode | None:
    """The task that receives what the node at ``path.steps[index]`` produces: the
    first following task of another actor (or, when ``to_self``, the next task)."""
    actor = ctx.actor_of(path.steps[index].node)
    for step in path.steps[index + 1:]:
        node = step.node
        if not node.is_task:
            continue
        if to_self or ctx.actor_of(node) != actor:
            return node
    return None


@check("results", "RC501", "RC502", "RC503", "RC504", "RC505")
def results(ctx: Context) -> Iterator[Finding]:
    for unit in ctx.units:
        result = unit.result
        if result is None:
            continue
        elements = ctx.elements_of(unit)
        carriers = [n for n in elements if n.result is not None]
        homes = _homes(ctx, unit)
        if not carriers:
            home = homes[0] if homes else next((n for n in elements if n.is_task), None)
            if home is not None:
                yield ctx.at_node("RC501", f"{unit.label} hands its result to {result.target or '?'}; "
                                  f"{home.id} has no reg:result", home, unit,
                                  expected=result.text, found="no reg:result",
                                  hint=f'add <reg:result to="{result.target or ""}">{result.text}</reg:result>')
        for node in carriers:
            stated = node.result
            assert stated is not None
            if result.target and not same_actor(result.target, stated.to):
                yield ctx.at_node("RC502", f"{node.id} hands its result to {stated.to or 'nobody'}; the text hands "
                                  f"it to {result.target} ({result.target_phrase})", node, unit,
                                  expected=result.target, found=stated.to or "no to=",
                                  hint=f'set reg:result to="{result.target}"')
            if normalize(stated.text) != normalize(result.text):
                yield ctx.at_node("RC505", f"{node.id}: reg:result is not the text's result", node, unit,
                                  expected=result.text, found=stated.text or "(empty)")
        if result.target:
            yield from _handoffs(ctx, unit, homes or carriers, result.target)
    for node in ctx.model.nodes.values():
        units = ctx.units_of(node.id)
        if node.result is not None and units and not any(u.result for u in units):
            yield ctx.at_node("RC504", f"{node.id} states a result; {units[0].label} states none", node, units[0],
                              expected="no reg:result", found=node.result.text or f"to={node.result.to}",
                              hint=f"remove reg:result from {node.id}")


def _handoffs(ctx: Context, unit: TextUnit, sources: list[FlowNode], target: str) -> Iterator[Finding]:
    wanted = {n.id for n in sources}
    reported: set[str] = set()
    for path in ctx.paths:
        for index, step in enumerate(path.steps):
            node = step.node
            if node.id not in wanted or node.id in reported:
                continue
            to_self = same_actor(target, ctx.actor_of(node))
            receiver = next_hand(ctx, path, index, to_self)
            if receiver is None or same_actor(target, ctx.actor_of(receiver)):
                continue
            reported.add(node.id)
            yield ctx.at_node("RC503", f"after {node.id} the model hands over to {receiver.id} "
                              f"({ctx.actor_of(receiver) or 'no actor'}); the text hands {unit.label}'s result "
                              f"to {target}", node, unit, expected=target,
                              found=f"{receiver.id} ({ctx.actor_of(receiver) or 'no actor'})",
                              hint=f"route the flow after {node.id} to a task in the lane of {target}")
