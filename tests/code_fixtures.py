"""The fixtures of the issue-10 finding codes: one small mutant of a bundled model per case.

Each fixture is a bundled model with one disagreement put in (by a textual edit or a
mutation operator of ``tests/mutations_law.py``) and its diagram dropped (layout does
not matter to ``check``). They live in ``tests/fixtures/conformance/codes/`` and are
listed in the code table (:data:`toolkit.conformance.codes.CODES`, ``fixtures=``), from
which the per-code documentation is generated. Regenerate them with
``.venv/bin/python tests/code_fixtures.py`` after changing a bundled model;
``test_conformance_codes.py`` checks each one still shows exactly its code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import ACT_TEXT, APPENDIX_1, HOME_EDUCATION, SOCIAL_ASSISTANCE  # noqa: E402
from mutations import BPMNDI  # noqa: E402
from mutations_law import OPERATORS  # noqa: E402

from toolkit.text import load_act  # noqa: E402

CODES_DIR = HERE / "fixtures" / "conformance" / "codes"

Edit = tuple[tuple[str, str], ...]


def _text_edit(path: Path, pairs: Edit) -> Callable[[], bytes]:
    def make() -> bytes:
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            if old not in text:
                raise ValueError(f"{path.name}: {old!r} not found")
            text = text.replace(old, new, 1)
        return text.encode("utf-8")
    return make


def _operator(path: Path, kind: str, target: str) -> Callable[[], bytes]:
    def make() -> bytes:
        act = load_act(ACT_TEXT)
        for mutant in OPERATORS[kind](path.read_bytes(), act):
            if mutant.target == target:
                return mutant.data
        raise ValueError(f"{kind} made no mutant {target!r} of {path.name}")
    return make


#: fixture file name → (the code it shows, how it is made, what it shows).
FIXTURES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "RC004-dangling-target.bpmn": ("RC004", _text_edit(SOCIAL_ASSISTANCE, (
        ('targetRef="assign_executor"', 'targetRef="assign_executr"'),)),
        "a sequence flow ends at an id the model does not have"),
    "RC004-default-names-no-flow.bpmn": ("RC004", _text_edit(HOME_EDUCATION, (
        ('default="condition_2_to_process_7"', 'default="condition_2_to_nowhere"'),)),
        "a gateway's default names no flow"),
    "RC101-codoer-lost.bpmn": ("RC101", _operator(HOME_EDUCATION, "move-to-codoer", "check_power_of_attorney -> gbd_fl"),
                               "БНАЖ's power-of-attorney check moved to ЖТ МДҚ: БНАЖ, a doer of condition 1, has no task"),
    "RC105-channel-lost.bpmn": ("RC105", _operator(HOME_EDUCATION, "delete-channel", "8 item 11 (8-процесс): process_8"),
                                "process 8 deleted: the result no longer goes through the МК employee (арқылы)"),
    "RC201-receive-before-hand-in.bpmn": ("RC201", _operator(SOCIAL_ASSISTANCE, "swap-exchange",
                                                             "hand_in_documents <-> receive_notification"),
                                          "the applicant receives the notification before handing in the documents"),
    "RC201-refusal-loops-back.bpmn": ("RC201", _text_edit(HOME_EDUCATION, (
        ('id="process_7_to_result_formed" sourceRef="process_7" targetRef="result_formed"',
         'id="process_7_to_result_formed" sourceRef="process_7" targetRef="check_documents"'),
        ('<bpmn:incoming>process_7_to_result_formed</bpmn:incoming>', ''),
        ('<bpmn:incoming>process_6_to_check_documents</bpmn:incoming>',
         '<bpmn:incoming>process_6_to_check_documents</bpmn:incoming><bpmn:incoming>process_7_to_result_formed</bpmn:incoming>'))),
        "the refusal of process 7 sent back to condition 2's check: the applicant never gets it"),
    "RC301-possessor-is-no-doer.bpmn": ("RC301", _operator(APPENDIX_1, "move-to-named",
                                                           "check_power_of_attorney -> service_recipient"),
                                        "БНАЖ's check done in the applicant's pool: the applicant only owns the data"),
    "RC406-limit-twice.bpmn": ("RC406", _text_edit(SOCIAL_ASSISTANCE, (
        ("<reg:noTimeLimit/>", '<reg:timeLimit value="30" unit="minute" words="отыз"/>'),)),
        "step 1's 30 minutes also on the applicant's hand-in: the step counts twice"),
    "RC407-when-inverted.bpmn": ("RC407", _text_edit(SOCIAL_ASSISTANCE, (
        ('when="not documents_complete"', 'when="documents_complete"'),)),
        "the 20-working-day limit applies when the documents are complete"),
    "RC604-condition-negated.bpmn": ("RC604", _text_edit(HOME_EDUCATION, (
        (">person_found and (power_of_attorney_found or not by_representative)<",
         ">not (person_found and (power_of_attorney_found or not by_representative))<"),)),
        "condition 1 negated: a person found goes to process 4 'data unavailable'"),
    "RC604-message-outcomes-swapped.bpmn": ("RC604", _operator(
        APPENDIX_1, "swap-message-outcomes",
        "data_available_sent_to_data_available_received <-> data_unavailable_sent_to_data_unavailable_received"),
        "the 'data available' message wakes the МК employee's 'data unavailable' branch"),
    "RC605-labels-swapped.bpmn": ("RC605", _operator(HOME_EDUCATION, "swap-labels",
                                                     "condition_2_to_result_formed <-> condition_2_to_process_7"),
                                  "condition 2's branches carry each other's labels"),
    "RC606-foreign-data.bpmn": ("RC606", _operator(HOME_EDUCATION, "foreign-data",
                                                   "condition_2_to_result_formed reads by_representative"),
                                "condition 2 decided on whether a representative applied"),
    "RC606-either-fact-suffices.bpmn": ("RC606", _text_edit(HOME_EDUCATION, (
        (">person_found and (power_of_attorney_found or not by_representative)<",
         ">person_found or power_of_attorney_found or not by_representative<"),)),
        "condition 1 with 'or': a person ЖТ МДҚ does not know goes on when БНАЖ finds the power of attorney"),
    "RC607-fact-not-the-texts-words.bpmn": ("RC607", _text_edit(HOME_EDUCATION, (
        ('<reg:fact key="person_found" true="бар болуы"/>', '<reg:fact key="person_found" true="табылды"/>'),)),
        "reg:fact quotes words the text does not have for condition 1"),
    "RC801-refusal-to-gateway.bpmn": ("RC801", _text_edit(APPENDIX_1, (
        ('sourceRef="refusal_sent" targetRef="receive_provider_decision"',
         'sourceRef="refusal_sent" targetRef="receive_service_result"'),)),
        "the refusal sent to ЭҮШ instead of ЭҮАШ АЖО"),
    "RC801-result-to-gateway.bpmn": ("RC801", _text_edit(APPENDIX_1, (
        ('sourceRef="result_issued" targetRef="receive_result"',
         'sourceRef="result_issued" targetRef="signed_request_received"'),)),
        "the final result sent to ЭҮШ instead of the applicant"),
    "RC802-request-to-enis-lost.bpmn": ("RC802", _operator(APPENDIX_1, "delete-delivery", "request_power_of_attorney"),
                                        "the request to БНАЖ deleted: БНАЖ's pool never starts"),
    "RC802-result-to-send-task.bpmn": ("RC802", _text_edit(HOME_EDUCATION, (
        ('sourceRef="result_issued" targetRef="receive_result"', 'sourceRef="result_issued" targetRef="hand_in_documents"'),)),
        "the result drawn into the applicant's hand-in (a send task): the applicant never gets it"),
    "RC802-result-sent-by-refusal.bpmn": ("RC802", _text_edit(HOME_EDUCATION, (
        ('id="result_issued_to_receive_result" sourceRef="result_issued"',
         'id="result_issued_to_receive_result" sourceRef="process_7"'),)),
        "the result's message flow moved to process 7: the result end event's message goes nowhere"),
}


def build() -> None:
    CODES_DIR.mkdir(parents=True, exist_ok=True)
    for name, (_, make, _) in FIXTURES.items():
        root = etree.fromstring(make(), etree.XMLParser(resolve_entities=False, no_network=True))
        for diagram in root.findall(f"{{{BPMNDI}}}BPMNDiagram"):
            root.remove(diagram)
        (CODES_DIR / name).write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


if __name__ == "__main__":
    build()
    print(f"{len(FIXTURES)} fixtures written to {CODES_DIR}")
