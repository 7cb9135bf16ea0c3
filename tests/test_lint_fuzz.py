"""Property-based robustness: the loader and the linter give findings or one clean error — never a traceback.

Two sources of nasty input:

* generated BPMN: random processes, nodes of every kind (and made-up ones),
  flows to ids that do not exist, missing and duplicate ids, cycles (flows,
  boundary events attached to themselves, lanes naming anything), sub-processes
  nested to the parser's depth limit, foreign and wrong namespaces, garbage
  diagram bounds;
* mutated files: our fixtures and the MIWG models truncated, spliced, with
  bytes flipped or tags renamed.

"Clean error" means a :class:`~toolkit.errors.ModelError` (the CLI prints it as
one line and exits 2). A rule that raises would surface as a "rule failed"
finding; that counts as a failure here too. There are no time limits in these
tests; every input is finite and the linter has no unbounded loop (reference
cycles are never followed), which is what "never a hang" rests on.
"""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURES, MIWG_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.cli import main
from toolkit.errors import ModelError
from toolkit.findings import Finding
from toolkit.lint import lint_bytes
from toolkit.model import load_model_bytes

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NAMESPACES = [B, B, B, B, "http://www.omg.org/bpmn20", "urn:foreign", ""]
KINDS = ["task", "userTask", "serviceTask", "sendTask", "receiveTask", "callActivity", "subProcess",
         "adHocSubProcess", "transaction", "startEvent", "endEvent", "intermediateCatchEvent",
         "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway",
         "eventBasedGateway", "complexGateway", "dataObject", "dataObjectReference", "textAnnotation",
         "Task", "tusk", "lane", "participant", "messageFlow", "sequenceFlow"]
DEFINITIONS = ["messageEventDefinition", "timerEventDefinition", "terminateEventDefinition",
               "linkEventDefinition", "compensateEventDefinition", "errorEventDefinition", "signalEventDefinition"]
