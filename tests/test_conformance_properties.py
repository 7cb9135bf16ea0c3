"""Property-based tests: the checker gives a result or one clean error, never anything else.

Any text (the act cut, shuffled, garbled; random Unicode) and any model (random
BPMN with random references, limits, results, lanes and flows — dangling,
looping, crossing pools) is either refused with the project's one-line input
error (``ModelError``/``InputError``, ``TextError``) or checked to a report that
renders as text and JSON.
"""

from __future__ import annotations

import json
from functools import cache
from xml.sax.saxutils import escape, quoteattr

import pytest
from conftest import ACT_TEXT, FIXTURES, OUR_MODELS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.conformance import Conformance, check_model, format_report, format_text
from toolkit.errors import InputError
from toolkit.model import load_model, load_model_bytes
from toolkit.model.elements import FLOW_NODE_KINDS, UNITS
from toolkit.text import ACTOR_KEYS, Act, TextError, parse_act

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACT_SOURCE = ACT_TEXT.read_text(encoding="utf-8")
TEXTS = [ACT_SOURCE] + [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "texts").glob("*.txt"))]
WORDS = sorted({w for w in ACT_SOURCE.split() if len(w) > 2})[:400]


@cache
def the_act() -> Act:
    return parse_act(ACT_SOURCE, str(ACT_TEXT))


# -- texts -----------------------------------------------------------------------

@st.composite
def garbled_texts(draw: st.DrawFn) -> str:
    """A real act of the genre, cut, shuffled, duplicated and sprinkled with noise."""
    lines = draw(st.sampled_from(TEXTS)).splitlines()
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2, 3, 6]))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "noise", "digits"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "noise":
            lines[i] = lines[i] + draw(st.text(max_size=20))
        else:
            lines[i] = "".join(str(draw(st.integers(0, 99))) if c.isdigit() else c for c in lines[i])
    return "\n".join(lines)


any_text = st.one_of(garbled_texts(), st.text(max_size=300))


# -- models ----------------------------------------------------------------------

small = st.integers(1, 12)
#: Mostly valid numbers, now and then one the loader must refuse.
maybe_small = st.one_of(st.none(), small, small, small, small, small, small, st.sampled_from(["0", "x", "-3", " 4 "]))


def mostly(valid: st.SearchStrategy, invalid: st.SearchStrategy) -> st.SearchStrategy:
    """``valid`` 49 times in 50, so most generated models load and get checked (the loader's
    refusals are exercised all the same)."""
    return st.integers(0, 49).flatmap(lambda n: invalid if n == 0 else valid)
xml_chars = st.characters(blacklist_categories=("Cs", "Cc"))
name_text = st.one_of(st.none(), st.sampled_from(WORDS).map(str),
                      st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join),
                      st.text(alphabet=xml_chars, max_size=30))


def attr(name: str, value: object | None) -> str:
    return "" if value is None else f" {name}={quoteattr(str(value))}"


@st.composite
def reg_clause(draw: st.DrawFn) -> str:
    paragraph, subparagraph = draw(mostly(st.sampled_from([(5, 1), (7, 1), (8, None), (8, None), (6, 2)]),
                                          st.tuples(st.sampled_from(["", "z", "0"]), st.none())))
    parts = [attr("paragraph", paragraph), attr("subparagraph", subparagraph)]
    field = draw(st.sampled_from(["step", "item", "item", "none"]))
    if field != "none":
        parts.append(attr(field, draw(mostly(small, maybe_small))))
    for marker in ("process", "condition"):
        if draw(st.integers(0, 3)) == 0:
            parts.append(attr(marker, draw(mostly(st.integers(1, 9), maybe_small))))
    return f"<reg:clause{''.join(parts)}/>"


