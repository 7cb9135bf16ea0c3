"""PDF page furniture inside the text: page numbers, the Adilet footer, form feeds.

A copy printed from Adilet to PDF and extracted back carries, at every page
break, a page number and the footer "«Әділет» ақпараттық-құқықтық жүйесі" (or
its Russian form), and sometimes a form feed. None of it is the act's text, but
a page number that lands between "1 (бір)" and "жұмыс күн" reads as
"3 жұмыс күн". This module finds such lines so :func:`toolkit.text.flat.flatten`
can drop them, each with a notice naming its line.

What counts as furniture (a whole line, after trimming):

* the footer: a line naming the Adilet information system or its publisher in
  the nominative ("«Әділет» ақпараттық-құқықтық жүйесі", "ИПС «Әділет»",
  "Информационно-правовая система … «Әділет»", "Институт законодательства и
  правовой информации …", "adilet.zan.kz"), optionally with a page number —
  a sentence that *mentions* the system ("… жүйесінде жарияланған") is text;
* an explicit page marker: "Бет 3", "3-бет", "Страница 3", "стр. 3", "3 / 10", "- 3 -";
* a bare number of 1–3 digits when the page break shows around it (a blank
  line, a form feed or a footer next to it), when it follows a number already
  written out in words ("1 (бір)" — a number never follows that), or when it
  stands between two sentences. A bare number wrapped off a limit
  ("- 30" / "(отыз) минут") is text and stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import parse_number_words

__all__ = ["Furniture", "find_furniture"]

_FOOTER = re.compile(
    r"^[\W\d]*(?:"
    r"(?:Қазақстан\s+Республикасының\s+)?(?:нормативтік\s+құқықтық\s+актілерінің\s+)?"
    r"[«\"“]?\s*Әділет\s*[»\"”]?\s+ақпараттық\s*[-‐–]?\s*құқықтық\s+жүйесі"
    r"|(?:ИПС|Информационно\s*[-‐–]?\s*правовая\s+система)\b.*Әділет\W*"
    r"|.*Институт\s+законодательства\s+и\s+правовой\s+информации.*"
    r"|.*Заңнама\s+және\s+құқықтық\s+ақпарат\s+институты.*"
    r"|(?:https?://)?adilet\.zan\.kz\S*"
    r")[\W\d]*(?:бет|стр\.?|страница)?[\W\d]*$",
    re.IGNORECASE,
)
_PAGE_MARKER = re.compile(
    r"^(?:(?:бет|страница|стр\.?)\s*\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*-?\s*бет"
    r"|\d{1,4}\s*(?:/|из)\s*\d{1,4}"
    r"|[-–—]\s*\d{1,4}\s*[-–—])$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_NUMBER_IN_WORDS_BEFORE = re.compile(r"\d\s*\([^()\d]{1,80}\)\s*$")
_SENTENCE_END = re.compile(r"[.;:!?»\"”]\s*$")
_SENTENCE_START = re.compile(r"^(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ«\"“]|\d{1,3}\s*[).])")
#: What follows the number of a time limit: its unit, or its words in brackets (checked to be number words).
_UNIT_START = re.compile(r"^(?:минут|сағат|жұмыс|күн|час|рабоч|календар|дн[яеё])\w*", re.IGNORECASE)
_WORDS_START = re.compile(r"^\(\s*([^()\d]{1,80}?)\s*(?:\)|$)")


def _limit_continues(after: str) -> bool:
    """True when *after* goes on with a time limit's unit or its number in words."""
    if _UNIT_START.match(after):
        return True
    words = _WORDS_START.match(after)
    return words is not None and parse_number_words(words.group(1)) is not None


@dataclass(frozen=True)
class Furniture:
    """A line (0-based index) that is page furniture, and what it was."""

    index: int
    kind: str
    text: str


def _kind(line: str) -> str | None:
    """``footer`` / ``page number`` for a line that is one whatever its neighbours."""
    if _FOOTER.match(line):
        return "footer"
    if _PAGE_MARKER.match(line):
        return "page number"
    return None


def find_furniture(lines: list[str]) -> list[Furniture]:
    """Every furniture line among *lines* (raw lines of the text, without line ends)."""
    stripped = [ln.replace("\f", " ").strip() for ln in lines]
    breaks = {i for i, ln in enumerate(lines) if "\f" in ln or not ln.strip()}
    found: dict[int, Furniture] = {}
    for i, text in enumerate(stripped):
        kind = _kind(text) if text else None
        if kind:
            found[i] = Furniture(i, kind, text)
            breaks.add(i)
    for i, text in enumerate(stripped):
        if i in found or not _BARE_NUMBER.match(text):
            continue
        if _bare_number_is_furniture(stripped, breaks, i, own_break="\f" in lines[i]):
            found[i] = Furniture(i, "page number", text)
    return [found[i] for i in sorted(found)]


def _bare_number_is_furniture(lines: list[str], breaks: set[int], i: int, *, own_break: bool = False) -> bool:
    before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j] and j not in breaks), "")
    after = next((lines[j] for j in range(i + 1, len(lines)) if lines[j] and j not in breaks), "")
    if _NUMBER_IN_WORDS_BEFORE.search(before):
        return True  # "1 (бір)" then "3": the number is already written; this is the page's
    if _limit_continues(after):
        return False  # "- 30" then "(отыз) минут": the number of a limit, wrapped
    if own_break or i - 1 in breaks or i + 1 in breaks:
        return True
    return bool(_SENTENCE_END.search(before)) and bool(_SENTENCE_START.match(after))
