"""Undo the PDF layout: one flat string of the text, with a map back to line numbers.

The extraction broke lines mid-phrase, left page-break blank lines inside
clauses, and its line ends may be LF or CRLF; a re-wrapped copy of the same act
breaks elsewhere.  None of that is structure, so the parser works on one flat
string in which every line break and run of whitespace is a single space — the
same string for every wrapping — while :class:`FlatText` remembers, for every
character, the original line it came from, so spans still cite the real file.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

from .furniture import Furniture, find_furniture
from .lookalikes import fix_line
from .model import Span, TextFinding
from .normalize import SPACES
from .suffixes import is_ending_only

__all__ = ["FlatText", "flatten", "Piece"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_SPACE_TABLE = {ord(c): " " for c in SPACES}
_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}


@dataclass(frozen=True)
class FlatText:
    """The flat text and, per character, its original 1-based line number."""

    text: str
    lines: array[int]  # array('I'), same length as text
    line_count: int
    #: What flattening dropped or read differently (page furniture, Latin lookalikes), by line.
    notices: tuple[TextFinding, ...] = ()

    def line_at(self, offset: int) -> int:
        """Original line of the character at ``offset`` (clamped to the text)."""
        if not self.text:
            return 1
        offset = min(max(offset, 0), len(self.text) - 1)
        return int(self.lines[offset])

    def span(self, start: int, end: int) -> Span:
        """Span of ``text[start:end]`` ignoring surrounding spaces."""
        while start < end and self.text[start] == " ":
            start += 1
        while end > start and self.text[end - 1] == " ":
            end -= 1
        if end <= start:
            line = self.line_at(start)
            return Span(line, line)
        return Span(self.line_at(start), self.line_at(end - 1))

    def piece(self, start: int, end: int) -> Piece:
        """A stripped :class:`Piece` of the flat text."""
        return Piece(self, start, end).strip()


@dataclass(frozen=True)
class Piece:
    """A slice ``[start, end)`` of a :class:`FlatText` that knows its absolute offsets.

    Parsing functions pass pieces around so that any match inside one can be
    turned into a :class:`Span` without bookkeeping at the call site.
    """

    flat: FlatText
    start: int
    end: int

    @property
    def text(self) -> str:
        """The characters of the piece."""
        return self.flat.text[self.start : self.end]

    @property
    def span(self) -> Span:
        """Original lines the piece covers."""
        return self.flat.span(self.start, self.end)

    def sub(self, a: int, b: int | None = None) -> Piece:
        """Sub-piece by offsets relative to this piece (like slicing)."""
        length = self.end - self.start
        b = length if b is None else b
        a = min(max(a, 0), length)
        b = min(max(b, a), length)
        return Piece(self.flat, self.start + a, self.start + b)

    def strip(self, chars: str = " ") -> Piece:
        """Drop leading and trailing ``chars`` (spaces by default)."""
        s, e = self.start, self.end
        t = self.flat.text
        while s < e and t[s] in chars:
            s += 1
        while e > s and t[e - 1] in chars:
            e -= 1
        return Piece(self.flat, s, e)

    def __len__(self) -> int:
        return self.end - self.start

    def __bool__(self) -> bool:
        return self.end > self.start


def _join_without_space(prev: str, nxt: str) -> bool:
    """Whether two wrapped lines meet inside a word (a line-end hyphen after a letter)."""
    return len(prev) >= 2 and prev[-1] == "-" and prev[-2].isalpha() and nxt[:1].isalpha()


_FIRST_WORD = re.compile(r"\w+")


def _soft_hyphen_break(prev: str, nxt: str) -> bool:
    """Whether a line-end hyphen is the wrapper's, splitting one word ("басшы-" + "сына").

    Only after a lowercase letter and before a fragment that is nothing but Kazakh
    endings: a compound broken at its own hyphen ("іс-" + "қимылдары") keeps it,
    and so does an acronym's ending ("АЖО-" + "ға").
    """
    if not _join_without_space(prev, nxt) or not prev[-2].islower():
        return False
    word = _FIRST_WORD.match(nxt)
    return word is not None and is_ending_only(word.group(0))


def flatten(text: str) -> FlatText:
    """Flatten ``text`` (any line ends, NBSPs, wrapping) into a :class:`FlatText`.

    Rules, chosen so every re-wrapping of the same words gives the same string:
    lines are joined with one space (or none after a hyphen that ends a line
    right after a letter; the hyphen itself goes when what follows is only
    Kazakh endings, i.e. a word split by the wrapper: "басшы-" + "сына" →
    "басшысына"); whitespace runs
    collapse to one space; spaces right after ``(`` and right before ``)`` go.
    The text is NFC-normalised first so composed and decomposed letters agree.
    Page furniture (:mod:`.furniture`) is dropped and Latin lookalikes inside
    Cyrillic words (:mod:`.lookalikes`) are read as Cyrillic, each with a
    notice in :attr:`FlatText.notices` naming the line.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    raw_lines = _LINE_BREAK.split(text)
    notices: list[TextFinding] = []
    furniture = {f.index: f for f in find_furniture(raw_lines)}
    chars: list[str] = []
    lines = array("I")

    def push(ch: str, number: int) -> None:
        if ch == " ":
            if not chars or chars[-1] in " (":
                return
        elif ch == ")" and chars and chars[-1] == " ":
            chars.pop()
            lines.pop()
        chars.append(ch)
        lines.append(number)

    prev_content = ""
    for number, raw in enumerate(raw_lines, start=1):
        raw = _read_line(raw, number, furniture, notices)
        content = raw.translate(_SPACE_TABLE).strip()
        if not content:
            continue
        if chars and _soft_hyphen_break(prev_content, content):
            chars.pop()
            lines.pop()
        elif chars and not _join_without_space(prev_content, content):
            push(" ", number)
        for ch in content:
            push(" " if ch.isspace() else ch, number)
        prev_content = content
    return FlatText("".join(chars), lines, max(1, len(raw_lines)), tuple(notices))


def _read_line(raw: str, number: int, furniture: dict[int, Furniture], notices: list[TextFinding]) -> str:
    """The line as the parser reads it: furniture dropped, lookalikes read as Cyrillic."""
    span = Span(number, number)
    piece = furniture.get(number - 1)
    if piece is not None:
        notices.append(TextFinding("page-furniture", f"dropped a {piece.kind} that is not the act's text: "
                               f"{piece.text[:60]!r}", number, span))
        return ""
    if "\f" in raw:
        notices.append(TextFinding("form-feed", "dropped a form feed (a page break)", number, span))
        raw = raw.replace("\f", " ")
    fixed, replaced = fix_line(raw)
    if replaced:
        words = ", ".join(f"{r.found!r} as {r.read!r}" for r in replaced[:5])
        more = f" and {len(replaced) - 5} more" if len(replaced) > 5 else ""
        notices.append(TextFinding("latin-lookalike", f"read Latin letters that look Cyrillic: {words}{more}",
                               number, span))
    return fixed
