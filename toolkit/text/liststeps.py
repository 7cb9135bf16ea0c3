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
from .flat import Piece
from .freeze import Findings
from .items import kind_marker
from .limit_phrases import find_limits
from .model import Closing, Step
from .steps import CONDITION_CUE, RESULT, parse_sentences, sentences

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
    for n, (_, piece) in enumerate(entries):
        if kind_marker(piece) is not None:
            return False
        if subject_at(text, piece.start, piece.end) is None and (n == 0 or not _continues_step(piece)):
            return False
        timed = timed or bool(find_limits(text, piece.start, piece.end)) or bool(
            RESULT.search(text, piece.start, piece.end))
    return timed


def _continues_step(piece: Piece) -> bool:
    """An entry with no actor that still belongs to the step before: its result or an alternative limit."""
    text = piece.flat.text
    if RESULT.match(text, piece.start, piece.end):
        return True
    limits = find_limits(text, piece.start, piece.end)
    return bool(limits) and bool(CONDITION_CUE.search(text, piece.start, limits[-1].start))


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
    parts: list[tuple[int, Piece]] = []
    for n, (number, piece) in enumerate(entries):
        if n + 1 == len(entries):
            piece, rest = _split_closing(piece)
            if rest is not None:
                appendix = _APPENDIX.search(rest.flat.text, rest.start, rest.end)
                closing = Closing(rest.text.strip(" ."),
                                  int(appendix.group(1) or appendix.group(2)) if appendix else None, rest.span)
        parts += [(number, sentence) for sentence in sentences(piece)]
    # One run over every entry's sentences, so an entry that is a result or an alternative limit
    # attaches to the step of the entry before it.
    parsed = parse_sentences([sentence for _, sentence in parts], findings)
    numbers = [_entry_of(step, parts) for step in parsed]
    # Steps keep the list's numbers when each entry has at most one step; otherwise they are counted through.
    keep = len(set(numbers)) == len(numbers)
    return [replace(step, index=number if keep else i) for i, (number, step) in enumerate(zip(numbers, parsed), 1)], closing


def _entry_of(step: Step, parts: list[tuple[int, Piece]]) -> int:
    """The list number of the entry whose sentence opens *step*."""
    for number, sentence in parts:
        if sentence.text == step.text and sentence.span.first_line == step.span.first_line:
            return number
    return 0
