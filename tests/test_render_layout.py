"""The swimlane layout: bands as wide as the picture, every node in its lane, lines around shapes.

The placement step is pure (:func:`compute_layout` takes the scene and dot's
ranking), so part of this runs on a stored ranking without Graphviz; the rest
lays out real models with ``dot`` and checks the same invariants.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES, MIWG_DIR, OUR_MODELS

from toolkit.model import load_model
from toolkit.render import (
    Geometry,
    Ranking,
    Rect,
    Scene,
    build_scene,
    compute_layout,
    layout,
    pinned_dot,
)
from toolkit.render.routing import _seg_hits_rect, _segments

SYNTHETIC = FIXTURES / "render" / "synthetic.bpmn"
RANKING = FIXTURES / "render" / "synthetic.ranking.json"
LOOKED_AT = [SYNTHETIC, *(MIWG_DIR / f"{n}.bpmn" for n in ("A.4.0", "A.4.1", "C.2.0", "C.9.0", "C.9.1", "C.6.0"))]
ALL_MIWG = sorted(MIWG_DIR.glob("*.bpmn"))
TOL = 0.6


@cache
def laid_out(path: Path) -> tuple[Scene, Geometry]:
    scene = build_scene(load_model(path))
    return scene, layout(scene)


def ancestors(scene: Scene, element_id: str) -> set[str]:
    out: set[str] = set()
    current = scene.container_of(element_id)
    while current is not None:
        out.add(current)
        current = scene.container_of(current)
    item = scene.items.get(element_id)
    if item is not None and item.host is not None:
        out |= {item.host} | ancestors(scene, item.host)
    return out


def inside(inner: Rect, outer: Rect) -> bool:
    return (inner.x >= outer.x - TOL and inner.y >= outer.y - TOL and inner.right <= outer.right + TOL
            and inner.bottom <= outer.bottom + TOL)


def on_border(p: tuple[float, float], r: Rect) -> bool:
    near_x = r.x - TOL <= p[0] <= r.right + TOL
    near_y = r.y - TOL <= p[1] <= r.bottom + TOL
    return near_x and near_y and (abs(p[0] - r.x) < TOL or abs(p[0] - r.right) < TOL
                                  or abs(p[1] - r.y) < TOL or abs(p[1] - r.bottom) < TOL)


def check_bands(scene: Scene, g: Geometry) -> None:
    """Each pool a band as wide as the picture, lanes stacked inside it, one column of headers."""
    for region in scene.regions:
        band = g.bands[region]
        assert band.rect.x == pytest.approx(0) and band.rect.right == pytest.approx(g.width)
    content_starts = set()
    for band_id, band in g.bands.items():
        assert band.rect.right == pytest.approx(g.width), f"{band_id} is not full width"
        box = scene.boxes[band_id]
        lanes = [m for m in box.members if m in scene.boxes and scene.boxes[m].category == "lane"]
        if lanes:
            rects = [g.bands[lane].rect for lane in lanes]
            assert all(inside(r, band.rect) for r in rects)
            assert rects[0].y == pytest.approx(band.rect.y)
            assert rects[-1].bottom == pytest.approx(band.rect.bottom)
            for upper, lower in zip(rects, rects[1:]):
                assert upper.bottom == pytest.approx(lower.y)  # stacked, no gaps, no overlaps
        elif band.header is not None:
            content_starts.add(round(band.header.right, 2))
    assert len(content_starts) <= 1, "lanes' content must start at one x: a table of lanes"


def check_nodes(scene: Scene, g: Geometry) -> None:
    for item in scene.items.values():
        node = g.nodes[item.id]
        if item.host is not None:
            host = g.nodes[item.host].rect if item.host in g.nodes else g.boxes[item.host].rect
            assert node.rect.cy == pytest.approx(host.bottom), "boundary events sit on the lower edge"
            assert host.x <= node.rect.cx <= host.right
            continue
        if item.category == "group":
            continue
        container = item.container
        if container in g.boxes:
            assert inside(node.rect, g.boxes[container].rect), f"{item.id} outside its sub-process"
        else:
            band = g.bands[container]
            content = band.rect if band.header is None else Rect(band.header.right, band.rect.y,
                                                                 band.rect.right - band.header.right, band.rect.h)
            assert inside(node.rect, content), f"{item.id} outside its lane {container}"
    for box_id, box in g.boxes.items():
        parent = scene.boxes[box_id].parent
        outer = g.boxes[parent].rect if parent in g.boxes else g.bands[parent].rect
        assert inside(box.rect, outer)
    shapes = [(k, n.rect) for k, n in g.nodes.items()
              if n.category != "group" and scene.items[k].host is None]
    for i, (a, ra) in enumerate(shapes):
        for b, rb in shapes[i + 1:]:
            assert not ra.intersects(rb), f"{a} and {b} overlap"


def check_lines(scene: Scene, g: Geometry, strict: bool = True) -> None:
    shapes = {k: n.rect for k, n in g.nodes.items() if n.category != "group"}
    hits = []
    for link in scene.links:
        edge = g.edges[link.id]
        assert len(edge.points) >= 2
        if link.kind in ("sequenceFlow", "messageFlow"):
            for a, b in _segments(edge.points):
                assert a[0] == b[0] or a[1] == b[1], f"{link.id} is not orthogonal"
            for end, point in ((link.source, edge.points[0]), (link.target, edge.points[-1])):
                rect = g.shape(end)
                assert rect is not None and on_border(point, rect), f"{link.id} does not meet {end}"
        skip = {link.source, link.target} | ancestors(scene, link.source) | ancestors(scene, link.target)
        for a, b in _segments(edge.points):
            for other, rect in list(shapes.items()) + [(k, v.rect) for k, v in g.boxes.items()]:
                if other not in skip and _seg_hits_rect(a, b, rect.inflate(-1)):
                    hits.append((link.id, other))
    if strict:
        assert hits == [], "lines run through shapes"


def check_labels(scene: Scene, g: Geometry, strict: bool = True) -> None:
    shapes = {k: n.rect for k, n in g.nodes.items() if n.category != "group"}
    labels = [(k, n.label) for k, n in g.nodes.items() if n.label is not None and n.category != "group"]
    labels += [(k, e.label) for k, e in g.edges.items() if e.label is not None]
    for key, label in labels:
        for other, rect in shapes.items():
            assert other == key or not label.intersects(rect), f"label of {key} covers {other}"
    if strict:
        for key, label in labels:
            for edge in g.edges.values():
                for a, b in _segments(edge.points):
                    assert not _seg_hits_rect(a, b, label.inflate(-0.5)), f"label of {key} on {edge.id}"
    for item in scene.items.values():
        if item.external and item.category != "group":
            assert g.nodes[item.id].label is not None
    for link in scene.links:
        if link.text:
            assert g.edges[link.id].label is not None


# -- pure: a stored ranking, no Graphviz ----------------------------------------------

def stored_ranking() -> Ranking:
    return Ranking.from_json(RANKING.read_text(encoding="utf-8"))


def test_placement_is_pure_and_deterministic(monkeypatch):
    monkeypatch.setenv("PATH", "")
    scene = build_scene(load_model(SYNTHETIC))
    first = compute_layout(scene, stored_ranking())
    second = compute_layout(build_scene(load_model(SYNTHETIC)), stored_ranking())
    assert first == second
    assert json.dumps(first.to_dict(), sort_keys=True) == json.dumps(second.to_dict(), sort_keys=True)
    via_runner = layout(scene, runner=lambda _dot: RANKING.read_bytes())
    assert via_runner == first


def test_placement_invariants_on_the_stored_ranking():
    scene = build_scene(load_model(SYNTHETIC))
    g = compute_layout(scene, stored_ranking())
    check_bands(scene, g)
    check_nodes(scene, g)
    check_lines(scene, g)
    check_labels(scene, g)


def test_geometry_is_keyed_by_bpmn_id_for_bpmndi():
    model = load_model(SYNTHETIC)
    scene = build_scene(model)
    g = compute_layout(scene, stored_ranking())
    assert set(model.nodes) <= set(g.nodes) | set(g.boxes)
    assert set(model.lanes) | set(model.participants) <= set(g.bands)
    assert set(model.sequence_flows) | set(model.message_flows) <= set(g.edges)
    assert g.shape("review") == g.boxes["review"].rect
    data = g.to_dict()
    assert data["edges"]["f1"]["source"] == "start" and len(data["edges"]["f1"]["points"]) >= 2


def test_chains_sit_on_one_line_and_lanes_follow_the_model():
    scene = build_scene(load_model(SYNTHETIC))
    g = compute_layout(scene, stored_ranking())
    # start -> accept: same row, one straight segment
    assert g.nodes["start"].rect.cy == pytest.approx(g.nodes["accept"].rect.cy)
    assert len(g.edges["f1"].points) == 2
    # lanes top to bottom in document order, nested lanes inside their parent
    ys = [g.bands[lane].rect.y for lane in ("office", "head", "executor")]
    assert ys == sorted(ys)
    assert inside(g.bands["head"].rect, g.bands["management"].rect)
    # the two flows between the same pair of shapes do not hide each other
    assert g.edges["flow_complete"].points != g.edges["flow_incomplete"].points


def test_pinned_dot_places_everything():
    scene = build_scene(load_model(SYNTHETIC))
    g = compute_layout(scene, stored_ranking())
    text = pinned_dot(scene, g)
    for item in scene.items:
        assert f'"{item}" [id="{item}"' in text
    assert text.count('pos="') >= len(scene.items) + len(scene.links)
    assert 'bb="' in text and "outputorder=edgesfirst" in text


# -- with Graphviz ----------------------------------------------------------------

@pytest.mark.parametrize("path", LOOKED_AT + [p for p in OUR_MODELS if p.exists()], ids=lambda p: p.stem)
def test_layout_invariants(path):
    scene, g = laid_out(path)
    check_bands(scene, g)
    check_nodes(scene, g)
    check_lines(scene, g)
    check_labels(scene, g)


@pytest.mark.parametrize("path", ALL_MIWG, ids=lambda p: p.stem)
def test_layout_invariants_on_every_miwg_model(path):
    scene, g = laid_out(path)
    check_bands(scene, g)
    check_nodes(scene, g)
    # The densest reference models may keep a line over a frame or a label on a line; never a label
    # over a shape, never a node outside its lane.
    check_lines(scene, g, strict=path.stem not in ("B.2.0",))
    check_labels(scene, g, strict=False)
