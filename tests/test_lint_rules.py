"""Every lint rule has its own passing and failing fixtures, and behaves on them.

Fixtures live in tests/fixtures/lint/<rule>/{pass,fail}*.bpmn (written by
fixtures.py there; several per rule where the mistake has several shapes). A
``fail*.bpmn`` says which elements the rule must report in a ``lint-expect:``
comment, and MESSAGES below says what it reports about each, as bpmnlint's own
rule tests assert ``{id, message}``; each rule runs alone, so other rules'
opinions of a fixture do not matter here. The messages of bpmnlint's rules are
also compared with the real bpmnlint, fixture by fixture (test_lint_node.py).
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
PASSING = sorted(LINT_FIXTURES.glob("*/pass*.bpmn"))
FAILING = sorted(LINT_FIXTURES.glob("*/fail*.bpmn"))


def _case(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"

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
    several = {p.parent.name for p in PASSING if p.stem != "pass"} & {p.parent.name for p in FAILING
                                                                       if p.stem != "fail"}
    assert several == set(RULES)  # at least two shapes of each mistake, and two good models


@pytest.mark.parametrize("path", PASSING, ids=_case)
def test_rule_passes_its_passing_fixtures(path: Path) -> None:
    findings = lint_file(path, only(path.parent.name))
    assert [f.format_text() for f in findings] == []


@pytest.mark.parametrize("path", FAILING, ids=_case)
def test_rule_reports_what_its_failing_fixtures_expect_with_its_messages(path: Path) -> None:
    rule = path.parent.name
    findings = lint_file(path, only(rule))
    assert sorted((f.element_id or "-", f.message) for f in findings) == MESSAGES[_case(path)]
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


def test_every_failing_fixture_has_its_messages_written_down() -> None:
    assert sorted(MESSAGES) == sorted(_case(p) for p in FAILING)


def test_passing_fixtures_are_clean_under_every_rule_but_a_few() -> None:
    """The passing fixtures are small good models: nothing else fires either (documented exceptions)."""
    allowed = {("single-blank-start-event", "fake-join")}  # two start events necessarily meet in one task
    for path in PASSING:
        for finding in lint_file(path):
            assert (path.parent.name, finding.code) in allowed, finding.format_text()


def test_fixtures_are_what_fixtures_py_writes() -> None:
    """The committed fixtures are regenerated, not hand-edited: python tests/fixtures/lint/fixtures.py."""
    spec = importlib.util.spec_from_file_location("lint_fixtures", LINT_FIXTURES / "fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for rule, kinds in module.FIXTURES.items():
        for kind, build in kinds.items():
            assert (LINT_FIXTURES / rule / f"{kind}.bpmn").read_text(encoding="utf-8") == build().to_xml(), rule


# What each failing fixture's rule reports: (element id, message), sorted; "-" for no element.
MESSAGES: dict[str, list[tuple[str, str]]] = {
    "ad-hoc-sub-process/fail-2": [
        ('end_bad', 'An <End Event> is not allowed in <Ad Hoc Sub Process>'),
    ],
    "ad-hoc-sub-process/fail": [
        ('end_bad', 'An <End Event> is not allowed in <Ad Hoc Sub Process>'),
        ('start_bad', 'A <Start Event> is not allowed in <Ad Hoc Sub Process>'),
    ],
    "conditional-flows/fail-2": [
        ('flow_bad', 'Sequence flow is missing condition'),
    ],
    "conditional-flows/fail": [
        ('flow_bad', 'Sequence flow is missing condition'),
    ],
    "end-event-required/fail-2": [
        ('sub_bad', 'Sub process is missing end event'),
    ],
    "end-event-required/fail": [
        ('process_bad', 'Process is missing end event'),
    ],
    "event-based-gateway/fail-2": [
        ('flow_bad', 'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional'),
    ],
    "event-based-gateway/fail": [
        ('flow_bad', 'A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional'),
        ('gw_bad', 'An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>'),
    ],
    "event-sub-process-typed-start-event/fail-2": [
        ('start_bad', 'Start event is missing event definition'),
    ],
    "event-sub-process-typed-start-event/fail": [
        ('start_bad', 'Start event is missing event definition'),
    ],
    "executable-process/fail-2": [
        ('process_bad', 'Process is not executable, but the model is meant to run'),
    ],
    "executable-process/fail": [
        ('process_bad', 'Process is not executable, but the model is meant to run'),
    ],
    "fake-join/fail-2": [
        ('end_bad', 'Incoming flows do not join'),
    ],
    "fake-join/fail": [
        ('task_bad', 'Incoming flows do not join'),
    ],
    "global/fail-2": [
        ('message_bad', 'Element name is not unique'),
        ('message_documents', 'Element name is not unique'),
    ],
    "global/fail": [
        ('message_bad', 'Element is unused'),
        ('signal_bad', 'Element is missing name'),
        ('signal_bad', 'Element is unused'),
    ],
    "import/fail-2": [
        ('flow_bad', 'unresolved reference <nowhere>'),
    ],
    "import/fail": [
        ('flow_bad', 'unresolved reference <nowhere>'),
    ],
    "label-required/fail-2": [
        ('lane_bad', 'Element is missing label/name'),
    ],
    "label-required/fail": [
        ('pool_bad', 'Element is missing label/name'),
        ('task_bad', 'Element is missing label/name'),
    ],
    "link-event/fail-2": [
        ('catch_bad', 'Link throw event with link name <b> missing in scope'),
    ],
    "link-event/fail": [
        ('throw_bad', 'Link catch event with link name <x> missing in scope'),
    ],
    "lint-directive/fail-2": [
        ('process_bad', 'Unknown rule <no-such-rule> in reg:lint'),
    ],
    "lint-directive/fail": [
        ('task_bad', 'Unknown rule <label-requried> in reg:lint'),
    ],
    "no-bpmndi/fail-2": [
        ('task_a_to_task_b', 'Element is missing bpmndi'),
    ],
    "no-bpmndi/fail": [
        ('task_bad', 'Element is missing bpmndi'),
        ('task_bad_to_end', 'Element is missing bpmndi'),
    ],
    "no-complex-gateway/fail-2": [
        ('gw_bad', 'Element type <bpmn:ComplexGateway> is discouraged'),
    ],
    "no-complex-gateway/fail": [
        ('gw_bad', 'Element type <bpmn:ComplexGateway> is discouraged'),
    ],
    "no-cross-pool-sequence-flow/fail-2": [
        ('flow_bad', 'Sequence flow crosses pools'),
    ],
    "no-cross-pool-sequence-flow/fail": [
        ('flow_bad', 'Sequence flow crosses pools'),
    ],
    "no-disconnected/fail-2": [
        ('event_bad', 'Element is not connected'),
        ('gw_bad', 'Element is not connected'),
    ],
    "no-disconnected/fail": [
        ('task_bad', 'Element is not connected'),
    ],
    "no-duplicate-sequence-flows/fail-2": [
        ('decide', 'Duplicate outgoing sequence flows'),
        ('flow_bad', 'SequenceFlow is a duplicate'),
        ('task_yes', 'Duplicate incoming sequence flows'),
    ],
    "no-duplicate-sequence-flows/fail": [
        ('flow_bad', 'SequenceFlow is a duplicate'),
        ('task_a', 'Duplicate outgoing sequence flows'),
        ('task_b', 'Duplicate incoming sequence flows'),
    ],
    "no-empty-lane/fail-2": [
        ('lane_bad', 'Lane has no flow nodes'),
    ],
    "no-empty-lane/fail": [
        ('lane_bad', 'Lane has no flow nodes'),
    ],
    "no-gateway-join-fork/fail-2": [
        ('gw_bad', 'Gateway forks and joins'),
    ],
    "no-gateway-join-fork/fail": [
        ('gw_bad', 'Gateway forks and joins'),
    ],
    "no-implicit-end/fail-2": [
        ('gw_bad', 'Element is an implicit end'),
    ],
    "no-implicit-end/fail": [
        ('task_bad', 'Element is an implicit end'),
    ],
    "no-implicit-split/fail-2": [
        ('start_bad', 'Flow splits implicitly'),
    ],
    "no-implicit-split/fail": [
        ('task_bad', 'Flow splits implicitly'),
    ],
    "no-implicit-start/fail-2": [
        ('sub_task_bad', 'Element is an implicit start'),
    ],
    "no-implicit-start/fail": [
        ('task_bad', 'Element is an implicit start'),
    ],
    "no-inclusive-gateway/fail-2": [
        ('join_bad', 'Element type <bpmn:InclusiveGateway> is discouraged'),
    ],
    "no-inclusive-gateway/fail": [
        ('gw_bad', 'Element type <bpmn:InclusiveGateway> is discouraged'),
    ],
    "no-overlapping-elements/fail-2": [
        ('task_bad', 'Element is outside of parent boundary'),
    ],
    "no-overlapping-elements/fail": [
        ('end', 'Element is outside of parent boundary'),
        ('task_bad', 'Element overlaps with other element'),
        ('task_bad_2', 'Element overlaps with other element'),
    ],
    "no-same-pool-message-flow/fail-2": [
        ('message_bad', 'Message flow connects elements of the same pool'),
    ],
    "no-same-pool-message-flow/fail": [
        ('message_bad', 'Message flow connects elements of the same pool'),
    ],
    "node-in-lane/fail-2": [
        ('gw_bad', 'Flow node is in no lane of its process'),
    ],
    "node-in-lane/fail": [
        ('task_bad', 'Flow node is in no lane of its process'),
    ],
    "reg-extension/fail-2": [
        ('-', "reg:timeLimit value='0' must be 1 or more"),
    ],
    "reg-extension/fail": [
        ('-', "reg:clause paragraph='5a' is not a whole number"),
    ],
    "reg-task-clause/fail-2": [
        ('lookup_bad', 'Task has no clause reference (reg:clause)'),
    ],
    "reg-task-clause/fail": [
        ('task_bad', 'Task has no clause reference (reg:clause)'),
    ],
    "reg-task-time-limit/fail-2": [
        ('lookup_bad', 'Task has no time limit (reg:timeLimit, or reg:noTimeLimit if the text sets none)'),
    ],
    "reg-task-time-limit/fail": [
        ('task_bad', 'Task has no time limit (reg:timeLimit, or reg:noTimeLimit if the text sets none)'),
        ('task_bad_2', 'Task has only alternative time limits; the usual one (reg:timeLimit without when) is missing'),
        ('task_bad_3', 'Task has both reg:noTimeLimit and a reg:timeLimit'),
    ],
    "reg-expression/fail": [
        ('flow_bad', 'expression \'__import__("os").system("id")\' uses attribute access, which models may not use'),
    ],
    "reg-expression/fail-2": [
        ('review', "expression 'documents ==' is not valid: invalid syntax"),
        ('sign', "expression '2 ** 10 > n' uses the ** operator, which models may not use"),
    ],
    "reg-time-unit/fail-2": [
        ('task_bad', "Time limit unit 'day' is not one of minute, hour, working_day, calendar_day"),
    ],
    "reg-time-unit/fail": [
        ('task_bad', "Time limit unit 'fortnight' is not one of minute, hour, working_day, calendar_day"),
    ],
    "single-blank-start-event/fail-2": [
        ('sub_bad', 'Sub process has multiple blank start events'),
    ],
    "single-blank-start-event/fail": [
        ('process_bad', 'Process has multiple blank start events'),
    ],
    "single-event-definition/fail-2": [
        ('wait_bad', 'Event has multiple event definitions'),
    ],
    "single-event-definition/fail": [
        ('start_bad', 'Event has multiple event definitions'),
    ],
    "start-event-required/fail-2": [
        ('sub_bad', 'Sub process is missing start event'),
    ],
    "start-event-required/fail": [
        ('process_bad', 'Process is missing start event'),
    ],
    "sub-process-blank-start-event/fail-2": [
        ('start_bad', 'Start event must be blank'),
    ],
    "sub-process-blank-start-event/fail": [
        ('start_bad', 'Start event must be blank'),
    ],
    "superfluous-gateway/fail-2": [
        ('gw_bad', 'Gateway is superfluous. It only has one source and target.'),
    ],
    "superfluous-gateway/fail": [
        ('gw_bad', 'Gateway is superfluous. It only has one source and target.'),
    ],
    "superfluous-label/fail-2": [
        ('flow_bad', 'Sequence flow has superfluous label'),
    ],
    "superfluous-label/fail": [
        ('flow_bad', 'Sequence flow has superfluous label'),
    ],
    "superfluous-termination/fail-2": [
        ('end_bad', 'Termination is superfluous.'),
    ],
    "superfluous-termination/fail": [
        ('end_bad', 'Termination is superfluous.'),
    ],
    "xsd/fail-2": [
        ('-', "Element 'bpmn:task', attribute 'priority': The attribute 'priority' is not allowed."),
    ],
    "xsd/fail": [
        ('-', "Element 'bpmn:task', attribute 'isForCompensation': 'perhaps' is not a valid value of the atomic type 'xs:boolean'."),
    ],
}
