"""An office that processes a batch of applications through two regulations, durably.

Applications for social assistance (the akimat's provider) and for home education
(through the State Corporation) arrive; simulated officers — each sitting in one lane
of a model — take the earliest-due task from their lane's queue, claim it, decide and
complete it; simulated information systems (ЖТ МДҚ, БНАЖ, ЭҮШ, ЭҮАШ) answer the
service tasks, and ЖТ МДҚ is down for its first request, so one instance fails and a
system administrator retries it. Everything goes through ``toolkit.store``: stop the
script at any moment and run it again with the same ``--db``; it carries on.

Run it::

    python examples/office.py                         # a temporary SQLite store
    python examples/office.py --db sqlite:///office.db --applications 40
    python examples/office.py --db postgresql://postgres@127.0.0.1:5432/postgres

It prints each lane's work, how each application ended, the steps done after
their due date, and one application's audit trail.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from toolkit.engine import HandlerRegistry, ServiceCall, simulated_handlers  # noqa: E402
from toolkit.store import COMPLETED, ConflictError, Store, open_store  # noqa: E402

SOCIAL = ROOT / "bpmn" / "social-assistance.bpmn"
HOME = ROOT / "bpmn" / "home-education-sc.bpmn"

#: Applicants the simulated ЖТ МДҚ knows (and one it does not).
KNOWN_IINS = ["800315400125", "820704300236", "751122300458"]
UNKNOWN_IIN = "991231300678"


@dataclass
class Officer:
    """Someone who works one lane's queue."""

    name: str
    lane: str
    done: int = 0


