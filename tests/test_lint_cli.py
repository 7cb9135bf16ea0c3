"""``reglament lint``: findings as file:line: rule message, JSON, exit codes 0/1/2, config from pyproject."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BPMN_DIR as BPMN
from conftest import FIXTURES, MIWG_DIR

from toolkit.cli import main

LINT = FIXTURES / "lint"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(main, list(args))


def test_lint_is_in_the_family_and_explains_itself() -> None:
    assert "lint" in invoke("--help").output
    result = invoke("lint", "--help")
    assert result.exit_code == 0 and "Example" in result.output and "--rule" in result.output


def test_findings_print_as_file_line_rule_message() -> None:
    path = LINT / "no-implicit-end" / "fail.bpmn"
    result = invoke("lint", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{path}:8: no-implicit-end Element is an implicit end [task_bad]" in lines
    assert f"{path}:4: end-event-required Process is missing end event [process]" in lines
    assert lines[-1] == "2 error(s), 0 warning(s) in 1 file"


def test_warnings_only_exit_zero_and_are_marked() -> None:
    result = invoke("lint", str(LINT / "fake-join" / "fail.bpmn"))
    assert result.exit_code == 0
    assert "fake-join (warning) Incoming flows do not join [task_bad]" in result.stdout


def test_a_clean_file_says_so() -> None:
    result = invoke("lint", str(LINT / "fake-join" / "pass.bpmn"))
    assert result.exit_code == 0 and result.stdout.strip() == "1 file clean"


def test_json_output_is_machine_readable() -> None:
    result = invoke("lint", str(MIWG_DIR / "A.4.0.bpmn"), "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert set(data) == {"reglament", "command", "exit_code", "files", "findings", "results", "input_errors"}
    assert data["command"] == "lint" and data["exit_code"] == 1
    assert data["results"] == {"errors": 1, "warnings": 2} and data["input_errors"] == []
    first = data["findings"][0]
    assert {"code", "message", "source", "line", "element_id", "severity"} <= set(first)


def test_rule_option_changes_categories() -> None:
    path = str(MIWG_DIR / "A.4.0.bpmn")
    result = invoke("lint", path, "--rule", "no-implicit-split=warn", "--rule", "global=off", "--format", "json")
    data = json.loads(result.stdout)["results"]
    assert result.exit_code == 0 and data["errors"] == 0 and data["warnings"] == 1


@pytest.mark.parametrize("value", ["nope=off", "fake-join", "fake-join=loud"])
def test_a_bad_rule_option_is_a_usage_error(value: str) -> None:
    result = invoke("lint", str(LINT / "fake-join" / "pass.bpmn"), "--rule", value)
    assert result.exit_code == 2 and "--rule" in result.output


def test_a_missing_file_is_an_input_error_and_the_others_are_still_linted() -> None:
    result = invoke("lint", "no/such.bpmn", str(LINT / "no-implicit-end" / "fail.bpmn"))
    assert result.exit_code == 2
    assert "reglament: error: no/such.bpmn: no such file or directory" in result.stderr
    assert "no-implicit-end" in result.stdout


@pytest.mark.parametrize("content", [b"", b"<bpmn:definitions", b"\xff\xfe<x", b"<html/>",
                                     b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'])
def test_an_unparsable_file_is_one_clean_input_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.bpmn"
    path.write_bytes(content)
    result = invoke("lint", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"reglament: error: {path}")
    assert "Traceback" not in result.output


def test_a_directory_is_not_readable_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("lint", str(tmp_path / "empty"))
    assert result.exit_code == 2 and "no .bpmn files found" in result.stderr


def test_default_is_every_model_in_bpmn_and_config_comes_from_pyproject(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bpmn").mkdir()
    shutil.copy(LINT / "no-implicit-end" / "fail.bpmn", tmp_path / "bpmn" / "a.bpmn")
    shutil.copy(LINT / "fake-join" / "fail.bpmn", tmp_path / "bpmn" / "b.bpmn")
    monkeypatch.chdir(tmp_path)
    result = invoke("lint")
    assert result.exit_code == 1 and "bpmn/a.bpmn:" in result.stdout and "bpmn/b.bpmn:" in result.stdout
    (tmp_path / "pyproject.toml").write_text(
        '[tool.reglament.lint]\nignores = ["bpmn/b.bpmn"]\n\n[tool.reglament.lint.rules]\n'
        'no-implicit-end = "off"\nend-event-required = "warn"\n', encoding="utf-8")
    result = invoke("lint")
    assert result.exit_code == 0, result.output
    assert "bpmn/b.bpmn" not in result.stdout and "end-event-required (warning)" in result.stdout


def test_outside_any_project_the_bundled_regulations_are_linted(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", "--format", "json")
    assert result.exit_code == 0
    assert sorted(Path(f).name for f in json.loads(result.stdout)["files"]) == sorted(
        p.name for p in BPMN.glob("*.bpmn"))


def test_a_project_whose_configured_models_are_missing_is_an_input_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.reglament]\nmodels = ["processes"]\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = invoke("lint", "--format", "json")
    assert result.exit_code == 2 and "processes: no such file or directory" in result.stderr
    [error] = json.loads(result.stdout)["input_errors"]
    assert error["source"] == str(tmp_path / "processes") and error["message"] == "no such file or directory"


def test_a_broken_config_is_an_input_error(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.reglament.lint.rules]\nfake-jion = "off"\n', encoding="utf-8")
    result = invoke("lint", str(LINT / "fake-join" / "pass.bpmn"), "--config", str(config))
    assert result.exit_code == 2 and "unknown lint rule 'fake-jion'" in result.stderr


def test_preset_option_selects_bpmnlints_preset() -> None:
    path = str(LINT / "node-in-lane" / "fail.bpmn")
    assert invoke("lint", path).exit_code == 1
    assert invoke("lint", path, "--preset", "bpmnlint:recommended").exit_code == 0


def test_list_rules() -> None:
    result = invoke("lint", "--list-rules")
    assert result.exit_code == 0 and "no-overlapping-elements" in result.stdout and "reg-time-unit" in result.stdout
    data = json.loads(invoke("lint", "--list-rules", "--format", "json").stdout)["results"]["rules"]
    assert {r["name"] for r in data} >= {"fake-join", "xsd", "import", "node-in-lane"}


def test_a_refused_file_is_not_reported_as_clean(tmp_path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import main

    evil = tmp_path / "evil.bpmn"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "x">]>\n'
                    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>\n')
    result = CliRunner().invoke(main, ["lint", str(evil)])
    assert result.exit_code == 2
    assert "clean" not in result.output
    assert "DTDs and entity declarations are not allowed" in result.output
