"""The committed models in bpmn/: schema, diagram, names, clauses, and that they run.

Each check reads the files with lxml directly (not through toolkit.model), so it
tests the files as a modeler or SpiffWorkflow sees them.  Execution uses stock
SpiffWorkflow 3.2: user tasks are completed by setting data, and plain service
tasks (which wait in STARTED there) are completed by hand with the data the
engine's handlers would set.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.defaults import EndEvent, ServiceTask
from SpiffWorkflow.util.task import TaskState

ROOT = Path(__file__).resolve().parent.parent
BPMN_DIR = ROOT / "bpmn"
REG_XSD = ROOT / "toolkit" / "schema" / "reglament.xsd"
TEXT = BPMN_DIR / "resolution-38-08-2017.kk.txt"

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "reg": "https://reglament.kz/schema/bpmn/1.0",
}
REG = NS["reg"]

MODELS = {
    "social-assistance.bpmn": "social_assistance",
    "home-education-sc.bpmn": "home_education_sc",
    "home-education-sc-appendix-1.bpmn": "home_education_sc_appendix_1",
}
FLOW_NODE_TAGS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                  "boundaryEvent", "task", "userTask", "serviceTask", "sendTask", "receiveTask",
                  "manualTask", "scriptTask", "businessRuleTask", "callActivity", "subProcess",
                  "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway")
EVENT_TAGS = FLOW_NODE_TAGS[:5]
GATEWAY_TAGS = FLOW_NODE_TAGS[-4:]
ACTOR_KEYS = {"service_provider", "service_recipient", "office_employee", "head", "responsible_executor",
              "sc_employee", "sc_iis_workplace", "egov_gateway", "gbd_fl", "enis",
              "regional_gateway_workplace", "state_corporation"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
SIMPLE_EXPRESSION = re.compile(r"^[\w\s()]+$")  # names, and/or/not, parentheses: all our conditions need


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


@pytest.fixture(scope="module")
def validator() -> BpmnValidator:
    return BpmnValidator(imports={REG: str(REG_XSD)})


@pytest.fixture(scope="module", params=sorted(MODELS))
def model(request) -> tuple[str, etree._ElementTree]:
    return request.param, etree.parse(str(BPMN_DIR / request.param))


def flow_nodes(tree: etree._ElementTree) -> list[etree._Element]:
    return [el for p in tree.getroot().iterfind("bpmn:process", NS) for el in p
            if isinstance(el.tag, str) and el.tag.startswith(f"{{{NS['bpmn']}}}") and local(el) in FLOW_NODE_TAGS]


def bounds(tree: etree._ElementTree) -> dict[str, tuple[float, float, float, float]]:
    out = {}
    for shape in tree.iterfind(".//bpmndi:BPMNShape", NS):
        b = shape.find("dc:Bounds", NS)
        out[shape.get("bpmnElement")] = tuple(float(b.get(k)) for k in ("x", "y", "width", "height"))
    return out


def edges(tree: etree._ElementTree) -> dict[str, etree._Element]:
    return {e.get("bpmnElement"): e for e in tree.iterfind(".//bpmndi:BPMNEdge", NS)}


def inside(inner, outer, slack: float = 0.5) -> bool:
    x, y, w, h = inner
    X, Y, W, H = outer
    return x >= X - slack and y >= Y - slack and x + w <= X + W + slack and y + h <= Y + H + slack


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# -- schema ------------------------------------------------------------------------------------------

def test_valid_against_bpmn_and_reglament_xsd(model, validator):
    name, tree = model
    validator.validate(tree.getroot(), name)  # raises with file and line on the first error


def test_reglament_schema_is_really_applied(validator):
    """A misspelt reg: attribute must fail, or the test above proves nothing about our elements."""
    tree = etree.parse(str(BPMN_DIR / "social-assistance.bpmn"))
    limit = tree.find(".//reg:timeLimit", NS)
    limit.set("unit", "fortnight")
    with pytest.raises(ValidationException, match="'fortnight' is not an element of the set"):
        validator.validate(tree.getroot(), "broken.bpmn")


def test_header(model):
    name, tree = model
    root = tree.getroot()
    assert root.get("exporter") == "reglament"
    assert root.get("targetNamespace", "").startswith("https://")
    collaboration = root.find("bpmn:collaboration", NS)
    assert collaboration.get("id") == MODELS[name]
    regulation = collaboration.find("bpmn:extensionElements/reg:regulation", NS)
    assert regulation is not None and regulation.get("act") == "38/08" and (regulation.text or "").strip()
    for process in root.iterfind("bpmn:process", NS):
        assert process.get("isExecutable") == "true", process.get("id")


def test_ids_are_snake_case_and_unique(model):
    _, tree = model
    ids = [el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not SNAKE.match(i)] == []


# -- names, actors and clauses --------------------------------------------------------------------------

def _flat(text: str) -> str:
    """One line, single spaces, no space just inside parentheses (how the PDF extraction is read)."""
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", " ".join(text.split())))


@pytest.fixture(scope="module")
def act_text() -> str:
    return _flat(TEXT.read_text(encoding="utf-8"))


def _in_text_in_order(name: str, text: str) -> bool:
    """Each word of ``name`` occurs in the text after the previous one (a nominative may be the stem of
    an inflected word: "беруші" in "берушінің"; an elided phrase keeps its words' order)."""
    pos = 0
    for word in _flat(name).split():
        pos = text.find(word, pos)
        if pos < 0:
            return False
        pos += len(word)
    return True


def named_elements(tree):
    root = tree.getroot()
    yield from root.iterfind("bpmn:collaboration/bpmn:participant", NS)
    yield from root.iterfind(".//bpmn:lane", NS)
    yield from flow_nodes(tree)


def test_pools_lanes_nodes_have_kazakh_russian_english_names(model):
    _, tree = model
    missing = []
    for el in named_elements(tree):
        langs = {n.get("lang") for n in el.iterfind("bpmn:extensionElements/reg:name", NS) if (n.text or "").strip()}
        if not (el.get("name") or "").strip() or not {"ru", "en"} <= langs:
            missing.append(el.get("id"))
    assert missing == []


def test_kazakh_names_are_the_texts_words(model, act_text):
    _, tree = model
    elements = list(named_elements(tree)) + list(tree.iterfind(".//bpmn:sequenceFlow[@name]", NS))
    foreign = [(el.get("id"), el.get("name")) for el in elements if not _in_text_in_order(el.get("name"), act_text)]
    assert foreign == []


def test_pools_and_lanes_carry_actor_and_clause(model):
    _, tree = model
    root = tree.getroot()
    for el in list(root.iterfind("bpmn:collaboration/bpmn:participant", NS)) + list(root.iterfind(".//bpmn:lane", NS)):
        actor = el.find("bpmn:extensionElements/reg:actor", NS)
        assert actor is not None and actor.get("key") in ACTOR_KEYS, el.get("id")
        assert el.find("bpmn:extensionElements/reg:clause", NS) is not None, el.get("id")


def test_flow_nodes_carry_clauses(model):
    """Every node stands for text, except a plain start or end event without a message."""
    _, tree = model
    bare = []
    for node in flow_nodes(tree):
        helper = local(node) in ("startEvent", "endEvent") and node.find("bpmn:messageEventDefinition", NS) is None
        if not helper and node.find("bpmn:extensionElements/reg:clause", NS) is None:
            bare.append(node.get("id"))
    assert bare == []


#: Paragraph 8 of regulation 2: item -> the process or condition it numbers.
PARAGRAPH_8 = {2: ("process", 1), 3: ("process", 2), 4: ("process", 3), 5: ("condition", 1), 6: ("process", 4),
               7: ("process", 5), 8: ("process", 6), 9: ("condition", 2), 10: ("process", 7), 11: ("process", 8)}


def test_clause_references_exist_in_the_text(model):
    _, tree = model
    for clause in tree.iterfind(".//reg:clause", NS):
        a = {k: int(v) for k, v in clause.attrib.items()}
        if "step" in a:  # paragraphs 5 and 7, subparagraph 1: five steps
            assert a["paragraph"] in (5, 7) and a.get("subparagraph") == 1 and 1 <= a["step"] <= 5, a
        elif "item" in a:
            assert a["paragraph"] == 8 and 1 <= a["item"] <= 11, a
            numbered = PARAGRAPH_8.get(a["item"])
            kind = "process" if "process" in a else "condition" if "condition" in a else None
            if kind:
                assert numbered == (kind, a[kind]), a
        else:
            assert a["paragraph"] in (5, 7, 8), a
    for process_id in ("process_1", "process_4", "process_8", "condition_1", "condition_2"):
        node = tree.find(f".//bpmn:*[@id='{process_id}']", NS)
        if node is not None:
            kind, number = process_id.rsplit("_", 1)
            clause = node.find("bpmn:extensionElements/reg:clause", NS)
            assert clause.get(kind) == number, process_id


def test_service_tasks_name_an_operation_and_user_tasks_declare_known_inputs(model):
    _, tree = model
    for node in flow_nodes(tree):
        ext = node.find("bpmn:extensionElements", NS)
        if local(node) == "serviceTask":
            assert ext.find("reg:operation", NS) is not None, node.get("id")
        for field in ext.iterfind("reg:input", NS) if ext is not None else ():
            assert local(node) == "userTask", node.get("id")
            assert field.get("label"), node.get("id")


# -- flows and messages ----------------------------------------------------------------------------------

def test_exclusive_gateways_have_a_default_and_a_named_simple_condition(model):
    _, tree = model
    for gateway in tree.iterfind(".//bpmn:exclusiveGateway", NS):
        outgoing = [f for f in tree.iterfind(".//bpmn:sequenceFlow", NS) if f.get("sourceRef") == gateway.get("id")]
        if len(outgoing) == 1:  # a merge: its one flow is unconditional
            assert outgoing[0].find("bpmn:conditionExpression", NS) is None, gateway.get("id")
            continue
        default = gateway.get("default")
        assert default in {f.get("id") for f in outgoing}, gateway.get("id")
        for flow in outgoing:
            assert flow.get("name"), flow.get("id")
            condition = flow.find("bpmn:conditionExpression", NS)
            if flow.get("id") == default:
                assert condition is None, flow.get("id")
            else:
                assert condition is not None and SIMPLE_EXPRESSION.match(condition.text.strip()), flow.get("id")
                assert condition.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "bpmn:tFormalExpression"


def _message_ref(node: etree._Element) -> str | None:
    if node.get("messageRef"):
        return node.get("messageRef")
    definition = node.find("bpmn:messageEventDefinition", NS)
    return definition.get("messageRef") if definition is not None else None


def test_message_flows_join_a_sender_and_a_receiver_of_the_same_message(model):
    _, tree = model
    nodes = {n.get("id"): n for n in flow_nodes(tree)}
    process_of = {n.get("id"): n.getparent().get("id") for n in nodes.values()}
    senders = ("sendTask", "endEvent", "intermediateThrowEvent")
    receivers = ("receiveTask", "startEvent", "intermediateCatchEvent")
    flows = list(tree.iterfind(".//bpmn:messageFlow", NS))
    assert flows
    for flow in flows:
        source, target = nodes[flow.get("sourceRef")], nodes[flow.get("targetRef")]
        assert local(source) in senders and local(target) in receivers, flow.get("id")
        assert _message_ref(source) == _message_ref(target) == flow.get("messageRef"), flow.get("id")
        assert process_of[source.get("id")] != process_of[target.get("id")], flow.get("id")
    used = {n.get("id") for n in nodes.values() if _message_ref(n)}
    linked = {f.get(k) for f in flows for k in ("sourceRef", "targetRef")}
    assert used == linked  # no message node without its message flow


# -- diagram ---------------------------------------------------------------------------------------------

def test_everything_is_drawn(model):
    _, tree = model
    shapes, drawn_edges = bounds(tree), edges(tree)
    root = tree.getroot()
    for el in named_elements(tree):
        assert el.get("id") in shapes, el.get("id")
    for flow in list(root.iterfind(".//bpmn:sequenceFlow", NS)) + list(root.iterfind(".//bpmn:messageFlow", NS)):
        edge = drawn_edges.get(flow.get("id"))
        assert edge is not None and len(edge.findall("di:waypoint", NS)) >= 2, flow.get("id")
    for participant in root.iterfind("bpmn:collaboration/bpmn:participant", NS):
        shape = tree.find(f".//bpmndi:BPMNShape[@bpmnElement='{participant.get('id')}']", NS)
        assert shape.get("isHorizontal") == "true"


def test_lanes_fill_their_pool_and_nodes_sit_in_their_lane(model):
    _, tree = model
    shapes = bounds(tree)
    root = tree.getroot()
    for participant in root.iterfind("bpmn:collaboration/bpmn:participant", NS):
        pool = shapes[participant.get("id")]
        process = root.find(f"bpmn:process[@id='{participant.get('processRef')}']", NS)
        lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
        if lanes:
            bands = sorted((shapes[lane.get("id")] for lane in lanes), key=lambda b: b[1])
            assert bands[0][1] == pytest.approx(pool[1]) and \
                bands[-1][1] + bands[-1][3] == pytest.approx(pool[1] + pool[3])
            for upper, lower in zip(bands, bands[1:]):
                assert upper[1] + upper[3] == pytest.approx(lower[1])
            for band in bands:  # full width, right of the pool's name band
                assert band[0] > pool[0] and band[0] + band[2] == pytest.approx(pool[0] + pool[2])
            for lane in lanes:
                for ref in lane.iterfind("bpmn:flowNodeRef", NS):
                    assert inside(shapes[ref.text], shapes[lane.get("id")]), (ref.text, lane.get("id"))
        for node in process:
            if isinstance(node.tag, str) and local(node) in FLOW_NODE_TAGS:
                assert inside(shapes[node.get("id")], pool), node.get("id")


def test_no_shapes_overlap(model):
    _, tree = model
    shapes = bounds(tree)
    root = tree.getroot()
    pools = [shapes[p.get("id")] for p in root.iterfind("bpmn:collaboration/bpmn:participant", NS)]
    nodes = [(n.get("id"), shapes[n.get("id")]) for n in flow_nodes(tree)]
    labels = [(shape.get("bpmnElement"), tuple(float(b.get(k)) for k in ("x", "y", "width", "height")))
              for shape in tree.iterfind(".//bpmndi:BPMNShape", NS)
              for b in shape.iterfind("bpmndi:BPMNLabel/dc:Bounds", NS)]
    for i, a in enumerate(pools):
        for b in pools[i + 1:]:
            assert not overlap(a, b)
    things = nodes + [(f"{element} label", box) for element, box in labels]
    clashes = [(a, b) for i, (a, box_a) in enumerate(things) for b, box_b in things[i + 1:] if overlap(box_a, box_b)]
    assert clashes == []


def _on_border(point, kind: str, box, tolerance: float = 1.0) -> bool:
    px, py = point
    x, y, w, h = box
    cx, cy = x + w / 2, y + h / 2
    if kind in EVENT_TAGS:
        return abs(math.hypot(px - cx, py - cy) - w / 2) <= tolerance
    if kind in GATEWAY_TAGS:
        return abs(abs(px - cx) / (w / 2) + abs(py - cy) / (h / 2) - 1) <= tolerance / min(w, h) * 2
    on_vertical = (abs(px - x) <= tolerance or abs(px - x - w) <= tolerance) and y - tolerance <= py <= y + h + tolerance
    on_horizontal = (abs(py - y) <= tolerance or abs(py - y - h) <= tolerance) and x - tolerance <= px <= x + w + tolerance
    return on_vertical or on_horizontal


def test_edges_start_and_end_on_their_shapes_and_run_straight(model):
    _, tree = model
    shapes = bounds(tree)
    kinds = {n.get("id"): local(n) for n in flow_nodes(tree)}
    root = tree.getroot()
    for flow in list(root.iterfind(".//bpmn:sequenceFlow", NS)) + list(root.iterfind(".//bpmn:messageFlow", NS)):
        points = [(float(p.get("x")), float(p.get("y")))
                  for p in edges(tree)[flow.get("id")].iterfind("di:waypoint", NS)]
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        assert _on_border(points[0], kinds[source], shapes[source]), (flow.get("id"), "start")
        assert _on_border(points[-1], kinds[target], shapes[target]), (flow.get("id"), "end")
        for (x1, y1), (x2, y2) in zip(points, points[1:]):  # orthogonal segments only
            assert abs(x1 - x2) < 0.5 or abs(y1 - y2) < 0.5, flow.get("id")


def _segment_hits_box(p, q, box, margin: float = 1.0) -> bool:
    (x1, y1), (x2, y2) = p, q
    x, y, w, h = box
    if abs(y1 - y2) < 0.5:  # horizontal
        lo, hi = sorted((x1, x2))
        return y + margin < y1 < y + h - margin and lo < x + w - margin and hi > x + margin
    lo, hi = sorted((y1, y2))
    return x + margin < x1 < x + w - margin and lo < y + h - margin and hi > y + margin


def test_edges_do_not_run_through_other_shapes(model):
    _, tree = model
    shapes = bounds(tree)
    nodes = [n.get("id") for n in flow_nodes(tree)]
    root = tree.getroot()
    crossings = []
    for flow in list(root.iterfind(".//bpmn:sequenceFlow", NS)) + list(root.iterfind(".//bpmn:messageFlow", NS)):
        points = [(float(p.get("x")), float(p.get("y")))
                  for p in edges(tree)[flow.get("id")].iterfind("di:waypoint", NS)]
        for node in nodes:
            if node in (flow.get("sourceRef"), flow.get("targetRef")):
                continue
            if any(_segment_hits_box(p, q, shapes[node]) for p, q in zip(points, points[1:])):
                crossings.append((flow.get("id"), node))
    assert crossings == []


def test_named_flows_gateways_and_events_have_label_bounds(model):
    _, tree = model
    for el in flow_nodes(tree):
        if local(el) in EVENT_TAGS + GATEWAY_TAGS and el.get("name"):
            shape = tree.find(f".//bpmndi:BPMNShape[@bpmnElement='{el.get('id')}']", NS)
            assert shape.find("bpmndi:BPMNLabel/dc:Bounds", NS) is not None, el.get("id")
    for flow in tree.iterfind(".//bpmn:sequenceFlow[@name]", NS):
        assert edges(tree)[flow.get("id")].find("bpmndi:BPMNLabel/dc:Bounds", NS) is not None, flow.get("id")


def test_flows_go_left_to_right(model):
    _, tree = model
    shapes = bounds(tree)
    for flow in tree.iterfind(".//bpmn:sequenceFlow", NS):
        s, t = shapes[flow.get("sourceRef")], shapes[flow.get("targetRef")]
        assert s[0] + s[2] <= t[0], flow.get("id")


def test_files_are_pretty_printed_with_two_spaces():
    for name in MODELS:
        lines = (BPMN_DIR / name).read_text(encoding="utf-8").splitlines()
        assert lines[0] == '<?xml version="1.0" encoding="UTF-8"?>'
        indents = {len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()}
        assert all(i % 2 == 0 for i in indents), name
        assert not any("\t" in line for line in lines), name


# -- execution in stock SpiffWorkflow -----------------------------------------------------------------------

def _service(task, scenario) -> None:
    """What the engine's handlers would set, by task id."""
    data = task.data
    bpmn_id = task.task_spec.bpmn_id
    if bpmn_id == "check_person_data":
        data["person_found"] = scenario["person_found"]
    elif bpmn_id == "check_power_of_attorney":
        data["power_of_attorney_found"] = scenario["poa_found"] if data.get("by_representative") else True
    elif bpmn_id == "process_4":
        data["outcome"] = "data_unavailable"


def _run(name: str, scenario: dict, user_data: dict) -> tuple[BpmnWorkflow, set[str], list[str]]:
    parser = BpmnParser(validator=BpmnValidator(imports={REG: str(REG_XSD)}))
    parser.add_bpmn_file(str(BPMN_DIR / name))
    spec, subprocesses = parser.get_collaboration(MODELS[name])
    workflow = BpmnWorkflow(spec, subprocesses)
    done: list[str] = []
    for _ in range(200):
        workflow.do_engine_steps()
        progressed = False
        for task in workflow.get_tasks(state=TaskState.STARTED):
            if isinstance(task.task_spec, ServiceTask):
                _service(task, scenario)
                task.complete()
                progressed = True
        for task in workflow.get_tasks(state=TaskState.READY, manual=True):
            task.data.update(user_data.get(task.task_spec.bpmn_id, {}))
            task.run()
            done.append(task.task_spec.bpmn_id)
            progressed = True
        if not progressed:
            break
    ends = {t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.COMPLETED)
            if isinstance(t.task_spec, EndEvent)}
    return workflow, ends, done


