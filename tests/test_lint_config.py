"""Configuration ([tool.reglament.lint]), presets, per-element disabling, and the engine's contract."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, MIWG_DIR

from toolkit.errors import InputError, ModelError
from toolkit.lint import (
    LintConfig,
    all_rules,
    expand_paths,
    lint_bytes,
    lint_file,
    lint_model,
    lint_paths,
    load_config,
    preset_categories,
    registry,
)
from toolkit.model import load_model

LINT = FIXTURES / "lint"


def write_pyproject(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n\n" + body, encoding="utf-8")
    return path


# -- presets ---------------------------------------------------------------------------------------
def test_recommended_is_every_rule_at_its_default_category() -> None:
    assert preset_categories("recommended") == {n: r.category for n, r in all_rules().items()}


def test_bpmnlint_preset_is_bpmnlints_rules_and_import_warnings_only() -> None:
    cats = preset_categories("bpmnlint:recommended")
    assert len(cats) == 27 and "import" in cats and "xsd" not in cats and "node-in-lane" not in cats


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        LintConfig(preset="strict")


# -- pyproject.toml ----------------------------------------------------------------------------------
def test_config_is_read_from_the_nearest_pyproject(tmp_path: Path) -> None:
    write_pyproject(tmp_path, """
[tool.reglament.lint]
preset = "bpmnlint:recommended"
ignores = ["bpmn/drafts/*"]

[tool.reglament.lint.rules]
fake-join = "off"
label-required = "warning"
no-inclusive-gateway = 2

