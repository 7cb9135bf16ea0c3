"""Kazakhstan's working calendar: working days, office hours and deadlines.

Regulations state limits as "30 (отыз) минут" or "6 (алты) жұмыс күн"; this
package turns ``(start, value, unit)`` into the moment the limit expires, and
can say why any date is a working day or a day off.

Quick use::

    from datetime import datetime
    from toolkit.calendar import KazakhstanCalendar

    cal = KazakhstanCalendar()
    cal.add(datetime(2017, 3, 17, 17, 0), 2, "hour")   # -> 2017-03-18 09:30
    print(cal.deadline(datetime(2017, 3, 17, 10, 0), 2, "working_day"))
    print(cal.explain(datetime(2017, 3, 20)))

Data: the ``holidays`` package (country KZ) plus ``data/overrides.toml``,
plus an app's own overrides files (:func:`default_calendar`); dates beyond the
data are answered provisionally. Counting rules, sources and the file format
are documented in docs/calendar.md.
"""

from .config import configured_overrides, default_calendar
from .errors import CalendarError
from .hours import DEFAULT_HOURS, WorkingHours
from .kazakhstan import (
    EARLIEST,
    RULES,
    DataVersion,
    DayInfo,
    Deadline,
    KazakhstanCalendar,
    holidays_package_coverage,
    provisional_last_year,
)
from .overrides import DAY_OFF, KINDS, CompleteYear, Override, Overrides
from .unit_checks import CALENDAR_DAY, HOUR, MINUTE, UNITS, WORKING_DAY

__all__ = [
    "CALENDAR_DAY",
    "DAY_OFF",
    "DEFAULT_HOURS",
    "EARLIEST",
    "HOUR",
    "KINDS",
    "MINUTE",
    "RULES",
    "UNITS",
    "WORKING_DAY",
    "CalendarError",
    "CompleteYear",
    "DataVersion",
    "DayInfo",
    "Deadline",
    "KazakhstanCalendar",
    "Override",
    "Overrides",
    "WorkingHours",
    "configured_overrides",
    "default_calendar",
    "holidays_package_coverage",
    "provisional_last_year",
]
