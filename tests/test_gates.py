"""The code-quality gates that .ci/run enforces, also run by the suite.

So that every developer's usual `pytest` shows what CI would refuse: ruff (with the
complexity ceiling) and mypy, both configured in pyproject.toml. The test fails with
the tools' own findings, file:line each, so the owner of a file can fix it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    on_path = shutil.which(name)
    if on_path is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]' brings it)")
    return on_path


@pytest.mark.parametrize("command", [["ruff", "check", "--output-format", "concise", "."], ["mypy"]],
                         ids=["ruff", "mypy"])
def test_gate_is_clean(command: list[str]) -> None:
    result = subprocess.run([_tool(command[0]), *command[1:]], cwd=ROOT, capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 0, f"{command[0]} is not clean:\n{result.stdout}{result.stderr}"
