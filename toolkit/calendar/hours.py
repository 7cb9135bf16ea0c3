"""Office hours inside a working day.

The default is the schedule Kazakh state bodies typically publish in their
state-service standards and regulations: "Monday to Friday, 09:00 to 18:30,
with a lunch break from 13:00 to 14:30, except weekends and holidays under the
Labor Code". That gives 8 working hours a day (9.5 h open minus 1.5 h lunch).

A service provider with another schedule (a Public Service Centre, a hospital)
passes its own :class:`WorkingHours`; the same hours apply to every working
day, including a Saturday worked under a transfer decree (that Saturday
replaces an ordinary weekday, so it keeps the weekday schedule). Shortened
pre-holiday days are not modelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from .errors import CalendarError

TimeLike = time | str


def _as_time(value: TimeLike, what: str) -> time:
    """Accept ``time`` or ``"HH:MM"`` so hours can come from config files."""
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise CalendarError(f"{what} must be a local (naive) time, got {value!r}")
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            raise CalendarError(f"{what} must look like 'HH:MM', got {value!r}") from None
    raise CalendarError(f"{what} must be a time or 'HH:MM' string, got {value!r}")


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


_EPOCH = datetime(2000, 1, 3)  # any date: only time-of-day arithmetic is done with it


@dataclass(frozen=True)
class WorkingHours:
    """Opening hours of one working day: ``start``–``end`` minus ``breaks``.

    Args:
        start: opening time (default 09:00).
        end: closing time (default 18:30). Day-counted limits expire at this
            moment on their last day.
        breaks: ``(from, to)`` pairs inside the day, e.g. lunch 13:00–14:30.

    Times are local office time; ``"HH:MM"`` strings are accepted. The value is
    validated once, so code using it can rely on ``segments`` being sorted,
    non-empty and non-overlapping.
    """

    start: time = time(9, 0)
    end: time = time(18, 30)
    breaks: tuple[tuple[time, time], ...] = field(default=((time(13, 0), time(14, 30)),))

    def __post_init__(self) -> None:
        start = _as_time(self.start, "start")
        end = _as_time(self.end, "end")
        breaks = tuple(
            (_as_time(b[0], "break start"), _as_time(b[1], "break end"))
            for b in self._break_pairs(self.breaks)
        )
        breaks = tuple(sorted(breaks))
        if not start < end:
            raise CalendarError(f"office hours must start before they end: {start}–{end}")
        previous_end = start
        for b_start, b_end in breaks:
            if not b_start < b_end:
                raise CalendarError(f"a break must start before it ends: {b_start}–{b_end}")
            if not (previous_end < b_start and b_end < end):
                raise CalendarError(
                    f"break {b_start}–{b_end} must lie strictly inside {start}–{end} "
                    "and not touch or overlap another break"
                )
            previous_end = b_end
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "breaks", breaks)

    @staticmethod
    def _break_pairs(breaks: object) -> tuple[tuple[TimeLike, TimeLike], ...]:
        try:
            pairs = tuple(tuple(b) for b in breaks)  # type: ignore[attr-defined]
        except TypeError:
            raise CalendarError(f"breaks must be a sequence of (from, to) pairs, got {breaks!r}") from None
        for pair in pairs:
            if len(pair) != 2:
                raise CalendarError(f"a break must be a (from, to) pair, got {pair!r}")
        return pairs

    @property
    def segments(self) -> tuple[tuple[time, time], ...]:
        """The working intervals of the day, in order: ``((09:00, 13:00), (14:30, 18:30))``."""
        bounds = [self.start]
        for b_start, b_end in self.breaks:
            bounds += [b_start, b_end]
        bounds.append(self.end)
        return tuple(zip(bounds[::2], bounds[1::2]))

    @property
    def minutes_per_day(self) -> float:
        """Working minutes in one day (480 for the default schedule)."""
        return sum(
            _minutes(datetime.combine(_EPOCH, e) - datetime.combine(_EPOCH, s))
            for s, e in self.segments
        )

    def __str__(self) -> str:
        text = f"{self.start:%H:%M}–{self.end:%H:%M}"
        if self.breaks:
            text += ", breaks " + ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in self.breaks)
        return text


#: 09:00–18:30 with lunch 13:00–14:30: the typical schedule of Kazakh state bodies.
DEFAULT_HOURS = WorkingHours()
