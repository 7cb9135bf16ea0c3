"""Mutation operators for the conformance checker, and the score they earn. PYTEST_DONT_REWRITE

Each operator takes a model's bytes and the act, and returns every mutant of its
kind it can make — one per target (each step deleted, each adjacent pair of steps
swapped, each work task moved, each limit changed …) — with the finding code the
checker must report. Mutants are built with lxml on a fresh parse of the bytes,
never on the loaded model, so the checker sees them exactly as it would see a file.

Targets are chosen so that the mutant really contradicts the text (no
"equivalent mutants"): a task is moved only where the text names the doer of
what it does, a step is swapped only with a step each modelled by one anchor
task, a process number only renumbered where the element gives the item number.

The module is also a pytest plugin (``pytest_plugins = ("mutations",)`` in
``test_conformance_mutations.py``): the tests :func:`record` each mutant's
outcome and the terminal summary prints the mutation score per model and kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from toolkit.conformance.actors import allowed_actors, allows
from toolkit.conformance.matching import Context, is_work, match_regulation
from toolkit.model import load_model_bytes
from toolkit.model.elements import FLOW_NODE_KINDS, Model
from toolkit.text import Act

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
REG = "https://reglament.kz/schema/bpmn/1.0"
NS = {"bpmn": BPMN, "reg": REG, "bpmndi": BPMNDI}
#: A word that is in no act of the genre, for rewording.
FOREIGN_WORD = "өзгертілді"
_FLOW_NODE_TAGS = {f"{{{BPMN}}}{kind}" for kind in FLOW_NODE_KINDS}
_UNIT_CYCLE = {"minute": "hour", "hour": "minute", "working_day": "calendar_day", "calendar_day": "working_day"}


@dataclass(frozen=True)
class Mutant:
    kind: str
    target: str
    expected: str
    data: bytes


def _tree(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _by_id(root: etree._Element, element_id: str) -> etree._Element:
    found = root.xpath("//*[@id=$id]", id=element_id)
    if not found:
        raise KeyError(element_id)
    return found[0]


def _context(data: bytes, act: Act) -> Context:
    model = load_model_bytes(data, "<mutant>")
    scope = match_regulation(model, act)
    assert scope.regulation is not None, "the unmutated model must match a regulation"
    return Context(model, act, scope.regulation)


def _flows(root: etree._Element) -> list[etree._Element]:
    return root.xpath("//bpmn:sequenceFlow", namespaces=NS)


def _set_refs(root: etree._Element, node_id: str, tag: str, flow_ids: list[str]) -> None:
    """Rewrite a node's <bpmn:incoming>/<bpmn:outgoing> children."""
    node = _by_id(root, node_id)
    for child in node.findall(f"{{{BPMN}}}{tag}"):
        node.remove(child)
    for flow_id in flow_ids:
        ref = etree.SubElement(node, f"{{{BPMN}}}{tag}")
        ref.text = flow_id


def _refresh_refs(root: etree._Element) -> None:
    """Make every node's incoming/outgoing lists agree with the sequence flows."""
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in _flows(root):
        outgoing.setdefault(flow.get("sourceRef"), []).append(flow.get("id"))
        incoming.setdefault(flow.get("targetRef"), []).append(flow.get("id"))
    holders = {n.get("id") for n in root.xpath("//bpmn:*[bpmn:incoming or bpmn:outgoing]", namespaces=NS)}
    for node_id in sorted(holders | set(incoming) | set(outgoing)):
        found = root.xpath("//*[@id=$id]", id=node_id)
        if found:
            _set_refs(root, node_id, "incoming", incoming.get(node_id, []))
            _set_refs(root, node_id, "outgoing", outgoing.get(node_id, []))


def _remove_di(root: etree._Element, element_ids: set[str]) -> None:
    for di in root.xpath("//bpmndi:BPMNShape | //bpmndi:BPMNEdge", namespaces=NS):
        if di.get("bpmnElement") in element_ids:
            di.getparent().remove(di)


def _remove_nodes(root: etree._Element, node_ids: set[str]) -> None:
    """Delete nodes, bridging each deleted node's predecessors to its successors."""
    flows = _flows(root)
    bridges = _bridges(flows, node_ids)
    removed = set(node_ids) | _remove_links(root, flows, node_ids)
    _remove_elements(root, node_ids | _boundaries_on(root, node_ids))
    _add_bridges(root, bridges)
    _remove_di(root, removed)
    _refresh_refs(root)


