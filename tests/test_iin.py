from hypothesis import given
from hypothesis import strategies as st

from toolkit.iin import check_digit, check_iin, is_valid_iin


def test_valid_iin_gives_birth_date_and_sex() -> None:
    result = check_iin("800315400125")
    assert result.valid
    assert result.birth_date is not None and result.birth_date.isoformat() == "1980-03-15"
    assert result.sex == "female"


def test_wrong_check_digit_is_refused() -> None:
    assert check_iin("800315400124").reason == "check digit does not match"


def test_shape_errors_are_named() -> None:
    assert "12 digits" in (check_iin("80031540012").reason or "")
    assert "12 digits" in (check_iin("80031540012a").reason or "")
    assert "birth date" in (check_iin("801315400125").reason or "")
    assert "century" in (check_iin("800315900125").reason or "")


def test_second_weighting_is_used_when_first_gives_ten() -> None:
    # Find 11 digits whose first-weight sum is 10 mod 11; the check digit then
    # comes from the second weights, or none exists.
    base = "00000000001"
    digits = [int(c) for c in base]
    assert sum(d * w for d, w in zip(digits, range(1, 12))) % 11 == 0
    base = "00000000010"  # weight 10 on the tenth digit gives 10
    second = (sum(int(c) * w for c, w in zip(base, (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))) % 11)
    assert check_digit(base) == (None if second == 10 else second)


@given(st.text(max_size=20))
def test_any_input_gives_an_answer(value: str) -> None:
    assert isinstance(is_valid_iin(value), bool)


def test_only_ascii_digits_make_an_iin() -> None:
    assert not is_valid_iin("80031540012²")
    assert not is_valid_iin("８００３１５４００１２５")  # full-width digits
    assert check_iin("80031540012²").reason == "an IIN is exactly 12 digits"
