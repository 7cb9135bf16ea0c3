"""Short forms the text defines: ``… шлюзі (бұдан әрі – ЭҮШ)``, ``… (далее – ШЭП)``.

A model labels a lane "ЭҮШ" while the text spells it out once; to tie the two
together we need the long form.  The text never marks where the long form
starts, so for acronyms it is recovered from the initials of the preceding
words, read backwards ("электрондық үкімет шлюзі" → Э Ү Ш); a token of the
acronym may also stand for itself ("МК" in "МК ЫАЖ АЖО").  A non-acronym
short form ("құжаттар") gets no long form rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Definition", "find_definitions", "expand_acronym", "is_acronym"]

_DEF = re.compile(
    r"\((?:бұдан\s+әрі|бұдан\s+кейін|далее)\s*[-–—:]?\s*(?P<short>[^()]{1,80}?)\s*\)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w[\w\-]*")


@dataclass(frozen=True)
class Definition:
    """A definition found in a string; offsets are into that string."""

    start: int
    end: int
    short: str
    full: str | None


def is_acronym(short: str) -> bool:
    """Whether every token is two or more capital letters (``"ЖТ МДҚ"``)."""
    tokens = short.split()
    return bool(tokens) and all(len(t) >= 2 and t.isalpha() and t.isupper() for t in tokens)


def expand_acronym(short: str, before: str) -> str | None:
    """The phrase at the end of ``before`` whose initials spell ``short``, or ``None``."""
    if not is_acronym(short):
        return None
    words = list(_WORD.finditer(before))
    k = len(words) - 1
    for token in reversed(short.split()):
        if k >= 0 and words[k].group(0) == token:
            k -= 1
            continue
        for letter in reversed(token):
            if k < 0 or words[k].group(0)[0].upper() != letter:
                return None
            k -= 1
    if k + 1 >= len(words):
        return None
    return " ".join(before[words[k + 1].start() :].split()) or None


def find_definitions(text: str, pos: int = 0, endpos: int | None = None) -> list[Definition]:
    """Every ``(бұдан әрі – X)`` / ``(далее – X)`` in ``text[pos:endpos]``.

    The long form is looked for in ``text[pos:definition]`` only, so callers
    pass the sentence or item the definition belongs to.
    """
    endpos = len(text) if endpos is None else endpos
    out: list[Definition] = []
    for m in _DEF.finditer(text, pos, endpos):
        short = " ".join(m.group("short").split()).strip(" \"'«»“”")
        if not short:
            continue
        out.append(Definition(m.start(), m.end(), short, expand_acronym(short, text[pos : m.start()])))
    return out
