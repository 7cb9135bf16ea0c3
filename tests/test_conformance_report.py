"""What the conformance report says: a path walk cut short (RC203), a lane named after no actor
(RC302), and a missing side printed as a dash, never None."""

from __future__ import annotations

import pytest
from conftest import ACT_TEXT, SOCIAL_ASSISTANCE

from toolkit.text import load_act

# -- a path walk cut short is said ---------------------------------------------

def test_truncated_path_walk_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.paths
    from toolkit.conformance import CODES, check_model
    from toolkit.model import load_model

    act = load_act(ACT_TEXT)
    assert not any(f.code == "RC203" for f in check_model(load_model(SOCIAL_ASSISTANCE), act).findings)
    monkeypatch.setattr(toolkit.paths, "MAX_PATHS", 1)
    report = check_model(load_model(SOCIAL_ASSISTANCE), act)
    found = [f for f in report.findings if f.code == "RC203"]
    assert {f.clause for f in found} == {"5.1", "7.1"}
    assert all(f.severity == "warning" and f.hint and f.element_id for f in found)
    assert CODES["RC203"].severity == "warning"
    assert "first 1 paths" in found[0].message


# -- a lane renamed to no actor at all -----------------------------------------------

def test_lane_named_no_actor_is_rc302() -> None:
    from toolkit.conformance import check_model
    from toolkit.model import load_model_bytes

    data = SOCIAL_ASSISTANCE.read_text(encoding="utf-8")
    old = 'name="көрсетілетін қызметті берушінің басшысы"'
    assert old in data
    model = load_model_bytes(data.replace(old, 'name="директор"', 1).encode("utf-8"), str(SOCIAL_ASSISTANCE))
    report = check_model(model, load_act(ACT_TEXT))
    [finding] = [f for f in report.findings if f.code == "RC302"]
    assert finding.element_id == "head" and finding.expected == "басшы" and finding.found == "директор"


# -- a None side prints as a dash --------------------------------------------------

def test_none_side_prints_a_dash_not_none() -> None:
    from toolkit.findings import Finding

    text = Finding("RC001", "no regulation", expected="1) «…»", found=None).format_text()
    assert "found:    —" in text and "None" not in text
    assert Finding("RC002", "x", expected=None, found="y").to_dict()["expected"] is None