@st.composite
def reg_limit(draw: st.DrawFn) -> str:
    value = draw(mostly(st.sampled_from([1, 6, 15, 20, 30]), st.sampled_from(["0", "many"])))
    unit = draw(mostly(st.sampled_from(UNITS), st.just("fortnight")))
    when = draw(st.one_of(st.none(), st.sampled_from(["True", "not documents_complete", "x >"])))
    words = draw(st.one_of(st.none(), st.sampled_from(["бір", "алты", "отыз", "он бес", ""])))
    within = draw(st.one_of(st.none(), st.sampled_from(["true", "false"])))
    body = escape(draw(name_text) or "") if when else ""
    return (f"<reg:timeLimit{attr('value', value)}{attr('unit', unit)}{attr('words', words)}"
            f"{attr('within', within)}{attr('when', when)}>{body}</reg:timeLimit>")


@st.composite
def extensions(draw: st.DrawFn) -> str:
    parts = draw(st.lists(reg_clause(), max_size=3))
    parts += draw(st.lists(reg_limit(), max_size=2))
    if draw(st.booleans()):
        to = draw(st.one_of(st.none(), st.sampled_from(ACTOR_KEYS + ("nobody",))))
        parts.append(f"<reg:result{attr('to', to)}>{escape(draw(name_text) or '')}</reg:result>")
    return f"<bpmn:extensionElements>{''.join(parts)}</bpmn:extensionElements>" if parts else ""


@st.composite
def bpmn_documents(draw: st.DrawFn) -> bytes:
    """A BPMN collaboration of random pools, lanes, nodes and flows, citing random text."""
    n_processes = draw(st.integers(1, 3))
    node_ids: list[str] = []
    processes = []
    participants = []
    for p in range(n_processes):
        nodes = []
        for _ in range(draw(st.integers(0, 8))):
            node_id = f"n{len(node_ids)}"
            node_ids.append(node_id)
            kind = draw(st.sampled_from(sorted(FLOW_NODE_KINDS - {"boundaryEvent"})))
            nodes.append(f"<bpmn:{kind} id={quoteattr(node_id)}{attr('name', draw(name_text))}>"
                         f"{draw(extensions())}</bpmn:{kind}>")
        lanes = []
        mine = [n.split('"')[1] for n in nodes]
        for lane in range(draw(st.integers(0, 3))):
            members = draw(st.lists(st.sampled_from(mine), unique=True)) if mine else []
            key = draw(st.one_of(st.none(), st.sampled_from(ACTOR_KEYS + ("nobody",))))
            actor = f"<bpmn:extensionElements><reg:actor{attr('key', key)}/></bpmn:extensionElements>"
            refs = "".join(f"<bpmn:flowNodeRef>{m}</bpmn:flowNodeRef>" for m in members)
            lanes.append(f"<bpmn:lane id=\"lane_{p}_{lane}\"{attr('name', draw(name_text))}>{actor}{refs}</bpmn:lane>")
        lane_set = f"<bpmn:laneSet id=\"lanes_{p}\">{''.join(lanes)}</bpmn:laneSet>" if lanes else ""
        processes.append((p, lane_set, nodes))
        key = draw(st.one_of(st.none(), st.sampled_from(ACTOR_KEYS)))
        participants.append(f"<bpmn:participant id=\"pool_{p}\" processRef=\"process_{p}\">"
                            f"<bpmn:extensionElements><reg:actor{attr('key', key)}/></bpmn:extensionElements>"
                            f"</bpmn:participant>")
    targets = node_ids + ["ghost"]
    flows = {p: [] for p in range(n_processes)}
    if node_ids:
        for f in range(draw(st.integers(0, 14))):
            source, target = draw(st.sampled_from(targets)), draw(st.sampled_from(targets))
            condition = draw(st.one_of(st.none(), st.sampled_from(["True", "documents_in_order"])))
            body = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
            flows[draw(st.integers(0, n_processes - 1))].append(
                f"<bpmn:sequenceFlow id=\"f{f}\" sourceRef=\"{source}\" targetRef=\"{target}\">{body}</bpmn:sequenceFlow>")
    messages = []
    if node_ids:
        for m in range(draw(st.integers(0, 4))):
            messages.append(f"<bpmn:messageFlow id=\"m{m}\" sourceRef=\"{draw(st.sampled_from(targets))}\" "
                            f"targetRef=\"{draw(st.sampled_from(targets))}\"/>")
    regulation = ""
    if draw(st.integers(0, 4)):
        act = draw(st.sampled_from(["38/08", "38/08", "38/08", "", "45/2", "305/6"]))
        amends = draw(st.one_of(st.none(), st.sampled_from(["1.1", "1.2", "1.1", "1.2", "1.9", "x"])))
        title = escape(draw(st.one_of(st.just("Мүгедек балаларды үйде оқытуға жұмсалған шығындарды өтеу"), name_text))
                       or "")
        regulation = (f"<bpmn:extensionElements><reg:regulation key=\"k\"{attr('act', act)}{attr('amends', amends)}>"
                      f"{title}</reg:regulation></bpmn:extensionElements>")
    body = "".join(
        f"<bpmn:process id=\"process_{p}\" isExecutable=\"true\">{lane_set}{''.join(nodes)}{''.join(flows[p])}"
        f"</bpmn:process>" for p, lane_set, nodes in processes)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           'xmlns:reg="https://reglament.kz/schema/bpmn/1.0" id="d" targetNamespace="t">'
           f"<bpmn:collaboration id=\"c\">{regulation}{''.join(participants)}{''.join(messages)}</bpmn:collaboration>"
           f"{body}</bpmn:definitions>")
    return xml.encode("utf-8")


