"""Benchmark: toolkit.store on SQLite and PostgreSQL against the in-memory engine step.

Three measurements, all in this run, on this machine:

1. Per-step latency — complete one user task (accept_documents of social assistance)
   on a fresh instance: the in-memory ``Engine.complete`` (baseline) against
   ``Store.complete`` on SQLite and PostgreSQL, *warm* (the process that saved the
   instance still has it parsed: the revision check lets it skip the restore) and
   *cold* (a process that never saw the instance: load the snapshot, restore, run,
   save). Medians, p95, and the ratio to the baseline.
2. Queue query time with 1k, 10k and 100k open instances: ``Store.queue(lane=…, limit=50)``
   and the database's plan (it must walk an index, so the time stays flat). The
   instances are one real started instance's rows cloned with varied due dates and
   lanes; their snapshot column holds a stub because the queue never reads it.
3. Completes per second with 1, 2 and 4 worker processes, each walking its own
   instances to the end (PostgreSQL, and SQLite for comparison).

    python benchmarks/store_bench.py [--pg URL] [--steps N] [--quick]

Without --pg it uses REGLAMENT_TEST_PG_URL, else starts a throwaway cluster with
tests/pg_cluster.sh (and stops it at the end).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.engine import Engine  # noqa: E402
from toolkit.store import open_store  # noqa: E402

SOCIAL = ROOT / "bpmn" / "social-assistance.bpmn"
TASKS = ["accept_documents", "assign_executor", "review_documents", "sign_notification",
         "register_and_hand_notification"]
DATA = {"documents_complete": True}
LANES = ["көрсетілетін қызметті берушінің кеңсе қызметкері", "көрсетілетін қызметті берушінің басшысы",
         "көрсетілетін қызметті берушінің жауапты орындаушысы", "МК қызметкері", "көрсетілетін қызметті беруші",
         "ЖТ МДҚ", "ЭҮШ", "ЭҮАШ АЖО"]


def ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


# -- backends ---------------------------------------------------------------------------------

class Backends:
    """A fresh SQLite file and a fresh PostgreSQL schema per measurement."""

    def __init__(self, pg: str, scratch: Path) -> None:
        self.pg = pg
        self.scratch = scratch

    def sqlite(self) -> str:
        return f"sqlite:///{self.scratch / f'{uuid.uuid4().hex[:8]}.db'}"

    def postgresql(self, options: str = "") -> str:
        """A fresh schema; ``options`` adds server settings (libpq's options, space-separated)."""
        import psycopg
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.pg, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in self.pg else "?"
        extra = "".join(f"%20-c{option.replace('=', '%3D')}" for option in options.split())
        return f"{self.pg}{separator}options=-csearch_path%3D{schema}{extra}"

    def each(self) -> Iterator[tuple[str, Callable[[], str]]]:
        yield "SQLite", self.sqlite
        yield "PostgreSQL", self.postgresql


def pg_cluster(url: str | None) -> tuple[str, Callable[[], None]]:
    if url:
        return url, lambda: None
    directory = tempfile.mkdtemp(prefix="reglament-bench-pg.")
    script = ROOT / "tests" / "pg_cluster.sh"
    started = subprocess.run([str(script), "start", directory], capture_output=True, text=True, check=True)
    return started.stdout.strip(), lambda: subprocess.run([str(script), "stop", directory], check=False)


# -- 1. per-step latency ----------------------------------------------------------------------

def step_latency(backends: Backends, steps: int) -> None:
    engine = Engine()
    engine.definition(SOCIAL)
    samples = []
    for _ in range(steps):
        instance = engine.start(SOCIAL)
        began = time.perf_counter()
        engine.complete(instance, "accept_documents", DATA)
        samples.append(time.perf_counter() - began)
    base, base95 = ms(samples)
    print(f"\n1. Per-step latency (complete accept_documents), {steps} steps each")
    print(f"   {'in-memory engine (baseline)':<34} median {base:6.2f} ms  p95 {base95:6.2f} ms   1.0×")
    for name, fresh in backends.each():
        url = fresh()
        store = open_store(url)
        ids = [store.start(SOCIAL).instance.id for _ in range(2 * steps)]
        warm = []
        for instance_id in ids[:steps]:
            began = time.perf_counter()
            store.complete(instance_id, "accept_documents", DATA)
            warm.append(time.perf_counter() - began)
        cold_store = open_store(url)
        cold_store._cache_size = 0
        cold = []
        for instance_id in ids[steps:]:
            began = time.perf_counter()
            cold_store.complete(instance_id, "accept_documents", DATA)
            cold.append(time.perf_counter() - began)
        for label, got in (("warm", warm), ("cold", cold)):
            median, p95 = ms(got)
            print(f"   {name + ' store, ' + label:<34} median {median:6.2f} ms  p95 {p95:6.2f} ms  "
                  f"{median / base:4.1f}×")
        store.close()
        cold_store.close()


# -- 2. queue query at 1k / 10k / 100k open instances ------------------------------------------

def fill(store: Any, model_row: tuple[Any, ...], start: int, stop: int) -> None:
    version, model = model_row
    batch = 5000
    for low in range(start, stop, batch):
        high = min(stop, low + batch)
        with store.db.transaction() as tx:
            tx.executemany(
                "INSERT INTO instances (id, version, model, state, revision, created_at, updated_at, data, snapshot) "
                "VALUES (?, ?, ?, 'running', 1, '2026-12-01T09:00:00', '2026-12-01T09:00:00', '{}', '{}')",
                [(n, version, model) for n in range(low, high)])
            tx.executemany(
                "INSERT INTO tasks (instance_id, task_id, node_id, lane, clauses, time_limit, ready_since, due, "
                "due_key, due_provisional) VALUES (?, ?, 'accept_documents', ?, '[\"5.1 step 1\"]', "
                "'30 (отыз) минут', ?, ?, ?, 0)",
                [(n, f"t{n}", LANES[n % len(LANES)], f"2026-12-{1 + n % 28:02d}T09:00:00",
                  f"2026-12-{1 + n % 28:02d}T{9 + n % 9:02d}:{n % 60:02d}:00",
                  f"2026-12-{1 + n % 28:02d}T{9 + n % 9:02d}:{n % 60:02d}:00") for n in range(low, high)])


def queue_times(backends: Backends, sizes: list[int], repeats: int = 200) -> None:
    print(f"\n2. Queue query (one lane, first 50 by due date), median of {repeats}")
    for name, fresh in backends.each():
        store = open_store(fresh())
        started = store.start(SOCIAL).instance
        row = (started.version, started.model)
        have = 1_000_000
        fill(store, row, have, have)
        for size in sizes:
            fill(store, row, have, 1_000_000 + size)
            have = 1_000_000 + size
            if store.db.dialect == "postgresql":
                with store.db.transaction() as tx:
                    tx.execute("ANALYZE tasks")
            else:
                store.db.query("ANALYZE")
            samples = []
            for n in range(repeats):
                lane = LANES[n % len(LANES)]
                began = time.perf_counter()
                got = store.queue(lane=lane, limit=50)
                samples.append(time.perf_counter() - began)
            assert len(got) >= min(50, size // len(LANES))
            median, p95 = ms(samples)
            print(f"   {name:<11} {size:>7,} open instances: median {median:6.2f} ms  p95 {p95:6.2f} ms")
        plan = " | ".join(line.strip() for line in store.explain_queue(lane=LANES[0]))
        print(f"   {name:<11} plan: {plan}")
        store.close()


# -- 3. completes per second with 1, 2, 4 workers --------------------------------------------

def _walk(url: str, ids: list[int], ready: Any, go: Any, done: Any) -> None:
    store = open_store(url)
    ready.release()
    go.wait()
    count = 0
    cpu = time.process_time()
    for instance_id in ids:
        for task in TASKS:
            store.complete(instance_id, task, DATA, user="bench")
            count += 1
    done.put((count, time.process_time() - cpu))
    store.close()


def throughput(backends: Backends, per_worker: int, workers: list[int]) -> None:
    ctx = mp.get_context("fork")
    print(f"\n3. Completes per second (each worker walks {per_worker} instances × {len(TASKS)} tasks)")
    variants = [*backends.each(), ("PostgreSQL, synchronous_commit=off",
                                   lambda: backends.postgresql("synchronous_commit=off"))]
    for name, fresh in variants:
        for count in workers:
            url = fresh()
            store = open_store(url)
            ids = [store.start(SOCIAL).instance.id for _ in range(per_worker * count)]
            store.close()
            ready, go, done = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
            procs = [ctx.Process(target=_walk, args=(url, ids[k::count], ready, go, done)) for k in range(count)]
            for proc in procs:
                proc.start()
            for _ in procs:
                ready.acquire()
            began = time.perf_counter()
            go.set()
            answers = [done.get(timeout=600) for _ in procs]
            elapsed = time.perf_counter() - began
            for proc in procs:
                proc.join()
            total = sum(n for n, _ in answers)
            cpu = sum(c for _, c in answers) / total * 1000
            print(f"   {name:<11} {count} worker(s): {total / elapsed:7.0f} completes/s  ({total} in {elapsed:.1f} s; "
                  f"{cpu:.1f} ms worker CPU per complete)")


def main() -> int:
    parser = argparse.ArgumentParser(description="toolkit.store benchmark")
    parser.add_argument("--pg", default=os.environ.get("REGLAMENT_TEST_PG_URL"))
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmark runs")
    args = parser.parse_args()
    pg, stop = pg_cluster(args.pg)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            backends = Backends(pg, Path(scratch))
            print(f"reglament store benchmark · {os.cpu_count()} CPU(s) · python {sys.version.split()[0]} · "
                  f"load average {os.getloadavg()[0]:.1f} at the start")
            step_latency(backends, 20 if args.quick else args.steps)
            queue_times(backends, [100, 1000] if args.quick else [1_000, 10_000, 100_000],
                        repeats=20 if args.quick else 200)
            throughput(backends, 5 if args.quick else 60, [1, 2, 4])
            print(f"\nload average {os.getloadavg()[0]:.1f} at the end (other processes share these CPUs)")
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
