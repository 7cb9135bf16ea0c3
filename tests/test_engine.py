"""The engine on a small fixture: paths, limits, handlers, resume, refusal of unsafe models."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import FIXTURES

from toolkit.engine import Engine, HandlerError, HandlerRegistry
from toolkit.errors import InputError, UnsafeExpressionError
from toolkit.model import load_model


class Clock:
    """An injectable clock tests move by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_data_decides_which_end(engine_fixture: Path) -> None:
    engine = Engine()
    for approve, expected in ((True, "approved"), (False, "refused")):
        instance = engine.start(engine_fixture, {"iin": "800315400125", "documents_complete": True})
        engine.complete(instance, "review", {"approve": approve})
        assert instance.is_finished
        assert [e.node_id for e in instance.ends()] == [expected]


def test_alternative_time_limit_is_chosen_by_instance_data(engine_fixture: Path) -> None:
    engine = Engine()
    complete = engine.start(engine_fixture, {"documents_complete": True}).ready_tasks()[0]
    missing = engine.start(engine_fixture, {"documents_complete": False}).ready_tasks()[0]
    assert (complete.time_limit.value, complete.time_limit.unit) == (6, "working_day")
    assert (missing.time_limit.value, missing.time_limit.unit) == (20, "working_day")
    assert missing.time_limit.condition_text == "құжаттар жетіспеген жағдайларда"


def test_definitions_are_parsed_once(engine_fixture: Path) -> None:
    engine = Engine()
    model = load_model(engine_fixture)
    assert engine.definition(model) is engine.definition(model)


def test_ready_task_knows_clause_and_inputs(engine_fixture: Path) -> None:
    task = Engine().start(engine_fixture).ready_tasks()[0]
    assert task.node_id == "review"
    assert [str(c) for c in task.clauses] == ["5.1 step 1"]
    assert [(i.name, i.type) for i in task.inputs] == [("approve", "bool")]


def test_missing_input_names_the_task_and_field(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture)
    with pytest.raises(InputError, match="task review needs approve"):
        engine.complete(instance, "review", {})


def test_input_values_are_coerced_to_their_declared_type(engine_fixture: Path) -> None:
    engine = Engine()
    instance = engine.start(engine_fixture, {"iin": "800315400125"})
    engine.complete(instance, "review", {"approve": "иә"})
    assert instance.data["approve"] is True
    bad = engine.start(engine_fixture)
    with pytest.raises(InputError, match="approve must be true or false"):
        engine.complete(bad, "review", {"approve": "perhaps"})


def test_handler_by_task_id_wins_over_operation(engine_fixture: Path) -> None:
    handlers = HandlerRegistry()
    handlers.register(lambda call: {"person_found": False}, operation="gbd_fl.find_person")
    handlers.register(lambda call: {"person_found": True, "via": call.node.id}, task_id="lookup")
    engine = Engine(handlers=handlers)
    instance = engine.start(engine_fixture)
    engine.complete(instance, "review", {"approve": True})
    assert instance.data["via"] == "lookup"
    assert [e.node_id for e in instance.ends()] == ["approved"]


def test_missing_handler_is_a_clear_error(engine_fixture: Path) -> None:
    engine = Engine(handlers=HandlerRegistry())
    instance = engine.start(engine_fixture)
    with pytest.raises(InputError, match="'lookup' .*has no handler"):
        engine.complete(instance, "review", {"approve": True})


def test_handlers_see_read_only_data(engine_fixture: Path) -> None:
    def meddler(call):
        call.data["person_found"] = True  # type: ignore[index]

    handlers = HandlerRegistry()
    handlers.register(meddler, operation="gbd_fl.find_person")
    engine = Engine(handlers=handlers)
    instance = engine.start(engine_fixture)
    # the handler's attempt to write fails; the engine names the task and the error
    with pytest.raises(HandlerError, match=r"'lookup' .*failed: TypeError"):
        instance.complete("review", {"approve": True})


