"""A pool per actor: the appendix's view of a clause ("ақпараттық жүйелердің функционалдық өзара
іс-қимылдары диаграммасы"), projected from the two-party plan.

The service side of a plan is a tree: one start, one outgoing flow per node except
a condition's gateway (two) and an end (none), no joins. Projecting it onto each
actor gives that actor's own process:

* a flow between two nodes of one actor stays a sequence flow;
* a flow from actor A's node to actor B's node becomes a message: A throws it (an
  intermediate throw event, or a message end when A has nothing more to do on that
  branch) and B catches it (a message start event when B has not begun, else an
  intermediate catch event);
* where another actor's gateway decides and this actor has begun, it waits on an
  event-based gateway with one catch per outcome: the message that brings the work
  back to it on that branch, or — on a branch that ends without it — the branch's
  end message, after which its own process ends too.

Every element keeps the units it stood for; the added events cite the unit whose
work they hand over, the event-based gateways the condition they wait on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.draft.plan import Flow, MessageFlow, Node, Plan, Pool
from toolkit.model.elements import ClauseRef


@dataclass
class _Thread:
    """One actor's process being built."""

    pool: Pool
    cursor: str | None = None                     # last element on the current branch
    pending_name: str | None = None
    pending_condition: str | None = None


class Projector:
    """Builds the per-actor pools; :meth:`project` returns the new plan."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.service = plan.pools[-1]
        self.nodes = {n.id: n for n in self.service.nodes}
        self.children: dict[str, list[Flow]] = {}
        self.parent: dict[str, str] = {}
        for flow in self.service.flows:
            self.children.setdefault(flow.source, []).append(flow)
            self.parent[flow.target] = flow.source
        self.lane_of = {n.id: n.lane or "" for n in self.service.nodes}
        self.ids = {n.id for p in plan.pools for n in p.nodes} | {f.id for p in plan.pools for f in p.flows}
        self.message_flows: list[MessageFlow] = []
        self.messages: list[str] = []
        self.end_messages: dict[str, str] = {}      # end id → the message it closes waiting actors with
        self._pool_id = ""
        self.via: tuple[ClauseRef, ...] = ()          # outcome units the next catch also cites

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.ids:
            candidate, n = f"{wanted}_{n}", n + 1
        self.ids.add(candidate)
        return candidate

    # -- building blocks -------------------------------------------------------------------
    def _add(self, thread: _Thread, node: Node) -> Node:
        thread.pool.nodes.append(node)
        if thread.cursor is not None:
            flow = Flow(self.unique(f"{thread.cursor}_to_{node.id}"), thread.cursor, node.id,
                        thread.pending_name, thread.pending_condition)
            thread.pool.flows.append(flow)
            owner = next((n for n in thread.pool.nodes if n.id == thread.cursor), None)
            if owner is not None and owner.kind == "exclusiveGateway" and flow.condition is None:
                owner.default = flow.id
        thread.cursor = node.id
        thread.pending_name = thread.pending_condition = None
        return node

    def _message(self, source: str, target: str, message: str) -> None:
        if message not in self.messages and message not in self.plan.messages:
            self.messages.append(message)
        self.message_flows.append(MessageFlow(self.unique(f"{source}_to_{target}"), source, target, message))

    def _copy(self, node: Node, pool: Pool) -> Node:
        return replace(node, pool=pool.id, lane=None, inputs=list(node.inputs), default=None, facts=list(node.facts))

    # -- the walk --------------------------------------------------------------------------
    def project(self) -> Plan:
        root = next(n for n in self.service.nodes if n.id not in self.parent)
        pools = []
        for lane in self.service.lanes:
            pool = Pool(lane.id, lane.name, lane.actor, f"{self.plan.id}_{lane.id}", lane.refs)
            thread = _Thread(pool)
            self._walk(thread, root.id)
            self._finish(thread)
            pools.append(pool)
        for pool in pools:
            self._closing_throws(pool)
        recipient = [p for p in self.plan.pools if p is not self.service]
        self.plan.pools = recipient + pools
        self.plan.messages += self.messages
        self.plan.message_flows += self.message_flows
        return self.plan

    def _walk(self, thread: _Thread, node_id: str) -> None:
        node = self.nodes[node_id]
        if self.lane_of[node_id] == thread.pool.id:
            self._enter(thread, node)
            self._onward(thread, node)
        elif thread.cursor is None:
            for flow in self.children.get(node_id, []):   # not begun: every branch may begin it
                self._walk(thread, flow.target)
                thread.cursor = None
        else:
            self._await(thread, node)

    def _onward(self, thread: _Thread, node: Node) -> None:
        """After the actor's own ``node``: its flows, throwing where the work goes to another actor."""
        flows = self.children.get(node.id, [])
        for flow in flows:
            thread.cursor = node.id
            thread.pending_name, thread.pending_condition = flow.name, flow.condition
            if self.lane_of[flow.target] != thread.pool.id:
                self._throw(thread, node, flow.target, flow)
            self._walk(thread, flow.target)

    def _outcomes(self, node_id: str, via: tuple[str, ...] = ()) -> list[tuple[Node, tuple[str, ...]]]:
        """What the actor meets next from ``node_id`` on each branch — its own node, or the branch's
        end — with the first node of every branch taken on the way (the outcomes decided)."""
        node = self.nodes[node_id]
        if self.lane_of[node_id] == self._pool_id:
            return [(node, via)]
        flows = self.children.get(node_id, [])
        if not flows:
            return [(node, via)]
        found = []
        for flow in flows:
            found += self._outcomes(flow.target, via + (flow.target,) if len(flows) > 1 else via)
        return found

    def _await(self, thread: _Thread, node: Node) -> None:
        """The actor has begun and the work is elsewhere: wait for what comes back, if anything does.

        Each catch after the event-based gateway also cites the outcomes decided on its way
        (condition 1 passed: item 7), so the wait leads to each outcome of the condition it cites.
        """
        self._pool_id = thread.pool.id
        outcomes = self._outcomes(node.id)
        own = [o for o, _ in outcomes if self.lane_of[o.id] == thread.pool.id]
        if not own:
            return                                   # it never comes back: the actor's process ends
        if len(outcomes) == 1:
            self._walk(thread, own[0].id)
            return
        decider = self._decider(node.id)
        waits = self._add(thread, Node(self.unique(f"await_{decider.id}"), "eventBasedGateway", decider.name,
                                       thread.pool.id, None, decider.refs))
        for outcome, via in outcomes:
            thread.cursor = waits.id
            self.via = tuple(r for v in via for r in self.nodes[v].refs)
            if self.lane_of[outcome.id] == thread.pool.id:
                self._walk(thread, outcome.id)
            else:
                self._closed_by(thread, outcome)
            self.via = ()

    def _decider(self, node_id: str) -> Node:
        """The first gateway on the way from ``node_id``: the decision the actor waits on."""
        while len(self.children.get(node_id, [])) == 1:
            node_id = self.children[node_id][0].target
        return self.nodes[node_id]

    def _enter(self, thread: _Thread, node: Node) -> None:
        """Place ``node`` in its actor's process, catching the message that hands it over."""
        parent = self.parent.get(node.id)
        if parent is not None and self.lane_of[parent] != thread.pool.id and node.kind != "startEvent":
            message = f"message_{parent}_to_{node.id}"
            kind = "startEvent" if thread.cursor is None else "intermediateCatchEvent"
            refs = tuple(dict.fromkeys(node.refs + self.via))
            self.via = ()
            self._add(thread, Node(self.unique(f"{node.id}_received"), kind, node.name, thread.pool.id, None,
                                   refs, message=message))
        self._add(thread, self._copy(node, thread.pool))

    def _throw(self, thread: _Thread, node: Node, child: str, flow: Flow) -> None:
        message = f"message_{node.id}_to_{child}"
        throw = Node(self.unique(f"{node.id}_to_{self.lane_of[child]}"), "intermediateThrowEvent",
                     self.nodes[child].name, thread.pool.id, None, self.nodes[child].refs, message=message)
        self._add(thread, throw)
        self._message(throw.id, f"{child}_received", message)

    def _closed_by(self, thread: _Thread, end: Node) -> None:
        """A branch ended in another pool while this actor waits: that end's message closes it here."""
        message = self.end_messages.setdefault(end.id, f"message_{end.id}_closes")
        refs = tuple(dict.fromkeys(end.refs + self.via))
        catch = self._add(thread, Node(self.unique(f"{end.id}_received"), "intermediateCatchEvent", end.name,
                                       thread.pool.id, None, refs, message=message))
        self._message(f"{end.id}_closes", catch.id, message)
        self._add(thread, Node(self.unique(f"{thread.pool.id}_closed"), "endEvent", end.name, thread.pool.id, None,
                               end.refs))

    def _closing_throws(self, pool: Pool) -> None:
        """Before an end that others wait on, a throw event tells them the branch is closed.

        Its own message (not the end's, which may already carry the result to the
        applicant), so each waiting actor's catch reacts to this end and no other.
        """
        for end in [n for n in pool.nodes if n.kind == "endEvent" and n.id in self.end_messages]:
            throw = Node(f"{end.id}_closes", "intermediateThrowEvent", end.name, pool.id, None, end.refs,
                         message=self.end_messages[end.id])
            self.ids.add(throw.id)
            pool.nodes.insert(pool.nodes.index(end), throw)
            pool.flows = [Flow(f.id, f.source, throw.id, f.name, f.condition) if f.target == end.id else f
                          for f in pool.flows]
            pool.flows.append(Flow(self.unique(f"{throw.id}_to_{end.id}"), throw.id, end.id))

    def _finish(self, thread: _Thread) -> None:
        """Every branch of the actor's process ends: a dangling throw becomes a message end event."""
        pool = thread.pool
        outgoing = {f.source for f in pool.flows}
        for node in pool.nodes:
            if node.id in outgoing or node.kind == "endEvent":
                continue
            if node.kind == "intermediateThrowEvent":
                node.kind = "endEvent"
            else:
                end = Node(self.unique(f"{node.id}_end"), "endEvent", node.name, pool.id, None, node.refs)
                pool.nodes.append(end)
                pool.flows.append(Flow(self.unique(f"{node.id}_to_{end.id}"), node.id, end.id))


def per_actor(plan: Plan) -> Plan:
    """The plan with its service side as one pool per actor (see the module docstring)."""
    return Projector(plan).project()
