"""normalize(): the comparison form of labels."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.text import normalize


def test_case_spaces_dashes_quotes_and_punctuation() -> None:
    a = "Нәтижесі – құжаттарды  «басшысына»\u00a0жолдайды;"
    b = 'нәтижесі - құжаттарды "басшысына" жолдайды'
    assert normalize(a) == normalize(b) == "нәтижесі құжаттарды басшысына жолдайды"


def test_nfc_and_nbsp() -> None:
    decomposed = "и\u0306"  # й as и + combining breve
    assert normalize(f"{decomposed}\u202fа") == normalize("й а")


def test_hyphenated_words_compare_with_spaced() -> None:
    assert normalize("9-тармағында") == normalize("9 тармағында")


def test_keeping_punctuation_still_unifies_it() -> None:
    assert normalize("МК — «ЭҮШ»", strip_punctuation=False) == 'мк - "эүш"'


def test_letters_are_never_changed() -> None:
    assert normalize("көрселетін") != normalize("көрсетілетін")


@given(st.text())
def test_idempotent(s: str) -> None:
    assert normalize(normalize(s)) == normalize(s)
