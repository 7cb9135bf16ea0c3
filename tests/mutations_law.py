"""Mutation operators for fidelity to the law (issue 10), and meaning-preserving edits. PYTEST_DONT_REWRITE

Like :mod:`mutations`, each operator returns every mutant of its kind it can
make from a model's bytes, with the code the checker must report. Targets are
chosen by rules independent of the checker's own reasoning where possible
(the text's outcome items, the pools and lanes a message may be moved to, the
actors a unit never names), so the campaign tests the checker rather than
restating it.

:data:`EDITS` are the opposite: rewrites that keep the model's meaning (ids
renamed consistently, XML elements reordered, the diagram moved, labels'
whitespace changed, conditions written another equivalent way). The checker
must find nothing new in any of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree
from mutations import (
    BPMN,
    NS,
    REG,
    Mutant,
    _by_id,
    _bytes,
    _context,
    _refresh_refs,
    _remove_nodes,
    _tree,
)

from toolkit.conformance.actors import addressees, channels, performers
from toolkit.model import load_model_bytes
from toolkit.text import Act
from toolkit.text.actors import find_mentions

DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CONDITIONAL = ("exclusiveGateway", "inclusiveGateway")


def _condition_gateways(data: bytes, act: Act) -> Iterator[tuple[object, str]]:
    ctx = _context(data, act)
    for node in ctx.model.nodes.values():
        if node.kind in CONDITIONAL and any(u.is_condition for u in ctx.units_of(node.id)):
            yield ctx, node.id


def swap_outcomes(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each condition gateway's first two branches with different targets, targets swapped."""
    for ctx, gateway in _condition_gateways(data, act):
        flows = list(ctx.outgoing(gateway))
        if len(flows) < 2 or flows[0].target == flows[1].target:
            continue
        first, second = flows[0], flows[1]
        root = _tree(data)
        _by_id(root, first.id).set("targetRef", second.target)
        _by_id(root, second.id).set("targetRef", first.target)
        _refresh_refs(root)
        expected = "RC604" if (first.condition or second.condition) else "RC605"
        yield Mutant("swap-outcomes", f"{gateway}: {first.id} <-> {second.id}", expected, _bytes(root))


