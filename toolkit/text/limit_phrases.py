"""Time-limit expressions: ``- 30 (отыз) минут``, ``–1 (бір) минут ішінде``,
``в течение 2 (двух) рабочих дней``.

Units are recognised in Kazakh and Russian in the forms the genre uses; a day
without "жұмыс"/"рабочий" or "күнтізбелік"/"календарный" is read as a calendar
day but flagged (``qualified=False``) so the parser can report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import TimeUnit
from .numbers import NUMBER_WORD_PATTERN, parse_number_words

__all__ = ["UNIT_PATTERNS", "LimitMatch", "find_limits", "unit_of"]

#: (regex, unit, qualified) — longer phrases first; matched case-insensitively.
UNIT_PATTERNS: tuple[tuple[str, TimeUnit, bool], ...] = (
    (r"жұмыс\s+күн\w*", TimeUnit.WORKING_DAY, True),
    (r"күнтізбелік\s+күн\w*", TimeUnit.CALENDAR_DAY, True),
    (r"рабоч(?:ий|их|его|ему|ими|ем)\s+(?:день|дня|дней|дн[ёе]м|дням)", TimeUnit.WORKING_DAY, True),
    (r"календарн(?:ый|ых|ого|ому|ыми|ом)\s+(?:день|дня|дней|дн[ёе]м|дням)", TimeUnit.CALENDAR_DAY, True),
    (r"сағат\w*", TimeUnit.HOUR, True),
    (r"час(?:а|ов|ам|у|ом)?", TimeUnit.HOUR, True),
    (r"минут\w*", TimeUnit.MINUTE, True),
    (r"күн\w*", TimeUnit.CALENDAR_DAY, False),
    (r"(?:день|дня|дней)", TimeUnit.CALENDAR_DAY, False),
)

_UNIT_RES = [(re.compile(p + r"(?!\w)", re.IGNORECASE), u, q) for p, u, q in UNIT_PATTERNS]
_UNIT_ALT = "|".join(f"(?:{p})" for p, _, _ in UNIT_PATTERNS)

_WITHIN_BEFORE = (r"(?:(?:в\s+срок\s+)?(?:не\s+более(?:\s+чем)?|не\s+позднее|не\s+позже|до)"
                  r"|в\s+течение|в\s+срок)")
_WITHIN_AFTER = r"(?:ішінде|iшiнде|ішінен|дейін|кешіктірмей|кешіктірілмей)"

_LIMIT = re.compile(
    rf"(?:(?P<pre>{_WITHIN_BEFORE})\s+)?"
    rf"(?:(?P<qual>күнтізбелік|жұмыс)\s+)?"
    rf"(?:(?P<digits>(?<![\w.,/])\d{{1,4}})\s*(?:\(\s*(?P<words>[^()\d]{{1,80}}?)\s*\)\s*)?"
    rf"|(?P<wonly>{NUMBER_WORD_PATTERN})\s+)"
    rf"(?P<unit>{_UNIT_ALT})(?!\w)"
    rf"(?:\s+(?P<post>{_WITHIN_AFTER})(?!\w))?",
    re.IGNORECASE,
)


#: A number already written out in words right before another number: "1 (бір) " + "3 жұмыс күн".
_WRITTEN_BEFORE = re.compile(r"(?<![\w.,/])(\d{1,4})\s*\(\s*([^()\d]{1,80}?)\s*\)\s*$")


def unit_of(phrase: str) -> tuple[TimeUnit, bool] | None:
    """TimeUnit of a unit phrase (``"рабочих дней"`` → working_day) and whether it was qualified."""
    for rx, unit, qualified in _UNIT_RES:
        if rx.fullmatch(phrase.strip()):
            return unit, qualified
    return None


@dataclass(frozen=True)
class LimitMatch:
    """A time limit found in a string; offsets are relative to that string.

    ``words_value`` is the number the words say (``None`` if there are no words
    or they cannot be read); ``value`` is the digits', or the words' if no digits.
    """

    start: int
    end: int
    value: int
    words: str | None
    words_value: int | None
    unit: TimeUnit
    qualified: bool
    within: bool
    raw: str
    #: A bare number found between a number in words and its unit ("1 (бір) 3 жұмыс күн") and
    #: left out of the limit: a page number run into the line, most likely.
    stray: str | None = None


def find_limits(text: str, pos: int = 0, endpos: int | None = None) -> list[LimitMatch]:
    """Every time limit in ``text[pos:endpos]``, in order."""
    endpos = len(text) if endpos is None else endpos
    out: list[LimitMatch] = []
    for m in _LIMIT.finditer(text, pos, endpos):
        start = m.start()
        unit_info = unit_of(m.group("unit"))
        if m.group("qual"):
            # "күнтізбелік он күн": a day qualifier may precede the number;
            # before any other unit the word is not part of the limit.
            combined = unit_of(f"{m.group('qual')} {m.group('unit')}")
            if combined is not None:
                unit_info = combined
            elif not m.group("pre"):
                start = m.start("digits") if m.group("digits") else m.start("wonly")
        if unit_info is None:  # pragma: no cover - the alternation and the table agree
            continue
        words = m.group("words") or m.group("wonly")
        words = " ".join(words.split()) if words else None
        words_value = parse_number_words(words) if words else None
        if m.group("digits"):
            value = int(m.group("digits"))
        elif words_value is not None:
            value = words_value
        else:
            continue
        within = bool(m.group("pre") or m.group("post"))
        stray = None
        if m.group("digits") and not m.group("words"):
            before = _WRITTEN_BEFORE.search(text, max(pos, start - 100), m.start("digits"))
            if before and parse_number_words(before.group(2)) == int(before.group(1)):
                stray, start = m.group("digits"), before.start()
                value, words = int(before.group(1)), " ".join(before.group(2).split())
                words_value = value
        out.append(
            LimitMatch(
                start=start,
                end=m.end(),
                value=value,
                words=words,
                words_value=words_value,
                unit=unit_info[0],
                qualified=unit_info[1],
                within=within,
                raw=" ".join(text[start : m.end()].split()),
                stray=stray,
            )
        )
    return out
