"""Kazakhstan's working calendar and the deadline arithmetic of the regulations.

What a day is
-------------
A date is a working day unless it is a Saturday or Sunday (state bodies work a
five-day week) or a day off under the ``holidays`` package (country KZ: public
holidays, holidays that fell on a weekend and were carried to the next working
day, and days off moved by the Government's transfer decrees), with two
corrections: a Saturday the Government made a working day *is* a working day,
and every entry of our overrides file wins over the package.

How limits are counted (see the README, section "Working calendar")
--------------------------------------------------------
* ``minute`` / ``hour`` — working time. A submission after hours, during a
  break or on a day off counts from the next working moment (the standard
  clause of Kazakh state-service rules: "after working hours, on weekends and
  holidays ... accepted on the next working day"). Minutes then run only
  inside office hours, skipping breaks, nights and days off. A limit that is
  used up exactly at a break or at closing time ends at that moment (13:00,
  18:30), not at the next opening.
* ``working_day`` — the Civil Code's rule for terms in days: the term begins
  on the day after the calendar date of the event, so the submission day never
  counts, whatever the hour. Day 1 is the first working day after the
  submission's date; the limit ends at the close of office hours on day N (an
  action to be done in an organisation must be done before the organisation's
  business hours end).
* ``calendar_day`` — day 1 is the day after the submission's date; day N is a
  calendar date; if it falls on a day off the term ends on the next working
  day; the limit ends at the close of office hours that day.
* A limit of 0 in any unit is due at the first working moment at or after the
  submission.

Times are naive local office time (Asia/Almaty or Asia/Qyzylorda as in force
on that date); no time-zone conversion is done and aware datetimes are refused.

What the calendar can speak for
-------------------------------
From 1991-12-16 (independence) to :attr:`KazakhstanCalendar.horizon`, the
31 December of the last year whose transfer decree and Kurban Ait date are
known (see :mod:`toolkit.calendar.overrides`), the answer is *confirmed*.

Beyond the horizon an app still needs due dates (a queue without them is
useless), so by default the calendar answers *provisionally* up to
:attr:`KazakhstanCalendar.provisional_horizon`: on the statutory holidays and
weekend carry-overs the ``holidays`` package computes from the Law on Holidays
and the Labor Code, with Kurban Ait at its estimated date, and without the
transfer act that year may still get. Every :class:`DayInfo` and
:class:`Deadline` that touches such a day says so (``provisional`` and the
reason). ``provisional=False`` restores the strict behaviour: dates beyond the
horizon raise :class:`CalendarError`. Dates before independence always do.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Final

import holidays

from .errors import CalendarError
from .hours import DEFAULT_HOURS, WorkingHours
from .overrides import Overrides
from .unit_checks import (
    CALENDAR_DAY,
    HOUR,
    MINUTE,
    TIME_UNITS,
    WORKING_DAY,
    check_unit,
    check_value,
)

#: Kazakhstan's independence: the calendar refuses earlier dates.
EARLIEST: Final = date(1991, 12, 16)

#: Bumped whenever a counting rule changes, so the calendar's ``version``
#: (stored with due dates) changes with it.
RULES_VERSION: Final = 2

_ONE_DAY: Final = timedelta(days=1)
_WEEKEND: Final = frozenset({5, 6})  # Saturday, Sunday
_DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SUBSTITUTED = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")

RULES: Final[dict[str, str]] = {
    MINUTE: (
        "working minutes from the first working moment at or after the start, "
        "skipping breaks, nights and days off"
    ),
    HOUR: (
        "working hours (60 working minutes each) from the first working moment at or after "
        "the start, skipping breaks, nights and days off"
    ),
    WORKING_DAY: (
        "working days: the term begins the day after the start's date (Civil Code), day 1 is the "
        "first working day after it; due at the close of office hours on day N"
    ),
    CALENDAR_DAY: (
        "calendar days: day 1 is the day after the start's date; a last day falling on a day off "
        "moves to the next working day (Civil Code); due at the close of office hours"
    ),
}
_ZERO_RULE: Final = "a limit of 0 is due at the first working moment at or after the start"


@lru_cache(maxsize=1)
def holidays_package_coverage() -> int | None:
    """The last year the installed ``holidays`` package has complete KZ data for.

    Complete means both: the year's Kurban Ait date is confirmed (the package
    labels unconfirmed Islamic dates "(estimated)"), and the package lists a
    Government day-off transfer in that year or later (transfer decrees are
    added year by year; a year without any means the package has not caught
    up yet). Read through the package's public output only, so it keeps working
    across versions; ``None`` if nothing can be established.
    """
    last = date.today().year + 5
    package = holidays.country_holidays("KZ", years=range(2006, last + 1), language="en_US")
    confirmed_eid = [
        d.year for d, name in package.items() if "Eid al-Adha" in name and "estimated" not in name
    ]
    transfer_years = [d.year for d in package.weekend_workdays] + [
        d.year for d, name in package.items() if "substituted" in name
    ]
    if not confirmed_eid or not transfer_years:
        return None
    return min(max(confirmed_eid), max(transfer_years))


#: The latest year the provisional mode is tried for (the package estimates
#: Kurban Ait that far); the real limit is the last year it has a date for.
_PROVISIONAL_PROBE: Final = 2100


@lru_cache(maxsize=1)
def provisional_last_year() -> int:
    """The last year the ``holidays`` package can compute KZ holidays for, Kurban Ait included.

    Without a Kurban Ait date a year's days off are incomplete even
    provisionally, so that is where provisional answers stop.
    """
    for year in range(_PROVISIONAL_PROBE, date.today().year, -1):
        package = holidays.country_holidays("KZ", years=year, language="en_US")
        if any("Eid al-Adha" in name for name in package.values()):
            return year
    return date.today().year


@dataclass(frozen=True)
class DataVersion:
    """Which data a calendar uses: enough to reproduce or question a result.

    ``fingerprint`` identifies the *content* (package version, every override
    entry, coverage, office hours, provisional mode and counting rules), not
    file paths, so the same data gives the same fingerprint on any machine and
    a stored due date can be recomputed when it changes.
    """

    holidays_version: str
    overrides: tuple[str, ...]
    holidays_package_through: int
    horizon: date
    provisional_horizon: date | None = None
    fingerprint: str = ""

    def __str__(self) -> str:
        layers = ", ".join(self.overrides) if self.overrides else "no overrides"
        text = f"holidays {self.holidays_version} (KZ) + {layers}; horizon {self.horizon.isoformat()}"
        if self.provisional_horizon and self.provisional_horizon > self.horizon:
            text += f", provisional to {self.provisional_horizon.isoformat()}"
        return text


@dataclass(frozen=True)
class DayInfo:
    """Why a date is a working day or a day off.

    ``origin`` is ``"weekday"`` or ``"weekend"`` (the weekly rule alone),
    ``"holidays"`` (the ``holidays`` package) or ``"override"`` (our file).
    ``provisional`` is set for a day beyond the data's horizon: its status may
    still change when that year's transfer act is published.
    """

    day: date
    working: bool
    reason: str
    source: str
    origin: str
    provisional: bool = False

    def __str__(self) -> str:
        status = "working day" if self.working else "day off"
        if self.provisional:
            status += " (provisional)"
        return f"{self.day.isoformat()} {_DAY_NAMES[self.day.weekday()]}: {status} — {self.reason} [{self.source}]"


@dataclass(frozen=True)
class Deadline:
    """The result of counting a limit, with everything needed to audit it.

    ``begins`` is when counting starts (the first working moment for time
    units, the start of day 1 for day units); ``due`` is the moment the limit
    expires; ``days_off`` lists the days off from the start's date to ``due``
    that the count skipped; ``as_of`` and ``data`` say when and on what data
    it was computed. ``provisional`` is set when any day from the start's
    date to ``due`` lies beyond the data's horizon; ``note`` then says why.
    """

    start: datetime
    value: int
    unit: str
    begins: datetime
    due: datetime
    rule: str
    days_off: tuple[DayInfo, ...]
    as_of: date
    data: DataVersion
    provisional: bool = False
    note: str | None = None

    def __str__(self) -> str:
        flag = " (provisional)" if self.provisional else ""
        return (
            f"{self.value} {self.unit} from {self.start:%Y-%m-%d %H:%M} -> due {self.due:%Y-%m-%d %H:%M}{flag} "
            f"(computed as of {self.as_of.isoformat()}; {self.data})"
        )


class KazakhstanCalendar:
    """Kazakhstan's working calendar for state bodies, with deadline arithmetic.

    Args:
        overrides: extra override data layered over the bundled file: an
            :class:`Overrides` or a path to a ``.toml``/``.json`` file.
            ``None`` uses the bundled file only.
        hours: office hours of a working day; defaults to 09:00–18:30 with
            lunch 13:00–14:30 (:data:`~toolkit.calendar.hours.DEFAULT_HOURS`).
        as_of: the date the computation is made "as of"; stamped on every
            :class:`Deadline` next to :attr:`data` so a result can be traced
            to the data it used. Defaults to today. It does not time-travel the
            data: the calendar always uses the newest data it has.
        include_bundled: set ``False`` to use only *overrides* (tests, or a
            deliberately different data set).
        provisional: answer beyond the horizon on the package's statutory
            holidays, marked provisional (default); ``False`` refuses those
            dates instead.

    Example:
        >>> cal = KazakhstanCalendar(as_of=date(2017, 3, 1))
        >>> cal.add(datetime(2017, 3, 17, 17, 0), 2, "hour")   # Saturday 18 March was worked
        datetime.datetime(2017, 3, 18, 9, 30)
    """

    earliest: Final = EARLIEST

    def __init__(
        self,
        overrides: Overrides | str | os.PathLike[str] | None = None,
        *,
        hours: WorkingHours = DEFAULT_HOURS,
        as_of: date | None = None,
        include_bundled: bool = True,
        provisional: bool = True,
    ) -> None:
        if not isinstance(hours, WorkingHours):
            raise CalendarError(f"hours must be a WorkingHours, got {hours!r}")
        if as_of is None:
            as_of = date.today()
        elif isinstance(as_of, datetime):
            as_of = as_of.date()
        elif not isinstance(as_of, date):
            raise CalendarError(f"as_of must be a date, got {as_of!r}")

        layers = Overrides.bundled() if include_bundled else Overrides.empty()
        if overrides is not None:
            extra = overrides if isinstance(overrides, Overrides) else Overrides.load(overrides)
            layers = layers.merged(extra)

        declared = layers.holidays_package_through
        derived = holidays_package_coverage()
        known = [y for y in (declared, derived) if y is not None]
        if not known:
            raise CalendarError(
                "cannot tell how far the holidays package covers Kazakhstan; "
                "set coverage.holidays_package_through in the overrides"
            )
        through = min(known)
        year = through
        while year + 1 in layers.complete_years:
            year += 1

        self.hours: Final = hours
        self.as_of: Final = as_of
        self.overrides: Final = layers
        self.horizon: Final = date(year, 12, 31)
        self.provisional_horizon: Final = (
            max(self.horizon, date(provisional_last_year(), 12, 31)) if provisional else self.horizon
        )
        version = str(getattr(holidays, "__version__", "unknown"))
        self.data: Final = DataVersion(
            holidays_version=version,
            overrides=layers.labels,
            holidays_package_through=through,
            horizon=self.horizon,
            provisional_horizon=self.provisional_horizon,
            fingerprint=_fingerprint(version, layers, through, hours, self.provisional_horizon),
        )
        self._package = holidays.country_holidays("KZ", language="en_US")
        self._package_source = f"holidays {self.data.holidays_version} (country KZ)"
        self._cache: dict[date, DayInfo] = {}

    def __repr__(self) -> str:
        return f"KazakhstanCalendar(as_of={self.as_of.isoformat()}, hours={self.hours}, data={self.data})"

    # -- days ----------------------------------------------------------------

    @property
    def version(self) -> str:
        """A short identity of the data and rules this calendar counts with.

        Store it next to every due date computed with this calendar: when it
        differs from a new calendar's ``version``, the due date may change and
        should be recomputed.
        """
        return f"kzcal-{self.data.fingerprint}"

    def covers(self, day: date) -> bool:
        """True if the calendar can speak for *day*, provisionally or not."""
        return EARLIEST <= _to_date(day) <= self.provisional_horizon

    def is_provisional(self, day: date) -> bool:
        """True if *day* lies beyond the confirmed data (its status may still change)."""
        return _to_date(day) > self.horizon

    def provisional_reason(self, years: Iterator[int] | tuple[int, ...] | list[int]) -> str:
        """Why answers for *years* (all beyond the horizon) are provisional."""
        listed = sorted(set(years))
        span = ", ".join(map(str, listed))
        return (
            f"provisional: {span} {'is' if len(listed) == 1 else 'are'} beyond the calendar data's horizon "
            f"{self.horizon.isoformat()}; counted on the statutory holidays the holidays package "
            f"{self.data.holidays_version} computes (Kurban Ait at its estimated date) without that year's "
            "day-off transfer act, "
            "which may still change the date; load the act's days with an overrides file (--calendar)"
        )

    def is_working_day(self, day: date) -> bool:
        """True if *day* is a working day for a state body (five-day week)."""
        return self.explain(day).working

    def explain(self, day: date) -> DayInfo:
        """Why *day* is a working day or a day off: which holiday, decree or rule."""
        d = self._check(_to_date(day))
        info = self._cache.get(d)
        if info is None:
            info = self._cache[d] = self._explain(d)
        return info

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after *day*."""
        d = self._check(_to_date(day))
        while True:
            d += _ONE_DAY
            if self.is_working_day(d):
                return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days ``d`` with ``a < d <= b`` (negative if ``b < a``).

        The start day is excluded, matching the counting rule for
        ``working_day`` limits: for ``n >= 1``,
        ``working_days_between(m, add(m, n, "working_day")) == n``.
        Datetimes are reduced to their dates.
        """
        start, end = self._check(_to_date(a)), self._check(_to_date(b))
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for d in _days(start + _ONE_DAY, end) if self.is_working_day(d))

    # -- moments -------------------------------------------------------------

    def working_segments(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The working intervals of *day* as datetimes; empty on a day off."""
        d = _to_date(day)
        if not self.is_working_day(d):
            return ()
        return tuple((datetime.combine(d, s), datetime.combine(d, e)) for s, e in self.hours.segments)

    def is_working_moment(self, moment: datetime) -> bool:
        """True if the office is open at *moment* (start inclusive, end exclusive)."""
        dt = _to_datetime(moment)
        return any(s <= dt < e for s, e in self.working_segments(dt.date()))

    def next_working_moment(self, moment: datetime | date) -> datetime:
        """*moment* itself if the office is open then, else the next opening.

        A moment in a break resumes when the break ends; a moment after
        closing, or on a day off, moves to the opening of the next working day.
        A plain ``date`` is taken as its midnight.
        """
        dt = _to_datetime(moment)
        for s, e in self.working_segments(dt.date()):
            if dt < s:
                return s
            if dt < e:
                return dt
        return datetime.combine(self.next_working_day(dt.date()), self.hours.start)

    # -- limits --------------------------------------------------------------

    def add(self, start: datetime | date, value: int, unit: str) -> datetime:
        """The moment a limit of *value* *unit* from *start* expires.

        Units: ``minute``, ``hour``, ``working_day``, ``calendar_day``; see the
        module docstring for the counting rules. Use :meth:`deadline` for the
        same result with its provenance.
        """
        return self.deadline(start, value, unit).due

    def deadline(self, start: datetime | date, value: int, unit: str) -> Deadline:
        """Count a limit and return the due moment with the rule and data used."""
        unit = check_unit(unit)
        value = check_value(value)
        start_dt = _to_datetime(start)
        try:
            begins, due, rule = self._count(start_dt, value, unit)
            days_off = tuple(
                self.explain(d) for d in _days(start_dt.date(), due.date()) if not self.is_working_day(d)
            )
        except CalendarError as exc:
            raise CalendarError(f"cannot count {value} {unit} from {start_dt:%Y-%m-%d %H:%M}: {exc}") from None
        beyond = tuple(range(max(start_dt.year, self.horizon.year + 1), due.year + 1))
        return Deadline(
            provisional=bool(beyond),
            note=self.provisional_reason(beyond) if beyond else None,
            start=start_dt,
            value=value,
            unit=unit,
            begins=begins,
            due=due,
            rule=rule,
            days_off=days_off,
            as_of=self.as_of,
            data=self.data,
        )

    def _count(self, start: datetime, value: int, unit: str) -> tuple[datetime, datetime, str]:
        self._check(start.date())
        if value == 0:
            moment = self.next_working_moment(start)
            return moment, moment, _ZERO_RULE
        if unit in TIME_UNITS:
            begins = self.next_working_moment(start)
            minutes = value * 60 if unit == HOUR else value
            return begins, self._add_working_minutes(begins, minutes), RULES[unit]
        if unit == WORKING_DAY:
            first = last = self.next_working_day(start.date())
            for _ in range(value - 1):
                last = self.next_working_day(last)
            return datetime.combine(first, self.hours.start), datetime.combine(last, self.hours.end), RULES[unit]
        # calendar_day
        first = start.date() + _ONE_DAY
        if value > (self.provisional_horizon - start.date()).days:
            raise CalendarError(
                f"day {value} falls beyond the calendar's horizon {self.provisional_horizon.isoformat()}"
            )
        last = start.date() + timedelta(days=value)
        while not self.is_working_day(last):
            last += _ONE_DAY
        return datetime.combine(first, time.min), datetime.combine(last, self.hours.end), RULES[unit]

    def _add_working_minutes(self, begins: datetime, minutes: int) -> datetime:
        """Spend *minutes* of office time from *begins* (a working moment)."""
        remaining = timedelta(minutes=minutes)
        cursor = begins
        per_day = timedelta(minutes=self.hours.minutes_per_day)
        while True:
            segments = self.working_segments(cursor.date())
            # Whole days are skipped in one step so long limits stay cheap.
            if cursor == segments[0][0] and remaining > per_day:
                remaining -= per_day
            else:
                for seg_start, seg_end in segments:
                    if seg_end <= cursor:
                        continue
                    begin = max(cursor, seg_start)
                    available = seg_end - begin
                    if remaining <= available:
                        return begin + remaining
                    remaining -= available
            cursor = datetime.combine(self.next_working_day(cursor.date()), self.hours.start)

    # -- internals -----------------------------------------------------------

    def _check(self, d: date) -> date:
        if d < EARLIEST:
            raise CalendarError(
                f"{d.isoformat()} is before {EARLIEST.isoformat()} (Kazakhstan's independence); "
                "the calendar cannot speak for it"
            )
        if d > self.provisional_horizon:
            if self.provisional_horizon > self.horizon:
                raise CalendarError(
                    f"{d.isoformat()} is beyond the calendar's horizon {self.provisional_horizon.isoformat()} "
                    f"(holidays {self.data.holidays_version} estimates Kurban Ait only through "
                    f"{self.provisional_horizon.year}); the calendar cannot speak for it"
                )
            raise CalendarError(
                f"{d.isoformat()} is beyond the calendar's horizon {self.horizon.isoformat()} "
                f"(holidays {self.data.holidays_version} + overrides cover through {self.horizon.year}); "
                "add that year's decree days and a [[coverage.complete]] entry to the overrides to extend it, "
                "or allow provisional answers"
            )
        return d

    def _explain(self, d: date) -> DayInfo:
        info = self._explain_layers(d)
        if d > self.horizon:
            return replace(info, provisional=True,
                           reason=f"{info.reason}; provisional: no day-off transfer act for {d.year} in the data")
        return info

    def _explain_layers(self, d: date) -> DayInfo:
        package = self._explain_from_package(d)
        entry = self.overrides.get(d)
        if entry is None:
            return package
        source = entry.source + (f" <{entry.url}>" if entry.url else "")
        if entry.working == package.working:
            reason = entry.name or package.reason
        else:
            default = "working day" if entry.working else "day off"
            reason = (
                f"{entry.name or default} (overrides {self._package_source}, "
                f"which says {'working day' if package.working else 'day off'}: {package.reason})"
            )
        return DayInfo(d, entry.working, reason, source, "override")

    def _explain_from_package(self, d: date) -> DayInfo:
        name = self._package.get(d)  # also populates the year on first use
        weekend = d.weekday() in _WEEKEND
        day_name = _DAY_NAMES[d.weekday()]
        if weekend and d in self._package.weekend_workdays:
            moved_to = self._transfer_target(d)
            target = f"; its day off moved to {_DAY_NAMES[moved_to.weekday()]} {moved_to.isoformat()}" if moved_to else ""
            return DayInfo(
                d, True, f"{day_name} worked under a Government day-off transfer{target}", self._package_source, "holidays"
            )
        if name:
            return DayInfo(d, False, self._describe_holiday(str(name)), self._package_source, "holidays")
        if weekend:
            return DayInfo(d, False, f"{day_name}, weekly day off", "five-day working week", "weekend")
        return DayInfo(d, True, f"{day_name}, ordinary working day", "five-day working week", "weekday")

    @staticmethod
    def _describe_holiday(name: str) -> str:
        """Reword the package's labels into something a reader of a regulation expects."""
        parts = []
        for part in name.split("; "):
            match = _SUBSTITUTED.search(part)
            if match:
                month, day, year = (int(g) for g in match.groups())
                source_day = date(year, month, day)
                part = (
                    f"Day off moved from {_DAY_NAMES[source_day.weekday()]} {source_day.isoformat()} "
                    "by a Government transfer decree"
                )
            elif part.endswith("(observed)"):
                part = f"{part}: the holiday fell on a weekend and moves to the next working day"
            parts.append(part)
        return "; ".join(parts)

    def _transfer_target(self, worked: date) -> date | None:
        """The weekday that got the day off a worked Saturday gave up."""
        needle = f"substituted from {worked:%m/%d/%Y}"
        for year in (worked.year, worked.year + 1):
            _ = date(year, 1, 1) in self._package  # populate the year
            for d, name in self._package.items():
                if d.year == year and needle in str(name):
                    return d
        return None


def _fingerprint(version: str, layers: Overrides, through: int, hours: WorkingHours, last: date) -> str:
    """A content hash of everything a count depends on (see :class:`DataVersion`)."""
    parts = [f"rules:{RULES_VERSION}", f"holidays:{version}", f"through:{through}", f"hours:{hours}",
             f"last:{last.isoformat()}"]
    parts += [f"year:{y}" for y in layers.complete_years]
    parts += [f"day:{e.day.isoformat()}:{e.kind}" for e in layers]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:12]


def _to_date(value: date) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise CalendarError(f"expected a naive local date-time, got an aware one: {value.isoformat()}")
        return value.date()
    if isinstance(value, date):
        return value
    raise CalendarError(f"expected a date, got {value!r}")


def _to_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise CalendarError(
                f"expected a naive local date-time (office time), got an aware one: {value.isoformat()}"
            )
        return value
    if isinstance(value, date):
        return datetime.combine(value, time.min)
    raise CalendarError(f"expected a datetime, got {value!r}")


def _days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += _ONE_DAY
