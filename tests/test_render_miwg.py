"""Any BPMN file: all 21 MIWG reference models render with nothing dropped.

Counted in the SVG itself: Graphviz writes each node, edge and cluster as a
``<g>`` whose ``id`` is the BPMN element's id and whose ``class`` says what it is
(``flownode``, ``lane``, ``pool``, ``sequenceFlow``, ``messageFlow``, ``boundary``,
``dataObjectReference``, ``textAnnotation``…). The MIWG models carry a complete
diagram (BPMNDI), so a second oracle is free: every element that diagram draws
must be in our SVG too.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import MIWG_DIR
from lxml import etree

from toolkit.model import load_model
from toolkit.render import render

MIWG = sorted(MIWG_DIR.glob("*.bpmn"))
SVG = "{http://www.w3.org/2000/svg}"


@cache
def rendered(path: Path) -> tuple[dict[str, set[str]], str]:
    """SVG groups of one model: element id -> class tokens; and the SVG text."""
    svg = render(load_model(path)).image("svg")
    root = etree.fromstring(svg)
    groups: dict[str, set[str]] = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("id"):
            assert g.get("id") not in groups, f"duplicate id {g.get('id')}"
            groups[g.get("id")] = set((g.get("class") or "").split())
    return groups, svg.decode("utf-8")


def count(groups: dict[str, set[str]], token: str) -> Counter:
    return Counter(i for i, classes in groups.items() if token in classes)


def test_all_21_reference_models_are_here():
    assert len(MIWG) == 21


@pytest.mark.parametrize("path", MIWG, ids=lambda p: p.stem)
def test_nothing_is_dropped(path):
    model = load_model(path)
    groups, _ = rendered(path)
    flow_nodes = count(groups, "flownode")
    assert set(flow_nodes) == set(model.nodes), "every flow node, once"
    assert set(count(groups, "lane")) == set(model.lanes)
    assert set(count(groups, "pool")) == set(model.participants)
    assert set(count(groups, "sequenceFlow")) == set(model.sequence_flows)
    assert set(count(groups, "messageFlow")) == set(model.message_flows)
    boundary = {n.id for n in model.nodes.values() if n.kind == "boundaryEvent"}
    assert set(count(groups, "boundary")) == boundary
    non_interrupting = {n.id for n in model.nodes.values() if n.kind == "boundaryEvent" and not n.cancel_activity}
    assert set(count(groups, "non-interrupting")) == non_interrupting
    for kind in ("dataObjectReference", "dataStoreReference", "textAnnotation", "group"):
        expected = {a.id for a in model.artifacts.values() if a.kind == kind}
        assert set(count(groups, kind)) == expected, kind
    associations = {a.id for a in model.artifacts.values() if a.kind == "association"}
    assert set(count(groups, "association")) >= associations


@pytest.mark.parametrize("path", MIWG, ids=lambda p: p.stem)
def test_everything_the_models_own_diagram_draws_is_drawn(path):
    model = load_model(path)
    groups, _ = rendered(path)
    in_diagram = set(model.shapes) | set(model.edges)
    assert in_diagram - set(groups) == set()


def test_the_hard_cases():
    groups, _ = rendered(MIWG_DIR / "A.4.0.bpmn")  # lanes outside any pool
    assert {"_17bebb0f-f31e-475a-b1b1-76fcc2da172b", "_cc1845d0-ec34-44d3-8ba5-4981040d8dfe"} <= set(
        count(groups, "lane"))
    assert "WFP-6-2" in count(groups, "process")
    groups, _ = rendered(MIWG_DIR / "A.4.1.bpmn")  # vertical pools and lanes, drawn horizontally
    assert len(count(groups, "pool")) == 2 and len(count(groups, "lane")) == 3
    groups, _ = rendered(MIWG_DIR / "C.2.0.bpmn")  # four pools
    assert len(count(groups, "pool")) == 4 and len(count(groups, "messageFlow")) == 5
    groups, _ = rendered(MIWG_DIR / "C.9.1.bpmn")  # boundary timers, one of them non-interrupting
    timers = count(groups, "boundary")
    assert len(timers) == 2 and len(count(groups, "non-interrupting")) == 1
    groups, _ = rendered(MIWG_DIR / "C.9.0.bpmn")  # event sub-processes
    assert len(count(groups, "eventSubProcess")) == 2
    groups, _ = rendered(MIWG_DIR / "C.6.0.bpmn")  # compensation: boundary events, associations, handlers
    assert len(count(groups, "boundary")) == 5
    assert {"_651344ad-d784-4ef2-9655-4bc6393ac323", "_98b2bd26-e113-4d19-b6a8-bcda781a823b"} <= set(
        count(groups, "association"))


def test_expanded_call_activity_shows_the_process_it_calls():
    model = load_model(MIWG_DIR / "B.1.0.bpmn")
    groups, _ = rendered(MIWG_DIR / "B.1.0.bpmn")
    called = [n.id for n in model.nodes.values() if n.process_id == "Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450"]
    assert called and all(n in groups for n in called)
    assert "Process_ba16239e-181e-4b9f-bc5b-0bb2ee973450" not in groups  # no separate band for it
