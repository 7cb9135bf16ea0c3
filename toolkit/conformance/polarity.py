"""Which outcome a phrase or an expression stands for: positive or negative.

A condition of the genre checks that something *is there* or *is in order*
("ЖТ МДҚ … мәліметтерінің бар болуын тексеруі", "құжаттарының сәйкестігін
тексеруі", "проверка наличия", "соответствия"); its negative outcome is named
by absence, lack or defects ("болмауына байланысты", "кемшіліктердің болуына
байланысты", "құжаттар жетіспеген", "отсутствие", "несоответствие"). Both
sides of a model can be read in those terms, exactly:

* a phrase (a branch's label, a text's outcome, an alternative limit's case)
  by the words of :data:`NEGATIVE` and :data:`POSITIVE` — a negative word wins,
  so "кемшіліктердің болуы" (defects are present) is negative although
  "болуы" alone would be positive;
* a data key by what the model says its ``True`` means: ``reg:fact`` (the
  text's phrase for ``True`` or ``False``), else the label of the ``reg:input``
  that asks for it ("Құжаттар сәйкес пе?"), else — documented default — the
  condition's own positive sense (a key read by "check the presence of X" says
  X is present);
* an expression by its truth table, never by its spelling: it is *positive*
  when it holds with every fact in its good state and fails with every fact in
  its bad state, whatever the other data (guards such as ``by_representative``)
  are; *negative* the other way round. ``a == False`` and ``not a`` are the
  same expression here; ``not (a and b)`` is the negation of ``a and b``.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Mapping

from toolkit.errors import UnsafeExpressionError
from toolkit.expressions import ExpressionError, check_expression, evaluate
from toolkit.text import normalize

POSITIVE_POLARITY = "positive"
NEGATIVE_POLARITY = "negative"

#: Stems naming the negative outcome: absence, lack, defects, impossibility, refusal, non-conformity.
NEGATIVE: tuple[str, ...] = (
    "болмау", "болмаған", "болмаса", "жоқ", "жетіспе", "кемшілік", "сәйкес емес", "сәйкессіздік",
    "мүмкін емес", "бас тарт", "бүлін", "жоғал",
    "отсутств", "несоответств", "не соответств", "недостат", "невозможн", "нет ", "отказ", "не имеет",
    "неполн", "не в порядке", "утрат", "порч", "не найден",
)
#: Stems naming the positive outcome: presence, conformity, completeness.
POSITIVE: tuple[str, ...] = (
    "бар ", "болуы", "болуын", "сәйкестіг", "сәйкес", "толық ", "толық па", "табылды",
    "наличи", "имеются ", "имеется ", "соответств", "в порядке", "в полном", "полный ", "найден",
)
#: Most guard assignments enumerated for one expression (2**8).
MAX_GUARDS = 8
_WORD_START = r"(?<!\w)"


def _has(text: str, stem: str) -> bool:
    return re.search(_WORD_START + re.escape(stem), text) is not None


def classify(text: str | None) -> str | None:
    """``"positive"``, ``"negative"`` or ``None`` for a phrase (label, outcome, case)."""
    if not text:
        return None
    flat = " " + normalize(text) + " "
    if any(_has(flat, stem) for stem in NEGATIVE):
        return NEGATIVE_POLARITY
    if any(_has(flat, stem) for stem in POSITIVE):
        return POSITIVE_POLARITY
    return None


def opposite(polarity: str | None) -> str | None:
    if polarity is None:
        return None
    return NEGATIVE_POLARITY if polarity == POSITIVE_POLARITY else POSITIVE_POLARITY


def names_in(expression: str) -> frozenset[str]:
    """The data keys an expression reads (``None`` for an unsafe or invalid one is an empty set)."""
    try:
        check_expression(expression)
        tree = ast.parse(expression.strip(), mode="eval")
    except (UnsafeExpressionError, SyntaxError):
        return frozenset()
    return frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                     and n.id not in ("True", "False", "None"))


def expression_polarity(expression: str | None, facts: Mapping[str, str]) -> str | None:
    """The outcome ``expression`` selects, given each fact key's polarity (see the module docstring).

    ``facts`` maps a key to the polarity of its ``True``; keys the expression reads
    that are not in ``facts`` are guards and take every boolean value. ``None``
    when the expression reads no fact, depends on a guard, or cannot be evaluated.
    """
    if not expression:
        return None
    keys = names_in(expression)
    used = {k: p for k, p in facts.items() if k in keys}
    guards = sorted(keys - set(used))
    if not used or len(guards) > MAX_GUARDS:
        return None
    good = {k: p == POSITIVE_POLARITY for k, p in used.items()}
    bad = {k: not v for k, v in good.items()}
    seen: set[tuple[bool, bool]] = set()
    for values in itertools.product((True, False), repeat=len(guards)):
        guard = dict(zip(guards, values))
        try:
            seen.add((bool(evaluate(expression, {**guard, **good})), bool(evaluate(expression, {**guard, **bad}))))
        except (ExpressionError, UnsafeExpressionError):
            return None
    if seen == {(True, False)}:
        return POSITIVE_POLARITY
    if seen == {(False, True)}:
        return NEGATIVE_POLARITY
    # a guard may make the outcome moot on one side ("not by_representative" passes either way):
    # the expression still selects one outcome if it never selects the other.
    if all(g or not b for g, b in seen) and any(g and not b for g, b in seen):
        return POSITIVE_POLARITY
    if all(b or not g for g, b in seen) and any(b and not g for g, b in seen):
        return NEGATIVE_POLARITY
    return None


def inert_facts(expression: str | None, facts: Mapping[str, str], any_suffices: bool = False) -> list[str]:
    """The facts ``expression`` reads but whose value never decides it, in the text's sense.

    A condition that checks several things ("ЖТ МДҚ … мәліметтерінің және БНАЖ сенімхат
    мәліметтерінің бар болуын") has its positive outcome only when *each* is there: so
    with every other fact in its good state, turning one fact bad must change the
    outcome for some value of the guards. ``a or b`` fails that (``a`` bad, ``b`` good:
    still positive). Where the text joins them with "немесе" / "или" (``any_suffices``),
    one good fact is enough, and the others are held bad instead. ``[]`` when the
    expression cannot be evaluated or has too many guards.
    """
    if not expression:
        return []
    keys = names_in(expression)
    good = {k: p == POSITIVE_POLARITY for k, p in facts.items() if k in keys}
    guards = sorted(keys - set(good))
    if not good or len(guards) > MAX_GUARDS:
        return []
    inert = []
    for key in sorted(good):
        others = {k: (v != any_suffices) for k, v in good.items() if k != key}
        try:
            decides = any(
                bool(evaluate(expression, {**dict(zip(guards, values)), **others, key: good[key]}))
                != bool(evaluate(expression, {**dict(zip(guards, values)), **others, key: not good[key]}))
                for values in itertools.product((True, False), repeat=len(guards)))
        except (ExpressionError, UnsafeExpressionError):
            return []
        if not decides:
            inert.append(key)
    return inert
