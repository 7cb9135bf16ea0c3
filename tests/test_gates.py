"""The gates .ci/run runs are clean: ruff (with the C901 complexity ceiling) and mypy.

They run here too so that a change which breaks a gate fails the suite a helper runs, not only CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _gate(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean_with_the_complexity_ceiling():
    result = _gate("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean():
    result = _gate("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