def negate_condition(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each conditioned branch of a condition gateway, its expression negated."""
    for ctx, gateway in _condition_gateways(data, act):
        for flow in ctx.outgoing(gateway):
            if not flow.condition:
                continue
            root = _tree(data)
            expression = _by_id(root, flow.id).find(f"{{{BPMN}}}conditionExpression")
            expression.text = f"not ({expression.text.strip()})"
            yield Mutant("negate-condition", flow.id, "RC604", _bytes(root))


def swap_labels(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each condition gateway's two labelled branches, their labels swapped."""
    for ctx, gateway in _condition_gateways(data, act):
        named = [f for f in ctx.outgoing(gateway) if f.name]
        if len(named) < 2 or named[0].name == named[1].name:
            continue
        root = _tree(data)
        _by_id(root, named[0].id).set("name", named[1].name)
        _by_id(root, named[1].id).set("name", named[0].name)
        yield Mutant("swap-labels", f"{named[0].id} <-> {named[1].id}", "RC605", _bytes(root))


def partial_data(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each conditioned branch reading two or more data keys, made to read only the first
    (condition 1 decided on ЖТ МДҚ's answer alone, БНАЖ's ignored)."""
    from toolkit.conformance.polarity import names_in
    for ctx, gateway in _condition_gateways(data, act):
        for flow in ctx.outgoing(gateway):
            keys = sorted(names_in(flow.condition or ""))
            if len(keys) < 2:
                continue
            first = next(w for w in re.findall(r"[A-Za-z_]\w*", flow.condition or "") if w in keys)
            root = _tree(data)
            _by_id(root, flow.id).find(f"{{{BPMN}}}conditionExpression").text = first
            yield Mutant("partial-data", f"{flow.id} reads only {first}", "RC606", _bytes(root))


def constant_condition(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each conditioned branch of a condition gateway, and each alternative limit, made constant."""
    for ctx, gateway in _condition_gateways(data, act):
        for flow in ctx.outgoing(gateway):
            if flow.condition:
                root = _tree(data)
                _by_id(root, flow.id).find(f"{{{BPMN}}}conditionExpression").text = "True"
                yield Mutant("constant-condition", flow.id, "RC606", _bytes(root))
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        for index in range(len(node.alternatives)):
            root = _tree(data)
            limit = [t for t in _by_id(root, node.id).iter(f"{{{REG}}}timeLimit") if t.get("when")][index]
            limit.set("when", "True")
            yield Mutant("constant-condition", f"{node.id} alternative {index + 1}", "RC407", _bytes(root))


def swap_message_outcomes(data: bytes, act: Act) -> Iterator[Mutant]:
    """Two message flows into one pool whose senders name opposite outcomes, targets swapped:
    the "data available" message wakes the "data unavailable" branch of the waiting pool."""
    from toolkit.conformance.polarity import classify
    model = load_model_bytes(data, "<mutant>")
    flows = [f for f in model.message_flows.values() if f.source in model.nodes and f.target in model.nodes]
    seen: set[frozenset[str]] = set()
    for first in flows:
        for second in flows:
            a, b = model.nodes[first.source], model.nodes[second.source]
            ta, tb = model.nodes[first.target], model.nodes[second.target]
            pa, pb = classify(a.name), classify(b.name)
            if first.id >= second.id or ta.process_id != tb.process_id or ta.id == tb.id:
                continue
            if None in (pa, pb, classify(ta.name), classify(tb.name)) or pa == pb:
                continue
            key = frozenset({first.id, second.id})
            if key in seen:
                continue
            seen.add(key)
            root = _tree(data)
            _by_id(root, first.id).set("targetRef", tb.id)
            _by_id(root, second.id).set("targetRef", ta.id)
            yield Mutant("swap-message-outcomes", f"{first.id} <-> {second.id}", "RC604", _bytes(root))


def foreign_data(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each conditioned branch made to read only a guard entered in another unit (a plain input)."""
    ctx = _context(data, act)
    for _, gateway in _condition_gateways(data, act):
        units = {u.key for u in ctx.units_of(gateway)}
        guard = next((i.name for n in ctx.model.nodes.values() for i in n.inputs if i.type == "bool"
                      and not units & {u.key for u in ctx.units_of(n.id)}
                      and not any(u.is_condition for u in ctx.units_of(n.id))), None)
        if guard is None:
            continue
        for flow in ctx.outgoing(gateway):
            if not flow.condition:
                continue
            root = _tree(data)
            _by_id(root, flow.id).find(f"{{{BPMN}}}conditionExpression").text = guard
            yield Mutant("foreign-data", f"{flow.id} reads {guard}", "RC606", _bytes(root))


def reword_fact(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each reg:fact's phrase replaced by a word the text does not have."""
    for index, fact in enumerate(_tree(data).iter(f"{{{REG}}}fact")):
        root = _tree(data)
        target = list(root.iter(f"{{{REG}}}fact"))[index]
        attr = "true" if target.get("true") is not None else "false"
        target.set(attr, "өзгертілді")
        yield Mutant("reword-fact", f"{fact.get('key')} {attr}=", "RC607", _bytes(root))


def invert_when(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each alternative limit's when= negated (the 20-working-day case inverted)."""
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        for index in range(len(node.alternatives)):
            root = _tree(data)
            limit = [t for t in _by_id(root, node.id).iter(f"{{{REG}}}timeLimit") if t.get("when")][index]
            limit.set("when", f"not ({limit.get('when')})")
            yield Mutant("invert-when", f"{node.id} alternative {index + 1}", "RC407", _bytes(root))


def _named_non_doers(unit) -> set[str]:
    text = unit.item.description if unit.item is not None else unit.text
    return {m.key for m in find_mentions(text) if m.key} - set(performers(unit))


def move_to_named(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each work task whose unit names a doer, moved to the lane/pool of an actor the unit names
    only as a possessor, addressee or source — the genitive owner of data is no doer."""
    ctx = _context(data, act)
    model = ctx.model
    for node in model.nodes.values():
        units = ctx.units_of(node.id)
        if not units or not node.is_task or node.kind in ("sendTask", "receiveTask"):
            continue
        if any(not performers(u) for u in units):
            continue
        candidates = set.intersection(*[_named_non_doers(u) - set(channels(u)) for u in units])
        lane = next((la for la in model.lanes.values() if la.process_id == node.process_id
                     and la.actor in candidates and not la.child_lane_ids), None)
        pool = next((p for p in model.participants.values() if p.actor in candidates
                     and p.process_ref in model.processes and not model.processes[p.process_ref].lane_ids), None)
        root = _tree(data)
        element = _by_id(root, node.id)
        for ref in root.xpath("//bpmn:flowNodeRef", namespaces=NS):
            if (ref.text or "").strip() == node.id:
                ref.getparent().remove(ref)
        if lane is not None:
            etree.SubElement(_by_id(root, lane.id), f"{{{BPMN}}}flowNodeRef").text = node.id
            target = lane.id
        elif pool is not None and pool.process_ref != node.process_id:
            element.getparent().remove(element)
            _by_id(root, pool.process_ref).append(element)
            target = pool.id
        else:
            continue
        yield Mutant("move-to-named", f"{node.id} -> {target}", "RC301", _bytes(root))


def delete_part(data: bytes, act: Act) -> Iterator[Mutant]:
    """For each unit with several tasks, each task that is its doer's only one, deleted (flows bridged)."""
    ctx = _context(data, act)
    for unit in ctx.units:
        tasks = [n for n in ctx.elements_of(unit) if n.is_task]
        if len(tasks) < 2:
            continue
        for doer in performers(unit):
            own = [n for n in tasks if ctx.actor_of(n) == doer]
            if len(own) != 1:
                continue
            root = _tree(data)
            _remove_nodes(root, {own[0].id})
            yield Mutant("delete-part", f"{unit.label}: {own[0].id}", "RC101", _bytes(root))


def move_to_codoer(data: bytes, act: Act) -> Iterator[Mutant]:
    """For each unit with several doers, one doer's only task moved to another doer's lane/pool:
    the work looks done, by the wrong one of the two (БНАЖ's check done by ЖТ МДҚ)."""
    ctx = _context(data, act)
    model = ctx.model
    for unit in ctx.units:
        doers = performers(unit)
        if len(doers) < 2:
            continue
        tasks = [n for n in ctx.elements_of(unit) if n.is_task and n.kind not in ("sendTask", "receiveTask")]
        for doer in doers:
            own = [n for n in tasks if ctx.actor_of(n) == doer]
            other = next((d for d in doers if d != doer), None)
            if len(own) != 1 or other is None:
                continue
            node = own[0]
            root = _tree(data)
            element = _by_id(root, node.id)
            lane = next((la for la in model.lanes.values() if la.actor == other and la.process_id == node.process_id), None)
            pool = next((p for p in model.participants.values() if p.actor == other and p.process_ref in model.processes
                         and not model.processes[p.process_ref].lane_ids), None)
            for ref in root.xpath("//bpmn:flowNodeRef", namespaces=NS):
                if (ref.text or "").strip() == node.id:
                    ref.getparent().remove(ref)
            if lane is not None:
                etree.SubElement(_by_id(root, lane.id), f"{{{BPMN}}}flowNodeRef").text = node.id
            elif pool is not None:
                # the task joins the other doer's process in place of that doer's own check
                element.getparent().remove(element)
                _remove_nodes(root, set())
                _by_id(root, pool.process_ref).append(element)
            else:
                continue
            yield Mutant("move-to-codoer", f"{node.id} -> {other}", "RC101", _bytes(root))


def delete_channel(data: bytes, act: Act) -> Iterator[Mutant]:
    """For each unit done "X арқылы", X's active tasks of it deleted."""
    ctx = _context(data, act)
    for unit in ctx.units:
        for channel in channels(unit):
            if channel in performers(unit):
                continue
            own = {n.id for n in ctx.elements_of(unit) if n.is_task and n.kind != "receiveTask"
                   and ctx.actor_of(n) == channel}
            if not own or all(n.id in own for n in ctx.elements_of(unit) if n.is_task):
                continue  # the unit's only tasks: that is delete-step
            root = _tree(data)
            _remove_nodes(root, own)
            yield Mutant("delete-channel", f"{unit.label}: {', '.join(sorted(own))}", "RC105", _bytes(root))


def delete_delivery(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each send task whose message starts another pool, deleted where its units keep other
    tasks: that pool never starts (RC802; the unit's work itself is still there)."""
    ctx = _context(data, act)
    model = ctx.model
    for flow in model.message_flows.values():
        source, target = model.nodes.get(flow.source or ""), model.nodes.get(flow.target or "")
        if source is None or target is None or source.kind != "sendTask" or target.kind != "startEvent":
            continue
        units = ctx.units_of(source.id)
        if not units or any(all(n.id == source.id for n in ctx.elements_of(u) if n.is_task) for u in units):
            continue
        root = _tree(data)
        _remove_nodes(root, {source.id})
        yield Mutant("delete-delivery", source.id, "RC802", _bytes(root))


def retarget_message(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each message flow sent instead to a catching element of a third pool whose actor none of
    the units the sender or the original receiver cites names."""
    ctx = _context(data, act)
    model = ctx.model
    catching = ("startEvent", "intermediateCatchEvent", "receiveTask")
    for flow in model.message_flows.values():
        source, target = model.nodes.get(flow.source or ""), model.nodes.get(flow.target or "")
        if source is None or target is None:
            continue
        units = ctx.units_of(source.id) + ctx.units_of(target.id)
        if not units:
            continue
        fed_otherwise = any(f.target == target.id and f.id != flow.id for f in model.message_flows.values())
        unrouted = not any(channels(u) or addressees(u) for u in ctx.units_of(source.id))
        if fed_otherwise and unrouted:
            continue  # the text does not say where this message goes (docs/conformance.md)
        named = set().union(*[{m.key for m in find_mentions(u.item.description if u.item else u.text)}
                              for u in units])
        for node in sorted(model.nodes.values(), key=lambda n: n.id):
            if node.kind not in catching or node.process_id in (source.process_id, target.process_id):
                continue
            pool = model.participant_of_process(node.process_id)
            if pool is None or model.processes[node.process_id].lane_ids or pool.actor in named:
                continue
            if not ctx.units_of(node.id):
                continue
            root = _tree(data)
            _by_id(root, flow.id).set("targetRef", node.id)
            # the message goes astray (RC801) or leaves its receiver waiting for ever (RC802)
            yield Mutant("retarget-message", f"{flow.id} -> {node.id}", "RC801|RC802", _bytes(root))
            break


def swap_exchange(data: bytes, act: Act) -> Iterator[Mutant]:
    """In each pool without lanes whose tasks are all send/receive tasks, the first two swapped."""
    ctx = _context(data, act)
    model = ctx.model
    for process in model.processes.values():
        tasks = [model.nodes[n] for n in process.node_ids if n in model.nodes and model.nodes[n].is_task]
        if len(tasks) < 2 or any(t.kind not in ("sendTask", "receiveTask") for t in tasks):
            continue
        a, b = tasks[0], tasks[1]
        if not ctx.units_of(a.id) or not ctx.units_of(b.id):
            continue
        ins = [f for f in model.sequence_flows.values() if f.target == a.id]
        mid = [f for f in model.sequence_flows.values() if f.source == a.id and f.target == b.id]
        outs = [f for f in model.sequence_flows.values() if f.source == b.id]
        if len(ins) != 1 or len(mid) != 1 or len(outs) != 1:
            continue
        root = _tree(data)
        _by_id(root, ins[0].id).set("targetRef", b.id)
        _by_id(root, mid[0].id).set("sourceRef", b.id)
        _by_id(root, mid[0].id).set("targetRef", a.id)
        _by_id(root, outs[0].id).set("sourceRef", a.id)
        _refresh_refs(root)
        yield Mutant("swap-exchange", f"{a.id} <-> {b.id}", "RC201", _bytes(root))


def limit_twice(data: bytes, act: Act) -> Iterator[Mutant]:
    """Each limited element's limit copied onto another element of its unit on the same path."""
    ctx = _context(data, act)
    for unit in ctx.units:
        elements = ctx.elements_of(unit)
        limited = [n for n in elements if n.usual_limit is not None]
        others = [n for n in elements if n.is_task and not n.time_limits]
        if len(limited) != 1 or not others:
            continue
        home = limited[0]
        other = next((o for o in others if any({home.id, o.id} <= set(p.node_ids) for p in ctx.paths)), None)
        if other is None:
            continue
        root = _tree(data)
        element = _by_id(root, other.id)
        source = next(t for t in _by_id(root, home.id).iter(f"{{{REG}}}timeLimit") if not t.get("when"))
        for no in element.iter(f"{{{REG}}}noTimeLimit"):
            no.getparent().remove(no)
        extensions = element.find(f"{{{BPMN}}}extensionElements")
        extensions.append(etree.fromstring(etree.tostring(source)))
        yield Mutant("limit-twice", f"{unit.label}: {other.id}", "RC406", _bytes(root))


def break_reference(data: bytes, act: Act) -> Iterator[Mutant]:
    """The first sequence flow's target, the first message flow's target and each default, dangling."""
    model = load_model_bytes(data, "<mutant>")
    flow = next(iter(model.sequence_flows.values()), None)
    if flow is not None:
        root = _tree(data)
        _by_id(root, flow.id).set("targetRef", "no_such_node")
        yield Mutant("break-reference", f"{flow.id} targetRef", "RC004", _bytes(root))
    message = next(iter(model.message_flows.values()), None)
    if message is not None:
        root = _tree(data)
        _by_id(root, message.id).set("sourceRef", "no_such_node")
        yield Mutant("break-reference", f"{message.id} sourceRef", "RC004", _bytes(root))
    for node in model.nodes.values():
        if node.default_flow:
            root = _tree(data)
            _by_id(root, node.id).set("default", "no_such_flow")
            yield Mutant("break-reference", f"{node.id} default", "RC004", _bytes(root))


OPERATORS: dict[str, Callable[[bytes, Act], Iterator[Mutant]]] = {
    "swap-outcomes": swap_outcomes,
    "negate-condition": negate_condition,
    "swap-labels": swap_labels,
    "swap-message-outcomes": swap_message_outcomes,
    "foreign-data": foreign_data,
    "partial-data": partial_data,
    "constant-condition": constant_condition,
    "reword-fact": reword_fact,
    "invert-when": invert_when,
    "move-to-named": move_to_named,
    "delete-part": delete_part,
    "move-to-codoer": move_to_codoer,
    "delete-channel": delete_channel,
    "delete-delivery": delete_delivery,
    "retarget-message": retarget_message,
    "swap-exchange": swap_exchange,
    "limit-twice": limit_twice,
    "break-reference": break_reference,
}


# -- meaning-preserving edits ------------------------------------------------------

def rename_ids(data: bytes) -> bytes:
    """Every id renamed (``x`` → ``n_x``) and every reference to it with it."""
    root = _tree(data)
    ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    ref_attrs = ("sourceRef", "targetRef", "default", "processRef", "attachedToRef", "messageRef", "bpmnElement")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.get("id"):
            element.set("id", "n_" + element.get("id"))
        for attr in ref_attrs:
            if element.get(attr) in ids:
                element.set(attr, "n_" + element.get(attr))
        if element.tag in (f"{{{BPMN}}}incoming", f"{{{BPMN}}}outgoing", f"{{{BPMN}}}flowNodeRef") \
                and (element.text or "").strip() in ids:
            element.text = "n_" + element.text.strip()
    return _bytes(root)


def reorder_elements(data: bytes) -> bytes:
    """The children of every process and collaboration in reverse document order."""
    root = _tree(data)
    for holder in root.xpath("//bpmn:process | //bpmn:collaboration", namespaces=NS):
        children = list(holder)
        keep = [c for c in children if isinstance(c.tag, str) and c.tag.endswith("extensionElements")]
        rest = [c for c in children if c not in keep]
        for child in children:
            holder.remove(child)
        for child in keep + list(reversed(rest)):
            holder.append(child)
    return _bytes(root)


def move_diagram(data: bytes) -> bytes:
    """Every shape and waypoint moved 137 right and 41 down."""
    root = _tree(data)
    for bounds in root.iter(f"{{{DC}}}Bounds"):
        bounds.set("x", str(float(bounds.get("x")) + 137))
        bounds.set("y", str(float(bounds.get("y")) + 41))
    for point in root.iter(f"{{{DI}}}waypoint"):
        point.set("x", str(float(point.get("x")) + 137))
        point.set("y", str(float(point.get("y")) + 41))
    return _bytes(root)


def relabel_whitespace(data: bytes) -> bytes:
    """Every name with doubled spaces, a line break and padding."""
    root = _tree(data)
    for element in root.iter():
        if isinstance(element.tag, str) and element.get("name") and " " in element.get("name"):
            element.set("name", "  " + element.get("name").replace(" ", "  ", 1).replace(" ", "\n ", 1) + " ")
    return _bytes(root)


_NOT_NAME = re.compile(r"^not\s+([A-Za-z_]\w*)$")
_NAME = re.compile(r"^[A-Za-z_]\w*$")


def equivalent_expressions(data: bytes) -> bytes:
    """``a`` → ``a == True``, ``not a`` → ``a == False``, ``a and (b or c)`` → ``(c or b) and a``."""
    root = _tree(data)
    for expression in root.iter(f"{{{BPMN}}}conditionExpression"):
        expression.text = _equivalent(expression.text or "")
    for limit in root.iter(f"{{{REG}}}timeLimit"):
        if limit.get("when"):
            limit.set("when", _equivalent(limit.get("when")))
    return _bytes(root)


def _equivalent(text: str) -> str:
    text = text.strip()
    if _NAME.match(text):
        return f"{text} == True"
    match = _NOT_NAME.match(text)
    if match:
        return f"{match.group(1)} == False"
    match = re.match(r"^(\w+) and \((\w+) or (not \w+)\)$", text)
    if match:
        return f"({match.group(3)} or {match.group(2)}) and {match.group(1)}"
    return f"not (not ({text}))"


EDITS: dict[str, Callable[[bytes], bytes]] = {
    "rename-ids": rename_ids,
    "reorder-elements": reorder_elements,
    "move-diagram": move_diagram,
    "relabel-whitespace": relabel_whitespace,
    "equivalent-expressions": equivalent_expressions,
}
