"""Deadlines of the social-assistance regulation on real 2017-2018 dates, worked by hand.

Rules (docs/calendar.md, "Counting a sequence"): minutes count within office
hours 09:00-18:30 (lunch 13:00-14:30) from the next working moment; a term of N
working days begins the day after the event and ends at 18:30 on the Nth working
day (Civil Code: the term begins the day after the event; an act done in an
organisation must be done before its working hours end); the 15-minute last step
is done inside the last day of the day term before it, so the service is due at
the close of that day and signing must be done 15 minutes earlier.

The old expectations chained the 15 minutes past the close into the next morning
("Tue 2017-07-18 09:15"); that reading is wrong (issue 10 §4) and is gone.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from click.testing import CliRunner
from conftest import SOCIAL_ASSISTANCE

from toolkit.calendar import KazakhstanCalendar
from toolkit.cli import main
from toolkit.deadlines import schedule_instance

STEPS = ["accept_documents", "assign_executor", "review_documents", "sign_notification",
         "register_and_hand_notification"]


def dues(submitted: datetime, documents_complete: bool = True) -> dict[str, datetime]:
    plan = schedule_instance(SOCIAL_ASSISTANCE, submitted, {"documents_complete": documents_complete},
                             KazakhstanCalendar())
    return {s.node.id: s.due for s in plan.steps if s.node.id in STEPS} | {"overall": plan.due}


CASES = [
    pytest.param(
        datetime(2017, 3, 17, 17, 0), True,
        # 30 min -> Fri 17:30. 1 wd: the day after Fri is Sat 18 March, a WORKED Saturday
        # (transfer for Mon 20 March) -> Sat 18:30. 6 wd: Sun 19 off, Mon 20 off (transfer),
        # 21-23 Nauryz off, Fri 24, Mon 27, Tue 28, Wed 29, Thu 30, Fri 31 -> Fri 31 Mar 18:30.
        # 1 wd -> Mon 3 Apr; the 15 min are done inside it: sign by 18:15, hand over by 18:30.
        [datetime(2017, 3, 17, 17, 30), datetime(2017, 3, 18, 18, 30), datetime(2017, 3, 31, 18, 30),
         datetime(2017, 4, 3, 18, 15), datetime(2017, 4, 3, 18, 30)],
        id="just-before-nauryz"),
    pytest.param(
        datetime(2017, 7, 3, 10, 0), True,
        # 30 min -> Mon 10:30. 1 wd -> Tue 4 July 18:30. 6 wd: Wed 5, (Thu 6 Capital Day,
        # Fri 7 transfer day off), Mon 10, Tue 11, Wed 12, Thu 13, Fri 14 -> Fri 14 July 18:30.
        # 1 wd -> Mon 17 July: sign by 18:15, hand over by 18:30 -> due by the close of Mon 17 July.
        [datetime(2017, 7, 3, 10, 30), datetime(2017, 7, 4, 18, 30), datetime(2017, 7, 14, 18, 30),
         datetime(2017, 7, 17, 18, 15), datetime(2017, 7, 17, 18, 30)],
        id="before-capital-day-and-transfer-day"),
    pytest.param(
        datetime(2017, 6, 30, 19, 0), True,
        # Friday after hours. Sat 1 July 2017 was worked (for Fri 7 July): 30 min -> Sat 09:30.
        # 1 wd: day after Sat 1 July is Sun (off) -> Mon 3 July 18:30. 6 wd: Tue 4, Wed 5,
        # (6, 7 off), Mon 10, Tue 11, Wed 12, Thu 13 -> Thu 13 July 18:30. 1 wd -> Fri 14:
        # sign by 18:15, hand over by 18:30.
        [datetime(2017, 7, 1, 9, 30), datetime(2017, 7, 3, 18, 30), datetime(2017, 7, 13, 18, 30),
         datetime(2017, 7, 14, 18, 15), datetime(2017, 7, 14, 18, 30)],
        id="friday-after-hours-before-a-worked-saturday"),
    pytest.param(
        datetime(2017, 9, 15, 19, 0), True,
        # Friday after hours in an ordinary week: 30 min -> Mon 18 Sep 09:30. 1 wd -> Tue 19.
        # 6 wd: Wed 20 .. Wed 27 Sep (no holidays). 1 wd -> Thu 28: sign by 18:15, hand over by 18:30.
        [datetime(2017, 9, 18, 9, 30), datetime(2017, 9, 19, 18, 30), datetime(2017, 9, 27, 18, 30),
         datetime(2017, 9, 28, 18, 15), datetime(2017, 9, 28, 18, 30)],
        id="friday-afternoon-after-hours"),
    pytest.param(
        datetime(2017, 10, 14, 11, 0), True,
        # A Saturday: counting begins Mon 16 Oct 09:00 -> 09:30. 1 wd (day after Mon) -> Tue 17.
        # 6 wd: Wed 18 .. Wed 25 Oct. 1 wd -> Thu 26: sign by 18:15, hand over by 18:30.
        [datetime(2017, 10, 16, 9, 30), datetime(2017, 10, 17, 18, 30), datetime(2017, 10, 25, 18, 30),
         datetime(2017, 10, 26, 18, 15), datetime(2017, 10, 26, 18, 30)],
        id="saturday"),
    pytest.param(
        datetime(2018, 3, 2, 17, 0), True,
        # 2018: Sat 3 March was worked (for Fri 9 March). 30 min -> Fri 17:30. 1 wd -> Sat 3 Mar.
        # 6 wd: Mon 5, Tue 6, Wed 7, (Thu 8 Women's Day, Fri 9 transfer), Mon 12, Tue 13,
        # Wed 14 -> Wed 14 Mar. 1 wd -> Thu 15: sign by 18:15, hand over by 18:30.
        [datetime(2018, 3, 2, 17, 30), datetime(2018, 3, 3, 18, 30), datetime(2018, 3, 14, 18, 30),
         datetime(2018, 3, 15, 18, 15), datetime(2018, 3, 15, 18, 30)],
        id="2018-worked-saturday"),
    pytest.param(
        datetime(2017, 12, 4, 10, 0), False,
        # Documents missing: 20 wd. 30 min -> Mon 10:30; 1 wd -> Tue 5 Dec. 20 wd: Wed 6 .. Fri 15
        # (8), Independence Day Sat 16-Sun 17 carried to Mon 18-Tue 19, Wed 20 .. Fri 29 (16),
        # 1-2 Jan 2018 New Year, Wed 3, Thu 4, Fri 5 (19), Sun 7 Christmas (not carried), Mon 8 Jan
        # (20). 1 wd -> Tue 9 Jan 2018: sign by 18:15, hand over by 18:30.
        [datetime(2017, 12, 4, 10, 30), datetime(2017, 12, 5, 18, 30), datetime(2018, 1, 8, 18, 30),
         datetime(2018, 1, 9, 18, 15), datetime(2018, 1, 9, 18, 30)],
        id="across-new-year-documents-missing"),
]


@pytest.mark.parametrize("submitted, complete, expected", CASES)
def test_social_assistance_deadlines(submitted: datetime, complete: bool, expected: list[datetime]) -> None:
    got = dues(submitted, complete)
    assert [got[s] for s in STEPS] == expected
    assert got["overall"] == expected[-1]


def test_deadline_cli_json_and_exit_code() -> None:
    result = CliRunner().invoke(main, ["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2017-07-03T10:00",
                                       "--set", "documents_complete=false", "--as-of", "2017-07-03",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"]
    # 1 wd -> Tue 4 July; 20 wd: Wed 5, (6-7 off), 10-14, 17-21, 24-28, Mon 31, Tue 1, Wed 2,
    # Thu 3 Aug (20th); sign: Fri 4 Aug by 18:15; hand over inside Fri 4 Aug, by 18:30.
    assert report["due"] == "2017-08-04T18:30"
    assert report["as_of"] == "2017-07-03"
    review = next(s for s in report["steps"] if s["node_id"] == "review_documents")
    assert (review["value"], review["unit"], review["alternative"]) == (20, "working_day", True)


@pytest.mark.parametrize("args, message", [
    (["--submitted", "1990-01-01T10:00"], "1991"),
    (["--submitted", "2131-01-06T10:00"], "horizon"),
    (["--submitted", "soon"], "is not a date-time"),
])
def test_deadline_cli_refuses_what_the_calendar_cannot_speak_for(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["deadline", str(SOCIAL_ASSISTANCE), *args, "--set", "documents_complete=true"])
    assert result.exit_code == 2
    assert message in result.output


def test_a_step_with_a_limit_counts_even_without_a_clause(tmp_path) -> None:
    from conftest import FIXTURES

    source = (FIXTURES / "engine" / "two-ends.bpmn").read_text(encoding="utf-8")
    path = tmp_path / "no-clause.bpmn"
    path.write_text(source.replace('<reg:clause paragraph="5" subparagraph="1" step="1"/>', ""), encoding="utf-8")
    plan = schedule_instance(path, datetime(2017, 7, 3, 10, 0),
                             {"documents_complete": True, "approve": True, "iin": "800315400125"},
                             KazakhstanCalendar())
    # 6 wd from Mon 3 July: Tue 4, Wed 5, (6-7 off), Mon 10, Tue 11, Wed 12, Thu 13 -> 18:30
    assert plan.due == datetime(2017, 7, 13, 18, 30)
