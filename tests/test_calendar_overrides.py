"""The overrides file: the bundled data, user layers, horizon extension, errors, hostile files."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path

import holidays
import pytest
from click.testing import CliRunner

from toolkit.calendar import (
    CalendarError,
    CompleteYear,
    KazakhstanCalendar,
    Override,
    Overrides,
    holidays_package_coverage,
)
from toolkit.calendar.overrides import MAX_OVERRIDES_BYTES
from toolkit.cli import main

AS_OF = date(2026, 11, 25)


def test_bundled_overrides_load_and_cite_sources() -> None:
    bundled = Overrides.bundled()
    assert bundled.holidays_package_through == 2025
    assert len(bundled) > 0
    for entry in bundled:
        assert entry.source.strip()
        if entry.working and entry.day.weekday() < 5:
            # A working_day override on a weekday only cancels a withdrawn holiday.
            assert "no longer" in entry.name, entry
        if "Kurban" in entry.name:
            assert "announced" in entry.source
        else:
            assert "decree No." in entry.source or "Constitution" in entry.source


def test_bundled_overrides_agree_with_the_holidays_package() -> None:
    """The 2017–2018 and 2026 entries only add citations; a divergence must be noticed."""
    package = holidays.country_holidays("KZ")
    for entry in Overrides.bundled():
        assert package.is_working_day(entry.day) == entry.working, entry


def test_declared_horizon_is_not_beyond_the_installed_package() -> None:
    derived = holidays_package_coverage()
    assert derived is None or derived >= Overrides.bundled().holidays_package_through


def test_a_user_override_wins_and_is_explained(tmp_path: Path) -> None:
    # Pretend Tue 4 Apr 2017 was declared a day off; a 1-working-day limit
    # from Mon 3 Apr then ends on Wed 5 Apr instead of Tue 4 Apr.
    layer = Overrides.from_entries(
        [Override(date(2017, 4, 4), "day_off", "test decree No. 0 of 2017", name="Test day off")],
        label="test layer",
    )
    cal = KazakhstanCalendar(layer, as_of=AS_OF)
    assert not cal.is_working_day(date(2017, 4, 4))
    info = cal.explain(date(2017, 4, 4))
    assert info.origin == "override" and "test decree" in info.source
    assert "overrides holidays" in info.reason and "which says working day" in info.reason
    assert cal.add(datetime(2017, 4, 3, 10), 1, "working_day") == datetime(2017, 4, 5, 18, 30)
    # Bundled entries stay in force underneath.
    assert cal.is_working_day(date(2017, 3, 18))
    assert cal.data.overrides[-1] == "test layer"


def test_a_user_layer_replaces_a_bundled_entry_on_the_same_date() -> None:
    layer = Overrides.from_entries([Override(date(2017, 3, 18), "day_off", "hypothetical correction")])
    cal = KazakhstanCalendar(layer, as_of=AS_OF)
    assert not cal.is_working_day(date(2017, 3, 18))


TOML_2027 = """
format = 1

[[coverage.complete]]
year = 2027
source = "test fixture: pretend the 2027 transfer order and Kurban Ait date were entered"