def test_serialization_round_trip_mid_run_resumes_exactly(engine_fixture: Path) -> None:
    clock = Clock(datetime(2017, 7, 3, 10, 0))
    engine = Engine(clock=clock)
    instance = engine.start(engine_fixture, {"iin": "800315400125", "documents_complete": False})
    before = instance.ready_tasks()
    saved = instance.to_json()
    assert json.loads(saved)["format"] == "reglament-instance/2"

    clock.now += timedelta(hours=3)
    resumed = Engine(clock=clock).restore(saved)
    after = resumed.ready_tasks()
    assert [(t.node_id, t.time_limit, t.ready_since) for t in after] == \
           [(t.node_id, t.time_limit, t.ready_since) for t in before]
    resumed.engine.complete(resumed, "review", {"approve": True})
    assert [e.node_id for e in resumed.ends()] == ["approved"]
    steps = {s.node_id: s for s in resumed.trace()}
    assert steps["review"].started == datetime(2017, 7, 3, 10, 0)
    assert steps["review"].completed == datetime(2017, 7, 3, 13, 0)


def test_resume_stays_on_the_version_it_started_on(engine_fixture: Path, tmp_path: Path) -> None:
    """Editing (or moving) the file does not change a saved instance: it embeds its version;
    pointing it at the edited file explicitly is refused."""
    copy = tmp_path / "model.bpmn"
    copy.write_bytes(engine_fixture.read_bytes())
    engine = Engine()
    saved = engine.start(copy).to_json()
    copy.write_bytes(engine_fixture.read_bytes().replace("екі соңы".encode(), "басқа".encode()))
    resumed = Engine().restore(saved)
    assert resumed.model.xml == engine_fixture.read_bytes()
    assert [t.node_id for t in resumed.ready_tasks()] == ["review"]
    copy.unlink()
    assert [t.node_id for t in Engine().restore(saved).ready_tasks()] == ["review"]
    with pytest.raises(InputError, match="not the model version the instance was started on"):
        Engine().restore(saved, engine_fixture.with_name("loop.bpmn"))


def test_resume_refuses_garbage() -> None:
    with pytest.raises(InputError, match="not a reglament instance"):
        Engine().restore("{\"format\": \"other\"}")
    with pytest.raises(InputError, match="not a reglament instance"):
        Engine().restore("not json")


def test_unsafe_condition_is_refused_before_anything_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = (FIXTURES / "engine" / "hostile-condition.bpmn").read_text(encoding="utf-8")
    hostile = hostile.replace("/tmp/reglament-pwned", str(marker))
    path = tmp_path / "hostile.bpmn"
    path.write_text(hostile, encoding="utf-8")
    handlers = HandlerRegistry()
    called = []
    handlers.register(lambda call: called.append(call) or {}, operation="gbd_fl.find_person")
    with pytest.raises(UnsafeExpressionError, match=r"hostile\.bpmn:44: .*attribute access"):
        Engine(handlers=handlers).start(path, {"approve": True})
    assert not marker.exists() and not called


def test_unsafe_script_and_time_limit_condition_are_refused(engine_fixture: Path, tmp_path: Path) -> None:
    source = engine_fixture.read_text(encoding="utf-8")
    bad_when = tmp_path / "when.bpmn"
    bad_when.write_text(source.replace('when="not documents_complete"', 'when="open(\'x\')"'), encoding="utf-8")
    with pytest.raises(UnsafeExpressionError, match="calls 'open'"):
        Engine().start(bad_when)
    script = tmp_path / "script.bpmn"
    script.write_text(source.replace(
        '<bpmn:serviceTask id="lookup" name="ЖТ МДҚ тексеруі">',
        '<bpmn:scriptTask id="sneaky"><bpmn:script>import os</bpmn:script></bpmn:scriptTask>'
        '<bpmn:serviceTask id="lookup" name="ЖТ МДҚ тексеруі">'), encoding="utf-8")
    with pytest.raises(UnsafeExpressionError, match="may only assign"):
        Engine().start(script)


def test_ready_tasks_carry_due_dates_and_overdue_ones_are_reported(engine_fixture: Path) -> None:
    from toolkit.calendar import KazakhstanCalendar
    from toolkit.deadlines import due_on

    clock = Clock(datetime(2017, 7, 3, 10, 0))  # Monday
    engine = Engine(clock=clock, due_calculator=due_on(KazakhstanCalendar()))
    instance = engine.start(engine_fixture, {"documents_complete": True, "iin": "800315400125"})
    (task,) = instance.ready_tasks()
    # 6 working days begin the day after Monday 3 July: Tue 4, Wed 5, (Thu 6 Capital Day and
    # Fri 7 July transfer day off), Mon 10, Tue 11, Wed 12, Thu 13 -> due Thu 13 July 18:30.
    assert task.due == datetime(2017, 7, 13, 18, 30)
    assert instance.overdue() == []
    clock.now = datetime(2017, 7, 13, 18, 31)
    assert [t.node_id for t in instance.overdue()] == ["review"]
    # reported, not cancelled: the task can still be completed
    engine.complete(instance, "review", {"approve": True})
    assert instance.is_finished and instance.overdue() == []


