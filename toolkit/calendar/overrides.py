"""Our own calendar data, layered over the ``holidays`` package.

Why a separate file: the ``holidays`` package is the base, but it lags behind
the Government's yearly day-off transfer decrees and the Kurban Ait date the
Spiritual Administration of Muslims of Kazakhstan announces each year, and it
never says *which* decree a transfer comes from. An override file fixes both:
every entry is one date, its kind (``day_off`` or ``working_day``) and the
source that makes it so (a decree number and date, or an announced Kurban Ait
date). Entries win over the package; the calendar's ``explain`` cites them.

The file also states the data's *horizon*: the last year whose transfers and
Kurban Ait date are known. ``holidays_package_through`` says how far the
package was checked to be complete; ``[[coverage.complete]]`` entries extend
that year by year once the overrides for that year are in.

Format (TOML; a ``.json`` file with the same structure and ISO date strings is
accepted too)::

    format = 1

    [coverage]
    holidays_package_through = 2025      # only the bundled file needs it
    checked_with_holidays = "0.109"      # informational

    [[coverage.complete]]                # our entries complete this year
    year = 2026
    source = "Government decree No. … of …; Kurban Ait announced by …"

    [[day]]
    date = 2017-03-18
    kind = "working_day"                 # or "day_off"
    name = "Working Saturday (day off moved to Monday 20 March)"
    source = "Government of the RK decree No. 5 (2017) on the transfer of days off in 2017"
    url = "https://adilet.zan.kz/rus/docs/P1700000005"   # optional
    note = "…"                                           # optional
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from .errors import CalendarError

DAY_OFF: Final = "day_off"
WORKING_DAY: Final = "working_day"
KINDS: Final[tuple[str, ...]] = (DAY_OFF, WORKING_DAY)

FORMAT_VERSION: Final = 1
BUNDLED_NAME: Final = "overrides.toml"

_DAY_KEYS = {"date", "kind", "source", "name", "url", "note"}
_COMPLETE_KEYS = {"year", "source"}
_COVERAGE_KEYS = {"holidays_package_through", "checked_with_holidays", "complete"}
_TOP_KEYS = {"format", "coverage", "day"}


@dataclass(frozen=True)
class Override:
    """One date whose status we state ourselves, with the act that says so."""

    day: date
    kind: str
    source: str
    name: str = ""
    url: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise CalendarError(f"override date must be a date, got {self.day!r}")
        if self.kind not in KINDS:
            raise CalendarError(
                f"override {self.day}: kind must be one of {', '.join(KINDS)}, got {self.kind!r}"
            )
        if not isinstance(self.source, str) or not self.source.strip():
            raise CalendarError(f"override {self.day}: a source (decree or announcement) is required")
        for attr in ("name", "url", "note"):
            if not isinstance(getattr(self, attr), str):
                raise CalendarError(f"override {self.day}: {attr} must be a string")

    @property
    def working(self) -> bool:
        """True for ``working_day`` entries."""
        return self.kind == WORKING_DAY


@dataclass(frozen=True)
class CompleteYear:
    """A year our overrides complete beyond the ``holidays`` package."""

    year: int
    source: str

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise CalendarError(f"coverage year must be an integer, got {self.year!r}")
        if not isinstance(self.source, str) or not self.source.strip():
            raise CalendarError(f"coverage year {self.year}: a source is required")


#: Largest overrides file read: a year's decree is a few kilobytes.
MAX_OVERRIDES_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Overrides:
    """An immutable set of :class:`Override` entries plus coverage claims.

    Build it with :meth:`load`, :meth:`bundled`, :meth:`from_entries` or
    :meth:`empty`; combine layers with :meth:`merged` (the later layer wins on
    a date it also lists).
    """

    days: Mapping[date, Override] = field(default_factory=lambda: MappingProxyType({}))
    complete_years: Mapping[int, CompleteYear] = field(default_factory=lambda: MappingProxyType({}))
    holidays_package_through: int | None = None
    labels: tuple[str, ...] = ()

    # -- construction -------------------------------------------------------

    @classmethod
    def empty(cls) -> Overrides:
        """No entries, no coverage claims."""
        return cls()

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[Override],
        *,
        complete_years: Iterable[CompleteYear] = (),
        holidays_package_through: int | None = None,
        label: str = "in-memory overrides",
    ) -> Overrides:
        """Build from Python objects (handy in tests and notebooks)."""
        days: dict[date, Override] = {}
        for entry in entries:
            if entry.day in days:
                raise CalendarError(f"{label}: date {entry.day} is listed twice")
            days[entry.day] = entry
        years: dict[int, CompleteYear] = {}
        for item in complete_years:
            if item.year in years:
                raise CalendarError(f"{label}: coverage year {item.year} is listed twice")
            years[item.year] = item
        if holidays_package_through is not None and (
            isinstance(holidays_package_through, bool) or not isinstance(holidays_package_through, int)
        ):
            raise CalendarError(
                f"{label}: holidays_package_through must be a year, got {holidays_package_through!r}"
            )
        return cls(
            days=MappingProxyType(dict(sorted(days.items()))),
            complete_years=MappingProxyType(dict(sorted(years.items()))),
            holidays_package_through=holidays_package_through,
            labels=(label,),
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, label: str | None = None) -> Overrides:
        """Read a ``.toml`` or ``.json`` overrides file.

        The label recorded for provenance is the file name plus the first 12
        hex digits of its SHA-256, so a result can say exactly which data it
        used.
        """
        path = Path(path)
        try:
            # A FIFO or a device (/dev/zero) would block or never end: only a regular file of
            # a decree's size is read.
            info = path.stat()
            if not stat.S_ISREG(info.st_mode):
                raise CalendarError(f"cannot read overrides file {path}: not a regular file")
            if info.st_size > MAX_OVERRIDES_BYTES:
                raise CalendarError(f"overrides file {path} is {info.st_size} bytes, over the "
                                    f"{MAX_OVERRIDES_BYTES}-byte limit")
            raw = path.read_bytes()
        except OSError as exc:
            raise CalendarError(f"cannot read overrides file {path}: {exc.strerror or exc}") from None
        return cls._parse(raw, suffix=path.suffix.lower(), label=label or str(path))

    @classmethod
    def bundled(cls) -> Overrides:
        """The overrides shipped in ``toolkit/calendar/data/overrides.toml``."""
        resource = resources.files(__package__).joinpath("data", BUNDLED_NAME)
        raw = resource.read_bytes()
        overrides = cls._parse(raw, suffix=".toml", label=f"toolkit.calendar/data/{BUNDLED_NAME}")
        if overrides.holidays_package_through is None:
            raise CalendarError(f"bundled {BUNDLED_NAME} must set coverage.holidays_package_through")
        return overrides

    @classmethod
    def _parse(cls, raw: bytes, *, suffix: str, label: str) -> Overrides:
        digest = hashlib.sha256(raw).hexdigest()[:12]
        full_label = f"{label} sha256:{digest}"
        try:
            if suffix == ".json":
                data = json.loads(raw.decode("utf-8"))
            elif suffix == ".toml":
                data = tomllib.loads(raw.decode("utf-8"))
            else:
                raise CalendarError(f"{label}: overrides must be a .toml or .json file")
        except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CalendarError(f"{label}: not valid {suffix[1:].upper()}: {exc}") from None
        if not isinstance(data, dict):
            raise CalendarError(f"{label}: the top level must be a table/object")
        _no_unknown_keys(data, _TOP_KEYS, label)
        fmt = data.get("format", FORMAT_VERSION)
        if fmt != FORMAT_VERSION:
            raise CalendarError(f"{label}: unsupported format {fmt!r} (expected {FORMAT_VERSION})")

        coverage = data.get("coverage", {})
        if not isinstance(coverage, dict):
            raise CalendarError(f"{label}: [coverage] must be a table")
        _no_unknown_keys(coverage, _COVERAGE_KEYS, f"{label} [coverage]")
        complete = []
        for i, item in enumerate(_list_of_tables(coverage.get("complete", []), f"{label} coverage.complete")):
            where = f"{label} coverage.complete[{i}]"
            _no_unknown_keys(item, _COMPLETE_KEYS, where)
            complete.append(_wrap(where, CompleteYear, year=item.get("year"), source=item.get("source", "")))

        entries = []
        for i, item in enumerate(_list_of_tables(data.get("day", []), f"{label} day")):
            where = f"{label} day[{i}]"
            _no_unknown_keys(item, _DAY_KEYS, where)
            entries.append(
                _wrap(
                    where,
                    Override,
                    day=_as_date(item.get("date"), where),
                    kind=item.get("kind"),
                    source=item.get("source", ""),
                    name=item.get("name", ""),
                    url=item.get("url", ""),
                    note=item.get("note", ""),
                )
            )
        return cls.from_entries(
            entries,
            complete_years=complete,
            holidays_package_through=coverage.get("holidays_package_through"),
            label=full_label,
        )

    # -- combination and lookup --------------------------------------------

    def merged(self, other: Overrides) -> Overrides:
        """Layer *other* on top of ``self``: its entries replace ours on the same date.

        Coverage years are united; *other*'s ``holidays_package_through`` is
        used only if it sets one.
        """
        days = {**self.days, **other.days}
        years = {**self.complete_years, **other.complete_years}
        through = (
            other.holidays_package_through
            if other.holidays_package_through is not None
            else self.holidays_package_through
        )
        return Overrides(
            days=MappingProxyType(dict(sorted(days.items()))),
            complete_years=MappingProxyType(dict(sorted(years.items()))),
            holidays_package_through=through,
            labels=self.labels + other.labels,
        )

    def get(self, day: date) -> Override | None:
        """The entry for *day*, if any."""
        return self.days.get(day)

    def __iter__(self) -> Iterator[Override]:
        return iter(self.days.values())

    def __len__(self) -> int:
        return len(self.days)

    def __contains__(self, day: object) -> bool:
        return day in self.days


def _wrap(where: str, factory: Any, **kwargs: Any) -> Any:
    """Build an entry, prefixing any error with where in the file it came from."""
    try:
        return factory(**kwargs)
    except CalendarError as exc:
        raise CalendarError(f"{where}: {exc}") from None
    except TypeError as exc:
        raise CalendarError(f"{where}: {exc}") from None


def _no_unknown_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise CalendarError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _list_of_tables(value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CalendarError(f"{where} must be an array of tables")
    return value


def _as_date(value: Any, where: str) -> date:
    """TOML gives native dates; JSON gives ISO strings."""
    if isinstance(value, datetime):
        raise CalendarError(f"{where}: date must be a plain date, got a date-time {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CalendarError(f"{where}: date must be YYYY-MM-DD, got {value!r}")
