"""``reglament render`` writes all or nothing: input errors before any write, atomic files, one-line errors."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BPMN_DIR, FIXTURES, MIWG_DIR

from toolkit.cli import main
from toolkit.model import load_model
from toolkit.render import RenderError, build_scene, render
from toolkit.render import output as output_module

SYNTHETIC = FIXTURES / "render" / "synthetic.bpmn"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_an_unreadable_model_stops_the_run_before_anything_is_written(tmp_path: Path):
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<not-bpmn/>", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("render", str(SYNTHETIC), str(broken), "-o", str(out), "--format", "svg")
    assert result.exit_code == 2 and "not a BPMN" in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_an_output_that_is_a_file_is_one_line_exit_2(tmp_path: Path):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = invoke("render", str(SYNTHETIC), "-o", str(target / "sub"), "--format", "svg")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert re.fullmatch(rf"reglament: error: {re.escape(str(target / 'sub'))}: cannot write: .+\n", result.output)


def test_a_failed_write_leaves_the_dot_stale_and_no_temp_files(tmp_path: Path, monkeypatch):
    assert invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--format", "svg", "--format", "png").exit_code == 0
    dot = tmp_path / "synthetic.dot"
    dot.write_text("stale", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(".png"):
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(output_module.os, "replace", failing_replace)
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--format", "svg", "--format", "png")
    assert result.exit_code == 2
    assert f"reglament: error: {tmp_path / 'synthetic.png'}: cannot write: Permission denied" in result.output
    assert "Traceback" not in result.output
    assert dot.read_text(encoding="utf-8") == "stale"  # the .dot goes last: --check still calls it stale
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic.dot", "synthetic.png", "synthetic.svg"]
    monkeypatch.undo()
    assert invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--check").exit_code == 1


def test_an_existing_directory_in_the_way_stops_before_any_write(tmp_path: Path):
    (tmp_path / "synthetic.png").mkdir()
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path))
    assert result.exit_code == 2 and "synthetic.png: cannot write" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic.png"]


def test_files_are_replaced_atomically_and_keep_their_mode(tmp_path: Path):
    path = tmp_path / "a.svg"
    path.write_bytes(b"old")
    path.chmod(0o640)
    assert output_module.write_files(tmp_path, {"a.svg": b"new", "a.dot": b"dot"}) == [path, tmp_path / "a.dot"]
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.dot", "a.svg"]


def test_a_missing_sequence_flow_still_renders(tmp_path: Path):
    text = (BPMN_DIR / "home-education-sc.bpmn").read_text(encoding="utf-8")
    text = re.sub(r'\s*<bpmn:sequenceFlow id="check_person_data_to_check_power_of_attorney"[^>]*/>', "", text)
    text = re.sub(r'\s*<bpmndi:BPMNEdge id="check_person_data_to_check_power_of_attorney_di".*?</bpmndi:BPMNEdge>',
                  "", text, flags=re.S)
    assert "check_person_data_to_check_power_of_attorney\"" not in text.split("<bpmndi:")[0].split("outgoing")[0]
    model = tmp_path / "dangling.bpmn"
    model.write_text(text, encoding="utf-8")
    result = invoke("render", str(model), "-o", str(tmp_path / "out"), "--format", "svg")
    assert result.exit_code == 0, result.output


def test_the_ranking_pass_does_not_route_splines():
    seen: list[str] = []

    def fake_pipe(engine, fmt, data, **kwargs):
        seen.append(data)
        return b""

    from toolkit.render import graphviz_run

    original = graphviz_run._pipe
    graphviz_run._pipe = fake_pipe
    try:
        output_module.run_dot_json('digraph "x" {\n  graph [rankdir=LR];\n}\n')
    finally:
        graphviz_run._pipe = original
    assert "graph [splines=false rankdir=LR]" in seen[0]


def test_a_graphviz_failure_names_the_model():
    def failing(_text: str) -> bytes:
        raise output_module.GraphvizError("Graphviz dot failed: Error: lost a b edge")

    with pytest.raises(RenderError) as info:
        render(load_model(SYNTHETIC), runner=failing)
    assert str(info.value) == f"{load_model(SYNTHETIC).source}: Graphviz dot failed: Error: lost a b edge"


def test_two_models_with_the_same_output_name_exit_2_naming_both(tmp_path: Path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SYNTHETIC, tmp_path / folder / "x.bpmn")
    a, b = tmp_path / "a" / "x.bpmn", tmp_path / "b" / "x.bpmn"
    result = invoke("render", str(a), str(b), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert str(a) in result.output and str(b) in result.output
    assert not (tmp_path / "out").exists()
    assert invoke("render", str(a), str(a), "-o", str(tmp_path / "out"), "--format", "svg").exit_code == 0


def test_the_cli_builds_each_scene_once(tmp_path: Path, monkeypatch):
    calls: list[str] = []
    real = output_module.build_scene

    def counting(model, options=None):
        calls.append(model.name)
        return real(model, options)

    monkeypatch.setattr(output_module, "build_scene", counting)
    monkeypatch.setattr("toolkit.render.build_scene", lambda *a, **k: pytest.fail("scene built twice"))
    monkeypatch.setattr(sys.modules["toolkit.render.layout"], "build_scene",
                        lambda *a, **k: pytest.fail("scene built twice"))
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--format", "svg")
    assert result.exit_code == 0, result.output
    assert calls == ["synthetic"]


@pytest.mark.parametrize(("name", "hidden"), [("C.8.1", 27), ("C.7.0", 2)])
def test_readme_numbers_of_data_associations_left_out(name: str, hidden: int):
    scene = build_scene(load_model(MIWG_DIR / f"{name}.bpmn"))
    assert len(scene.omitted) == hidden
    assert all("not shown in the model's own diagram" in reason for _, reason in scene.omitted)
