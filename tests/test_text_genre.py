"""Every text of the genre (issue 10 §3): bare clauses, list-form steps, PDF furniture,
Latin lookalikes, and ``reglament text``.

The fixtures in tests/fixtures/texts/clauses/ were written for these tests in the
genre's form (other services, other actors, hours and calendar days, Kazakh and
Russian); they are not real acts. The damaged copies of the act are made here
from bpmn/resolution-38-08-2017.kk.txt, which is never modified.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ACT_TEXT, BPMN_DIR

from toolkit.cli import main
from toolkit.text import parse_act
from toolkit.text.bare import parse_clause_text
from toolkit.text.furniture import find_furniture
from toolkit.text.lookalikes import fix_line
from toolkit.text.reading import read

TEXTS = Path(__file__).resolve().parent / "fixtures" / "texts"
KK_LIST = TEXTS / "clauses" / "bare-kk-land-plot-list.kk.txt"
RU_LIST = TEXTS / "clauses" / "bare-ru-subsidy-list.ru.txt"
RU_PARAGRAPH = TEXTS / "clauses" / "bare-ru-paragraph-subclauses.ru.txt"


def run_text(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["text", *args])
    return result.exit_code, result.stdout, result.stderr


def text_json(*args: str) -> dict:
    """What ``reglament text --format json`` read: the envelope's results."""
    code, out, _ = run_text(*args, "--format", "json")
    assert code in (0, 1), out
    envelope = json.loads(out)
    assert envelope["command"] == "text" and envelope["exit_code"] == code
    assert len(envelope["findings"]) == len(envelope["results"]["findings"])
    return envelope["results"]


# --- list-form steps in a bare clause ------------------------------------------------------


def test_kazakh_list_of_steps_without_a_header() -> None:
    data = text_json(str(KK_LIST))
    assert data["kind"] == "clause" and data["act"] is None
    (clause,) = data["clauses"]
    assert clause["kind"] == "steps" and clause["heading"] == "көрсетілетін қызметті берушіге жүгінген кезде"
    got = [(s["index"], s["actor"], s["time_limit"]["value"], s["time_limit"]["unit"], s["result_to"])
           for s in clause["steps"]]
    assert got == [(1, "office_employee", 20, "minute", "head"),
                   (2, "head", 3, "hour", "responsible_executor"),
                   (3, "responsible_executor", 10, "calendar_day", "head"),
                   (4, "head", 2, "working_day", "office"),
                   (5, "office_employee", 15, "minute", "service_recipient")]
    last = clause["steps"][-1]["time_limit"]
    assert last["words"] == "он бес" and last["within"] and last["within_word"] == "ішінде"
    assert clause["steps"][0]["result"] == "өтінішті көрсетілетін қызметті берушінің басшысына жолдайды"
    assert data["findings"] == [] and data["notices"][0]["code"] == "bare-clause"


def test_russian_list_of_steps_with_an_alternative_limit() -> None:
    data = text_json(str(RU_LIST))
    (clause,) = data["clauses"]
    steps = clause["steps"]
    assert [(s["actor"], s["time_limit"]["value"], s["time_limit"]["unit"]) for s in steps] == [
        ("akimat_specialist", 2, "hour"), ("head", 1, "working_day"),
        ("responsible_executor", 5, "working_day"), ("head", 30, "minute")]
    assert steps[0]["time_limit"]["within_word"] == "в течение" and steps[0]["time_limit"]["words"] == "двух"
    (alternative,) = steps[2]["alternatives"]
    assert alternative["time_limit"]["value"] == 2 and "неполного пакета" in alternative["condition"]
    assert [s["result_to"] for s in steps] == ["head", "responsible_executor", "head", "office"]


