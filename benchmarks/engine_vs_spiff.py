"""Benchmark: reglament's engine against bare SpiffWorkflow, fairly, in one process.

For every bundled model, one instance is run from start to end on the same data
by each side, with the same advantages:

* **cached** — both sides parse the model once, outside the timed part; per
  instance each copies a collaboration's top spec (SpiffWorkflow rewires it at
  run time, so sharing it between instances would be wrong on both sides);
* **cold** — both sides parse the file inside the timed part (reglament also
  validates the XSD and checks the expressions: that is part of its cost);
* **same completion** — user tasks completed one at a time, first ready first,
  with the same data; service tasks answered by the same simulated handlers
  (bare SpiffWorkflow's stock service task waits in STARTED: the baseline calls
  the handler and completes it, as an app without reglament would);
* **interleaved** — each round runs every variant once in a rotating order, so
  drifts of a shared machine hit all of them alike; medians and min–max of the
  rounds are reported, ratios are of medians.

Also measured: saving and restoring an instance (reglament's JSON with the model
embedded vs SpiffWorkflow's ``serialize_json``/``deserialize_json``) and the CPU
time of ``reglament --help`` against a bare ``python -c pass``.

    python -m benchmarks.engine_vs_spiff [ROUNDS]
"""

from __future__ import annotations

import copy
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.task_spec import BpmnTaskSpecConverter
from SpiffWorkflow.bpmn.specs.defaults import ServiceTask
from SpiffWorkflow.util.task import TaskState

from toolkit.engine import Engine, simulated_handlers
from toolkit.model import load_model

ROOT = Path(__file__).resolve().parent.parent
RECIPIENT = "800315400125"
#: Each bundled model with data that takes it to an end through most of its steps.
MODELS: dict[str, dict[str, Any]] = {
    "social-assistance": {"documents_complete": True},
    "home-education-sc": {"iin": RECIPIENT, "by_representative": False, "documents_in_order": True,
                          "representative_iin": ""},
    "home-education-sc-appendix-1": {"iin": RECIPIENT, "by_representative": False, "documents_in_order": True,
                                     "representative_iin": ""},
}


@dataclass(frozen=True)
class Timing:
    """Seconds per run: median, fastest, slowest."""

    median: float
    low: float
    high: float

    @classmethod
    def of(cls, samples: list[float]) -> Timing:
        return cls(statistics.median(samples), min(samples), max(samples))


class BareSpiff:
    """What an app without reglament writes: stock parser and script engine, a loop that
    completes ready user tasks and answers service tasks with the same handlers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        model = load_model(path)  # only to find each service task's operation, outside any timing
        self.nodes = dict(model.nodes)
        self.handlers = simulated_handlers()
        self.collaboration = model.collaboration_id if len(model.participants) > 1 else None
        self.process = next(p.id for p in model.processes.values() if p.is_executable)

    def parse(self) -> tuple[Any, dict]:
        parser = BpmnParser()
        parser.add_bpmn_file(str(self.path))
        if self.collaboration:
            spec, subprocesses = parser.get_collaboration(self.collaboration)
            return spec, dict(subprocesses)
        return parser.get_spec(self.process), parser.get_subprocess_specs(self.process)

    def run(self, parsed: tuple[Any, dict], data: dict[str, Any]) -> BpmnWorkflow:
        spec, subprocesses = parsed
        workflow = BpmnWorkflow(copy.deepcopy(spec) if self.collaboration else spec, subprocesses)
        for task in workflow.get_tasks(spec_name="Start"):
            task.data.update(data)
        workflow.do_engine_steps()
        for _ in range(1_000):
            if workflow.is_completed():
                return workflow
            pending = workflow.get_tasks(state=TaskState.READY | TaskState.STARTED)
            task = next((t for t in pending if t.task_spec.manual
                         or (t.state == TaskState.STARTED and isinstance(t.task_spec, ServiceTask))), None)
            if task is None:
                break
            if task.state == TaskState.STARTED:  # a service task
                task.data.update(self.handlers.call(self.nodes[task.task_spec.bpmn_id], task.data))
                task.complete()
            else:
                task.data.update(data)
                task.run()
            workflow.do_engine_steps()
        raise AssertionError(f"bare SpiffWorkflow did not finish {self.path.name}")


def run_engine(engine: Engine, model: Any, data: dict[str, Any]) -> Any:
    instance = engine.start(model, data)
    while not instance.is_finished:
        ready = instance.ready_tasks()
        if not ready:
            raise AssertionError(f"reglament did not finish {instance.model.source}")
        engine.complete(instance, ready[0].task_id, data)
    return instance


def interleaved(variants: dict[str, Callable[[], Any]], rounds: int) -> dict[str, Timing]:
    """Run every variant once per round in a rotating order; one warm-up round first."""
    names = list(variants)
    for name in names:
        variants[name]()
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        order = names[number % len(names):] + names[:number % len(names)]
        for name in order:
            began = time.process_time()
            variants[name]()
            samples[name].append(time.process_time() - began)
    return {name: Timing.of(values) for name, values in samples.items()}


def engine_rows(rounds: int, models: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Rows ``{benchmark, subject, baseline, ratio, ...}`` for each bundled model."""
    rows = []
    for name, data in (models or MODELS).items():
        path = ROOT / "bpmn" / f"{name}.bpmn"
        bare = BareSpiff(path)
        parsed = bare.parse()
        engine = Engine()
        definition = engine.definition(path)
        timings = interleaved(_run_variants(bare, parsed, engine, definition, path, data), rounds)
        for mode in ("cached", "cold"):
            ours, theirs = timings[f"reglament {mode}"], timings[f"spiff {mode}"]
            rows.append(_row(f"engine {mode}", name, "bare SpiffWorkflow", ours, theirs))
        rows.append(_serialization_row(name, bare, parsed, engine, definition, data, rounds))
    return rows