[tool.reglament.lint.per-file-ignores]
"bpmn/legacy-*.bpmn" = ["no-bpmndi"]
""")
    (tmp_path / "bpmn").mkdir()
    config = load_config(start=tmp_path / "bpmn")
    assert config.preset == "bpmnlint:recommended" and config.base == tmp_path.resolve()
    cats = config.categories(tmp_path / "bpmn" / "model.bpmn")
    assert "fake-join" not in cats and cats["label-required"] == "warn" and cats["no-inclusive-gateway"] == "error"
    assert "no-bpmndi" in cats and "no-bpmndi" not in config.categories(tmp_path / "bpmn" / "legacy-1.bpmn")
    assert config.is_ignored(tmp_path / "bpmn" / "drafts" / "x.bpmn") and not config.is_ignored(tmp_path / "bpmn" / "a.bpmn")


def test_a_pyproject_without_the_table_gives_defaults(tmp_path: Path) -> None:
    config = load_config(write_pyproject(tmp_path, ""))
    assert config.preset == "recommended" and not config.rules


def test_command_line_rules_override_the_file(tmp_path: Path) -> None:
    config = load_config(write_pyproject(tmp_path, '[tool.reglament.lint.rules]\nfake-join = "error"\n'))
    assert config.with_rules({"fake-join": "off"}).categories().get("fake-join") is None
    assert config.categories()["fake-join"] == "error"


@pytest.mark.parametrize("body, message", [
    ('[tool.reglament.lint.rules]\nfake-jion = "off"\n', "unknown lint rule 'fake-jion'"),
    ('[tool.reglament.lint.rules]\nfake-join = "loud"\n', "is not one of off, info, warn, error"),
    ('[tool.reglament.lint]\npreset = "all"\n', "unknown preset"),
    ('[tool.reglament.lint]\nignore = []\n', "unknown key(s) ignore"),
    ('[tool.reglament.lint]\nignores = "bpmn/*"\n', "ignores must be a list of strings"),
    ('[tool.reglament.lint.per-file-ignores]\n"a.bpmn" = ["nope"]\n', "unknown lint rule 'nope'"),
    ("[tool.reglament.lint\n", "invalid TOML"),
])
def test_a_wrong_config_is_an_input_error_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = write_pyproject(tmp_path, body)
    with pytest.raises(InputError) as err:
        load_config(path)
    assert message in str(err.value) and str(path) in str(err.value)


def test_a_missing_config_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_config(tmp_path / "nope.toml")


# -- per-element disabling -------------------------------------------------------------------------------
def _with_directive(where: str, rules: str) -> bytes:
    xml = (LINT / "fake-join" / "fail.bpmn").read_text(encoding="utf-8")
    directive = f'<bpmn:extensionElements><reg:lint disable="{rules}"/></bpmn:extensionElements>'
    xml = xml.replace('xmlns:xsi=', 'xmlns:reg="https://reglament.kz/schema/bpmn/1.0" xmlns:xsi=', 1)
    anchor = {"task": '<bpmn:task id="task_bad" name="task bad">',
              "process": '<bpmn:process id="process" isExecutable="true">'}[where]
    return xml.replace(anchor, anchor + directive).encode()


@pytest.mark.parametrize("where, rules", [("task", "fake-join"), ("process", "fake-join"), ("task", "all"),
                                          ("process", "label-required, fake-join")])
def test_reg_lint_disables_a_rule_on_the_element_and_inside_it(where: str, rules: str) -> None:
    assert "fake-join" in {f.code for f in lint_bytes((LINT / "fake-join" / "fail.bpmn").read_bytes())}
    findings = lint_bytes(_with_directive(where, rules))
    assert "fake-join" not in {f.code for f in findings}
    assert not [f for f in findings if f.code == "lint-directive"]


def test_reg_lint_leaves_other_rules_and_elements_alone() -> None:
    findings = lint_bytes(_with_directive("task", "no-bpmndi"))
    assert [f.element_id for f in findings if f.code == "fake-join"] == ["task_bad"]


def test_reg_lint_reaches_schema_errors_by_line() -> None:
    xml = (LINT / "xsd" / "fail.bpmn").read_bytes()
    assert any(f.code == "xsd" for f in lint_bytes(xml))
    xml = xml.replace(b'xmlns:xsi=', b'xmlns:reg="https://reglament.kz/schema/bpmn/1.0" xmlns:xsi=', 1)
    xml = xml.replace(b'<bpmn:process id="process" isExecutable="true">',
                      b'<bpmn:process id="process" isExecutable="true"><bpmn:extensionElements>'
                      b'<reg:lint disable="xsd"/></bpmn:extensionElements>')
    assert not [f for f in lint_bytes(xml) if f.code == "xsd"]


# -- the engine's contract ----------------------------------------------------------------------------------
def test_lint_model_reuses_the_loaded_model() -> None:
    model = load_model(MIWG_DIR / "B.2.0.bpmn")
    assert lint_model(model) == lint_file(MIWG_DIR / "B.2.0.bpmn")


def test_findings_are_sorted_and_carry_file_line_and_severity() -> None:
    findings = lint_file(MIWG_DIR / "B.2.0.bpmn")
    assert findings == sorted(findings, key=lambda f: (f.source, f.line or 0, f.code, f.element_id or ""))
    assert {f.severity for f in findings} == {"error", "warning"}
    assert findings[0].format_text().startswith(f"{MIWG_DIR / 'B.2.0.bpmn'}:{findings[0].line}: {findings[0].code} ")


def test_a_model_the_typed_layer_refuses_is_still_linted_without_model_rules() -> None:
    findings = lint_file(LINT / "reg-time-unit" / "fail.bpmn")
    codes = {f.code for f in findings}
    assert {"reg-time-unit", "xsd"} <= codes
    assert "reg-extension" not in codes  # its line is already reported by xsd and reg-time-unit
    assert not codes & {"reg-task-clause", "reg-task-time-limit", "executable-process"}


def test_the_load_error_is_reported_when_nothing_else_points_at_it() -> None:
    findings = lint_file(LINT / "reg-extension" / "fail.bpmn", LintConfig(rules={"xsd": "off"}))
    assert [f.message for f in findings if f.code == "reg-extension"] == [
        "reg:clause paragraph='5a' is not a whole number"]


def test_malformed_or_non_bpmn_input_is_one_model_error() -> None:
    with pytest.raises(ModelError, match="malformed XML"):
        lint_bytes(b"<bpmn:definitions")
    with pytest.raises(ModelError, match="not a BPMN 2.0 document"):
        lint_bytes(b"<html/>")


def test_a_crashing_rule_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom():
        def check(node, reporter):
            raise RuntimeError("kaput")
        return check

    rule = all_rules()["no-implicit-end"]
    monkeypatch.setitem(registry._RULES, "no-implicit-end", dataclasses.replace(rule, factory=boom))
    findings = lint_file(LINT / "no-implicit-end" / "fail.bpmn")
    crashed = [f for f in findings if f.code == "no-implicit-end"]
    assert [f.message for f in crashed] == ["rule failed with RuntimeError: kaput"] and crashed[0].severity == "error"
    assert "end-event-required" in {f.code for f in findings}  # the other rules still ran


def test_paths_expand_directories_and_report_missing_ones(tmp_path: Path) -> None:
    shutil.copy(LINT / "fake-join" / "fail.bpmn", tmp_path / "a.bpmn")
    (tmp_path / "drafts").mkdir()
    shutil.copy(LINT / "fake-join" / "fail.bpmn", tmp_path / "drafts" / "b.bpmn")
    report = lint_paths([tmp_path, tmp_path / "missing.bpmn"])
    assert report.files == [str(tmp_path / "a.bpmn")]
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'missing.bpmn'}: no such file or directory"]
    assert report.exit_code == 2 and report.warning_count == 1


def test_ignores_skip_files_found_in_directories_but_not_named_ones(tmp_path: Path) -> None:
    for name in ("a.bpmn", "old.bpmn"):
        shutil.copy(LINT / "fake-join" / "pass.bpmn", tmp_path / name)
    config = LintConfig(ignores=("old.bpmn",), base=tmp_path)
    assert expand_paths([tmp_path], config)[0] == [tmp_path / "a.bpmn"]
    assert expand_paths([tmp_path / "old.bpmn"], config)[0] == [tmp_path / "old.bpmn"]


def test_exit_code_is_zero_on_warnings_only() -> None:
    report = lint_paths([LINT / "fake-join" / "fail.bpmn"])
    assert report.error_count == 0 and report.warning_count == 1 and report.exit_code == 0
    assert lint_paths([LINT / "no-implicit-end" / "fail.bpmn"]).exit_code == 1


def test_a_preset_on_the_command_line_wins_over_the_rules_table(tmp_path) -> None:
    from click.testing import CliRunner

    from toolkit.cli import main

    (tmp_path / "pyproject.toml").write_text('[tool.reglament.lint.rules]\nxsd = "warn"\nnode-in-lane = "error"\n')
    model = tmp_path / "m.bpmn"
    model.write_text('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
                     'targetNamespace="t"><bpmn:process id="p"><bpmn:startEvent id="s" bogus="1"/>'
                     '</bpmn:process></bpmn:definitions>')
    result = CliRunner().invoke(main, ["lint", str(model), "--config", str(tmp_path / "pyproject.toml"),
                                       "--preset", "bpmnlint:recommended", "--format", "json"])
    rules = {f["code"] for f in __import__("json").loads(result.stdout)["findings"]}
    assert "xsd" not in rules  # not a bpmnlint rule, although the table switched it on
