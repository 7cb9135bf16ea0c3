"""toolkit.store on both backends: instances, queues, claims, conflicts, versions, history."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from store_support import *  # noqa: F403 - fixtures
from store_support import HOME, SOCIAL, Clock

from toolkit.engine import simulated_handlers
from toolkit.errors import InputError
from toolkit.store import (
    CANCELLED,
    COMPLETED,
    FAILED,
    RUNNING,
    ClaimedError,
    ConflictError,
    NotFoundError,
    Store,
    StoreError,
    StuckError,
    open_store,
)
from toolkit.store.schema import SCHEMA_VERSION

IIN = "800315400125"
HOME_DATA = {"iin": IIN, "by_representative": False, "documents_in_order": True}


def walk(store: Store, instance_id: int, data: dict, user: str = "officer") -> None:
    """Complete ready tasks until none is left."""
    for _ in range(30):
        ready = store.queue(instance_id=instance_id)
        if not ready:
            return
        store.complete(instance_id, ready[0].node_id, data, user=user)
    raise AssertionError("instance did not finish in 30 steps")


# -- start, queue, complete, history ---------------------------------------------------------

def test_start_gives_an_id_and_a_queued_task_with_clause_limit_and_due(store: Store, clock: Clock) -> None:
    result = store.start(SOCIAL, {"iin": IIN}, user="registrar")
    assert result.instance.id >= 1 and result.instance.state == RUNNING
    assert result.instance.started_by == "registrar" and result.instance.revision == 1
    [task] = result.ready
    assert task.node_id == "accept_documents"
    assert task.clauses == ("5.1 step 1", "7.1 step 1") and task.time_limit == "30 (отыз) минут"
    assert task.ready_since == clock.now
    assert task.due == datetime(2025, 3, 3, 10, 30) and not task.overdue and not task.due_provisional
    assert task.calendar_version and task.calendar_version.startswith("kzcal-")
    assert store.queue(lane=task.lane) == [task]


def test_completing_every_task_finishes_and_history_names_who_did_each_step(store: Store, clock: Clock) -> None:
    started = store.start(SOCIAL, {"iin": IIN}, user="registrar")
    iid = started.instance.id
    clock.advance(minutes=10)
    store.complete(iid, "accept_documents", {"documents_complete": True}, user="clerk")
    for user in ("head", "executor", "head", "clerk"):
        clock.advance(hours=1)
        [task] = store.queue(instance_id=iid)
        store.complete(iid, task.node_id, {}, user=user)
    info = store.get(iid)
    assert info.state == COMPLETED and info.revision == 6
    assert store.queue(instance_id=iid) == []
    history = store.history(iid)
    assert history[0].kind == "start" and history[0].who == "registrar" and history[0].data_changed == {"iin": IIN}
    steps = [(h.node_id, h.who) for h in history if h.kind == "step" and h.who]
    assert steps == [("accept_documents", "clerk"), ("assign_executor", "head"), ("review_documents", "executor"),
                     ("sign_notification", "head"), ("register_and_hand_notification", "clerk")]
    accept = next(h for h in history if h.node_id == "accept_documents")
    assert accept.clauses == ("5.1 step 1", "7.1 step 1") and accept.time_limit == "30 (отыз) минут"
    assert accept.started == datetime(2025, 3, 3, 10, 0) and accept.due == datetime(2025, 3, 3, 10, 30)
    assert accept.at == datetime(2025, 3, 3, 10, 10) and accept.data_changed == {"documents_complete": True}
    assert [h.seq for h in history] == list(range(1, len(history) + 1))
    assert history[-1].node_id == "notification_received"  # the recipient's end, also recorded


def test_two_stores_completing_the_same_task_one_wins_the_other_gets_a_conflict(store_url: str, clock: Clock) -> None:
    first = open_store(store_url, clock=clock)
    second = open_store(store_url, clock=clock)
    iid = first.start(SOCIAL, {"iin": IIN}).instance.id
    second.load(iid)  # the second worker has the instance in memory too
    original = second.engine.complete

    def race(instance, task, data=None, **kwargs):  # the first worker commits while the second is running
        first.complete(iid, "accept_documents", {"documents_complete": True}, user="a")
        return original(instance, task, data, **kwargs)

    second.engine.complete = race  # type: ignore[method-assign]
    with pytest.raises(ConflictError) as caught:
        second.complete(iid, "accept_documents", {"documents_complete": False}, user="b")
    message = str(caught.value)
    assert f"instance {iid}" in message and "accept_documents" in message and "\n" not in message
    assert caught.value.instance_id == iid and caught.value.task == "accept_documents"
    info = first.get(iid)
    assert info.revision == 2 and info.data["documents_complete"] is True
    done = [h for h in first.history(iid) if h.node_id == "accept_documents"]
    assert [h.who for h in done] == ["a"]
    second.engine.complete = original  # type: ignore[method-assign]
    with pytest.raises(ConflictError, match="accept_documents was already completed by a"):
        second.complete(iid, "accept_documents", {"documents_complete": False}, user="b")
    first.close()
    second.close()


def test_a_stale_revision_is_refused_before_anything_runs(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    with pytest.raises(ConflictError, match="changed since revision 7"):
        store.complete(iid, "accept_documents", {"documents_complete": True}, revision=7)
    assert store.get(iid).revision == 1
    assert store.complete(iid, "accept_documents", {"documents_complete": True}, revision=1).instance.revision == 2


def test_unknown_instance_and_task_are_one_line_errors(store: Store) -> None:
    with pytest.raises(NotFoundError, match="instance 999 does not exist"):
        store.complete(999, "accept_documents")
    iid = store.start(SOCIAL).instance.id
    with pytest.raises(StoreError, match="no ready task review_documents; ready: accept_documents"):
        store.complete(iid, "review_documents")
    with pytest.raises(InputError, match="documents_complete"):
        store.complete(iid, "accept_documents", {})  # a required input missing: nothing applied
    assert store.get(iid).revision == 1 and [t.node_id for t in store.queue(instance_id=iid)] == ["accept_documents"]


def test_a_task_id_works_as_well_as_a_node_id(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    [task] = store.queue(instance_id=iid)
    result = store.complete(iid, task.task_id, {"documents_complete": True})
    assert [t.node_id for t in result.ready] == ["assign_executor"]


# -- claims ------------------------------------------------------------------------------------

def test_claim_assign_unclaim(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    claimed = store.claim(iid, "accept_documents", "aigerim")
    assert claimed.claimed_by == "aigerim"
    assert [t.instance_id for t in store.queue(user="aigerim")] == [iid]
    with pytest.raises(ClaimedError, match="claimed by aigerim"):
        store.claim(iid, "accept_documents", "bolat")
    with pytest.raises(ClaimedError, match="claimed by aigerim"):
        store.complete(iid, "accept_documents", {"documents_complete": True}, user="bolat")
    assert store.assign(iid, "accept_documents", "bolat", by="head").claimed_by == "bolat"
    with pytest.raises(ClaimedError):
        store.unclaim(iid, "accept_documents", user="aigerim")
    assert store.unclaim(iid, "accept_documents", user="bolat").claimed_by is None
    assert store.queue(user="bolat") == []
    kinds = [(h.kind, h.who, h.note) for h in store.history(iid) if h.kind in ("claim", "assign", "unclaim")]
    assert kinds == [("claim", "aigerim", "claimed by aigerim"), ("assign", "head", "assigned to bolat"),
                     ("unclaim", "bolat", "released by bolat")]


def test_a_claim_survives_steps_elsewhere_in_the_instance(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    store.claim(iid, "accept_documents", "aigerim")
    result = store.complete(iid, "accept_documents", {"documents_complete": True}, user="aigerim")
    assert result.ready[0].claimed_by is None  # the next task is a new one: unclaimed


# -- queues ------------------------------------------------------------------------------------

def test_queue_is_sorted_by_due_with_overdue_flags(store: Store, clock: Clock) -> None:
    early = store.start(SOCIAL).instance.id
    clock.advance(minutes=5)
    late = store.start(SOCIAL).instance.id
    lane = store.queue()[0].lane
    assert [t.instance_id for t in store.queue(lane=lane)] == [early, late]
    clock.advance(minutes=27)  # 10:32: the first is past 10:30, the second due 10:35
    queue = store.queue(lane=lane)
    assert [(t.instance_id, t.overdue) for t in queue] == [(early, True), (late, False)]
    assert [t.instance_id for t in store.queue(overdue=True)] == [early]
    store.complete(late, "accept_documents", {"documents_complete": True})
    lanes = {t.lane for t in store.queue()}
    assert len(lanes) == 2  # every lane's tasks when no lane is given
    assert [t.instance_id for t in store.queue(lane="no such lane")] == []


def test_queue_query_walks_an_index(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    lanes = ["clerk", "head", "executor"]
    rows = [(iid, f"t{n}", "accept_documents", lanes[n % 3], "[]", f"2025-03-{1 + n % 28:02d}T10:00:00",
             f"2025-04-{1 + n % 28:02d}T10:{n % 60:02d}:00", "u" if n % 7 == 0 else None) for n in range(3000)]
    with store.db.transaction() as tx:  # enough rows that the planner's choice means something
        tx.executemany("INSERT INTO tasks (instance_id, task_id, node_id, lane, clauses, ready_since, due_key, "
                       "due_provisional, claimed_by) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)", rows)
    store.db.query("ANALYZE") if store.db.dialect == "sqlite" else store.db.query("SELECT 1")
    if store.db.dialect == "postgresql":
        with store.db.transaction() as tx:
            tx.execute("ANALYZE tasks")
    for plan in (store.explain_queue(lane="head"), store.explain_queue(user="u"), store.explain_queue()):
        text = " ".join(plan)
        assert "INDEX" in text.upper() and "TEMP B-TREE" not in text.upper() and "Sort" not in text


# -- filters -----------------------------------------------------------------------------------

def test_list_filters(store: Store, clock: Clock) -> None:
    a = store.start(SOCIAL, {"iin": IIN}).instance.id
    clock.advance(hours=2)
    b = store.start(SOCIAL, {"iin": "990101300123"}).instance.id
    c = store.start(HOME, HOME_DATA).instance.id
    assert [i.id for i in store.instances()] == [a, b, c]
    assert [i.id for i in store.instances(model="social-assistance")] == [a, b]
    assert [i.id for i in store.instances(data={"iin": IIN})] == [a, c]
    assert [i.id for i in store.instances(model="home-education-sc", data={"by_representative": False})] == [c]
    assert [i.id for i in store.instances(overdue=True)] == [a]
    assert [i.id for i in store.instances(waiting_since=datetime(2025, 3, 3, 11, 0))] == [a]
    lane = store.queue(instance_id=c)[0].lane
    assert [i.id for i in store.instances(lane=lane)] == [c]
    version = store.get(c).version
    assert [i.id for i in store.instances(version=version[:10])] == [c]
    store.cancel(b, "applicant withdrew the application", user="clerk")
    assert [i.id for i in store.instances(state=CANCELLED)] == [b]
    with pytest.raises(StoreError, match="state must be one of"):
        store.instances(state="sleeping")


def test_cancel_keeps_history_and_stops_work(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    info = store.cancel(iid, "duplicate application", user="head")
    assert info.state == CANCELLED and info.cancel_reason == "duplicate application"
    assert store.queue(instance_id=iid) == []
    assert store.history(iid)[-1].kind == "cancel" and store.history(iid)[-1].who == "head"
    with pytest.raises(StoreError, match=f"instance {iid} is cancelled"):
        store.complete(iid, "accept_documents", {"documents_complete": True})
    with pytest.raises(StoreError, match="cancelled; cannot cancel"):
        store.cancel(iid, "again")
    with pytest.raises(StoreError, match="needs a reason"):
        store.cancel(store.start(SOCIAL).instance.id, " ")


# -- data --------------------------------------------------------------------------------------

def test_unstorable_data_is_refused_when_set_naming_the_key(store: Store) -> None:
    with pytest.raises(StoreError, match="'applicant_photo' is a bytearray, which cannot be stored"):
        store.start(SOCIAL, {"iin": IIN, "applicant_photo": bytearray(b"x")})
    assert store.instances() == []
    iid = store.start(SOCIAL).instance.id
    with pytest.raises(StoreError, match="'documents' is a set.*use a list"):
        store.complete(iid, "accept_documents", {"documents_complete": True, "documents": {"passport"}})
    with pytest.raises(StoreError, match="'callback' is a"):
        store.complete(iid, "accept_documents", {"documents_complete": True, "callback": print})
    assert store.get(iid).revision == 1


def test_dates_decimals_and_uuids_round_trip_and_are_shown_as_text(store_url: str, clock: Clock) -> None:
    values = {"iin": IIN, "submitted_on": date(2025, 3, 3), "received_at": datetime(2025, 3, 3, 9, 41, 7),
              "amount": Decimal("45123.50"), "request_id": UUID("12345678-1234-5678-1234-567812345678")}
    store = open_store(store_url, clock=clock)
    iid = store.start(SOCIAL, values).instance.id
    store.complete(iid, "accept_documents", {"documents_complete": True, "checked_on": date(2025, 3, 4)})
    store.close()
    fresh = open_store(store_url, clock=clock)  # another process: restored from the snapshot
    data = fresh.load(iid).data
    assert {k: data[k] for k in values} == values and data["checked_on"] == date(2025, 3, 4)
    assert all(type(data[k]) is type(v) for k, v in values.items())
    shown = fresh.get(iid).data
    assert shown["submitted_on"] == "2025-03-03" and shown["amount"] == "45123.50"
    assert [i.id for i in fresh.instances(data={"submitted_on": date(2025, 3, 3)})] == [iid]
    assert [i.id for i in fresh.instances(data={"amount": Decimal("45123.50")})] == [iid]
    fresh.close()


# -- service tasks that fail ------------------------------------------------------------------

def test_a_failed_handler_saves_the_instance_as_failed_and_retry_moves_it_on(store_url: str, clock: Clock) -> None:
    handlers = simulated_handlers()
    down = {"value": True}
    real = handlers.resolve(_node(HOME, "check_person_data"))
    assert real is not None

    def flaky(call):
        if down["value"]:
            raise ConnectionError("ЖТ МДҚ does not answer")
        return real(call)

    handlers.register(flaky, task_id="check_person_data")
    store = open_store(store_url, clock=clock, handlers=handlers)
    iid = store.start(HOME, HOME_DATA).instance.id
    store.complete(iid, "process_1", {}, user="operator")
    result = store.complete(iid, "process_2", {}, user="operator")
    assert result.instance.state == FAILED and "ЖТ МДҚ does not answer" in (result.instance.error or "")
    history = store.history(iid)
    assert history[-1].kind == "failed"
    assert [(h.node_id, h.who) for h in history if h.node_id == "process_2"] == [("process_2", "operator")]
    with pytest.raises(StoreError, match="no failed service task"):
        store.retry(store.start(SOCIAL).instance.id)
    down["value"] = False
    other = open_store(store_url, clock=clock, handlers=handlers)  # another process resumes it
    retried = other.retry(iid, user="admin")
    assert retried.instance.state == RUNNING and retried.instance.error is None
    assert [t.node_id for t in retried.ready] == ["check_documents"]
    steps = [h.node_id for h in other.history(iid) if h.kind == "step"]
    assert steps.count("process_2") == 1 and "check_person_data" in steps
    store.close()
    other.close()


def _node(path: Path, node_id: str):
    from toolkit.model import load_model
    return load_model(path).nodes[node_id]


# -- model versions ----------------------------------------------------------------------------

def test_instances_resume_on_their_version_after_the_file_changes_or_moves(store_url: str, clock: Clock,
                                                                         tmp_path: Path) -> None:
    model = tmp_path / "social-assistance.bpmn"
    shutil.copy(SOCIAL, model)
    store = open_store(store_url, clock=clock)
    old = store.start(model).instance
    model.write_text(SOCIAL.read_text(encoding="utf-8").replace("хабарлама", "хабарламасы"), encoding="utf-8")
    new = store.start(model).instance
    assert old.version != new.version
    versions = store.versions("social-assistance")
    assert [v.hash for v in versions] == [new.version, old.version] or {v.hash for v in versions} == {
        new.version, old.version}
    assert {v.hash: v.instances for v in versions} == {old.version: 1, new.version: 1}
    model.rename(tmp_path / "moved.bpmn")
    fresh = open_store(store_url, clock=clock)  # a new process, no cache, the file gone
    walk(fresh, old.id, {"documents_complete": True})
    assert fresh.get(old.id).state == COMPLETED and fresh.get(old.id).version == old.version
    store.close()
    fresh.close()


def test_migrate_only_on_request_and_only_when_waiting_tasks_exist(store_url: str, clock: Clock,
                                                                   tmp_path: Path) -> None:
    store = open_store(store_url, clock=clock)
    iid = store.start(SOCIAL).instance.id
    text = SOCIAL.read_text(encoding="utf-8")
    relabelled = tmp_path / "relabelled.bpmn"
    relabelled.write_text(text.replace("хабарлама", "хабарламасы"), encoding="utf-8")
    renamed = tmp_path / "renamed.bpmn"
    renamed.write_text(text.replace('"accept_documents"', '"accept_papers"')
                       .replace(">accept_documents<", ">accept_papers<"), encoding="utf-8")
    bad = store.load_model(renamed, name="social-assistance")
    with pytest.raises(StoreError, match="accept_documents"):
        store.migrate(iid, bad.hash)
    assert store.get(iid).revision == 1
    good = store.load_model(relabelled, name="social-assistance")
    moved = store.migrate(iid, good.hash, user="admin")
    assert moved.instance.version == good.hash and [t.node_id for t in moved.ready] == ["accept_documents"]
    assert store.history(iid)[-1].kind == "migrate"
    walk(store, iid, {"documents_complete": True})
    assert store.get(iid).state == COMPLETED
    store.close()


# -- the schema --------------------------------------------------------------------------------

def test_schema_is_created_once_and_versioned(store_url: str) -> None:
    first = open_store(store_url)
    second = open_store(store_url)
    assert first.db.query("SELECT MAX(version), COUNT(*) FROM schema_version")[0] == (SCHEMA_VERSION, SCHEMA_VERSION)
    first.close()
    second.close()


def test_a_file_that_is_not_a_store_is_refused_in_one_line(tmp_path: Path) -> None:
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE users (id INTEGER)")
    with pytest.raises(StoreError, match="not a reglament store") as caught:
        open_store(f"sqlite:///{other}")
    assert "\n" not in str(caught.value)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="garbage.db"):
        open_store(str(garbage))
    with pytest.raises(StoreError, match="unknown database"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/no/such/dir/x.db")


def test_due_dates_are_recomputed_after_new_calendar_data(store_url: str, clock: Clock, tmp_path: Path) -> None:
    from toolkit.calendar import KazakhstanCalendar
    store = open_store(store_url, clock=clock)
    iid = store.start(SOCIAL).instance.id
    store.complete(iid, "accept_documents", {"documents_complete": True})  # 1 working day from Mon 10:00
    [task] = store.queue(instance_id=iid)
    assert task.due == datetime(2025, 3, 4, 18, 30)  # the end of the next working day
    overrides = tmp_path / "decree.toml"
    overrides.write_text('format = 1\n[[day]]\ndate = 2025-03-04\nkind = "day_off"\n'
                         'name = "A day off by a new decree"\nsource = "test decree"\n', encoding="utf-8")
    before = task.calendar_version
    assert store.recompute_due_dates(KazakhstanCalendar(overrides)) == 1
    [task] = store.queue(instance_id=iid)
    assert task.due == datetime(2025, 3, 5, 18, 30) and task.calendar_version not in (None, before)
    assert store.recompute_due_dates() == 0
    store.close()


def test_a_damaged_snapshot_is_one_clear_error(store: Store) -> None:
    iid = store.start(SOCIAL).instance.id
    with store.db.transaction() as tx:
        tx.execute("UPDATE instances SET snapshot = ? WHERE id = ?", ("{not json", iid))
    fresh = open_store(store.db.url) if store.db.dialect == "sqlite" else None
    target = fresh or store
    target._cache.clear()
    with pytest.raises(StoreError, match=f"instance {iid} cannot be loaded"):
        target.complete(iid, "accept_documents", {"documents_complete": True})
    if fresh:
        fresh.close()


def test_today_has_due_dates_and_later_years_are_provisional(store_url: str) -> None:
    today = Clock(datetime(2026, 12, 2, 10, 0))
    store = open_store(store_url, clock=today)
    [task] = store.start(SOCIAL).ready
    assert task.due == datetime(2026, 12, 2, 10, 30) and not task.due_provisional
    later = Clock(datetime(2027, 12, 29, 10, 0))
    store = open_store(store_url, clock=later)
    iid = store.start(SOCIAL).instance.id
    store.complete(iid, "accept_documents", {"documents_complete": True})
    [task] = store.queue(instance_id=iid)
    assert task.due is not None and task.due_provisional and task.due_note


def test_a_store_of_schema_version_1_is_migrated_on_first_use(store_url: str) -> None:
    first = open_store(store_url)
    iid = first.start(SOCIAL).instance.id
    steps = len(first.history(iid))
    with first.db.transaction() as tx:  # back to the first release's schema, history and all
        tx.execute("ALTER TABLE instances DROP COLUMN last_seq")
        tx.execute("DELETE FROM schema_version WHERE version > 1")
    first.close()
    store = open_store(store_url)  # migrates: the history counter is back-filled
    versions = [r[0] for r in store.db.query("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1)) and SCHEMA_VERSION >= 2
    assert store.db.query("SELECT last_seq FROM instances WHERE id = ?", (iid,))[0][0] == steps
    store.claim(iid, "accept_documents", "aigerim")
    assert [h.seq for h in store.history(iid)] == list(range(1, steps + 2))
    store.close()


def test_a_step_that_loops_past_the_engine_bound_is_stuck_and_not_saved(store_url: str) -> None:
    loop = SOCIAL.parent.parent / "tests" / "fixtures" / "engine" / "script-loop.bpmn"
    store = open_store(store_url, max_steps=300)
    with pytest.raises(StuckError, match="more than 300 engine steps.*no instance was saved"):
        store.start(loop, {"count": 0, "limit": 10 ** 9})
    assert store.instances() == []
    assert store.start(loop, {"count": 0, "limit": 50}).instance.state == COMPLETED
    store.close()