def test_a_model_with_an_unknown_element_is_refused_before_running(engine_fixture: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd.bpmn"
    odd.write_text(engine_fixture.read_text(encoding="utf-8").replace(
        '<bpmn:userTask id="review"', '<bpmn:fooTask id="foo"/><bpmn:userTask id="review"'), encoding="utf-8")
    with pytest.raises(InputError, match=r"odd\.bpmn:\d+: not valid BPMN 2\.0, refusing to run it: .*fooTask"):
        Engine().start(odd)


def test_a_failed_handler_can_be_retried(engine_fixture: Path) -> None:
    calls = []

    def flaky(call):
        calls.append(call.node.id)
        if len(calls) == 1:
            raise ConnectionError("ЖТ МДҚ is not answering")
        return {"person_found": True}

    handlers = HandlerRegistry()
    handlers.register(flaky, operation="gbd_fl.find_person")
    engine = Engine(handlers=handlers)
    instance = engine.start(engine_fixture)
    with pytest.raises(InputError, match=r"two-ends\.bpmn:\d+: the instance stopped at lookup: .*ConnectionError"):
        engine.complete(instance, "review", {"approve": True})
    assert not instance.is_finished and instance.waiting_at() == ("lookup",)
    assert engine.retry_failed(instance) == ("lookup",)
    assert [e.node_id for e in instance.ends()] == ["approved"]


def test_an_expression_failing_at_run_time_names_file_line_and_element(engine_fixture: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text(engine_fixture.read_text(encoding="utf-8").replace(
        "approve and person_found", "approve and missing_name"), encoding="utf-8")
    engine = Engine()
    instance = engine.start(broken)
    with pytest.raises(InputError, match=r"broken\.bpmn:\d+: the instance stopped at decide: .*missing_name"):
        engine.complete(instance, "review", {"approve": True})


def test_due_dates_beyond_the_calendar_do_not_break_the_instance(engine_fixture: Path) -> None:
    from toolkit.calendar import KazakhstanCalendar
    from toolkit.deadlines import due_on

    calendar = KazakhstanCalendar()
    far = datetime(calendar.provisional_horizon.year + 1, 3, 2, 10, 0)
    engine = Engine(clock=lambda: far, due_calculator=due_on(calendar))
    (task,) = engine.start(engine_fixture).ready_tasks()
    assert task.due is None and "horizon" in (task.due_note or "")


def test_due_dates_exist_for_years_past_the_confirmed_data(engine_fixture: Path) -> None:
    from toolkit.calendar import KazakhstanCalendar
    from toolkit.deadlines import due_on

    calendar = KazakhstanCalendar()
    # Tue 2 Mar 2027 10:00, 6 working days (provisional year): Wed 3, Thu 4, Fri 5,
    # (Mon 8 Women's Day), Tue 9, Wed 10, Thu 11 -> 18:30.
    engine = Engine(clock=lambda: datetime(2027, 3, 2, 10, 0), due_calculator=due_on(calendar))
    (task,) = engine.start(engine_fixture).ready_tasks()
    assert task.due == datetime(2027, 3, 11, 18, 30) and task.due_note is None


def test_resume_refuses_damaged_documents_with_one_clear_error(engine_fixture: Path) -> None:
    saved = json.loads(Engine().start(engine_fixture).to_json())
    for damage in ({"model": "x"}, {"workflow": {}}, {"model": {"sha256": "0"}}):
        with pytest.raises(InputError):
            Engine().restore(json.dumps({**saved, **damage}))


def test_a_saved_instance_resumes_from_another_directory(engine_fixture: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(engine_fixture.parent)
    saved = Engine().start(engine_fixture.name).to_json()
    monkeypatch.chdir(tmp_path)
    assert [t.node_id for t in Engine().restore(saved).ready_tasks()] == ["review"]
