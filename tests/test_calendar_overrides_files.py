"""An overrides file that is a FIFO, a device or huge is refused at once (review R12).

``reglament deadline --calendar FIFO`` and ``instances recompute-dues --calendar-overrides
/dev/zero`` blocked forever: ``Path.read_bytes`` waits for a FIFO's writer and reads a
device without end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.calendar import CalendarError, Overrides
from toolkit.calendar.overrides import MAX_OVERRIDES_BYTES
from toolkit.cli import main


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
