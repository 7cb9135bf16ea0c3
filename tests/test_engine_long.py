"""Issue 11 §2: long instances run to their real end (SpiffWorkflow's task iterator stops at
depth 1,000 and its walk is quadratic; the engine queries the live frontier instead)."""

from __future__ import annotations

import json
from pathlib import Path

import hostile as h
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.util.task import TaskState

from toolkit.cli import main
from toolkit.engine import Engine
from toolkit.engine.spiff import recursion_room


@pytest.mark.parametrize("length", [1_000, pytest.param(5_000, marks=pytest.mark.slow)])
def test_a_long_chain_runs_to_its_end(tmp_path: Path, length: int) -> None:
    path = h.write(tmp_path, "chain.bpmn", h.chain_model(length))
    engine = Engine()
    instance = engine.start(path)
    assert engine.drive(instance, lambda task: {}) is None
    steps = [s.node_id for s in instance.trace()]
    assert steps == ["start", *(f"t{n}" for n in range(1, length + 1)), "done"]
    assert [e.node_id for e in instance.ends()] == ["done"]


@pytest.mark.slow
def test_bare_spiffworkflow_loses_the_end_of_a_1000_task_chain(tmp_path: Path) -> None:
    """The mechanism worked around: TaskIterator(max_depth=1000) hides tasks deeper than 1,000."""
    path = h.write(tmp_path, "chain.bpmn", h.chain_model(1_005))
    with recursion_room(3_000):
        parser = BpmnParser()
        parser.add_bpmn_file(str(path))
        workflow = BpmnWorkflow(parser.get_spec("hostile"))
        workflow.do_engine_steps()
        for _ in range(1_005):
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                break
            ready[0].run()
            workflow.do_engine_steps()
    assert len(workflow.get_tasks(state=TaskState.READY)) == 0 and not workflow.completed


@pytest.mark.parametrize("iterations", [1_000, pytest.param(5_000, marks=pytest.mark.slow)])
def test_a_loop_that_goes_round_often_ends(tmp_path: Path, iterations: int) -> None:
    engine = Engine()
    instance = engine.start(h.write(tmp_path, "loop.bpmn", h.counted_loop_model()), {"limit": iterations})
    assert engine.drive(instance, lambda task: {}) is None
    assert instance.data["n"] == iterations and instance.completions("work") == iterations


@pytest.mark.slow
def test_an_engine_only_loop_of_5000_rounds_ends() -> None:
    instance = Engine().start(FIXTURES / "engine" / "script-loop.bpmn", {"count": 0, "limit": 5_000})
    assert instance.is_finished and instance.data["count"] == 5_000


def test_a_long_instance_saves_and_resumes_mid_run(tmp_path: Path) -> None:
    path = h.write(tmp_path, "chain.bpmn", h.chain_model(1_500))
    engine = Engine()
    instance = engine.start(path)
    for _ in range(1_200):
        engine.complete(instance, instance.ready_tasks()[0].task_id)
    resumed = Engine().restore(engine.dump(instance))
    assert [t.node_id for t in resumed.ready_tasks()] == ["t1201"]
    assert resumed.engine.drive(resumed, lambda task: {}) is None
    assert len(resumed.trace()) == 1_502


def test_run_auto_goes_past_200_user_tasks(tmp_path: Path) -> None:
    path = h.write(tmp_path, "chain.bpmn", h.chain_model(300))
    result = CliRunner().invoke(main, ["run", str(path), "--auto", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"]
    assert report["finished"] and report["ends"][0]["node_id"] == "done"


def test_run_auto_stops_a_genuine_endless_loop_at_once() -> None:
    result = CliRunner().invoke(main, ["run", str(FIXTURES / "engine" / "loop.bpmn"), "--auto", "--set", "ok=false",
                                       "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)["results"]
    assert "never ends" in report["stopped"] and len(report["trace"]) < 10
