"""Our models as bpmn.io and Camunda Modeler see them, and our linter against the real bpmnlint.

Runs tests/js/lint.mjs (bpmnlint 11.15.0 on bpmn-moddle 10.3.1) through Node:

* each of our models imports without a warning and has no bpmnlint error;
* on every MIWG model and every lint fixture, our ``bpmnlint:recommended``
  findings equal the live bpmnlint's, import warnings included;
* the live bpmnlint still gives the stored MIWG oracle (the pins hold);
* our Python port of bpmn-moddle's type system equals bpmn-moddle's.

Skips, saying why, where ``node`` or ``npm ci --prefix tests/js`` is missing; in CI
set REGLAMENT_REQUIRE_NODE=1 to make that a failure instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, MIWG_DIR, OUR_MODELS

from toolkit.lint import LintConfig, lint_file
from toolkit.lint.moddle.metamodel import descriptor

JS = Path(__file__).resolve().parent / "js"
LINT_FIXTURES = sorted((FIXTURES / "lint").glob("*/*.bpmn"))
MIWG = sorted(MIWG_DIR.glob("*.bpmn"))
CATEGORY = {"error": "error", "warn": "warning"}


def _node() -> str:
    node = shutil.which("node")
    reason = None
    if node is None:
        reason = "node is not installed: the bpmnlint/bpmn-moddle cross-check needs Node.js 18+"
    elif not (JS / "node_modules" / "bpmnlint").is_dir() or not (JS / "node_modules" / "bpmn-moddle").is_dir():
        reason = "Node packages are missing: run `npm ci --prefix tests/js`"
    if reason:
        if os.environ.get("REGLAMENT_REQUIRE_NODE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return node  # type: ignore[return-value]


def _run(node: str, script: str, files: list[Path], tmp: Path) -> Any:
    args = [node, str(JS / script)]
    if files:
        listing = tmp / f"{script}.files"
        listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
        args += ["--files-from", str(listing)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def bpmnlint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = _node()
    models = [m for m in OUR_MODELS if m.exists()]
    return _run(node, "lint.mjs", models + MIWG + LINT_FIXTURES, tmp_path_factory.mktemp("node"))


def _message_key(message: str) -> str:
    """Import warnings: bpmn-moddle shows an element as the document wrote it, we by its namespace."""
    message = message.split(";")[0].split(" detected")[0]
    unparsable = re.match(r"unparsable content <([^>]*)>", message)
    if unparsable:
        return "unparsable " + unparsable.group(1).rstrip("/").split(":")[-1]
    return "unparsable text" if message.startswith("unparsable content") else message


def _ours(path: Path) -> tuple[Counter, Counter]:
    findings = lint_file(path, LintConfig(preset="bpmnlint:recommended"))
    reports = Counter((f.code, f.element_id or "", f.severity) for f in findings if f.code != "import")
    imports = Counter((f.element_id or "", _message_key(f.message)) for f in findings if f.code == "import")
    return reports, imports


def _theirs(entry: dict[str, Any]) -> tuple[Counter, Counter]:
    reports = Counter((r["rule"], r["id"] or "", CATEGORY.get(r["category"], r["category"])) for r in entry["reports"])
    imports = Counter((w["id"] or "", _message_key(w["message"])) for w in entry["importWarnings"]
                      if not w["message"].startswith("unsupported document encoding"))
    return reports, imports


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda p: p.name)
def test_our_model_imports_into_bpmn_moddle_without_warnings_and_has_no_bpmnlint_errors(
        bpmnlint: dict[str, Any], model: Path) -> None:
    if not model.exists():
        pytest.skip(f"{model.name} is not written yet")
    entry = bpmnlint[str(model)]
    assert "error" not in entry, entry.get("error")
    assert entry["importWarnings"] == []
    assert [r for r in entry["reports"] if r["category"] == "error"] == []


@pytest.mark.parametrize("path", MIWG + LINT_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_our_findings_equal_live_bpmnlint(bpmnlint: dict[str, Any], path: Path) -> None:
    entry = bpmnlint[str(path)]
    assert "error" not in entry, entry.get("error")
    assert _ours(path) == _theirs(entry)


def test_live_bpmnlint_still_gives_the_stored_miwg_oracle(bpmnlint: dict[str, Any]) -> None:
    oracle = json.loads((MIWG_DIR / "bpmnlint-recommended.expected.json").read_text(encoding="utf-8"))
    for path in MIWG:
        live = bpmnlint[str(path)]
        assert Counter(json.dumps(r, sort_keys=True) for r in live["reports"]) == \
            Counter(json.dumps(r, sort_keys=True) for r in oracle[path.name]["reports"]), path.name
        assert live["importWarnings"] == oracle[path.name]["importWarnings"], path.name


def test_the_python_metamodel_equals_bpmn_moddles(tmp_path: Path) -> None:
    theirs = _run(_node(), "metamodel.mjs", [], tmp_path)
    assert len(theirs) == 161
    for name, expected in theirs.items():
        ours = descriptor(name)
        assert list(ours.all_types) == expected["types"], name
        assert [[p.name, p.ns_name, p.type, p.is_many, p.is_reference, p.is_attr, p.is_body, p.is_id,
                 p.is_virtual, p.default] for p in ours.properties] == expected["properties"], name
        assert {k: p.ns_name for k, p in ours.by_name.items()} == expected["byName"], name
