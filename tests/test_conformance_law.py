"""Fidelity to the law (issue 10): decisions, doers, messages, order of exchanges, limits
counted twice and broken models — each mutant of the campaign is caught with its code,
and meaning-preserving edits of every model stay clean.

The campaign (``tests/mutations_law.py``) runs every operator on the three bundled
models and the Russian fixture; its score joins the table ``tests/mutations.py`` prints.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import ACT_TEXT, APPENDIX_1, HOME_EDUCATION, OUR_MODELS, SOCIAL_ASSISTANCE
from mutations import Outcome, model_of, record
from mutations_law import EDITS, OPERATORS
from test_conformance_mutations import CASES, RU_MODEL

from toolkit.conformance import check_model
from toolkit.model import load_model, load_model_bytes
from toolkit.text import Act, load_act

pytest_plugins = ("mutations",)

#: (model, kind) pairs whose text or model has nothing of that kind to mutate.
NOT_APPLICABLE = {
    ("social-assistance", k) for k in ("swap-outcomes", "negate-condition", "swap-labels", "foreign-data",
                                       "swap-message-outcomes",
                                       "partial-data",
                                       "delete-channel", "retarget-message", "move-to-codoer")
} | {
    ("home-education-sc", k) for k in ("swap-message-outcomes", "invert-when", "limit-twice", "delete-delivery", "retarget-message")
} | {
    ("home-education-sc-appendix-1", k) for k in ("invert-when", "limit-twice")
} | {
    ("ru-housing-assistance", k) for k in ("swap-message-outcomes", "reword-fact", "partial-data", "swap-outcomes", "negate-condition", "swap-labels", "foreign-data",
                                           "delete-part", "delete-channel", "delete-delivery", "retarget-message",
                                           "swap-exchange", "limit-twice", "move-to-codoer")
}


@cache
def act(path: Path) -> Act:
    return load_act(CASES[path])


def _key(f) -> tuple:
    return (f.code, f.element_id, f.clause, f.expected, f.found)


@cache
def baseline(path: Path) -> frozenset[tuple]:
    return frozenset(_key(f) for f in check_model(load_model(path), act(path)).findings)


@pytest.mark.slow
@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", list(OPERATORS))
def test_every_law_mutant_is_caught(path: Path, kind: str) -> None:
    made = list(OPERATORS[kind](path.read_bytes(), act(path)))
    if (path.stem, kind) in NOT_APPLICABLE:
        assert made == [], f"{kind} was expected not to apply to {path.stem}"
        pytest.skip(f"{kind} does not apply to {path.stem}")
    assert made, f"the {kind} operator made no mutant of {path.stem}"
    missed = []
    for mutant in made:
        report = check_model(model_of(mutant), act(path))
        codes = tuple(sorted({f.code for f in report.findings if _key(f) not in baseline(path)}))
        caught = bool(set(mutant.expected.split("|")) & set(codes))
        record(Outcome(path.stem, kind, mutant.target, mutant.expected, caught, codes))
        if not caught:
            missed.append(f"{mutant.target}: expected {mutant.expected}, got {codes or 'nothing new'}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.stem)
@pytest.mark.parametrize("edit", list(EDITS))
def test_meaning_preserving_edits_stay_clean(path: Path, edit: str) -> None:
    original = path.read_bytes()
    changed = EDITS[edit](original)
    assert changed != original, f"{edit} changed nothing in {path.stem}"
    report = check_model(load_model_bytes(changed, f"<{edit}>"), act(path))
    assert report.clean, [f.format_text() for f in report.findings]


# -- the mutants issue 10 names, one by one ------------------------------------------------

def _edit(path: Path, *pairs: tuple[str, str]) -> bytes:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def _codes(data: bytes) -> set[str]:
    return {f.code for f in check_model(load_model_bytes(data, "<issue mutant>"), load_act(ACT_TEXT)).findings}


ISSUE_MUTANTS = {
    "condition 1 outcomes swapped": (HOME_EDUCATION, (
        ('sourceRef="condition_1" targetRef="process_5"', 'sourceRef="condition_1" targetRef="@"'),
        ('sourceRef="condition_1" targetRef="process_4"', 'sourceRef="condition_1" targetRef="process_5"'),
        ('targetRef="@"', 'targetRef="process_4"')), {"RC604", "RC605"}),
    "condition 1 negated": (APPENDIX_1, (
        (">person_found and (power_of_attorney_found or not by_representative)<",
         ">not (person_found and (power_of_attorney_found or not by_representative))<"),), {"RC604"}),
    "condition 2: documents in order lead to the refusal": (HOME_EDUCATION, (
        (">documents_in_order<", ">not documents_in_order<"),), {"RC604"}),
    "20-working-day case inverted": (SOCIAL_ASSISTANCE, (
        ('when="not documents_complete"', 'when="documents_complete"'),), {"RC407"}),
    "БНАЖ's reply sent to the МК employee": (APPENDIX_1, (
        ('sourceRef="power_of_attorney_data_sent" targetRef="receive_power_of_attorney"',
         'sourceRef="power_of_attorney_data_sent" targetRef="data_available_received"'),), {"RC801"}),
    "the refusal sent to ЭҮШ": (APPENDIX_1, (
        ('sourceRef="refusal_sent" targetRef="receive_provider_decision"',
         'sourceRef="refusal_sent" targetRef="receive_service_result"'),), {"RC801"}),
    "the final result sent to ЭҮШ": (APPENDIX_1, (
        ('sourceRef="result_issued" targetRef="receive_result"',
         'sourceRef="result_issued" targetRef="signed_request_received"'),), {"RC801"}),
    "process 8 moved to ЭҮАШ АЖО": (HOME_EDUCATION, (
        ("<bpmn:flowNodeRef>process_8</bpmn:flowNodeRef>", ""),
        ("<bpmn:flowNodeRef>process_6</bpmn:flowNodeRef>",
         "<bpmn:flowNodeRef>process_6</bpmn:flowNodeRef><bpmn:flowNodeRef>process_8</bpmn:flowNodeRef>")),
        {"RC301", "RC105"}),
    "БНАЖ's check moved to ЖТ МДҚ": (HOME_EDUCATION, (
        ("<bpmn:flowNodeRef>check_power_of_attorney</bpmn:flowNodeRef>", ""),
        ("<bpmn:flowNodeRef>condition_1</bpmn:flowNodeRef>",
         "<bpmn:flowNodeRef>condition_1</bpmn:flowNodeRef><bpmn:flowNodeRef>check_power_of_attorney</bpmn:flowNodeRef>")),
        {"RC101"}),
    "a limit on the applicant's hand-in (step 1 counted twice)": (SOCIAL_ASSISTANCE, (
        ('<reg:noTimeLimit/>', '<reg:timeLimit value="30" unit="minute" words="отыз"/>'),), {"RC406"}),
    "a sequence flow to a missing id": (SOCIAL_ASSISTANCE, (
        ('targetRef="assign_executor"', 'targetRef="assign_executr"'),), {"RC004"}),
    "a default naming no flow": (HOME_EDUCATION, (
        ('default="condition_2_to_process_7"', 'default="condition_2_to_nowhere"'),), {"RC004"}),
}


@pytest.mark.parametrize("name", list(ISSUE_MUTANTS))
def test_issue_mutants_are_caught_with_their_codes(name: str) -> None:
    path, pairs, expected = ISSUE_MUTANTS[name]
    found = _codes(_edit(path, *pairs))
    assert expected <= found, f"{name}: expected {sorted(expected)}, found {sorted(found)}"


def test_bundled_models_are_clean() -> None:
    for path in (*OUR_MODELS, RU_MODEL):
        report = check_model(load_model(path), act(path))
        assert report.clean, [f.format_text() for f in report.findings]


# -- loops back to a step the path has passed ------------------------------------------------

def _rework_loop() -> bytes:
    """The head, instead of signing, may send the notification back to the executor (step 4 → 3)."""
    edits = (
        ("<bpmn:flowNodeRef>sign_notification</bpmn:flowNodeRef>",
         "<bpmn:flowNodeRef>sign_notification</bpmn:flowNodeRef><bpmn:flowNodeRef>signed</bpmn:flowNodeRef>"),
        ("<bpmn:outgoing>sign_notification_to_register_and_hand_notification</bpmn:outgoing>",
         "<bpmn:outgoing>sign_notification_to_signed</bpmn:outgoing>"),
        ("<bpmn:incoming>sign_notification_to_register_and_hand_notification</bpmn:incoming>",
         "<bpmn:incoming>signed_to_register</bpmn:incoming>"),
        ("<bpmn:incoming>assign_executor_to_review_documents</bpmn:incoming>",
         "<bpmn:incoming>assign_executor_to_review_documents</bpmn:incoming>"
         "<bpmn:incoming>signed_to_review</bpmn:incoming>"),
        ('<bpmn:sequenceFlow id="sign_notification_to_register_and_hand_notification" sourceRef="sign_notification" '
         'targetRef="register_and_hand_notification"/>',
         '<bpmn:exclusiveGateway id="signed" default="signed_to_register">'
         "<bpmn:incoming>sign_notification_to_signed</bpmn:incoming><bpmn:outgoing>signed_to_register</bpmn:outgoing>"
         "<bpmn:outgoing>signed_to_review</bpmn:outgoing></bpmn:exclusiveGateway>"
         '<bpmn:sequenceFlow id="sign_notification_to_signed" sourceRef="sign_notification" targetRef="signed"/>'
         '<bpmn:sequenceFlow id="signed_to_register" sourceRef="signed" targetRef="register_and_hand_notification"/>'
         '<bpmn:sequenceFlow id="signed_to_review" sourceRef="signed" targetRef="review_documents">'
         '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">rework</bpmn:conditionExpression>'
         "</bpmn:sequenceFlow>"),
    )
    return _edit(SOCIAL_ASSISTANCE, *edits)


def test_a_loop_back_is_order_unless_the_text_sends_the_work_back(tmp_path: Path) -> None:
    """RC201 for a rework loop the text does not have; none once the text says "пысықтауға қайтарады"."""
    model = load_model_bytes(_rework_loop(), "rework.bpmn")
    loops = [f for f in check_model(model, act(SOCIAL_ASSISTANCE)).findings
             if f.code == "RC201" and f.element_id == "signed"]
    assert {f.clause for f in loops} == {"5.1 step 4", "7.1 step 4"}
    text = ACT_TEXT.read_text(encoding="utf-8").replace(
        "басшысы хабарламаға қол қояды - 1 (бір) ", "басшысы хабарламаға қол қояды немесе оны пысықтауға қайтарады - 1 (бір) ")
    assert text.count("пысықтауға қайтарады") == 2
    (tmp_path / "act.txt").write_text(text, encoding="utf-8")
    findings = check_model(model, load_act(tmp_path / "act.txt")).findings
    assert not [f for f in findings if f.code == "RC201"], [f.format_text() for f in findings]
