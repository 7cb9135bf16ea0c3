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
* a bare number of 1–3 digits on its own line. The act never writes a number
  alone on a line, so it is the page's — mid-sentence, between two steps, next to
  a blank line, form feed or footer, or after a limit's number ("1 (бір)" / "3") —
  unless it reads as part of the sentence: a limit's number wrapped ("- 30" /
  "(отыз) минут"), a date's day ("2016 жылғы" / "30" / "мамырдағы"), a
  reference ("пункте" / "9" / "Стандарта", "№" / "37").
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
#: A line that ends inside or just after a limit's number: "- 30", "30 (", "1 (бір)", "6 (алты) жұмыс",
#: "1 (бір) минут" — a limit has one number, so a bare number after that is the page's.
_NUMBER_BEFORE = re.compile(
    r"(?:\d\s*\([^()\d]{1,80}\)(?:\s+[^\s\d()]+){0,2}"
    r"|(?:^|[\s–—-])\d{1,3}(?:\s*\()?)\s*$"
)
#: What a number written alone on a line can be besides a page number: a date's day ("2016 жылғы" /
#: "30" / "мамырдағы", "от" / "15" / "июня"), a reference ("пункте" / "9" / "Стандарта", "5" /
#: "тармағының", "9" / "-тармағында"), a number ("№" / "37"). Anything else is the page's.
_MONTHS = (r"қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан"
           r"|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр")
_REFERENCES = (r"тармақ|пункт|подпункт|бөлім|раздел|глав|бап|стат|қосымша|приложени|жыл|год|сағат|минут"
               r"|күн|дн|час|процесс|шарт|услови|қадам|этап")
_KEEP_AFTER = re.compile(rf"^(?:[-‐–—/.,)%]|(?:{_MONTHS}|{_REFERENCES}))", re.IGNORECASE)
_KEEP_BEFORE = re.compile(rf"(?:№|/|\b(?:от|{_REFERENCES})\w*)\s*$", re.IGNORECASE)
#: What follows the number of a time limit: its unit, or its words in brackets (checked to be number words).
_UNIT_START = re.compile(
    r"^(?:минут|сағат|күн|час|дн[яеё]|день"
    r"|(?:жұмыс|күнтізбелік|рабоч\w*|календарн\w*)\s+(?:күн|дн|день))\w*",
    re.IGNORECASE,
)
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
    found: dict[int, Furniture] = {}
    for i, text in enumerate(stripped):
        kind = _kind(text) if text else None
        if kind:
            found[i] = Furniture(i, kind, text)
    # A blank line, a footer or a page marker is no text; a form feed is a page break but its line
    # may hold text, which is what comes before or after a bare number.
    empty = {i for i, text in enumerate(stripped) if not text} | set(found)
    breaks = empty | {i for i, ln in enumerate(lines) if "\f" in ln}
    for i, text in enumerate(stripped):
        if i in found or not _BARE_NUMBER.match(text):
            continue
        if _bare_number_is_furniture(stripped, empty, breaks, i, own_break="\f" in lines[i]):
            found[i] = Furniture(i, "page number", text)
    return [found[i] for i in sorted(found)]


def _bare_number_is_furniture(lines: list[str], empty: set[int], breaks: set[int], i: int, *,
                              own_break: bool = False) -> bool:
    before = next((lines[j] for j in range(i - 1, -1, -1) if j not in empty), "")
    after = " ".join([lines[j] for j in range(i + 1, len(lines)) if j not in empty][:2])
    if _NUMBER_BEFORE.search(before):
        return True  # "1 (бір)" or "- 30" then "3": the limit's number is already written; this is the page's
    if _limit_continues(after):
        return False  # "- 30" then "(отыз) минут": the number of a limit, wrapped
    if own_break or i - 1 in breaks or i + 1 in breaks:
        return True
    # No page break shows: it is the page's number unless it reads as part of the sentence.
    return bool(before and after) and not (_KEEP_BEFORE.search(before) or _KEEP_AFTER.match(after))
