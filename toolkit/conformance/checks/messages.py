"""Messages: each message goes where the text routes it, and each addressee gets its message.

See :mod:`toolkit.conformance.routes` for the routes and contacts the text
gives. For every message flow between two actors:

* it is *sanctioned* when a unit its sender or receiver cites has a hop from
  the sender's actor to the receiver's (``ЭҮШ → БНАЖ`` for item 4), when its
  sender stands for a unit whose origin is open and it goes into that unit's
  first channel (whoever sends item 4 sends it to ЭҮШ), or when its sender is
  the loose origin of a unit's route and the receiver is not on the route;
* it *contradicts* the text when the sender (or receiver) has a stated next
  (or previous) hop in a unit it cites and the message skips it — the final
  result that the МК employee hands to the applicant sent to ЭҮШ instead
  (RC801);
* otherwise the two actors must be in contact in the clause (a hop's ends,
  consecutive doers, a step's doer and its result's recipient, or a contact the
  model opened by sending a unit into its open channel); a reply goes back
  along the contact its request came by, so БНАЖ answers ЭҮШ, not the МК
  employee (RC801).

In a pool with lanes a message leaves the pool, not the lane: its end stands
for every actor of the pool. A unit that hands something over ("жолдауы",
"береді", "направление") must reach each addressee: an element of the
addressee's lane/pool must follow the unit's elements, through the unit
itself and the next one (RC802: the request to БНАЖ deleted, БНАЖ's pool never
starts). An addressee with no lane or pool in the model at all is out of the
model's scope and not required.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from toolkit.conformance.actors import addressees, same_actor
from toolkit.conformance.codes import CODES
from toolkit.conformance.graph import successors
from toolkit.conformance.matching import Context
from toolkit.conformance.registry import check
from toolkit.conformance.routes import LOOSE, OPEN, TIGHT, Route, contacts, sends, unit_route
from toolkit.conformance.text_units import TextUnit
from toolkit.findings import Finding
from toolkit.model.elements import FlowNode, MessageFlow

#: TextUnit key → the unit's route.
Routes = dict[tuple[str, int], Route]


def meets(actors: Iterable[str], keys: Iterable[str]) -> bool:
    """Whether any of ``actors`` is any of ``keys`` (collective actors include their members)."""
    keys = list(keys)
    return any(same_actor(k, a) or same_actor(a, k) for a in actors for k in keys)


def endpoint_actors(ctx: Context, element_id: str | None) -> frozenset[str]:
    """Who a message end stands for: its lane's actor, or in a pool with lanes every
    actor of the pool; a pool's actor; a participant's actor for a message to a pool."""
    model = ctx.model
    if element_id is None:
        return frozenset()
    if element_id in model.participants:
        actor = model.participants[element_id].actor
        return frozenset({actor}) if actor else frozenset()
    if element_id not in model.nodes:
        return frozenset()
    node = model.nodes[element_id]
    found = {ctx.actor_of(node)}
    process = model.processes.get(node.process_id or "")
    if process is not None and process.lane_ids:
        found |= {model.lanes[lane].actor for lane in process.lane_ids if lane in model.lanes}
        pool = model.participant_of_process(process.id)
        found.add(pool.actor if pool else None)
    return frozenset(a for a in found if a)


def _units(ctx: Context, element_id: str | None) -> list[TextUnit]:
    return ctx.units_of(element_id) if element_id is not None and element_id in ctx.model.nodes else []


def _source_verdict(route: Route, senders: frozenset[str], receivers: frozenset[str]) -> str | None:
    """For a unit the sender stands for: ``"ok"``, ``"contradicts"`` or ``None`` (undecided)."""
    for hop in route.hops:
        if hop.kind == TIGHT and meets(senders, hop.sources) and meets(receivers, hop.targets):
            return "ok"
        if hop.kind in (OPEN, LOOSE) and meets(receivers, hop.targets) and (
                not meets(senders, route.members) or meets(senders, hop.sources)):
            return "ok"
    if any(hop.kind == TIGHT and meets(senders, hop.sources) for hop in route.hops):
        return "contradicts"
    return None


def _target_contradicts(route: Route, senders: frozenset[str], receivers: frozenset[str]) -> bool:
    """For a unit the receiver stands for: it has a stated previous hop and the sender is not on it."""
    tight = [h for h in route.hops if h.kind == TIGHT and meets(receivers, h.targets)]
    return bool(tight) and not any(meets(senders, h.sources) for h in tight)


def _opened(ctx: Context, routes: Routes) -> set[frozenset[str]]:
    """Contacts the model opens by sending a unit into its open channel (МК ЫАЖ АЖО sends item 4 to ЭҮШ)."""
    pairs: set[frozenset[str]] = set()
    for flow in ctx.model.message_flows.values():
        sender = ctx.model.nodes.get(flow.source or "")
        if sender is None:
            continue
        own = ctx.actor_of(sender)
        receivers = endpoint_actors(ctx, flow.target)
        for unit in _units(ctx, flow.source):
            route = routes[unit.key]
            for hop in route.hops:
                if hop.kind == OPEN and own and meets(receivers, hop.targets) and not meets({own}, route.members):
                    pairs |= {frozenset({own, t}) for t in hop.targets}
    return pairs


@check("messages", "RC801", "RC802")
def messages(ctx: Context) -> Iterator[Finding]:
    routes = {u.key: unit_route(u) for u in ctx.units}
    known = set().union(*(contacts(c) for c in ctx.clauses)) if ctx.clauses else set()
    known |= _opened(ctx, routes)
    for flow in ctx.model.message_flows.values():
        yield from _message(ctx, flow, routes, known)
    yield from _undelivered(ctx)
    yield from _waiting(ctx)
    yield from _misdelivered(ctx)


def _message(ctx: Context, flow: MessageFlow, routes: Routes, known: set[frozenset[str]]) -> Iterator[Finding]:
    nodes = ctx.model.nodes
    source, target = nodes.get(flow.source or ""), nodes.get(flow.target or "")
    if source is not None and target is not None and source.process_id == target.process_id:
        spec = CODES["RC801"]
        yield Finding(code="RC801", message=f"message {flow.id} goes from {flow.source} to {flow.target} inside one "
                      "participant; a message goes between participants", source=ctx.model.source, line=flow.line,
                      element_id=flow.id, severity=spec.severity, expected="a message to another pool",
                      found=f"{flow.source} → {flow.target} (same process)",
                      hint="use a sequence flow inside a pool, or send the message to the receiver's pool")
        return
    senders, receivers = endpoint_actors(ctx, flow.source), endpoint_actors(ctx, flow.target)
    if not senders or not receivers or meets(senders, receivers):
        return
    source_units, target_units = _units(ctx, flow.source), _units(ctx, flow.target)
    contradicted: list[Route] = []
    for unit in source_units:
        verdict = _source_verdict(routes[unit.key], senders, receivers)
        if verdict == "ok":
            return
        if verdict == "contradicts":
            contradicted.append(routes[unit.key])
    contradicted += [routes[u.key] for u in target_units
                     if u not in source_units and _target_contradicts(routes[u.key], senders, receivers)]
    if not contradicted:
        if not source_units and not target_units:
            return  # neither end stands for text: the text says nothing about this message
        if any(_in_contact(known, a, b) for a in senders for b in receivers):
            return
    shown_s, shown_r = "/".join(sorted(senders)), "/".join(sorted(receivers))
    if contradicted:
        route = contradicted[0]
        message = (f"message {flow.id} goes {shown_s} → {shown_r}; the text routes {route.unit.label} "
                   f"{route.describe()}")
        expected = route.describe()
    else:
        partners = sorted({b for pair in known for a in senders for b in pair if a in pair and b != a})
        message = (f"message {flow.id} goes {shown_s} → {shown_r}, actors the text does not put in contact")
        expected = f"{shown_s} in contact with: {', '.join(partners) or 'nobody'}"
    spec = CODES["RC801"]
    cited = source_units or target_units
    yield Finding(code="RC801", message=message, source=ctx.model.source, line=flow.line, element_id=flow.id,
                  severity=spec.severity, clause=cited[0].label if cited else None, expected=expected,
                  found=f"{flow.source} ({shown_s}) → {flow.target} ({shown_r})", hint=spec.hint)


def _in_contact(known: set[frozenset[str]], a: str, b: str) -> bool:
    return any(len(pair) == 2 and any(same_actor(x, a) and same_actor(y, b) for x, y in (tuple(pair), tuple(pair)[::-1]))
               for pair in known)


_CATCHING = frozenset({"startEvent", "intermediateCatchEvent", "boundaryEvent"})


def _waiting(ctx: Context) -> Iterator[Finding]:
    """RC802: an element that waits for a message no message flow brings (its pool never goes on)."""
    model = ctx.model
    if not model.message_flows:
        return
    targets = {f.target for f in model.message_flows.values()}
    for node in model.nodes.values():
        waits = node.kind == "receiveTask" or (node.kind in _CATCHING
                                                and "messageEventDefinition" in node.event_definitions)
        cited = ctx.units_of(node.id) or ctx.clause_citations.get(node.id)
        if not waits or node.id in targets or not cited:
            continue
        pool = model.participant_of(node.id)
        if pool is not None and pool.id in targets:
            continue
        units = ctx.units_of(node.id)
        what = units[0].label if units else ctx.clause_citations[node.id][0].ref
        yield ctx.at_node("RC802", f"{node.id} waits for a message that no message flow brings; its "
                          f"participant never goes on with {what}", node, units[0] if units else None,
                          clause=None if units else what, expected=f"a message flow to {node.id}", found="none",
                          hint=f"add the message flow from the sender to {node.id}")


_THROWING = frozenset({"endEvent", "intermediateThrowEvent"})


def _receives(node: FlowNode) -> bool:
    """Whether a message arriving at ``node`` is taken: not by a send task or a throw event."""
    return node.kind != "sendTask" and node.kind not in _THROWING


def _sends(node: FlowNode) -> bool:
    """Whether ``node`` can send a message: not a receive task or a catch event."""
    return node.kind != "receiveTask" and node.kind not in _CATCHING


def _throws_message(node: FlowNode) -> bool:
    return node.kind == "sendTask" or (node.kind in _THROWING and "messageEventDefinition" in node.event_definitions)


def _misdelivered(ctx: Context) -> Iterator[Finding]:
    """RC802: a message flow that no element sends or none takes, or a message sent that no flow carries.

    The engine delivers a message by its name, so a flow drawn into the applicant's send task, out
    of a task that only receives, or carrying another message than its ends send and wait for, says
    the message goes somewhere it does not: the text's addressee does not get it. An element that
    throws a message no flow carries hands its result to nobody.
    """
    model = ctx.model
    if not model.message_flows:
        return
    for flow in model.message_flows.values():
        source, target = model.nodes.get(flow.source or ""), model.nodes.get(flow.target or "")
        cited = [n for n in (source, target) if n is not None and (ctx.units_of(n.id) or ctx.clause_citations.get(n.id))]
        if not cited:
            continue
        problem: str | None
        if target is not None and not _receives(target):
            problem = f"arrives at {target.id}, a {target.kind} that sends and never receives"
        elif source is not None and not _sends(source):
            problem = f"leaves {source.id}, a {source.kind} that only receives"
        else:
            problem = _message_mismatch(flow, source, target)
        if problem:
            yield _lost(ctx, flow, cited[0], f"message {flow.id} {problem}: the message is lost",
                        "a message flow from the element that sends it to the element that waits for it")
    sources = {f.source for f in model.message_flows.values()}
    for node in model.nodes.values():
        if _throws_message(node) and node.id not in sources and (ctx.units_of(node.id) or ctx.clause_citations.get(node.id)):
            yield _lost(ctx, None, node, f"{node.id} sends a message that no message flow carries: its "
                        "addressee never gets it", f"a message flow from {node.id} to the addressee")


def _message_mismatch(flow: MessageFlow, source: FlowNode | None, target: FlowNode | None) -> str | None:
    """How a flow's message differs from the one its sender sends or its receiver waits for, if it does."""
    if flow.message_ref is None:
        return None
    for node, role in ((source, "sends"), (target, "waits for")):
        if node is not None and node.message_refs and flow.message_ref not in node.message_refs:
            return f"carries {flow.message_ref}, but {node.id} {role} {', '.join(node.message_refs)}"
    return None