def _run_variants(bare: BareSpiff, parsed: Any, engine: Engine, definition: Any, path: Path,
                  data: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    return {
        "spiff cached": lambda: bare.run(parsed, data),
        "reglament cached": lambda: run_engine(engine, definition, data),
        "spiff cold": lambda: bare.run(bare.parse(), data),
        "reglament cold": lambda: run_engine(Engine(), path, data),
    }


def _serialization_row(name: str, bare: BareSpiff, parsed: Any, engine: Engine, definition: Any,
                       data: dict[str, Any], rounds: int) -> dict[str, Any]:
    # The stock configuration lacks the stock service task (SpiffWorkflow 3.2): add it, as an app must.
    config = dict(DEFAULT_CONFIG)
    config[ServiceTask] = BpmnTaskSpecConverter
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))
    workflow = bare.run(parsed, data)
    instance = run_engine(engine, definition, data)
    timings = interleaved({
        "spiff": lambda: serializer.deserialize_json(serializer.serialize_json(workflow)),
        "reglament": lambda: engine.restore(engine.dump(instance)),
    }, rounds)
    return _row("save+restore", name, "SpiffWorkflow serialize_json", timings["reglament"], timings["spiff"])


def _row(benchmark: str, subject: str, baseline: str, ours: Timing, theirs: Timing) -> dict[str, Any]:
    return {"benchmark": benchmark, "subject": subject, "baseline": baseline,
            "ratio": ours.median / theirs.median,
            "ours_ms": [round(v * 1000, 3) for v in (ours.median, ours.low, ours.high)],
            "baseline_ms": [round(v * 1000, 3) for v in (theirs.median, theirs.low, theirs.high)]}


def _child_cpu(argv: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, capture_output=True, check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: What start-up is measured on: the command list, and the help of the heaviest command.
STARTUP_COMMANDS = (("reglament --help", ["--help"]), ("reglament run --help", ["run", "--help"]))


def startup_rows(rounds: int) -> list[dict[str, Any]]:
    """CPU seconds of ``reglament --help`` (and ``run --help``) against a bare Python start,
    interleaved.

    Both sides run with compiled bytecode, as an installed wheel has: a scratch
    ``PYTHONPYCACHEPREFIX`` is filled by one warm-up run of each, then only read. (Without
    it, a checkout run with ``PYTHONDONTWRITEBYTECODE`` compiles every module on every start,
    which measures the compiler, not reglament.)
    """
    reglament = str(Path(sys.executable).with_name("reglament"))
    bare = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory(prefix="reglament-pycache-") as cache:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        for _, args in STARTUP_COMMANDS:
            _child_cpu([reglament, *args], env)
        _child_cpu(bare, env)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        samples: dict[str, list[float]] = {label: [] for label, _ in STARTUP_COMMANDS}
        theirs: list[float] = []
        for _ in range(max(3, rounds // 4)):
            for label, args in STARTUP_COMMANDS:
                samples[label].append(_child_cpu([reglament, *args], env))
            theirs.append(_child_cpu(bare, env))
    return [_row("start-up (CPU)", label, "python -c pass", Timing.of(mine), Timing.of(theirs))
            for label, mine in samples.items()]


def main(rounds: int = 30) -> None:
    from benchmarks.table import print_table

    print_table([*engine_rows(rounds), *startup_rows(rounds)], "text")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