SEEDS = sorted(MIWG_DIR.glob("*.bpmn")) + sorted((FIXTURES / "lint").glob("*/fail.bpmn"))
#: REGLAMENT_FUZZ_EXAMPLES=5000 for a long campaign; the default keeps the suite quick.
EXAMPLES = int(os.environ.get("REGLAMENT_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(deadline=None, max_examples=EXAMPLES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ids = st.sampled_from(["a", "b", "c", "d", "e", "f", "p", "lane", "", "1bad", "ок", "a b", "x:y"])
texts = st.sampled_from(["", " ", "name", "Атауы", "a&amp;b", "\u00a0", "true", "12px", "NaN", "-1e9"])


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{value}"'


@st.composite
def elements(draw: st.DrawFn, depth: int = 0) -> str:
    """One random element, possibly with children (deep nesting comes from chains of these)."""
    kind = draw(st.sampled_from(KINDS))
    ns = draw(st.sampled_from(NAMESPACES))
    tag = f"bpmn:{kind}" if ns == B else (f"{kind}" if not ns else f'o:{kind} xmlns:o="{ns}"')
    close = tag.split(" ")[0]
    attrs = _attr("id", draw(st.none() | ids)) + _attr("name", draw(st.none() | texts))
    for name in draw(st.lists(st.sampled_from(["sourceRef", "targetRef", "default", "attachedToRef", "processRef",
                                                "messageRef", "triggeredByEvent", "isForCompensation",
                                                "isInterrupting", "cancelActivity", "isExecutable"]),
                              max_size=4, unique=True)):
        attrs += _attr(name, draw(ids | texts))
    body = []
    for ref in draw(st.lists(st.sampled_from(["incoming", "outgoing", "flowNodeRef"]), max_size=3)):
        body.append(f"<bpmn:{ref}>{draw(ids)}</bpmn:{ref}>")
    for definition in draw(st.lists(st.sampled_from(DEFINITIONS), max_size=2)):
        body.append(f'<bpmn:{definition}{_attr("name", draw(st.none() | ids))}/>')
    if draw(st.booleans()):
        body.append(f'<bpmn:conditionExpression xsi:type="{draw(st.sampled_from(["bpmn:tFormalExpression", "tFoo", "x:y"]))}">'
                    f'{draw(texts)}</bpmn:conditionExpression>')
    if draw(st.booleans()):
        body.append('<bpmn:extensionElements><reg:timeLimit value="1" unit="'
                    f'{draw(st.sampled_from(["hour", "day", ""]))}"/><reg:lint disable="{draw(st.sampled_from(["all", "nope", "fake-join"]))}"/>'
                    "</bpmn:extensionElements>")
    if depth < 4:
        body += draw(st.lists(elements(depth + 1), max_size=3))
    return f"<{tag}{attrs}>{''.join(body)}</{close}>"


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A whole document: processes and a collaboration of random elements, maybe a diagram, maybe deep."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        content = "".join(draw(st.lists(elements(), max_size=6)))
        parts.append(f'<bpmn:process{_attr("id", draw(st.none() | ids))}{_attr("isExecutable", draw(st.none() | texts))}>'
                     f"{content}</bpmn:process>")
    if draw(st.booleans()):
        parts.append(f'<bpmn:collaboration id="c">{"".join(draw(st.lists(elements(), max_size=4)))}</bpmn:collaboration>')
    depth = draw(st.sampled_from([0, 0, 0, 10, 120, 250]))
    if depth:
        parts.append('<bpmn:process id="deep">' + '<bpmn:subProcess>' * depth + '<bpmn:task id="t"/>'
                     + "</bpmn:subProcess>" * depth + "</bpmn:process>")
    if draw(st.booleans()):
        shapes = "".join(
            f'<bpmndi:BPMNShape id="s{i}" bpmnElement="{draw(ids)}"{_attr("isExpanded", draw(st.none() | texts))}>'
            f'<dc:Bounds x="{draw(texts)}" y="{draw(st.integers(-5, 300))}" width="{draw(st.integers(0, 200))}" '
            f'height="{draw(texts | st.just("80"))}"/></bpmndi:BPMNShape>'
            for i in range(draw(st.integers(0, 6))))
        plane = f'<bpmndi:BPMNPlane id="pl" bpmnElement="{draw(ids)}">{shapes}</bpmndi:BPMNPlane>' if draw(st.booleans()) else ""
        parts.append(f'<bpmndi:BPMNDiagram id="dg">{plane}</bpmndi:BPMNDiagram>')
    root_ns = draw(st.sampled_from([B, B, B, "http://www.omg.org/bpmn20"]))
    head = (f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="{root_ns}" '
            'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:reg="https://reglament.kz/schema/bpmn/1.0" '
            'xmlns:x="urn:x" id="defs">')
    return (head + "".join(parts) + "</bpmn:definitions>").encode("utf-8")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A real model, damaged: truncated, spliced, bytes flipped, tags renamed."""
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.integers(0, 4))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == 0:
            data = data[:at]
        elif op == 1:
            end = draw(st.integers(at, min(len(data), at + 400)))
            data = data[:at] + data[end:]
        elif op == 2 and data:
            data[at] = draw(st.integers(0, 255))
        elif op == 3:
            data[at:at] = draw(st.sampled_from([b"<bpmn:task id='dup'/>", b"</bpmn:process>", b"<x:y>", b"&amp;",
                                                b'<bpmn:incoming>nowhere</bpmn:incoming>', b"\x00", b"\xff\xfe"]))
        else:
            data = bytearray(bytes(data).replace(b"bpmn:task", draw(st.sampled_from([b"bpmn:tusk", b"bpmn:lane",
                                                                                     b"bpmndi:task", b"bpmn:Task"]))))
    return bytes(data)


def _check(data: bytes) -> None:
    try:
        findings = lint_bytes(data, "<fuzz>")
    except ModelError as exc:
        # One error naming the input. (libxml2 messages may end in a newline; the CLI prints one line.)
        assert str(exc).startswith("<fuzz>") and "\n" not in str(exc).strip()
        return
    assert all(isinstance(f, Finding) and f.code and f.source == "<fuzz>" for f in findings)
    crashed = [f.format_text() for f in findings if f.message.startswith("rule failed")]
    assert crashed == []


def _load(data: bytes) -> None:
    try:
        load_model_bytes(data, "<fuzz>")
    except ModelError:
        pass


@SETTINGS
@given(documents())
def test_generated_bpmn_gives_findings_or_one_clean_error(data: bytes) -> None:
    _load(data)
    _check(data)


@SETTINGS
@given(mutated())
def test_mutated_models_give_findings_or_one_clean_error(data: bytes) -> None:
    _load(data)
    _check(data)


@settings(deadline=None, max_examples=25)
@given(mutated())
def test_the_cli_never_shows_a_traceback(tmp_path_factory, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("fuzz") / "model.bpmn"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1
