"""Every path through a model, from its initiating start to an end.

A regulation reads as a sequence: the recipient hands in documents, the office
registers them, … the recipient receives the result. In BPMN that sequence
crosses pools through message flows. A path here follows the token the way the
text tells the story: along sequence flows, branching at exclusive/inclusive/
event-based gateways and at boundary events, and *across* a message flow when a
node hands a message to another pool (the sender's own continuation is picked up
when an answer comes back to it). Alternative time limits ("20 working days where
documents are missing") make variants of a path.

The same enumeration feeds ``reglament paths``, deadlines and the order checks of
conformance, so they can never disagree about what the model allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product
from typing import Any

from toolkit import units
from toolkit.model.elements import FlowNode, Model, TimeLimit

#: Safety net for pathological models (cycles are cut anyway; this bounds fan-out).
MAX_PATHS = 1000

_UNIT_ORDER = tuple(reversed(units.UNITS))  # largest first: "8 working days 45 minutes"


@dataclass(frozen=True)
class Branch:
    """A decision taken on a path: the flow out of a gateway and its condition."""

    gateway: str
    flow: str
    condition: str | None
    is_default: bool
    label: str | None


@dataclass(frozen=True)
class PathStep:
    node: FlowNode
    time_limit: TimeLimit | None


@dataclass(frozen=True)
class ProcessPath:
    """One way through the model, with the limits that apply along it."""

    steps: tuple[PathStep, ...]
    branches: tuple[Branch, ...]
    alternatives: tuple[TimeLimit, ...]
    #: Why the path stops where it does when that is not an end event: "loop" or "dead end".
    cut: str | None = None
    #: Where this linear path simplifies concurrent BPMN, so its total is not exact.
    approximations: tuple[str, ...] = ()

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(s.node.id for s in self.steps)

    @property
    def end(self) -> FlowNode:
        return self.steps[-1].node

    @property
    def ends(self) -> tuple[FlowNode, ...]:
        """Every end event on the path (a collaboration path passes the ends of several pools)."""
        return tuple(s.node for s in self.steps if s.node.kind == "endEvent")

    def total(self) -> dict[str, int]:
        """Summed limits per unit, in the text's units (minutes are not turned into days)."""
        totals: dict[str, int] = {}
        for step in self.steps:
            if step.time_limit is not None:
                totals[step.time_limit.unit] = totals.get(step.time_limit.unit, 0) + step.time_limit.value
        return {unit: totals[unit] for unit in _UNIT_ORDER if unit in totals}

    def conditions(self) -> tuple[str, ...]:
        """What must hold for this path: the branch conditions and the alternatives' ``when``."""
        taken = []
        for branch in self.branches:
            if branch.condition:
                taken.append(branch.condition)
            elif branch.is_default:
                taken.append(f"default of {branch.gateway}")
        chosen = set(self.alternatives)
        for step in self.steps:
            for alternative in step.node.alternatives:
                if alternative in chosen:
                    taken.append(alternative.when or "")
                elif step.time_limit is not None and not step.time_limit.is_alternative:
                    taken.append(_negate(alternative.when or ""))  # the usual limit: the alternative is off
        return tuple(t for t in taken if t)

    def to_dict(self, all_steps: bool = False, model: Model | None = None) -> dict[str, Any]:
        """The path as ``reglament paths --format json`` reports it; only the steps that stand
        for the text (those with a clause) unless ``all_steps``. With the ``model``, whether the
        text sets a term for the whole path (``term_set``) and, if not, why (``term_note``)."""
        total = self.total()
        terms: dict[str, Any] = {}
        if model is not None:
            from toolkit.term_coverage import term_coverage

            note = term_coverage((s.node for s in self.steps), model).note()
            terms = {"term_set": note is None, "term_note": note}
        return {
            "end": self.end.id, "ends": [e.id for e in self.ends], "cut": self.cut,
            "approximations": list(self.approximations), "conditions": list(self.conditions()),
            "total": total, "total_text": format_total(total), "total_kk": format_total(total, "kk"), **terms,
            "steps": [{"node_id": s.node.id, "name": s.node.name, "clauses": [str(c) for c in s.node.clauses],
                       "time_limit": s.time_limit.as_written() if s.time_limit else None}
                      for s in self.steps if all_steps or s.node.clauses],
        }


def _negate(expression: str) -> str:
    """``not x`` for ``x``, ``x`` for ``not x``: readable conditions for the usual limit."""
    text = expression.strip()
    if text.startswith("not ") and "(" not in text and " and " not in text and " or " not in text:
        return text[4:].strip()
    return f"not ({text})"


def format_total(total: dict[str, int], lang: str = "en") -> str:
    """``8 working days 45 minutes`` (en) or ``8 жұмыс күн 45 минут`` (kk)."""
    if not total:
        return "no time limit" if lang == "en" else "мерзімі жоқ"
    parts = []
    for unit, value in total.items():
        if lang == "kk":
            parts.append(f"{value} {units.WRITTEN_KK[unit]}")
        else:
            singular, plural = units.ENGLISH[unit]
            parts.append(f"{value} {singular if value == 1 else plural}")
    return " ".join(parts)


