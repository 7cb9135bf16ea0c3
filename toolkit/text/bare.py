"""A clause read on its own: no act header, no restatement directive around it.

A regulation is often copied out of a larger document (a consolidated text, a
letter, a draft) as the body of one clause: "1) көрсетілетін қызметті берушіге
жүгінген кезде: …" or "8. МК жүгіну тәртібінің сипаттамасы: 1) …". Such a body
has everything the clause grammar needs, so it is parsed exactly as a restated
clause would be; only its number comes from its own label ("8." is clause 8,
"1)" sub-clause 1 of an unnamed paragraph, shown as ``?.1``) unless the caller
names it.
"""

from __future__ import annotations

import re

from .clauses import parse_clause
from .errors import TextError
from .layout import FlatText, Piece, flatten
from .model import Clause

__all__ = ["parse_clause_text", "clause_number"]

_QUOTES = " \"'«»“”„;"
_PARA = re.compile(r"(\d{1,3})\s*\.\s")
_SUB = re.compile(r"(\d{1,3})\s*\)")
_NUMBER = re.compile(r"^(\d{1,3})(?:\.(\d{1,3}))?$")


def clause_number(text: str) -> tuple[int, int | None]:
    """``"5.1"`` → ``(5, 1)``, ``"8"`` → ``(8, None)``; ``ValueError`` otherwise."""
    m = _NUMBER.match(text.strip())
    if not m:
        raise ValueError(f"{text!r} is not a clause number like 5.1 or 8")
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None


def parse_clause_text(text: str, source: str = "<text>",
                      number: tuple[int, int | None] | None = None) -> tuple[Clause, FlatText]:
    """Parse *text* as the body of one clause; returns the clause and the flat text (for its notices).

    ``number`` names the clause (paragraph, subparagraph); without it the
    label decides, and an unlabelled body is clause ``0``. Raises
    :class:`TextError` for an empty text.
    """
    flat = flatten(text)
    body = Piece(flat, 0, len(flat.text)).strip(_QUOTES)
    if not body:
        raise TextError(source, 1, "the text is empty")
    if number is None:
        number = _own_number(body)
    return parse_clause(body, number[0], number[1]), flat


def _own_number(body: Piece) -> tuple[int, int | None]:
    """The clause's number from its label; a body that *is* a list "1) …; 2) …" has none."""
    text = body.flat.text
    sub = _SUB.match(text, body.start, body.end)
    if sub:
        rest = text[sub.end():body.end]
        second = re.search(r"(?<![\w(/.-])2\s*\)", rest)
        colon, semicolon = rest.find(":"), rest.find(";")
        cut = min(i for i in (semicolon, second.start() if second else -1, len(rest)) if i >= 0)
        if second is None or 0 <= colon < cut:
            return 0, int(sub.group(1))  # "1) <heading>: …" or a lone "1) …": the clause's own label
        return 0, None  # "1) …; 2) …": the body is the list itself
    para = _PARA.match(text, body.start, body.end)
    if para:
        return int(para.group(1)), None
    return 0, None
