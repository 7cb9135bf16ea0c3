"""Broken input (TextError) and the text's self-checks (findings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.text import TextError, TimeUnit, load_act, parse_act

RAW_PATH = Path(__file__).resolve().parents[1] / "bpmn" / "resolution-38-08-2017.kk.txt"
RAW = RAW_PATH.read_text(encoding="utf-8")


def test_words_disagreeing_with_digits_is_a_finding() -> None:
    text = RAW.replace("30 (\nотыз) минут.", "30 (\nжиырма) минут.", 1)
    act = parse_act(text, "act.txt")
    step = act.regulations[0].clause(5, 1).steps[0]
    assert (step.time_limit.value, step.time_limit.words) == (30, "жиырма")
    (finding,) = act.findings
    assert finding.code == "number-mismatch" and finding.line == 40
    assert "30" in finding.message and "20" in finding.message
    assert act.regulations[0].clause(5, 1).findings == (finding,)
    assert act.regulations[0].clause(7, 1).findings == ()


def test_alternative_limit_and_items_are_checked_too() -> None:
    text = RAW.replace("– 20 (жиырма) жұмыс күн;", "– 20 (жиырма бес) жұмыс күн;").replace(
        "–1 (бір) минут", "–1 (екі) минут")
    act = parse_act(text)
    assert [(f.code, f.line) for f in act.findings] == [("number-mismatch", 78), ("number-mismatch", 119)]


def test_unreadable_number_words_are_a_finding() -> None:
    act = parse_act(RAW.replace("15 (он бес) минут.", "15 (бес он) минут."))
    assert [(f.code, f.line) for f in act.findings] == [("number-words-unreadable", 62)]
    assert act.regulations[0].clause(5, 1).steps[4].time_limit.value == 15


def test_step_without_limit_and_unknown_actor_are_findings() -> None:
    text = RAW.replace("хабарламаға қол қояды - 1 (бір) \nжұмыс күн.", "хабарламаға қол қояды.", 1)
    text = text.replace("көрсетілетін қызметті берушінің кеңсе қызметкері хабарламаны тіркейді және\n"
                        "көрсетілетін қызметті алушыға береді - 15 (он бес) минут.",
                        "хатшы хабарламаны тіркейді - 15 (он бес) минут.", 1)
    act = parse_act(text)
    codes = {f.code for f in act.findings}
    assert codes == {"missing-time-limit", "unknown-actor"}
    steps = act.regulations[0].clause(5, 1).steps
    assert steps[3].time_limit is None and steps[4].actor is None and steps[4].time_limit.unit is TimeUnit.MINUTE


def test_process_numbering_is_checked() -> None:
    act = parse_act(RAW.replace("6) 4-процесс–", "6) 5-процесс–"))
    assert [(f.code, f.line) for f in act.findings] == [("numbering", 111), ("numbering", 114)]


def test_error_is_one_line_with_source_and_line() -> None:
    with pytest.raises(TextError) as info:
        parse_act("", "empty.txt")
    assert str(info.value) == "empty.txt:1: the text is empty"
    assert (info.value.source, info.value.line) == ("empty.txt", 1)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "mutate, line, words",
    [
        (lambda t: t.replace("№ 38/08 қаулысы", "38/08"), 1, "adoption"),
        (lambda t: t[: t.index('"1) көрсетілетін')] + t[t.index('"1) көрсетілетін') + 1 :], 33, "quoted"),
        (lambda t: t.replace("береді.\";", "береді.").replace("минут;\";", "минут;").replace("берілген.\".", "берілген."),
         34, "never closed"),
        (lambda t: t.replace("мазмұндалсын:5 тармағының", "мазмұндалсын:"), 33, "paragraph"),
        (lambda t: t.replace("мемлекеттік көрсетілетін \nқызмет :регламентінде", "\n", 1)
         .replace("мемлекеттік көрсетілетін қызмет :регламентінің", ""), 33, "before any regulation"),
        (lambda t: t[: t.index("      1. Қарағанды")], 23, "no amended regulation"),
    ],
)
def test_broken_texts(mutate, line: int, words: str) -> None:
    with pytest.raises(TextError) as info:
        parse_act(mutate(RAW), "act.txt")
    assert info.value.line == line and words in info.value.message
    assert str(info.value).startswith(f"act.txt:{line}: ")
    assert "\n" not in str(info.value)


def test_impossible_adoption_date_is_not_a_date() -> None:
    with pytest.raises(TextError):
        parse_act(RAW.replace("2017 жылғы 29 маусымдағы", "2017 жылғы 31 маусымдағы"))


def test_load_act_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "cp1251.txt"
    path.write_bytes(b"line one\nline two\n" + "Мүгедек\n".encode() + "Мүгедек".encode("cp1251", errors="replace"))
    with pytest.raises(TextError) as info:
        load_act(path)
    assert info.value.line == 4 and str(info.value).startswith(f"{path}:4: not valid UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_load_act_reads_utf16_with_its_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    """What Notepad saves as "Unicode": the byte order mark says how to read it."""
    path = tmp_path / "act.txt"
    data = RAW.encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    act = load_act(path)
    assert [c.ref for r in act.regulations for c in r.clauses] == ["5.1", "7.1", "8"]
    assert act.regulations[0].clauses[0].steps[0].time_limit.value == 30


def test_a_windows_1251_text_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes("сотрудник канцелярии принимает документы – 20 (двадцать) минут".encode("cp1251"))
    with pytest.raises(TextError) as info:
        load_act(path)
    assert "Windows-1251: save it as UTF-8" in str(info.value) and "\n" not in str(info.value)


def test_load_act_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + RAW_PATH.read_bytes())
    assert load_act(path).number == "38/08"
