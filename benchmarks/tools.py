"""Benchmarks of the other commands: lint, check, paths, render and run against baselines
measured in the same process and run, and their growth per 10× model size.

Times are CPU seconds of this process plus its children (Graphviz, Node), so other work
on a shared machine does not count; each pair is interleaved and repeated, and the
median of the repeats is used.
"""

from __future__ import annotations

import functools
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ACT = ROOT / "bpmn" / "resolution-38-08-2017.kk.txt"
BPMNLINT = ROOT / "tests" / "js" / "node_modules" / ".bin" / "bpmnlint"


def cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def paired(ours: Callable[[], Any], theirs: Callable[[], Any], repeats: int) -> tuple[list[float], list[float]]:
    """Interleaved CPU samples of two callables (one warm-up each)."""
    ours()
    theirs()
    mine: list[float] = []
    base: list[float] = []
    for number in range(repeats):
        for func, samples in ((ours, mine), (theirs, base))[:: 1 if number % 2 == 0 else -1]:
            began = cpu()
            func()
            samples.append(cpu() - began)
    return mine, base


def row(benchmark: str, subject: str, baseline: str, mine: list[float], base: list[float],
        note: str | None = None) -> dict[str, Any]:
    def ms(values: list[float]) -> list[float]:
        return [round(v * 1000, 3) for v in (statistics.median(values), min(values), max(values))]

    median = statistics.median(base)
    return {"benchmark": benchmark, "subject": subject, "baseline": baseline,
            "ratio": statistics.median(mine) / median if median > 0 else None,
            "ours_ms": ms(mine), "baseline_ms": ms(base), **({"note": note} if note else {})}


def miwg_files() -> list[Path]:
    return sorted((ROOT / "tests" / "fixtures" / "miwg").glob("*.bpmn"))


def lint_vs_bpmnlint(repeats: int) -> list[dict[str, Any]]:
    """``reglament lint`` on the MIWG files against the real bpmnlint CLI (both as processes)."""
    files = [str(f) for f in miwg_files()]
    node = shutil.which("node")
    if not (node and BPMNLINT.exists()):
        return [{"benchmark": "lint MIWG", "subject": f"{len(files)} files", "baseline": "bpmnlint CLI",
                 "ratio": None, "ours_ms": None, "baseline_ms": None, "note": "Node/bpmnlint not installed"}]
    reglament = str(Path(sys.executable).with_name("reglament"))
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / ".bpmnlintrc").write_text('{"extends": "bpmnlint:recommended"}')

        def ours() -> None:
            subprocess.run([reglament, "lint", "--preset", "recommended", *files], capture_output=True, cwd=work)

        def theirs() -> None:
            subprocess.run([str(BPMNLINT), *files], capture_output=True, cwd=work)

        mine, base = paired(ours, theirs, max(3, repeats // 3))
    return [row("lint MIWG (processes)", f"{len(files)} MIWG files", "bpmnlint CLI", mine, base)]


def per_file_vs_lxml(repeats: int) -> list[dict[str, Any]]:
    """Lint and check of each bundled model against an lxml parse of the same bytes."""
    from toolkit.conformance.runner import check_bytes
    from toolkit.lint.runner import lint_bytes

    text = ACT.read_text(encoding="utf-8")
    rows = []
    for path in sorted((ROOT / "bpmn").glob("*.bpmn")):
        data = path.read_bytes()
        parse = functools.partial(etree.fromstring, data)
        rows.append(row("lint per file", path.stem, "lxml parse",
                        *paired(functools.partial(lint_bytes, data, str(path)), parse, repeats)))
        rows.append(row("check per file", path.stem, "lxml parse",
                        *paired(functools.partial(check_bytes, data, text, str(path), str(ACT)), parse, repeats)))
    return rows


def render_vs_dot(repeats: int) -> list[dict[str, Any]]:
    """Rendering an SVG against ``dot -Tsvg`` alone on the model's DOT."""
    from toolkit.model import load_model
    from toolkit.render import graphviz_available, render, to_dot

    if not graphviz_available():
        return [{"benchmark": "render", "subject": "bundled models", "baseline": "dot -Tsvg", "ratio": None,
                 "ours_ms": None, "baseline_ms": None, "note": "Graphviz not installed"}]
    rows = []
    for path in sorted((ROOT / "bpmn").glob("*.bpmn")):
        model = load_model(path)
        dot_text = to_dot(model)
        mine, base = paired(functools.partial(_render_svg, render, model),
                            functools.partial(subprocess.run, ["dot", "-Tsvg"], input=dot_text.encode(),
                                              capture_output=True),
                            max(3, repeats // 3))
        rows.append(row("render SVG", path.stem, "dot -Tsvg on its DOT", mine, base))
    return rows


def _render_svg(render: Callable[[Any], Any], model: Any) -> Any:
    return render(model).image("svg")


def growth(sizes: tuple[int, ...] = (10, 100, 1000), repeats: int = 3) -> list[dict[str, Any]]:
    """CPU time per operation on generated models of each size (a chain with an exclusive
    gateway every 10 tasks, over 4 lanes); the ratio is the growth per 10× size."""
    sys.path.insert(0, str(ROOT / "tests"))
    import hostile  # the test suite's model builders

    from toolkit.conformance.runner import check_bytes
    from toolkit.engine import Engine
    from toolkit.lint.runner import lint_bytes
    from toolkit.model import load_model_bytes
    from toolkit.paths import enumerate_paths
    from toolkit.render import graphviz_available, render

    text = ACT.read_text(encoding="utf-8")
    operations: dict[str, Callable[[bytes], Any]] = {
        "parse": lambda data: load_model_bytes(data, "growth.bpmn"),
        "lint": lambda data: lint_bytes(data, "growth.bpmn"),
        "check": lambda data: check_bytes(data, text, "growth.bpmn", str(ACT)),
        "paths": lambda data: enumerate_paths(load_model_bytes(data, "growth.bpmn")),
        "run": lambda data: _run_all(Engine(), data),
    }
    if graphviz_available():
        operations["render"] = lambda data: render(load_model_bytes(data, "growth.bpmn")).image("svg")
    times: dict[str, list[float]] = {name: [] for name in operations}
    for size in sizes:
        data = hostile.chain_model(size, gateway_every=10, lanes=4).encode()
        for name, operation in operations.items():
            samples = []
            for _ in range(repeats if size < 1000 else 1):
                began = cpu()
                operation(data)
                samples.append(cpu() - began)
            times[name].append(statistics.median(samples))
    rows = []
    for name, values in times.items():
        for (small, large), (t_small, t_large) in zip(zip(sizes, sizes[1:]), zip(values, values[1:])):
            rows.append({"benchmark": f"growth {name}", "subject": f"{small} → {large} tasks",
                         "baseline": f"{name} at {small} tasks", "ratio": t_large / t_small if t_small else None,
                         "ours_ms": [round(t_large * 1000, 3)] * 3, "baseline_ms": [round(t_small * 1000, 3)] * 3})
    return rows


def _run_all(engine: Any, data: bytes) -> None:
    from toolkit.model import load_model_bytes

    instance = engine.start(load_model_bytes(data, "growth.bpmn"))
    engine.drive(instance, lambda task: {})


def timed(label: str, func: Callable[[], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    began = time.perf_counter()
    rows = func()
    print(f"  {label}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return rows
