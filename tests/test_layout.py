"""``reglament layout``: BPMNDI computed for models without one, written without touching the rest.

What a designer would notice: the file's elements unchanged byte for byte; pools
as bands with lanes inside and every node inside its lane; standard shape sizes;
lines orthogonal and never through a shape; labels beside their events; task
boxes wide enough that bpmn-js keeps every Kazakh word whole; ``--keep`` adding
only what is missing; our own models' diagrams being what ``layout`` computes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MIWG_DIR, OUR_MODELS

from toolkit.errors import InputError
from toolkit.layout import layout_model, write_di
from toolkit.layout.quality import measure
from toolkit.layout.splice import diagram_spans, semantic_part
from toolkit.model import load_model, load_model_bytes
from toolkit.render import graphviz_available
from toolkit.render import sizes as S

pytestmark = pytest.mark.skipif(not graphviz_available(), reason="Graphviz (dot) is not installed")

BENCH = ("A.4.0", "B.2.0", "C.1.0", "C.2.0", "C.4.0", "C.5.0")
INPUTS = list(OUR_MODELS) + [MIWG_DIR / f"{name}.bpmn" for name in BENCH]
_CACHE: dict[Path, bytes] = {}


def bare(path: Path) -> bytes:
    """The model without its diagram: what `layout` gets from a program or a hand-written file."""
    return semantic_part(path.read_bytes(), str(path))


def laid_out(path: Path) -> bytes:
    if path not in _CACHE:
        model = load_model_bytes(bare(path), str(path))
        _CACHE[path] = write_di(model, layout_model(model))
    return _CACHE[path]


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_semantic_part_is_byte_identical(path: Path) -> None:
    out = laid_out(path)
    assert semantic_part(out) == bare(path)
    assert len(diagram_spans(out)) >= 1


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_every_drawn_element_has_di_and_no_line_runs_through_a_shape(path: Path) -> None:
    model = load_model_bytes(laid_out(path), str(path))
    for node_id in model.nodes:
        assert node_id in model.shapes, node_id
    for flow_id in list(model.sequence_flows) + list(model.message_flows):
        assert flow_id in model.edges, flow_id
    quality = measure(model)
    assert quality.through == 0
    assert quality.oblique == 0  # sequence and message flows are orthogonal


@pytest.mark.parametrize("path", OUR_MODELS, ids=lambda p: p.stem)
def test_pools_lanes_and_nodes_nest(path: Path) -> None:
    model = load_model_bytes(laid_out(path), str(path))
    pools = {p.process_ref: model.shapes[p.id].bounds for p in model.participants.values()}
    for pool in pools.values():
        others = [b for b in pools.values() if b is not pool]
        assert all(pool.y + pool.height <= o.y or o.y + o.height <= pool.y for o in others), "pools overlap"
    for lane in model.lanes.values():
        bounds = model.shapes[lane.id].bounds
        assert pools[lane.process_id].contains(bounds)
        if lane.parent_lane_id:
            assert model.shapes[lane.parent_lane_id].bounds.contains(bounds)
    for node in model.nodes.values():
        shape = model.shapes[node.id].bounds
        if node.lane_id and node.kind != "boundaryEvent":
            assert model.shapes[node.lane_id].bounds.contains(shape), f"{node.id} outside lane {node.lane_id}"
        if node.process_id in pools:
            assert pools[node.process_id].contains(shape)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_standard_sizes_and_labels_beside_events(path: Path) -> None:
    model = load_model_bytes(laid_out(path), str(path))
    for node in model.nodes.values():
        b = model.shapes[node.id].bounds
        if node.is_event:
            assert (b.width, b.height) == (36, 36), node.id
        elif node.is_gateway:
            assert (b.width, b.height) == (50, 50), node.id
        elif node.is_task and node.kind not in ("subProcess", "transaction", "adHocSubProcess"):
            assert b.width >= 100 and b.height >= 80, node.id
        if node.name and (node.is_event or node.is_gateway):
            label = model.shapes[node.id].label
            assert label is not None, node.id
            gap_x = max(label.x - (b.x + b.width), b.x - (label.x + label.width), 0)
            gap_y = max(label.y - (b.y + b.height), b.y - (label.y + label.height), 0)
            assert gap_x <= 20 and gap_y <= 20, f"label of {node.id} is not beside it"


@pytest.mark.parametrize("path", OUR_MODELS, ids=lambda p: p.stem)
def test_bpmnjs_keeps_every_word_of_a_task_whole(path: Path) -> None:
    model = load_model_bytes(laid_out(path), str(path))
    for node in model.nodes.values():
        if not node.is_task or not node.name:
            continue
        b = model.shapes[node.id].bounds
        inner = b.width - 2 * S.BPMN_TASK_PADDING
        assert not S.cuts_a_word(node.name, inner, S.BPMN_FONT), node.id
        lines = S.textjs_lines(node.name, inner, S.BPMN_FONT)
        assert len(lines) * S.BPMN_FONT * S.BPMN_LINE <= b.height, f"{node.id}: text taller than its box"


def test_textjs_port_cuts_what_bpmnjs_cuts() -> None:
    """The port is what the size check relies on: it must see the cuts bpmn-js makes in a 100 px task."""
    text = "хабарламасы қалыптастырылған сұранысты"
    assert S.cuts_a_word(text, 100 - 14, 12)
    assert S.textjs_lines("abc def", 1000, 12) == ["abc def"]
    width, _ = S.task_size(text)
    assert not S.cuts_a_word(text, width - 14, 12)
    for word in ("хабарламасы", "қалыптастырылған", "сұранысты"):
        assert word in " ".join(S.textjs_lines(text, width - 14, 12))


@pytest.mark.parametrize("path", OUR_MODELS, ids=lambda p: p.stem)
def test_our_models_diagrams_are_current(path: Path) -> None:
    """bpmn/*.bpmn carry the diagram `reglament layout` computes from their semantic part now."""
    model = load_model(path)
    assert write_di(model, layout_model(model)) == path.read_bytes(), (
        f"{path.name}: run `reglament layout {path} -o {path}`")


def _drop_di(data: bytes, element_ids: list[str]) -> bytes:
    for element_id in element_ids:
        data = re.sub(rb'\s*<bpmndi:BPMN(?:Shape|Edge) [^>]*bpmnElement="' + re.escape(element_id.encode())
                      + rb'".*?</bpmndi:BPMN(?:Shape|Edge)>', b"", data, flags=re.S)
    return data


def test_keep_adds_only_what_is_missing(tmp_path: Path) -> None:
    path = OUR_MODELS[0]
    original = load_model(path)
    task = next(n for n in original.nodes.values() if n.kind == "userTask" and n.incoming and n.outgoing)
    dropped = [task.id, *task.incoming, *task.outgoing]
    data = _drop_di(path.read_bytes(), dropped)
    model = load_model_bytes(data, "edited.bpmn")
    out = write_di(model, layout_model(model), keep=True)
    after = load_model_bytes(out)
    for element_id in dropped:
        assert element_id in after.shapes or element_id in after.edges
    for shape_id, shape in model.shapes.items():  # the designer's shapes stay where they were
        assert after.shapes[shape_id].bounds == shape.bounds
    new = after.shapes[task.id].bounds
    lane = after.shapes[task.lane_id].bounds  # type: ignore[index]
    assert lane.contains(new)
    for other_id, other in model.shapes.items():
        if other_id in original.nodes and other_id != task.id:
            b = other.bounds
            assert (new.x + new.width <= b.x or b.x + b.width <= new.x or new.y + new.height <= b.y
                    or b.y + b.height <= new.y), f"new shape covers {other_id}"
    assert semantic_part(out) == semantic_part(data)
    # A complete diagram is kept as it is.
    assert write_di(original, layout_model(original), keep=True) == path.read_bytes()


def test_no_namespace_declared_gets_one(tmp_path: Path) -> None:
    text = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">\n'
            b'  <process id="p" isExecutable="false">\n'
            b'    <startEvent id="s" name="\xd0\xb1\xd0\xb0\xd1\x81\xd1\x82\xd0\xb0\xd0\xbb\xd0\xb4\xd1\x8b"/>\n'
            b'    <sequenceFlow id="f" sourceRef="s" targetRef="e"/>\n'
            b'    <endEvent id="e"/>\n'
            b'  </process>\n'
            b'</definitions>\n')
    model = load_model_bytes(text, "plain.bpmn")
    out = write_di(model, layout_model(model))
    assert semantic_part(out) == text
    again = load_model_bytes(out)
    assert set(again.shapes) == {"s", "e"} and set(again.edges) == {"f"}
    assert b'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"' in out


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "reglament"), *args],
                          capture_output=True, cwd=cwd, check=False)


def test_cli_writes_checks_and_refuses_bad_input(tmp_path: Path) -> None:
    source = tmp_path / "m.bpmn"
    source.write_bytes(bare(MIWG_DIR / "C.1.0.bpmn"))
    done = _cli("layout", str(source))
    assert done.returncode == 0 and semantic_part(done.stdout) == source.read_bytes()
    assert _cli("layout", str(source), "--check").returncode == 1
    target = tmp_path / "out.bpmn"
    done = _cli("layout", str(source), "-o", str(target))
    assert done.returncode == 0 and target.read_bytes() == _cli("layout", str(source)).stdout
    assert _cli("layout", str(target), "--check").returncode == 0
    broken = tmp_path / "broken.bpmn"
    broken.write_bytes(b"<definitions><process")
    done = _cli("layout", str(broken), "-o", str(tmp_path / "x.bpmn"))
    assert done.returncode == 2 and not (tmp_path / "x.bpmn").exists()
    assert done.stderr.decode().count("\n") == 1 and "broken.bpmn" in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_empty_model_is_left_as_it_is() -> None:
    text = (b'<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
            b'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">\n'
            b'</bpmn:definitions>\n')
    model = load_model_bytes(text, "empty.bpmn")
    assert write_di(model, layout_model(model)) == text


def test_a_diagram_mentioned_in_a_comment_is_refused_not_mangled() -> None:
    data = OUR_MODELS[0].read_bytes()
    data = data.replace(b"<bpmn:message ", b"<!-- <bpmndi:BPMNDiagram id=\"old\"> --><bpmn:message ", 1)
    model = load_model_bytes(data, "commented.bpmn")
    with pytest.raises(InputError, match="cannot find the model's BPMNDiagram"):
        write_di(model, layout_model(model))


@pytest.mark.parametrize("path", [OUR_MODELS[0], OUR_MODELS[1], MIWG_DIR / "C.1.0.bpmn"], ids=lambda p: p.stem)
def test_message_flows_cross_in_the_gaps_between_pools(path: Path) -> None:
    """A message flow runs across between two pools, not along the inside of a lane
    (home-education-sc had one running ~2,000 px inside a lane)."""
    model = load_model_bytes(laid_out(path), str(path))
    pools = [model.shapes[p].bounds for p in model.participants]
    for flow_id in model.message_flows:
        points = model.edges[flow_id].waypoints
        for a, b in zip(points, points[1:]):
            if a[1] == b[1] and a[0] != b[0]:
                assert not any(p.y < a[1] < p.y + p.height for p in pools), f"{flow_id} runs inside a pool"


def test_cli_json_is_the_common_envelope(tmp_path: Path) -> None:
    import json

    done = _cli("layout", str(OUR_MODELS[0]), "--check", "--format", "json")
    envelope = json.loads(done.stdout)
    assert envelope["command"] == "layout" and envelope["exit_code"] == done.returncode == 0
    assert envelope["results"]["checked"][0]["current"] is True
    done = _cli("layout", str(tmp_path / "missing.bpmn"), "--format", "json")
    envelope = json.loads(done.stdout)
    assert done.returncode == 2 and envelope["exit_code"] == 2
    assert envelope["input_errors"][0]["message"] == "no such file"