def _lost(ctx: Context, flow: MessageFlow | None, node: FlowNode, message: str, expected: str) -> Finding:
    units = ctx.units_of(node.id)
    citations = ctx.clause_citations.get(node.id)
    where = units[0].label if units else (citations[0].ref if citations else None)
    spec = CODES["RC802"]
    return Finding(code="RC802", message=message, source=ctx.model.source,
                   line=flow.line if flow is not None else node.line,
                   element_id=flow.id if flow is not None else node.id, severity=spec.severity, clause=where,
                   expected=expected, found=(f"{flow.source} → {flow.target}" if flow is not None else "none"),
                   hint="draw the message flow from the sending element to the one that waits for the message")


def _undelivered(ctx: Context) -> Iterator[Finding]:
    """RC802: a sending unit whose addressee no element of the unit (or the next) reaches."""
    nexts = successors(ctx.model)
    for unit in ctx.units:
        elements = ctx.elements_of(unit)
        if not elements or not sends(unit):
            continue
        present = {ctx.actor_of(n) for n in ctx.model.nodes.values()}
        wanted = [a for a in addressees(unit) if any(same_actor(a, p) for p in present)]
        if not wanted:  # an addressee the model does not have at all is a choice of scope, not a lost message
            continue
        allowed = {unit.key, (unit.clause.ref, unit.number + 1)}
        for addressee in wanted:
            starts = [n.id for n in elements if not same_actor(addressee, ctx.actor_of(n))]
            reached = _reachable(ctx, starts, nexts, allowed) - set(starts)
            if not starts or any(same_actor(addressee, ctx.actor_of(ctx.model.nodes[n])) for n in reached):
                continue
            yield ctx.at_text("RC802", f"{unit.label} sends to {addressee}, but nothing of it reaches "
                              f"{addressee}'s lane/pool", unit, expected=f"a flow or message from {unit.short} "
                              f"to {addressee}", found=", ".join(n.id for n in elements),
                              hint=f"add the message (or flow) that brings {unit.short} to {addressee}")


def _reachable(ctx: Context, starts: list[str], nexts: dict[str, list[str]],
               allowed: set[tuple[str, int]]) -> set[str]:
    """Nodes reached from ``starts`` through nodes of the ``allowed`` units or of none."""
    seen = set(starts)
    queue = deque(starts)
    while queue:
        current = queue.popleft()
        for nxt in nexts.get(current, ()):
            if nxt in seen or nxt not in ctx.model.nodes:
                continue
            seen.add(nxt)
            keys = {u.key for u in ctx.units_of(nxt)}
            if not keys or keys & allowed:
                queue.append(nxt)
    return seen