def corrupted_models() -> st.SearchStrategy[bytes]:
    """A bundled model with a few bytes overwritten."""
    sources = [p.read_bytes() for p in OUR_MODELS]

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(sources)))
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data[at:at + 1] = draw(st.binary(min_size=0, max_size=3))
        return bytes(data)

    return build()


# -- the property ----------------------------------------------------------------

def outcome(data: bytes, text: str | None) -> str:
    """``"report"`` or ``"refused"``; anything else escapes as a test failure."""
    try:
        model = load_model_bytes(data, "<model>")
        act = the_act() if text is None else parse_act(text, "<text>")
        report = check_model(model, act)
    except (InputError, TextError) as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()
        return "refused"
    format_report(report)
    json.dumps(Conformance(act.source, (report,)).to_dict(), ensure_ascii=False)
    for finding in report.findings:
        assert finding.code and finding.message and finding.hint
        assert finding.line is None or finding.line >= 1
    return "report"


@SETTINGS
@given(bpmn_documents())
def test_any_model_against_the_act(data: bytes) -> None:
    outcome(data, None)


@SETTINGS
@given(corrupted_models())
def test_corrupted_bundled_models(data: bytes) -> None:
    outcome(data, None)


@SETTINGS
@given(st.sampled_from(OUR_MODELS), any_text)
def test_bundled_models_against_any_text(path, text: str) -> None:
    outcome(path.read_bytes(), text)


@SETTINGS
@given(bpmn_documents(), garbled_texts())
def test_any_model_against_any_text(data: bytes, text: str) -> None:
    outcome(data, text)


def test_format_text_of_a_run() -> None:
    report = check_model(load_model(OUR_MODELS[0]), the_act())
    assert "checked against" in format_text(Conformance(str(ACT_TEXT), (report,)))


@pytest.mark.slow
def test_a_very_long_flow_is_walked_without_recursion_limits() -> None:
    """3000 steps in a chain: the path walk is iterative, so this is a report, not a crash."""
    tasks = "".join(f'<bpmn:task id="t{i}" name="хабарламаға қол қояды"><bpmn:extensionElements>'
                    f'<reg:clause paragraph="5" subparagraph="1" step="{i % 5 + 1}"/></bpmn:extensionElements>'
                    f'</bpmn:task>' for i in range(3000))
    flows = "".join(f'<bpmn:sequenceFlow id="f{i}" sourceRef="t{i}" targetRef="t{i + 1}"/>' for i in range(2999))
    xml = ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
           'xmlns:reg="https://reglament.kz/schema/bpmn/1.0" id="d" targetNamespace="t"><bpmn:process id="p">'
           '<bpmn:extensionElements><reg:regulation key="k" act="38/08" amends="1.1"/></bpmn:extensionElements>'
           f'<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="fs" sourceRef="s" targetRef="t0"/>{tasks}{flows}'
           '</bpmn:process></bpmn:definitions>')
    assert outcome(xml.encode("utf-8"), None) == "report"