def _bridges(flows: list[etree._Element], node_ids: set[str]) -> set[tuple[str, str]]:
    """(predecessor, successor) pairs outside ``node_ids`` that a path through them joined."""
    preds: dict[str, list[str]] = {}
    succs: dict[str, list[str]] = {}
    for flow in flows:
        succs.setdefault(flow.get("sourceRef"), []).append(flow.get("targetRef"))
        preds.setdefault(flow.get("targetRef"), []).append(flow.get("sourceRef"))
    return {(p, s) for node_id in node_ids
            for p in _outside(node_id, preds, node_ids) for s in _outside(node_id, succs, node_ids)}


def _outside(start: str, table: dict[str, list[str]], node_ids: set[str]) -> set[str]:
    """The first nodes outside ``node_ids`` reached from ``start`` through ``table``."""
    seen, stack, out = {start}, [start], set()
    while stack:
        for nxt in table.get(stack.pop(), []):
            if nxt in node_ids and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
            elif nxt not in node_ids:
                out.add(nxt)
    return out


def _remove_links(root: etree._Element, flows: list[etree._Element], node_ids: set[str]) -> set[str]:
    """Delete the sequence and message flows that touch ``node_ids``; return their ids."""
    removed: set[str] = set()
    for link in [*flows, *root.xpath("//bpmn:messageFlow", namespaces=NS)]:
        if link.get("sourceRef") in node_ids or link.get("targetRef") in node_ids:
            removed.add(link.get("id"))
            link.getparent().remove(link)
    return removed


def _boundaries_on(root: etree._Element, node_ids: set[str]) -> set[str]:
    return {b.get("id") for b in root.xpath("//bpmn:boundaryEvent", namespaces=NS)
            if b.get("attachedToRef") in node_ids}


def _remove_elements(root: etree._Element, node_ids: set[str]) -> None:
    """Delete the nodes and the lanes' references to them."""
    for node_id in node_ids:
        node = _by_id(root, node_id)
        node.getparent().remove(node)
    for ref in root.xpath("//bpmn:flowNodeRef", namespaces=NS):
        if (ref.text or "").strip() in node_ids:
            ref.getparent().remove(ref)


def _add_bridges(root: etree._Element, bridges: set[tuple[str, str]]) -> None:
    for n, (p, s) in enumerate(sorted(bridges)):
        source = _by_id(root, p)
        flow = etree.SubElement(source.getparent(), f"{{{BPMN}}}sequenceFlow")
        flow.set("id", f"mutant_bridge_{n}")
        flow.set("sourceRef", p)
        flow.set("targetRef", s)


# -- operators -----------------------------------------------------------------

