"""The loader reads any BPMN 2.0 file, MIWG references included, into an immutable model."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import MIWG_DIR

from toolkit.errors import ModelError
from toolkit.model import load_model, load_model_bytes, validate_xsd

MIWG_FILES = sorted(MIWG_DIR.glob("*.bpmn"))


def test_all_21_miwg_reference_models_are_present() -> None:
    assert len(MIWG_FILES) == 21


@pytest.mark.parametrize("path", MIWG_FILES, ids=lambda p: p.stem)
def test_miwg_models_load_and_validate(path) -> None:
    model = load_model(path)
    assert model.nodes, "every reference model has flow nodes"
    assert validate_xsd(model) == []
    # every DI shape points at something the model knows or a diagram-only element
    known = set(model.nodes) | set(model.lanes) | set(model.participants) | set(model.artifacts)
    assert {s for s in model.shapes if s not in known} <= {s for s in model.shapes if s in model.messages}


def test_declared_iso_8859_1_encoding_is_honoured() -> None:
    model = load_model(MIWG_DIR / "A.1.0.bpmn")
    assert model.encoding == "ISO-8859-1"
    # decoded, not mojibake: names are plain text
    assert all("Ã" not in (n.name or "") for n in model.nodes.values())


def test_lanes_pools_and_message_flows_of_a_collaboration() -> None:
    model = load_model(MIWG_DIR / "C.1.0.bpmn")
    assert len(model.participants) == 2
    assert len(model.message_flows) == 5
    for lane in model.lanes.values():
        for node_id in lane.node_ids:
            if node_id in model.nodes and not lane.child_lane_ids:
                assert model.nodes[node_id].lane_id == lane.id


def test_boundary_events_know_their_activity() -> None:
    model = load_model(MIWG_DIR / "A.3.0.bpmn")
    boundaries = [n for n in model.nodes.values() if n.kind == "boundaryEvent"]
    assert boundaries and all(b.attached_to in model.nodes for b in boundaries)


def test_nodes_inside_subprocesses_have_a_parent() -> None:
    model = load_model(MIWG_DIR / "A.4.0.bpmn")
    assert any(n.parent_id for n in model.nodes.values())
    for node in model.nodes.values():
        if node.parent_id:
            assert model.nodes[node.parent_id].kind in {"subProcess", "transaction", "adHocSubProcess"}


def test_model_is_immutable(engine_fixture) -> None:
    model = load_model(engine_fixture)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.nodes["review"].kind = "task"  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.nodes["x"] = model.nodes["review"]  # type: ignore[index]


def test_reg_extensions_are_read(engine_fixture) -> None:
    review = load_model(engine_fixture).nodes["review"]
    assert str(review.clauses[0]) == "5.1 step 1"
    assert review.usual_limit.as_written() == "6 (алты) жұмыс күн"
    (alternative,) = review.alternatives
    assert (alternative.value, alternative.unit, alternative.when) == (20, "working_day", "not documents_complete")
    assert alternative.condition_text == "құжаттар жетіспеген жағдайларда"
    assert [i.name for i in review.inputs] == ["approve"]


def test_unknown_time_limit_unit_is_a_clear_error(engine_fixture) -> None:
    data = engine_fixture.read_bytes().replace(b'unit="working_day" words="\xd0\xb0', b'unit="fortnight" words="\xd0\xb0')
    with pytest.raises(ModelError, match=r"x\.bpmn:\d+: reg:timeLimit unit='fortnight'"):
        load_model_bytes(data, "x.bpmn")


def test_xsd_errors_are_all_reported_with_lines(engine_fixture) -> None:
    data = engine_fixture.read_bytes()
    data = data.replace(b'<bpmn:startEvent id="start">', b'<bpmn:startEvent id="start" bogus="1">')
    data = data.replace(b'<bpmn:endEvent id="refused"', b'<bpmn:endEvent id="refused" alsobogus="2"')
    errors = validate_xsd(load_model_bytes(data, "x.bpmn"))
    assert len(errors) == 2
    assert all(e.line for e in errors)


def test_unit_words_schema_rejects_misspelt_units_in_xsd(engine_fixture) -> None:
    data = engine_fixture.read_bytes().replace(b'<reg:input name="approve" type="bool"',
                                               b'<reg:input name="approve" type="boolean"')
    with pytest.raises(ModelError, match="reg:input type='boolean'"):
        load_model_bytes(data, "x.bpmn")


def test_unit_keys_are_one_vocabulary_across_layers() -> None:
    """The text parser, the model, the calendar and the schema must all speak the same units."""
    from toolkit import units
    from toolkit.calendar import UNITS as CALENDAR_UNITS
    from toolkit.model.xsd import REG_XSD
    from toolkit.text.model import TimeUnit

    assert {u.value for u in TimeUnit} == set(units.UNITS) == set(CALENDAR_UNITS)
    schema = REG_XSD.read_text(encoding="utf-8")
    assert all(f'<xsd:enumeration value="{unit}"/>' in schema for unit in units.UNITS)
