"""Messages, timers and service-handler idempotency through the store, on both backends."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from store_support import *  # noqa: F403 - fixtures
from store_support import HOME, REPLY, TIMER, Clock

from toolkit.engine import ServiceCall, simulated_handlers
from toolkit.store import NotFoundError, Store, StoreError, open_store

IIN_A, IIN_B = "800315400125", "820704300236"


def _waiting_for_reply(store: Store, iin: str) -> int:
    instance_id = store.start(REPLY, {"iin": iin}, user="clerk").instance.id
    result = store.complete(instance_id, "send_request", user="clerk")
    assert result.waiting == ("gbd_reply",) and result.ready == ()
    return instance_id


def test_a_message_by_instance_id_moves_it_on_and_is_recorded(store: Store) -> None:
    instance_id = _waiting_for_reply(store, IIN_A)
    [result] = store.deliver("gbd_reply", {"person_found": True}, instance_id=instance_id, user="gbd-fl")
    assert [t.node_id for t in result.ready] == ["decide"] and result.waiting == ()
    assert store.get(instance_id).data["person_found"] is True
    message = [h for h in store.history(instance_id) if h.kind == "message"]
    assert [(h.who, h.note, h.data_changed) for h in message] == [("gbd-fl", "gbd_reply", {"person_found": True})]
    with pytest.raises(StoreError, match="does not wait for message 'gbd_reply'"):
        store.deliver("gbd_reply", {}, instance_id=instance_id)


def test_a_message_correlated_by_a_data_key_reaches_only_its_instance(store: Store) -> None:
    first = _waiting_for_reply(store, IIN_A)
    second = _waiting_for_reply(store, IIN_B)
    [result] = store.deliver("gbd_reply", {"person_found": False}, correlate={"iin": IIN_B})
    assert result.instance.id == second
    assert [t.node_id for t in store.queue(instance_id=second)] == ["decide"]
    assert store.queue(instance_id=first) == [] and store.waits(first)[0][:2] == ("message", "gbd_reply")
    with pytest.raises(NotFoundError, match="no instance waits for message 'gbd_reply' with iin=999"):
        store.deliver("gbd_reply", {}, correlate={"iin": "999"})
    with pytest.raises(StoreError, match="say which instance"):
        store.deliver("gbd_reply", {})


def test_tick_fires_due_timers_across_the_store_once(store_url: str, clock: Clock) -> None:
    store = open_store(store_url, clock=clock)
    waiting = store.start(TIMER).instance
    assert waiting.next_timer_due == datetime(2025, 3, 3, 11, 0)
    assert store.tick(datetime(2025, 3, 3, 10, 30)) == []
    other = open_store(store_url, clock=clock)  # a second ticker in another process
    moved = store.tick(datetime(2025, 3, 3, 11, 5))
    assert [r.instance.id for r in moved] == [waiting.id]
    assert [t.node_id for t in moved[0].ready] == ["work"]
    assert other.tick(datetime(2025, 3, 3, 11, 6)) == []  # nothing left to fire
    assert store.get(waiting.id).next_timer_due is None
    assert [h.kind for h in store.history(waiting.id)].count("timer") == 1
    store.close()
    other.close()


def _crash_in_handler(url: str, keys: str, instance_id: int) -> None:
    """A worker whose ЖТ МДҚ handler records its idempotency key, then the process dies."""
    handlers = simulated_handlers()

    def dies(call: ServiceCall) -> Any:
        Path(keys).write_text(call.idempotency_key + "\n", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)

    handlers.register(dies, task_id="check_person_data")
    store = open_store(url, handlers=handlers)
    store.complete(instance_id, "process_2", {}, user="operator")


def test_a_handler_rerun_after_a_crash_gets_the_same_idempotency_key(store_url: str, tmp_path: Path) -> None:
    store = open_store(store_url)
    instance_id = store.start(HOME, {"iin": IIN_A, "by_representative": False}).instance.id
    store.complete(instance_id, "process_1", {}, user="operator")
    keys = tmp_path / "keys.txt"
    worker = mp.get_context("fork").Process(target=_crash_in_handler, args=(store_url, str(keys), instance_id))
    worker.start()
    worker.join(60)
    assert worker.exitcode == -signal.SIGKILL
    first_key = keys.read_text(encoding="utf-8").strip()
    assert first_key and store.get(instance_id).revision == 2  # the crashed step left nothing behind
    seen = []
    handlers = simulated_handlers()
    real = handlers.operations["gbd_fl.find_person"]

    def records(call: ServiceCall) -> Any:
        seen.append(call.idempotency_key)
        return real(call)

    handlers.register(records, task_id="check_person_data")
    again = open_store(store_url, handlers=handlers)
    result = again.complete(instance_id, "process_2", {}, user="operator")
    assert seen == [first_key] and result.instance.state == "running"
    store.close()
    again.close()


def test_a_message_is_retried_when_another_worker_saved_the_instance_first(store: Store) -> None:
    instance_id = _waiting_for_reply(store, IIN_A)
    original = store.engine.deliver
    calls = []

    def racing(instance: Any, name: str, payload: Any = None, **kwargs: Any) -> None:
        calls.append(name)
        if len(calls) == 1:  # another worker saves the instance while this one runs
            with store.db.transaction() as tx:
                tx.execute("UPDATE instances SET revision = revision + 1 WHERE id = ?", (instance_id,))
        original(instance, name, payload, **kwargs)

    store.engine.deliver = racing  # type: ignore[method-assign]
    [result] = store.deliver("gbd_reply", {"person_found": True}, instance_id=instance_id)
    assert calls == ["gbd_reply", "gbd_reply"] and [t.node_id for t in result.ready] == ["decide"]
    assert [h.kind for h in store.history(instance_id)].count("message") == 1
