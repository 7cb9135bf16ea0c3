"""The CLI contract of docs/cli.md: one JSON envelope for every command, input errors in it on
stdout with exit 2, usage errors as one line, settings found from the files being checked,
and --quiet, --exit-zero and --format github for the commands that report findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import APPENDIX_1, BPMN_DIR, FIXTURES, MIWG_DIR, SOCIAL_ASSISTANCE

from toolkit.cli import main

ENVELOPE_KEYS = {"reglament", "command", "exit_code", "files", "findings", "results", "input_errors"}
LINT = FIXTURES / "lint"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# Each command, asked for JSON, with arguments that work.
GOOD = {
    "check": ["check", str(SOCIAL_ASSISTANCE)],
    "lint": ["lint", str(SOCIAL_ASSISTANCE)],
    "run": ["run", str(SOCIAL_ASSISTANCE), "--auto", "--set", "documents_complete=false"],
    "paths": ["paths", str(SOCIAL_ASSISTANCE)],
    "deadline": ["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2017-07-03T10:00",
                 "--set", "documents_complete=true"],
    "layout": ["layout", str(SOCIAL_ASSISTANCE), "--check"],
}


@pytest.mark.parametrize("command", sorted(GOOD))
def test_every_command_speaks_the_same_envelope(command: str) -> None:
    result = invoke(*GOOD[command], "--format", "json")
    envelope = json.loads(result.stdout)
    assert set(envelope) == ENVELOPE_KEYS
    assert envelope["command"] == command and envelope["exit_code"] == result.exit_code
    assert [Path(f).name for f in envelope["files"]] == ["social-assistance.bpmn"]
    assert envelope["input_errors"] == [] and isinstance(envelope["results"], dict)


def test_text_speaks_the_envelope_too(tmp_path: Path) -> None:
    act = BPMN_DIR / "resolution-38-08-2017.kk.txt"
    envelope = json.loads(invoke("text", str(act), "--clause", "5.1", "--format", "json").stdout)
    assert set(envelope) == ENVELOPE_KEYS and envelope["command"] == "text"
    assert envelope["files"] == [str(act)] and envelope["results"]["clauses"]
    missing = invoke("text", str(tmp_path / "none.txt"), "--format", "json")
    assert missing.exit_code == 2 and json.loads(missing.stdout)["input_errors"]


def test_render_speaks_the_envelope_too(tmp_path: Path) -> None:
    result = invoke("render", str(SOCIAL_ASSISTANCE), "-o", str(tmp_path), "--format", "svg", "--format", "json")
    envelope = json.loads(result.stdout)
    assert set(envelope) == ENVELOPE_KEYS and envelope["command"] == "render"
    assert [Path(d["model"]).name for d in envelope["results"]["diagrams"]] == ["social-assistance.bpmn"]


@pytest.mark.parametrize("args, command, message", [
    (["deadline", str(SOCIAL_ASSISTANCE), "--submitted", "2017-02-30"], "deadline", "--submitted"),
    (["deadline", str(SOCIAL_ASSISTANCE)], "deadline", "Missing option '--submitted'"),
    (["lint", "--rule", "no-such-rule=off"], "lint", "unknown rule"),
    (["run", "--auto"], "run", "Missing argument 'MODEL'"),
    (["instances", "show", "not-a-number"], "instances show", "not-a-number"),
])
def test_a_usage_error_is_in_the_envelope_too(args: list[str], command: str, message: str) -> None:
    """A script that asked for JSON reads one envelope on stdout, whatever went wrong."""
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "reglament: error:" in result.stderr
    envelope = json.loads(result.stdout)
    assert set(envelope) == ENVELOPE_KEYS and envelope["command"] == command and envelope["exit_code"] == 2
    [error] = envelope["input_errors"]
    assert message in error["message"]
    assert invoke(*args).stdout == ""  # without --format json: only the line on stderr


@pytest.mark.parametrize("command", sorted(GOOD))
@pytest.mark.parametrize("problem", ["missing", "hostile"])
def test_an_input_error_is_in_the_envelope_on_stdout_with_exit_2(command: str, problem: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.bpmn"
    if problem == "hostile":
        bad.write_text('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "x">]>\n<d>&e;</d>\n', encoding="utf-8")
    args = [bad if a == str(SOCIAL_ASSISTANCE) else a for a in GOOD[command]]
    result = invoke(*map(str, args), "--format", "json")
    assert result.exit_code == 2
    envelope = json.loads(result.stdout)
    assert set(envelope) == ENVELOPE_KEYS and envelope["exit_code"] == 2 and envelope["command"] == command
    [error] = envelope["input_errors"]
    assert error["source"] == str(bad)
    assert ("no such file" in error["message"]) if problem == "missing" else ("DTD" in error["message"])
    [line] = result.stderr.strip().splitlines()  # and one line for people
    assert line.startswith("reglament: error: ") and str(bad) in line


@pytest.mark.parametrize("args, message", [
    (["run"], "Missing argument 'MODEL'"),
    (["lint", "--nope"], "No such option '--nope'"),
    (["deadline", str(SOCIAL_ASSISTANCE)], "Missing option '--submitted'"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["check", "--format", "yaml"], "Invalid value for '--format'"),
])
def test_a_usage_error_is_one_line(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("reglament: error: ") and message in line and "Usage:" not in line


# -- configuration found from the files being checked -----------------------------------

def _project(root: Path, lint_table: str = "") -> Path:
    """A designer's repository: pyproject.toml with [tool.reglament], models in processes/."""
    (root / "processes").mkdir(parents=True)
    shutil.copy(LINT / "fake-join" / "fail.bpmn", root / "processes" / "join.bpmn")
    (root / "pyproject.toml").write_text(
        '[project]\nname = "designs"\n\n[tool.reglament]\nmodels = ["processes"]\n' + lint_table, encoding="utf-8")
    return root