def test_the_clause_option_names_a_bare_clause_and_selects_in_an_act() -> None:
    assert text_json(str(KK_LIST), "--clause", "5.1")["clauses"][0]["ref"] == "5.1"
    act = text_json(str(ACT_TEXT), "--clause", "8")
    assert [c["ref"] for c in act["clauses"]] == ["8"]
    assert act["clauses"][0]["processes"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert act["clauses"][0]["conditions"] == [1, 2]
    code, _, err = run_text(str(ACT_TEXT), "--clause", "9")
    assert code == 2 and "no clause 9 (clauses: 5.1, 7.1, 8)" in err


@pytest.mark.parametrize("path", [KK_LIST, RU_LIST])
def test_a_paragraph_number_for_a_labelled_subclause_keeps_its_steps(path: Path) -> None:
    """"--clause 9" for a body labelled "1) <heading>: …" is sub-clause 9.1, read as the steps it is."""
    unnamed = text_json(str(path))["clauses"][0]
    (clause,) = text_json(str(path), "--clause", "9")["clauses"]
    assert clause["ref"] == f"9.{unnamed['ref'].split('.')[-1].strip(')')}" and clause["kind"] == "steps"
    assert clause["steps"] == unnamed["steps"]


def test_a_restated_body_on_its_own_reads_like_the_act() -> None:
    """Clause 5.1's body cut out of the act: same steps as the act gives, with no header."""
    act = parse_act(ACT_TEXT.read_text(encoding="utf-8"), "act")
    lines = ACT_TEXT.read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[33:63])  # lines 34-63: "1) көрсетілетін қызметті берушіге жүгінген кезде: …"
    clause, _ = parse_clause_text(body, "body", (5, 1))
    original = act.regulations[0].clause(5, 1)
    def shape(steps: tuple) -> list:
        return [(s.actor_key, s.time_limit.value, s.time_limit.unit, len(s.alternatives),
                 s.result.target if s.result else None) for s in steps]
    assert shape(clause.steps) == shape(original.steps) and len(clause.steps) == 5


def test_plain_sentences_without_a_label_are_steps() -> None:
    reading = read("басшы құжаттарды қарайды - 2 (екі) сағат. Нәтижесі – құжаттарды жауапты орындаушыға "
                   "жолдайды; жауапты орындаушы шешім дайындайды - 3 (үш) жұмыс күн.")
    (_, clause), = reading.clauses
    assert [(s.actor_key, s.time_limit.value) for s in clause.steps] == [("head", 2), ("responsible_executor", 3)]


def test_items_stay_items_when_entries_are_processes() -> None:
    act = parse_act(ACT_TEXT.read_text(encoding="utf-8"))
    clause = act.regulations[1].clause(8)
    assert clause.kind == "items" and not clause.steps and len(clause.items) == 11


def test_text_exit_codes() -> None:
    code, out, _ = run_text(str(ACT_TEXT))
    assert code == 0 and "findings: none" in out
    code, _, err = run_text(str(TEXTS / "does-not-exist.txt"))
    assert code == 2 and "cannot read" in err


