"""Kazakhstan's working calendar on real dates of 2017 (the act's year) and 2018.

Every expected value is worked out by hand in the comment above it, from the
published calendar: holidays under the Law "On holidays in the RK", holidays
that fell on a weekend carried to the next working day, and the Government's
transfer decrees (2017: No. 5; 2018: No. 864 of 2017); for 2026 the bundled
data and for 2027 the provisional answers. Default office hours
09:00–18:30 with lunch 13:00–14:30, i.e. 8 working hours a day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import holidays
import pytest

from toolkit.calendar import (
    CALENDAR_DAY,
    HOUR,
    MINUTE,
    UNITS,
    WORKING_DAY,
    CalendarError,
    Deadline,
    KazakhstanCalendar,
)

AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def cal() -> KazakhstanCalendar:
    return KazakhstanCalendar(as_of=AS_OF)


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


def test_units_are_the_project_keys() -> None:
    assert UNITS == ("minute", "hour", "working_day", "calendar_day")


# --- Nauryz 2017: Sat 18 March worked, Mon 20 March off, 21–23 March Nauryz ---


def test_march_2017_day_statuses(cal: KazakhstanCalendar) -> None:
    expected = {
        17: True,   # Friday, ordinary
        18: True,   # Saturday worked (decree No. 5) in exchange for Monday 20
        19: False,  # Sunday
        20: False,  # Monday: day off moved from Saturday 18
        21: False,  # Nauryz
        22: False,  # Nauryz
        23: False,  # Nauryz
        24: True,   # Friday, back to work
        25: False,  # Saturday, ordinary weekend
    }
    assert {d: cal.is_working_day(date(2017, 3, d)) for d in expected} == expected


def test_hours_before_nauryz_spill_onto_the_worked_saturday(cal: KazakhstanCalendar) -> None:
    # Fri 17 Mar 17:00 + 2 h: 90 min left on Friday (17:00–18:30), 30 min remain;
    # the next working day is Saturday 18 March (worked) -> 09:30.
    assert cal.add(at(2017, 3, 17, 17, 0), 2, HOUR) == at(2017, 3, 18, 9, 30)


def test_minutes_from_the_worked_saturday_jump_the_nauryz_break(cal: KazakhstanCalendar) -> None:
    # Sat 18 Mar 18:10 + 30 min: 20 min until 18:30, 10 remain; Sun 19 off,
    # Mon 20 transferred off, 21–23 Nauryz -> Fri 24 Mar 09:10.
    assert cal.add(at(2017, 3, 18, 18, 10), 30, MINUTE) == at(2017, 3, 24, 9, 10)


def test_working_days_from_the_friday_before_nauryz(cal: KazakhstanCalendar) -> None:
    # Fri 17 Mar 10:00 + 2 working days: the term begins the next day;
    # day 1 = Sat 18 (worked), day 2 = Fri 24 (19–23 off) -> 24 Mar 18:30.
    assert cal.add(at(2017, 3, 17, 10, 0), 2, WORKING_DAY) == at(2017, 3, 24, 18, 30)


def test_one_working_day_from_the_worked_saturday(cal: KazakhstanCalendar) -> None:
    # Sat 18 Mar 16:00 (a working day) + 1 working day: day 1 is the first
    # working day after 18 March = Fri 24 -> 24 Mar 18:30.
    deadline = cal.deadline(at(2017, 3, 18, 16, 0), 1, WORKING_DAY)
    assert deadline.due == at(2017, 3, 24, 18, 30)
    assert [d.day for d in deadline.days_off] == [date(2017, 3, d) for d in (19, 20, 21, 22, 23)]


def test_working_days_between_across_nauryz(cal: KazakhstanCalendar) -> None:
    # Days after Thu 16 Mar up to Fri 24 Mar that are worked: 17, 18, 24 -> 3.
    assert cal.working_days_between(date(2017, 3, 16), date(2017, 3, 24)) == 3
    assert cal.working_days_between(date(2017, 3, 24), date(2017, 3, 16)) == -3
    assert cal.working_days_between(date(2017, 3, 20), date(2017, 3, 20)) == 0


def test_explain_names_the_decree_and_the_holiday(cal: KazakhstanCalendar) -> None:
    moved = cal.explain(date(2017, 3, 20))
    assert not moved.working
    assert moved.origin == "override"
    assert "No. 5" in moved.source and "P1700000005" in moved.source
    worked = cal.explain(date(2017, 3, 18))
    assert worked.working and "No. 5" in worked.source
    nauryz = cal.explain(date(2017, 3, 21))
    assert not nauryz.working and nauryz.origin == "holidays" and "Nowruz" in nauryz.reason
    assert "2017-03-21 Tuesday: day off" in str(nauryz)


# --- Capital Day 2017: Thu 6 July; Fri 7 July off, moved from Sat 1 July ---


def test_one_working_day_across_capital_day(cal: KazakhstanCalendar) -> None:
    # Wed 5 Jul 15:00 + 1 working day: Thu 6 Capital Day, Fri 7 transferred
    # day off, 8–9 weekend -> day 1 = Mon 10 Jul, due 18:30.
    assert cal.add(at(2017, 7, 5, 15, 0), 1, WORKING_DAY) == at(2017, 7, 10, 18, 30)


def test_minutes_across_capital_day(cal: KazakhstanCalendar) -> None:
    # Wed 5 Jul 18:00 + 60 min: 30 min on Wednesday, 30 remain; 6–9 July off
    # -> Mon 10 Jul 09:30.
    assert cal.add(at(2017, 7, 5, 18, 0), 60, MINUTE) == at(2017, 7, 10, 9, 30)


def test_hours_on_the_worked_saturday_1_july(cal: KazakhstanCalendar) -> None:
    # Sat 1 Jul 2017 is a working day. 11:00 + 3 h: 11:00–13:00 = 2 h,
    # lunch, then 1 h from 14:30 -> 15:30 the same Saturday.
    assert cal.is_working_day(date(2017, 7, 1))
    assert cal.add(at(2017, 7, 1, 11, 0), 3, HOUR) == at(2017, 7, 1, 15, 30)


def test_after_hours_friday_before_the_worked_saturday(cal: KazakhstanCalendar) -> None:
    # Fri 30 Jun 19:00 is after hours: counting starts Sat 1 Jul 09:00.
    # + 30 min -> 09:30; + 1 working day: day 1 = first working day after
    # 30 June = Sat 1 Jul -> 18:30.
    assert cal.next_working_moment(at(2017, 6, 30, 19, 0)) == at(2017, 7, 1, 9, 0)
    assert cal.add(at(2017, 6, 30, 19, 0), 30, MINUTE) == at(2017, 7, 1, 9, 30)
    assert cal.add(at(2017, 6, 30, 19, 0), 1, WORKING_DAY) == at(2017, 7, 1, 18, 30)


# --- An ordinary Friday and Saturday (April 2017, no holidays) ---


def test_friday_after_hours_counts_from_monday_morning(cal: KazakhstanCalendar) -> None:
    # Fri 14 Apr 18:45 is after closing -> Mon 17 Apr 09:00; + 30 min -> 09:30.
    assert cal.next_working_moment(at(2017, 4, 14, 18, 45)) == at(2017, 4, 17, 9, 0)
    assert cal.add(at(2017, 4, 14, 18, 45), 30, MINUTE) == at(2017, 4, 17, 9, 30)


def test_friday_afternoon_hours_roll_over_the_weekend(cal: KazakhstanCalendar) -> None:
    # Fri 14 Apr 17:00 + 2 h: 90 min on Friday, 30 min remain -> Mon 17 Apr 09:30.
    assert cal.add(at(2017, 4, 14, 17, 0), 2, HOUR) == at(2017, 4, 17, 9, 30)


def test_friday_working_day_ignores_the_hour(cal: KazakhstanCalendar) -> None:
    # The submission day never counts, whatever the hour: from Fri 14 Apr at
    # 10:00 or at 18:45, day 1 = Mon 17 Apr -> 18:30; 3 working days -> Wed 19.
    assert cal.add(at(2017, 4, 14, 10, 0), 1, WORKING_DAY) == at(2017, 4, 17, 18, 30)
    assert cal.add(at(2017, 4, 14, 18, 45), 1, WORKING_DAY) == at(2017, 4, 17, 18, 30)
    assert cal.add(at(2017, 4, 14, 18, 45), 3, WORKING_DAY) == at(2017, 4, 19, 18, 30)


def test_saturday_submission(cal: KazakhstanCalendar) -> None:
    sat = at(2017, 4, 15, 10, 0)
    # An ordinary Saturday: counting starts Mon 17 Apr 09:00.
    assert cal.next_working_moment(sat) == at(2017, 4, 17, 9, 0)
    assert cal.add(sat, 30, MINUTE) == at(2017, 4, 17, 9, 30)
    # Day 1 = first working day after Saturday = Monday -> 18:30.
    assert cal.add(sat, 1, WORKING_DAY) == at(2017, 4, 17, 18, 30)
    # 1 calendar day = Sun 16 (day off) -> moves to Mon 17; 2 calendar days = Mon 17.
    assert cal.add(sat, 1, CALENDAR_DAY) == at(2017, 4, 17, 18, 30)
    assert cal.add(sat, 2, CALENDAR_DAY) == at(2017, 4, 17, 18, 30)
    # A zero limit is due at the first working moment.
    assert cal.add(sat, 0, WORKING_DAY) == at(2017, 4, 17, 9, 0)


# --- 2018: Saturday 3 March worked for Friday 9 March (decree No. 864 of 2017) ---


def test_2018_worked_saturday_3_march(cal: KazakhstanCalendar) -> None:
    # Fri 2 Mar 2018 17:30 + 2 h: 60 min on Friday, 60 remain; Sat 3 Mar is
    # worked -> 10:00 on Saturday.
    assert cal.is_working_day(date(2018, 3, 3))
    assert not cal.is_working_day(date(2018, 3, 9))
    assert cal.add(at(2018, 3, 2, 17, 30), 2, HOUR) == at(2018, 3, 3, 10, 0)


def test_2018_working_days_over_women_s_day(cal: KazakhstanCalendar) -> None:
    # Thu 1 Mar 12:00 + 2 working days: day 1 = Fri 2, day 2 = Sat 3 (worked) -> 18:30.
    assert cal.add(at(2018, 3, 1, 12, 0), 2, WORKING_DAY) == at(2018, 3, 3, 18, 30)
    # Wed 7 Mar 10:00 + 1 working day: Thu 8 Women's Day, Fri 9 transferred,
    # 10–11 weekend -> Mon 12 Mar 18:30.
    assert cal.add(at(2018, 3, 7, 10, 0), 1, WORKING_DAY) == at(2018, 3, 12, 18, 30)
    assert "No. 864" in cal.explain(date(2018, 3, 9)).source


# --- New Year and Orthodox Christmas ---


def test_hours_across_new_year_2017(cal: KazakhstanCalendar) -> None:
    # Fri 30 Dec 2016 17:00 + 3 h: 1.5 h on Friday; Sat 31, Sun 1 Jan (New
    # Year), Mon 2 Jan (New Year), Tue 3 Jan (1 Jan fell on a Sunday and is
    # carried over) -> Wed 4 Jan 09:00 + 1.5 h = 10:30.
    assert cal.add(at(2016, 12, 30, 17, 0), 3, HOUR) == at(2017, 1, 4, 10, 30)
    assert "observed" in cal.explain(date(2017, 1, 3)).reason


def test_working_days_across_new_year_2018_and_christmas_on_sunday(cal: KazakhstanCalendar) -> None:
    # Fri 29 Dec 2017 16:00 + 5 working days: 30–31 weekend, 1–2 Jan New Year;
    # day 1 Wed 3, day 2 Thu 4, day 3 Fri 5; Sun 7 Jan Christmas is a religious
    # holiday and is NOT carried over, so Mon 8 works: day 4 Mon 8, day 5 Tue 9.
    assert cal.add(at(2017, 12, 29, 16, 0), 5, WORKING_DAY) == at(2018, 1, 9, 18, 30)
    assert cal.is_working_day(date(2018, 1, 8))


def test_christmas_on_a_weekday_is_a_day_off(cal: KazakhstanCalendar) -> None:
    # Fri 4 Jan 2019 + 1 working day: Mon 7 Jan is Orthodox Christmas -> Tue 8 Jan.
    assert not cal.is_working_day(date(2019, 1, 7))
    assert cal.add(at(2019, 1, 4, 10, 0), 1, WORKING_DAY) == at(2019, 1, 8, 18, 30)


# --- Minutes inside a day: lunch and closing time (Tue 4 Apr 2017, ordinary) ---


@pytest.mark.parametrize(
    ("start", "minutes", "due", "why"),
    [
        (at(2017, 4, 4, 12, 45), 30, at(2017, 4, 4, 14, 45), "15 before lunch, 15 after 14:30"),
        (at(2017, 4, 4, 13, 20), 10, at(2017, 4, 4, 14, 40), "submitted at lunch: counts from 14:30"),
        (at(2017, 4, 4, 12, 0), 60, at(2017, 4, 4, 13, 0), "used up exactly at lunch: due 13:00"),
        (at(2017, 4, 4, 18, 20), 30, at(2017, 4, 5, 9, 20), "10 before closing, 20 next morning"),
        (at(2017, 4, 4, 7, 0), 15, at(2017, 4, 4, 9, 15), "before opening: counts from 09:00"),
        (at(2017, 4, 4, 9, 0), 8 * 60, at(2017, 4, 4, 18, 30), "a full day is 8 working hours"),
        (at(2017, 4, 4, 9, 0), 9 * 60, at(2017, 4, 5, 10, 0), "one hour into the next day"),
        (at(2017, 4, 4, 18, 30), 1, at(2017, 4, 5, 9, 1), "closing time itself is after hours"),
    ],
)
def test_minutes_cross_lunch_and_closing(
    cal: KazakhstanCalendar, start: datetime, minutes: int, due: datetime, why: str
) -> None:
    assert cal.add(start, minutes, MINUTE) == due, why


def test_an_hour_is_sixty_working_minutes(cal: KazakhstanCalendar) -> None:
    start = at(2017, 4, 4, 12, 15)
    assert cal.add(start, 2, HOUR) == cal.add(start, 120, MINUTE) == at(2017, 4, 4, 15, 45)


# --- Calendar days ---


@pytest.mark.parametrize(
    ("start", "days", "due", "why"),
    [
        (at(2017, 3, 1, 10), 7, at(2017, 3, 9, 18, 30), "day 7 = Wed 8 Mar, a holiday -> Thu 9"),
        (at(2017, 3, 17, 10), 3, at(2017, 3, 24, 18, 30), "day 3 = Mon 20 (moved off), 21–23 Nauryz -> Fri 24"),
        (at(2017, 4, 10, 10), 10, at(2017, 4, 20, 18, 30), "day 10 = Thu 20 Apr, a working day"),
        (at(2017, 12, 13, 10), 3, at(2017, 12, 20, 18, 30), "day 3 = Sat 16 Dec; 17, 18–19 carried over -> Wed 20"),
        (at(2017, 4, 14, 10), 3, at(2017, 4, 17, 18, 30), "weekends count: day 3 = Mon 17"),
    ],
)
def test_calendar_days(cal: KazakhstanCalendar, start: datetime, days: int, due: datetime, why: str) -> None:
    assert cal.add(start, days, CALENDAR_DAY) == due, why


def test_calendar_days_differ_from_working_days(cal: KazakhstanCalendar) -> None:
    # Fri 14 Apr 2017 + 3: calendar -> Mon 17; working -> Mon 17, Tue 18, Wed 19.
    assert cal.add(at(2017, 4, 14, 10), 3, CALENDAR_DAY) == at(2017, 4, 17, 18, 30)
    assert cal.add(at(2017, 4, 14, 10), 3, WORKING_DAY) == at(2017, 4, 19, 18, 30)


# --- Provenance ---


def test_deadline_says_what_it_was_computed_with(cal: KazakhstanCalendar) -> None:
    deadline = cal.deadline(at(2017, 3, 17, 10, 0), 2, WORKING_DAY)
    assert isinstance(deadline, Deadline)
    assert deadline.as_of == AS_OF
    assert deadline.begins == at(2017, 3, 18, 9, 0)
    assert deadline.data.horizon == cal.horizon
    assert deadline.data.holidays_version == holidays.__version__
    text = str(deadline)
    assert "computed as of 2026-11-25" in text
    assert f"holidays {holidays.__version__}" in text
    assert "overrides.toml sha256:" in text
    assert "\n" not in text


def test_as_of_defaults_to_today() -> None:
    assert KazakhstanCalendar().as_of == date.today()


# --- What the calendar cannot speak for ---


def test_horizon_is_explicit(cal: KazakhstanCalendar) -> None:
    # holidays 0.109 carries transfer decrees and confirmed Kurban Ait dates
    # through 2025; the bundled overrides complete 2026 (no transfer act that
    # year, Kurban Ait 27 May, 30 August no longer a holiday).
    assert cal.horizon == date(2026, 12, 31)
    assert not cal.is_provisional(date(2026, 12, 31)) and cal.is_provisional(date(2027, 1, 1))
    # Beyond the horizon the default calendar answers provisionally as far as
    # the package estimates Kurban Ait.
    assert cal.provisional_horizon.year >= 2090
    assert cal.covers(date(2027, 1, 1)) and cal.covers(cal.provisional_horizon)
    assert not cal.covers(cal.provisional_horizon + timedelta(days=1))
    assert cal.covers(date(1991, 12, 16)) and not cal.covers(date(1991, 12, 15))


@pytest.mark.parametrize("day", [date(1990, 5, 14), date(1991, 12, 15)])
def test_dates_before_independence_are_refused(cal: KazakhstanCalendar, day: date) -> None:
    with pytest.raises(CalendarError, match="before 1991-12-16") as info:
        cal.is_working_day(day)
    assert isinstance(info.value, ValueError)
    assert "\n" not in str(info.value)
    with pytest.raises(CalendarError):
        cal.add(datetime.combine(day, datetime.min.time()), 1, WORKING_DAY)


STRICT = KazakhstanCalendar(as_of=AS_OF, provisional=False)


def test_a_strict_calendar_refuses_dates_beyond_the_horizon() -> None:
    with pytest.raises(CalendarError, match="beyond the calendar's horizon 2026-12-31"):
        STRICT.is_working_day(date(2027, 1, 5))
    with pytest.raises(CalendarError, match="beyond"):
        STRICT.explain(date(2030, 1, 1))
    assert not STRICT.covers(date(2027, 1, 1))


def test_a_strict_deadline_running_past_the_horizon_is_refused() -> None:
    # Thu 31 Dec 2026 17:00 + 30 min stays inside 2026 -> 17:30.
    assert STRICT.add(at(2026, 12, 31, 17, 0), 30, MINUTE) == at(2026, 12, 31, 17, 30)
    with pytest.raises(CalendarError, match="cannot count 60 minute from 2026-12-31 18:00"):
        STRICT.add(at(2026, 12, 31, 18, 0), 60, MINUTE)
    with pytest.raises(CalendarError, match="horizon"):
        STRICT.add(at(2026, 12, 30, 10, 0), 5, WORKING_DAY)
    with pytest.raises(CalendarError, match="horizon"):
        STRICT.add(at(2026, 12, 30, 10, 0), 10**9, CALENDAR_DAY)


def test_today_has_confirmed_due_dates(cal: KazakhstanCalendar) -> None:
    # Wed 2 Dec 2026 10:00 + 6 wd: Thu 3, Fri 4, Mon 7, Tue 8, Wed 9, Thu 10 -> 18:30.
    # (Independence Day Wed 16 Dec is after it.) 2026 is inside the data: not provisional.
    due = cal.deadline(at(2026, 12, 2, 10, 0), 6, WORKING_DAY)
    assert due.due == at(2026, 12, 10, 18, 30)
    assert not due.provisional and due.note is None
    # 10 wd crosses Independence Day: 3, 4, 7, 8, 9, 10, 11, 14, 15, (16 off), 17 -> Thu 17 Dec.
    assert cal.add(at(2026, 12, 2, 10, 0), 10, WORKING_DAY) == at(2026, 12, 17, 18, 30)


def test_2026_data_kurban_ait_and_the_dropped_constitution_day(cal: KazakhstanCalendar) -> None:
    kurban = cal.explain(date(2026, 5, 27))
    assert not kurban.working and kurban.origin == "override" and "announced" in kurban.source
    assert cal.is_working_day(date(2026, 8, 31))  # 30 Aug (Sun) is no longer a holiday: no carry-over
    assert "Constitution" in cal.explain(date(2026, 8, 31)).source
    # Tue 26 May 2026 10:00 + 1 wd: Wed 27 Kurban Ait -> Thu 28 May 18:30.
    assert cal.add(at(2026, 5, 26, 10, 0), 1, WORKING_DAY) == at(2026, 5, 28, 18, 30)


def test_a_deadline_into_the_next_year_is_provisional_with_the_reason(cal: KazakhstanCalendar) -> None:
    # Mon 21 Dec 2026 10:00 + 15 wd: 22, 23, 24, 25, 28, 29, 30, 31 (8); 2027: Fri 1 Jan
    # New Year, Mon 4 Jan (2 Jan fell on Saturday, carried over), 5, 6, (7 Christmas),
    # 8, 11, 12, 13, 14 -> the 15th is Thu 14 Jan 2027 18:30.
    due = cal.deadline(at(2026, 12, 21, 10, 0), 15, WORKING_DAY)
    assert due.due == at(2027, 1, 14, 18, 30)
    assert due.provisional
    assert due.note is not None and "2027" in due.note and "transfer act" in due.note and "--calendar" in due.note
    info = cal.explain(date(2027, 1, 4))
    assert not info.working and info.provisional and "provisional" in str(info)
    assert "provisional" in str(due)


def test_far_future_within_the_package_is_provisional_beyond_it_refused(cal: KazakhstanCalendar) -> None:
    assert cal.deadline(at(2060, 6, 1, 10, 0), 30, MINUTE).provisional
    with pytest.raises(CalendarError, match="beyond the calendar's horizon"):
        cal.is_working_day(cal.provisional_horizon + timedelta(days=1))


def test_the_version_identifies_data_and_rules_not_paths(tmp_path: Path) -> None:
    layer = "format = 1\n[[day]]\ndate = 2027-01-08\nkind = \"working_day\"\nsource = \"test order\"\n"
    a, b = tmp_path / "a.toml", tmp_path / "sub" / "b.toml"
    b.parent.mkdir()
    a.write_text(layer, encoding="utf-8")
    b.write_text(layer, encoding="utf-8")
    base = KazakhstanCalendar(as_of=AS_OF)
    assert base.version == KazakhstanCalendar(as_of=date(2030, 1, 1)).version  # as_of is not data
    assert KazakhstanCalendar(a, as_of=AS_OF).version == KazakhstanCalendar(b, as_of=AS_OF).version
    assert KazakhstanCalendar(a, as_of=AS_OF).version != base.version
    assert STRICT.version != base.version
    assert base.version.startswith("kzcal-")


@pytest.mark.parametrize("unit", ["day", "working_days", "", "Minute", None])
def test_unknown_units_are_refused(cal: KazakhstanCalendar, unit: object) -> None:
    with pytest.raises(CalendarError, match="unknown unit"):
        cal.add(at(2017, 4, 4, 10), 1, unit)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-1, 1.5, True, "3"])
def test_bad_values_are_refused(cal: KazakhstanCalendar, value: object) -> None:
    with pytest.raises(CalendarError, match="value must"):
        cal.add(at(2017, 4, 4, 10), value, MINUTE)  # type: ignore[arg-type]


def test_aware_datetimes_are_refused(cal: KazakhstanCalendar) -> None:
    from datetime import timedelta, timezone

    aware = datetime(2017, 4, 4, 10, tzinfo=timezone(timedelta(hours=6)))
    with pytest.raises(CalendarError, match="naive local"):
        cal.add(aware, 1, MINUTE)
    with pytest.raises(CalendarError, match="naive local"):
        cal.next_working_moment(aware)
