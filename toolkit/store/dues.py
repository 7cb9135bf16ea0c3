"""Due dates of queued tasks: a time limit laid on the working calendar, with its provenance.

Every stored due date carries the version of the calendar data it was computed
with and whether it is *provisional* (counted across a year whose day-off transfer
act is not in the data yet). When new calendar data arrives (an overrides file
with next year's decree) the app calls
:meth:`toolkit.store.Store.recompute_due_dates` once.

The counting is :func:`toolkit.deadlines.due_date`'s; this module only keeps the
answer's provenance next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from toolkit.deadlines import due_date
from toolkit.model.elements import TimeLimit


@dataclass(frozen=True)
class Due:
    """A due date-time (or why there is none), and the calendar data it was computed with."""

    at: datetime | None
    provisional: bool = False
    note: str | None = None
    calendar_version: str | None = None


class DueDates:
    """Computes due dates on one calendar.

    Default: :func:`toolkit.calendar.default_calendar` — the bundled data, the files
    ``[tool.reglament] calendar`` names, provisional answers beyond the data.
    """

    def __init__(self, calendar: Any | None = None) -> None:
        if calendar is None:
            from toolkit.calendar import default_calendar
            calendar = default_calendar()
        self.calendar = calendar

    @property
    def version(self) -> str:
        return str(self.calendar.version)

    def compute(self, start: datetime, value: int | None, unit: str | None) -> Due:
        """The due date of a limit of ``value`` ``unit`` counted from ``start``."""
        if value is None or unit is None:
            return Due(None)
        return self.for_limit(start, TimeLimit(value=value, unit=unit))

    def for_limit(self, start: datetime, limit: TimeLimit | None) -> Due:
        if limit is None:
            return Due(None)
        answer = due_date(self.calendar, start, limit)
        return Due(answer.at, answer.provisional, answer.note, answer.calendar_version)
