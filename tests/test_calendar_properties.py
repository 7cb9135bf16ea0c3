"""Property-based checks of the counting rules (hypothesis).

Starts are drawn from 2016–2024 and limits kept small enough that no result
crosses the data's horizon (end of 2025), so every example is answerable.
"""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.calendar import CALENDAR_DAY, HOUR, MINUTE, WORKING_DAY, KazakhstanCalendar

CAL = KazakhstanCalendar(as_of=date(2026, 11, 25))

starts = st.datetimes(min_value=datetime(2016, 1, 1), max_value=datetime(2024, 6, 30, 23, 59))
LIMITS = {MINUTE: 3000, HOUR: 60, WORKING_DAY: 60, CALENDAR_DAY: 120}
unit_and_value = st.sampled_from(sorted(LIMITS)).flatmap(
    lambda unit: st.tuples(st.just(unit), st.integers(min_value=0, max_value=LIMITS[unit]))
)

SETTINGS = settings(max_examples=300, deadline=None)


def inside_working_time(moment: datetime, *, closed_end: bool) -> bool:
    """In some office-hours segment of a working day (end inclusive if asked)."""
    return any(
        (s <= moment <= e) if closed_end else (s <= moment < e) for s, e in CAL.working_segments(moment.date())
    )


@SETTINGS
@given(start=starts, unit_value=unit_and_value)
def test_add_is_monotonic_in_n(start: datetime, unit_value: tuple[str, int]) -> None:
    unit, n = unit_value
    here, there = CAL.add(start, n, unit), CAL.add(start, n + 1, unit)
    if unit == CALENDAR_DAY:
        # Two calendar days can roll forward to the same working day.
        assert here <= there
    else:
        assert here < there
    assert here >= start  # a limit never expires before it was set


@SETTINGS
@given(start=starts, unit=st.sampled_from([MINUTE, HOUR]), n=st.integers(min_value=0, max_value=3000))
def test_time_units_land_inside_working_time(start: datetime, unit: str, n: int) -> None:
    n = n if unit == MINUTE else n % 60
    due = CAL.add(start, n, unit)
    assert due >= start
    assert CAL.is_working_day(due.date())
    # A used-up limit may end exactly at a break or at closing time.
    assert inside_working_time(due, closed_end=n > 0)


@SETTINGS
@given(start=starts, unit=st.sampled_from([WORKING_DAY, CALENDAR_DAY]), n=st.integers(min_value=1, max_value=60))
def test_day_units_never_end_on_a_day_off(start: datetime, unit: str, n: int) -> None:
    due = CAL.add(start, n, unit)
    assert CAL.is_working_day(due.date())
    assert due.time() == CAL.hours.end
    assert due.date() > start.date()  # the start day never counts


@SETTINGS
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_working_days_between_inverts_add(start: datetime, n: int) -> None:
    due = CAL.add(start, n, WORKING_DAY)
    assert CAL.working_days_between(start, due) == n


@SETTINGS
@given(start=starts, n=st.integers(min_value=1, max_value=60))
def test_calendar_days_end_no_earlier_than_the_nth_date(start: datetime, n: int) -> None:
    due = CAL.add(start, n, CALENDAR_DAY)
    assert (due.date() - start.date()).days >= n
    # ...and only days off lie between the Nth date and the due date.
    first_candidate = date.fromordinal(start.date().toordinal() + n)
    skipped = [date.fromordinal(o) for o in range(first_candidate.toordinal(), due.date().toordinal())]
    assert not any(CAL.is_working_day(d) for d in skipped)


@SETTINGS
@given(start=starts, a=st.integers(min_value=0, max_value=1500), b=st.integers(min_value=1, max_value=1500))
def test_minutes_add_up(start: datetime, a: int, b: int) -> None:
    assert CAL.add(CAL.add(start, a, MINUTE), b, MINUTE) == CAL.add(start, a + b, MINUTE)


@SETTINGS
@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_an_hour_is_sixty_minutes(start: datetime, n: int) -> None:
    assert CAL.add(start, n, HOUR) == CAL.add(start, 60 * n, MINUTE)


@SETTINGS
@given(start=starts)
def test_next_working_moment_is_a_fixed_point(start: datetime) -> None:
    moment = CAL.next_working_moment(start)
    assert moment >= start
    assert CAL.is_working_moment(moment)
    assert CAL.next_working_moment(moment) == moment
