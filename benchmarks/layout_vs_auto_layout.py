"""``reglament layout`` against bpmn-auto-layout 2.0 on the same DI-stripped inputs.

    python benchmarks/layout_vs_auto_layout.py --auto-layout /path/to/bpmn-auto-layout [--runs 3]

bpmn-auto-layout 2.0 is an alpha that npm does not serve (npm has 1.3.0, which lays
out only the first process, without pools or lanes): pass a checkout of
github.com/bpmn-io/bpmn-auto-layout (its ``lib/`` runs as it is; give it
``node_modules`` with bpmn-moddle 10 and min-dash 5, e.g. a link to tests/js/node_modules).
Its code is not part of this repository. Without ``--auto-layout`` only our side is measured.

Both sides get the same file: the model with its ``BPMNDiagram`` removed
(:func:`toolkit.layout.splice.semantic_part`). Both outputs are measured by the same
code (:func:`toolkit.layout.quality.measure`: crossings, bends, lines through shapes,
area) and linted by the real bpmnlint (tests/js/lint.mjs). Times are the median of
``--runs`` runs inside one process each — ours in Python (including the ``dot`` run
for the ranking), theirs in Node (after its start-up) — on the same machine, same run.
Prints a Markdown table (docs/layout.md shows one).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.layout import layout_model, write_di  # noqa: E402
from toolkit.layout.quality import measure  # noqa: E402
from toolkit.layout.splice import semantic_part  # noqa: E402
from toolkit.model import load_model_bytes  # noqa: E402

INPUTS = [ROOT / "bpmn" / f"{n}.bpmn" for n in ("social-assistance", "home-education-sc",
                                                 "home-education-sc-appendix-1")]
INPUTS += [ROOT / "tests" / "fixtures" / "miwg" / f"{n}.bpmn" for n in ("A.4.0", "B.2.0", "C.1.0", "C.2.0",
                                                                          "C.4.0", "C.5.0")]


def ours(bare: Path, out: Path, runs: int) -> float:
    data = bare.read_bytes()
    times = []
    result = b""
    for _ in range(runs):
        start = time.perf_counter()
        model = load_model_bytes(data, str(bare))
        result = write_di(model, layout_model(model))
        times.append(time.perf_counter() - start)
    out.write_bytes(result)
    return statistics.median(times) * 1000


def theirs(auto_layout: Path, bares: list[Path], out_dir: Path, runs: int) -> dict:
    done = subprocess.run(["node", str(ROOT / "benchmarks" / "js" / "auto_layout.mjs"), str(auto_layout),
                           str(out_dir), *map(str, bares)], capture_output=True, text=True, check=True,
                          env={**os.environ, "RUNS": str(runs)})
    return json.loads(done.stdout)


def lint(files: list[Path], tmp: Path) -> dict:
    listing = tmp / "files.txt"
    listing.write_text("\n".join(map(str, files)), encoding="utf-8")
    done = subprocess.run(["node", str(ROOT / "tests" / "js" / "lint.mjs"), "--files-from", str(listing)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def bad(report: dict) -> int:
    return sum(1 for r in report.get("reports", []) if r["rule"] in ("no-overlapping-elements", "no-bpmndi"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--auto-layout", type=Path, help="checkout of bpmn-io/bpmn-auto-layout (2.0 alpha)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for sub in ("in", "ours", "theirs"):
            (tmp / sub).mkdir()
        bares = []
        for path in INPUTS:
            bare = tmp / "in" / path.name
            bare.write_bytes(semantic_part(path.read_bytes(), str(path)))
            bares.append(bare)
        our_ms = {b.name: ours(b, tmp / "ours" / b.name, args.runs) for b in bares}
        their = theirs(args.auto_layout, bares, tmp / "theirs", args.runs) if args.auto_layout else {}
        outs = [tmp / "ours" / b.name for b in bares] + [Path(v["out"]) for v in their.values() if "out" in v]
        linted = lint(outs, tmp)
        print("| model | tool | shapes / edges drawn | crossings | bends | through shapes | area (Mpx²) "
              "| lint overlap/no-bpmndi | time (ms) |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for bare in bares:
            rows = [("reglament", tmp / "ours" / bare.name, our_ms[bare.name], None)]
            got = their.get(str(bare))
            if got is not None:
                rows.append(("bpmn-auto-layout 2.0", Path(got["out"]) if "out" in got else None,
                             got.get("ms"), got.get("error")))
            for tool, out, ms, error in rows:
                if error or out is None:
                    print(f"| {bare.stem} | {tool} | failed: {error} | | | | | | |")
                    continue
                q = measure(load_model_bytes(out.read_bytes(), str(out)))
                print(f"| {bare.stem} | {tool} | {q.shapes} / {q.edges} | {q.crossings} | {q.bends} | {q.through} | "
                      f"{q.area / 1e6:.2f} | {bad(linted[str(out)])} | {ms:.0f} |")


if __name__ == "__main__":
    main()