def test_findings_give_exit_1_and_garbage_exit_2(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.kk.txt"
    wrong.write_text("1) көрсетілетін қызметті берушінің басшысы қарайды - 20 (он) минут;\n"
                     "2) көрсетілетін қызметті берушінің кеңсе қызметкері тіркейді - 5 (бес) минут.",
                     encoding="utf-8")
    code, out, _ = run_text(str(wrong))
    assert code == 1 and "number-mismatch" in out
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("lorem ipsum dolor sit amet\n", encoding="utf-8")
    code, _, err = run_text(str(garbage))
    assert code == 2 and err.count("\n") == 1 and "garbage.txt:1:" in err


# --- PDF furniture ------------------------------------------------------------------------


@pytest.mark.parametrize("lines, dropped", [
    (["- 1 (бір)", "3", "жұмыс күн."], [1]),                        # a number after one in words
    (["жүзеге асырады -", "30", "(отыз) минут."], []),              # a limit's number, wrapped
    (["асырады -", "", "30", "минут."], []),                         # ... even next to a page break
    (["бастап", "", "12", "(бұдан әрі - құжаттар)"], [2]),           # page break, no limit follows
    (["2016 жылғы", "30", "мамырдағы"], []),                         # a date, wrapped
    (["от", "15", "июня 2016 года"], []),                              # ... in Russian
    (["указанных в пункте", "9", "Стандарта"], []),                    # a reference, wrapped
    (["№", "37", "/02"], []),
    (["басшысы құжаттармен танысады және", "3", "көрсетілетін қызметті"], [1]),  # mid-sentence: the page's
    (["резолюции;", "40", "руководитель услугодателя"], [1]),          # between two steps
    (["береді;", "7", "Нәтижесі – жолдайды"], [1]),                  # between two sentences
    (["«Әділет» ақпараттық-құқықтық жүйесі", "x"], [0]),
    (["Қазақстан Республикасының нормативтік құқықтық актілерінің «Әділет» ақпараттық-құқықтық жүйесі 4"], [0]),
    (["Информационно-правовая система нормативных правовых актов Республики Казахстан «Әділет»"], [0]),
    (['"Әділет" ақпараттық-құқықтық жүйесінде жарияланған) төмендегі'], []),  # a mention is text
    (["Бет 3 / 10", "- 4 -", "5-бет", "Страница 2"], [0, 1, 2, 3]),
    (["- 30 (отыз)", "\f7", "минут"], [1]),                             # a page number with its form feed
    (["асырады -", "\f30", "(отыз) минут"], []),                        # a limit's number after a form feed
    (["1 (бір)", "", "3", "", "жұмыс күн"], [2]),                      # blank lines around it too
    (["асырады - 30", "7", "«Әділет» ақпараттық-құқықтық жүйесі", "(отыз) минут."], [1, 2]),  # after the digits
    (["асырады - 30", "", "7", "", "(отыз) минут."], [2]),              # ... with blank lines instead
    (["асырады - 30 (", "7", "отыз) минут."], [1]),                     # inside the limit's brackets
    (["жібереді - 6 (алты) жұмыс", "12", "күн."], [1]),                 # inside the limit's unit
    (["тіркейді –1 (бір) минут", "12", "ішінде;"], [1]),                # before its "ішінде"
    (["автоматтандырылған", "", "12", "", "жұмыс орнына"], [2]),        # "жұмыс" that is no unit
    (["асырады -", "30", "жұмыс", "күн."], []),                         # a limit's unit wrapped too
])
def test_page_furniture_lines(lines: list[str], dropped: list[int]) -> None:
    assert [f.index for f in find_furniture(lines)] == dropped


# --- Latin lookalikes ---------------------------------------------------------------------


@pytest.mark.parametrize("line, read_as, replaced", [
    ("5) 1 шaрт - ЖТ МДҚ", "5) 1 шарт - ЖТ МДҚ", 1),                  # Latin a inside a word
    ("МK қызметкері береді", "МК қызметкері береді", 1),               # Latin K
    ("құжаттарды c басшыға", "құжаттарды с басшыға", 1),               # an all-lookalike word between Cyrillic
    ("сайт www.egov.kz арқылы", "сайт www.egov.kz арқылы", 0),          # a Latin word stays
    ("руководитель услугодатeля", "руководитель услугодателя", 1),     # Russian, Latin e
    ("ответственный иcnолнитель", "ответственный исполнитель", 1),     # italic n for п, only when mixed
    ("сотрудник канцелярии nu", "сотрудник канцелярии nu", 0),         # not a twin: an all-Latin word stays
    ("e-mail: info@example.kz", "e-mail: info@example.kz", 0),
    ("рабочих дней (Cyrillic only)", "рабочих дней (Cyrillic only)", 0),
])
def test_lookalikes(line: str, read_as: str, replaced: int) -> None:
    fixed, replacements = fix_line(line)
    assert fixed == read_as and len(replacements) == replaced and len(fixed) == len(line)


# --- damaged copies of the act ------------------------------------------------------------


def _signature(text: str) -> list:
    act = parse_act(text, "copy")
    out = []
    for regulation in act.regulations:
        for clause in regulation.clauses:
            out.append((clause.ref, clause.kind,
                        [(s.actor_key, s.time_limit.value, s.time_limit.unit, len(s.alternatives),
                          s.result.target if s.result else None) for s in clause.steps],
                        [(i.kind, i.ref, i.actor_keys, i.time_limit.value if i.time_limit else None)
                         for i in clause.items]))
    return out


def _damage(text: str) -> str:
    """A copy as a PDF round-trip leaves it: page numbers, footers, form feeds, Latin letters."""
    once = [
        # a page number between "1 (бір)" and "жұмыс күн" with no blank line around it
        ("басшысы құжаттармен танысады және \nкөрсетілетін қызметті берушінің жауапты орындаушысын анықтайды - 1 (бір) \n",
         "басшысы құжаттармен танысады және \nкөрсетілетін қызметті берушінің жауапты орындаушысын анықтайды - 1 (бір) \n3\n"),
        ("2 шарт", "2 шaрт"),                                   # condition 2 with a Latin a
        ("      10) 7-процесс", "      10) 7-прoцесс"),           # process 7 with a Latin o
        ("басшысы хабарламаға қол қояды - 1 (бір) \nжұмыс күн.", "бaсшысы хабарламаға қол қояды - 1 (бір) \nжұмыс күн."),
        ("МК \nқызметкеріне береді", "MK \nқызметкеріне береді"),  # an all-Latin МК
    ]
    for old, new in once:
        assert old in text, old
        text = text.replace(old, new, 1)
    # every page break (the blank-line runs) gets a page number, the footer and a form feed
    pages = text.split("\n\n\n\n")
    return "".join(page + (f"\n\n{n}\n«Әділет» ақпараттық-құқықтық жүйесі\n\f\n" if n < len(pages) else "")
                   for n, page in enumerate(pages, start=2))


def test_a_damaged_copy_reads_like_the_act_and_says_what_it_dropped() -> None:
    original = ACT_TEXT.read_text(encoding="utf-8")
    damaged = _damage(original)
    assert _signature(damaged) == _signature(original)
    act = parse_act(damaged, "damaged")
    codes = {n.code for n in act.notices}
    assert codes == {"page-furniture", "form-feed", "latin-lookalike"}
    assert act.findings == parse_act(original).findings
    furniture = [n for n in act.notices if n.code == "page-furniture"]
    assert any("'3'" in n.message for n in furniture)
    lookalike = next(n for n in act.notices if "шaрт" in n.message)
    assert damaged.split("\n")[lookalike.line - 1].count("шaрт") == 1  # the notice names the right line


def test_a_damaged_copy_still_checks_clean(tmp_path: Path) -> None:
    copy = tmp_path / "damaged.kk.txt"
    copy.write_text(_damage(ACT_TEXT.read_text(encoding="utf-8")), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(BPMN_DIR), "--text", str(copy)])
    assert result.exit_code == 0, result.output
    assert "clean" in result.output
    shown = text_json(str(copy))
    assert {n["code"] for n in shown["notices"]} >= {"page-furniture", "latin-lookalike"}


