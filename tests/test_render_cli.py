"""``reglament render``: files written, the report, --check, and a clear error without Graphviz."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import FIXTURES, MIWG_DIR

from toolkit.cli import main

runner = CliRunner()
SYNTHETIC = FIXTURES / "render" / "synthetic.bpmn"


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(main, list(args), env=env)


def test_render_writes_dot_svg_and_png_by_default(tmp_path: Path):
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic.dot", "synthetic.png", "synthetic.svg"]
    assert (tmp_path / "synthetic.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "synthetic.svg").read_bytes()
    assert "synthetic.svg" in result.output and "lanes" in result.output


def test_json_report_and_other_formats(tmp_path: Path):
    result = invoke("render", str(MIWG_DIR / "C.2.0.bpmn"), "-o", str(tmp_path), "--format", "pdf",
                    "--format", "json", "--lang", "en", "--clauses")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)["results"]
    entry = report["diagrams"][0]
    assert entry["files"] == [str(tmp_path / "C.2.0.en.dot"), str(tmp_path / "C.2.0.en.pdf")]
    assert entry["pools"] == 4 and entry["lanes"] == 2 and entry["lang"] == "en" and entry["clauses"] is True
    assert entry["flow_nodes"] == 29 and entry["omitted"] == []
    assert (tmp_path / "C.2.0.en.pdf").read_bytes()[:5] == b"%PDF-"


def test_default_renders_every_model_in_bpmn_into_diagrams(tmp_path: Path, monkeypatch):
    (tmp_path / "bpmn").mkdir()
    shutil.copy(SYNTHETIC, tmp_path / "bpmn" / "one.bpmn")
    shutil.copy(MIWG_DIR / "A.1.0.bpmn", tmp_path / "bpmn" / "two.bpmn")
    monkeypatch.chdir(tmp_path)
    result = invoke("render")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "diagrams").iterdir()) == [
        "one.dot", "one.png", "one.svg", "two.dot", "two.png", "two.svg"]


def test_check_says_which_diagrams_are_out_of_date(tmp_path: Path):
    assert invoke("render", str(SYNTHETIC), "-o", str(tmp_path)).exit_code == 0
    current = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--check")
    assert current.exit_code == 0 and "current" in current.output
    (tmp_path / "synthetic.png").unlink()
    missing = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--check")
    assert missing.exit_code == 1 and "missing" in missing.output and "synthetic.png" in missing.output
    dot = tmp_path / "synthetic.dot"
    dot.write_text(dot.read_text(encoding="utf-8").replace("құжаттар", "documents"), encoding="utf-8")
    stale = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--check", "--format", "json")
    assert stale.exit_code == 1
    report = json.loads(stale.output)["results"]
    assert report["stale"] == 1 and report["checked"][0]["reason"] == "the model changed"
    assert list(tmp_path.glob("*.png")) == []  # --check writes nothing


def test_check_needs_no_graphviz(tmp_path: Path):
    assert invoke("render", str(SYNTHETIC), "-o", str(tmp_path)).exit_code == 0
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path), "--check", env={"PATH": str(tmp_path)})
    assert result.exit_code == 0, result.output


def test_missing_graphviz_says_how_to_install_it(tmp_path: Path):
    result = invoke("render", str(SYNTHETIC), "-o", str(tmp_path / "out"), env={"PATH": str(tmp_path)})
    assert result.exit_code == 2
    assert "apt-get install graphviz" in result.output
    assert "Traceback" not in result.output


def test_input_errors_exit_2(tmp_path: Path):
    assert invoke("render", str(tmp_path / "nope.bpmn"), "-o", str(tmp_path)).exit_code == 2
    assert invoke("render", str(SYNTHETIC), "--lang", "de").exit_code == 2
    assert invoke("render", str(SYNTHETIC), "--format", "gif").exit_code == 2
    broken = tmp_path / "broken.bpmn"
    broken.write_text("<not-bpmn/>", encoding="utf-8")
    result = invoke("render", str(broken), "-o", str(tmp_path))
    assert result.exit_code == 2 and "not a BPMN" in result.output


def test_an_unknown_bpmn_element_is_reported_not_silently_dropped(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import main

    source = Path(__file__).parent / "fixtures" / "engine" / "two-ends.bpmn"
    odd = tmp_path / "odd.bpmn"
    odd.write_text(source.read_text(encoding="utf-8").replace(
        '<bpmn:userTask id="review"', '<bpmn:fooTask id="foo"/><bpmn:userTask id="review"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(odd), "-o", str(tmp_path / "out"), "--format", "svg",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "unknown BPMN element bpmn:fooTask is not drawn" in result.stderr
    report = json.loads(result.stdout)["results"]
    assert any("bpmn:fooTask" in o["reason"] for o in report["diagrams"][0]["omitted"])
