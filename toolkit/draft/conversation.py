"""Each path of the service side read as a conversation between actors: who asks whom, who answers.

A path runs from the service side's start to one end (one per outcome of its
conditions). Along it the work moves from actor to actor; each move is either

* a **request**: the actor holding the work asks the next one — through the channel
  the text names ("ЭҮШ арқылы ЖТ МДҚ-ға … сұрау": the asker asks ЭҮШ, ЭҮШ asks ЖТ
  МДҚ), by the asker the text names (:mod:`toolkit.draft.routes`); a channel's own task
  is its forwarding (it becomes the send); or
* an **answer**: the work goes back to an actor that asked earlier, so everyone asked
  since answers the one that asked it, in turn (ЖТ МДҚ → ЭҮШ → МК ЫАЖ АЖО).

A decision on answers is taken by the asker, who has them (condition 1 is checked by
ЖТ МДҚ and БНАЖ and decided where their answers arrive). An end that hands the
applicant something goes back to the first actor, the one the applicant handed the
documents to, who hands it over; any other end stays where the path reaches it. A merge of two branches of the two-party draft is
no element here: the answers of both branches come back to one receive.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from toolkit.draft.plan import Flow, Node, Plan, Pool, Request
from toolkit.model.elements import ClauseRef

Refs = tuple[ClauseRef, ...]

#: Enough for any clause: each level is one request routed through one channel.
_MAX_ROUTE = 32


@dataclass
class ConversationStep:
    """One element of an actor's part of a path: its own node, a message it sends, or one it receives.

    ``key`` names the element the same way on every path, so the paths of one actor can be merged.
    """

    key: str
    kind: str                     # "node" | "send" | "receive"
    name: str
    refs: Refs
    node: Node | None = None
    flows: tuple[Flow, ...] = ()  # a gateway's flow taken on this path
    peer: str | None = None


@dataclass
class Conversation:
    """One path: every actor's steps, the messages between them and the decisions taken."""

    nodes: dict[str, Node]
    end: Node
    steps: dict[str, list[ConversationStep]] = field(default_factory=lambda: defaultdict(list))
    links: list[tuple[str, int, str, int]] = field(default_factory=list)   # sender, step, receiver, step
    decisions: list[tuple[str, str, str, int]] = field(default_factory=list)  # gateway, flow, actor, step
    defaults: dict[str, str] = field(default_factory=dict)
    flows: dict[str, str] = field(default_factory=dict)      # flow id → its target

    def parting(self, other: Conversation) -> Node:
        """The first decision where this path and ``other`` take different flows."""
        theirs = {g: f for g, f, _, _ in other.decisions}
        for gateway, flow, _, _ in self.decisions:
            if theirs.get(gateway, flow) != flow:
                return self.nodes[gateway]
        return self.nodes[self.decisions[-1][0]] if self.decisions else self.end

    def outcome(self, other: Conversation) -> Refs:
        """The units of the node this path goes to at the first decision where it parts from ``other``."""
        theirs = {g: f for g, f, _, _ in other.decisions}
        for gateway, flow, _, _ in self.decisions:
            if theirs.get(gateway, flow) != flow:
                target = self.flows.get(flow)
                return self.nodes[target].refs if target in self.nodes else ()
        return ()

    def closer(self, other: Conversation, placed: dict[tuple[int, str, int], str], path: int) -> str | None:
        """The element that tells the actors waiting on this path that it ended: the decider's first
        message after the parting decision (where the decider sends none, its last element)."""
        theirs = {g: f for g, f, _, _ in other.decisions}
        for gateway, flow, actor, index in self.decisions:
            if theirs.get(gateway, flow) == flow:
                continue
            steps = self.steps[actor]
            later = [i for i in range(index + 1, len(steps)) if steps[i].kind == "send" or _is_end(steps[i].node)]
            chosen = later[0] if later else len(steps) - 1
            return placed.get((path, actor, chosen))
        return None


def _is_end(node: Node | None) -> bool:
    return node is not None and node.kind == "endEvent"