def _full_signature(text: str) -> list:
    """What the parser reads, down to the words of every step, result and item."""
    act = parse_act(text, "copy")
    return [(clause.ref, [(s.actor_key, s.action, s.time_limit, s.result.text if s.result else None)
                          for s in clause.steps], [(i.kind, i.ref, i.description) for i in clause.items])
            for regulation in act.regulations for clause in regulation.clauses]


@pytest.mark.parametrize("act", [ACT_TEXT] + [pytest.param(TEXTS / name, marks=pytest.mark.slow) for name in (
    "ru-pavlodar-305-6-2017.ru.txt", "ru-pavlodar-list-form.ru.txt", "kk-burabay-a-10-411-2018.kk.txt")],
    ids=lambda p: p.name)
@pytest.mark.parametrize("page_break", [
    "\n{n}\n«Әділет» ақпараттық-құқықтық жүйесі\n\f",      # number, footer, form feed
    pytest.param("\n\n{n}\n\n", marks=pytest.mark.slow),     # a number between blank lines
    "\n{n}\n",                                            # a number alone, mid-sentence
    pytest.param("\nстр. {n}\n", marks=pytest.mark.slow),
])
def test_a_page_break_after_any_line_reads_like_the_act(page_break: str, act: Path) -> None:
    """Wherever the page breaks in the restated text, the parser reads the same steps and items."""
    lines = act.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if "ҚАУЛЫ ЕТЕДІ" in line or "ПОСТАНОВЛЯЕТ" in line)
    last = len(lines) - 1
    want = _full_signature("\n".join(lines))
    for at in range(first + 1, last):
        copy = "\n".join(lines[:at]) + page_break.format(n=at % 40 + 2) + "\n".join(lines[at:])
        got = _full_signature(copy)
        assert [[(a, b, c and (c.value, c.unit, c.words), d) for a, b, c, d in steps] for _, steps, _ in got] == \
            [[(a, b, c and (c.value, c.unit, c.words), d) for a, b, c, d in steps] for _, steps, _ in want], \
            f"page break after line {at}: {lines[at - 1]!r}"
        assert [items for _, _, items in got] == [items for _, _, items in want], f"after line {at}"


def test_the_act_in_bpmn_is_untouched() -> None:
    """The damaged copies are made in memory; the act's own text has none of the damage."""
    act = parse_act(ACT_TEXT.read_text(encoding="utf-8"))
    assert act.notices == ()


