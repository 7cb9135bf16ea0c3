"""Issue 11 §1: every hostile reproducer ends in seconds with one clear error, never a hang
or a traceback — through the API and on the command line. Each case is a regression test."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import hostile as h
import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from toolkit import expressions
from toolkit.cli import main
from toolkit.engine import Engine
from toolkit.errors import InputError, ModelError

REGLAMENT = [str(Path(sys.executable).with_name("reglament"))]
COMMANDS = (["lint"], ["check"], ["render", "--output", "{tmp}"], ["run", "--auto"], ["paths"],
            ["deadline", "--submitted", "2017-07-03T10:00"])


def run_engine(path: Path, **kwargs: object) -> str | None:
    engine = Engine()
    instance = engine.start(path, **kwargs)  # type: ignore[arg-type]
    return engine.drive(instance, lambda task: {})


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, with a hard timeout: a hang fails the test."""
    return subprocess.run([*REGLAMENT, *args], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


# -- files that are not files ---------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_fifo_is_refused_by_every_command(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "f.bpmn"
    os.mkfifo(fifo)
    args = [a.format(tmp=tmp_path / "out") for a in command]
    result = cli(*args[:1], str(fifo), *args[1:])
    assert result.returncode == 2
    assert "not a regular file" in one_error_line(result) and "f.bpmn" in result.stderr


def test_an_element_with_200000_attributes_is_refused_at_once(tmp_path: Path) -> None:
    attrs = " ".join(f'a{i}="v"' for i in range(200_000))
    path = h.write(tmp_path, "attrs.bpmn", h.process(f'<bpmn:startEvent id="s" {attrs}/>'))
    with pytest.raises(ModelError, match="200,001 attributes") as caught:
        Engine().start(path)
    assert caught.value.line == 6
    result = cli("lint", str(path))
    assert result.returncode == 2 and "attributes" in one_error_line(result)


def test_a_huge_legal_file_is_refused_up_front(tmp_path: Path) -> None:
    tasks = "".join(f'<bpmn:task id="t{i}"/>' for i in range(60_000))
    path = h.write(tmp_path, "huge.bpmn", h.process(tasks))
    result = cli("lint", str(path))
    assert result.returncode == 2 and "more than 50,000 XML elements" in one_error_line(result)
    with pytest.raises(ModelError, match="50,000 XML elements"):
        Engine().start(path)


# -- the sandbox ------------------------------------------------------------------------------
@pytest.mark.parametrize("expression", ["round(1, -1000000000)", "round(x, 10000000)", "int('9' * 5000)"])
def test_expressions_cannot_build_huge_numbers(expression: str) -> None:
    with pytest.raises(expressions.ExpressionError):
        expressions.evaluate(expression, {"x": 1.5})


def test_round_in_a_script_a_condition_and_a_time_limit_condition(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="compute.*round"):
        run_engine(h.write(tmp_path, "s.bpmn", h.script_model("x = round(1, -1000000000)")))
    with pytest.raises(InputError, match="choose.*round"):
        run_engine(h.write(tmp_path, "c.bpmn", h.condition_model("round(1, -1000000000) == 0")))
    # A time-limit condition that fails does not apply (the usual limit does): no hang.
    with pytest.raises(expressions.ExpressionError):
        expressions.evaluate("round(1, -1000000000) == 0", {})


@pytest.mark.parametrize("script", [
    "p = [1]\n" + "p = [p, p, p, p]\n" * 12 + "q = p == p",
    "p = [1]\n" + "p = [p]\n" * 100 + "q = str(p)",
    "p = (1,)\n" + "p = (p, p, p)\n" * 15 + "q = max(p, p)",
    "d = {'a': 1}\n" + "d = {'a': d, 'b': d}\n" * 20,
])
def test_values_that_share_themselves_are_bounded(tmp_path: Path, script: str) -> None:
    with pytest.raises(InputError, match="compute.*(items|nested)"):
        run_engine(h.write(tmp_path, "p.bpmn", h.script_model(script)))


# -- SpiffWorkflow failures become one line naming the element --------------------------------
@pytest.mark.parametrize("builder, pattern", [
    (h.self_loop_model, "loops through spin with no gateway"),
    (h.parallel_loop_model, "loops through split → left → right"),
])
def test_loops_nothing_can_leave_are_refused_up_front(tmp_path: Path, builder: object, pattern: str) -> None:
    path = h.write(tmp_path, "loop.bpmn", builder())  # type: ignore[operator]
    with pytest.raises(ModelError, match=pattern) as caught:
        Engine().start(path)
    assert caught.value.line is not None
    result = cli("run", "--auto", str(path))
    assert result.returncode == 2 and "never ends" in one_error_line(result)


@pytest.mark.parametrize("kind, text, pattern", [
    ("timeDate", '"2026-13-45T99:00"', "not an ISO 8601 date-time"),
    ("timeDate", "42", "gives int 42"),
    ("timeDuration", '"PXYZ"', "not an ISO 8601 duration"),
    ("timeDuration", "5", "gives int 5"),
    ("timeDuration", '"P999999999Y"', "longer than 200 years"),
    ("timeCycle", '"every day"', "not an ISO 8601 repeating interval"),
    ("timeCycle", '"R/PT0S"', "repeats every 0 seconds"),
    ("timeCycle", '"R999999999/PT0S"', "repeats 999999999 times"),
    ("timeCycle", '"Rx/PT1H"', "not a number"),
])
def test_bad_timers_are_input_errors_naming_the_event(tmp_path: Path, kind: str, text: str, pattern: str) -> None:
    path = h.write(tmp_path, "t.bpmn", h.timer_model(kind, text))
    with pytest.raises(InputError, match=f"wait: .*{pattern}") as caught:
        Engine().start(path)
    assert caught.value.source == str(path) and caught.value.line == 7


def test_a_zero_cycle_on_a_boundary_is_refused_and_a_late_cycle_fires_once(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="remind: .*0 seconds"):
        Engine().start(h.write(tmp_path, "c0.bpmn", h.boundary_cycle_model('"R/PT0S"')))
    clock = datetime(2026, 12, 2, 10, 0)
    engine = Engine(clock=lambda: clock)
    instance = engine.start(h.write(tmp_path, "late.bpmn", h.boundary_cycle_model('"R/2000-01-01T00:00:00/PT1M"')))
    assert [s.node_id for s in instance.trace()].count("note") == 1  # 14 million missed minutes: once
    assert engine.fire_timers(instance, clock + timedelta(hours=1)) == ("remind",)
    assert [s.node_id for s in instance.trace()].count("note") == 2


@pytest.mark.parametrize("cardinality, sequential, pattern", [
    ("10000000", False, "10,000,000 times"),
    ("100000", True, "100,000 times"),
    ('"abc"', False, "gives str 'abc', not a whole number"),
    ("-3", True, "below zero"),
    ("1.5", False, "gives float"),
])
def test_multi_instance_counts_are_bounded(tmp_path: Path, cardinality: str, sequential: bool, pattern: str) -> None:
    path = h.write(tmp_path, "mi.bpmn", h.multi_instance_model(cardinality, sequential))
    with pytest.raises(InputError, match=f"each: .*{pattern}"):
        Engine().start(path)


def test_a_reasonable_multi_instance_runs(tmp_path: Path) -> None:
    for sequential in (True, False):
        path = h.write(tmp_path, f"mi{sequential}.bpmn", h.multi_instance_model("3", sequential))
        assert run_engine(path) is None


def test_an_engine_only_endless_loop_hits_the_step_bound(tmp_path: Path) -> None:
    engine = Engine(max_steps=2_000)
    with pytest.raises(InputError, match="more than 2,000 engine steps"):
        engine.start(FIXTURES / "engine" / "script-loop.bpmn", {"count": 0, "limit": 10 ** 9})
    result = cli("run", "--auto", "--max-steps", "2000", str(h.write(tmp_path, "spin.bpmn", h.endless_script_model())))
    assert result.returncode == 1 and "engine steps" in result.stderr and "Traceback" not in result.stderr


# -- the engine's bookkeeping is not user data --------------------------------------------------
@pytest.mark.parametrize("command", [["run", "--auto"], ["deadline", "--submitted", "2017-07-03T10:00"]])
def test_reserved_keys_are_refused_on_the_command_line(command: list[str]) -> None:
    result = CliRunner().invoke(main, [command[0], str(FIXTURES / "engine" / "two-ends.bpmn"), *command[1:],
                                       "--set", "_reglament=1"])
    assert result.exit_code == 2 and "reserved" in result.output + (result.stderr or "")


# -- tampered saved instances --------------------------------------------------------------------
@pytest.fixture(scope="module")
def saved() -> dict:
    return json.loads(Engine().start("bpmn/social-assistance.bpmn", {"documents_complete": True}).to_json())


def _child(doc: dict) -> str:
    return next(k for k, t in doc["workflow"]["tasks"].items() if t["parent"] is not None)


def _cycle(doc: dict) -> None:
    tasks, root, kid = doc["workflow"]["tasks"], doc["workflow"]["root"], _child(doc)
    tasks[root]["parent"] = kid
    tasks[kid]["children"].append(root)


def _detached_cycle(doc: dict) -> None:
    tasks, kid = doc["workflow"]["tasks"], _child(doc)
    parent = tasks[kid]["parent"]
    tasks[parent]["children"].remove(kid)
    tasks[kid]["parent"] = kid
    tasks[kid]["children"].append(kid)


TAMPERING = {
    "empty task table": (lambda d: d["workflow"].__setitem__("tasks", {}), "no tasks"),
    "unknown root": (lambda d: d["workflow"].__setitem__("root", "00000000-0000-0000-0000-000000000000"),
                     "root task"),
    "garbage state": (lambda d: d["workflow"]["tasks"][_child(d)].__setitem__("state", 12345), "unknown state"),
    "state as text": (lambda d: d["workflow"]["tasks"][_child(d)].__setitem__("state", "READY"), "unknown state"),
    "parent/child cycle": (_cycle, "damaged"),
    "detached cycle": (_detached_cycle, "damaged"),
    "bookkeeping is a list": (lambda d: d.__setitem__("book", []), "bookkeeping"),
    "trace is garbage": (lambda d: d["book"].__setitem__("trace", [{"node_id": 1}]), "trace"),
    "bad ready time": (lambda d: d["book"]["ready_since"].__setitem__("x", "yesterday"), "ISO"),
    "sub-workflow is a list": (lambda d: d["workflow"]["subprocesses"].__setitem__("x", []), "sub-workflow"),
    "spec is a list": (lambda d: d["workflow"].__setitem__("spec", []), "spec"),
    "unknown task spec": (lambda d: d["workflow"]["spec"].__setitem__("task_specs", {"Start": {}}),
                          "unknown task spec"),
    "bad date in data": (lambda d: d["workflow"]["tasks"][_child(d)].__setitem__(
        "internal_data", {"x": {"typename": "datetime", "value": "bad"}}), "damaged"),
    "model hash missing": (lambda d: d["model"].pop("sha256"), "model version"),
    "other format": (lambda d: d.__setitem__("format", "reglament-instance/1"), "format"),
}


@pytest.mark.parametrize("name", TAMPERING)
def test_tampered_saved_instances_are_refused_cleanly(saved: dict, name: str) -> None:
    mutate, pattern = TAMPERING[name]
    doc = copy.deepcopy(saved)
    mutate(doc)
    with pytest.raises(InputError, match=pattern):
        Engine().restore(json.dumps(doc))


@pytest.mark.parametrize("text", [
    '{"format": "reglament-instance/2", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "[" * 100_000,
    '{"format": "reglament-instance/2", "model": NaN}',
    "",
    "null",
])
def test_malformed_json_is_refused_cleanly(text: str) -> None:
    with pytest.raises(InputError):
        Engine().restore(text)


def test_a_saved_instance_cannot_point_itself_at_another_model(saved: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(saved)
    doc["model"].pop("xml")
    doc["model"]["source"] = str(FIXTURES / "engine" / "two-ends.bpmn")
    with pytest.raises(InputError, match="not the model version"):
        Engine().restore(json.dumps(doc))
    result = CliRunner().invoke(main, ["run", str(FIXTURES / "engine" / "two-ends.bpmn"), "--auto",
                                       "--resume", str(h.write(tmp_path, "i.json", json.dumps(saved)))])
    assert result.exit_code == 2 and "not the model version" in result.output