class _Talk:
    """Walks one path, keeping the stack of actors that asked and wait for an answer."""

    def __init__(self, plan: Plan, service: Pool, path: list[tuple[str, Flow | None]]) -> None:
        self.lane_of = {n.id: n.lane or "" for n in service.nodes}
        lanes = {lane.actor: lane.id for lane in service.lanes}
        self.requests = [Request(lanes.get(r.channel, r.channel), tuple(lanes.get(a, a) for a in r.addressees),
                                 lanes.get(r.asker, r.asker), r.refs) for r in plan.requests]
        self.incoming: dict[str, int] = defaultdict(int)
        for flow in service.flows:
            self.incoming[flow.target] += 1
        nodes = {n.id: n for n in service.nodes}
        self.path = path
        self.talk = Conversation(nodes, nodes[path[-1][0]],
                                 defaults={n.id: n.default for n in service.nodes if n.default},
                                 flows={f.id: f.target for f in service.flows})
        self.stack: list[str] = []

    def run(self) -> Conversation:
        for index, (node_id, flow) in enumerate(self.path):
            node = self.talk.nodes[node_id]
            actor = self.lane_of[node_id]
            if index == 0:
                self.stack = [actor]
                self._add(actor, ConversationStep(node.id, "node", node.name, node.refs, node))
                continue
            if node.kind == "exclusiveGateway" and self.incoming[node_id] <= 1:
                actor = self._decider(actor)
            self._route(actor, node)
            if index == len(self.path) - 1 and self._hands_back(node, actor):
                actor = self.stack[0]
                self._unwind(actor, node)
            step = ConversationStep(node.id, "node", node.name, node.refs, node, (flow,) if flow else ())
            self._add(actor, step)
            if flow is not None and node.kind == "exclusiveGateway":
                self.talk.decisions.append((node.id, flow.id, actor, len(self.talk.steps[actor]) - 1))
        return self.talk

    def _hands_back(self, end: Node, actor: str) -> bool:
        """Whether the path's end goes back to the first actor: it hands the applicant something and
        the first actor is the one the applicant handed the documents to (a message start)."""
        first = self.talk.nodes[self.path[0][0]]
        return (self.stack[0] != actor and end.message is not None and first.kind == "startEvent"
                and first.message is not None)

    # -- moves ---------------------------------------------------------------------------------
    def _add(self, actor: str, step: ConversationStep) -> int:
        self.talk.steps[actor].append(step)
        return len(self.talk.steps[actor]) - 1

    def _route(self, actor: str, node: Node, depth: int = 0) -> None:
        """Bring the work to ``actor``: an answer if it asked earlier, else a request (by its caller)."""
        if actor == self.stack[-1] or depth > _MAX_ROUTE:
            return
        if actor in self.stack:
            self._unwind(actor, node)
            return
        caller, refs = self._caller(actor, node)
        if caller is not None and caller != actor and caller != self.stack[-1]:
            self._route(caller, node, depth + 1)
        self._call(self.stack[-1], actor, node, refs)

    def _caller(self, actor: str, node: Node) -> tuple[str | None, Refs]:
        """Who asks ``actor`` for ``node``: the asker of a request it is the channel of, the channel of
        one it is addressed by (while that channel is in the conversation), else whoever holds the work."""
        for request in reversed(self.requests):
            if actor == request.channel and set(request.refs) & set(node.refs):
                return request.asker, ()
            if actor in request.addressees and request.channel in self.stack:
                return request.channel, request.refs
        return None, ()

    def _decider(self, actor: str) -> str:
        """A condition checked by the addressees of a request is decided by its asker."""
        for request in reversed(self.requests):
            if actor in request.addressees and request.asker in self.stack:
                return request.asker
        return actor

    def _forwards(self, task: Node, caller: str, actor: str) -> bool:
        """Whether ``task`` is a channel's part of a request to ``actor`` (so the task is the send)."""
        return any(caller == r.channel and actor in r.addressees and set(r.refs) & set(task.refs)
                   for r in self.requests)

    def _call(self, caller: str, actor: str, node: Node, extra: Refs = ()) -> None:
        steps = self.talk.steps[caller]
        last = steps[-1] if steps else None
        if last is not None and last.kind == "node" and last.node is not None and last.node.is_task \
                and self._forwards(last.node, caller, actor):
            last.kind, last.peer = "send", actor
            sent, name, refs = len(steps) - 1, last.name, tuple(dict.fromkeys(last.refs + node.refs))
        else:
            name = node.name
            own = last.refs if last is not None and last.kind == "node" else ()
            refs = tuple(dict.fromkeys(node.refs + own + extra))   # named by node: its refs first
            sent = self._add(caller, ConversationStep(f"{caller}_asks_{actor}_for_{node.id}", "send", node.name, refs,
                                          peer=actor))
        got = self._add(actor, ConversationStep(f"{actor}_asked_by_{caller}_for_{node.id}", "receive", name, refs,
                                    peer=caller))
        self.talk.links.append((caller, sent, actor, got))
        self.stack.append(actor)

    def _unwind(self, actor: str, target: Node) -> None:
        """Everyone asked since ``actor`` answers the one that asked it, in turn."""
        while self.stack[-1] != actor:
            answering = self.stack.pop()
            asker = self.stack[-1]
            steps = self.talk.steps[answering]
            own = steps[-1].refs if steps and steps[-1].kind == "node" else ()
            refs = tuple(dict.fromkeys(target.refs + own))   # named by target: its refs first
            sent = self._add(answering, ConversationStep(f"{answering}_answers_{asker}_for_{target.id}", "send", target.name,
                                             refs, peer=asker))
            got = self._add(asker, ConversationStep(f"{asker}_answered_by_{answering}_for_{target.id}", "receive", target.name,
                                        refs, peer=answering))
            self.talk.links.append((answering, sent, asker, got))


def _paths(service: Pool) -> list[list[tuple[str, Flow | None]]]:
    """Every path from the service side's start to an end, with the flow taken at each node."""
    children: dict[str, list[Flow]] = defaultdict(list)
    targets = set()
    for flow in service.flows:
        children[flow.source].append(flow)
        targets.add(flow.target)
    root = next(n.id for n in service.nodes if n.id not in targets)
    out: list[list[tuple[str, Flow | None]]] = []

    def walk(node_id: str, prefix: list[tuple[str, Flow | None]]) -> None:
        flows = children.get(node_id, [])
        if not flows:
            out.append(prefix + [(node_id, None)])
        for flow in flows:
            walk(flow.target, prefix + [(node_id, flow)])

    walk(root, [])
    return out


def converse(plan: Plan) -> list[Conversation]:
    """The conversation of every path of the plan's service side (its last pool)."""
    service = plan.pools[-1]
    return [_Talk(plan, service, path).run() for path in _paths(service)]
