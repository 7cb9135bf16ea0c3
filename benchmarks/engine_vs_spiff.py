"""Benchmark: reglament's engine against bare SpiffWorkflow, in the same process.

Runs the home-education model (every user task completed, service tasks answered
by the simulations) N times:

* baseline — bare SpiffWorkflow: parse the file each time, stock script engine,
  service tasks completed by hand (what an app without reglament would write);
* reglament cached — ``Engine`` with its parse-once cache (the intended use);
* reglament cold — a fresh ``Engine`` per instance (parses every time).

Prints each median and its ratio to the baseline. Ratios, not seconds, are the
result: they are comparable across machines.

    python benchmarks/engine_vs_spiff.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.util.task import TaskState

from toolkit.engine import Engine

MODEL = Path(__file__).resolve().parent.parent / "bpmn" / "home-education-sc.bpmn"
DATA = {"iin": "800315400125", "by_representative": False, "representative_iin": "", "documents_in_order": True,
        "person_found": True, "power_of_attorney_found": True}


def bare_spiff() -> None:
    parser = BpmnParser()
    parser.add_bpmn_file(str(MODEL))
    spec, subprocesses = parser.get_collaboration("home_education_sc")
    workflow = BpmnWorkflow(spec, subprocesses)
    workflow.get_tasks(spec_name="Start")[0].data.update(DATA)
    for _ in range(100):
        workflow.do_engine_steps()
        if workflow.is_completed():
            return
        tasks = workflow.get_tasks(state=TaskState.READY | TaskState.STARTED)
        waiting = [t for t in tasks if t.task_spec.manual or t.state == TaskState.STARTED]
        if not waiting:
            break
        task = waiting[0]
        task.data.update(DATA)
        if task.state == TaskState.STARTED:
            task.complete()
        else:
            task.run()
    raise AssertionError("bare SpiffWorkflow run did not finish")


def with_engine(engine: Engine) -> None:
    instance = engine.start(MODEL, DATA)
    while not instance.is_finished:
        engine.complete(instance, instance.ready_tasks()[0].task_id, DATA)


def measure(label: str, func, runs: int) -> float:
    func()  # warm-up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(runs: int = 50) -> None:
    cached = Engine()
    baseline = measure("baseline", bare_spiff, runs)
    results = {
        "bare SpiffWorkflow (parse + run)": baseline,
        "reglament Engine, cached definition": measure("cached", lambda: with_engine(cached), runs),
        "reglament Engine, cold (parse + run)": measure("cold", lambda: with_engine(Engine()), runs),
    }
    print(f"home-education-sc.bpmn, {runs} runs, median per instance; ratio = time / baseline")
    for label, seconds in results.items():
        print(f"  {label:<40} {seconds * 1000:8.2f} ms   ratio {seconds / baseline:5.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
