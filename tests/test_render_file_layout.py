"""render honours the designer: the model's own diagram drawn as it is; notation fixes; the spatial index.

What a reader of the picture would notice: shapes where the Modeler put them,
several diagrams side by side rather than on top of each other, pool names that
fit, the default-flow slash, the send task's icon in its corner, a data state
said once — and a grid that finds exactly what a full scan finds.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MIWG_DIR, OUR_MODELS

from toolkit.cli import main
from toolkit.layout.splice import semantic_part
from toolkit.model import load_model, load_model_bytes
from toolkit.render import RenderOptions, build_scene, graphviz_available
from toolkit.render.file_layout import file_geometry, is_complete, widen_headers
from toolkit.render.geometry import Rect
from toolkit.render.output import choose_layout, expected_record
from toolkit.render.spatial import Grid

needs_dot = pytest.mark.skipif(not graphviz_available(), reason="Graphviz (dot) is not installed")


def test_file_layout_keeps_the_designers_positions() -> None:
    model = load_model(OUR_MODELS[1])
    scene = build_scene(model)
    geometry = file_geometry(model, scene)
    nodes = [n for n in model.nodes if n in geometry.nodes]
    a, b = nodes[0], nodes[-1]
    file_dx = model.shapes[b].bounds.x - model.shapes[a].bounds.x
    file_dy = model.shapes[b].bounds.y - model.shapes[a].bounds.y
    assert geometry.nodes[b].rect.x - geometry.nodes[a].rect.x == pytest.approx(file_dx)
    assert geometry.nodes[b].rect.y - geometry.nodes[a].rect.y == pytest.approx(file_dy)
    assert geometry.nodes[a].rect.w == model.shapes[a].bounds.width


def test_several_diagrams_are_stacked_not_merged() -> None:
    """MIWG C.4.0 draws each process in a diagram of its own, all at the same coordinates."""
    model = load_model(MIWG_DIR / "C.4.0.bpmn")
    assert len({s.diagram_id for s in model.shapes.values()}) > 1
    scene = build_scene(model)
    geometry = file_geometry(model, scene)
    rects = [n.rect for n in geometry.nodes.values() if n.category != "group"]
    overlapping = [(i, j) for i in range(len(rects)) for j in range(i + 1, len(rects))
                   if rects[i].intersects(rects[j])]
    assert overlapping == []


def test_headers_grow_for_names_written_across() -> None:
    model = load_model(MIWG_DIR / "C.1.0.bpmn")
    scene = build_scene(model)
    narrow = file_geometry(model, scene)
    wide = widen_headers(scene, narrow)
    for band_id, band in wide.bands.items():
        box = scene.boxes[band_id]
        if band.header is not None and box.title and band.header.h >= band.rect.h - 0.5:
            assert band.header.w >= box.title.width
    order = sorted(narrow.nodes, key=lambda n: (narrow.nodes[n].rect.x, n))
    assert order == sorted(wide.nodes, key=lambda n: (wide.nodes[n].rect.x, n))  # left to right kept
    for node_id, node in wide.nodes.items():
        assert node.rect.y == narrow.nodes[node_id].rect.y


def test_default_is_file_when_the_diagram_is_complete_else_auto() -> None:
    model = load_model(OUR_MODELS[0])
    assert is_complete(model, build_scene(model))
    assert choose_layout(model)[0] == "file"
    bare = load_model_bytes(semantic_part(OUR_MODELS[0].read_bytes()), "bare.bpmn")
    assert choose_layout(bare)[0] == "auto"
    assert choose_layout(model, layout_mode="auto")[0] == "auto"


def test_file_layout_without_a_diagram_is_one_clear_error(tmp_path: Path) -> None:
    bare = tmp_path / "bare.bpmn"
    bare.write_bytes(semantic_part(OUR_MODELS[0].read_bytes()))
    result = CliRunner().invoke(main, ["render", str(bare), "--layout", "file", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no diagram" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_default_flow_slash_and_send_task_icon() -> None:
    model = load_model(MIWG_DIR / "C.8.0.bpmn")
    record = expected_record(model, layout_mode="file")
    defaults = [f.id for f in model.sequence_flows.values() if f.is_default]
    assert defaults
    for flow_id in defaults:
        assert f'id="{flow_id}.slash" class="slash"' in record
        line = next(ln for ln in record.splitlines() if f'[id="{flow_id}"' in ln)
        assert "arrowtail=tee" not in line.replace('"', "")
    send = next(n for n in model.nodes.values() if n.kind == "sendTask")
    label = next(ln for ln in record.splitlines() if ln.startswith(f'  "{send.id}" ['))
    assert "<TABLE ALIGN" not in label  # the icon is a corner cell, not a centred nested table
    assert 'COLSPAN="2"' in label


def test_a_data_state_is_said_once() -> None:
    model = load_model(MIWG_DIR / "C.5.0.bpmn")
    scene = build_scene(model, RenderOptions())
    texts = [item.external.plain.replace("\n", " ") for item in scene.items.values() if item.external]
    assert any("[for analysis]" in t for t in texts)
    assert not any(t.count("[for analysis]") > 1 for t in texts)


@needs_dot
def test_render_cli_reports_the_layout_it_used(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(OUR_MODELS[0]), "-o", str(tmp_path), "--format", "svg"])
    assert result.exit_code == 0, result.output
    assert "(file layout," in result.output
    dot = (tmp_path / f"{OUR_MODELS[0].stem}.dot").read_text(encoding="utf-8")
    assert re.search(r'pos="[0-9.]+,[0-9.]+!"', dot)  # the pinned picture: positions are the file's


def test_grid_finds_what_a_full_scan_finds() -> None:
    rng = random.Random(7)
    grid: Grid[int] = Grid(cell=50)
    rects = []
    for i in range(300):
        x, y = rng.uniform(-500, 2000), rng.uniform(-500, 2000)
        r = Rect(x, y, rng.uniform(0, 300), rng.uniform(0, 80))
        rects.append(r)
        grid.add_rect(i, r)
    for _ in range(200):
        q = Rect(rng.uniform(-600, 2100), rng.uniform(-600, 2100), rng.uniform(0, 900), rng.uniform(0, 400))
        expected = [i for i, r in enumerate(rects)
                    if r.x <= q.right and q.x <= r.right and r.y <= q.bottom and q.y <= r.bottom]
        assert grid.near_rect(q) == expected
