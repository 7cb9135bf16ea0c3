"""``reglament`` or ``reglament instances`` with no command shows the help, readable (review R14).

The family's one-line usage errors squashed click's "no arguments, here is the help" into
a single 1,500-character ``reglament: error: Usage: …`` line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REGLAMENT = str(Path(sys.executable).parent / "reglament")


@pytest.mark.parametrize(("args", "listed"), [([], "instances"), (["instances"], "complete")])
def test_no_command_prints_the_help_block(args: list[str], listed: str) -> None:
    proc = subprocess.run([REGLAMENT, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Usage: reglament")
    assert "reglament: error" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert "Commands:" in lines and any(line.strip().startswith(listed) for line in lines)


def test_an_unknown_command_is_still_one_line() -> None:
    proc = subprocess.run([REGLAMENT, "nosuch"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["reglament: error: No such command 'nosuch'. (see 'reglament --help')"]
