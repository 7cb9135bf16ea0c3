"""Number words and time-limit expressions (toolkit.text.numbers / units)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.text import TimeUnit, parse_number_words
from toolkit.text.limit_phrases import find_limits

KK_UNITS = ["", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
KK_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]
RU_UNITS = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
RU_TEENS = ["десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
            "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"]
RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
RU_HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"]


def kazakh(n: int) -> str:
    """Independent spelling of 1..999 in Kazakh, to test the parser against."""
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    words = []
    if h:
        words += ([KK_UNITS[h]] if h > 1 else []) + ["жүз"]
    words += [w for w in (KK_TENS[t], KK_UNITS[u]) if w]
    return " ".join(words)


def russian(n: int) -> str:
    """Independent spelling of 1..999 in Russian (nominative)."""
    h, rest = divmod(n, 100)
    words = [RU_HUNDREDS[h]] if h else []
    if 10 <= rest <= 19:
        words.append(RU_TEENS[rest - 10])
    else:
        t, u = divmod(rest, 10)
        words += [w for w in (RU_TENS[t], RU_UNITS[u]) if w]
    return " ".join(words)


@pytest.mark.parametrize(
    "words, value",
    [
        ("бір", 1), ("он бес", 15), ("жиырма", 20), ("отыз", 30), ("қырық", 40), ("елу", 50),
        ("алпыс", 60), ("жиырма бес", 25), ("Отыз", 30), ("  он  бес ", 15),
        ("одного", 1), ("одной", 1), ("двух", 2), ("пятнадцати", 15), ("двадцать", 20),
        ("тридцать", 30), ("двадцати пяти", 25), ("трёх", 3),
    ],
)
def test_known_number_words(words: str, value: int) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize("words", ["", "бес он", "он он", "отыз пять", "минут", "один два", "двадцать одиннадцать"])
def test_rejects_what_is_not_a_number(words: str) -> None:
    assert parse_number_words(words) is None


@settings(max_examples=200)
@given(st.integers(min_value=1, max_value=999))
def test_every_kazakh_and_russian_number_reads_back(n: int) -> None:
    assert parse_number_words(kazakh(n)) == n
    assert parse_number_words(russian(n)) == n


@pytest.mark.parametrize(
    "text, value, unit, within",
    [
        ("асырады - 30 (отыз) минут.", 30, TimeUnit.MINUTE, False),
        ("анықтайды - 1 (бір) жұмыс күн.", 1, TimeUnit.WORKING_DAY, False),
        ("дайындайды – 5 (бес) жұмыс күні;", 5, TimeUnit.WORKING_DAY, False),
        ("– 2 (екі) күнтізбелік күн.", 2, TimeUnit.CALENDAR_DAY, False),
        ("– 3 (үш) сағат;", 3, TimeUnit.HOUR, False),
        ("тіркейді –1 (бір) минут ішінде;", 1, TimeUnit.MINUTE, True),
        ("– 4 (четыре) часа.", 4, TimeUnit.HOUR, False),
        ("– 3 (три) рабочих дня.", 3, TimeUnit.WORKING_DAY, False),
        ("– 10 (десять) рабочих дней", 10, TimeUnit.WORKING_DAY, False),
        ("– 1 (один) рабочий день", 1, TimeUnit.WORKING_DAY, False),
        ("– 10 (десять) календарных дней.", 10, TimeUnit.CALENDAR_DAY, False),
        ("– 1 (один) календарный день", 1, TimeUnit.CALENDAR_DAY, False),
        ("– 15 (пятнадцать) минут", 15, TimeUnit.MINUTE, False),
        ("– в течение 1 (одной) минуты;", 1, TimeUnit.MINUTE, True),
        ("күнтізбелік он күн өткен соң", 10, TimeUnit.CALENDAR_DAY, False),
        ("– 40 минут", 40, TimeUnit.MINUTE, False),
        ("– в срок не более 3 (трех) рабочих дней.", 3, TimeUnit.WORKING_DAY, True),
        ("– в срок до 2 (двух) часов", 2, TimeUnit.HOUR, True),
    ],
)
def test_time_limits_in_both_languages(text: str, value: int, unit: TimeUnit, within: bool) -> None:
    (limit,) = find_limits(text)
    assert (limit.value, limit.unit, limit.within, limit.qualified) == (value, unit, within, True)


def test_a_limit_introduced_by_v_srok_leaves_the_action_alone() -> None:
    """"… рассматривает документы – в срок не более 3 (трех) рабочих дней": "в срок" is the limit's."""
    (limit,) = find_limits("рассматривает документы – в срок не более 3 (трех) рабочих дней")
    assert limit.raw == "в срок не более 3 (трех) рабочих дней"


def test_limit_keeps_digits_words_and_raw() -> None:
    (limit,) = find_limits("жүзеге асырады - 30 (отыз) минут.")
    assert (limit.value, limit.words, limit.words_value, limit.raw) == (30, "отыз", 30, "30 (отыз) минут")


def test_words_disagreeing_with_digits_are_reported_not_corrected() -> None:
    (limit,) = find_limits("- 30 (жиырма) минут")
    assert (limit.value, limit.words_value) == (30, 20)


def test_bare_day_is_calendar_but_unqualified() -> None:
    (limit,) = find_limits("– 5 (бес) күн")
    assert (limit.unit, limit.qualified) == (TimeUnit.CALENDAR_DAY, False)


@pytest.mark.parametrize("text", ["Стандарттың 9-тармағында", "1-процесс", "5 часть", "2016 жылғы 30 мамырдағы", "№ 37/04"])
def test_no_limit_where_there_is_none(text: str) -> None:
    assert find_limits(text) == []
