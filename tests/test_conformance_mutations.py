"""Mutation tests: every error injected into a bundled model is caught with the right code.

For each model × mutation kind — the three bundled models against the act, and
a small model against a Russian act of the genre — every mutant the operator
can make (one per target — see ``tests/mutations.py``) is checked; a mutant counts as caught when
the checker reports a finding with the expected code that the unmutated model
does not have. The score table is printed at the end of the run
(``tests/mutations.py`` is also the plugin that prints it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import ACT_TEXT, FIXTURES, OUR_MODELS
from mutations import OPERATORS, Mutant, Outcome, model_of, mutants, record

from toolkit.conformance import check_model
from toolkit.findings import Finding
from toolkit.model import load_model
from toolkit.text import Act, load_act

pytest_plugins = ("mutations",)

RU_MODEL = FIXTURES / "conformance" / "ru-housing-assistance.bpmn"
RU_TEXT = FIXTURES / "texts" / "ru-pavlodar-305-6-2017.ru.txt"
#: model → the act it restates.
CASES: dict[Path, Path] = {**dict.fromkeys(OUR_MODELS, ACT_TEXT), RU_MODEL: RU_TEXT}

#: Kinds that cannot apply to a model because its text has nothing to mutate
#: (no conditions or numbered processes in a step clause; no results in an item list).
NOT_APPLICABLE = {
    ("social-assistance", "drop-outcome"), ("social-assistance", "renumber"),
    ("home-education-sc", "drop-result"), ("home-education-sc-appendix-1", "drop-result"),
    ("ru-housing-assistance", "drop-outcome"), ("ru-housing-assistance", "renumber"),
}


@cache
def act(path: Path) -> Act:
    return load_act(CASES[path])


def _key(f: Finding) -> tuple:
    return (f.code, f.element_id, f.clause, f.expected, f.found)


@cache
def baseline(path: Path) -> frozenset[tuple]:
    return frozenset(_key(f) for f in check_model(load_model(path), act(path)).findings)


def new_findings(path: Path, mutant: Mutant) -> list[Finding]:
    report = check_model(model_of(mutant), act(path))
    known = baseline(path)
    return [f for f in report.findings if _key(f) not in known]


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", list(OPERATORS))
def test_every_mutant_is_caught(path: Path, kind: str) -> None:
    made = mutants(kind, path.read_bytes(), act(path))
    if (path.stem, kind) in NOT_APPLICABLE:
        assert made == [], f"{kind} was expected not to apply to {path.stem}"
        pytest.skip(f"{kind} does not apply to {path.stem}")
    assert made, f"the {kind} operator made no mutant of {path.stem}"
    missed = []
    for mutant in made:
        fresh = new_findings(path, mutant)
        codes = tuple(sorted({f.code for f in fresh}))
        caught = mutant.expected in codes
        record(Outcome(path.stem, kind, mutant.target, mutant.expected, caught, codes))
        if not caught:
            missed.append(f"{mutant.target}: expected {mutant.expected}, got {codes or 'nothing new'}")
    assert not missed, "\n".join(missed)


@pytest.mark.parametrize("path", list(CASES), ids=lambda p: p.stem)
def test_mutants_change_the_model(path: Path) -> None:
    """A mutant is a real change: its bytes differ and it still loads."""
    original = path.read_bytes()
    for kind in OPERATORS:
        for mutant in mutants(kind, original, act(path)):
            assert mutant.data != original, (kind, mutant.target)
            model_of(mutant)
