"""The bpmn-moddle view: the type hierarchy, the reader's treatment of imperfect XML, JS semantics.

bpmnlint's rules are only as faithful as our reading of the file is to
bpmn-moddle's, so its behaviours are pinned here one by one (and compared
wholesale with the real bpmn-moddle in test_lint_node.py).
"""

from __future__ import annotations

import math

import pytest

from toolkit.lint.moddle import MElement, find_parent, is_a, is_any, read_view
from toolkit.lint.moddle.js import coerce, js_trim, parse_float, parse_int
from toolkit.lint.moddle.metamodel import descriptor, known_type, subtypes
from toolkit.model import load_model_bytes

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
HEAD = (f'<bpmn:definitions xmlns:bpmn="{B}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:x="urn:x" id="d">')


def view(body: str):
    model = load_model_bytes((HEAD + body + "</bpmn:definitions>").encode())
    return read_view(model.root, model.xml)


def messages(v) -> list[str]:
    return [w.message.split(";")[0] for w in v.warnings]


# -- the type hierarchy ------------------------------------------------------------------
@pytest.mark.parametrize("type_name, ancestor", [
    ("bpmn:UserTask", "bpmn:Task"), ("bpmn:ServiceTask", "bpmn:Activity"), ("bpmn:Transaction", "bpmn:SubProcess"),
    ("bpmn:AdHocSubProcess", "bpmn:FlowElementsContainer"), ("bpmn:ExclusiveGateway", "bpmn:Gateway"),
    ("bpmn:BoundaryEvent", "bpmn:CatchEvent"), ("bpmn:EndEvent", "bpmn:ThrowEvent"), ("bpmn:StartEvent", "bpmn:FlowNode"),
    ("bpmn:Process", "bpmn:CallableElement"), ("bpmn:Process", "bpmn:RootElement"), ("bpmn:SequenceFlow", "bpmn:FlowElement"),
    ("bpmn:Participant", "bpmn:InteractionNode"), ("bpmndi:BPMNShape", "di:DiagramElement"),
])
def test_is_follows_the_type_hierarchy(type_name: str, ancestor: str) -> None:
    assert ancestor in descriptor(type_name).types


@pytest.mark.parametrize("type_name, other", [
    ("bpmn:CallActivity", "bpmn:Task"), ("bpmn:Lane", "bpmn:FlowNode"), ("bpmn:Task", "bpmn:SubProcess"),
    ("bpmn:DataObject", "bpmn:FlowNode"), ("bpmn:Collaboration", "bpmn:FlowElementsContainer"),
])
def test_is_does_not_confuse_siblings(type_name: str, other: str) -> None:
    assert other not in descriptor(type_name).types


def test_subtypes_of_task_are_the_eight_task_kinds() -> None:
    assert {t.split(":")[1] for t in subtypes("bpmn:Task")} == {
        "Task", "UserTask", "ServiceTask", "ManualTask", "ScriptTask", "SendTask", "ReceiveTask", "BusinessRuleTask"}


def test_effective_descriptor_orders_properties_as_moddle_does() -> None:
    names = [p.name for p in descriptor("bpmn:Process").properties]
    assert names[:5] == ["id", "documentation", "extensionDefinitions", "extensionElements", "name"]
    assert names.index("laneSets") < names.index("flowElements") < names.index("artifacts")
    assert names[-1] == "isExecutable"  # Process redefines ("replaces") inherited properties, which moves them
    shape = descriptor("bpmndi:BPMNShape")
    assert shape.by_name["modelElement"].name == "bpmnElement"  # redefines di:DiagramElement#modelElement
    assert "bioc:ColoredShape" in shape.types  # traits registered by bpmn-moddle's colour packages


def test_unknown_types_are_unknown() -> None:
    assert known_type("bpmn:Task") and not known_type("bpmn:Tusk") and not known_type("reg:clause")


# -- reading --------------------------------------------------------------------------------
PROCESS = """<bpmn:process id="p">
  <bpmn:startEvent id="s"><bpmn:outgoing>f</bpmn:outgoing></bpmn:startEvent>
  <bpmn:userTask id="t"/>
  <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t"/>
</bpmn:process>"""


def test_incoming_comes_from_incoming_children_not_from_target_refs() -> None:
    v = view(PROCESS)
    task, start, flow = v.by_id["t"], v.by_id["s"], v.by_id["f"]
    assert task.many("incoming") == []
    assert start.many("outgoing") == [flow]
    assert flow.get("sourceRef") is start and flow.get("targetRef") is task
    assert is_a(task, "bpmn:Task") and is_any(task, ("bpmn:Event", "bpmn:Activity")) and not is_a(None, "bpmn:Task")
    assert find_parent(task, "bpmn:Process") is v.by_id["p"]
    assert v.warnings == []


def test_unresolved_references_warn_with_the_holder_and_are_dropped() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="t"><bpmn:incoming>nope</bpmn:incoming></bpmn:task>'
             '<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="gone"/></bpmn:process>')
    assert sorted((w.message, w.element_id) for w in v.warnings) == [
        ("unresolved reference <gone>", "f"), ("unresolved reference <nope>", "t")]
    assert v.by_id["t"].many("incoming") == [] and v.by_id["f"].get("targetRef") is None


def test_reference_text_is_not_trimmed_like_in_moddle() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="t"><bpmn:incoming> f </bpmn:incoming></bpmn:task>'
             '<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="t"/></bpmn:process>')
    assert messages(v) == ["unresolved reference < f >"]


def test_duplicate_id_drops_the_second_element_with_its_content() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="t" name="first"/>'
             '<bpmn:subProcess id="t"><bpmn:task id="inner"/></bpmn:subProcess></bpmn:process>')
    assert messages(v) == ["unparsable content <bpmn:subProcess> detected"]
    assert "duplicate ID <t>" in v.warnings[0].message
    assert v.by_id["t"].get("name") == "first" and "inner" not in v.by_id