class _Walker:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.flows_out: dict[str, list] = {}
        for flow in model.sequence_flows.values():
            if flow.source:
                self.flows_out.setdefault(flow.source, []).append(flow)
        self.messages_out: dict[str, list[str]] = {}
        for message_flow in model.message_flows.values():
            source, target = message_flow.source, message_flow.target
            if source is not None and target is not None and {source, target} <= model.nodes.keys():
                self.messages_out.setdefault(source, []).append(target)
        self.boundaries: dict[str, list[FlowNode]] = {}
        for node in model.nodes.values():
            if node.attached_to:
                self.boundaries.setdefault(node.attached_to, []).append(node)
        self.found: list[tuple[tuple[str, ...], tuple[Branch, ...], str | None]] = []

    def initiators(self) -> list[FlowNode]:
        """Start events a path begins at: plain starts of top-level processes that no
        message starts; where every start waits for a message, all of them."""
        message_targets = {mf.target for mf in self.model.message_flows.values()}
        starts = [n for n in self.model.nodes.values()
                  if n.kind == "startEvent" and n.parent_id is None and n.id not in message_targets]
        plain = [n for n in starts if not n.event_definitions]
        return plain or starts or [n for n in self.model.nodes.values()
                                   if n.kind == "startEvent" and n.parent_id is None]

    def walk(self, start: str) -> None:
        """Depth-first from ``start`` with an explicit stack, so a long chain of
        thousands of nodes cannot exhaust Python's recursion limit."""
        stack: list[tuple[str, tuple[str, ...], tuple[Branch, ...]]] = [(start, (), ())]
        while stack and len(self.found) < MAX_PATHS:
            node_id, trail, branches = stack.pop()
            if node_id in trail:  # a loop: the path is what came before it
                self.found.append((trail, branches, "loop"))
                continue
            trail = trail + (node_id,)
            nexts = self._next(node_id, branches)
            if not nexts:
                ended = self.model.nodes[node_id].kind == "endEvent"
                self.found.append((trail, branches, None if ended else "dead end"))
                continue
            stack.extend((target, trail, taken) for target, taken in reversed(nexts))

    def _next(self, node_id: str, branches: tuple[Branch, ...]) -> list[tuple[str, tuple[Branch, ...]]]:
        """Where the token goes from ``node_id``, each with the branches taken so far."""
        node = self.model.nodes[node_id]
        handed_over = [t for t in self.messages_out.get(node_id, ())
                       if self.model.nodes[t].process_id != node.process_id]
        if handed_over:
            return [(target, branches) for target in handed_over]
        # A sub-process is one step of the path; its inside is not walked separately.
        outs = [f for f in self.flows_out.get(node_id, ()) if f.target in self.model.nodes]
        if node.kind == "parallelGateway" and len(outs) > 1:
            # Parallel branches all happen: the path follows the first as the story's thread.
            return [(outs[0].target, branches)]
        decides = node.is_gateway and len(outs) > 1
        nexts: list[tuple[str, tuple[Branch, ...]]] = []
        for flow in outs:
            if decides:
                branch = Branch(gateway=node.id, flow=flow.id, condition=flow.condition,
                                is_default=flow.is_default or node.default_flow == flow.id, label=flow.name)
                nexts.append((flow.target, branches + (branch,)))
            else:
                nexts.append((flow.target, branches))
        for boundary in self.boundaries.get(node_id, ()):
            nexts.append((boundary.id, branches + (Branch(gateway=node.id, flow=boundary.id, condition=None,
                                                           is_default=False, label=boundary.name or boundary.id),)))
        return nexts


def _approximations(model: Model, trail: tuple[str, ...]) -> tuple[str, ...]:
    """Say where a linear path cannot be exact: concurrency, sub-processes, fan-out messages."""
    notes = []
    for node_id in trail:
        node = model.nodes[node_id]
        outs = sum(1 for f in model.sequence_flows.values() if f.source == node_id)
        if node.kind in ("parallelGateway", "inclusiveGateway") and outs > 1:
            notes.append(f"{node_id}: concurrent branches; only one is followed")
        if node.kind in ("subProcess", "transaction", "adHocSubProcess"):
            notes.append(f"{node_id}: a sub-process is one step; limits inside it are not summed")
        receivers = {model.nodes[mf.target].process_id for mf in model.message_flows.values()
                     if mf.source == node_id and mf.target is not None and mf.target in model.nodes}
        if len(receivers) > 1:
            notes.append(f"{node_id}: a message to several pools; each continuation is its own path")
    return tuple(notes)


def _trails(model: Model) -> list[tuple[tuple[str, ...], tuple[Branch, ...], str | None]]:
    walker = _Walker(model)
    for start in sorted(walker.initiators(), key=lambda n: n.id):
        walker.walk(start.id)
    return walker.found


def enumerate_routes(model: Model) -> list[ProcessPath]:
    """One path per way through the graph, each step with its usual limit: what order
    checks need, without the variants alternative limits multiply into."""
    return [ProcessPath(steps=tuple(PathStep(model.nodes[n], model.nodes[n].usual_limit) for n in trail),
                 branches=branches, alternatives=(), cut=cut, approximations=_approximations(model, trail))
            for trail, branches, cut in _trails(model)]


def enumerate_paths(model: Model) -> list[ProcessPath]:
    """All paths, each limit variant separately, in a stable order (at most MAX_PATHS;
    :func:`truncated` tells whether the limit cut the list)."""
    paths: list[ProcessPath] = []
    for trail, branches, cut in _trails(model):
        nodes = [model.nodes[n] for n in trail]
        notes = _approximations(model, trail)
        options: list[Iterable[TimeLimit | None]] = [
            (n.usual_limit, *n.alternatives) if n.alternatives else (n.usual_limit,) for n in nodes]
        for chosen in product(*options):
            if len(paths) >= MAX_PATHS:
                return paths
            alternatives = tuple(c for c in chosen if c is not None and c.is_alternative)
            steps = tuple(PathStep(n, c) for n, c in zip(nodes, chosen))
            paths.append(ProcessPath(steps=steps, branches=branches, alternatives=alternatives, cut=cut,
                              approximations=notes))
    return paths


def truncated(paths: list[ProcessPath]) -> bool:
    """Whether :data:`MAX_PATHS` cut the enumeration short."""
    return len(paths) >= MAX_PATHS
