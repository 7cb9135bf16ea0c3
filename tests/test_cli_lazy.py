"""``reglament --help`` lists every command without importing them, and every command's own
``--help`` still works.

The list is built from :data:`toolkit.cli.SUMMARIES` so that ``--help`` does not import
SpiffWorkflow, lxml, holidays or Graphviz (it cost 13× a bare Python start when it did);
these tests keep that list true to the commands and the start-up light. Speed itself is
measured in ``python -m benchmarks --only startup``, never asserted here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from toolkit.cli import LAZY_COMMANDS, SUMMARIES, main

REGLAMENT = str(Path(sys.executable).parent / "reglament")


def _real(name: str) -> click.Command:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    return command


def test_every_command_has_a_summary_and_no_summary_lacks_a_command() -> None:
    assert set(SUMMARIES) == set(LAZY_COMMANDS)


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
@pytest.mark.parametrize("limit", [30, 45, 70, 200, 10_000])
def test_the_listed_summary_is_the_commands_own_first_sentence(name: str, limit: int) -> None:
    listed = click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit)
    assert listed == _real(name).get_short_help_str(limit), (
        f"toolkit/cli/__init__.py SUMMARIES[{name!r}] no longer matches the command's help: copy its first "
        "sentence there")


def test_help_lists_every_command_with_its_summary() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    listed = lines[lines.index("Commands:") + 1:]
    assert [line.split()[0] for line in listed] == sorted(LAZY_COMMANDS)
    for name in LAZY_COMMANDS:
        row = next(line for line in listed if line.split()[0] == name)
        assert row.split(None, 1)[1] == _real(name).get_short_help_str(200 - 6 - max(map(len, LAZY_COMMANDS)))


_IMPORTED = """
import sys
from toolkit.cli import main
try:
    main(sys.argv[1:], prog_name="reglament")
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"SpiffWorkflow", "lxml", "holidays", "graphviz",
                                                              "psycopg", "sqlite3"})
commands = sorted(m for m in sys.modules if m.startswith("toolkit.cli.") and m.split(".")[2] in {names})
print(code, heavy, commands)
""".replace("{names}", repr(set(LAZY_COMMANDS)))


def _imports(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]  # after the help text itself


def test_help_imports_no_command_and_no_heavy_library() -> None:
    assert _imports("--help") == "0 [] []"


@pytest.mark.parametrize("name", ["run", "deadline", "lint", "render", "instances", "layout"])
def test_a_commands_help_imports_only_that_command_and_no_heavy_library(name: str) -> None:
    assert _imports(name, "--help") == f"0 [] ['toolkit.cli.{name}']"


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_commands_help_works_from_the_console_script(name: str) -> None:
    proc = subprocess.run([REGLAMENT, name, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Usage: reglament {name} ")
    assert _real(name).get_short_help_str(10_000).split()[0] in proc.stdout


def test_the_console_script_lists_every_command() -> None:
    proc = subprocess.run([REGLAMENT, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[0] for line in lines[lines.index("Commands:") + 1:]] == sorted(LAZY_COMMANDS)
