"""The time units of the genre, and how each language writes them — one place.

Regulations count in minutes, hours, working days and calendar days. The keys
below are what the text parser produces, the model's ``reg:timeLimit unit=``
holds, the calendar counts and every report prints; keeping them (and their
words) here means a new unit or a better abbreviation is one edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

MINUTE: Final = "minute"
HOUR: Final = "hour"
WORKING_DAY: Final = "working_day"
CALENDAR_DAY: Final = "calendar_day"

#: Every unit key, shortest first.
UNITS: Final[tuple[str, ...]] = (MINUTE, HOUR, WORKING_DAY, CALENDAR_DAY)

#: Units counted in working time inside office hours.
TIME_UNITS: Final[frozenset[str]] = frozenset({MINUTE, HOUR})

#: Units counted in whole days, ending at the close of office hours.
DAY_UNITS: Final[frozenset[str]] = frozenset({WORKING_DAY, CALENDAR_DAY})

#: As the Kazakh texts write the unit after a number: "6 (алты) жұмыс күн".
WRITTEN_KK: Final[Mapping[str, str]] = MappingProxyType(
    {MINUTE: "минут", HOUR: "сағат", WORKING_DAY: "жұмыс күн", CALENDAR_DAY: "күнтізбелік күн"})

#: English (singular, plural), for reports: "8 working days 45 minutes".
ENGLISH: Final[Mapping[str, tuple[str, str]]] = MappingProxyType({
    MINUTE: ("minute", "minutes"), HOUR: ("hour", "hours"),
    WORKING_DAY: ("working day", "working days"), CALENDAR_DAY: ("calendar day", "calendar days")})

#: Short forms a diagram cell fits: "30 мин", "1 жұм. күн".
SHORT: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType({
    "kk": MappingProxyType({MINUTE: "мин", HOUR: "сағ", WORKING_DAY: "жұм. күн", CALENDAR_DAY: "күнт. күн"}),
    "ru": MappingProxyType({MINUTE: "мин", HOUR: "ч", WORKING_DAY: "раб. дн.", CALENDAR_DAY: "кал. дн."}),
    "en": MappingProxyType({MINUTE: "min", HOUR: "h", WORKING_DAY: "work. d.", CALENDAR_DAY: "cal. d."}),
})
