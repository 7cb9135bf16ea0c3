"""Builders of small hostile (but well-formed) BPMN models for the engine's regression tests."""

from __future__ import annotations

from pathlib import Path

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:reg="https://reglament.kz/schema/bpmn/1.0"
    id="hostile_definitions" targetNamespace="https://reglament.kz/tests">
  <bpmn:process id="hostile" isExecutable="true">
"""
TAIL = """  </bpmn:process>
</bpmn:definitions>
"""


def process(body: str) -> str:
    return HEAD + body + TAIL


def flows(*pairs: tuple[str, str], condition: dict[str, str] | None = None) -> str:
    """Sequence flows f1, f2, ... between the pairs; ``condition`` maps a flow id to its expression."""
    out = []
    for number, (source, target) in enumerate(pairs, 1):
        fid = f"f{number}"
        cond = (condition or {}).get(fid)
        inner = (f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{cond}</bpmn:conditionExpression>'
                 if cond else "")
        out.append(f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">{inner}</bpmn:sequenceFlow>')
    return "\n".join(out) + "\n"


def script_model(script: str) -> str:
    return process(f"""<bpmn:startEvent id="start"/>
<bpmn:scriptTask id="compute"><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>
<bpmn:endEvent id="done"/>
""" + flows(("start", "compute"), ("compute", "done")))


def condition_model(condition: str) -> str:
    return process("""<bpmn:startEvent id="start"/>
<bpmn:exclusiveGateway id="choose" default="f3"/>
<bpmn:endEvent id="yes"/><bpmn:endEvent id="no"/>
""" + flows(("start", "choose"), ("choose", "yes"), ("choose", "no"), condition={"f2": condition}))


def timer_model(kind: str, text: str) -> str:
    return process(f"""<bpmn:startEvent id="start"/>
<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="wait_timer">
<bpmn:{kind} xsi:type="bpmn:tFormalExpression">{text}</bpmn:{kind}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:endEvent id="done"/>
""" + flows(("start", "wait"), ("wait", "done")))


def boundary_cycle_model(cycle: str) -> str:
    """A user task with a non-interrupting cycle timer on its boundary (fires again and again)."""
    return process(f"""<bpmn:startEvent id="start"/>
<bpmn:userTask id="work"/>
<bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false">
<bpmn:timerEventDefinition id="remind_timer"><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">{cycle}</bpmn:timeCycle>
</bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:scriptTask id="note"><bpmn:script>reminded = True</bpmn:script></bpmn:scriptTask>
<bpmn:endEvent id="noted"/><bpmn:endEvent id="done"/>
""" + flows(("start", "work"), ("work", "done"), ("remind", "note"), ("note", "noted")))


def multi_instance_model(cardinality: str, sequential: bool) -> str:
    return process(f"""<bpmn:startEvent id="start"/>
<bpmn:scriptTask id="each"><bpmn:multiInstanceLoopCharacteristics isSequential="{str(sequential).lower()}">
<bpmn:loopCardinality xsi:type="bpmn:tFormalExpression">{cardinality}</bpmn:loopCardinality>
</bpmn:multiInstanceLoopCharacteristics><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
<bpmn:endEvent id="done"/>
""" + flows(("start", "each"), ("each", "done")))


def self_loop_model() -> str:
    """A script task whose only outgoing flow comes back to itself."""
    return process("""<bpmn:startEvent id="start"/>
<bpmn:scriptTask id="spin"><bpmn:script>n = 1</bpmn:script></bpmn:scriptTask>
""" + flows(("start", "spin"), ("spin", "spin")))


def parallel_loop_model() -> str:
    """Parallel branches that both loop back to the split."""
    return process("""<bpmn:startEvent id="start"/>
<bpmn:parallelGateway id="split"/>
<bpmn:scriptTask id="left"><bpmn:script>a = 1</bpmn:script></bpmn:scriptTask>
<bpmn:scriptTask id="right"><bpmn:script>b = 1</bpmn:script></bpmn:scriptTask>
""" + flows(("start", "split"), ("split", "left"), ("split", "right"), ("left", "split"), ("right", "split")))


def chain_model(tasks: int, *, user: bool = True, gateway_every: int = 0, lanes: int = 0) -> str:
    """A chain of ``tasks`` user (or script) tasks; optionally an exclusive gateway every n tasks
    and the tasks spread over lanes."""
    nodes, pairs = ['<bpmn:startEvent id="start"/>'], []
    previous = "start"
    for number in range(1, tasks + 1):
        tid = f"t{number}"
        if user:
            nodes.append(f'<bpmn:userTask id="{tid}" name="қадам {number}"/>')
        else:
            nodes.append(f'<bpmn:scriptTask id="{tid}"><bpmn:script>n = {number}</bpmn:script></bpmn:scriptTask>')
        pairs.append((previous, tid))
        previous = tid
        if gateway_every and number % gateway_every == 0 and number < tasks:
            gid, skip = f"g{number}", f"s{number}"
            nodes.append(f'<bpmn:exclusiveGateway id="{gid}"/><bpmn:exclusiveGateway id="{skip}"/>')
            pairs += [(previous, gid), (gid, skip)]
            previous = skip
    nodes.append('<bpmn:endEvent id="done"/>')
    pairs.append((previous, "done"))
    lane_xml = ""
    if lanes:
        ids = [n.split('id="')[1].split('"')[0] for n in nodes for n in n.split("/>") if 'id="' in n]
        groups = [ids[i::lanes] for i in range(lanes)]
        lane_xml = '<bpmn:laneSet id="lanes">' + "".join(
            f'<bpmn:lane id="lane{i}" name="орындаушы {i}">' + "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>"
                                                                     for r in group) + "</bpmn:lane>"
            for i, group in enumerate(groups)) + "</bpmn:laneSet>\n"
    return process(lane_xml + "\n".join(nodes) + "\n" + flows(*pairs))


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def endless_script_model() -> str:
    """A script loop whose way out (n below zero) is never taken: an engine-only endless loop."""
    return process("""<bpmn:startEvent id="start"/>
<bpmn:scriptTask id="init"><bpmn:script>n = 0</bpmn:script></bpmn:scriptTask>
<bpmn:scriptTask id="spin"><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>
<bpmn:exclusiveGateway id="again" default="f4"/>
<bpmn:endEvent id="done"/>
""" + flows(("start", "init"), ("init", "spin"), ("spin", "again"), ("again", "spin"), ("again", "done"),
            condition={"f5": "n &lt; 0"}))


def counted_loop_model() -> str:
    """A person's task repeated until a counter reaches ``limit`` (a rework loop that ends)."""
    return process("""<bpmn:startEvent id="start"/>
<bpmn:scriptTask id="init"><bpmn:script>n = 0</bpmn:script></bpmn:scriptTask>
<bpmn:userTask id="work" name="жұмыс"/>
<bpmn:scriptTask id="count"><bpmn:script>n = n + 1</bpmn:script></bpmn:scriptTask>
<bpmn:exclusiveGateway id="enough" default="f5"/>
<bpmn:endEvent id="done"/>
""" + flows(("start", "init"), ("init", "work"), ("work", "count"), ("count", "enough"), ("enough", "work"),
            ("enough", "done"), condition={"f6": "n &gt;= limit"}))
