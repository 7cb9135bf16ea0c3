"""Decisions: each branch of a condition leads to the outcome its data and label name,
and each alternative time limit applies in the case the text names.

See :mod:`toolkit.conformance.decisions` for the evidence. Per outgoing flow of
an exclusive or inclusive gateway citing condition N (item k):

* RC604 — the flow is *taken* on the other outcome than the item it leads to:
  its expression (or, for the default, the complement of the others) selects
  the positive outcome and it leads to item k+1, or the other way round. This
  is what the engine does, so it is the behaviour that is wrong (outcomes
  swapped, a condition negated);
* RC605 — the flow's label says the other outcome than the item it leads to;
* RC606 — the expressions read data, but none of the condition's own: only
  another condition's (``reg:fact``/``reg:input`` on its elements) or guards.

RC407: an alternative limit's ``when=`` selects the opposite case from the
text's ("құжаттар жетіспеген … жағдайларда" is the negative case, so
``when="documents_complete"`` is wrong and ``when="not documents_complete"``
or ``"documents_complete == False"`` is right).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from toolkit.conformance.checks.conditions import reached
from toolkit.conformance.codes import CODES
from toolkit.conformance.decisions import (
    KeyMeaning,
    all_facts,
    branch_polarities,
    declared_facts,
    expression_keys,
    facts_for,
    flow_label,
    key_meanings,
    outcome_polarity,
)
from toolkit.conformance.graph import successors
from toolkit.conformance.labels import quotes_any
from toolkit.conformance.matching import Context
from toolkit.conformance.polarity import classify, expression_polarity, inert_facts, names_in
from toolkit.conformance.registry import check
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode, SequenceFlow

#: Gateways whose outgoing flows carry conditions.
CONDITIONAL = frozenset({"exclusiveGateway", "inclusiveGateway"})


@check("decisions", "RC604", "RC605", "RC606")
def decisions(ctx: Context) -> Iterator[Finding]:
    yield from _outcome_messages(ctx)
    meanings = key_meanings(ctx)
    nexts = successors(ctx.model)
    for unit in ctx.units:
        if not unit.is_condition:
            continue
        for gateway in ctx.elements_of(unit):
            if gateway.kind in CONDITIONAL:
                yield from _gateway(ctx, unit, gateway, meanings, nexts)


def _gateway(ctx: Context, unit: TextUnit, gateway: FlowNode, meanings: dict[str, KeyMeaning],
             nexts: dict[str, list[str]]) -> Iterator[Finding]:
    flows = ctx.outgoing(gateway.id)
    keys = expression_keys(flows)
    facts, foreign = facts_for(ctx, meanings, keys, unit)
    if keys and not facts:
        what = (f"only other conditions' data ({', '.join(foreign)})" if foreign
                else f"only data of other steps ({', '.join(sorted(keys))})")
        yield ctx.at_node("RC606", f"{gateway.id} ({unit.label}) decides on {what}, none of its own", gateway, unit,
                          expected=f"an expression reading the data {unit.short}'s check produces",
                          found=", ".join(f"{f.id}: {f.condition}" for f in flows if f.condition))
    yield from _data_read(ctx, unit, gateway, flows, declared_facts(meanings, unit), keys)
    yield from _inert(ctx, unit, flows, facts)
    polarity_of = {f.id: expression_polarity(f.condition, facts) for f in flows if f.condition}
    branches = branch_polarities(gateway, flows, polarity_of)
    for flow in flows:
        if flow.target is None:
            continue
        numbers = reached(ctx, unit, flow.target, nexts) & {unit.number + 1, unit.number + 2}
        if len(numbers) != 1:
            continue  # none or both: RC602 / not a branch of one outcome
        number = next(iter(numbers))
        expected = outcome_polarity(ctx, unit, number)
        if expected is None:
            continue
        target = ctx.unit(unit.clause.ref, number)
        where = target.label if target else f"item {number}"
        taken_on = branches.get(flow.id)
        if taken_on is not None and taken_on != expected:
            how = f"its condition {flow.condition!r}" if flow.condition else "as the default, the other branches' complement"
            yield _at_flow(ctx, "RC604", f"{flow.id} is taken on the {taken_on} outcome of {unit.label} "
                           f"({how}) but leads to {where}, the {expected} outcome", flow, unit,
                           expected=f"the {taken_on} outcome's item", found=f"{where} ({expected})",
                           hint=f"route {flow.id} to the item of the {taken_on} outcome, or fix its expression")
        label = flow_label(flow, ctx.act.language)
        said = classify(label)
        if said is not None and said != expected:
            yield _at_flow(ctx, "RC605", f"{flow.id} is labelled {label!r} ({said} outcome of {unit.label}) but "
                           f"leads to {where}, the {expected} outcome", flow, unit,
                           expected=f"a label naming the {expected} outcome", found=label)


def _outcome_messages(ctx: Context) -> Iterator[Finding]:
    """RC604 for an outcome carried by a message: where a condition is decided in one pool
    and followed in another (an event-based gateway waiting for "бар болуы" or "жоқтығы"),
    the message's sender and receiver must name the same outcome."""
    nodes = ctx.model.nodes
    for flow in ctx.model.message_flows.values():
        source, target = nodes.get(flow.source or ""), nodes.get(flow.target or "")
        if source is None or target is None:
            continue
        units = ctx.units_of(source.id) + ctx.units_of(target.id)
        if not any(u.is_condition or _is_outcome(ctx, u) for u in units):
            continue
        lang = ctx.act.language
        sent, expected = classify(source.names.get(lang)), classify(target.names.get(lang))
        if sent is None or expected is None or sent == expected:
            continue
        spec = CODES["RC604"]
        yield Finding(code="RC604", message=f"message {flow.id} carries the {sent} outcome ({source.id}) to "
                      f"{target.id}, which waits for the {expected} one", source=ctx.model.source, line=flow.line,
                      element_id=flow.id, severity=spec.severity, clause=units[0].label if units else None,
                      expected=f"a receiver of the {sent} outcome", found=f"{target.id} ({expected})",
                      hint=f"send {source.id}'s message to the element that follows the {sent} outcome")


