"""How render and layout scale, and how render compares with plain ``dot`` on the same DOT.

    python benchmarks/render_scaling.py [--sizes 100,300,1000] [--runs 3]

1. A chain of N tasks (start → task 1 → … → task N → end, in two lanes, every tenth
   task in the other lane) laid out for bpmn-js (``reglament layout``) and rendered
   (``reglament render --layout auto``, SVG): wall time per N and its growth. Routing
   was quadratic before the spatial index (100 tasks 2.2 s, 1,000 tasks > 120 s).
2. Our three models: ``render --layout auto`` to SVG against ``dot -Tsvg`` on the model's
   DOT (:func:`toolkit.render.to_dot`: same clusters, same labels, dot's own splines),
   interleaved (ours, dot, ours, dot… so a burst of load from other jobs hits both sides),
   median of ``--runs`` each, same process, same run; the ratio is what counts.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.layout import layout_model, write_di  # noqa: E402
from toolkit.model import load_model, load_model_bytes  # noqa: E402
from toolkit.render import to_dot  # noqa: E402
from toolkit.render.output import render  # noqa: E402
from toolkit.render.scene import RenderOptions  # noqa: E402


def chain(n: int) -> bytes:
    """A process with two lanes and a chain of ``n`` user tasks."""
    tasks = [f"t{i}" for i in range(1, n + 1)]
    ids = ["start", *tasks, "end"]
    nodes = ['<bpmn:startEvent id="start" name="басталды"/>', '<bpmn:endEvent id="end" name="аяқталды"/>']
    nodes += [f'<bpmn:userTask id="{t}" name="хабарламаны қалыптастырылған сұранысты {t} қарайды"/>' for t in tasks]
    flows = [f'<bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}"/>' for i, (a, b) in enumerate(zip(ids, ids[1:]))]
    lane_a = [i for k, i in enumerate(ids) if k % 10 != 5]
    lane_b = [i for k, i in enumerate(ids) if k % 10 == 5]
    lanes = "".join(f'<bpmn:lane id="{name}" name="{name}">' + "".join(f"<bpmn:flowNodeRef>{r}</bpmn:flowNodeRef>" for r in refs)
                    + "</bpmn:lane>" for name, refs in (("a", lane_a), ("b", lane_b)))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'id="d" targetNamespace="x"><bpmn:process id="p" isExecutable="false">'
            f'<bpmn:laneSet id="ls">{lanes}</bpmn:laneSet>' + "".join(nodes + flows)
            + "</bpmn:process></bpmn:definitions>\n").encode()


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(ours, theirs, runs: int) -> tuple[float, float]:
    """Medians of ``runs`` alternating runs of both (one warm-up run of each first)."""
    ours()
    theirs()
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours, 1))
        b.append(timed(theirs, 1))
    return statistics.median(a), statistics.median(b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| chain of N tasks | layout (s) | render SVG (s) |")
    print("|---:|---:|---:|")
    for n in (int(v) for v in args.sizes.split(",")):
        model = load_model_bytes(chain(n), f"chain-{n}.bpmn")
        lay = timed(lambda m=model: write_di(m, layout_model(m)), 1 if n >= 1000 else args.runs)
        ren = timed(lambda m=model: render(m, RenderOptions(), layout_mode="auto").image("svg"),
                    1 if n >= 1000 else args.runs)
        print(f"| {n} | {lay:.2f} | {ren:.2f} |")
    print()
    print("| model | render --layout auto, SVG (s) | dot -Tsvg on the same DOT (s) | ratio |")
    print("|---|---:|---:|---:|")
    for path in sorted((ROOT / "bpmn").glob("*.bpmn")):
        model = load_model(path)
        dot_text = to_dot(model).encode()
        ours, theirs = interleaved(lambda m=model: render(m, RenderOptions(), layout_mode="auto").image("svg"),
                                   lambda d=dot_text: subprocess.run(["dot", "-Tsvg"], input=d, capture_output=True,
                                                                     check=True), args.runs)
        print(f"| {path.stem} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.1f}× |")


if __name__ == "__main__":
    main()
