"""Our three models lint clean under our own linter: every rule, DI overlaps included."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import OUR_MODELS

from toolkit.lint import lint_file, load_config


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda p: p.name)
def test_our_model_lints_clean(model: Path) -> None:
    if not model.exists():
        pytest.skip(f"{model.name} is not written yet")
    findings = lint_file(model, load_config())
    assert [f.format_text() for f in findings] == []


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda p: p.name)
def test_our_model_is_a_regulation_model(model: Path) -> None:
    """The regulation rules apply to our models only if they say which regulation they restate."""
    if not model.exists():
        pytest.skip(f"{model.name} is not written yet")
    from toolkit.model import load_model

    assert load_model(model).regulation is not None
