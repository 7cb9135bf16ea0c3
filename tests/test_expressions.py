"""Model expressions are data logic only: no imports, attributes, dunders or calls outside a whitelist."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.errors import UnsafeExpressionError
from toolkit.expressions import ExpressionError, check_expression, check_script, evaluate, execute

DATA = {"person_found": True, "power_of_attorney_found": False, "by_representative": False,
        "documents": ["a", "b"], "days": 6}


@pytest.mark.parametrize("expression, expected", [
    ("person_found and (power_of_attorney_found or not by_representative)", True),
    ("not person_found", False),
    ("days >= 6 and days < 20", True),
    ("len(documents) == 2", True),
    ("'a' in documents", True),
    ("days * 2 + 1", 13),
    ("20 if not person_found else 6", 6),
    ("max(days, 20)", 20),
])
def test_plain_data_logic_evaluates(expression: str, expected: object) -> None:
    assert evaluate(expression, DATA) == expected


@pytest.mark.parametrize("expression, complaint", [
    ("__import__('os').system('touch /tmp/x')", "attribute access"),
    ("__import__('os')", "calls '__import__'"),
    ("__builtins__", "names starting with _"),
    ("open('/etc/passwd')", "calls 'open'"),
    ("eval('1')", "calls 'eval'"),
    ("().__class__.__bases__", "attribute access"),
    ("person_found.real", "attribute access"),
    ("[x for x in documents]", "comprehensions"),
    ("lambda: 1", "lambda"),
    ("9 ** 9 ** 9", "the ** operator"),
    ("(x := 1)", "the := operator"),
    ("f'{days}'", "f-strings"),
    ("len(documents, key=1)", "keyword arguments"),
])
def test_unsafe_expressions_are_refused_with_reason(expression: str, complaint: str) -> None:
    with pytest.raises(UnsafeExpressionError, match="f.bpmn:7:") as err:
        check_expression(expression, "f.bpmn", 7)
    assert complaint in str(err.value)


def test_unsafe_expression_is_refused_even_when_evaluated_directly() -> None:
    with pytest.raises(UnsafeExpressionError):
        evaluate("__import__('os').getcwd()", {})


def test_missing_data_is_an_expression_error_not_a_crash() -> None:
    with pytest.raises(ExpressionError, match="'absent' is not in the instance data"):
        evaluate("absent and True", {})


def test_string_repetition_cannot_exhaust_memory() -> None:
    with pytest.raises(ExpressionError):
        evaluate("'x' * 1000000000", {})


def test_scripts_only_assign() -> None:
    data = {"days": 6}
    execute("total = days + 1\nlate = total > 6", data)
    assert data == {"days": 6, "total": 7, "late": True}
    with pytest.raises(UnsafeExpressionError, match="may only assign"):
        check_script("import os")
    with pytest.raises(UnsafeExpressionError, match="plain names"):
        check_script("data['x'] = 1")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_is_refused_or_evaluated_cleanly(text: str) -> None:
    try:
        evaluate(text, DATA)
    except (UnsafeExpressionError, ExpressionError):
        pass


def test_repeated_squaring_in_a_script_stops_early() -> None:
    script = "a = 99999999999\n" + "a = a * a\n" * 40
    with pytest.raises(ExpressionError, match="larger than 256 bits"):
        execute(script, {})


@pytest.mark.parametrize("expression", ["'%0900000000d' % 1", "'x' - 'y'", "int(1e400) > 0"])
def test_string_formatting_and_overflows_are_expression_errors(expression: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expression, {})
