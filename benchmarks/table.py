"""One table of benchmark rows, as text or JSON."""

from __future__ import annotations

import json
from typing import Any


def _ms(values: list[float] | None) -> str:
    if not values:
        return "—"
    median, low, high = values
    return f"{median:.3f} ({low:.3f}–{high:.3f})"


def print_table(rows: list[dict[str, Any]], fmt: str, machine: dict[str, Any] | None = None) -> None:
    """Print ``rows`` (benchmark, subject, baseline, ratio, ours_ms, baseline_ms[, note])."""
    if fmt == "json":
        print(json.dumps({"machine": machine or {}, "rows": rows}, ensure_ascii=False, indent=2))
        return
    if machine:
        print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    header = ("benchmark", "subject", "baseline", "ratio", "ours ms: median (min–max)", "baseline ms")
    table = [header] + [
        (r["benchmark"], r["subject"], r["baseline"], "—" if r.get("ratio") is None else f"{r['ratio']:.2f}",
         _ms(r.get("ours_ms")), _ms(r.get("baseline_ms")) + (f"  {r['note']}" if r.get("note") else ""))
        for r in rows]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header) - 1)]
    for line in table:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) + "  " + str(line[-1]))
