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
from .layout import FlatText, Piece

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
_CLOSE = re.compile(r"[\"»”“]\s*[;.]?")
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


def _next_header(text: str, pos: int) -> re.Match[str] | None:
    found = [m for m in (_HEADER_KK.search(text, pos), _HEADER_RU.search(text, pos)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _accepts_end(text: str, follow: int, header_at: re.Match[str] | None) -> bool:
    """Whether the act can go on at ``follow`` after a restated text ends."""
    while follow < len(text) and text[follow] == " ":
        follow += 1
    if follow >= len(text) or _FOLLOW.match(text, follow):
        return True
    if header_at is not None and header_at.start() == follow:
        return True
    verb = _VERB.search(text, follow, min(len(text), follow + _LOOKAHEAD))
    if verb is None:
        return False
    between = text[follow : verb.start()]
    return not any(q in between for q in _OPEN_Q + _CLOSE_Q)


def _body_end(flat: FlatText, start: int, source: str) -> tuple[int, int]:
    """(end of the restated text, end of its closing quote and punctuation)."""
    text = flat.text
    for m in _CLOSE.finditer(text, start):
        if m.start() == start:
            continue
        follow = m.end()
        if _accepts_end(text, follow, _next_header(text, follow) if follow < len(text) else None):
            return m.start(), m.end()
    raise TextError(source, flat.line_at(start - 1), "the restated text opened here is never closed")


def _directive_numbers(window: str) -> tuple[int | None, int | None]:
    para = next((int(m.group(1) or m.group(2)) for m in _PARA.finditer(window)), None)
    sub = next((int(m.group(1) or m.group(2)) for m in _SUB.finditer(window)), None)
    return para, sub


def scan_regulations(flat: FlatText, start: int, source: str) -> list[RawRegulation]:
    """All regulation headers and restated clauses from ``start`` on, in order."""
    text = flat.text
    regs: list[RawRegulation] = []
    pos = start
    while pos < len(text):
        header = _next_header(text, pos)
        verb = _VERB.search(text, pos)
        if header is None and verb is None:
            break
        if header is not None and (verb is None or header.start() < verb.start()):
            num = header.group("num")
            regs.append(
                RawRegulation(
                    number=int(num) if num else None,
                    title=" ".join(header.group("title").split()),
                    header=Piece(flat, header.start(), header.end()),
                )
            )
            pos = header.end()
            continue
        assert verb is not None
        line = flat.line_at(verb.start())
        if not regs:
            raise TextError(source, line, "a clause is restated before any regulation is named")
        quote = next(
            (i for i in range(verb.end(), min(len(text), verb.end() + _LOOKAHEAD)) if text[i] in _OPEN_Q),
            None,
        )
        if quote is None:
            raise TextError(source, line, "the restatement directive is not followed by a quoted text")
        para, sub = _directive_numbers(text[pos:quote])
        if para is None:
            raise TextError(source, line, "the restatement directive names no paragraph (тармақ / пункт)")
        body_end, close_end = _body_end(flat, quote + 1, source)
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
