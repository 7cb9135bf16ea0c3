"""Counting a sequence of limits as the law counts a term (issue 10 §4), worked by hand.

Rules (docs/calendar.md): steps in minutes/hours before the first day term run in
office time from the submission; a day term begins the day after the event that
starts it and ends at the close of office hours (18:30) on its last day; steps in
minutes/hours after a day term are done inside its last day, laid back from the
close; only when they need more than a working day do they run on from the close.
Office hours 09:00-18:30, lunch 13:00-14:30.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, HOME_EDUCATION, SOCIAL_ASSISTANCE

from toolkit.calendar import KazakhstanCalendar
from toolkit.calendar.sequence import Slot, lay_out
from toolkit.cli import main
from toolkit.deadlines import schedule_instance

CAL = KazakhstanCalendar(as_of=date(2026, 12, 2))
RU_HOUSING = FIXTURES / "conformance" / "ru-housing-assistance.bpmn"


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


def test_minutes_between_two_day_terms_are_done_inside_the_first() -> None:
    # Mon 3 Jul 2017 10:00. 1 wd -> Tue 4 Jul; 15 min inside it (18:15-18:30); 6 wd from the
    # day after Tue 4: Wed 5, (Thu 6 Capital Day, Fri 7 transfer), Mon 10, 11, 12, 13, Fri 14.
    laid = lay_out(CAL, at(2017, 7, 3, 10), [(1, "working_day"), (15, "minute"), (6, "working_day")])
    assert laid.slots == (Slot(at(2017, 7, 3, 10), at(2017, 7, 4, 18, 15)),
                          Slot(at(2017, 7, 4, 18, 15), at(2017, 7, 4, 18, 30)),
                          Slot(at(2017, 7, 4, 18, 30), at(2017, 7, 14, 18, 30)))
    assert laid.ends == at(2017, 7, 14, 18, 30) and not laid.notes


def test_hours_after_a_day_term_are_laid_back_across_lunch() -> None:
    # Mon 18 Sep 2017 10:00. 1 wd -> Tue 19. 5 h = 300 min back from 18:30: 14:30-18:30 is
    # 240 min, the other 60 before lunch: from 12:00. The day term must be done by 12:00.
    laid = lay_out(CAL, at(2017, 9, 18, 10), [(1, "working_day"), (5, "hour"), None])
    assert laid.slots[0].due == at(2017, 9, 19, 12, 0)
    assert laid.slots[1] == Slot(at(2017, 9, 19, 12, 0), at(2017, 9, 19, 18, 30))
    assert laid.slots[2] == Slot(at(2017, 9, 19, 18, 30), at(2017, 9, 19, 18, 30))  # an end event


def test_more_than_a_day_of_hours_runs_on_from_the_close_with_a_note() -> None:
    # 1 wd -> Tue 19 Sep 18:30; 9 h (540 min) do not fit in one 480-min day: from the close,
    # Wed 20 gives 480, Thu 21 09:00 + 60 -> 10:00.
    laid = lay_out(CAL, at(2017, 9, 18, 10), [(1, "working_day"), (9, "hour")])
    assert laid.slots[0].due == at(2017, 9, 19, 18, 30)
    assert laid.slots[1] == Slot(at(2017, 9, 19, 18, 30), at(2017, 9, 21, 10, 0))
    assert laid.notes and "do not fit" in laid.notes[0]


def test_calendar_days_then_minutes() -> None:
    # Fri 14 Apr 2017 10:00 + 10 calendar days -> Mon 24 Apr (a working day); 20 min inside it.
    laid = lay_out(CAL, at(2017, 4, 14, 10), [(10, "calendar_day"), (20, "minute")])
    assert laid.slots[0].due == at(2017, 4, 24, 18, 10)
    assert laid.ends == at(2017, 4, 24, 18, 30)


def test_leading_minutes_after_hours_start_at_the_next_opening() -> None:
    # Fri 15 Sep 2017 19:00: 30 min from Mon 18 09:00 -> 09:30; 1 wd from the day after -> Tue 19.
    laid = lay_out(CAL, at(2017, 9, 15, 19), [(30, "minute"), (1, "working_day")])
    assert laid.slots == (Slot(at(2017, 9, 15, 19), at(2017, 9, 18, 9, 30)),
                          Slot(at(2017, 9, 18, 9, 30), at(2017, 9, 19, 18, 30)))


def test_a_term_into_a_provisional_year_says_so() -> None:
    # Mon 28 Dec 2026 + 6 wd: 29, 30, 31, (1 Jan, 4 Jan carried), Tue 5, Wed 6, (7), Fri 8.
    laid = lay_out(CAL, at(2026, 12, 28, 10), [(6, "working_day"), (15, "minute")])
    assert laid.ends == at(2027, 1, 8, 18, 30)
    assert laid.provisional_note and "2027" in laid.provisional_note


def test_a_russian_service_in_hours_and_working_days_submitted_late() -> None:
    # ru-housing: 20 min, 4 h, 3 wd, 2 h, 15 min. Mon 3 Jul 2017 17:00: 20 min -> 17:20;
    # 4 h: 70 min to 18:30, 170 min from Tue 09:00 -> 11:50. 3 wd from the day after Tue 4:
    # Wed 5, (6, 7 off), Mon 10, Tue 11. The 2 h 15 min are done inside Tue 11: sign
    # 16:15-18:15, register 18:15-18:30; the review must be done by 16:15.
    plan = schedule_instance(RU_HOUSING, at(2017, 7, 3, 17), {}, CAL)
    dues = {s.node.id: (s.start, s.due) for s in plan.steps}
    assert dues["accept_documents"][1] == at(2017, 7, 3, 17, 20)
    assert dues["assign_executor"][1] == at(2017, 7, 4, 11, 50)
    assert dues["review_documents"][1] == at(2017, 7, 11, 16, 15)
    assert dues["sign_notification"] == (at(2017, 7, 11, 16, 15), at(2017, 7, 11, 18, 15))
    assert dues["register_notification"] == (at(2017, 7, 11, 18, 15), at(2017, 7, 11, 18, 30))
    assert plan.due == at(2017, 7, 11, 18, 30) and plan.term_note is None


HOME_DATA = {"iin": "800315400125", "by_representative": False, "documents_in_order": True,
             "person_found": True}


def test_a_text_that_limits_only_one_step_sets_no_overall_term() -> None:
    plan = schedule_instance(HOME_EDUCATION, at(2017, 7, 3, 10), HOME_DATA, CAL)
    assert plan.due is None and not plan.stopped
    assert plan.term_note and "8 item 8 (6-процесс)" in plan.term_note and "not set by this text" in plan.term_note
    # The one limit is still laid out: process 6 within 1 minute.
    process_6 = next(s for s in plan.steps if s.node.id == "process_6")
    assert process_6.due - process_6.start == datetime(2017, 1, 1, 0, 1) - datetime(2017, 1, 1)


def test_deadline_cli_says_the_term_is_not_set_instead_of_a_date() -> None:
    args = ["deadline", str(HOME_EDUCATION), "--submitted", "2017-07-03T10:00",
            *[f"--set={k}={str(v).lower()}" for k, v in HOME_DATA.items()]]
    text = CliRunner().invoke(main, args)
    assert text.exit_code == 0, text.output
    assert "no overall due date: the text sets time limits for only some steps" in text.stdout
    assert "\ndue " not in text.stdout
    report = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)["results"]
    assert report["due"] is None and "not set by this text" in report["term_note"]


def test_paths_flags_a_total_that_is_not_a_term() -> None:
    home = json.loads(CliRunner().invoke(main, ["paths", str(HOME_EDUCATION), "--format", "json"]).stdout)["results"]
    assert all(not p["term_set"] for p in home["paths"] if p["total"])
    social = CliRunner().invoke(main, ["paths", str(SOCIAL_ASSISTANCE)])
    assert social.exit_code == 0 and "term:" not in social.stdout


@pytest.mark.parametrize("submitted, due", [
    # Social assistance, documents complete: 30 min + 1 + 6 + 1 wd + 15 min, by hand in
    # tests/test_deadlines.py; the service is due when office hours end on the last day.
    (at(2017, 7, 3, 10), at(2017, 7, 17, 18, 30)),
    # Mon 18:20: acceptance spills to Tue 4 09:20; 1 wd -> Wed 5; 6 wd: (6, 7 off), Mon 10 ..
    # Fri 14, Mon 17; 1 wd -> Tue 18, the 15 min inside it.
    (at(2017, 7, 3, 18, 20), at(2017, 7, 18, 18, 30)),
])
def test_the_issue_example_and_a_late_submission(submitted: datetime, due: datetime) -> None:
    plan = schedule_instance(SOCIAL_ASSISTANCE, submitted, {"documents_complete": True}, CAL)
    assert plan.due == due
