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

from .actors import subject_at
from .clauses import parse_clause
from .errors import TextError
from .flat import FlatText, Piece, flatten
from .items import ITEM_MARKER
from .limit_phrases import find_limits
from .model import Clause

__all__ = ["clause_number", "parse_clause_text", "parse_clause_texts"]

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
        raise TextError("the text is empty", source, 1)
    own = _own_number(body)
    if number is None:
        number = own
    elif number[1] is None and own[1] is not None:
        number = (number[0], own[1])  # "--clause 9" for "1) <heading>: …" is sub-clause 9.1, not a list
    return parse_clause(body, number[0], number[1]), flat


def parse_clause_texts(text: str, source: str = "<text>",
                       number: tuple[int, int | None] | None = None) -> tuple[list[Clause], FlatText]:
    """Like :func:`parse_clause_text`, but a paragraph made of headed sub-clauses gives each of them.

    "5. …: 1) при обращении к услугодателю: <steps>; 2) при обращении через
    Государственную корпорацию: <steps>" is clauses 5.1 and 5.2 (a paragraph
    restated whole). Every entry must open with a heading ending in a colon and
    hold steps; otherwise the body is one clause.
    """
    clause, flat = parse_clause_text(text, source, number)
    if clause.subparagraph is not None or not clause.items:
        return [clause], flat
    body = Piece(flat, 0, len(flat.text)).strip(_QUOTES)
    subs = _headed_subclauses(body, clause.paragraph)
    return (subs or [clause]), flat


def _headed_subclauses(body: Piece, paragraph: int) -> list[Clause]:
    text = body.flat.text
    start = body.start
    label = _PARA.match(text, body.start, body.end)
    if label:
        start = label.end()
    colon = text.find(":", start, body.end)
    first = _SUB.search(text, start, body.end)
    if first is None or first.group(1) != "1":
        return []
    if 0 <= colon < first.start():
        start = first.start()  # the paragraph's own heading comes before "1)"
    markers = _heading_markers(Piece(body.flat, start, body.end))
    if len(markers) < 2:
        return []
    clauses = []
    for n, m in enumerate(markers):
        end = markers[n + 1].start() if n + 1 < len(markers) else body.end
        sub = parse_clause(Piece(body.flat, m.start(), end).strip(" ;."), paragraph, n + 1)
        if sub.heading is None or not sub.steps or any(s.actor is None for s in sub.steps):
            return []
        clauses.append(sub)
    return clauses


def _heading_markers(piece: Piece) -> list[re.Match[str]]:
    """``1)``, ``2)``, … in sequence, each followed by a heading ending in a colon."""
    text = piece.flat.text
    out: list[re.Match[str]] = []
    for m in ITEM_MARKER.finditer(text, piece.start, piece.end):
        if int(m.group(1)) != len(out) + 1:
            continue
        colon = text.find(":", m.end(), min(piece.end, m.end() + 200))
        head = text[m.end():colon] if colon >= 0 else ";"
        if ";" not in head and not find_limits(head) and subject_at(head) is None:
            out.append(m)
    return out


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