def test_the_same_file_gets_the_same_settings_from_any_directory(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "designs", '\n[tool.reglament.lint.rules]\nfake-join = "error"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pyproject.toml").write_text('[tool.reglament.lint.rules]\nfake-join = "off"\n', encoding="utf-8")
    target = str(root / "processes" / "join.bpmn")
    codes = []
    for cwd in (root, root / "processes", elsewhere, tmp_path):
        monkeypatch.chdir(cwd)
        result = invoke("lint", target, "--format", "json")
        codes.append((result.exit_code, [f["severity"] for f in json.loads(result.stdout)["findings"]]))
    assert codes == [(1, ["error"])] * 4


def test_a_pyproject_without_a_reglament_table_is_passed_over(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, '\n[tool.reglament.lint.rules]\nfake-join = "off"\n')
    inner = root / "processes" / "pyproject.toml"
    inner.write_text('[project]\nname = "not-reglaments"\n', encoding="utf-8")
    monkeypatch.chdir(root / "processes")
    result = invoke("lint")
    assert result.exit_code == 0 and result.stdout.strip() == "1 file clean"


def test_inside_a_model_directory_the_projects_models_are_found(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root / "processes")
    result = invoke("lint", "--format", "json")
    assert [Path(f).name for f in json.loads(result.stdout)["files"]] == ["join.bpmn"]


def test_the_repository_lints_its_own_models_from_inside_bpmn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BPMN_DIR)
    result = invoke("lint", "--format", "json")
    assert result.exit_code == 0
    assert sorted(Path(f).resolve() for f in json.loads(result.stdout)["files"]) == sorted(
        p.resolve() for p in BPMN_DIR.glob("*.bpmn"))


def test_check_reads_the_text_its_project_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "acts").mkdir()
    shutil.copy(SOCIAL_ASSISTANCE, tmp_path / "models")
    shutil.copy(BPMN_DIR / "resolution-38-08-2017.kk.txt", tmp_path / "acts" / "act.txt")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.reglament]\nmodels = ["models"]\ntext = "acts/act.txt"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "acts")
    envelope = json.loads(invoke("check", "--format", "json").stdout)
    assert envelope["files"] == [str(tmp_path / "models" / "social-assistance.bpmn")]
    assert [Path(run["act"]).name for run in envelope["results"]["runs"]] == ["act.txt"]


