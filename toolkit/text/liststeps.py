"""Steps written as a numbered list: ``1) <actor> <action> - 20 (жиырма) минут. Нәтижесі – …; 2) …``.

Many regulations of the genre number the actions of a structural unit instead
of writing them as a run of sentences. The list is still a list of *steps*, not
of the items of an interaction description (paragraph 8): every entry opens
with the actor who acts, and the entries carry time limits and results. So a
numbered clause is read as steps when

* no entry is a numbered process or condition ("2-процесс", "1 шарт",
  "процесс 2", "условие 1"), and
* every entry opens with an actor the parser knows, and
* at least one entry has a time limit or a result line.

Each entry is then parsed with the sentence grammar of :mod:`.steps`, so the
result line, an alternative limit and the dative recipient work the same way.
A sentence after the last entry that is neither a step, a result nor an
alternative limit is the clause's closing (the reference to a diagram appendix).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .actors import subject_at
from .freeze import Findings
from .items import kind_marker
from .layout import Piece
from .model import Closing, Step
from .steps import RESULT, parse_steps, sentences
from .units import find_limits

__all__ = ["is_list_of_steps", "parse_list_steps"]

_APPENDIX = re.compile(r"(\d{1,3})\s*-?\s*қосымша\w*|приложени\w*\s*№?\s*(\d{1,3})(?!\d)", re.IGNORECASE)


def _entries(content: Piece, markers: list[re.Match[str]]) -> list[tuple[int, Piece]]:
    flat = content.flat
    out = []
    for n, m in enumerate(markers):
        end = markers[n + 1].start() if n + 1 < len(markers) else content.end
        out.append((int(m.group(1)), Piece(flat, m.end(), end).strip(" ;")))
    return out


def is_list_of_steps(content: Piece, markers: list[re.Match[str]]) -> bool:
    """True when the numbered entries of *content* are steps (see the module docstring)."""
    text = content.flat.text
    entries = _entries(content, markers)
    if not entries:
        return False
    timed = False
    for _, piece in entries:
        if kind_marker(piece) is not None or subject_at(text, piece.start, piece.end) is None:
            return False
        timed = timed or bool(find_limits(text, piece.start, piece.end)) or bool(
            RESULT.search(text, piece.start, piece.end))
    return timed


def _split_closing(piece: Piece) -> tuple[Piece, Piece | None]:
    """The last entry without a closing sentence after it, and that sentence."""
    text = piece.flat.text
    parts = sentences(piece)
    for part in parts[1:]:
        if (subject_at(text, part.start, part.end) is None and not RESULT.match(text, part.start, part.end)
                and not find_limits(text, part.start, part.end)):
            return Piece(piece.flat, piece.start, part.start).strip(" ."), Piece(piece.flat, part.start, piece.end)
    return piece, None


def parse_list_steps(content: Piece, markers: list[re.Match[str]],
                     findings: Findings) -> tuple[list[Step], Closing | None]:
    """The steps of a numbered list of steps, numbered as the list numbers them, and its closing."""
    entries = _entries(content, markers)
    closing: Closing | None = None
    per_entry: list[tuple[int, list[Step]]] = []
    for n, (number, piece) in enumerate(entries):
        if n + 1 == len(entries):
            piece, rest = _split_closing(piece)
            if rest is not None:
                appendix = _APPENDIX.search(rest.flat.text, rest.start, rest.end)
                closing = Closing(rest.text.strip(" ."),
                                  int(appendix.group(1) or appendix.group(2)) if appendix else None, rest.span)
        per_entry.append((number, parse_steps(piece, findings)))
    # Steps keep the list's numbers when each entry is one step; otherwise they are counted through.
    one_each = all(len(parsed) == 1 for _, parsed in per_entry)
    flat_steps = [(number, step) for number, parsed in per_entry for step in parsed]
    steps = [replace(step, index=number if one_each else i)
             for i, (number, step) in enumerate(flat_steps, start=1)]
    return steps, closing
