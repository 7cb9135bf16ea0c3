"""A pool per actor: the appendix's view of a clause ("ақпараттық жүйелердің функционалдық өзара
іс-қимылдары диаграммасы"), projected from the two-party plan.

Each path of the service side (start to an end, one per outcome of its conditions)
is read as a conversation (:mod:`toolkit.draft.conversation`): whoever holds the work
*asks* the next actor (a request) and the asked actor *answers* the one that asked
when its part is done — the text's own routes decide who asks whom: a request sent
"X арқылы" to Y goes through X and Y's answer comes back through X to the asker
(:mod:`toolkit.draft.routes`); a decision on answers is taken by the asker who has
them. Each actor's sequences on all paths are then merged into its process here:

* a common beginning is one sequence of elements;
* where the actor's own gateway decides, the branches follow its flows;
* where another actor decides, the actor waits on an event-based gateway (named and
  cited as the decision) with one catch per answer — or, on a branch that does not
  need it any more, a catch of the message the decider sends at its branch's end,
  after which its process ends;
* answers that differ but lead to the same further work are one receive task that
  each of them messages (the provider's approval and its refusal both come back to
  the actor that asked it).

A request is a send task (a message end event when the sender has nothing more to
do), an answer awaited a receive task, the first message an actor gets its message
start event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from toolkit.draft.conversation import Conversation, ConversationStep, Refs, converse
from toolkit.draft.plan import Flow, MessageFlow, Node, Plan, Pool


@dataclass
class _Branch:
    """One path's remaining steps of the actor being built."""

    path: int
    steps: list[ConversationStep]
    at: int = 0

    @property
    def head(self) -> ConversationStep | None:
        return self.steps[self.at] if self.at < len(self.steps) else None

    def rest(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.steps[self.at + 1:])


@dataclass
class _Close:
    """A waiting actor's catch of the message the decider sends at its branch's end."""

    catch: str
    path: int
    other: int


