"""Every path of every bundled model reaches its expected end in SpiffWorkflow."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import APPENDIX_1, HOME_EDUCATION, SOCIAL_ASSISTANCE
from scenarios import APPENDIX_SCENARIOS, HOME_EDUCATION_SCENARIOS, RECIPIENT

from toolkit.engine import Engine, Instance


def run_to_end(engine: Engine, model, data: dict) -> Instance:
    instance = engine.start(model, data)
    for _ in range(50):
        ready = instance.ready_tasks()
        if instance.is_finished or not ready:
            break
        engine.complete(instance, ready[0].task_id, data)
    assert instance.is_finished, f"stuck; waiting: {[t.node_id for t in instance.ready_tasks()]}"
    return instance


@pytest.mark.parametrize("complete, limit", [(True, (6, "working_day")), (False, (20, "working_day"))],
                         ids=["documents-complete", "documents-missing"])
def test_social_assistance_limit_follows_the_documents(complete: bool, limit: tuple) -> None:
    instance = run_to_end(Engine(), SOCIAL_ASSISTANCE, {"documents_complete": complete})
    assert {e.node_id for e in instance.ends()} == {"notification_handed", "notification_received"}
    steps = [s for s in instance.trace() if s.time_limit is not None]
    assert [s.node_id for s in steps] == ["accept_documents", "assign_executor", "review_documents",
                                          "sign_notification", "register_and_hand_notification"]
    review = next(s for s in steps if s.node_id == "review_documents")
    assert (review.time_limit.value, review.time_limit.unit) == limit
    assert [s.lane for s in steps] == [
        "көрсетілетін қызметті берушінің кеңсе қызметкері", "көрсетілетін қызметті берушінің басшысы",
        "көрсетілетін қызметті берушінің жауапты орындаушысы", "көрсетілетін қызметті берушінің басшысы",
        "көрсетілетін қызметті берушінің кеңсе қызметкері"]




@pytest.mark.parametrize("name, data, end, visited, avoided", HOME_EDUCATION_SCENARIOS,
                         ids=[s[0] for s in HOME_EDUCATION_SCENARIOS])
def test_home_education_paths(name: str, data: dict, end: str, visited: set, avoided: set) -> None:
    instance = run_to_end(Engine(), HOME_EDUCATION, {"representative_iin": "", **data})
    ends = {e.node_id for e in instance.ends()}
    assert end in ends and "result_received" in ends, "the recipient always hears back"
    done = {s.node_id for s in instance.trace()}
    assert visited <= done
    assert not (avoided & done)


def test_process_6_has_its_one_minute_limit() -> None:
    instance = run_to_end(Engine(), HOME_EDUCATION,
                          {"iin": RECIPIENT, "by_representative": False, "representative_iin": "",
                           "documents_in_order": True})
    step = next(s for s in instance.trace() if s.node_id == "process_6")
    assert (step.time_limit.value, step.time_limit.unit, step.time_limit.within) == (1, "minute", True)
    assert step.lane == "электрондық үкіметтің аймақтық шлюзінің автоматтандырылған жұмыс орны (ЭҮАШ АЖО)" \
        or "ЭҮАШ АЖО" in (step.lane or "")


def test_serialization_round_trip_mid_run_of_a_collaboration() -> None:
    now = [datetime(2017, 7, 3, 10, 0)]
    engine = Engine(clock=lambda: now[0])
    data = {"iin": RECIPIENT, "by_representative": False, "representative_iin": "", "documents_in_order": False}
    instance = engine.start(HOME_EDUCATION, data)
    engine.complete(instance, "process_1", data)
    engine.complete(instance, "process_2", data)
    assert [t.node_id for t in instance.ready_tasks()] == ["check_documents"]
    saved = instance.to_json()

    now[0] += timedelta(minutes=5)
    resumed = Engine(clock=lambda: now[0]).restore(saved)
    assert [t.node_id for t in resumed.ready_tasks()] == ["check_documents"]
    assert resumed.data["person_found"] is True
    for _ in range(5):
        ready = resumed.ready_tasks()
        if not ready:
            break
        resumed.engine.complete(resumed, ready[0].task_id, data)
    assert resumed.is_finished
    assert {"process_7", "process_8"} <= {s.node_id for s in resumed.trace()}
    # the steps before the save keep their times; the ones after use the later clock
    times = {s.node_id: s.completed for s in resumed.trace()}
    assert times["process_1"] == datetime(2017, 7, 3, 10, 0)
    assert times["process_8"] == datetime(2017, 7, 3, 10, 5)




@pytest.mark.parametrize("name, data, ends, visited, avoided", APPENDIX_SCENARIOS,
                         ids=[s[0] for s in APPENDIX_SCENARIOS])
def test_appendix_1_collaboration_paths(name: str, data: dict, ends: set, visited: set, avoided: set) -> None:
    instance = run_to_end(Engine(), APPENDIX_1, {"representative_iin": "", **data})
    assert ends <= {e.node_id for e in instance.ends()}
    done = {s.node_id for s in instance.trace()}
    assert visited <= done
    assert not (avoided & done)


def test_one_engine_runs_every_appendix_path_in_turn() -> None:
    """Regression: SpiffWorkflow rewires a collaboration spec at run time; instances of one
    cached definition must not leak that into each other."""
    engine = Engine()
    for name, data, ends, _, _ in APPENDIX_SCENARIOS * 2:
        instance = run_to_end(engine, APPENDIX_1, {"representative_iin": "", **data})
        assert ends <= {e.node_id for e in instance.ends()}, name
