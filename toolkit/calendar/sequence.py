"""A sequence of step limits laid out as the law counts a term (see docs/calendar.md).

A regulation gives each step its own limit ("30 (отыз) минут", "1 (бір) жұмыс
күн", …). Chaining every step from the previous one's latest end lets a
15-minute last step after a day-long step spill into the next morning, which
no lawyer would accept: the Civil Code counts a term in days from the day after
the event that starts it, and a term for an act done in an organisation ends
when that organisation's working hours end on the last day. So:

1. Steps in minutes or hours *before* the first day term run in office time
   from the submission (the first working moment at or after it).
2. A day term (working or calendar days) begins the day after the date of the
   event that starts it (the end of the steps before it) and ends at the close
   of office hours on its last day D.
3. Steps in minutes or hours *after* a day term are performed inside day D:
   they are laid backwards from the close of D, and the day-term step must be
   done by the time they need. The next day term begins the day after D.
   Only when they need more than one working day do they run forward from the
   close of D instead, with a note saying so.
4. Steps without a limit take no time: they sit where their neighbours meet.

The term of the whole sequence ends with its last step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .kazakhstan import KazakhstanCalendar
from .unit_checks import DAY_UNITS, HOUR

#: A step's limit as ``(value, unit)``, or ``None`` when the step has none.
Limit = tuple[int, str] | None


@dataclass(frozen=True)
class Slot:
    """When one step may start and by when it must be done."""

    start: datetime
    due: datetime


@dataclass(frozen=True)
class LaidOut:
    """The slots of a sequence, the end of its term, and what the reader should know."""

    slots: tuple[Slot, ...]
    ends: datetime
    notes: tuple[str, ...]
    provisional_note: str | None


def lay_out(calendar: KazakhstanCalendar, start: datetime, limits: Sequence[Limit]) -> LaidOut:
    """Lay *limits* (in order) from *start* by the rules of this module's docstring."""
    builder = _Builder(calendar, start, list(limits))
    builder.run()
    return LaidOut(tuple(builder.slots[i] for i in range(len(limits))), builder.cursor,
                   tuple(builder.notes), builder.provisional[-1] if builder.provisional else None)


def _is_day_term(limit: Limit) -> bool:
    return limit is not None and limit[1] in DAY_UNITS and limit[0] > 0


def _minutes(limit: Limit) -> int:
    if limit is None:
        return 0
    value, unit = limit
    return value * 60 if unit == HOUR else value


class _Builder:
    """The walk over the sequence; kept in one place so each rule is one method."""

    def __init__(self, calendar: KazakhstanCalendar, start: datetime, limits: list[Limit]) -> None:
        self.calendar = calendar
        self.limits = limits
        self.cursor = start
        self.slots: dict[int, Slot] = {}
        self.notes: list[str] = []
        self.provisional: list[str] = []

    def run(self) -> None:
        i = 0
        while i < len(self.limits):
            if _is_day_term(self.limits[i]):
                block_end = i + 1
                while block_end < len(self.limits) and not _is_day_term(self.limits[block_end]):
                    block_end += 1
                self._day_term(i, list(range(i + 1, block_end)))
                i = block_end
            else:
                self._forward(i)
                i += 1

    def _count(self, moment: datetime, limit: tuple[int, str]) -> datetime:
        counted = self.calendar.deadline(moment, limit[0], limit[1])
        if counted.note and counted.note not in self.provisional:
            self.provisional.append(counted.note)
        return counted.due

    def _forward(self, i: int) -> None:
        """Rule 1 (and 4): a step in office time, or an instant, from the cursor."""
        limit = self.limits[i]
        start = self.cursor
        if limit is not None:
            self.cursor = self._count(start, limit)
        self.slots[i] = Slot(start, self.cursor)

    def _day_term(self, i: int, after: list[int]) -> None:
        """Rules 2 and 3: the day term, and the short steps done inside its last day."""
        limit = self.limits[i]
        assert limit is not None
        start = self.cursor
        close = self._count(start, limit)
        needed = sum(_minutes(self.limits[k]) for k in after)
        if needed <= self.calendar.hours.minutes_per_day:
            moment = close
            for k in reversed(after):
                begins = self._rewind(moment, _minutes(self.limits[k]))
                self.slots[k] = Slot(begins, moment)
                moment = begins
            self.slots[i] = Slot(start, moment)
            self.cursor = close
            return
        self.slots[i] = Slot(start, close)
        self.cursor = close
        self.notes.append(
            f"the {needed} minutes of steps after a {limit[0]} {limit[1].replace('_', ' ')} term do not fit "
            f"in its last day ({close:%Y-%m-%d}); they are counted on from its close"
        )
        for k in after:
            self._forward(k)

    def _rewind(self, end: datetime, minutes: int) -> datetime:
        """The latest moment from which *minutes* of office time end exactly at *end*."""
        remaining = timedelta(minutes=minutes)
        day = end.date()
        while remaining:
            for seg_start, seg_end in reversed(self.calendar.working_segments(day)):
                stop = min(seg_end, end)
                if stop <= seg_start:
                    continue
                if remaining <= stop - seg_start:
                    return stop - remaining
                remaining -= stop - seg_start
            day -= timedelta(days=1)
            end = datetime.combine(day, self.calendar.hours.end)
        return end
