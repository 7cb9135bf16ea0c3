"""diagrams/ is current: every committed diagram was drawn from its model as it is now.

The comparison is on ``diagrams/NAME.dot``, written by ``reglament render``
beside NAME.svg and NAME.png: for a model drawn from its own diagram (ours are)
the pinned picture, every position the file's; else the DOT the model is laid out
from. Both are pure, so they do not depend on the Graphviz version or the fonts
(the pixels would). When this fails, run
``reglament render`` and commit diagrams/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BPMN_DIR, ROOT
from lxml import etree

from toolkit.model import load_model
from toolkit.render.output import expected_record

DIAGRAMS = ROOT / "diagrams"
MODELS = sorted(BPMN_DIR.glob("*.bpmn"))
FIX = "run `reglament render` and commit diagrams/"


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.stem)
def test_committed_diagram_is_current(model_path: Path):
    dot_path = DIAGRAMS / f"{model_path.stem}.dot"
    assert dot_path.exists(), f"{dot_path.relative_to(ROOT)} is missing: {FIX}"
    expected = expected_record(load_model(model_path))
    assert dot_path.read_text(encoding="utf-8") == expected, (
        f"{dot_path.relative_to(ROOT)} is out of date with {model_path.relative_to(ROOT)}: {FIX}")


@pytest.mark.parametrize("model_path", MODELS, ids=lambda p: p.stem)
def test_images_are_there_and_draw_the_same_elements(model_path: Path):
    svg_path = DIAGRAMS / f"{model_path.stem}.svg"
    png_path = DIAGRAMS / f"{model_path.stem}.png"
    assert svg_path.exists() and png_path.exists(), f"images of {model_path.name} are missing: {FIX}"
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dot_ids = set(re.findall(r'\bid="([^"]+)"', (DIAGRAMS / f"{model_path.stem}.dot").read_text(encoding="utf-8")))
    svg_ids = {g.get("id") for g in etree.parse(str(svg_path)).iter("{http://www.w3.org/2000/svg}g")}
    missing = {i for i in dot_ids - svg_ids if not i.endswith(".body")}
    assert missing == set(), f"{svg_path.name} was not drawn from the current DOT: {FIX}"


def test_no_diagram_without_a_model():
    stems = {p.stem for p in MODELS}
    for dot_path in DIAGRAMS.glob("*.dot"):
        stem = dot_path.name.split(".")[0]
        assert stem in stems, f"{dot_path.name} has no model in bpmn/: delete it"
