"""Every lint rule has its own passing and failing fixture, and behaves on them.

Fixtures live in tests/fixtures/lint/<rule>/{pass,fail}.bpmn (written by
fixtures.py there). A ``fail.bpmn`` says which elements the rule must report
in a ``lint-expect:`` comment; each rule runs alone, so other rules' opinions
of a fixture do not matter here.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from conftest import FIXTURES

from toolkit.lint import LintConfig, all_rules, lint_file

LINT_FIXTURES = FIXTURES / "lint"
RULES = sorted(all_rules())
_EXPECT = re.compile(r"lint-expect:\s*(.*?)\s*-->", re.S)

BPMNLINT_RECOMMENDED = {
    "ad-hoc-sub-process": "error", "conditional-flows": "error", "end-event-required": "error",
    "event-based-gateway": "error", "event-sub-process-typed-start-event": "error", "fake-join": "warn",
    "global": "warn", "label-required": "error", "link-event": "error", "no-bpmndi": "error",
    "no-complex-gateway": "error", "no-disconnected": "error", "no-duplicate-sequence-flows": "error",
    "no-gateway-join-fork": "error", "no-implicit-split": "error", "no-implicit-end": "error",
    "no-implicit-start": "error", "no-inclusive-gateway": "warn", "no-overlapping-elements": "warn",
    "single-blank-start-event": "error", "single-event-definition": "error", "start-event-required": "error",
    "sub-process-blank-start-event": "error", "superfluous-gateway": "warn", "superfluous-label": "warn",
    "superfluous-termination": "warn",
}  # bpmnlint 11.15.0, config/recommended.js


def only(rule: str) -> LintConfig:
    return LintConfig(rules={name: ("off" if name != rule else all_rules()[name].category) for name in RULES})


def expected_ids(path: Path) -> list[str]:
    match = _EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no lint-expect comment"
    return sorted(match.group(1).split())


def test_the_26_rules_of_bpmnlint_recommended_with_their_categories() -> None:
    rules = all_rules()
    assert len(BPMNLINT_RECOMMENDED) == 26
    assert {n: rules[n].category for n in BPMNLINT_RECOMMENDED} == BPMNLINT_RECOMMENDED
    assert {n for n, r in rules.items() if r.origin == "bpmnlint"} == set(BPMNLINT_RECOMMENDED) | {"import"}


def test_every_rule_has_fixtures_and_every_fixture_a_rule() -> None:
    dirs = {p.name for p in LINT_FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_")}
    assert dirs == set(RULES)
    for rule in RULES:
        assert (LINT_FIXTURES / rule / "pass.bpmn").is_file()
        assert (LINT_FIXTURES / rule / "fail.bpmn").is_file()


@pytest.mark.parametrize("rule", RULES)
def test_rule_passes_its_passing_fixture(rule: str) -> None:
    findings = lint_file(LINT_FIXTURES / rule / "pass.bpmn", only(rule))
    assert [f.format_text() for f in findings] == []


@pytest.mark.parametrize("rule", RULES)
def test_rule_reports_exactly_the_expected_elements_of_its_failing_fixture(rule: str) -> None:
    path = LINT_FIXTURES / rule / "fail.bpmn"
    findings = lint_file(path, only(rule))
    assert {f.code for f in findings} == {rule}
    assert sorted(f.element_id or "-" for f in findings) == expected_ids(path)
    severity = {"warn": "warning"}.get(all_rules()[rule].category, all_rules()[rule].category)
    assert all(f.severity == severity and f.line for f in findings)
    assert all("rule failed" not in f.message for f in findings)


@pytest.mark.parametrize("rule", RULES)
def test_rule_has_a_description_and_a_documented_module(rule: str) -> None:
    definition = all_rules()[rule]
    assert definition.description.endswith(".")
    module = __import__(definition.module, fromlist=["_"])
    assert module.__name__.startswith("toolkit.lint.rules.")
    assert module.__doc__ and module.__doc__.startswith(f"{rule}:")


def test_passing_fixtures_are_clean_under_every_rule_but_a_few() -> None:
    """The passing fixtures are small good models: nothing else fires either (documented exceptions)."""
    allowed = {("single-blank-start-event", "fake-join")}  # two start events necessarily meet in one task
    for rule in RULES:
        for finding in lint_file(LINT_FIXTURES / rule / "pass.bpmn"):
            assert (rule, finding.code) in allowed, finding.format_text()


def test_fixtures_are_what_fixtures_py_writes() -> None:
    """The committed fixtures are regenerated, not hand-edited: python tests/fixtures/lint/fixtures.py."""
    spec = importlib.util.spec_from_file_location("lint_fixtures", LINT_FIXTURES / "fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rule, kinds in module.FIXTURES.items():
        for kind, build in kinds.items():
            assert (LINT_FIXTURES / rule / f"{kind}.bpmn").read_text(encoding="utf-8") == build().to_xml(), rule