def _is_outcome(ctx: Context, unit: TextUnit) -> bool:
    """Whether ``unit`` is item k+1 or k+2 of a condition at item k."""
    for offset in (1, 2):
        before = ctx.unit(unit.clause.ref, unit.number - offset)
        if before is not None and before.is_condition:
            return True
    return False


def _data_read(ctx: Context, unit: TextUnit, gateway: FlowNode, flows: list[SequenceFlow],
               declared: list[str], keys: frozenset[str]) -> Iterator[Finding]:
    """RC606: a branch deciding on no data at all, or a decision ignoring some of its
    condition's declared data (condition 1 checks ЖТ МДҚ's *and* БНАЖ's answers)."""
    for flow in flows:
        if flow.condition and not names_in(flow.condition):
            yield _at_flow(ctx, "RC606", f"{flow.id} ({unit.label}) decides on no data: {flow.condition!r}",
                           flow, unit, expected="an expression reading " + (", ".join(declared) or "the check's data"),
                           found=flow.condition)
    ignored = [k for k in declared if k not in keys]
    if keys and ignored:
        yield ctx.at_node("RC606", f"{gateway.id} ({unit.label}) ignores {', '.join(ignored)}, which the model "
                          f"declares as the condition's data", gateway, unit,
                          expected=f"expressions reading {', '.join(declared)}",
                          found=", ".join(f"{f.id}: {f.condition}" for f in flows if f.condition))


#: Words that join a condition's checks so that one of them suffices ("X немесе Y бар болуы").
_EITHER = re.compile(r"(?<!\w)(?:немесе|не болмаса|или|либо)(?!\w)", re.IGNORECASE)


