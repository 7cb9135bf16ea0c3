"""Time limits: the model states exactly the text's limit, unit and alternatives.

The text's limit ("6 (алты) жұмыс күн") belongs on the unit's elements; every
element of the unit that carries ``reg:timeLimit`` must carry the text's:
value (the digits — RC401), unit (RC402), the words in brackets and "ішінде"
(RC405), and each alternative ("… болмаған жағдайларда – 20 (жиырма) жұмыс
күн") with its value, unit and condition, in the text's order (RC403). A limit
the text states that no element carries (``reg:noTimeLimit`` on a supporting
task — the recipient's "hand in" — is fine, the limit lives on the doer's
task), or one the model invents, is RC404.
"""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.conformance.actors import performer, same_actor
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode
from toolkit.text import normalize
from toolkit.text.model import StatedTimeLimit


def _words(value: str | None) -> str | None:
    return normalize(value) if value else None


def _home(ctx: Context, unit: TextUnit) -> FlowNode | None:
    """Where the unit's limit belongs: its doer's task, else its first task or gateway."""
    elements = ctx.elements_of(unit)
    doer = performer(unit)
    for node in elements:
        if node.is_task and doer and same_actor(doer, ctx.actor_of(node)):
            return node
    return next((n for n in elements if n.is_task or n.is_gateway), None)


@check("limits", "RC401", "RC402", "RC403", "RC404", "RC405", "RC406")
def limits(ctx: Context) -> Iterator[Finding]:
    yield from _counted_twice(ctx)
    for unit in ctx.units:
        expected = unit.time_limit
        elements = ctx.elements_of(unit)
        limited = [n for n in elements if n.time_limits]
        if expected is not None and not limited and elements:
            home = _home(ctx, unit)
            message = f"{unit.label} has the time limit {expected.raw}; no element of it carries one"
            if home is not None:
                found = "reg:noTimeLimit" if home.no_time_limit else "no reg:timeLimit"
                yield ctx.at_node("RC404", message, home, unit, expected=expected.raw, found=found,
                                  hint=f"add {_limit_xml(expected)} to {home.id}")
            else:
                yield ctx.at_text("RC404", message, unit, expected=expected.raw, found="no reg:timeLimit")
        for node in limited:
            yield from _compare(ctx, unit, node, expected)


def _compare(ctx: Context, unit: TextUnit, node: FlowNode, expected: StatedTimeLimit | None) -> Iterator[Finding]:
    usual = node.usual_limit
    if expected is None:
        if not any(u.time_limit for u in ctx.units_of(node.id)):
            found = (usual or node.time_limits[0]).as_written()
            yield ctx.at_node("RC404", f"{node.id} has a time limit; {unit.label} states none", node, unit,
                              expected="no time limit", found=found, hint=f"remove reg:timeLimit from {node.id}")
        return
    if usual is None:
        yield ctx.at_node("RC404", f"{node.id} has only alternative limits; {unit.label} states {expected.raw}",
                          node, unit, expected=expected.raw, found="no reg:timeLimit without when=",
                          hint=f"add {_limit_xml(expected)} to {node.id}")
    else:
        if usual.value != expected.value:
            yield ctx.at_node("RC401", f"{node.id}: time limit value {usual.value}, the text says {expected.value}",
                              node, unit, expected=expected.raw, found=usual.as_written(),
                              hint=f'set reg:timeLimit value="{expected.value}"')
        if usual.unit != str(expected.unit):
            yield ctx.at_node("RC402", f"{node.id}: time limit unit {usual.unit}, the text says {expected.unit}",
                              node, unit, expected=expected.raw, found=usual.as_written(),
                              hint=f'set reg:timeLimit unit="{expected.unit}"')
        if _words(usual.words) != _words(expected.words) or usual.within != expected.within:
            yield ctx.at_node("RC405", f"{node.id}: the limit is not written as the text writes it", node, unit,
                              expected=expected.raw, found=usual.as_written(),
                              hint=f'set words="{expected.words or ""}" within="{str(expected.within).lower()}"')
    yield from _alternatives(ctx, unit, node)


def _alternatives(ctx: Context, unit: TextUnit, node: FlowNode) -> Iterator[Finding]:
    text_alts = unit.alternatives
    model_alts = node.alternatives
    if len(text_alts) != len(model_alts):
        yield ctx.at_node("RC403", f"{node.id} has {len(model_alts)} alternative limit(s); {unit.label} gives "
                          f"{len(text_alts)}", node, unit,
                          expected="; ".join(f"{a.limit.raw} ({a.condition})" for a in text_alts) or "none",
                          found="; ".join(f"{m.as_written()} ({m.condition_text or m.when})" for m in model_alts)
                          or "none")
        return
    for index, (text_alt, model_alt) in enumerate(zip(text_alts, model_alts), 1):
        limit = text_alt.limit
        if model_alt.value != limit.value or model_alt.unit != str(limit.unit):
            yield ctx.at_node("RC403", f"{node.id}: alternative {index} is {model_alt.as_written()}, the text says "
                              f"{limit.raw}", node, unit, expected=limit.raw, found=model_alt.as_written())
        if normalize(model_alt.condition_text or "") != normalize(text_alt.condition):
            yield ctx.at_node("RC403", f"{node.id}: the condition of alternative {index} is not the text's", node,
                              unit, expected=text_alt.condition, found=model_alt.condition_text or "(none)",
                              hint="write the text's condition as the content of reg:timeLimit when=…")


def _limit_xml(limit: StatedTimeLimit) -> str:
    words = f' words="{limit.words}"' if limit.words else ""
    within = ' within="true"' if limit.within else ""
    return f'<reg:timeLimit value="{limit.value}" unit="{limit.unit}"{words}{within}/>'


def _counted_twice(ctx: Context) -> Iterator[Finding]:
    """RC406: on some path two elements of one unit both carry a time limit."""
    for unit in ctx.units:
        limited = {n.id for n in ctx.elements_of(unit) if n.time_limits}
        if len(limited) < 2:
            continue
        reported: set[str] = set()
        for path in ctx.paths:
            on_path = [s.node for s in path.steps if s.node.id in limited]
            seen: list[FlowNode] = []
            for node in on_path:
                if seen and node.id not in reported and node.id != seen[0].id:
                    reported.add(node.id)
                    first = seen[0]
                    yield ctx.at_node("RC406", f"{unit.label}'s limit is counted twice on a path: {first.id} and "
                                      f"{node.id} both carry it", node, unit,
                                      expected=f"one element of {unit.short} with reg:timeLimit per path",
                                      found=f"{first.id} ({_written(first)}), {node.id} ({_written(node)})",
                                      hint=f"keep the limit on the doer's element; mark {node.id} reg:noTimeLimit")
                seen.append(node)


def _written(node: FlowNode) -> str:
    limit = node.usual_limit or node.time_limits[0]
    return limit.as_written()