def test_ids_must_be_ascii_names_as_in_moddle() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="тапсырма"/><bpmn:task id="ok.id-1"/></bpmn:process>')
    assert "illegal ID <тапсырма>" in v.warnings[0].message
    assert [e.id for e in v.by_id["p"].many("flowElements")] == ["ok.id-1"]


def test_elements_out_of_place_are_unparsable_and_skipped() -> None:
    v = view('<bpmn:collaboration id="c"><bpmn:task id="t"/></bpmn:collaboration>'
             '<bpmn:process id="p"><bpmn:tusk id="u"/><x:custom id="x1"/></bpmn:process>')
    assert messages(v) == ["unparsable content <bpmn:task> detected", "unparsable content <bpmn:tusk> detected",
                           "unparsable content <custom> detected"]
    assert set(v.by_id) == {"d", "c", "p"}


def test_extension_elements_are_generic_and_not_registered() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="t"><bpmn:extensionElements><x:thing id="ext" a="1"/>'
             '</bpmn:extensionElements></bpmn:task></bpmn:process>')
    ext = v.by_id["t"].get("extensionElements").many("values")[0]
    assert ext.is_generic and ext.type == "{urn:x}thing" and ext.id is None and "ext" not in v.by_id
    assert is_a(ext, "{urn:x}thing") and not is_a(ext, "bpmn:Task")
    assert v.warnings == []


def test_unknown_attributes_in_bpmn_namespaces_warn_others_do_not() -> None:
    v = view(f'<bpmn:process id="p"><bpmn:task id="t" colour="red" x:colour="red" '
             f'xmlns:b2="{B}" b2:size="2"/></bpmn:process>')
    assert sorted(messages(v)) == ["unknown attribute <bpmn:size>", "unknown attribute <colour>"]
    assert all(w.element_id == "t" for w in v.warnings)


def test_body_text_where_none_belongs_warns() -> None:
    v = view('<bpmn:process id="p"><bpmn:task id="t">stray</bpmn:task></bpmn:process>')
    assert messages(v) == ["unparsable content stray detected"]


def test_values_are_coerced_like_moddle_and_defaults_apply() -> None:
    v = view('<bpmn:process id="p" isExecutable="True"><bpmn:startEvent id="s"/>'
             '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="s">'
             '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">x &gt; 1</bpmn:conditionExpression>'
             '</bpmn:sequenceFlow></bpmn:process>'
             '<bpmndi:BPMNDiagram id="dd"><bpmndi:BPMNPlane id="pl" bpmnElement="p">'
             '<bpmndi:BPMNShape id="sh" bpmnElement="s"><dc:Bounds y="12px" width="36" height="abc"/></bpmndi:BPMNShape>'
             '</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>')
    assert v.by_id["p"].get("isExecutable") is False           # only "true" is true
    assert v.by_id["s"].get("isInterrupting") is True           # the meta-model default
    condition = v.by_id["f"].get("conditionExpression")
    assert condition.type == "bpmn:FormalExpression" and condition.get("body") == "x > 1"
    bounds = v.by_id["sh"].get("bounds")
    assert bounds.get("x") == "0" and bounds.get("y") == 12.0 and math.isnan(bounds.get("height"))


def test_walk_visits_in_bpmnlint_order_and_does_not_enter_generic_elements() -> None:
    v = view('<bpmn:process id="p"><bpmn:extensionElements><x:a><x:b/></x:a></bpmn:extensionElements>'
             '<bpmn:task id="t"/></bpmn:process>')
    types = [e.type for e in v.walk()]
    assert types == ["bpmn:Definitions", "bpmn:Process", "bpmn:ExtensionElements", "{urn:x}a", "bpmn:Task"]
    assert all(isinstance(e, MElement) for e in v.walk())


# -- JavaScript semantics ------------------------------------------------------------------------
def test_js_trim_is_javascripts() -> None:
    assert js_trim("\ufeff a \u00a0\u2028") == "a"
    assert js_trim("\x1c") == "\x1c"  # Python's strip would remove it; JavaScript's trim does not
    assert js_trim(None) == ""


@pytest.mark.parametrize("text, number", [("12px", 12.0), (" 1e3", 1000.0), (".5", 0.5), ("-Infinity", -math.inf),
                                          ("+3.", 3.0)])
def test_parse_float_is_javascripts(text: str, number: float) -> None:
    assert parse_float(text) == number


def test_parse_float_and_int_give_nan_for_garbage() -> None:
    assert math.isnan(parse_float("abc")) and math.isnan(parse_int("x1"))
    assert parse_int("12.9") == 12 and parse_int(" -4z") == -4


def test_coerce_boolean_is_exactly_true() -> None:
    assert coerce("Boolean", "true") is True and coerce("Boolean", "True") is False and coerce("String", "v") == "v"


def test_an_unprefixed_xsi_type_needs_a_default_namespace_as_in_moddle() -> None:
    flow = ('<bpmn:process id="p"><bpmn:sequenceFlow id="f">'
            '<bpmn:conditionExpression xsi:type="tFormalExpression">x</bpmn:conditionExpression>'
            '</bpmn:sequenceFlow></bpmn:process>')
    v = view(flow)
    assert v.by_id["f"].get("conditionExpression") is None
    assert "unknown type <undefined:tFormalExpression>" in v.warnings[0].message
    model = load_model_bytes(f'<definitions xmlns="{B}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d">'
                             f'{flow.replace("bpmn:", "")}</definitions>'.encode())
    v = read_view(model.root, model.xml)
    assert v.by_id["f"].get("conditionExpression").type == "bpmn:FormalExpression" and v.warnings == []
