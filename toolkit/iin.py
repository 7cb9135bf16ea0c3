"""Kazakhstan's individual identification number (ЖСН / ИИН).

Twelve digits: birth date YYMMDD, a digit for century and sex, a four-digit
serial and a check digit. The check digit is the sum of the first eleven digits
weighted 1..11, modulo 11; when that is 10 the weights 3..11,1,2 are used
instead; when it is 10 again the number is invalid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
#: century/sex digit -> (century base year, sex)
_CENTURY = {1: (1800, "male"), 2: (1800, "female"), 3: (1900, "male"), 4: (1900, "female"),
            5: (2000, "male"), 6: (2000, "female")}


@dataclass(frozen=True)
class IinCheck:
    valid: bool
    reason: str | None = None
    birth_date: date | None = None
    sex: str | None = None


def check_digit(first_eleven: str) -> int | None:
    """The check digit for 11 digits, or None when no valid digit exists."""
    digits = [int(c) for c in first_eleven]
    control = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS)) % 11
    if control == 10:
        control = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS)) % 11
    return None if control == 10 else control


def check_iin(value: object) -> IinCheck:
    """Validate an IIN: 12 digits, a real birth date, a known century digit, the checksum."""
    text = str(value or "").strip()
    if not _TWELVE_DIGITS.fullmatch(text):  # ASCII digits only: "²" or "٣" are not digits of an IIN
        return IinCheck(False, "an IIN is exactly 12 digits")
    century = _CENTURY.get(int(text[6]))
    if century is None:
        return IinCheck(False, f"digit 7 ({text[6]}) is not a century/sex code 1-6")
    try:
        born = date(century[0] + int(text[0:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return IinCheck(False, f"{text[0:6]} is not a birth date YYMMDD")
    expected = check_digit(text[:11])
    if expected is None or expected != int(text[11]):
        return IinCheck(False, "check digit does not match")
    return IinCheck(True, None, born, century[1])


def is_valid_iin(value: object) -> bool:
    return check_iin(value).valid