@dataclass
class OfficeClock:
    """Office time: starts on a Monday morning and moves on as officers work."""

    now: datetime = datetime(2026, 11, 30, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def spend(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)
        if self.now.hour >= 18:  # the office closes; work resumes next morning
            self.now = (self.now + timedelta(days=1)).replace(hour=9, minute=0)


@dataclass
class Systems:
    """The information systems the models call, simulated, with a flaky ЖТ МДҚ."""

    calls: Counter = field(default_factory=Counter)
    gbd_down_for: int = 1

    def registry(self) -> HandlerRegistry:
        registry = simulated_handlers()
        real_find_person = registry.operations["gbd_fl.find_person"]

        def find_person(call: ServiceCall) -> Mapping[str, Any] | None:
            self.calls["gbd_fl.find_person"] += 1
            if self.gbd_down_for > 0:
                self.gbd_down_for -= 1
                raise ConnectionError("ЖТ МДҚ is not answering (timeout)")
            return real_find_person(call)

        registry.register(find_person, operation="gbd_fl.find_person")
        return registry


OFFICERS = [
    Officer("Айгерім", "көрсетілетін қызметті берушінің кеңсе қызметкері"),
    Officer("Бауыржан", "көрсетілетін қызметті берушінің басшысы"),
    Officer("Дана", "көрсетілетін қызметті берушінің жауапты орындаушысы"),
    Officer("Ерлан", "МК қызметкері"),
    Officer("Жанар", "МК қызметкері"),
    Officer("Зарина", "көрсетілетін қызметті беруші"),
]


def applications(count: int, rng: random.Random) -> list[tuple[Path, dict[str, Any]]]:
    """A batch of applications: half for social assistance, half for home education."""
    batch = []
    for number in range(count):
        iin = rng.choice(KNOWN_IINS[:1] * 4 + [UNKNOWN_IIN])
        if number % 2 == 0:
            batch.append((SOCIAL, {"iin": iin, "application_no": f"SA-{number + 1:04d}"}))
        else:
            batch.append((HOME, {"iin": iin, "by_representative": False, "application_no": f"HE-{number + 1:04d}"}))
    return batch


def decide(node_id: str, rng: random.Random) -> dict[str, Any]:
    """What an officer enters at each task (most documents are in order)."""
    if node_id == "accept_documents":
        return {"documents_complete": rng.random() < 0.85}
    if node_id == "check_documents":
        return {"documents_in_order": rng.random() < 0.8}
    return {}


def work_one(store: Store, officer: Officer, clock: OfficeClock, rng: random.Random) -> bool:
    """The officer takes the earliest-due task of the lane nobody else holds; False if none."""
    for item in store.queue(lane=officer.lane, limit=10):
        if item.claimed_by not in (None, officer.name):
            continue
        try:
            store.claim(item.instance_id, item.task_id, officer.name)
            clock.spend(rng.randint(5, 40))
            store.complete(item.instance_id, item.task_id, decide(item.node_id, rng), user=officer.name)
        except ConflictError:
            continue  # someone (another office process) got there first: take the next one
        officer.done += 1
        return True
    return False


def run_office(db: str, count: int = 20, seed: int = 7, out: Any = sys.stdout) -> dict[str, Any]:
    """Process ``count`` applications to their ends; returns a summary (used by the tests)."""
    rng = random.Random(seed)
    clock = OfficeClock()
    systems = Systems()
    store = open_store(db, handlers=systems.registry(), clock=clock)
    officers = [Officer(o.name, o.lane) for o in OFFICERS]
    for model in (SOCIAL, HOME):
        store.load_model(model)
    started = []
    for model, data in applications(count, rng):
        started.append(store.start(model, data, user="reception").instance.id)
        clock.spend(3)
    retried = 0
    for _ in range(count * 20):
        busy = [work_one(store, officer, clock, rng) for officer in officers]
        for failed in store.instances(state="failed"):
            print(f"admin: instance {failed.id} failed ({failed.error}); ЖТ МДҚ is back, retrying", file=out)
            store.retry(failed.id, user="admin")
            retried += 1
        store.tick()
        if not any(busy) and not store.instances(state="failed"):
            break
    summary = summarize(store, started, officers, systems, retried, out)
    store.close()
    return summary


def summarize(store: Store, started: list[int], officers: list[Officer], systems: Systems, retried: int,
              out: Any) -> dict[str, Any]:
    infos = [store.get(i) for i in started]
    ends: Counter = Counter()
    late = []
    for info in infos:
        history = store.history(info.id)
        last_steps = [h.node_id for h in history if h.kind == "step"]
        ends[f"{info.model}: {last_steps[-1] if last_steps else '—'}"] += 1
        late += [(info.id, h) for h in history if h.kind == "step" and h.who and h.due and h.at > h.due]
    print(f"{len(infos)} applications, {sum(i.state == COMPLETED for i in infos)} completed", file=out)
    for officer in officers:
        print(f"  {officer.name:<10} {officer.lane}: {officer.done} task(s)", file=out)
    print("how they ended:", file=out)
    for end, number in sorted(ends.items()):
        print(f"  {number:>3} × {end}", file=out)
    print(f"system calls: {dict(systems.calls)}; retries after a failure: {retried}", file=out)
    print(f"steps done after their due date: {len(late)}", file=out)
    for instance_id, entry in late[:5]:
        print(f"  #{instance_id} {entry.node_id} by {entry.who}: due {entry.due:%Y-%m-%d %H:%M}, "
              f"done {entry.at:%Y-%m-%d %H:%M} ({', '.join(entry.clauses)})", file=out)
    print(f"audit trail of application #{started[0]}:", file=out)
    for entry in store.history(started[0]):
        due = f" due {entry.due:%d.%m %H:%M}" if entry.due else ""
        print(f"  {entry.seq:>2}. {entry.at:%d.%m %H:%M} {entry.who or 'system':<10} {entry.kind:<6} "
              f"{entry.node_id or ''} {', '.join(entry.clauses)}{due}", file=out)
    return {"instances": len(infos), "completed": sum(i.state == COMPLETED for i in infos),
            "states": Counter(i.state for i in infos), "ends": dict(ends), "retried": retried,
            "late": len(late), "work": {o.name: o.done for o in officers}, "calls": dict(systems.calls)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store URL (default: a temporary SQLite file)")
    parser.add_argument("--applications", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db or f"sqlite:///{Path(scratch) / 'office.db'}"
        summary = run_office(db, args.applications, args.seed)
    return 0 if summary["completed"] == summary["instances"] else 1


if __name__ == "__main__":
    sys.exit(main())