@dataclass
class Projector:
    """Builds the per-actor pools from the conversations; :meth:`project` returns the new plan."""

    plan: Plan
    talks: list[Conversation] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    placed: dict[tuple[int, str, int], str] = field(default_factory=dict)   # (path, actor, step) → element
    closes: list[_Close] = field(default_factory=list)
    pool: Pool | None = None
    merges: dict[str, tuple[int, int]] = field(default_factory=dict)   # merge key → (path, step) placed
    merge_ids: set[str] = field(default_factory=set)   # the two-party draft's merges (two flows in)

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.ids:
            candidate, n = f"{wanted}_{n}", n + 1
        self.ids.add(candidate)
        return candidate

    def project(self) -> Plan:
        service = self.plan.pools[-1]
        self.ids = {n.id for p in self.plan.pools for n in p.nodes} - {n.id for n in service.nodes}
        self.talks = converse(self.plan)
        into = [f.target for f in service.flows]
        self.merge_ids = {t for t in into if into.count(t) > 1}
        pools = []
        for lane in service.lanes:
            branches = [_Branch(i, talk.steps.get(lane.id, [])) for i, talk in enumerate(self.talks)]
            branches = [b for b in branches if b.steps]
            if not branches:
                continue
            self.pool = Pool(lane.id, lane.name, lane.actor, f"{self.plan.id}_{lane.id}", lane.refs)
            self.merges = {}
            self._emit(branches, None, None)
            self._bypass_merges()
            self._ends()
            pools.append(self.pool)
        recipient = [p for p in self.plan.pools if p is not service]
        self.plan.pools = recipient + pools
        self._messages()
        return self.plan

    @property
    def _here(self) -> str:
        """The actor being built, as the conversations name it (its lane's id, which is its pool's)."""
        return self.pool.id if self.pool else ""

    # -- elements and flows ------------------------------------------------------------------
    def _node(self, step: ConversationStep, kind: str | None = None) -> Node:
        assert self.pool is not None
        if step.node is not None:
            node = replace(step.node, pool=self.pool.id, lane=None, inputs=list(step.node.inputs), default=None,
                           facts=list(step.node.facts))
            if step.kind == "send":          # a channel's forwarding: it sends, no operation runs
                node.kind, node.operation = "sendTask", None
            node.id = self.unique(node.id)
        else:
            node = Node(self.unique(step.key), kind or step.kind, step.name, self.pool.id, None, step.refs)
        if kind is not None:
            node.kind = kind
        if step.kind == "receive":
            node.message = f"message_{node.id}"      # every sender to it uses the receiver's message
        elif step.kind == "send":
            node.message = None                      # set from its first message flow (_messages)
        self.pool.nodes.append(node)
        return node

    def _link(self, source: str | None, target: str, via: Flow | None = None) -> None:
        assert self.pool is not None
        if source is None:
            return
        flow = Flow(self.unique(f"{source}_to_{target}"), source, target,
                    via.name if via else None, via.condition if via else None)
        self.pool.flows.append(flow)
        gateway = next(n for n in self.pool.nodes if n.id == source)
        if via is not None and via.id == self._default_of(via.source):
            gateway.default = flow.id

    def _default_of(self, gateway: str) -> str | None:
        return next((n.default for p in self.plan.pools for n in p.nodes if n.id == gateway), None) \
            or self.talks[0].defaults.get(gateway)

    def _kind(self, step: ConversationStep, previous: str | None, after_wait: bool) -> str | None:
        if step.kind == "receive":
            if previous is None:
                return "startEvent"
            return "intermediateCatchEvent" if after_wait else "receiveTask"
        if step.kind == "send" and step.node is None:
            return "sendTask"
        return None

    # -- the merge of one actor's paths --------------------------------------------------------
    def _emit(self, branches: list[_Branch], previous: str | None, via: Flow | None,
              after_wait: bool = False) -> None:
        while all(b.head is not None for b in branches) and len({b.head.key for b in branches if b.head}) == 1:
            step = branches[0].head
            assert step is not None
            if self._rejoin(step, branches, previous, via):
                return
            node = self._node(step, self._kind(step, previous, after_wait))
            self._link(previous, node.id, via)
            for b in branches:
                self.placed[(b.path, self._here, b.at)] = node.id
                b.at += 1
            previous, via, after_wait = node.id, None, False
            if step.flows and len({b.steps[b.at - 1].flows for b in branches}) > 1:
                self._split(branches, node.id)
                return
        if all(b.head is None for b in branches):
            return
        self._diverge(branches, previous)

    def _rejoin(self, step: ConversationStep, branches: list[_Branch], previous: str | None, via: Flow | None) -> bool:
        """A merge of the two-party draft this actor already placed on another branch: flow into it, and
        the rest of these paths is the rest of that branch."""
        if step.key not in self.merges:
            if step.key in self.merge_ids:
                self.merges[step.key] = (branches[0].path, branches[0].at)
            return False
        actor = self._here
        path, at = self.merges[step.key]
        self._link(previous, self.placed[(path, actor, at)], via)
        for b in branches:
            for offset in range(len(b.steps) - b.at):
                placed = self.placed.get((path, actor, at + offset))
                if placed:
                    self.placed[(b.path, actor, b.at + offset)] = placed
            b.at = len(b.steps)
        return True

    def _split(self, branches: list[_Branch], gateway: str) -> None:
        """After the actor's own gateway: one branch per flow it takes."""
        groups: dict[str, list[_Branch]] = {}
        for b in branches:
            groups.setdefault(b.steps[b.at - 1].flows[0].id, []).append(b)
        for members in groups.values():
            flow = members[0].steps[members[0].at - 1].flows[0]
            self._emit(members, gateway, flow)

    def _diverge(self, branches: list[_Branch], previous: str | None) -> None:
        """Another actor decided: one receive for answers that lead on alike, else a wait per answer."""
        heads = [b.head for b in branches]
        if all(h is not None and h.kind == "receive" for h in heads) and len({h.peer for h in heads if h}) == 1 \
                and len({b.rest() for b in branches}) == 1:
            step = heads[0]
            assert step is not None
            node = self._node(step, "receiveTask" if previous is not None else "startEvent")
            self._link(previous, node.id)
            for b in branches:
                self.placed[(b.path, self._here, b.at)] = node.id
                b.at += 1
            self._emit(branches, node.id, None)
            return
        decider = self._decider(branches)
        wait = Node(self.unique(f"await_{decider.id}"), "eventBasedGateway", decider.name,
                    self.pool.id if self.pool else "", None, decider.refs)
        assert self.pool is not None
        self.pool.nodes.append(wait)
        self._link(previous, wait.id)
        groups: dict[str | None, list[_Branch]] = {}
        for b in branches:
            groups.setdefault(b.head.key if b.head else None, []).append(b)
        waiting = next(b.path for b in branches if b.head is not None)
        outcomes = {key: self._outcome(members[0], branches) for key, members in groups.items() if key is not None}
        for key, members in groups.items():
            if key is None:
                self._closed(members[0], waiting, wait.id)
                continue
            first = len(self.pool.nodes)
            self._emit(members, wait.id, None, after_wait=True)
            if first < len(self.pool.nodes):     # the catch also cites the outcome taken on its way (RC602)
                catch = self.pool.nodes[first]
                catch.refs = tuple(dict.fromkeys(catch.refs + outcomes[key]))

    def _outcome(self, branch: _Branch, everyone: list[_Branch]) -> Refs:
        """The units of the first node of the outcome this branch's path took at the parting decision."""
        talk = self.talks[branch.path]
        other = next((b for b in everyone if b.head is None or branch.head is None or b.head.key != branch.head.key),
                     None)
        if other is None:
            return ()
        return talk.outcome(self.talks[other.path])

    def _decider(self, branches: list[_Branch]) -> Node:
        """The gateway where the branches' paths part: the decision an actor waits on."""
        first, other = self.talks[branches[0].path], next(
            self.talks[b.path] for b in branches if b.head is None or branches[0].head is None
            or b.head.key != branches[0].head.key)
        return first.parting(other)

    def _closed(self, branch: _Branch, other: int, wait: str) -> None:
        """A branch that no longer needs the actor: it catches the decider's closing message and ends."""
        assert self.pool is not None
        talk = self.talks[branch.path]
        end = talk.end
        catch = Node(self.unique(f"{end.id}_closes_{self.pool.id}"), "intermediateCatchEvent", end.name,
                     self.pool.id, None, end.refs)
        catch.message = f"message_{catch.id}"
        self.pool.nodes.append(catch)
        self._link(wait, catch.id)
        closed = Node(self.unique(f"{self.pool.id}_closed"), "endEvent", end.name, self.pool.id, None, end.refs)
        self.pool.nodes.append(closed)
        self._link(catch.id, closed.id)
        self.closes.append(_Close(catch.id, branch.path, other))

    def _bypass_merges(self) -> None:
        """A merge that only one flow reaches here (the branches met in another actor's process) is
        no element of this one."""
        assert self.pool is not None
        for node in [n for n in self.pool.nodes if n.id in self.merge_ids]:
            into = [f for f in self.pool.flows if f.target == node.id]
            out = [f for f in self.pool.flows if f.source == node.id]
            if len(into) != 1 or len(out) != 1:
                continue
            self.pool.nodes.remove(node)
            self.pool.flows = [f for f in self.pool.flows if f is not out[0]]
            self.pool.flows[self.pool.flows.index(into[0])] = replace(into[0], target=out[0].target)
            for key, value in list(self.placed.items()):
                if value == node.id:
                    self.placed[key] = out[0].target

    def _ends(self) -> None:
        """Every branch ends: a send that nothing follows is a message end event; anything else gets an end."""
        assert self.pool is not None
        outgoing = {f.source for f in self.pool.flows}
        for node in list(self.pool.nodes):
            if node.id in outgoing or node.kind == "endEvent":
                continue
            if node.kind == "sendTask":
                node.kind = "endEvent"
                continue
            end = Node(self.unique(f"{node.id}_end"), "endEvent", node.name, self.pool.id, None, node.refs)
            self.pool.nodes.append(end)
            self.pool.flows.append(Flow(self.unique(f"{node.id}_to_{end.id}"), node.id, end.id))

    # -- messages -----------------------------------------------------------------------------
    def _messages(self) -> None:
        """Message flows between the placed elements, path by path, and the closing messages."""
        flows: dict[tuple[str, str], str] = {}
        nodes = {n.id: n for p in self.plan.pools for n in p.nodes}
        for path, talk in enumerate(self.talks):
            for sender, sent, receiver, received in talk.links:
                source = self.placed.get((path, sender, sent))
                target = self.placed.get((path, receiver, received))
                if source and target:
                    flows.setdefault((source, target), nodes[target].message or f"message_{target}")
        for close in self.closes:
            source = self.talks[close.path].closer(self.talks[close.other], self.placed, close.path)
            if source:
                flows.setdefault((source, close.catch), nodes[close.catch].message or f"message_{close.catch}")
        senders: dict[str, int] = defaultdict(int)
        for _, target in flows:
            senders[target] += 1
        for (source, target), message in flows.items():
            if nodes[source].message is None:
                nodes[source].message = message
            elif nodes[source].message != message and senders[target] == 1:
                message = nodes[source].message or message           # one message, several receivers
                nodes[target].message = message
            self.plan.message_flows.append(MessageFlow(self.unique(f"{source}_to_{target}"), source, target, message))
        for node in nodes.values():
            if node.message and node.message not in self.plan.messages:
                self.plan.messages.append(node.message)


def per_actor(plan: Plan) -> Plan:
    """The plan with its service side as one pool per actor (see the module docstring)."""
    return Projector(plan).project()
