"""Property-based robustness: any text gives an Act or one TextError — nothing else, never a hang."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.text import Act, TextError, parse_act

ROOT = Path(__file__).resolve().parents[1]
RAW = (ROOT / "bpmn" / "resolution-38-08-2017.kk.txt").read_text(encoding="utf-8")
RU = (ROOT / "tests" / "fixtures" / "texts" / "ru-pavlodar-305-6-2017.ru.txt").read_text(encoding="utf-8")
LINES = RAW.splitlines()
WORDS = sorted(set(RAW.split()) | set(RU.split()))
SPECIAL = ['"', "«", "»", "(", ")", ";", ".", ":", "–", "-", "№", "1)", "8.", "\n", "\r\n", "\u00a0",
           "редакцияда мазмұндалсын:", "изложить в следующей редакции:", "Нәтижесі –", "Результат –",
           "мемлекеттік көрсетілетін қызмет регламентінде", "в регламенте государственной услуги",
           "30 (отыз) минут", "1-процесс –", "1 шарт –", "(бұдан әрі – ЭҮШ)", "ҚАУЛЫ ЕТЕДІ:"]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a parse of these sizes takes milliseconds."""

    def fail(*_: object) -> None:
        raise TimeoutError(f"parse_act took more than {seconds} s")

    if not hasattr(signal, "SIGALRM"):  # no alarms on this platform: run unguarded
        yield
        return
    old = signal.signal(signal.SIGALRM, fail)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def act_or_text_error(text: str) -> Act | None:
    with time_limit(30):  # a hang detector, not a speed test: a parse takes milliseconds
        try:
            act = parse_act(text, "t.txt")
        except TextError as exc:
            assert str(exc).startswith("t.txt:") and "\n" not in str(exc)
            assert 1 <= exc.line <= max(1, text.count("\n") + text.count("\r") + 1)
            return None
    assert isinstance(act, Act)
    return act


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    act_or_text_error(text)


@SETTINGS
@given(st.lists(st.sampled_from(WORDS + SPECIAL), max_size=400), st.sampled_from([" ", "\n", " \n"]))
def test_random_words_of_the_genre(tokens: list[str], sep: str) -> None:
    act_or_text_error(sep.join(tokens))


@st.composite
def mutated_lines(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        op = draw(st.sampled_from(["drop", "duplicate", "shuffle", "swap"]))
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        j = draw(st.integers(min_value=i, max_value=min(len(lines), i + 30)))
        if op == "drop":
            del lines[i:j]
        elif op == "duplicate":
            lines[j:j] = lines[i:j]
        elif op == "shuffle":
            chunk = lines[i:j]
            lines[i:j] = draw(st.permutations(chunk)) if chunk else chunk
        else:
            k = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[k] = lines[k], lines[i]
    return "\n".join(lines)


@SETTINGS
@given(mutated_lines())
def test_real_text_with_lines_dropped_duplicated_shuffled(text: str) -> None:
    act_or_text_error(text)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(RAW)), st.integers(min_value=0, max_value=20),
                  st.sampled_from(SPECIAL + ["", "x", "5", "\u0000", "\ufeff", "\u0301"])),
        min_size=1,
        max_size=12,
    )
)
def test_real_text_with_characters_inserted_and_deleted(edits: list[tuple[int, int, str]]) -> None:
    text = RAW
    for pos, deleted, inserted in edits:
        pos = min(pos, len(text))
        text = text[:pos] + inserted + text[pos + deleted :]
    act_or_text_error(text)


@SETTINGS
@given(st.integers(min_value=0, max_value=len(RU)), st.integers(min_value=0, max_value=len(RU)))
def test_russian_text_cut_anywhere(a: int, b: int) -> None:
    act_or_text_error(RU[: min(a, b)] + RU[max(a, b) :])


def test_untouched_texts_parse() -> None:
    assert act_or_text_error(RAW) is not None and act_or_text_error(RU) is not None