[[day]]
date = 2027-01-09
kind = "working_day"
source = "hypothetical test fixture, not the real 2027 calendar"
"""


def test_overrides_extend_the_horizon(tmp_path: Path) -> None:
    path = tmp_path / "extra.toml"
    path.write_text(TOML_2027, encoding="utf-8")
    cal = KazakhstanCalendar(path, as_of=AS_OF, provisional=False)
    assert cal.horizon == date(2027, 12, 31)
    assert cal.is_working_day(date(2027, 1, 9))  # the fixture's (hypothetical) working Saturday
    assert not cal.is_working_day(date(2027, 1, 1))  # New Year from the package
    assert not cal.explain(date(2027, 1, 1)).provisional
    assert "extra.toml sha256:" in str(cal.data)
    with pytest.raises(CalendarError, match="horizon 2027-12-31"):
        cal.is_working_day(date(2028, 1, 4))


def test_coverage_must_be_contiguous() -> None:
    layer = Overrides.from_entries([], complete_years=[CompleteYear(2028, "a year too far")])
    assert KazakhstanCalendar(layer, as_of=AS_OF).horizon == date(2026, 12, 31)


def test_json_overrides(tmp_path: Path) -> None:
    path = tmp_path / "extra.json"
    path.write_text(
        json.dumps({"day": [{"date": "2017-04-04", "kind": "day_off", "source": "json test"}]}),
        encoding="utf-8",
    )
    cal = KazakhstanCalendar(path, as_of=AS_OF)
    assert not cal.is_working_day(date(2017, 4, 4))


def test_without_the_bundled_file_the_package_alone_decides() -> None:
    cal = KazakhstanCalendar(include_bundled=False, as_of=AS_OF)
    assert cal.overrides.labels == ()
    assert cal.is_working_day(date(2017, 3, 18))  # the package knows this transfer
    assert cal.explain(date(2017, 3, 20)).origin == "holidays"
    assert "Saturday 2017-03-18" in cal.explain(date(2017, 3, 20)).reason
    assert "Monday 2017-03-20" in cal.explain(date(2017, 3, 18)).reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[day]]\ndate = 2017-04-04\nkind = "holiday"\nsource = "x"\n', "kind must be one of"),
        ('[[day]]\ndate = 2017-04-04\nkind = "day_off"\n', "source"),
        ('[[day]]\ndate = 2017-04-04\nkind = "day_off"\nsource = "  "\n', "source"),
        ('[[day]]\ndate = 2017-04-04\nkind = "day_off"\nsource = "x"\nreason = "y"\n', "unknown key"),
        ('[[day]]\ndate = "04.04.2017"\nkind = "day_off"\nsource = "x"\n', "YYYY-MM-DD"),
        ('[[day]]\ndate = 2017-04-04T10:00:00\nkind = "day_off"\nsource = "x"\n', "plain date"),
        (
            '[[day]]\ndate = 2017-04-04\nkind = "day_off"\nsource = "x"\n'
            '[[day]]\ndate = 2017-04-04\nkind = "working_day"\nsource = "y"\n',
            "listed twice",
        ),
        ("format = 2\n", "unsupported format"),
        ("colour = 1\n", "unknown key"),
        ("[[coverage.complete]]\nyear = 2026\n", "source is required"),
        ('[[coverage.complete]]\nyear = "2026"\nsource = "x"\n', "must be an integer"),
        ('[coverage]\nholidays_package_through = "2025"\n', "must be a year"),
        ("day = 3\n", "array of tables"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_malformed_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError, match=message) as info:
        Overrides.load(path)
    assert "\n" not in str(info.value)
    assert "bad.toml" in str(info.value)


def test_unreadable_or_unknown_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="cannot read"):
        Overrides.load(tmp_path / "missing.toml")
    yaml = tmp_path / "x.yaml"
    yaml.write_text("a: 1", encoding="utf-8")
    with pytest.raises(CalendarError, match=r"\.toml or \.json"):
        Overrides.load(yaml)


def test_merged_layers() -> None:
    base = Overrides.from_entries(
        [Override(date(2017, 4, 4), "day_off", "a")], holidays_package_through=2025, label="base"
    )
    top = Overrides.from_entries(
        [Override(date(2017, 4, 4), "working_day", "b"), Override(date(2017, 4, 5), "day_off", "c")],
        complete_years=[CompleteYear(2026, "d")],
        label="top",
    )
    merged = base.merged(top)
    assert merged.get(date(2017, 4, 4)).source == "b"
    assert date(2017, 4, 5) in merged and len(merged) == 2
    assert merged.holidays_package_through == 2025
    assert set(merged.complete_years) == {2026}
    assert merged.labels == ("base", "top")


# -- files that are not what they seem: a FIFO, a device or a huge file is refused at once ------
# (``Path.read_bytes`` would wait for a FIFO's writer for ever and read a device without end.)

def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "decree.toml"
    os.mkfifo(fifo)
    with pytest.raises(CalendarError, match="not a regular file"):
        Overrides.load(fifo)


def test_a_device_is_refused() -> None:
    with pytest.raises(CalendarError, match="not a regular file"):
        Overrides.load("/dev/zero")


def test_a_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.truncate(MAX_OVERRIDES_BYTES + 1)  # sparse: nothing to read, only its size
    with pytest.raises(CalendarError, match="over the"):
        Overrides.load(big)


def test_deadline_with_a_fifo_calendar_is_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "decree.toml"
    os.mkfifo(fifo)
    result = CliRunner().invoke(main, ["deadline", "social-assistance", "--submitted", "2026-12-02T10:00",
                                       "--calendar", str(fifo)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"reglament: error: cannot read overrides file {fifo}: "
                                                  "not a regular file"]
