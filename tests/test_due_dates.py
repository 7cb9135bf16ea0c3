"""Due dates for any date an app meets (issue 9 §2): confirmed, provisional, overridden.

Expected values are worked by hand from the published calendars in the
comments; 2027 is provisional (no transfer act in the data), so its expected
dates follow the statutory holidays only.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SOCIAL_ASSISTANCE

from toolkit.calendar import CalendarError, KazakhstanCalendar, default_calendar
from toolkit.cli import main
from toolkit.deadlines import DueDate, due_date
from toolkit.model.elements import TimeLimit

SIX_DAYS = TimeLimit(6, "working_day")
FIFTEEN_MINUTES = TimeLimit(15, "minute")

#: A hypothetical 2027 transfer order (test data): Sat 9 Jan worked, its day off moved to Wed 6 Jan.
ORDER_2027 = """
format = 1

[[coverage.complete]]
year = 2027
source = "hypothetical Ministry of Labour order on the transfer of days off in 2027 (test data)"

[[day]]
date = 2027-01-06
kind = "day_off"
source = "hypothetical order (test data)"
name = "Day off moved from Saturday 2027-01-09"

[[day]]
date = 2027-01-09
kind = "working_day"
source = "hypothetical order (test data)"
"""


@pytest.fixture(scope="module")
def calendar() -> KazakhstanCalendar:
    return default_calendar(use_project_config=False, as_of=date(2026, 12, 2))


def test_a_due_date_today_is_confirmed(calendar: KazakhstanCalendar) -> None:
    # Wed 2 Dec 2026 10:00 + 6 wd: 3, 4, 7, 8, 9, 10 -> Thu 10 Dec 18:30.
    due = due_date(calendar, datetime(2026, 12, 2, 10, 0), SIX_DAYS)
    assert due == DueDate(datetime(2026, 12, 10, 18, 30), False, None, calendar.version)
    assert not due.stale(calendar)


def test_a_due_date_next_year_is_provisional_never_none(calendar: KazakhstanCalendar) -> None:
    # Thu 31 Dec 2026 10:00 + 6 wd: (1 Jan New Year, 2 Jan Sat holiday -> Mon 4 Jan off),
    # Tue 5, Wed 6, (Thu 7 Christmas), Fri 8, Mon 11, Tue 12, Wed 13 -> 18:30.
    due = due_date(calendar, datetime(2026, 12, 31, 10, 0), SIX_DAYS)
    assert due.at == datetime(2027, 1, 13, 18, 30)
    assert due.provisional and due.note and "2027" in due.note
    assert due.to_dict()["provisional"] is True


def test_minutes_after_closing_time_are_provisional_only_when_they_cross(calendar: KazakhstanCalendar) -> None:
    # Thu 31 Dec 2026 18:20 + 15 min: 10 min that day, 5 min on the next working day,
    # Tue 5 Jan 2027 (1, 4 Jan off; 2-3 weekend) -> 09:05, provisional.
    due = due_date(calendar, datetime(2026, 12, 31, 18, 20), FIFTEEN_MINUTES)
    assert due.at == datetime(2027, 1, 5, 9, 5) and due.provisional
    assert not due_date(calendar, datetime(2026, 12, 31, 10, 0), FIFTEEN_MINUTES).provisional


def test_no_limit_and_no_calendar_give_none_with_the_reason(calendar: KazakhstanCalendar) -> None:
    none = due_date(calendar, datetime(2026, 12, 2, 10, 0), None)
    assert none.at is None and "no time limit" in (none.note or "")
    too_early = due_date(calendar, datetime(1990, 1, 1, 10, 0), SIX_DAYS)
    assert too_early.at is None and "1991" in (too_early.note or "")
    with pytest.raises(CalendarError, match="naive"):
        due_date(calendar, datetime(2026, 12, 2, 10, 0).astimezone(), SIX_DAYS)


def test_an_overrides_file_makes_2027_confirmed_and_marks_old_dates_stale(
        calendar: KazakhstanCalendar, tmp_path: Path) -> None:
    order = tmp_path / "kz-2027.toml"
    order.write_text(ORDER_2027, encoding="utf-8")
    newer = default_calendar(order, use_project_config=False, as_of=date(2026, 12, 2))
    old = due_date(calendar, datetime(2026, 12, 31, 10, 0), SIX_DAYS)
    assert old.stale(newer)
    # Recompute with the order: Tue 5, (Wed 6 moved day off, Thu 7 Christmas), Fri 8,
    # Sat 9 worked, Mon 11, Tue 12, Wed 13 -> the 6th is Wed 13 Jan, now confirmed.
    again = due_date(newer, datetime(2026, 12, 31, 10, 0), SIX_DAYS)
    assert again.at == datetime(2027, 1, 13, 18, 30) and not again.provisional
    # A 3 wd term shows the difference: Tue 5, Fri 8, Sat 9 (worked) -> Sat 9 Jan.
    assert due_date(newer, datetime(2026, 12, 31, 10, 0), TimeLimit(3, "working_day")).at == \
        datetime(2027, 1, 9, 18, 30)
    assert due_date(calendar, datetime(2026, 12, 31, 10, 0), TimeLimit(3, "working_day")).at == \
        datetime(2027, 1, 8, 18, 30)


def test_the_project_pyproject_names_the_calendar(tmp_path: Path) -> None:
    (tmp_path / "calendar").mkdir()
    (tmp_path / "calendar" / "kz-2027.toml").write_text(ORDER_2027, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.reglament]\ncalendar = "calendar/kz-2027.toml"\n',
                                             encoding="utf-8")
    nested = tmp_path / "app" / "module"
    nested.mkdir(parents=True)
    cal = default_calendar(project=nested)
    assert cal.horizon == date(2027, 12, 31)
    assert cal.is_working_day(date(2027, 1, 9))
    assert default_calendar(project=nested, use_project_config=False).horizon == date(2026, 12, 31)


@pytest.mark.parametrize("setting, message", [
    ("calendar = 5", "must be a file name"),
    ('calendar = "missing.toml"', "cannot read overrides file"),
])
def test_a_bad_project_setting_is_one_clear_error(tmp_path: Path, setting: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.reglament]\n{setting}\n", encoding="utf-8")
    with pytest.raises(CalendarError, match=message) as info:
        default_calendar(project=tmp_path)
    assert "\n" not in str(info.value)


def test_deadline_cli_works_for_today() -> None:
    result = CliRunner().invoke(main, ["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2026-12-02T10:00",
                                       "--set", "documents_complete=true", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"]
    assert report["due"] is not None and report["provisional"] is False
    assert report["calendar_version"].startswith("kzcal-")


def test_deadline_cli_calendar_option_and_provisional_note(tmp_path: Path) -> None:
    args = ["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2026-12-28T10:00", "--set", "documents_complete=true"]
    provisional = CliRunner().invoke(main, args)
    assert provisional.exit_code == 0, provisional.output
    assert "(provisional)" in provisional.stdout and "note: provisional: 2027" in provisional.stderr
    order = tmp_path / "kz-2027.toml"
    order.write_text(ORDER_2027, encoding="utf-8")
    confirmed = CliRunner().invoke(main, [*args, "--calendar", str(order), "--format", "json"])
    assert confirmed.exit_code == 0, confirmed.output
    report = json.loads(confirmed.stdout)["results"]
    assert report["provisional"] is False and "kz-2027.toml" in report["data"]


def test_deadline_cli_refuses_a_bad_calendar_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[day]]\ndate = 2027-01-09\nkind = \"holiday\"\nsource = \"x\"\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2026-12-02T10:00",
                                       "--set", "documents_complete=true", "--calendar", str(bad)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "bad.toml day[0]: " in result.output and "kind" in result.output


def test_value_and_unit_may_be_given_apart(calendar: KazakhstanCalendar) -> None:
    apart = due_date(calendar, datetime(2026, 12, 2, 10, 0), 6, "working_day")
    assert apart == due_date(calendar, datetime(2026, 12, 2, 10, 0), SIX_DAYS)
    assert apart.calendar_version == calendar.version
    with pytest.raises(CalendarError, match="needs its unit"):
        due_date(calendar, datetime(2026, 12, 2, 10, 0), 6)
