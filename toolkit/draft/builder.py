"""Plan → semantic BPMN 2.0 (lxml), with the ``reg:`` extension data the toolkit reads.

Only semantics: no BPMNDI (that is :mod:`toolkit.draft.di`). Element order
follows the BPMN XSD (extensionElements, incoming, outgoing, event
definitions; a process's lane set first, flows last) so the draft validates.
"""

from __future__ import annotations

from lxml import etree

from toolkit.draft.plan import Node, Plan, Pool
from toolkit.model.elements import ClauseRef
from toolkit.text import StatedTimeLimit

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
REG_NS = "https://reglament.kz/schema/bpmn/1.0"
NSMAP = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS, "xsi": XSI_NS, "reg": REG_NS}

_EVENTS_WITH_DEFINITION = ("startEvent", "endEvent", "intermediateThrowEvent", "intermediateCatchEvent")


def _b(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def _r(tag: str) -> str:
    return f"{{{REG_NS}}}{tag}"


def build(plan: Plan) -> etree._Element:
    """The ``bpmn:definitions`` element of the draft (semantics only)."""
    root = etree.Element(_b("definitions"), nsmap=NSMAP)
    root.set("id", f"{plan.id}_definitions")
    root.set("targetNamespace", f"https://reglament.kz/models/{plan.id.replace('_', '-')}")
    root.set("exporter", "reglament draft")
    root.set("exporterVersion", _version())
    root.append(etree.Comment(f" Drafted by `reglament draft` from act {plan.regulation.act}, clause(s) "
                              f"{', '.join(plan.clauses)}: review before use. "))
    for message in plan.messages:
        etree.SubElement(root, _b("message"), id=message, name=message.removeprefix("message_"))
    _collaboration(root, plan)
    for pool in plan.pools:
        _process(root, pool)
    return root


def _version() -> str:
    from toolkit import __version__
    return __version__


def _clause(parent: etree._Element, ref: ClauseRef) -> None:
    attrs = {"paragraph": str(ref.paragraph)}
    for name in ("subparagraph", "step", "item", "process", "condition", "appendix"):
        value = getattr(ref, name)
        if value is not None:
            attrs[name] = str(value)
    etree.SubElement(parent, _r("clause"), attrs)


def _extensions(parent: etree._Element) -> etree._Element:
    return etree.SubElement(parent, _b("extensionElements"))


def _collaboration(root: etree._Element, plan: Plan) -> None:
    collab = etree.SubElement(root, _b("collaboration"), id=plan.id, name=plan.name)
    ext = _extensions(collab)
    reg = plan.regulation
    attrs = {"key": reg.key, "act": reg.act}
    if reg.act_date:
        attrs["actDate"] = reg.act_date
    if reg.amends:
        attrs["amends"] = reg.amends
    etree.SubElement(ext, _r("regulation"), attrs).text = reg.title
    for pool in plan.pools:
        participant = etree.SubElement(collab, _b("participant"), id=pool.id, name=pool.name,
                                       processRef=pool.process_id)
        pext = _extensions(participant)
        etree.SubElement(pext, _r("actor"), key=pool.actor)
        for ref in pool.refs:
            _clause(pext, ref)
    for flow in plan.message_flows:
        etree.SubElement(collab, _b("messageFlow"), id=flow.id, sourceRef=flow.source, targetRef=flow.target,
                         messageRef=flow.message)


def _process(root: etree._Element, pool: Pool) -> None:
    process = etree.SubElement(root, _b("process"), id=pool.process_id, isExecutable="true")
    if pool.lanes:
        lane_set = etree.SubElement(process, _b("laneSet"), id=f"{pool.process_id}_lanes")
        for lane in pool.lanes:
            element = etree.SubElement(lane_set, _b("lane"), id=lane.id, name=lane.name)
            ext = _extensions(element)
            etree.SubElement(ext, _r("actor"), key=lane.actor)
            for ref in lane.refs:
                _clause(ext, ref)
            for node in pool.nodes:
                if node.lane == lane.id:
                    etree.SubElement(element, _b("flowNodeRef")).text = node.id
    incoming: dict[str, list[str]] = {}
    outgoing: dict[str, list[str]] = {}
    for flow in pool.flows:
        outgoing.setdefault(flow.source, []).append(flow.id)
        incoming.setdefault(flow.target, []).append(flow.id)
    for node in pool.nodes:
        _node(process, node, incoming.get(node.id, []), outgoing.get(node.id, []))
    for flow in pool.flows:
        attrs = {"id": flow.id}
        if flow.name:
            attrs["name"] = flow.name
        attrs.update(sourceRef=flow.source, targetRef=flow.target)
        element = etree.SubElement(process, _b("sequenceFlow"), attrs)
        if flow.condition:
            expression = etree.SubElement(element, _b("conditionExpression"))
            expression.set(f"{{{XSI_NS}}}type", "bpmn:tFormalExpression")
            expression.text = flow.condition


def _limit(parent: etree._Element, limit: StatedTimeLimit, when: str | None = None, condition: str | None = None) -> None:
    attrs = {"value": str(limit.value), "unit": str(limit.unit)}
    if limit.words:
        attrs["words"] = limit.words
    if limit.within:
        attrs["within"] = "true"
    if when:
        attrs["when"] = when
    element = etree.SubElement(parent, _r("timeLimit"), attrs)
    if condition:
        element.text = condition


def _task_data(ext: etree._Element, node: Node) -> None:
    """A task's time limit (or ``reg:noTimeLimit``), alternatives, result and inputs."""
    if node.limit is not None:
        _limit(ext, node.limit)
        for alt in node.alternatives:
            _limit(ext, alt.limit, alt.when, alt.condition)
    else:
        etree.SubElement(ext, _r("noTimeLimit"))
    if node.operation:
        etree.SubElement(ext, _r("operation"), name=node.operation)
    if node.result is not None:
        text, to = node.result
        result = etree.SubElement(ext, _r("result"), {"to": to} if to else {})
        result.text = text
    for field in node.inputs:
        attrs = {"name": field.name, "type": field.type}
        if not field.required:
            attrs["required"] = "false"
        attrs["label"] = field.label
        etree.SubElement(ext, _r("input"), attrs)
    facts = [(f.name, *f.fact) for f in node.inputs if f.fact is not None] + node.facts
    for key, value, phrase in facts:
        etree.SubElement(ext, _r("fact"), {"key": key, value: phrase})


def _node(process: etree._Element, node: Node, incoming: list[str], outgoing: list[str]) -> None:
    attrs = {"id": node.id, "name": node.name}
    if node.kind in ("sendTask", "receiveTask") and node.message:
        attrs["messageRef"] = node.message
    if node.default:
        attrs["default"] = node.default
    element = etree.SubElement(process, _b(node.kind), attrs)
    ext = _extensions(element)
    for ref in node.refs:
        _clause(ext, ref)
    if node.is_task:
        _task_data(ext, node)
    for flow in incoming:
        etree.SubElement(element, _b("incoming")).text = flow
    for flow in outgoing:
        etree.SubElement(element, _b("outgoing")).text = flow
    if node.kind in _EVENTS_WITH_DEFINITION and node.message:
        etree.SubElement(element, _b("messageEventDefinition"), id=f"{node.id}_message", messageRef=node.message)
