"""Structural diff of a draft against a hand-made model: lanes, elements, flows.

Both sides are read through :mod:`toolkit.model` (no XML here). Elements are
paired first by id (both sides use the genre's readable ids — ``process_4``,
``condition_1`` — where they can), then by what they stand for: the same
category (work task, gateway, start, end, message sent — send task or throw
event —, message received — receive task or catch event) citing a common unit
(``5.1 step 3``, ``8 item 9``), preferring the same kind and the same
performer; what is left, through a message (the receiver of a paired
sender's message, in the same actor, is the same element). Flows are paired
through their paired ends. A send task and a throw event (a receive task and
a catch event) whose messages go to the same paired elements differ only in
how they are drawn and are not counted. What is left over on
either side, and every pair whose kind or performer differs, is a difference;
the count of differences is the size of the diff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.model.elements import FlowNode, Model


def _category(node: FlowNode) -> str:
    """What role a node plays: work, a decision, a start or end, or a message sent or received
    (a send task and a message throw event both send; a receive task and a catch event receive)."""
    if node.kind in ("sendTask", "intermediateThrowEvent"):
        return "send"
    if node.kind in ("receiveTask", "intermediateCatchEvent"):
        return "receive"
    if node.is_task:
        return "task"
    if node.is_gateway:
        return "gateway"
    if node.kind == "startEvent":
        return "start"
    if node.kind == "endEvent":
        return "end"
    return node.kind


def _units(node: FlowNode) -> frozenset[tuple[str, int | None]]:
    return frozenset((r.clause, r.step if r.step is not None else r.item) for r in node.clauses)


@dataclass
class Diff:
    """The result of :func:`compare`; ``size`` is the number of differences."""

    draft: str
    model: str
    actors_only_draft: list[str] = field(default_factory=list)
    actors_only_model: list[str] = field(default_factory=list)
    actors_common: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    only_draft: list[str] = field(default_factory=list)
    only_model: list[str] = field(default_factory=list)
    flows_common: int = 0
    flows_only_draft: list[str] = field(default_factory=list)
    flows_only_model: list[str] = field(default_factory=list)
    messages_common: int = 0
    messages_only_draft: list[str] = field(default_factory=list)
    messages_only_model: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return (len(self.actors_only_draft) + len(self.actors_only_model) + len(self.changed)
                + len(self.only_draft) + len(self.only_model) + len(self.flows_only_draft)
                + len(self.flows_only_model) + len(self.messages_only_draft) + len(self.messages_only_model))

    def to_dict(self) -> dict[str, Any]:
        return {
            "draft": self.draft, "model": self.model, "size": self.size,
            "lanes": {"common": self.actors_common, "only_draft": self.actors_only_draft,
                      "only_model": self.actors_only_model},
            "elements": {"paired": len(self.pairs), "changed": self.changed, "only_draft": self.only_draft,
                         "only_model": self.only_model},
            "sequence_flows": {"paired": self.flows_common, "only_draft": self.flows_only_draft,
                               "only_model": self.flows_only_model},
            "message_flows": {"paired": self.messages_common, "only_draft": self.messages_only_draft,
                              "only_model": self.messages_only_model},
        }


def _actors(model: Model) -> list[str]:
    keys = [p.actor or p.id for p in model.participants.values()]
    keys += [lane.actor or lane.id for lane in model.lanes.values()]
    return list(dict.fromkeys(keys))


def _pair(draft: Model, model: Model) -> dict[str, str]:
    """Draft node id → model node id."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for node_id in draft.nodes:
        if node_id in model.nodes and _category(draft.nodes[node_id]) == _category(model.nodes[node_id]):
            pairs[node_id] = node_id
            taken.add(node_id)

    def score(a: FlowNode, b: FlowNode) -> tuple[int, int]:
        return (int(a.kind == b.kind) + int(draft.actor_of(a.id) == model.actor_of(b.id)), -len(_units(a) ^ _units(b)))

    for node in draft.nodes.values():
        if node.id in pairs:
            continue
        units = _units(node)
        options = [m for m in model.nodes.values() if m.id not in taken and _category(m) == _category(node)
                   and (units & _units(m) or (not units and not _units(m)))]
        if options:
            best = max(options, key=lambda m: score(node, m))
            pairs[node.id] = best.id
            taken.add(best.id)
    _pair_by_message(draft, model, pairs, taken)
    return pairs


def _pair_by_message(draft: Model, model: Model, pairs: dict[str, str], taken: set[str]) -> None:
    """Pair what is left through a message: the receiver of a paired sender's message (or the sender
    of a paired receiver's) is the same element when it is of the same category in the same actor —
    a start event citing only the paragraph stands for receiving that message as much as one citing
    the unit."""
    changed = True
    while changed:
        changed = False
        for ours in draft.message_flows.values():
            for theirs in model.message_flows.values():
                for mine, other, known, counterpart in ((ours.target, theirs.target, ours.source, theirs.source),
                                                        (ours.source, theirs.source, ours.target, theirs.target)):
                    if (mine and other and pairs.get(known or "") == counterpart and mine not in pairs
                            and other not in taken and _category(draft.nodes[mine]) == _category(model.nodes[other])
                            and draft.actor_of(mine) == model.actor_of(other)):
                        pairs[mine] = other
                        taken.add(other)
                        changed = True


