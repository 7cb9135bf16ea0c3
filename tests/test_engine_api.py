"""The embedding API of the engine: users in the trace, storable values, saved-instance
format, messages, timers, idempotency keys and the step bound (real SpiffWorkflow)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES

from toolkit.engine import Engine, HandlerRegistry, StepLimitError, check_storable
from toolkit.errors import InputError

ENGINE = FIXTURES / "engine"
MESSAGE = ENGINE / "message-wait.bpmn"
TIMER = ENGINE / "timer-wait.bpmn"
NOW = datetime(2026, 12, 2, 10, 0)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def recording_handlers(calls: list[str]) -> HandlerRegistry:
    handlers = HandlerRegistry()
    handlers.register(lambda call: calls.append(call.idempotency_key) or {"recorded": True},
                      operation="registry.record")
    return handlers


# -- users --------------------------------------------------------------------------
def test_trace_records_who_made_each_step(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture, {"iin": "800315400125", "documents_complete": True}, user="citizen")
    engine.complete(instance, "review", {"approve": True}, user="officer-7")
    users = {step.node_id: step.user for step in instance.trace()}
    assert users["review"] == "officer-7"
    assert users[instance.trace()[0].node_id] == "citizen"
    assert instance.trace()[-1].to_dict()["user"] == "officer-7"
    resumed = Engine().restore(instance.to_json())
    assert [s.user for s in resumed.trace()] == [s.user for s in instance.trace()]


# -- values -------------------------------------------------------------------------
RICH = {
    "day": date(2026, 12, 2), "moment": datetime(2026, 12, 2, 10, 30), "aware": datetime(2026, 12, 2, 10, 30,
                                                                                            tzinfo=timezone(timedelta(hours=5))),
    "amount": Decimal("12345.67"), "ref": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "nested": {"list": [1, 2.5, "x", None, True], "when": date(2027, 1, 1)},
}


def test_dates_decimals_and_uuids_round_trip(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture, {"iin": "800315400125", "documents_complete": True, **RICH})
    resumed = Engine().restore(instance.to_json())
    for key, value in RICH.items():
        assert resumed.data[key] == value and type(resumed.data[key]) is type(value), key
    assert resumed.data["aware"].utcoffset() == timedelta(hours=5)
    engine.complete(resumed, "review", {"approve": True, "paid": Decimal("1.10")})
    assert Engine().restore(resumed.to_json()).data["paid"] == Decimal("1.10")


@pytest.mark.parametrize("value, words", ids=lambda value: type(value).__name__ if type(value) is object else str(value), argvalues=[
    ({1, 2}, "set"), ((1, 2), "tuple"), (float("nan"), "finite"), (float("inf"), "finite"),
    (object(), "object"), ({1: "a"}, "keys must be strings"), ({"typename": "UUID"}, "typename"),
    (Decimal("NaN"), "Decimal"), (10 ** 1200, "digits"),
])
def test_unstorable_values_are_refused_when_set_naming_the_key(engine_fixture: Path, value: object,
                                                               words: str) -> None:
    engine = Engine()
    with pytest.raises(InputError, match=f"'bad'.*{words}|{words}.*'bad'"):
        engine.start(engine_fixture, {"bad": value})
    instance = engine.start(engine_fixture, {"documents_complete": True})
    with pytest.raises(InputError, match="bad"):
        engine.complete(instance, "review", {"approve": True, "bad": value})
    assert [t.node_id for t in instance.ready_tasks()] == ["review"]  # nothing applied


def test_self_referencing_and_exploding_values_are_refused_fast() -> None:
    loop: list = []
    loop.append(loop)
    with pytest.raises(InputError, match="nested more than"):
        check_storable("p", loop)
    p: list = [1]
    for _ in range(60):
        p = [p, p]  # 2**60 items when expanded
    with pytest.raises(InputError, match="nested|too large"):
        check_storable("p", p)
    wide = [[0] * 1000 for _ in range(1000)]
    with pytest.raises(InputError, match="too large"):
        check_storable("wide", wide)


def test_reserved_keys_are_refused_and_user_data_cannot_reach_the_bookkeeping(engine_fixture: Path) -> None:
    with pytest.raises(InputError, match="reserved"):
        Engine().start(engine_fixture, {"_reglament": 1})
    # Underscore keys that are not ours are ordinary data and do not disturb the trace.
    engine = Engine()
    instance = engine.start(engine_fixture, {"_private": 1, "documents_complete": True})
    assert instance.data["_private"] == 1  # kept and shown, not silently dropped
    engine.complete(instance, "review", {"approve": True})
    assert instance.is_finished and instance.trace()


def test_unstorable_handler_reply_and_script_result_are_refused(engine_fixture: Path, tmp_path: Path) -> None:
    handlers = HandlerRegistry()
    handlers.register(lambda call: {"when": {1, 2}}, operation="registry.record")
    engine = Engine(handlers=handlers)
    instance = engine.start(MESSAGE)
    with pytest.raises(InputError, match="record.*when.*set"):
        engine.deliver(instance, "gbd_reply", {})
    with pytest.raises(InputError, match="payload|bad"):
        engine.deliver(Engine(handlers=handlers).start(MESSAGE), "gbd_reply", {"bad": {1}})


# -- saved instances ------------------------------------------------------------------
def test_dump_records_versions_and_embeds_the_model(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture)
    saved = json.loads(engine.dump(instance))
    assert saved["format"] == "reglament-instance/2"
    assert saved["serializer_version"] == engine._serializer.VERSION
    assert saved["model"]["sha256"] == instance.definition.digest
    assert saved["model"]["xml"].encode() == engine_fixture.read_bytes()
    assert "_reglament" not in json.dumps(saved["workflow"]["data"])
    bare = json.loads(engine.dump(instance, embed_model=False))
    assert "xml" not in bare["model"]


def test_restore_with_a_definition_from_bytes_checks_the_digest(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture)
    text = engine.dump(instance, embed_model=False)
    definition = engine.definition_from_bytes(engine_fixture.read_bytes(), "store:two-ends")
    assert engine.definition_from_bytes(engine_fixture.read_bytes(), "store:again") is definition
    resumed = engine.restore(text, definition)
    assert [t.node_id for t in resumed.ready_tasks()] == ["review"]
    other = engine.definition_from_bytes((ENGINE / "loop.bpmn").read_bytes(), "store:loop")
    with pytest.raises(InputError, match="not the model version"):
        engine.restore(text, other)
    started = engine.start(definition, {"documents_complete": True})
    assert started.definition is definition


def test_embedded_model_tampered_with_is_refused(engine_fixture: Path) -> None:
    saved = json.loads(Engine().start(engine_fixture).to_json())
    saved["model"]["xml"] = saved["model"]["xml"].replace("review", "reveiw")
    with pytest.raises(InputError, match="not the model version"):
        Engine().restore(json.dumps(saved))


# -- messages -------------------------------------------------------------------------
def test_message_waits_and_delivery() -> None:
    calls: list[str] = []
    engine = Engine(handlers=recording_handlers(calls), clock=lambda: NOW)
    instance = engine.start(MESSAGE, {"iin": "800315400125"}, user="citizen")
    (wait,) = instance.message_waits()
    assert (wait.node_id, wait.message) == ("await_reply", "gbd_reply")
    assert wait.lane == "көрсетілетін қызметті берушінің қызметкері"
    assert instance.ready_tasks() == []
    with pytest.raises(InputError, match="nothing in the instance waits for the message 'other'"):
        engine.deliver(instance, "other", {})
    engine.deliver(instance, "gbd_reply", {"person": "Нұрланова Айгүл"}, user="gbd_fl")
    assert instance.message_waits() == ()
    assert [t.node_id for t in instance.ready_tasks()] == ["decide"]
    assert instance.data["person"] == "Нұрланова Айгүл" and instance.data["recorded"] is True
    assert {s.node_id: s.user for s in instance.trace()}["await_reply"] == "gbd_fl"
    with pytest.raises(InputError, match="nothing in the instance waits"):
        engine.deliver(instance, "gbd_reply", {})


def test_message_wait_survives_save_and_restore() -> None:
    engine = Engine(handlers=recording_handlers([]))
    saved = engine.start(MESSAGE).to_json()
    resumed = engine.restore(saved)
    assert [w.message for w in resumed.message_waits()] == ["gbd_reply"]
    engine.deliver(resumed, "gbd_reply", {"x": 1})
    assert [t.node_id for t in resumed.ready_tasks()] == ["decide"]


# -- idempotency ------------------------------------------------------------------------
def test_a_redone_step_calls_the_handler_with_the_same_key() -> None:
    calls: list[str] = []
    engine = Engine(handlers=recording_handlers(calls))
    instance = engine.start(MESSAGE)
    saved = instance.to_json()  # the last committed state before the step
    engine.deliver(instance, "gbd_reply", {})
    redone = engine.restore(saved)  # the process died before committing: the step is redone
    engine.deliver(redone, "gbd_reply", {})
    assert len(calls) == 2 and calls[0] == calls[1]
    assert calls[0] == f"{instance.root_id}:record:0"
    other = engine.start(MESSAGE)
    engine.deliver(other, "gbd_reply", {})
    assert calls[2] != calls[0]  # another instance, another key


# -- timers -------------------------------------------------------------------------------
def test_timers_run_on_the_engine_clock_and_fire_when_due() -> None:
    clock = Clock(NOW)
    engine = Engine(clock=clock)
    instance = engine.start(TIMER)
    (wait,) = instance.timer_waits()
    assert wait.node_id == "an_hour" and wait.due == NOW + timedelta(hours=1)
    assert engine.fire_timers(instance, NOW + timedelta(minutes=59)) == ()
    assert instance.ready_tasks() == []
    resumed = engine.restore(instance.to_json())
    assert resumed.timer_waits()[0].due == NOW + timedelta(hours=1)
    clock.now = NOW + timedelta(hours=2)
    assert engine.fire_timers(resumed, NOW + timedelta(hours=1)) == ("an_hour",)
    assert resumed.timer_waits() == ()
    (ready,) = resumed.ready_tasks()
    assert ready.node_id == "work" and ready.ready_since == NOW + timedelta(hours=2)


def test_aware_fire_time_is_accepted() -> None:
    engine = Engine(clock=lambda: datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    instance = engine.start(TIMER)
    due = instance.timer_waits()[0].due
    assert due == datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    assert engine.fire_timers(instance, datetime(2026, 12, 2, 16, 0, tzinfo=timezone(timedelta(hours=5)))) \
        == ("an_hour",)


# -- the step bound -------------------------------------------------------------------------
def test_max_steps_bounds_an_engine_call() -> None:
    loop = ENGINE / "script-loop.bpmn"
    with pytest.raises(StepLimitError, match="more than 500 engine steps.*count_up"):
        Engine(max_steps=500).start(loop, {"count": 0, "limit": 10 ** 9})
    finished = Engine(max_steps=500).start(loop, {"count": 0, "limit": 100})
    assert finished.is_finished and finished.data["count"] == 100
    with pytest.raises(ValueError, match="max_steps"):
        Engine(max_steps=0)


def test_drive_tells_an_endless_loop_from_a_long_one() -> None:
    engine = Engine()
    instance = engine.start(ENGINE / "loop.bpmn", {"ok": False})
    stopped = engine.drive(instance, lambda task: {"ok": False})
    assert stopped is not None and "loop that never ends" in stopped
    assert len(instance.trace()) < 10  # stopped at the first repetition, not after thousands


def test_ready_tasks_carry_what_the_regulation_says(engine_fixture: Path) -> None:
    (task,) = Engine(clock=lambda: NOW).start(engine_fixture).ready_tasks()
    assert task.node_id == "review" and task.ready_since == NOW and task.clauses
    assert task.task_id and task.due is None and task.due_note is None


def test_instances_of_one_collaboration_do_not_share_their_wiring() -> None:
    """SpiffWorkflow rewires a collaboration's top spec when a message starts a participant;
    each instance gets its own copy of that wiring (fresh_top_spec), never the shared one."""
    engine = Engine()
    data = {"iin": "800315400125", "by_representative": False, "documents_in_order": True, "representative_iin": ""}
    definition = engine.definition("bpmn/home-education-sc-appendix-1.bpmn")
    wiring = {name: list(spec._outputs) for name, spec in definition.spec.task_specs.items()}
    instances = [engine.start(definition, data) for _ in range(3)]
    for _ in range(50):
        for instance in instances:
            if not instance.is_finished and instance.ready_tasks():
                engine.complete(instance, instance.ready_tasks()[0].task_id, data)
    traces = [[s.node_id for s in i.trace()] for i in instances]
    assert all(i.is_finished for i in instances) and traces[0] == traces[1] == traces[2]
    assert {name: list(spec._outputs) for name, spec in definition.spec.task_specs.items()} == wiring
