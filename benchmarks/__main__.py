"""``python -m benchmarks [--rounds N] [--sizes 10,100,1000] [--format text|json] [--only NAMES]``

Every ratio the project tracks, each against its baseline measured in the same process
and run (see docs/benchmarks.md). No timing is asserted anywhere: the numbers are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from typing import Any

from benchmarks import engine_vs_spiff, tools
from benchmarks.table import print_table

GROUPS = ("engine", "startup", "lint", "files", "render", "growth")


def machine() -> dict[str, Any]:
    from importlib.metadata import version

    import SpiffWorkflow  # noqa: F401

    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "system": platform.system(), "SpiffWorkflow": version("SpiffWorkflow"), "lxml": version("lxml")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds per engine comparison")
    parser.add_argument("--sizes", default="10,100,1000", help="model sizes (tasks) for the growth rows")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of {', '.join(GROUPS)}")
    args = parser.parse_args(argv)
    groups = set(args.only.split(","))
    unknown = groups - set(GROUPS)
    if unknown or args.rounds < 1:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}" if unknown else "--rounds must be positive")
    try:
        sizes = tuple(int(s) for s in args.sizes.split(","))
    except ValueError:
        parser.error("--sizes is a comma-separated list of whole numbers")
    rows: list[dict[str, Any]] = []
    if "engine" in groups:
        rows += tools.timed("engine", lambda: engine_vs_spiff.engine_rows(args.rounds))
    if "startup" in groups:
        rows += tools.timed("start-up", lambda: engine_vs_spiff.startup_rows(args.rounds))
    if "lint" in groups:
        rows += tools.timed("lint vs bpmnlint", lambda: tools.lint_vs_bpmnlint(args.rounds))
    if "files" in groups:
        rows += tools.timed("lint/check per file", lambda: tools.per_file_vs_lxml(args.rounds))
    if "render" in groups:
        rows += tools.timed("render vs dot", lambda: tools.render_vs_dot(args.rounds))
    if "growth" in groups:
        rows += tools.timed("growth", lambda: tools.growth(sizes))
    print_table(rows, args.format, machine())
    return 0


if __name__ == "__main__":
    sys.exit(main())
