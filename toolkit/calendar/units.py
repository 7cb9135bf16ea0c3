"""The time units reglament counts in.

The keys are the ones used throughout the project (the text extractor turns
"30 (отыз) минут" into ``(30, "minute")`` and "6 (алты) жұмыс күн" into
``(6, "working_day")``), so they are plain strings rather than an enum.
"""

from __future__ import annotations

from typing import Final

from .errors import CalendarError

MINUTE: Final = "minute"
HOUR: Final = "hour"
WORKING_DAY: Final = "working_day"
CALENDAR_DAY: Final = "calendar_day"

#: Every unit :meth:`KazakhstanCalendar.add` accepts.
UNITS: Final[tuple[str, ...]] = (MINUTE, HOUR, WORKING_DAY, CALENDAR_DAY)

#: Units counted in working time inside office hours.
TIME_UNITS: Final[frozenset[str]] = frozenset({MINUTE, HOUR})

#: Units counted in whole days, ending at the close of office hours.
DAY_UNITS: Final[frozenset[str]] = frozenset({WORKING_DAY, CALENDAR_DAY})


def check_unit(unit: object) -> str:
    """Return *unit* if it is a known unit key, else raise :class:`CalendarError`."""
    if not isinstance(unit, str) or unit not in UNITS:
        raise CalendarError(f"unknown unit {unit!r}; expected one of: {', '.join(UNITS)}")
    return unit


def check_value(value: object) -> int:
    """Return *value* if it is a non-negative ``int`` (``bool`` is refused).

    Regulations state limits as whole numbers; a fractional or negative limit
    is a parsing bug upstream, so it is refused rather than rounded.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise CalendarError(f"value must be a whole number, got {value!r}")
    if value < 0:
        raise CalendarError(f"value must not be negative, got {value}")
    return value
