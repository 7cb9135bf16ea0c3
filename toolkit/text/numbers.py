"""Numbers written in words, Kazakh and Russian: ``"жиырма бес"`` → 25.

The genre writes every limit twice, ``6 (алты) жұмыс күн`` / ``6 (шесть)
рабочих дней``; reading the words lets the parser check one against the other
(a mismatch is a defect in the legal text worth reporting).  Numbers are
composed the way both languages compose them: [hundreds] [tens] [units], with
Russian 11–19 filling the tens-and-units slot; anything else is rejected
(``None``) rather than guessed.
"""

from __future__ import annotations

import re

__all__ = ["parse_number_words", "NUMBER_WORD_PATTERN", "KAZAKH_WORDS", "RUSSIAN_WORDS"]

#: Kazakh nominative number words.  "жүз" (hundred) multiplies what precedes it.
KAZAKH_WORDS: dict[str, int] = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5,
    "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
    "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50,
    "алпыс": 60, "жетпіс": 70, "сексен": 80, "тоқсан": 90,
    "жүз": 100,
}

_RU_FORMS: dict[int, tuple[str, ...]] = {
    1: ("один", "одна", "одно", "одного", "одной", "одну", "одному", "одним", "одном"),
    2: ("два", "две", "двух", "двум", "двумя"),
    3: ("три", "трех", "трёх", "трем", "трём", "тремя"),
    4: ("четыре", "четырех", "четырёх", "четырем", "четырём", "четырьмя"),
    5: ("пять", "пяти", "пятью"),
    6: ("шесть", "шести", "шестью"),
    7: ("семь", "семи", "семью"),
    8: ("восемь", "восьми", "восьмью"),
    9: ("девять", "девяти", "девятью"),
    10: ("десять", "десяти", "десятью"),
    11: ("одиннадцать", "одиннадцати"),
    12: ("двенадцать", "двенадцати"),
    13: ("тринадцать", "тринадцати"),
    14: ("четырнадцать", "четырнадцати"),
    15: ("пятнадцать", "пятнадцати"),
    16: ("шестнадцать", "шестнадцати"),
    17: ("семнадцать", "семнадцати"),
    18: ("восемнадцать", "восемнадцати"),
    19: ("девятнадцать", "девятнадцати"),
    20: ("двадцать", "двадцати"),
    30: ("тридцать", "тридцати"),
    40: ("сорок", "сорока"),
    50: ("пятьдесят", "пятидесяти"),
    60: ("шестьдесят", "шестидесяти"),
    70: ("семьдесят", "семидесяти"),
    80: ("восемьдесят", "восьмидесяти"),
    90: ("девяносто", "девяноста"),
    100: ("сто", "ста"),
    200: ("двести", "двухсот"),
    300: ("триста", "трехсот", "трёхсот"),
    400: ("четыреста", "четырехсот", "четырёхсот"),
    500: ("пятьсот", "пятисот"),
    600: ("шестьсот", "шестисот"),
    700: ("семьсот", "семисот"),
    800: ("восемьсот", "восьмисот"),
    900: ("девятьсот", "девятисот"),
}

#: Russian number words in the case forms limits are written in.
RUSSIAN_WORDS: dict[str, int] = {form: n for n, forms in _RU_FORMS.items() for form in forms}

_ALL_WORDS = sorted({*KAZAKH_WORDS, *RUSSIAN_WORDS}, key=len, reverse=True)
#: Regex (no groups) for one or more number words separated by spaces.
NUMBER_WORD_PATTERN = r"(?<!\w)(?:{w})(?:\s+(?:{w})){{0,3}}(?!\w)".format(w="|".join(_ALL_WORDS))

_SEP = re.compile(r"[\s\-\u2010-\u2015]+")


def _parse_kazakh(tokens: list[str]) -> int | None:
    """Kazakh: [unit] жүз, then [ten], then [unit]; e.g. ``екі жүз жиырма бес``."""
    total = 0
    i = 0
    # hundreds: "жүз" or "<unit> жүз"
    if i + 1 < len(tokens) and tokens[i + 1] == "жүз" and 1 <= KAZAKH_WORDS[tokens[i]] <= 9:
        total += KAZAKH_WORDS[tokens[i]] * 100
        i += 2
    elif i < len(tokens) and tokens[i] == "жүз":
        total += 100
        i += 1
    if i < len(tokens) and KAZAKH_WORDS[tokens[i]] in range(10, 100, 10):
        total += KAZAKH_WORDS[tokens[i]]
        i += 1
    if i < len(tokens) and 1 <= KAZAKH_WORDS[tokens[i]] <= 9:
        total += KAZAKH_WORDS[tokens[i]]
        i += 1
    return total if i == len(tokens) and total > 0 else None


def _parse_russian(tokens: list[str]) -> int | None:
    """Russian: [hundreds] then [tens][units] or [teens]; e.g. ``двадцать пять``."""
    values = [RUSSIAN_WORDS[t] for t in tokens]
    total = 0
    i = 0
    if i < len(values) and values[i] >= 100:
        total += values[i]
        i += 1
    if i < len(values) and 10 <= values[i] <= 19:
        total += values[i]
        i += 1
    else:
        if i < len(values) and values[i] in range(20, 100, 10):
            total += values[i]
            i += 1
        if i < len(values) and 1 <= values[i] <= 9:
            total += values[i]
            i += 1
    return total if i == len(values) and total > 0 else None


def parse_number_words(words: str) -> int | None:
    """Value of a number written in Kazakh or Russian words, or ``None``.

    Case and surrounding whitespace do not matter; ``ё`` equals ``е``.
    Returns ``None`` for unknown words, mixed languages, or a wrong order
    (``"бес он"``), so a caller can report rather than misread.
    """
    tokens = [t for t in _SEP.split(words.lower().strip()) if t]
    if not tokens or len(tokens) > 4:
        return None
    if all(t in KAZAKH_WORDS for t in tokens):
        return _parse_kazakh(tokens)
    tokens = [t.replace("ё", "е") if t.replace("ё", "е") in RUSSIAN_WORDS else t for t in tokens]
    if all(t in RUSSIAN_WORDS for t in tokens):
        return _parse_russian(tokens)
    return None