def _inert(ctx: Context, unit: TextUnit, flows: list[SequenceFlow], facts: dict[str, str]) -> Iterator[Finding]:
    """RC606: a branch whose expression reads a fact of its condition that never decides it
    (condition 1 as ``person_found or power_of_attorney_found``: a person not found goes on)."""
    text = unit.item.text if unit.item is not None else (unit.step.text if unit.step is not None else "")
    either = bool(_EITHER.search(text))
    for flow in flows:
        inert = inert_facts(flow.condition, facts, any_suffices=either)
        if not inert:
            continue
        joined = "one of them suffices" if either else "each of them must hold"
        yield _at_flow(ctx, "RC606", f"{flow.id} ({unit.label}) ignores {', '.join(inert)}: with the "
                       f"condition's other data {'absent' if either else 'in order'}, its value never changes "
                       f"where {flow.id} goes, but the text checks {', '.join(sorted(facts))} ({joined})",
                       flow, unit, expected=f"an expression in which each of {', '.join(sorted(facts))} decides",
                       found=flow.condition)


def _at_flow(ctx: Context, code: str, message: str, flow: SequenceFlow, unit: TextUnit, *, expected: str,
             found: str | None, hint: str | None = None) -> Finding:
    """A finding located at a sequence flow (file:line of the flow)."""
    spec = CODES[code]
    return Finding(code=code, message=message, source=ctx.model.source, line=flow.line, element_id=flow.id,
                   severity=spec.severity, clause=unit.label, expected=expected, found=found,
                   hint=hint or spec.hint)


@check("limit-cases", "RC407")
def limit_cases(ctx: Context) -> Iterator[Finding]:
    meanings = key_meanings(ctx)
    for unit in ctx.units:
        text_alts = unit.alternatives
        if not text_alts:
            continue
        for node in ctx.elements_of(unit):
            model_alts = node.alternatives
            if len(model_alts) != len(text_alts):
                continue  # RC403 reports the mismatch
            for index, (text_alt, model_alt) in enumerate(zip(text_alts, model_alts), 1):
                wanted = classify(text_alt.condition)
                when = model_alt.when or ""
                if not names_in(when):
                    yield ctx.at_node("RC407", f"{node.id}: alternative {index} applies when {when!r}, which reads "
                                      "no data: it selects no case of the text's", node, unit,
                                      expected=f"when= holding in the text's case: {text_alt.condition}",
                                      found=f"when={when!r}")
                    continue
                got = expression_polarity(when, all_facts(meanings, names_in(when)))
                if wanted is None or got is None or wanted == got:
                    continue
                yield ctx.at_node("RC407", f"{node.id}: alternative {index} applies when {when!r}, the "
                                  f"{got} case; the text gives it for the {wanted} case", node, unit,
                                  expected=f"when= holding in the text's case: {text_alt.condition}",
                                  found=f"when={when!r} ({got})")


@check("facts", "RC607")
def facts(ctx: Context) -> Iterator[Finding]:
    """RC607: each reg:fact quotes the text's words for an outcome.

    The words may come from any unit of the clauses the model restates, not only
    the element's own: the data is often entered at one step (the documents
    accepted at step 1) and named by another (step 3's alternative limit)."""
    segments = [s for u in ctx.units for s in u.label_segments()]
    for node in ctx.model.nodes.values():
        units = ctx.units_of(node.id)
        for fact in node.facts:
            if not quotes_any(fact.phrase, segments):
                yield ctx.at_node("RC607", f"{node.id}: reg:fact {fact.key} quotes {fact.phrase!r}, which is not "
                                  f"the text's words", node, units[0] if units else None,
                                  expected=f"words of {', '.join(c.ref for c in ctx.clauses) or 'the text'}",
                                  found=fact.phrase)
            elif classify(fact.phrase) is None:
                yield ctx.at_node("RC607", f"{node.id}: reg:fact {fact.key} quotes {fact.phrase!r}, which names "
                                  "no outcome (presence, absence, conformity, defects)", node,
                                  units[0] if units else None,
                                  expected="the text's words for an outcome", found=fact.phrase)