@pytest.mark.parametrize("complete", [True, False])
def test_social_assistance_runs_to_the_notification(complete):
    workflow, ends, done = _run("social-assistance.bpmn", {}, {"accept_documents": {"documents_complete": complete}})
    assert workflow.is_completed()
    assert ends == {"notification_handed", "notification_received"}
    assert done == ["accept_documents", "assign_executor", "review_documents", "sign_notification",
                    "register_and_hand_notification"]


SCENARIOS = {
    # name: (person_found, by_representative, poa_found, documents_in_order)
    "in person, documents in order": (True, False, False, True),
    "in person, documents refused": (True, False, False, False),
    "person not in gbd_fl": (False, False, True, True),
    "representative with power of attorney": (True, True, True, True),
    "representative without power of attorney": (True, True, False, True),
    "representative, documents refused": (True, True, True, False),
}


@pytest.mark.parametrize("file", ["home-education-sc.bpmn", "home-education-sc-appendix-1.bpmn"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_home_education_every_path_reaches_its_end(file, scenario):
    person_found, by_rep, poa_found, in_order = SCENARIOS[scenario]
    users = {"process_2": {"iin": "800315400125", "by_representative": by_rep,
                           "representative_iin": "820704300236" if by_rep else ""},
             "check_documents": {"documents_in_order": in_order}}
    workflow, ends, done = _run(file, {"person_found": person_found, "poa_found": poa_found}, users)
    assert workflow.is_completed(), workflow.get_tasks(state=TaskState.WAITING)
    assert "result_received" in ends
    data_found = person_found and (poa_found or not by_rep)
    if not data_found:
        assert "check_documents" not in done
        assert ends & {"data_unavailable_end", "data_unavailable_handed"}
        assert "result_issued" not in ends
        received = next(t for t in workflow.get_tasks(state=TaskState.COMPLETED)
                        if t.task_spec.bpmn_id == "result_received")
        assert received.data["outcome"] == "data_unavailable"
    else:
        assert "result_issued" in ends
        assert ("process_7" in done) is (not in_order)
        assert done[-1] == "process_8"
