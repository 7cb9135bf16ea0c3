"""On the 21 MIWG reference models our findings equal bpmnlint 11.15's (rule, element, severity).

The oracle is tests/fixtures/miwg/bpmnlint-recommended.expected.json. We run the
``bpmnlint:recommended`` preset (bpmnlint's 26 rules and bpmn-moddle's import
warnings); bpmnlint's "unsupported document encoding" warnings are the one
deliberate difference: we honour the declared ISO-8859-1 instead.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import MIWG_DIR

from toolkit.lint import LintConfig, lint_file

ORACLE = json.loads((MIWG_DIR / "bpmnlint-recommended.expected.json").read_text(encoding="utf-8"))
SEVERITY = {"error": "error", "warn": "warning"}
ENCODING_WARNING = "unsupported document encoding"


def expected(name: str) -> Counter:
    entry = ORACLE[name]
    reports = [(r["rule"], r["id"] or None, SEVERITY[r["category"]]) for r in entry["reports"]]
    imports = [("import", w["id"] or None, "error") for w in entry["importWarnings"]
               if not w["message"].startswith(ENCODING_WARNING)]
    return Counter(reports + imports)


def test_oracle_covers_all_21_models() -> None:
    assert sorted(ORACLE) == sorted(p.name for p in MIWG_DIR.glob("*.bpmn"))
    assert len(ORACLE) == 21


@pytest.mark.parametrize("name", sorted(ORACLE))
def test_findings_equal_bpmnlint_recommended(name: str) -> None:
    findings = lint_file(MIWG_DIR / name, LintConfig(preset="bpmnlint:recommended"))
    assert Counter((f.code, f.element_id, f.severity) for f in findings) == expected(name)


@pytest.mark.parametrize("name", sorted(ORACLE))
def test_messages_equal_bpmnlint_messages(name: str) -> None:
    findings = lint_file(MIWG_DIR / name, LintConfig(preset="bpmnlint:recommended"))
    ours = Counter((f.code, f.element_id, f.message) for f in findings if f.code != "import")
    theirs = Counter((r["rule"], r["id"] or None, r["message"]) for r in ORACLE[name]["reports"])
    assert ours == theirs


def test_iso_8859_1_models_are_read_in_their_declared_encoding() -> None:
    names = [n for n, e in ORACLE.items() if any(w["message"].startswith(ENCODING_WARNING) for w in e["importWarnings"])]
    assert len(names) == 6
    for name in names:
        findings = lint_file(MIWG_DIR / name, LintConfig(preset="bpmnlint:recommended"))
        assert not [f for f in findings if "encoding" in f.message]


def test_every_finding_has_a_line_in_its_file() -> None:
    for name in ORACLE:
        for finding in lint_file(MIWG_DIR / name):
            assert finding.line and finding.source.endswith(name)
