"""``layout --keep`` on diagrams with parts cut out: a lane, a pool, a whole pool, some steps.

A designer's diagram loses the DI of some elements (an edit in another tool, a
model merged by hand); ``--keep`` must add just those, so that the result is
still one a designer can work on: every shape the file had stays where it was,
every node is inside its lane, no new shape covers an old one, no new line runs
through a shape, and the real bpmn-moddle and bpmnlint (tests/js/lint.mjs) find
nothing the complete original did not have.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MIWG_DIR, OUR_MODELS
from test_lint_node import _node, _run

from toolkit.layout import layout_model, write_di
from toolkit.layout.quality import segment_through
from toolkit.layout.splice import semantic_part
from toolkit.model import load_model_bytes
from toolkit.model.elements import Bounds, Model
from toolkit.render import graphviz_available

pytestmark = pytest.mark.skipif(not graphviz_available(), reason="Graphviz (dot) is not installed")

#: Ours, and the MIWG references with pools and lanes (B.2.0: nested lanes; C.*: several pools).
INPUTS = list(OUR_MODELS) + [MIWG_DIR / f"{n}.bpmn" for n in ("A.4.0", "B.2.0", "C.1.0", "C.2.0", "C.3.0", "C.5.0")]


def drop_di(data: bytes, element_ids: set[str]) -> bytes:
    """The file without the BPMNShape/BPMNEdge of the given elements (any DI prefix)."""
    def cut(match: re.Match[bytes]) -> bytes:
        return b"" if match.group(3).decode() in element_ids else match.group(0)

    pattern = rb'\s*<(\w+:)?BPMN(Shape|Edge)\b[^>]*?bpmnElement="([^"]+)".*?</\1?BPMN\2>'
    return re.sub(pattern, cut, data, flags=re.S)


def _touching(model: Model, nodes: set[str]) -> set[str]:
    flows = [*model.sequence_flows.values(), *model.message_flows.values()]
    out = {f.id for f in flows if f.source in nodes or f.target in nodes}
    out |= {a.id for a in model.artifacts.values() if getattr(a, "source", None) in nodes
            or getattr(a, "target", None) in nodes}
    return out


def _lane_with_nodes(model: Model) -> str | None:
    return next((lane.id for lane in model.lanes.values() if lane.node_ids and lane.id in model.shapes
                 and not lane.child_lane_ids), None)


def _pool_with_nodes(model: Model) -> str | None:
    for participant in model.participants.values():
        process = model.processes.get(participant.process_ref or "")
        if process is not None and process.node_ids and participant.id in model.shapes:
            return participant.id
    return None


def cut_lane(model: Model) -> set[str]:
    lane = _lane_with_nodes(model)
    return {lane} if lane else set()


def cut_lane_and_steps(model: Model) -> set[str]:
    lane = _lane_with_nodes(model)
    if lane is None:
        return set()
    nodes = {n for n in model.lanes[lane].node_ids if n in model.nodes}
    nodes |= {n.id for n in model.nodes.values() if n.attached_to in nodes}
    return {lane} | nodes | _touching(model, nodes)


def cut_pool(model: Model) -> set[str]:
    pool = _pool_with_nodes(model)
    return {pool} if pool else set()


def cut_whole_pool(model: Model) -> set[str]:
    pool = _pool_with_nodes(model)
    if pool is None:
        return set()
    process = model.participants[pool].process_ref
    nodes = {n.id for n in model.nodes.values() if n.process_id == process}
    lanes = {lane.id for lane in model.lanes.values() if lane.process_id == process}
    arts = {a.id for a in model.artifacts.values() if a.id in model.shapes and _owner(model, a.id) == process}
    box = model.shapes[pool].bounds  # and every other shape drawn inside the pool (data objects, notes)
    arts |= {i for i, shape in model.shapes.items() if i != pool and shape.diagram_id == model.shapes[pool].diagram_id
             and i not in model.participants and _inside(shape.bounds, box)}
    return {pool} | nodes | lanes | arts | _touching(model, nodes | arts)


def _owner(model: Model, artifact_id: str) -> str | None:
    artifact = model.artifacts[artifact_id]
    for end in (getattr(artifact, "source", None), getattr(artifact, "target", None)):
        if end in model.nodes:
            return model.nodes[end].process_id
    return None


def cut_steps(model: Model) -> set[str]:
    steps = [n.id for n in model.nodes.values() if n.id in model.shapes and n.attached_to is None
             and n.kind not in ("subProcess", "adHocSubProcess", "transaction")]
    nodes = set(steps[1::3])
    nodes |= {n.id for n in model.nodes.values() if n.attached_to in nodes}
    return nodes | _touching(model, nodes)


CUTS: dict[str, Callable[[Model], set[str]]] = {
    "lane": cut_lane, "lane+steps": cut_lane_and_steps, "pool": cut_pool, "whole-pool": cut_whole_pool,
    "steps": cut_steps,
}
CASES = [(path, cut) for path in INPUTS for cut in CUTS]
_DONE: dict[tuple[Path, str], tuple[Model, Model, bytes, set[str]] | None] = {}


def kept(path: Path, cut: str) -> tuple[Model, Model, bytes, set[str]] | None:
    """(the cut model, the result, its bytes, what was cut), or None when the model has nothing to cut."""
    if (path, cut) not in _DONE:
        original = load_model_bytes(path.read_bytes(), str(path))
        dropped = CUTS[cut](original) & (set(original.shapes) | set(original.edges))
        result = None
        if dropped:
            data = drop_di(path.read_bytes(), dropped)
            model = load_model_bytes(data, str(path))
            assert not dropped & (set(model.shapes) | set(model.edges)), "the cut did not remove the DI"
            out = write_di(model, layout_model(model), keep=True)
            assert semantic_part(out) == semantic_part(data)
            result = (model, load_model_bytes(out, str(path)), out, dropped)
        _DONE[(path, cut)] = result
    return _DONE[(path, cut)]


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return (outer.x - 0.5 <= inner.x and inner.x + inner.width <= outer.x + outer.width + 0.5
            and outer.y - 0.5 <= inner.y and inner.y + inner.height <= outer.y + outer.height + 0.5)


def _overlap(a: Bounds, b: Bounds) -> bool:
    return (a.x < b.x + b.width - 0.5 and b.x < a.x + a.width - 0.5
            and a.y < b.y + b.height - 0.5 and b.y < a.y + a.height - 0.5)


def _family(model: Model, node_id: str) -> set[str]:
    """The node, what holds it (sub-processes, the host of a boundary event, an expanded call
    activity drawing the called process inside it: B.2.0) and what it holds."""
    out = {node_id}
    process = model.nodes[node_id].process_id if node_id in model.nodes else None
    out |= {n.id for n in model.nodes.values() if n.called_element and n.called_element == process}
    current = model.nodes.get(node_id)
    while current is not None:
        up = current.parent_id or current.attached_to
        if up is None or up in out:
            break
        out.add(up)
        current = model.nodes.get(up)
    out |= {n.id for n in model.nodes.values() if n.parent_id == node_id or n.attached_to == node_id}
    return out


def _check_lanes(after: Model, new_shapes: set[str]) -> None:
    """Every node inside its lane, where the node or the lane is new."""
    for node in after.nodes.values():
        if node.lane_id in after.shapes and node.id in after.shapes and node.attached_to is None \
                and (node.id in new_shapes or node.lane_id in new_shapes):
            assert _inside(after.shapes[node.id].bounds, after.shapes[node.lane_id].bounds), (node.id, node.lane_id)


def _check_clear(after: Model, new_shapes: set[str]) -> None:
    """A new pool covers no other pool; a new node no other node (in the same diagram: C.5.0 draws
    a sub-process in a second one)."""
    for new in new_shapes:
        bounds = after.shapes[new].bounds
        if new in after.participants:
            for other in after.participants:
                if other != new and other in after.shapes:
                    assert not _overlap(bounds, after.shapes[other].bounds), (new, other)
        if new not in after.nodes or after.nodes[new].attached_to is not None:
            continue
        family = _family(after, new)
        for other in after.nodes:
            if other in after.shapes and other not in family \
                    and after.shapes[other].diagram_id == after.shapes[new].diagram_id:
                assert not _overlap(bounds, after.shapes[other].bounds), (new, other)


def _check_lines(after: Model, new_edges: set[str]) -> None:
    """No new sequence or message flow through a shape."""
    for edge_id in new_edges:
        edge = after.edges[edge_id]
        flow = after.sequence_flows.get(edge_id) or after.message_flows.get(edge_id)
        if flow is None:
            continue
        spared = _family(after, flow.source or "") | _family(after, flow.target or "")
        pts = edge.waypoints
        for shape_id, shape in after.shapes.items():
            if shape_id in after.nodes and shape_id not in spared and shape.diagram_id == edge.diagram_id:
                assert not any(segment_through(a, b, shape.bounds) for a, b in zip(pts, pts[1:])), (edge_id, shape_id)


@pytest.mark.parametrize(("path", "cut"), CASES, ids=[f"{p.stem}-{c}" for p, c in CASES])
def test_keep_adds_the_cut_parts_lane_correct_clear_of_the_rest(path: Path, cut: str) -> None:
    done = kept(path, cut)
    if done is None:
        pytest.skip(f"{path.name} has no {cut} to cut")
    model, after, _, dropped = done
    for shape_id, shape in model.shapes.items():  # the designer's shapes stay where they were
        assert after.shapes[shape_id].bounds == shape.bounds, shape_id
    drawn = {i for i in dropped if i in model.nodes or i in model.lanes or i in model.participants
             or i in model.sequence_flows or i in model.message_flows}
    assert drawn <= set(after.shapes) | set(after.edges), drawn - set(after.shapes) - set(after.edges)
    new_shapes = {i for i in dropped if i in after.shapes}
    _check_lanes(after, new_shapes)
    _check_clear(after, new_shapes)
    _check_lines(after, dropped & set(after.edges))


def test_kept_diagrams_import_cleanly_and_pass_bpmnlint(tmp_path: Path) -> None:
    node = _node()
    files: list[tuple[str, Path, Path, Path]] = []
    for path, cut in CASES:
        done = kept(path, cut)
        if done is None:
            continue
        out, given = tmp_path / f"{path.stem}.{cut}.bpmn", tmp_path / f"{path.stem}.{cut}.in.bpmn"
        out.write_bytes(done[2])
        given.write_bytes(done[0].xml)
        files.append((f"{path.stem} {cut}", out, given, path))
    assert len(files) >= 20
    originals = sorted({f[3] for f in files})
    result = _run(node, "lint.mjs", [f[1] for f in files] + [f[2] for f in files] + originals, tmp_path)

    def bad(report: dict) -> list[str]:
        return sorted(f"{r['rule']} {r.get('id')}" for r in report["reports"]
                      if r["rule"] in ("no-overlapping-elements", "no-bpmndi"))

    for name, out, given, original in files:
        got, before = result[str(out)], result[str(original)]
        assert "error" not in got, (name, got)
        # No import warning the cut input did not have (cutting a shape leaves edges naming it).
        assert got["importWarnings"] == result[str(given)]["importWarnings"], name
        assert set(bad(got)) <= set(bad(before)), name  # (keep may draw what the original left out)