@pytest.mark.parametrize("path", [KK_LIST, RU_LIST], ids=["kk", "ru"])
def test_bare_clauses_read_the_same_whatever_the_wrapping(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    words = text.split()
    variants = [text.replace("\n", "\r\n"), " ".join(words),
                "\n".join(" ".join(words[i:i + 6]) for i in range(0, len(words), 6))]

    def shape(source: str) -> list:
        (_, clause), = read(source).clauses
        return [(s.index, s.actor_key, s.time_limit.value, s.time_limit.unit,
                 s.result.target if s.result else None, len(s.alternatives)) for s in clause.steps]
    expected = shape(text)
    assert len(expected) >= 4
    assert all(shape(v) == expected for v in variants)


def test_a_russian_act_with_list_form_steps_reads_and_checks_like_the_sentence_form() -> None:
    """ru-pavlodar-list-form is ru-pavlodar-305-6-2017 with clause 5.1 rewritten as "1) …; 2) …"."""
    sentences = parse_act((TEXTS / "ru-pavlodar-305-6-2017.ru.txt").read_text(encoding="utf-8"))
    listed = parse_act((TEXTS / "ru-pavlodar-list-form.ru.txt").read_text(encoding="utf-8"))

    def shape(act) -> list:
        clause = act.regulations[0].clause(5, 1)
        return [(s.index, s.actor_key, s.time_limit.value, s.time_limit.unit,
                 [(a.limit.value, a.limit.unit) for a in s.alternatives], s.result.target if s.result else None)
                for s in clause.steps]
    assert shape(listed) == shape(sentences) and len(shape(listed)) == 5
    assert listed.findings == ()
    model = TEXTS.parent / "conformance" / "ru-housing-assistance.bpmn"
    result = CliRunner().invoke(main, ["check", str(model), "--text", str(TEXTS / "ru-pavlodar-list-form.ru.txt")])
    assert result.exit_code == 0 and "clean" in result.output, result.output


def test_a_page_number_run_into_the_line_is_not_the_limit() -> None:
    """Where extraction joined the page number to the line, the limit keeps its own number and says so."""
    reading = read("басшы хабарламаға қол қояды - 1 (бір) 3 жұмыс күн.")
    (_, clause), = reading.clauses
    (step,) = clause.steps
    assert (step.time_limit.value, step.time_limit.unit, step.time_limit.words) == (1, "working_day", "бір")
    assert [f.code for f in reading.findings] == ["stray-number"]


def test_a_paragraph_of_headed_subclauses_gives_each_clause() -> None:
    """"5. …: 1) при обращении к услугодателю: <list of steps>; 2) при обращении через ГК: <sentences>"."""
    data = text_json(str(RU_PARAGRAPH))
    assert [c["ref"] for c in data["clauses"]] == ["5.1", "5.2"]
    first, second = data["clauses"]
    assert first["heading"] == "при обращении к услугодателю"
    assert [(s["actor"], s["time_limit"]["value"], s["time_limit"]["unit"]) for s in first["steps"]] == [
        ("office_employee", 20, "minute"), ("head", 4, "hour"), ("responsible_executor", 7, "calendar_day")]
    assert [(s["actor"], s["time_limit"]["unit"], s["result_to"]) for s in second["steps"]] == [
        ("sc_employee", "working_day", "office"), ("office_employee", "minute", None)]
    only = text_json(str(RU_PARAGRAPH), "--clause", "5.2")
    assert [c["ref"] for c in only["clauses"]] == ["5.2"]
    assert [c["ref"] for c in text_json(str(RU_PARAGRAPH), "--clause", "5")["clauses"]] == ["5.1", "5.2"]


def test_json_input_errors_are_in_the_envelope() -> None:
    code, out, err = run_text(str(TEXTS / "does-not-exist.txt"), "--format", "json")
    envelope = json.loads(out)
    assert code == 2 and envelope["exit_code"] == 2 and envelope["command"] == "text"
    assert len(envelope["input_errors"]) == 1 and "cannot read" in err


def test_list_entries_that_continue_a_step_attach_to_it() -> None:
    """An entry that is only an alternative limit or only a result belongs to the step before it."""
    reading = read(
        "1) руководитель услугодателя рассматривает документы – 1 (один) рабочий день. Результат – "
        "направление документов ответственному исполнителю услугодателя;\n"
        "2) ответственный исполнитель услугодателя готовит уведомление – 5 (пять) рабочих дней;\n"
        "3) в случае представления неполного пакета документов – 2 (два) рабочих дня;\n"
        "4) Результат – направление уведомления руководителю услугодателя;\n"
        "5) руководитель услугодателя подписывает уведомление – 30 (тридцать) минут.")
    (_, clause), = reading.clauses
    assert [(s.index, s.actor_key, s.time_limit.value, [a.limit.value for a in s.alternatives],
             s.result.target if s.result else None) for s in clause.steps] == [
        (1, "head", 1, [], "responsible_executor"), (2, "responsible_executor", 5, [2], "head"),
        (5, "head", 30, [], None)]
    assert reading.findings == ()