def _same_message(draft: Model, model: Model, a: str, b: str, pairs: dict[str, str]) -> bool:
    """Whether a send task and a throw event (or a receive task and a catch event) differ only in how they
    are drawn: the same category, and every message of one goes to (comes from) the pair of the other's."""
    x, y = draft.nodes[a], model.nodes[b]
    if _category(x) != _category(y) or _category(x) not in ("send", "receive"):
        return False
    ends = ("target", "source") if _category(x) == "send" else ("source", "target")
    ours = {pairs.get(getattr(f, ends[0]) or "") for f in draft.message_flows.values()
            if getattr(f, ends[1]) == a}
    theirs = {getattr(f, ends[0]) for f in model.message_flows.values() if getattr(f, ends[1]) == b}
    return bool(ours) and ours == theirs


def compare(draft: Model, model: Model) -> Diff:
    """Diff ``draft`` against ``model`` (see the module docstring)."""
    diff = Diff(draft.source, model.source)
    ours, theirs = _actors(draft), _actors(model)
    diff.actors_common = [a for a in ours if a in theirs]
    diff.actors_only_draft = [a for a in ours if a not in theirs]
    diff.actors_only_model = [a for a in theirs if a not in ours]
    pairs = _pair(draft, model)
    diff.pairs = sorted(pairs.items())
    for a, b in diff.pairs:
        x, y = draft.nodes[a], model.nodes[b]
        notes = []
        if x.kind != y.kind and not _same_message(draft, model, a, b, pairs):
            notes.append(f"{x.kind} vs {y.kind}")
        if draft.actor_of(a) != model.actor_of(b):
            notes.append(f"in {draft.actor_of(a)} vs {model.actor_of(b)}")
        if notes:
            diff.changed.append(f"{a}" + (f" (~{b})" if a != b else "") + ": " + ", ".join(notes))
    paired_model = set(pairs.values())
    diff.only_draft = [f"{n.id} ({n.kind})" for n in draft.nodes.values() if n.id not in pairs]
    diff.only_model = [f"{n.id} ({n.kind})" for n in model.nodes.values() if n.id not in paired_model]
    ours_flows = {(pairs.get(f.source or ""), pairs.get(f.target or "")): f for f in draft.sequence_flows.values()}
    theirs_flows = {(f.source, f.target): f for f in model.sequence_flows.values()}
    diff.flows_common = len(set(ours_flows) & set(theirs_flows))
    diff.flows_only_draft = [f"{f.source} → {f.target}" for k, f in ours_flows.items() if k not in theirs_flows]
    diff.flows_only_model = [f"{f.source} → {f.target}" for k, f in theirs_flows.items() if k not in ours_flows]
    ours_msgs = {(pairs.get(f.source or ""), pairs.get(f.target or "")): f for f in draft.message_flows.values()}
    theirs_msgs = {(f.source, f.target): f for f in model.message_flows.values()}
    diff.messages_common = len(set(ours_msgs) & set(theirs_msgs))
    diff.messages_only_draft = [f"{f.source} → {f.target}" for k, f in ours_msgs.items() if k not in theirs_msgs]
    diff.messages_only_model = [f"{f.source} → {f.target}" for k, f in theirs_msgs.items() if k not in ours_msgs]
    return diff


def format_text(diff: Diff) -> str:
    """The diff for people: one line per kind of difference, then the size."""
    def listed(items: list[str]) -> str:
        return ", ".join(items) if items else "—"

    total = len(diff.pairs) + len(diff.only_model)
    lines = [
        f"compare {diff.draft} with {diff.model}",
        f"  lanes/pools: {len(diff.actors_common)} common; only in draft: {listed(diff.actors_only_draft)}; "
        f"only in model: {listed(diff.actors_only_model)}",
        f"  elements: {len(diff.pairs)} of {total} paired; differ: {listed(diff.changed)}",
        f"    only in draft: {listed(diff.only_draft)}",
        f"    only in model: {listed(diff.only_model)}",
        f"  sequence flows: {diff.flows_common} common; only in draft: {listed(diff.flows_only_draft)}; "
        f"only in model: {listed(diff.flows_only_model)}",
        f"  message flows: {diff.messages_common} common; only in draft: {listed(diff.messages_only_draft)}; "
        f"only in model: {listed(diff.messages_only_model)}",
        f"  differences: {diff.size}",
    ]
    return "\n".join(lines)
