"""Latin letters that look like Cyrillic ones, typed or OCR'd inside Kazakh and Russian words.

Texts copied from PDFs often carry "шaрт" with a Latin ``a`` or "МK" with a
Latin ``K``. To a regular expression those are different words, so a condition
("2 шарт") turns into a plain item and an actor is no longer recognised. The
parser reads the text with such letters replaced by the Cyrillic letters they
imitate, and reports every replacement with its line, so nothing changes
silently:

* in a word that mixes Cyrillic and Latin letters, each Latin lookalike becomes
  its Cyrillic twin ("шaрт" → "шарт"), and so do the letters italics and OCR
  confuse (``n`` п, ``u`` и, ``r`` г);
* a word written *only* in lookalike letters ("MK", "c") is replaced only when
  the words on both sides of it on the line are Cyrillic, so Latin words,
  URLs and codes stay as they are.

Letters without a Cyrillic twin are left alone. Every replacement keeps the
text's length, so spans and line numbers stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["LOOKALIKES", "Replacement", "fix_line"]

#: Latin letter -> the Cyrillic letter it imitates (Kazakh і and һ included).
LOOKALIKES: dict[str, str] = {
    "a": "а", "b": "ь", "c": "с", "e": "е", "h": "һ", "i": "і", "k": "к", "m": "м", "o": "о",
    "p": "р", "t": "т", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У",
}
#: Letters an italic font or OCR confuses; used only inside a word that is already partly
#: Cyrillic, where any Latin letter is certainly a mistake.
ITALIC_LOOKALIKES: dict[str, str] = {"n": "п", "u": "и", "r": "г"}
_TABLE = str.maketrans(LOOKALIKES)
_MIXED_TABLE = str.maketrans({**ITALIC_LOOKALIKES, **LOOKALIKES})
_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff" or "\u0500" <= ch <= "\u052f":
        return "cyrillic"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "other"


@dataclass(frozen=True)
class Replacement:
    """One word read differently: what the line had and what the parser reads."""

    found: str
    read: str


def fix_line(line: str) -> tuple[str, list[Replacement]]:
    """*line* with Latin lookalikes replaced in Cyrillic context, and what was replaced."""
    words = list(_WORD.finditer(line))
    scripts = [{_script(ch) for ch in w.group(0)} for w in words]
    out = list(line)
    replaced: list[Replacement] = []
    for n, word in enumerate(words):
        text = word.group(0)
        if "latin" not in scripts[n]:
            continue
        if "cyrillic" in scripts[n]:
            fixed = text.translate(_MIXED_TABLE)
        elif all(ch in LOOKALIKES for ch in text) and _between_cyrillic(scripts, n):
            fixed = text.translate(_TABLE)
        else:
            continue
        if fixed != text:
            out[word.start():word.end()] = fixed
            replaced.append(Replacement(text, fixed))
    return "".join(out), replaced


def _between_cyrillic(scripts: list[set[str]], n: int) -> bool:
    """True when the nearest words on both sides (or the only side there is) are Cyrillic."""
    before = scripts[n - 1] if n > 0 else None
    after = scripts[n + 1] if n + 1 < len(scripts) else None
    sides = [s for s in (before, after) if s is not None]
    return bool(sides) and all(s == {"cyrillic"} for s in sides)
