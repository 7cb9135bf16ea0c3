"""Kazakh case endings: one place for the suffix logic the parser and the checker share.

Kazakh marks case at the end of a phrase's last word ("басшысына", "кеңсесіне");
after an acronym it writes the ending after a hyphen ("ЭҮАШ АЖО-ға", "ЭҮШ-ке",
"ЖТ МДҚ-ның"). The same endings tell a word split by the PDF's hyphenation
("басшы-\\nсына", where "сына" is only endings) from a compound broken at its own
hyphen ("іс-\\nқимылдары", "Әлеуметтік-\\nеңбек", where the second part is a word).
"""

from __future__ import annotations

import re

__all__ = ["KK_DATIVE", "KK_GENITIVE", "KK_OBLIQUE", "hyphen_suffix", "is_ending_only", "kk_case"]

#: Dative endings ("to whom"): the recipient of a handoff.
KK_DATIVE = re.compile(r"(?:ға|ге|қа|ке|на|не)$", re.IGNORECASE)
#: Genitive endings ("whose"): a possessor, which in a nominalisation is the doer.
KK_GENITIVE = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$", re.IGNORECASE)
#: Locative, ablative and instrumental endings: a place or means, not a doer.
KK_OBLIQUE = re.compile(r"(?:да|де|та|те|дан|ден|тан|тен|нан|нен|мен|бен|пен)$", re.IGNORECASE)

#: An ending written after a hyphen right after a phrase ("-ға", "‐ке", "– ның").
_HYPHEN_SUFFIX = re.compile(r"[-‐‑–]\s?(\w+)")
_PLURAL = r"(?:лар|лер|дар|дер|тар|тер)"
_POSSESSIVE = r"(?:ымыз|іміз|ыңыз|іңіз|сы|сі|ы|і|ым|ім|ың|ің)"
_CASE = (r"(?:ның|нің|дың|дің|тың|тің|ға|ге|қа|ке|на|не|ны|ні|ды|ді|ты|ті|н|нда|нде|да|де|та|те"
         r"|ндан|нден|дан|ден|тан|тен|нан|нен|мен|бен|пен|менен)")
#: A fragment that is nothing but Kazakh endings (plural, possessive, case).
_ENDINGS_ONLY = re.compile(rf"(?:{_PLURAL}?{_POSSESSIVE}?{_CASE}|{_PLURAL}{_POSSESSIVE}?|{_POSSESSIVE})",
                           re.IGNORECASE)


def hyphen_suffix(text: str, end: int) -> str | None:
    """The ending written after a hyphen at ``text[end:]`` ("ЭҮАШ АЖО-ға" → ``"ға"``), if any."""
    m = _HYPHEN_SUFFIX.match(text, end)
    return m.group(1) if m else None


def is_ending_only(fragment: str) -> bool:
    """Whether ``fragment`` is only Kazakh endings ("сына", "ге", "лардың"), not a word."""
    return bool(fragment) and bool(_ENDINGS_ONLY.fullmatch(fragment))


def kk_case(last_word: str, suffix: str | None = None) -> str | None:
    """``"dative"``, ``"genitive"``, ``"oblique"`` or ``None`` (nominative) for a Kazakh phrase.

    ``suffix`` is a hyphenated ending after the phrase; when given it alone carries the case.
    """
    word = suffix if suffix else last_word
    if KK_GENITIVE.search(word):
        return "genitive"
    if KK_DATIVE.search(word):
        return "dative"
    if KK_OBLIQUE.search(word):
        return "oblique"
    return None
