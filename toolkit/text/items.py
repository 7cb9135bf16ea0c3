"""Item lists: ``1) …; 2) 1-процесс – …; 5) 1 шарт – …;`` and a closing sentence.

The genre's description of the interaction with the State Corporation
(paragraph 8) numbers its items ``1)``, ``2)``, …; an item may be a numbered
process (``2-процесс``, ``процесс 2``) or condition (``1 шарт``, ``условие 1``)
and names actors and information systems.  After the last item a sentence may
follow (the reference to the diagram appendix).  Items are found in sequence
(``k)`` then ``k+1)``), so numbers inside an item do not split it.
"""

from __future__ import annotations

import re

from .actors import find_mentions
from .flat import Piece
from .freeze import DASHES, Findings, abbreviations_in, actor_ref, time_limit
from .limit_phrases import find_limits
from .model import ActorRef, Closing, Item, ItemKind

__all__ = ["ITEM_MARKER", "item_markers", "kind_marker", "parse_items"]

#: An item number ``k)`` not inside a word or parenthesis.
ITEM_MARKER = re.compile(r"(?<![\w(/.-])(\d{1,3})\s*\)\s*")
_KIND_MARKERS: tuple[tuple[re.Pattern[str], ItemKind], ...] = (
    (re.compile(r"(\d{1,3})\s*-?\s*процес\w*\s*[-–—:]?\s*", re.IGNORECASE), ItemKind.PROCESS),
    (re.compile(r"(\d{1,3})\s*-?\s*шарт\w*\s*[-–—:]?\s*", re.IGNORECASE), ItemKind.CONDITION),
    (re.compile(r"процесс\w*\s*№?\s*(\d{1,3})\s*[-–—:]?\s*", re.IGNORECASE), ItemKind.PROCESS),
    (re.compile(r"услови\w*\s*№?\s*(\d{1,3})\s*[-–—:]?\s*", re.IGNORECASE), ItemKind.CONDITION),
)
_SENTENCE_START = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ\"«]")
_APPENDIX = re.compile(
    r"(\d{1,3})\s*-?\s*қосымша\w*|приложени\w*\s*№?\s*(\d{1,3})(?!\d)", re.IGNORECASE
)


def kind_marker(piece: Piece) -> tuple[ItemKind, int, int] | None:
    """``(kind, number, end offset)`` when *piece* opens with "2-процесс", "1 шарт", "условие 1"…"""
    for rx, kind in _KIND_MARKERS:
        km = rx.match(piece.flat.text, piece.start, piece.end)
        if km:
            return kind, int(km.group(1)), km.end()
    return None


def item_markers(content: Piece) -> list[re.Match[str]]:
    """Markers ``1)``, ``2)``, … in sequence; empty unless the content opens with ``1)``."""
    text = content.flat.text
    first = ITEM_MARKER.match(text, content.start, content.end)
    if first is None or first.group(1) != "1":
        return []
    markers = [first]
    expected = 2
    for m in ITEM_MARKER.finditer(text, first.end(), content.end):
        if int(m.group(1)) == expected:
            markers.append(m)
            expected += 1
    return markers


def _split_closing(piece: Piece) -> tuple[Piece, Piece | None]:
    """Split the last item from a following sentence (the closing), if there is one."""
    text = piece.flat.text
    depth = 0
    for i in range(piece.start, piece.end):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif (depth == 0 and ch == "." and i + 2 < piece.end and text[i + 1] == " "
              and _SENTENCE_START.match(text, i + 2)):
            return Piece(piece.flat, piece.start, i + 1), Piece(piece.flat, i + 2, piece.end).strip()
    return piece, None


def parse_items(
    content: Piece, markers: list[re.Match[str]], findings: Findings
) -> tuple[list[Item], Closing | None]:
    """The items at ``markers`` in ``content`` and the closing sentence after the last one."""
    flat = content.flat
    text = flat.text
    items: list[Item] = []
    closing: Closing | None = None
    expected = {ItemKind.PROCESS: 1, ItemKind.CONDITION: 1}
    for n, m in enumerate(markers):
        end = markers[n + 1].start() if n + 1 < len(markers) else content.end
        piece = Piece(flat, m.end(), end).strip()
        if n + 1 == len(markers):
            piece, rest = _split_closing(piece)
            if rest:
                appendix = _APPENDIX.search(text, rest.start, rest.end)
                closing = Closing(
                    rest.text.rstrip(" ."),
                    int(appendix.group(1) or appendix.group(2)) if appendix else None,
                    rest.span,
                )
        piece = piece.strip(" ;.")
        kind, ref, desc_start = ItemKind.PLAIN, None, piece.start
        marked = kind_marker(piece)
        if marked is not None:
            kind, ref, desc_start = marked
        if ref is not None:
            if ref != expected[kind]:
                findings.add(
                    "numbering",
                    f"item {m.group(1)}: {kind.value} {ref} where {kind.value} {expected[kind]} was expected",
                    piece.span,
                )
            expected[kind] = ref + 1
        actors: list[ActorRef] = []
        seen: set[str] = set()
        for mention in find_mentions(text, piece.start, piece.end):
            if mention.key not in seen:
                seen.add(mention.key)
                actors.append(actor_ref(flat, mention.start, mention.end, mention.key))
        limits = find_limits(text, piece.start, piece.end)
        limit = time_limit(flat, limits[0], findings) if limits else None
        items.append(
            Item(
                number=int(m.group(1)),
                kind=kind,
                ref=ref,
                text=piece.text,
                description=Piece(flat, desc_start, piece.end).strip(DASHES).text,
                actors=tuple(actors),
                time_limit=limit,
                abbreviations=tuple(abbreviations_in(piece)),
                span=flat.span(m.start(), piece.end),
            )
        )
    return items, closing
