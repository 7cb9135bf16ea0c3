"""Office hours: the default schedule, custom schedules, and refusal of bad ones."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from toolkit.calendar import DEFAULT_HOURS, CalendarError, KazakhstanCalendar, WorkingHours


def test_default_is_the_state_body_schedule() -> None:
    assert WorkingHours() == DEFAULT_HOURS
    assert DEFAULT_HOURS.start == time(9, 0) and DEFAULT_HOURS.end == time(18, 30)
    assert DEFAULT_HOURS.breaks == ((time(13, 0), time(14, 30)),)
    assert DEFAULT_HOURS.segments == ((time(9), time(13)), (time(14, 30), time(18, 30)))
    # 9.5 h open minus 1.5 h lunch = 8 h.
    assert DEFAULT_HOURS.minutes_per_day == 480
    assert str(DEFAULT_HOURS) == "09:00–18:30, breaks 13:00–14:30"


def test_strings_are_accepted_and_breaks_sorted() -> None:
    hours = WorkingHours("08:00", "17:00", breaks=[("15:00", "15:15"), ("12:00", "13:00")])
    assert hours.start == time(8) and hours.end == time(17)
    assert hours.breaks == ((time(12), time(13)), (time(15), time(15, 15)))
    assert hours.segments == ((time(8), time(12)), (time(13), time(15)), (time(15, 15), time(17)))
    assert hours.minutes_per_day == 9 * 60 - 60 - 15


def test_no_breaks() -> None:
    hours = WorkingHours(time(9), time(18), breaks=())
    assert hours.segments == ((time(9), time(18)),)
    assert hours.minutes_per_day == 540


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "18:00", "end": "09:00"}, "start before they end"),
        ({"start": "09:00", "end": "09:00"}, "start before they end"),
        ({"breaks": [("08:00", "09:30")]}, "strictly inside"),
        ({"breaks": [("18:00", "19:00")]}, "strictly inside"),
        ({"breaks": [("09:00", "10:00")]}, "strictly inside"),
        ({"breaks": [("12:00", "13:30"), ("13:00", "14:00")]}, "overlap"),
        ({"breaks": [("14:00", "13:00")]}, "start before it ends"),
        ({"start": "9am"}, "HH:MM"),
        ({"breaks": [("13:00",)]}, "pair"),
        ({"breaks": 5}, "sequence"),
        ({"start": 9}, "time or 'HH:MM'"),
    ],
)
def test_bad_hours_are_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        WorkingHours(**kwargs)


def test_calendar_uses_custom_hours() -> None:
    # 08:00–17:00, lunch 12:00–13:00. Tue 4 Apr 2017 16:30 + 60 min: 30 min
    # until 17:00, 30 min from Wed 08:00 -> 08:30; day limits end at 17:00.
    cal = KazakhstanCalendar(hours=WorkingHours("08:00", "17:00", breaks=[("12:00", "13:00")]), as_of=date(2026, 11, 25))
    assert cal.add(datetime(2017, 4, 4, 16, 30), 60, "minute") == datetime(2017, 4, 5, 8, 30)
    assert cal.add(datetime(2017, 4, 4, 16, 30), 1, "working_day") == datetime(2017, 4, 5, 17, 0)
    assert cal.next_working_moment(datetime(2017, 4, 4, 12, 30)) == datetime(2017, 4, 4, 13, 0)


def test_calendar_refuses_a_non_hours_value() -> None:
    with pytest.raises(CalendarError, match="WorkingHours"):
        KazakhstanCalendar(hours=("09:00", "18:30"))  # type: ignore[arg-type]


def test_working_segments_and_moments() -> None:
    cal = KazakhstanCalendar(as_of=date(2026, 11, 25))
    assert cal.working_segments(date(2017, 3, 20)) == ()  # transferred day off
    assert cal.working_segments(date(2017, 3, 18)) == (
        (datetime(2017, 3, 18, 9), datetime(2017, 3, 18, 13)),
        (datetime(2017, 3, 18, 14, 30), datetime(2017, 3, 18, 18, 30)),
    )
    assert cal.is_working_moment(datetime(2017, 3, 18, 9, 0))
    assert not cal.is_working_moment(datetime(2017, 3, 18, 13, 0))  # lunch starts
    assert not cal.is_working_moment(datetime(2017, 3, 18, 18, 30))  # closed
    assert not cal.is_working_moment(datetime(2017, 3, 19, 10, 0))  # Sunday
