"""Shared fixtures: paths to the bundled models, the act's text and MIWG files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Speed is measured in benchmarks/, never asserted in tests: no per-example deadlines.
settings.register_profile("reglament", deadline=None)
settings.load_profile("reglament")

ROOT = Path(__file__).resolve().parent.parent
BPMN_DIR = ROOT / "bpmn"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIWG_DIR = FIXTURES / "miwg"
ACT_TEXT = BPMN_DIR / "resolution-38-08-2017.kk.txt"

SOCIAL_ASSISTANCE = BPMN_DIR / "social-assistance.bpmn"
HOME_EDUCATION = BPMN_DIR / "home-education-sc.bpmn"
APPENDIX_1 = BPMN_DIR / "home-education-sc-appendix-1.bpmn"
OUR_MODELS = (SOCIAL_ASSISTANCE, HOME_EDUCATION, APPENDIX_1)


#: Long campaigns: property-based tests (hypothesis), the mutation campaign, the fuzzer and the
#: cross-checks against the real bpmnlint and bpmn-moddle in Node. They carry the ``slow`` marker,
#: so ``pytest -m "not slow"`` is the inner loop; CI (.ci/run) runs everything.
SLOW_MODULES = frozenset({"test_conformance_mutations", "test_lint_fuzz", "test_lint_node", "test_layout_node"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        function = getattr(item, "function", None)
        property_based = getattr(function, "is_hypothesis_test", False)
        if property_based or (module is not None and module.__name__ in SLOW_MODULES):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def engine_fixture() -> Path:
    return FIXTURES / "engine" / "two-ends.bpmn"
