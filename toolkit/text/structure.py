"""Find the amended regulations and the restated clauses in an act's operative part.

The genre: ``1) "<title>" мемлекеттік көрсетілетін қызмет регламентінде`` (or
``1) в регламенте государственной услуги «<title>»``) introduces a regulation;
a directive ``5 тармағының 1) тармақшасы төмендегідей редакцияда
мазмұндалсын:`` (``подпункт 1) пункта 5 изложить в следующей редакции:``)
restates a clause, whose new text follows in quotes.

The PDF extraction displaced directive fragments ("1) тармақшасы …
мазмұндалсын:5 тармағының"), so a directive is read as the bag of numbers
between the previous element and the opening quote of the new text, in any
order.  The new text ends at the first closing quote (optionally with ``;`` or
``.``) after which the act goes on with another directive, regulation or
numbered point — so quotes nested inside the clause ("электрондық кезек") do
not end it.  Scanning is strictly left to right and never looks inside a
clause for headers, so each step advances and the scan always terminates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import TextError
from .flat import FlatText, Piece
from .normalize import normalize

__all__ = ["RawRegulation", "RawClause", "scan_regulations"]

_OPEN_Q = "\"«“„"
_CLOSE_Q = "\"»”“"
_TITLE = r"[\"«“„]\s*(?P<title>[^\"«»“”„]{3,400}?)\s*[\"»”“]"
_NUMBER = r"(?:(?<![\w.])(?P<num>\d{1,2})\s*\)\s*)?"

_HEADER_KK = re.compile(
    _NUMBER + _TITLE + r"\s*,?\s*мемлекеттік\s+көрсет\w*\s+қызмет\w*\s*:?\s*регламент\w*",
    re.IGNORECASE,
)
_HEADER_RU = re.compile(
    _NUMBER + r"в\s+регламент\w*\s+(?:оказания\s+)?государственной\s+услуги\s*" + _TITLE,
    re.IGNORECASE,
)
_VERB = re.compile(
    r"редакцияда\s+(?:мазмұндалсын|жазылсын)|изложить\s+в\s+(?:\w+\s+)?редакции",
    re.IGNORECASE,
)
_PARA = re.compile(
    r"(?<![\w)])(\d{1,3})\s*-?\s*тарма(?:ғ|қ(?!ша))\w*|(?<!\w)пункт\w*\s+(\d{1,3})(?!\d|\s*\))",
    re.IGNORECASE,
)
_SUB = re.compile(r"(\d{1,3})\s*\)\s*тармақша\w*|(?<!\w)подпункт\w*\s+(\d{1,3})\s*\)", re.IGNORECASE)
# A closing quote is followed by a space, punctuation or the end; a quote right
# before a letter or digit ("1) …, "8. …) opens something.
_CLOSE = re.compile(r"[\"»”“](?=[\s;.,:)]|$)\s*[;.]?")
# What may follow the end of a restated text.
_FOLLOW = re.compile(
    r"\d{1,3}\s*\.\s"
    r"|\d{1,3}\s*\)\s*(?:[\"«“„]|тармақша|в\s+регламент)"
    r"|\d{1,3}\s*-?\s*тарма[ғқ]"
    r"|(?:под)?пункт\w*\s+\d"
    r"|абзац"
    r"|в\s+регламент"
    r"|төмендегідей|мынадай",
    re.IGNORECASE,
)
_LOOKAHEAD = 300


@dataclass
class RawClause:
    """A directive and its restated text, before the text is parsed."""

    paragraph: int
    subparagraph: int | None
    directive: Piece
    body: Piece


@dataclass
class RawRegulation:
    """A regulation header and the clauses restated under it."""

    number: int | None
    title: str
    header: Piece
    clauses: list[RawClause] = field(default_factory=list)


class _NextMatch:
    """The next match of a pattern at or after a position that only moves forward.

    Searching afresh from every position would make the scan quadratic in the
    number of regulations; a match found earlier stays valid until the
    position passes its start, and "no match after p" stays true for later p.
    """

    def __init__(self, rx: re.Pattern[str], text: str) -> None:
        self._rx = rx
        self._text = text
        self._match: re.Match[str] | None = None
        self._searched_from = -1
        self._exhausted = False

    def at_or_after(self, pos: int) -> re.Match[str] | None:
        if self._exhausted:
            return None
        if self._match is None or self._match.start() < pos or self._searched_from > pos:
            self._match = self._rx.search(self._text, pos)
            self._searched_from = pos
            self._exhausted = self._match is None
        return self._match


def _accepts_end(text: str, follow: int) -> bool:
    """Whether the act can go on at ``follow`` after a restated text ends."""
    while follow < len(text) and text[follow] == " ":
        follow += 1
    if follow >= len(text) or _FOLLOW.match(text, follow):
        return True
    if _HEADER_KK.match(text, follow) or _HEADER_RU.match(text, follow):
        return True
    verb = _VERB.search(text, follow, min(len(text), follow + _LOOKAHEAD))
    if verb is None:
        return False
    between = text[follow : verb.start()]
    return not any(q in between for q in _OPEN_Q + _CLOSE_Q)


def _title_closes(text: str, start: int) -> set[int]:
    """Offsets of the quotes that close a regulation title ("…" мемлекеттік көрсетілетін …).

    Such a quote is followed by the rest of a header and then a directive, so
    it would pass for the end of a restated text if not excluded.
    """
    closes: set[int] = set()
    for rx in (_HEADER_KK, _HEADER_RU):
        for m in rx.finditer(text, start):
            i = m.end("title")
            while i < len(text) and text[i] not in _CLOSE_Q:
                i += 1
            closes.add(i)
    return closes


def _body_end(flat: FlatText, start: int, title_closes: set[int], source: str) -> tuple[int, int]:
    """(end of the restated text, end of its closing quote and punctuation).

    Closing quotes with ``;``/``.`` after them are preferred; a bare closing
    quote is accepted only if no punctuated one fits.
    """
    text = flat.text
    for punctuated in (True, False):
        for m in _CLOSE.finditer(text, start):
            if m.start() == start or m.start() in title_closes:
                continue
            if punctuated and text[m.end() - 1] not in ";.":
                continue
            if _accepts_end(text, m.end()):
                return m.start(), m.end()
    raise TextError("the restated text opened here is never closed", source, flat.line_at(start - 1))


def _directive_numbers(window: str) -> tuple[int | None, int | None]:
    para = next((int(m.group(1) or m.group(2)) for m in _PARA.finditer(window)), None)
    sub = next((int(m.group(1) or m.group(2)) for m in _SUB.finditer(window)), None)
    return para, sub


def scan_regulations(flat: FlatText, start: int, source: str) -> list[RawRegulation]:
    """All regulation headers and restated clauses from ``start`` on, in order."""
    text = flat.text
    regs: list[RawRegulation] = []
    pos = start
    title_closes = _title_closes(text, start)
    next_kk, next_ru, next_verb = (_NextMatch(rx, text) for rx in (_HEADER_KK, _HEADER_RU, _VERB))
    while pos < len(text):
        headers = [m for m in (next_kk.at_or_after(pos), next_ru.at_or_after(pos)) if m]
        header = min(headers, key=lambda m: m.start()) if headers else None
        verb = next_verb.at_or_after(pos)
        if header is None and verb is None:
            break
        if header is not None and (verb is None or header.start() < verb.start()):
            num = header.group("num")
            reg = RawRegulation(
                number=int(num) if num else None,
                title=" ".join(header.group("title").split()),
                header=Piece(flat, header.start(), header.end()),
            )
            # "… № 112 «X» регламентін бекіту туралы" қаулысына …: көрсетілген қаулымен
            # бекітілген «X» … регламентінде:" names the same regulation twice; keep one.
            if regs and not regs[-1].clauses and normalize(regs[-1].title) == normalize(reg.title):
                reg.number = reg.number if reg.number is not None else regs[-1].number
                regs[-1] = reg
            else:
                regs.append(reg)
            pos = header.end()
            continue
        assert verb is not None
        line = flat.line_at(verb.start())
        if not regs:
            raise TextError("a clause is restated before any regulation is named", source, line)
        quote = next(
            (i for i in range(verb.end(), min(len(text), verb.end() + _LOOKAHEAD)) if text[i] in _OPEN_Q),
            None,
        )
        if quote is None:
            raise TextError("the restatement directive is not followed by a quoted text", source, line)
        para, sub = _directive_numbers(text[pos:quote])
        if para is None:
            raise TextError("the restatement directive names no paragraph (тармақ / пункт)", source, line)
        body_end, close_end = _body_end(flat, quote + 1, title_closes, source)
        regs[-1].clauses.append(
            RawClause(
                paragraph=para,
                subparagraph=sub,
                directive=Piece(flat, pos, quote).strip(),
                body=Piece(flat, quote + 1, body_end).strip(),
            )
        )
        pos = close_end
    return regs
