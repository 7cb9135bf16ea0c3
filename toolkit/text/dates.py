"""Dates as acts write them: ``2017 жылғы 29 маусымдағы``, ``29 июня 2017 года``, ``18.06.2019``.

Kazakh puts the year first and inflects the month (``маусымдағы``,
``шілдеде``), so months are matched by stem.  An impossible date (31 ақпан)
is not a date: :func:`date_of` returns ``None`` and the caller moves on,
because broken input must never surface as a bare ``ValueError`` from
:class:`datetime.date`.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["DATE_PATTERN", "date_of", "KAZAKH_MONTHS", "RUSSIAN_MONTHS"]

KAZAKH_MONTHS: dict[str, int] = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}
RUSSIAN_MONTHS: dict[str, int] = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}

_KK_MONTH = "|".join(KAZAKH_MONTHS)
_RU_MONTH = r"январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь]"

#: One date in any of the three forms; use :func:`date_of` on the match.
DATE_PATTERN = (
    rf"(?:(?P<ky>\d{{4}})\s*(?:жылғы|ж\.)\s*(?P<kd>\d{{1,2}})\s*(?P<km>{_KK_MONTH})\w*"
    rf"|(?<![\d.])(?P<dd>\d{{1,2}})\.(?P<dm>\d{{1,2}})\.(?P<dy>\d{{4}})(?:\s*(?:ж\.|жылғы|года|г\.))?"
    rf"|(?<!\d)(?P<rd>\d{{1,2}})\s+(?P<rm>{_RU_MONTH})\s+(?P<ry>\d{{4}})(?:\s*(?:года|г\.))?)"
)


def _ru_month(word: str) -> int | None:
    w = word.lower()
    for stem, n in sorted(RUSSIAN_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return n
    return None


def date_of(m: re.Match[str]) -> date | None:
    """The date a :data:`DATE_PATTERN` match denotes, or ``None`` if it is impossible."""
    try:
        if m.group("ky"):
            return date(int(m.group("ky")), KAZAKH_MONTHS[m.group("km").lower()], int(m.group("kd")))
        if m.group("dy"):
            return date(int(m.group("dy")), int(m.group("dm")), int(m.group("dd")))
        if m.group("ry"):
            month = _ru_month(m.group("rm"))
            return date(int(m.group("ry")), month, int(m.group("rd"))) if month else None
    except (ValueError, KeyError):
        return None
    return None
