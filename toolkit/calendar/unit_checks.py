"""The time units the calendar counts in, and how it validates a limit.

The keys themselves live in :mod:`toolkit.units`, shared with the text parser
and the model (the text extractor turns "30 (отыз) минут" into
``(30, "minute")``), so they are plain strings rather than an enum.
"""

from __future__ import annotations

from toolkit.units import CALENDAR_DAY, DAY_UNITS, HOUR, MINUTE, TIME_UNITS, UNITS, WORKING_DAY

from .errors import CalendarError

__all__ = ["CALENDAR_DAY", "DAY_UNITS", "HOUR", "MINUTE", "TIME_UNITS", "UNITS", "WORKING_DAY",
           "check_unit", "check_value"]


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
