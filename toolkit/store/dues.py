"""Due dates of queued tasks: a time limit laid on the working calendar, with its provenance.

Every stored due date carries the calendar data it was computed with
(:attr:`Due.calendar_version`) and whether it is *provisional* (a year whose
transfer decree the data does not have yet). When new calendar data arrives the
app calls :meth:`toolkit.store.Store.recompute_due_dates` once.

The arithmetic is the calendar's (``toolkit.deadlines``); this module only asks it
and keeps the answer's provenance. Where ``toolkit.deadlines.due_date`` exists it
says itself whether a date is provisional; otherwise a date beyond the calendar's
horizon has no due date and a note says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from toolkit.errors import InputError
from toolkit.model.elements import TimeLimit


@dataclass(frozen=True)
class Due:
    """A due date-time (or why there is none), and what it was computed with."""

    at: datetime | None
    provisional: bool = False
    note: str | None = None
    calendar_version: str | None = None


class DueDates:
    """Computes due dates on one calendar (default: :class:`~toolkit.calendar.KazakhstanCalendar`)."""

    def __init__(self, calendar: Any | None = None) -> None:
        if calendar is None:
            from toolkit.calendar import KazakhstanCalendar
            calendar = KazakhstanCalendar()
        self.calendar = calendar
        self.version = str(getattr(calendar, "data", "unknown calendar data"))

    def compute(self, start: datetime, value: int | None, unit: str | None) -> Due:
        """The due date of a limit of ``value`` ``unit`` counted from ``start``."""
        if value is None or unit is None:
            return Due(None, calendar_version=None)
        try:
            from toolkit import deadlines
            due_date = getattr(deadlines, "due_date", None)
            if due_date is not None:
                return self._from_due_date(due_date(self.calendar, start, value, unit))
            return Due(self.calendar.add(start, value, unit), calendar_version=self.version)
        except InputError as exc:  # a date the calendar cannot speak for: say so, keep working
            return Due(None, note=exc.message, calendar_version=self.version)

    def _from_due_date(self, answer: Any) -> Due:
        at = getattr(answer, "due", None) or getattr(answer, "at", None) or getattr(answer, "date", None)
        return Due(at if isinstance(at, datetime) else None,
                   provisional=bool(getattr(answer, "provisional", False)),
                   note=getattr(answer, "note", None),
                   calendar_version=str(getattr(answer, "data_version", None) or self.version))

    def for_limit(self, start: datetime, limit: TimeLimit | None) -> Due:
        return self.compute(start, limit.value if limit else None, limit.unit if limit else None)
