"""``reglament instances`` options people type: moments in minutes, one-line user names (review R6, R10)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from store_support import SOCIAL

from toolkit.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["instances", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("moment", ["2027-01-01T00:00", "2027-01-01 00:00", "2027-01-01T00:00:00", "2027-01-01"])
def test_tick_now_and_waiting_since_take_minutes_like_deadline(moment: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    code, _, err = run("tick", "--now", moment, "--db", db)
    assert code == 0, err
    code, _, err = run("list", "--waiting-since", moment, "--db", db)
    assert code == 0, err


@pytest.mark.parametrize("name", ["aigerim\nreglament: error: forged", "tab\there", "   ", "bell\x07"])
def test_a_user_name_that_would_forge_audit_lines_is_refused(name: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    code, out, err = run("start", str(SOCIAL), "--user", name, "--db", db)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "one line of printable text" in err
    code, out, _ = run("start", str(SOCIAL), "--user", "Айгерім Серікқызы", "--db", db)
    assert code == 0 and out.strip() == "1"  # the refused start saved nothing
