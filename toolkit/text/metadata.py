"""The act's header: title, number and adoption date, registration, status, repeal.

Adilet (the state legal database) prints every act with the same header —
title; a status line ("Күшін жойған" / "Утративший силу"); "<issuer> <date>
№ <number> қаулысы." / "Постановление … от <date> № <number>."; the
registration with the justice department; the repealing act — in Kazakh or in
Russian.  This module reads that header from the flat text.  Without an
adoption line the text is not an act this toolkit can read, so that is a
:class:`TextError`; everything else is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DATE_PATTERN, date_of
from .errors import TextError
from .flat import FlatText, Piece
from .model import ActRef, Span, Status

__all__ = ["Header", "parse_header", "detect_language"]

_NUM = r"(?P<num>(?:[^\W\d_]{1,2}\s*-\s*)?\d{1,5}(?:\s*/\s*\d{1,5}){0,3}(?:\s*-\s*[IVXLCІ]{1,6}(?!\w))?)"
_QUOTED = r"(?:[\"«“][^\"«»“”]{0,400}[\"»”]\s*)?"

_ADOPTION_KK = re.compile(
    rf"{DATE_PATTERN}\s*№\s*{_NUM}\s*(?:қаулысы|шешімі|бұйрығы|өкімі)(?!\w)", re.IGNORECASE
)
_ADOPTION_RU = re.compile(
    rf"(?-i:Постановлени[ея]|Решени[ея]|Приказ|Распоряжени[ея])\s+[^.№]{{0,200}}?от\s+{DATE_PATTERN}\s*№\s*{_NUM}",
    re.IGNORECASE,
)
_REGISTRATION_KK = re.compile(rf"{DATE_PATTERN}\s*№\s*{_NUM}\s*болып\s+тіркел", re.IGNORECASE)
_REGISTRATION_RU = re.compile(rf"Зарегистрирован\w*\s+[^№]{{0,200}}?{DATE_PATTERN}\s*№\s*{_NUM}", re.IGNORECASE)
_REPEAL_KK = re.compile(
    rf"Күші\s+жойылды\s*[-–—]?\s*[^№]{{0,300}}?{DATE_PATTERN}\s*№\s*{_NUM}", re.IGNORECASE
)
_REPEAL_RU = re.compile(
    rf"Утратил\w*\s+силу\s+[^№]{{0,300}}?(?:от\s+)?{DATE_PATTERN}\s*№\s*{_NUM}", re.IGNORECASE
)
_AMENDS = re.compile(rf"(?:от\s+)?{DATE_PATTERN}\s*{_QUOTED}№\s*{_NUM}", re.IGNORECASE)
_REPEALED = re.compile(
    r"Күшін\s+жойған|Күші\s+жойылған|Күші\s+жойылды|Утративш\w*\s+силу|Утратил\w*\s+силу", re.IGNORECASE
)
_IN_FORCE = re.compile(r"Қолданыстағы|Действующ\w*", re.IGNORECASE)
_RESOLVES = re.compile(
    r"ҚАУЛЫ\s+ЕТЕДІ|ШЕШІМ\s+ҚАБЫЛДАДЫ|ШЕШТІ|БҰЙЫРАМЫН|ПОСТАНОВЛЯЕТ|РЕШИЛ|ПРИКАЗЫВАЮ"
)
_TURALY = re.compile(r"туралы(?!\w)", re.IGNORECASE)
_NO_ADOPTION = 'no adoption line found ("<date> № <number> қаулысы" / "Постановление … от <date> № <number>")'
_HEADER_SAMPLE = 3000
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")


@dataclass(frozen=True)
class Header:
    """What the header says; ``end`` is where the act's operative part begins."""

    language: str
    title: str
    title_span: Span
    adoption: ActRef
    registration: ActRef | None
    status: Status
    status_span: Span | None
    repealed_by: ActRef | None
    amends: ActRef | None
    end: int


def detect_language(text: str) -> str:
    """``"kk"`` if letters only Kazakh has make up a noticeable share of the text, else ``"ru"``."""
    cyr = len(_CYRILLIC.findall(text)) + 1
    return "kk" if len(_KAZAKH_LETTERS.findall(text)) / cyr > 0.01 else "ru"


def _act_ref(flat: FlatText, m: re.Match[str]) -> ActRef | None:
    d = date_of(m)
    if d is None:
        return None
    number = re.sub(r"\s+", "", m.group("num"))
    return ActRef(number, d, flat.span(m.start(), m.end()))


def _first_ref(flat: FlatText, rx: re.Pattern[str], pos: int, endpos: int) -> tuple[ActRef, re.Match[str]] | None:
    for m in rx.finditer(flat.text, pos, endpos):
        ref = _act_ref(flat, m)
        if ref is not None:
            return ref, m
    return None


def parse_header(flat: FlatText, source: str) -> Header:
    """Read the header from the flat text; :class:`TextError` if there is no adoption line."""
    text = flat.text
    resolves = _RESOLVES.search(text)
    zone_end = resolves.start() if resolves else len(text)
    # The header decides the language: the restated texts may quote the other one.
    language = detect_language(text[: min(zone_end, _HEADER_SAMPLE)])
    found = None
    for lang in (language, "ru" if language == "kk" else "kk"):
        adoption_rx = _ADOPTION_KK if lang == "kk" else _ADOPTION_RU
        found = _first_ref(flat, adoption_rx, 0, zone_end) or _first_ref(flat, adoption_rx, 0, len(text))
        if found is not None:
            language = lang
            break
    if found is None:
        raise TextError(_NO_ADOPTION, source, 1)
    adoption, adoption_m = found

    status_m = _REPEALED.search(text, 0, zone_end)
    if status_m:
        status = Status.REPEALED
    else:
        status_m = _IN_FORCE.search(text, 0, zone_end)
        status = Status.IN_FORCE if status_m else Status.UNKNOWN
    status_span = flat.span(status_m.start(), status_m.end()) if status_m else None

    title_end = adoption_m.start()
    if status_m and status_m.start() < title_end:
        title_end = status_m.start()
    elif language == "kk":
        ends = [m.end() for m in _TURALY.finditer(text, 0, title_end)]
        if ends:
            title_end = ends[-1]
    title = Piece(flat, 0, title_end).strip(" .")
    if not title:
        raise TextError("no title before the adoption line", source, flat.line_at(adoption_m.start()))

    reg_rx = _REGISTRATION_KK if language == "kk" else _REGISTRATION_RU
    reg = _first_ref(flat, reg_rx, adoption_m.start(), zone_end)
    repeal_rx = _REPEAL_KK if language == "kk" else _REPEAL_RU
    repeal = _first_ref(flat, repeal_rx, 0, zone_end)
    amends = _first_ref(flat, _AMENDS, title.start, title.end)
    return Header(
        language=language,
        title=title.text,
        title_span=title.span,
        adoption=adoption,
        registration=reg[0] if reg else None,
        status=status,
        status_span=status_span,
        repealed_by=repeal[0] if repeal else None,
        amends=amends[0] if amends else None,
        end=max(zone_end if resolves else adoption_m.end(), adoption_m.end()),
    )
