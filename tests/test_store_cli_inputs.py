"""``reglament instances`` options people type: moments in minutes, one-line user names, key=value pairs, the envelope."""

from __future__ import annotations

import json
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


@pytest.mark.parametrize("args, option", [
    (("list", "--data", "iin"), "--data"),
    (("list", "--data", "not a name=1"), "--data"),
    (("message", "gbd_reply", "--correlate", "iin:800315400125"), "--correlate"),
    (("start", str(SOCIAL), "--set", "=true"), "--set"),
])
def test_a_malformed_pair_names_the_option_it_came_from(args: tuple[str, ...], option: str, tmp_path: Path) -> None:
    code, out, err = run(*args, "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"reglament: error: Invalid value for {option}: ")
    assert not any(other in err for other in {"--set", "--data", "--correlate"} - {option})


def test_recompute_dues_speaks_the_envelope(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run("start", str(SOCIAL), "--db", db)[0] == 0
    code, out, err = run("recompute-dues", "--format", "json", "--db", db)
    assert code == 0, err
    envelope = json.loads(out)
    assert envelope["command"] == "instances recompute-dues"
    assert (envelope["exit_code"], envelope["results"], envelope["input_errors"]) == (0, {"changed": 0}, [])
    code, out, _ = run("recompute-dues", "--format", "text", "--db", db)
    assert (code, out) == (0, "0 due date(s) changed\n")
