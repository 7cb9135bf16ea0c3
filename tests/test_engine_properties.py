"""Issue 11 §1: random well-formed models with loops, timers and multi-instance markers
always end — finished, stopped with a reason, or refused with one InputError — within a
time and memory bound."""

from __future__ import annotations

import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

import hostile as h
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.engine import Engine
from toolkit.errors import InputError

TIMERS = st.sampled_from(['"PT1H"', '"P3D"', '"P999999999Y"', '"PXYZ"', "5", '"R3/PT1H"', '"R/PT0S"',
                          '"2026-12-03T10:00:00"', '"2026-13-45"'])
CARDINALITIES = st.sampled_from(["0", "3", "10000000", '"abc"', "-1", "2.5", "n"])


@st.composite
def segments(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]], dict[str, str], str]:
    """Nodes, flows and conditions of a chain of random segments, wired start → ... → end."""
    nodes, pairs, conditions = ['<bpmn:startEvent id="start"/>',
                                '<bpmn:scriptTask id="init"><bpmn:script>n = 0</bpmn:script></bpmn:scriptTask>'], \
        [("start", "init")], {}
    previous = "init"
    for number in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["user", "script", "loop", "timer", "mi", "seqmi", "parallel"]))
        sid = f"s{number}"
        if kind == "user":
            nodes.append(f'<bpmn:userTask id="{sid}"/>')
        elif kind == "script":
            nodes.append(f'<bpmn:scriptTask id="{sid}"><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>')
        elif kind == "timer":
            nodes.append(f'<bpmn:intermediateCatchEvent id="{sid}"><bpmn:timerEventDefinition id="{sid}_t">'
                         f'<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{draw(TIMERS)}</bpmn:timeDuration>'
                         "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>")
        elif kind in ("mi", "seqmi"):
            nodes.append(f'<bpmn:scriptTask id="{sid}"><bpmn:multiInstanceLoopCharacteristics '
                         f'isSequential="{str(kind == "seqmi").lower()}"><bpmn:loopCardinality '
                         f'xsi:type="bpmn:tFormalExpression">{draw(CARDINALITIES)}</bpmn:loopCardinality>'
                         "</bpmn:multiInstanceLoopCharacteristics><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>")
        elif kind == "parallel":
            nodes.append(f'<bpmn:parallelGateway id="{sid}"/><bpmn:parallelGateway id="{sid}_j"/>'
                         f'<bpmn:userTask id="{sid}_a"/><bpmn:scriptTask id="{sid}_b"><bpmn:script>y = 1'
                         "</bpmn:script></bpmn:scriptTask>")
            pairs += [(previous, sid), (sid, f"{sid}_a"), (sid, f"{sid}_b"), (f"{sid}_a", f"{sid}_j"),
                      (f"{sid}_b", f"{sid}_j")]
            previous = f"{sid}_j"
            continue
        else:  # a loop back through a counter, which may never reach its bound
            bound = draw(st.sampled_from(["3", "50", "1000000000"]))
            nodes.append(f'<bpmn:scriptTask id="{sid}"><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>'
                         f'<bpmn:exclusiveGateway id="{sid}_g" default="back_{sid}"/>')
            pairs += [(previous, sid), (sid, f"{sid}_g")]
            conditions[f"f{len(pairs) + 2}"] = f"n &gt;= {bound}"
            pairs += [(f"{sid}_g", sid), (f"{sid}_g", f"{sid}_out")]
            nodes.append(f'<bpmn:scriptTask id="{sid}_out"><bpmn:script>n = 0</bpmn:script></bpmn:scriptTask>')
            previous = f"{sid}_out"
            continue
        pairs.append((previous, sid))
        previous = sid
    nodes.append('<bpmn:endEvent id="done"/>')
    pairs.append((previous, "done"))
    return nodes, pairs, conditions, previous


def build(parts: tuple[list[str], list[tuple[str, str]], dict[str, str], str]) -> str:
    nodes, pairs, conditions, _ = parts
    body = h.flows(*pairs, condition=conditions)
    # default flows are named back_<segment> in the nodes; rename the generated ids to match
    for index, (source, target) in enumerate(pairs, 1):
        if source.endswith("_g") and target == source[:-2]:
            body = body.replace(f'id="f{index}" ', f'id="back_{target}" ')
    return h.process("\n".join(nodes) + "\n" + body)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(segments())
def test_random_models_always_end_within_bounds(tmp_path: Path, parts: tuple) -> None:
    path = h.write(tmp_path, "random.bpmn", build(parts))
    clock = [datetime(2026, 12, 2, 10, 0)]
    engine = Engine(clock=lambda: clock[0], max_steps=3_000)
    tracemalloc.start()
    began = time.process_time()
    try:
        instance = engine.start(path, {"n": 0})
        for _ in range(5):
            stopped = engine.drive(instance, lambda task: {})
            if stopped is None or not instance.timer_waits():
                break
            clock[0] += timedelta(days=30)
            engine.fire_timers(instance, clock[0])
        assert instance.is_finished or isinstance(stopped, str)
        engine.restore(engine.dump(instance))  # whatever state it reached can be saved and resumed
    except InputError as exc:
        assert str(exc).strip() and "\n" not in str(exc)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.process_time() - began < 20
    assert peak < 300 * 1024 * 1024