def test_a_project_checked_whole_reports_a_regulation_left_unmodelled(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`reglament check` with no model named: every restated clause must be modelled (RC104), so
    a project whose social-assistance model is missing is not "clean"; naming models checks just them."""
    bpmn = tmp_path / "bpmn"
    bpmn.mkdir()
    for path in (APPENDIX_1, BPMN_DIR / "home-education-sc.bpmn", BPMN_DIR / "resolution-38-08-2017.kk.txt"):
        shutil.copy(path, bpmn)
    (tmp_path / "pyproject.toml").write_text("[tool.reglament]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    whole = invoke("check", "--format", "json")
    assert whole.exit_code == 1
    assert sorted({(f["code"], f["clause"]) for f in json.loads(whole.stdout)["findings"]}) == [
        ("RC104", "5.1"), ("RC104", "7.1")]
    named = invoke("check", str(bpmn / "home-education-sc.bpmn"))
    assert named.exit_code == 0, named.output


@pytest.mark.parametrize("setting", ['models = 3', 'text = ["a.txt", "b.txt"]', 'models = ""'])
def test_a_wrong_setting_is_an_input_error_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           setting: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.reglament]\n{setting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--format", "json")
    assert result.exit_code == 2 and json.loads(result.stdout)["input_errors"]
    assert str(tmp_path / "pyproject.toml") in result.stderr


def _not_regular(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind, said, args", [
    ("fifo", "is a FIFO", ["lint", "{model}"]),                            # found from the file
    ("fifo", "is a FIFO", ["run", "{model}", "--auto"]),                   # found from the directory
    ("fifo", "is a FIFO", ["lint", "--config", "{pyproject}", "{model}"]),  # named
    ("directory", "is a directory", ["paths", "{model}"]),
], ids=["lint", "run", "lint-config", "paths-directory"])
def test_a_pyproject_that_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, kind: str, said: str,
                                                                  args: list[str]) -> None:
    """A FIFO would block the read for ever and a directory would hide the settings: one line, exit 2."""
    root = _project(tmp_path)
    inner = root / "processes" / "pyproject.toml"
    _not_regular(inner, kind)
    model = root / "processes" / "join.bpmn"
    argv = [a.format(model=model, pyproject=inner) for a in args]
    proc = subprocess.run([str(Path(sys.executable).parent / "reglament"), *argv], capture_output=True,
                          text=True, timeout=60, cwd=inner.parent)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("reglament: error: ")
    assert str(inner) in proc.stderr and said in proc.stderr


# -- --quiet, --exit-zero, --format github ------------------------------------------------

def test_quiet_prints_the_findings_only() -> None:
    loud = invoke("lint", str(MIWG_DIR / "A.4.0.bpmn"))
    quiet = invoke("lint", str(MIWG_DIR / "A.4.0.bpmn"), "--quiet")
    assert quiet.exit_code == loud.exit_code == 1
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[:-1]  # no summary line
    assert invoke("lint", str(LINT / "fake-join" / "pass.bpmn"), "-q").stdout == ""


def test_check_quiet_prints_findings_without_headings(tmp_path: Path) -> None:
    model = tmp_path / "social-assistance.bpmn"
    model.write_text(SOCIAL_ASSISTANCE.read_text(encoding="utf-8").replace(
        '<reg:clause paragraph="5" subparagraph="1"/>', '<reg:clause paragraph="5" subparagraph="91"/>'), encoding="utf-8")
    text = str(BPMN_DIR / "resolution-38-08-2017.kk.txt")
    quiet = invoke("check", str(model), "--text", text, "--quiet")
    assert quiet.exit_code == 1 and quiet.stdout.strip()
    assert all(line.startswith((str(model), "    ")) for line in quiet.stdout.splitlines())
    assert invoke("check", str(SOCIAL_ASSISTANCE), "--quiet").stdout == ""


@pytest.mark.parametrize("command", ["lint", "check"])
def test_exit_zero_keeps_findings_but_exits_0(command: str, tmp_path: Path) -> None:
    target = str(MIWG_DIR / "A.4.0.bpmn") if command == "lint" else str(APPENDIX_1)
    extra = [] if command == "lint" else ["--text", str(tmp_path / "missing.txt")]
    if command == "lint":
        result = invoke("lint", target, "--exit-zero", "--format", "json")
        assert result.exit_code == 0 and json.loads(result.stdout)["findings"]
    else:  # an input error is still exit 2
        assert invoke("check", target, *extra, "--exit-zero").exit_code == 2
    assert invoke(command, str(tmp_path / "nope.bpmn"), "--exit-zero").exit_code == 2


def test_github_format_annotates_each_finding() -> None:
    path = str(MIWG_DIR / "A.4.0.bpmn")
    result = invoke("lint", path, "--format", "github")
    lines = result.stdout.splitlines()
    assert result.exit_code == 1 and len(lines) == 3
    assert sum(line.startswith("::error file=") for line in lines) == 1
    assert sum(line.startswith("::warning file=") for line in lines) == 2
    assert all(",line=" in line and ",title=" in line for line in lines)


def test_render_reads_its_settings_from_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    with (tmp_path / "pyproject.toml").open("a", encoding="utf-8") as config:
        config.write('\n[tool.reglament.render]\noutput = "pictures"\nformats = ["svg"]\nlang = "ru"\n')
    monkeypatch.chdir(tmp_path / "processes")
    result = invoke("render", "--format", "json")
    assert result.exit_code == 0, result.stderr
    [drawing] = json.loads(result.stdout)["results"]["diagrams"]
    assert drawing["lang"] == "ru"
    assert sorted(Path(f).name for f in drawing["files"]) == ["join.ru.dot", "join.ru.svg"]
    assert all(Path(f).parent == tmp_path / "pictures" for f in drawing["files"])
    # an option on the command line wins over the setting
    result = invoke("render", "--format", "json", "--lang", "kk", "-o", str(tmp_path / "other"))
    [drawing] = json.loads(result.stdout)["results"]["diagrams"]
    assert sorted(Path(f).name for f in drawing["files"]) == ["join.dot", "join.svg"]


@pytest.mark.parametrize("table", ['formats = ["gif"]', 'lang = 3', 'colour = "red"'])
def test_a_wrong_render_setting_is_an_input_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  table: str) -> None:
    _project(tmp_path, f"\n[tool.reglament.render]\n{table}\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("render", "--check", "--format", "json")
    assert result.exit_code == 2 and "[tool.reglament.render]" in result.stderr
    assert json.loads(result.stdout)["input_errors"][0]["source"] == str(tmp_path / "pyproject.toml")
