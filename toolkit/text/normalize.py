"""Canonical forms of Kazakh/Russian labels, for comparing a model's label with the text.

A BPMN label and the regulation may differ in case, in which dash or quote
glyph was typed, in non-breaking spaces from a PDF or a word processor, and in
punctuation; none of that is a difference in meaning, so :func:`normalize`
removes it.  Letters are never changed (the text's typos stay typos).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "DASHES", "QUOTES", "SPACES"]

#: Every dash-like character the sources use, unified to ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d-"
#: Every quote-like character, unified to ``"``.
QUOTES = "\"'\u00ab\u00bb\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u2039\u203a`\u00b4"
#: Space characters other than ASCII space that PDFs and editors produce.
SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t\u000b\u000c"

_DASH_TABLE = {ord(c): "-" for c in DASHES}
_QUOTE_TABLE = {ord(c): '"' for c in QUOTES}
_SPACE_TABLE = {ord(c): " " for c in SPACES}
_ZERO_WIDTH = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]|_")


def normalize(s: str, *, strip_punctuation: bool = True) -> str:
    """Return the comparison form of a label.

    NFC, lowercase, non-breaking and other spaces collapsed to one space,
    dashes unified to ``-`` and quotes to ``"``; then (by default) every
    punctuation character becomes a space, so ``"9-тармағында"`` and
    ``"9 тармағында"`` compare equal.  Pass ``strip_punctuation=False`` to keep
    the unified punctuation.
    """
    s = unicodedata.normalize("NFC", s)
    s = s.translate(_ZERO_WIDTH).translate(_SPACE_TABLE)
    s = s.translate(_DASH_TABLE).translate(_QUOTE_TABLE)
    s = s.lower()
    if strip_punctuation:
        s = _PUNCT.sub(" ", s)
    return _WS.sub(" ", s).strip()
