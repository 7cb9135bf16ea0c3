"""What a decision means: each branch of a condition, and the case of an alternative limit.

The evidence is exact on both sides (see :mod:`toolkit.conformance.polarity`):

* the text: condition N at item k checks something; item k+1 is its negative
  outcome — the genre names it by its cause ("… болмауына байланысты",
  "кемшіліктердің болуына байланысты", "в связи с отсутствием") — and item
  k+2 is where the service goes on when the check passes;
* the model: each outgoing flow of the condition's gateway carries the outcome
  it is taken on three ways — its condition expression (a truth table over the
  condition's data, :func:`branch_polarity`), its being the default (the
  complement of the others), its label ("бар болуы" / "болмауы") — and it
  *leads* to one of the outcome items.

What data belongs to a condition comes from the model's own declarations:
``reg:fact`` or ``reg:input`` on an element citing the condition. Data declared
on elements of other units only (``by_representative``, entered in process 2)
is a guard, not the condition's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.conformance.matching import Context
from toolkit.conformance.polarity import (
    NEGATIVE_POLARITY,
    POSITIVE_POLARITY,
    classify,
    names_in,
    opposite,
)
from toolkit.conformance.text_units import TextUnit
from toolkit.model.elements import FlowNode, SequenceFlow


@dataclass(frozen=True)
class KeyMeaning:
    """What the model says about one data key: its polarity and which units declare it."""

    key: str
    polarity: str | None
    units: frozenset[tuple[str, int]]
    declared_by: str | None          # "reg:fact", "reg:input" or None


def key_meanings(ctx: Context) -> dict[str, KeyMeaning]:
    """Every key the model declares with ``reg:fact`` (first) or ``reg:input``."""
    found: dict[str, tuple[str | None, set[tuple[str, int]], str]] = {}
    for node in ctx.model.nodes.values():
        units = {u.key for u in ctx.units_of(node.id)}
        for fact in node.facts:
            polarity = classify(fact.phrase)
            polarity = polarity if fact.holds else opposite(polarity)
            entry = found.get(fact.key)
            if entry is None or entry[2] != "reg:fact":
                found[fact.key] = (polarity, set(units), "reg:fact")
            else:
                entry[1].update(units)
        for field in node.inputs:
            if field.type != "bool":
                continue  # a name, a number: data, not an outcome
            entry = found.get(field.name)
            if entry is None:
                found[field.name] = (classify(field.label), set(units), "reg:input")
            elif entry[2] == "reg:input":
                entry[1].update(units)
    return {k: KeyMeaning(k, p, frozenset(u), by) for k, (p, u, by) in found.items()}


def declared_facts(meanings: dict[str, KeyMeaning], condition: TextUnit) -> list[str]:
    """The keys the model declares as this condition's data (on elements citing it)."""
    return sorted(k for k, m in meanings.items() if condition.key in m.units)


def facts_for(ctx: Context, meanings: dict[str, KeyMeaning], keys: frozenset[str],
              condition: TextUnit) -> tuple[dict[str, str], list[str]]:
    """``(facts, foreign)``: the keys that are the condition's data with their polarity, and
    the keys declared only by elements of *other conditions* (another decision's data).

    Undeclared keys are the condition's data, positive: the condition's sentence
    checks that something is there or in order, and a key it reads says so (the
    documented default; ``reg:fact`` makes it explicit). Keys declared by elements
    of other, non-condition units are guards (``by_representative``)."""
    facts: dict[str, str] = {}
    foreign: list[str] = []
    for key in sorted(keys):
        meaning = meanings.get(key)
        if meaning is None:
            facts[key] = POSITIVE_POLARITY
            continue
        if condition.key in meaning.units:
            facts[key] = meaning.polarity or POSITIVE_POLARITY
            continue
        others = [ctx.unit(ref, n) for ref, n in meaning.units]
        if any(u is not None and u.is_condition for u in others):
            foreign.append(key)
    return facts, foreign


def all_facts(meanings: dict[str, KeyMeaning], keys: frozenset[str]) -> dict[str, str]:
    """Every key with a known (or default positive) polarity, for an alternative limit's ``when``."""
    out = {}
    for key in keys:
        meaning = meanings.get(key)
        if meaning is None:
            out[key] = POSITIVE_POLARITY
        elif meaning.polarity is not None:
            out[key] = meaning.polarity
        elif meaning.declared_by == "reg:input":
            out[key] = POSITIVE_POLARITY
    return out


def outcome_polarity(ctx: Context, condition: TextUnit, number: int) -> str | None:
    """The polarity the text gives outcome item ``number`` of ``condition``: item k+1
    negative and k+2 positive — but only where the text itself names item k+1 by a
    negative cause ("болмауына байланысты", "кемшіліктердің болуына", "в связи с
    отсутствием", "отказ"). A text whose item after the condition reads as the
    service going on ("ЭҮАШ АЖО-да сұраныстың тіркелуін тексеру" → "беруші
    құжаттарды қарайды") does not say which branch is which: ``None``."""
    negative_item = ctx.unit(condition.clause.ref, condition.number + 1)
    if negative_item is None or classify(negative_item.text) != NEGATIVE_POLARITY:
        return None
    if number == condition.number + 1:
        return NEGATIVE_POLARITY
    if number == condition.number + 2:
        return POSITIVE_POLARITY
    return None


def flow_label(flow: SequenceFlow, lang: str) -> str | None:
    """The branch's label in the act's language (Kazakh when there is no translation)."""
    return flow.names.get(lang)


def branch_polarities(gateway: FlowNode, flows: list[SequenceFlow],
                      polarity_of: dict[str, str | None]) -> dict[str, str | None]:
    """Each flow's polarity: its expression's, or for the default flow (or the one
    unconditioned flow) the opposite of what the other flows agree on."""
    out = dict(polarity_of)
    conditioned = {f.id: polarity_of.get(f.id) for f in flows if f.condition}
    agreed = set(conditioned.values())
    for flow in flows:
        if flow.condition:
            continue
        is_default = flow.is_default or gateway.default_flow == flow.id
        unconditioned = [f for f in flows if not f.condition]
        if (is_default or len(unconditioned) == 1) and len(agreed) == 1 and None not in agreed:
            out[flow.id] = opposite(next(iter(agreed)))
        else:
            out[flow.id] = None
    return out


def expression_keys(flows: list[SequenceFlow]) -> frozenset[str]:
    keys: set[str] = set()
    for flow in flows:
        if flow.condition:
            keys |= names_in(flow.condition)
    return frozenset(keys)
