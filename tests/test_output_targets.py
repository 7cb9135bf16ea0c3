"""Writers never replace a FIFO, a device or a socket with a regular file.

Found by the review: every writer renames a temporary file over its target, so
``reglament run … --save /dev/full`` (or ``layout -o /dev/null``) run as root replaced
the device node with a JSON or XML file. The tests use FIFOs, never real devices.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.writing import special_target

ROOT = Path(__file__).resolve().parent.parent
SOCIAL = str(ROOT / "bpmn" / "social-assistance.bpmn")
ACT = str(ROOT / "bpmn" / "resolution-38-08-2017.kk.txt")


def fifo(tmp_path: Path, name: str = "target") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.mark.parametrize("command", [
    ["run", SOCIAL, "--auto", "--set", "documents_complete=true", "--save"],
    ["layout", SOCIAL, "-o"],
    ["draft", ACT, "--clause", "5.1", "-o"],
])
def test_a_fifo_output_is_refused_and_left_in_place(command: list[str], tmp_path: Path) -> None:
    target = fifo(tmp_path)
    code, err = invoke(*command, str(target))
    assert code == 2
    assert "not a regular file" in err and str(target) in err
    assert stat.S_ISFIFO(os.lstat(target).st_mode)  # still the FIFO
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary file left


def test_render_refuses_before_writing_anything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo(out, "social-assistance.svg")
    code, err = invoke("render", SOCIAL, "-o", str(out))
    assert code == 2 and "not a regular file" in err
    assert [p.name for p in out.iterdir()] == ["social-assistance.svg"]


def test_special_target_follows_symlinks(tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(fifo(tmp_path))
    assert special_target(link)
    regular = tmp_path / "file"
    regular.write_text("x")
    assert not special_target(regular) and not special_target(tmp_path) and not special_target(tmp_path / "new")
