"""What a step hands to someone in passing: a receipt to the applicant mid-way (a message the
checker can follow to the applicant's pool) and a result sent to an actor with no step of its own
(a task of that actor before the next step's doer goes on). Both are drafted from the same reading
of the text the checker applies (RC802, RC503), and the checker stays strict about the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.conformance import check_models
from toolkit.draft import draft
from toolkit.model import load_model_bytes
from toolkit.text import load_act

TEXT = Path(__file__).resolve().parent / "fixtures" / "texts" / "kk-burabay-a-10-411-2018.kk.txt"


@pytest.fixture(scope="module")
def act():
    return load_act(TEXT)


def _errors(act, xml: bytes) -> list[str]:
    model = load_model_bytes(xml, "burabay.bpmn")
    result = check_models([model], act)
    return sorted(f"{f.code} {f.element_id or ''}".strip() for r in result.reports for f in r.findings
                  if f.severity == "error")


@pytest.mark.parametrize("pools", ["party", "actor"])
def test_receipt_and_unstepped_head_check_clean(act, pools):
    drafted = draft(act, laid_out=False, pools=pools)
    assert _errors(act, drafted.xml) == []
    model = load_model_bytes(drafted.xml, "burabay.bpmn")
    # the receipt of step 1 reaches the applicant's pool as a message
    into_applicant = [model.nodes[f.target] for f in model.message_flows.values()
                      if model.nodes[f.target].process_id != model.nodes[f.source].process_id
                      and any(r.step == 1 for r in model.nodes[f.source].clauses)]
    assert any("қолхат" in (n.name or "") for n in into_applicant)
    # the head, who has no step, gets step 2's result in a task of its own
    head_tasks = [n for n in model.nodes.values() if n.is_task and model.actor_of(n.id) == "head"]
    assert head_tasks and all(any(r.step == 2 for r in n.clauses) for n in head_tasks)


def test_party_draft_forks_the_receipt_off_the_main_thread(act):
    model = load_model_bytes(draft(act, laid_out=False).xml, "burabay.bpmn")
    [fork] = [n for n in model.nodes.values() if n.kind == "parallelGateway"]
    first, side = [f.target for f in model.sequence_flows.values() if f.source == fork.id]
    assert first == "step_2" and model.nodes[side].kind == "endEvent"


def test_without_the_head_task_the_handoff_is_reported(act):
    xml = draft(act, laid_out=False).xml.decode()
    # step 2 goes straight on to step 3, skipping the head
    xml = xml.replace('sourceRef="step_2" targetRef="step_2_head"', 'sourceRef="step_2" targetRef="step_3"')
    assert "RC503 step_2" in _errors(act, xml.encode())


def test_step_work_moved_to_the_head_is_still_misplaced(act):
    xml = draft(act, laid_out=False).xml.decode()
    # the specialist's own work for step 2 in the head's lane: the head's exemption does not cover it
    xml = xml.replace("<bpmn:flowNodeRef>step_2</bpmn:flowNodeRef>", "", 1)
    xml = xml.replace("<bpmn:flowNodeRef>step_2_head</bpmn:flowNodeRef>",
                      "<bpmn:flowNodeRef>step_2_head</bpmn:flowNodeRef><bpmn:flowNodeRef>step_2</bpmn:flowNodeRef>")
    assert "RC301 step_2" in _errors(act, xml.encode())