def delete_step(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every unit the model has, deleted with all its elements (flows bridged)."""
    ctx = _context(data, act)
    for unit in ctx.units:
        nodes = {n.id for n in ctx.elements_of(unit)}
        if not nodes:
            continue
        root = _tree(data)
        _remove_nodes(root, nodes)
        yield Mutant("delete-step", unit.label, "RC101", _bytes(root))


def _sole_anchor(ctx: Context, node_id: str) -> bool:
    units = ctx.units_of(node_id)
    return bool(units) and all(ctx.anchors(u) == {node_id} for u in units)


def swap_steps(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every pair of tasks a → b in sequence, each the sole anchor of an earlier / later unit, swapped."""
    ctx = _context(data, act)
    model = ctx.model
    ins: dict[str, list] = {}
    outs: dict[str, list] = {}
    for flow in model.sequence_flows.values():
        outs.setdefault(flow.source, []).append(flow)
        ins.setdefault(flow.target, []).append(flow)
    for flow in model.sequence_flows.values():
        a, b = flow.source, flow.target
        if a not in model.nodes or b not in model.nodes:
            continue
        if not (model.nodes[a].is_task and model.nodes[b].is_task and _sole_anchor(ctx, a) and _sole_anchor(ctx, b)):
            continue
        ua = {(u.clause.ref, u.number) for u in ctx.units_of(a)}
        ub = {(u.clause.ref, u.number) for u in ctx.units_of(b)}
        if not any(ca == cb and na < nb for ca, na in ua for cb, nb in ub):
            continue
        if not (len(ins.get(a, [])) == 1 and len(outs.get(a, [])) == 1 and len(ins.get(b, [])) == 1
                and len(outs.get(b, [])) == 1):
            continue
        into_a, a_to_b, out_of_b = ins[a][0].id, flow.id, outs[b][0].id
        root = _tree(data)
        _by_id(root, into_a).set("targetRef", b)
        middle = _by_id(root, a_to_b)
        middle.set("sourceRef", b)
        middle.set("targetRef", a)
        _by_id(root, out_of_b).set("sourceRef", a)
        _refresh_refs(root)
        yield Mutant("swap-steps", f"{a} <-> {b}", "RC201", _bytes(root))


def move_lane(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every work task whose units name their doer, moved to a lane/pool of an actor they do not name."""
    ctx = _context(data, act)
    model = ctx.model
    for node in model.nodes.values():
        units = ctx.units_of(node.id)
        if not is_work(node) or not units:
            continue
        allowed = [allowed_actors(u) for u in units]
        if any(a is None for a in allowed):
            continue
        if not all(allows(a, model.actor_of(node.id)) for a in allowed if a is not None):
            continue

        def refused(key: str | None, allowed: list = allowed) -> bool:
            """An actor the text gives none of the node's units to."""
            return key is not None and not any(allows(a, key) for a in allowed if a is not None)

        lane = next((lane for lane in model.lanes.values()
                     if lane.process_id == node.process_id and not lane.child_lane_ids and refused(lane.actor)), None)
        root = _tree(data)
        element = _by_id(root, node.id)
        for ref in root.xpath("//bpmn:flowNodeRef", namespaces=NS):
            if (ref.text or "").strip() == node.id:
                ref.getparent().remove(ref)
        if lane is not None:
            new_ref = etree.SubElement(_by_id(root, lane.id), f"{{{BPMN}}}flowNodeRef")
            new_ref.text = node.id
            target = lane.id
        else:
            pool = next((p for p in model.participants.values()
                         if p.process_ref in model.processes and p.process_ref != node.process_id
                         and refused(p.actor) and not model.processes[p.process_ref].lane_ids), None)
            if pool is None:
                continue
            element.getparent().remove(element)
            _by_id(root, pool.process_ref).append(element)
            target = pool.id
        yield Mutant("move-lane", f"{node.id} -> {target}", "RC301", _bytes(root))


def _limits(root: etree._Element, node_id: str, alternative: bool) -> list[etree._Element]:
    node = _by_id(root, node_id)
    return [t for t in node.iterfind(f".//{{{REG}}}timeLimit") if (t.get("when") is not None) == alternative]


def limit_value(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every usual time limit, its value plus one."""
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        if node.usual_limit is None:
            continue
        root = _tree(data)
        for limit in _limits(root, node.id, alternative=False):
            limit.set("value", str(int(limit.get("value")) + 1))
        yield Mutant("limit-value", node.id, "RC401", _bytes(root))


def limit_unit(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every usual time limit, in another unit."""
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        if node.usual_limit is None:
            continue
        root = _tree(data)
        for limit in _limits(root, node.id, alternative=False):
            limit.set("unit", _UNIT_CYCLE[limit.get("unit")])
        yield Mutant("limit-unit", node.id, "RC402", _bytes(root))


def limit_alternative(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every alternative limit with another value, and another condition; where a limited
    node has none, an alternative the text does not give."""
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        if node.usual_limit is None:
            continue
        if node.alternatives:
            root = _tree(data)
            first = _limits(root, node.id, alternative=True)[0]
            first.set("value", str(int(first.get("value")) + 5))
            yield Mutant("limit-alternative", f"{node.id} (value)", "RC403", _bytes(root))
            root = _tree(data)
            first = _limits(root, node.id, alternative=True)[0]
            first.text = f"{FOREIGN_WORD} {first.text or ''}"
            yield Mutant("limit-alternative", f"{node.id} (condition)", "RC403", _bytes(root))
        else:
            root = _tree(data)
            usual = _limits(root, node.id, alternative=False)[0]
            extra = etree.Element(f"{{{REG}}}timeLimit", value=str(int(usual.get("value")) + 1),
                                  unit=usual.get("unit"), when="True")
            extra.text = FOREIGN_WORD
            usual.addnext(extra)
            yield Mutant("limit-alternative", f"{node.id} (added)", "RC403", _bytes(root))


def drop_outcome(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every outgoing flow of every gateway citing a condition, removed."""
    ctx = _context(data, act)
    model = ctx.model
    for node in model.nodes.values():
        if not node.is_gateway or not any(u.is_condition for u in ctx.units_of(node.id)):
            continue
        for flow in [f for f in model.sequence_flows.values() if f.source == node.id]:
            root = _tree(data)
            element = _by_id(root, flow.id)
            element.getparent().remove(element)
            gateway = _by_id(root, node.id)
            if gateway.get("default") == flow.id:
                del gateway.attrib["default"]
            _remove_di(root, {flow.id})
            _refresh_refs(root)
            yield Mutant("drop-outcome", f"{node.id} -/-> {flow.target}", "RC602", _bytes(root))


def renumber(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every element citing an item as a process or condition, renumbered (N → N+1)."""
    originals = list(_tree(data).iter(f"{{{REG}}}clause"))
    for index, clause in enumerate(originals):
        if clause.get("item") is None:
            continue
        owner = clause.getparent().getparent()
        if owner.tag not in _FLOW_NODE_TAGS:
            continue
        for attr in ("process", "condition"):
            if clause.get(attr) is None:
                continue
            root = _tree(data)
            target = list(root.iter(f"{{{REG}}}clause"))[index]
            target.set(attr, str(int(target.get(attr)) + 1))
            yield Mutant("renumber", f"{owner.get('id')} {attr} {clause.get(attr)}", "RC603", _bytes(root))


def reword_label(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every named element citing text, its last word replaced by a foreign one."""
    ctx = _context(data, act)
    for node in ctx.model.nodes.values():
        if not node.name or not (ctx.units_of(node.id) or ctx.clause_citations.get(node.id)):
            continue
        words = node.name.split()
        reworded = " ".join(words[:-1] + [FOREIGN_WORD])
        root = _tree(data)
        _by_id(root, node.id).set("name", reworded)
        yield Mutant("reword-label", node.id, "RC701", _bytes(root))


def drop_result(data: bytes, act: Act) -> Iterator[Mutant]:
    """Every reg:result, removed."""
    model = load_model_bytes(data, "<mutant>")
    for node in model.nodes.values():
        if node.result is None:
            continue
        root = _tree(data)
        for result in _by_id(root, node.id).iter(f"{{{REG}}}result"):
            result.getparent().remove(result)
        yield Mutant("drop-result", node.id, "RC501", _bytes(root))


#: kind → operator, in the order the issue lists them.
OPERATORS: dict[str, Callable[[bytes, Act], Iterator[Mutant]]] = {
    "delete-step": delete_step,
    "swap-steps": swap_steps,
    "move-lane": move_lane,
    "limit-value": limit_value,
    "limit-unit": limit_unit,
    "limit-alternative": limit_alternative,
    "drop-outcome": drop_outcome,
    "renumber": renumber,
    "reword-label": reword_label,
    "drop-result": drop_result,
}


def mutants(kind: str, data: bytes, act: Act) -> list[Mutant]:
    """All mutants of ``kind`` for the model ``data``."""
    return list(OPERATORS[kind](data, act))


def model_of(mutant: Mutant) -> Model:
    return load_model_bytes(mutant.data, f"<{mutant.kind}: {mutant.target}>")


# -- the score ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    model: str
    kind: str
    target: str
    expected: str
    caught: bool
    new_codes: tuple[str, ...]


OUTCOMES: list[Outcome] = []


def record(outcome: Outcome) -> None:
    OUTCOMES.append(outcome)


def table() -> list[str]:
    """The score as text lines: one row per mutation kind, one column per model."""
    if not OUTCOMES:
        return []
    models = list(dict.fromkeys(o.model for o in OUTCOMES))
    kinds = list(dict.fromkeys(o.kind for o in OUTCOMES))
    width = max(len(k) for k in kinds + ["kind"])
    columns = [max(len(m), 7) for m in models]
    lines = [f"{'kind':<{width}}  " + "  ".join(f"{m:>{c}}" for m, c in zip(models, columns))]
    for kind in kinds:
        cells = []
        for model, column in zip(models, columns):
            rows = [o for o in OUTCOMES if o.model == model and o.kind == kind]
            cell = "n/a" if not rows else f"{sum(o.caught for o in rows)}/{len(rows)}"
            cells.append(f"{cell:>{column}}")
        lines.append(f"{kind:<{width}}  " + "  ".join(cells))
    caught = sum(o.caught for o in OUTCOMES)
    lines.append(f"mutation score: {caught}/{len(OUTCOMES)} mutants caught with the expected code "
                 f"({100.0 * caught / len(OUTCOMES):.1f}%); n/a: the model's text has nothing of that kind")
    for o in OUTCOMES:
        if not o.caught:
            lines.append(f"  MISSED {o.model} {o.kind} {o.target}: expected {o.expected}, "
                         f"new codes {', '.join(o.new_codes) or 'none'}")
    return lines


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    lines = table()
    if not lines:
        return
    terminalreporter.section("conformance mutation score")
    for line in lines:
        terminalreporter.write_line(line)
