"""The parser on the act's text exactly as extracted (bpmn/resolution-38-08-2017.kk.txt)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from toolkit.text import (
    Act,
    ClauseKind,
    ItemKind,
    Status,
    TimeUnit,
    load_act,
    normalize,
    parse_act,
)

RAW = Path(__file__).resolve().parents[1] / "bpmn" / "resolution-38-08-2017.kk.txt"
REG1 = "Жергілікті өкілді органдардың шешімдері бойынша мұқтаж азаматтардың жекелеген санаттарына әлеуметтік көмек тағайындау"
REG2 = "Мүгедек балаларды үйде оқытуға жұмсалған шығындарды өтеу"

# (actor key, digits, words, unit, raw) of 5.1 / 7.1, as the translation lists them.
STEPS = [
    ("office_employee", 30, "отыз", TimeUnit.MINUTE, "30 (отыз) минут"),
    ("head", 1, "бір", TimeUnit.WORKING_DAY, "1 (бір) жұмыс күн"),
    ("responsible_executor", 6, "алты", TimeUnit.WORKING_DAY, "6 (алты) жұмыс күн"),
    ("head", 1, "бір", TimeUnit.WORKING_DAY, "1 (бір) жұмыс күн"),
    ("office_employee", 15, "он бес", TimeUnit.MINUTE, "15 (он бес) минут"),
]


@pytest.fixture(scope="module")
def act() -> Act:
    return load_act(RAW)


def test_act_metadata(act: Act) -> None:
    assert act.source == str(RAW)
    assert act.language == "kk"
    assert (act.number, act.adopted) == ("38/08", date(2017, 6, 29))
    assert act.registration is not None
    assert (act.registration.number, act.registration.date) == ("4322", date(2017, 7, 24))
    assert act.status is Status.REPEALED and act.status == "repealed"
    assert act.repealed_by is not None
    assert (act.repealed_by.number, act.repealed_by.date) == ("37/02", date(2019, 6, 18))
    assert act.amends is not None and (act.amends.number, act.amends.date) == ("37/04", date(2016, 5, 30))
    assert act.title.startswith("Қарағанды облысы әкімдігінің 2016 жылғы 30 мамырдағы")
    assert act.title.endswith("№ 37/04 қаулысына өзгерістер енгізу туралы")
    assert (act.title_span.first_line, act.title_span.last_line) == (2, 4)
    assert act.adoption.span.first_line == 7 and act.status_span is not None and act.status_span.first_line == 6


def test_regulations_and_restated_clauses(act: Act) -> None:
    assert [r.title for r in act.regulations] == [REG1, REG2]
    assert [r.number for r in act.regulations] == [1, 2]
    assert [[c.ref for c in r.clauses] for r in act.regulations] == [["5.1", "7.1"], ["8"]]
    assert act.regulation(REG2.upper()) is act.regulations[1]
    assert act.regulation(1) is act.regulations[0]


def test_clause_5_1_steps(act: Act) -> None:
    clause = act.regulations[0].clause(5, 1)
    assert clause.kind is ClauseKind.STEPS and clause.label == "1)"
    assert clause.heading == "көрсетілетін қызметті берушіге жүгінген кезде"
    got = [(s.actor_key, s.time_limit.value, s.time_limit.words, s.time_limit.unit, s.time_limit.raw)
           for s in clause.steps if s.time_limit]
    assert got == STEPS and [s.index for s in clause.steps] == [1, 2, 3, 4, 5]
    assert clause.steps[0].actor.phrase == "көрсетілетін қызметті берушінің кеңсе қызметкері"
    assert clause.steps[0].action.startswith("Стандарттың 9-тармағында көрсетілген қажетті құжаттарды көрселетін")
    assert clause.steps[0].action.endswith("қабылдауды және оларды тіркеуді жүзеге асырады")
    assert clause.steps[3].action == "хабарламаға қол қояды"
    assert not any(s.time_limit.within for s in clause.steps)


def test_clause_5_1_alternative_limit(act: Act) -> None:
    step = act.regulations[0].clause(5, 1).steps[2]
    assert [s.alternatives for s in act.regulations[0].clause(5, 1).steps if s is not step] == [()] * 4
    (alt,) = step.alternatives
    assert (alt.limit.value, alt.limit.unit, alt.limit.words) == (20, TimeUnit.WORKING_DAY, "жиырма")
    assert alt.condition.startswith("Әлеуметтік көмек көрсету үшін құжаттар жетіспеген не")
    assert alt.condition.endswith("ұсыну мүмкіндігі болмаған жағдайларда")
    assert (alt.span.first_line, alt.span.last_line) == (52, 54)


def test_clause_5_1_results_and_handoffs(act: Act) -> None:
    steps = act.regulations[0].clause(5, 1).steps
    assert [s.result.target for s in steps] == ["head", "responsible_executor", "head", "office", "service_recipient"]
    assert steps[0].result.text == "құжаттарды көрсетілетін қызметті берушінің басшысына бұрыштама қоюға жолдайды"
    assert steps[3].result.target_phrase == "көрсетілетін қызметті берушінің кеңсесіне"
    assert steps[4].result.text == "хабарламаны көрсетілетін қызметті алушыға береді"
    assert [(s.result.span.first_line, s.result.span.last_line) for s in steps] == [
        (42, 43), (47, 48), (55, 56), (59, 60), (63, 63)]


def test_clause_5_1_spans(act: Act) -> None:
    clause = act.regulations[0].clause(5, 1)
    assert (clause.span.first_line, clause.span.last_line) == (34, 63)
    assert [(s.span.first_line, s.span.last_line) for s in clause.steps] == [
        (35, 43), (44, 48), (49, 56), (57, 60), (61, 63)]
    first = clause.steps[0].time_limit
    assert (first.span.first_line, first.span.last_line) == (40, 41)  # "30 (" / "отыз) минут"


def test_clause_7_1_same_steps_without_results(act: Act) -> None:
    c5, c7 = act.regulations[0].clause(5, 1), act.regulations[0].clause(7, 1)
    assert [(s.actor_key, s.time_limit.value, s.time_limit.words, s.time_limit.unit, s.time_limit.raw)
            for s in c7.steps] == STEPS
    assert all(s.result is None for s in c7.steps)
    assert [s.action for s in c7.steps] == [s.action for s in c5.steps]
    assert [[(a.condition, a.limit.value, a.limit.unit) for a in s.alternatives] for s in c7.steps] == [
        [(a.condition, a.limit.value, a.limit.unit) for a in s.alternatives] for s in c5.steps]
    assert (c7.steps[3].span.first_line, c7.span.last_line) == (82, 85)  # after the page break


ITEMS = [
    (1, ItemKind.PLAIN, None, {"service_recipient", "sc_employee"}),
    (2, ItemKind.PROCESS, 1, {"sc_employee", "sc_iis_workplace"}),
    (3, ItemKind.PROCESS, 2, {"sc_employee", "service_recipient"}),
    (4, ItemKind.PROCESS, 3, {"egov_gateway", "gbd_fl", "enis", "service_recipient"}),
    (5, ItemKind.CONDITION, 1, {"gbd_fl", "enis", "service_recipient"}),
    (6, ItemKind.PROCESS, 4, {"gbd_fl", "enis", "service_recipient"}),
    (7, ItemKind.PROCESS, 5, {"regional_gateway_workplace", "egov_gateway", "sc_employee", "service_recipient"}),
    (8, ItemKind.PROCESS, 6, {"regional_gateway_workplace"}),
    (9, ItemKind.CONDITION, 2, {"service_provider", "service_recipient"}),
    (10, ItemKind.PROCESS, 7, {"service_recipient"}),
    (11, ItemKind.PROCESS, 8, {"service_recipient", "sc_employee", "regional_gateway_workplace"}),
]


def test_paragraph_8_items(act: Act) -> None:
    clause = act.regulations[1].clause(8)
    assert clause.kind is ClauseKind.ITEMS and clause.label == "8." and clause.steps == ()
    assert clause.heading is not None and clause.heading.startswith("МК жүгіну тәртібінің сипаттамасы")
    assert [(i.number, i.kind, i.ref, set(i.actor_keys)) for i in clause.items] == ITEMS
    assert clause.items[1].description.startswith("мемлекеттік көрсетілетін қызметті көрсету үшін МК")
    assert clause.items[1].text.startswith("1-процесс – ")
    assert clause.items[10].text.endswith("мемлекеттік көрсетілетін қызметтің нәтижесін алуы")
    assert [(i.span.first_line, i.span.last_line) for i in clause.items][7:9] == [(119, 120), (124, 125)]


def test_paragraph_8_one_minute_limit(act: Act) -> None:
    items = act.regulations[1].clause(8).items
    assert [i.number for i in items if i.time_limit] == [8]
    limit = items[7].time_limit
    assert (limit.value, limit.unit, limit.words, limit.within) == (1, TimeUnit.MINUTE, "бір", True)
    assert limit.raw == "1 (бір) минут ішінде"


def test_paragraph_8_abbreviations_and_appendix(act: Act) -> None:
    clause = act.regulations[1].clause(8)
    assert {a.short: a.full for a in clause.abbreviations} == {
        "МК ЫАЖ АЖО": "МК Ықпалдастырылған ақпараттық жүйесінің автоматтандырылған жұмыс орнына",
        "ЭҮШ": "электрондық үкімет шлюзі",
        "ЖТ МДҚ": "жеке тұлғалардың мемлекеттік деректер қорына",
        "БНАЖ": "Бірыңғай нотариалдық ақпараттық жүйесіне",
        "ЭҮАШ АЖО": "электрондық үкіметтің аймақтық шлюзінің автоматтандырылған жұмыс орнына",
    }
    assert [a.short for a in clause.items[3].abbreviations] == ["ЭҮШ", "ЖТ МДҚ", "БНАЖ"]
    assert clause.appendix == 1 and clause.closing is not None
    assert clause.closing.text.endswith("осы регламенттің 1-қосымшасында берілген")
    assert (clause.closing.span.first_line, clause.closing.span.last_line) == (131, 133)
    assert act.abbreviations["құжаттар"] is None  # defined, but not an acronym


def test_typos_are_the_texts_words(act: Act) -> None:
    assert "көрселетін" in act.regulations[0].clause(5, 1).steps[0].action
    assert "көрсетілтін" in act.regulations[1].clause(8).heading


def test_labels_compare_with_the_text_through_normalize(act: Act) -> None:
    flat = normalize(RAW.read_text(encoding="utf-8"))
    for reg in act.regulations:
        assert normalize(reg.title) in flat
        for clause in reg.clauses:
            for step in clause.steps:
                assert normalize(step.actor.phrase) in flat and normalize(step.action) in flat
            for item in clause.items:
                assert normalize(item.description) in flat


def test_no_findings_in_the_real_text(act: Act) -> None:
    assert act.findings == ()


def test_model_is_immutable_and_made_of_tuples(act: Act) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        act.title = "x"  # type: ignore[misc]

    def walk(obj: object) -> None:
        assert not isinstance(obj, (list, dict, set))
        if dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                walk(getattr(obj, f.name))
        elif isinstance(obj, tuple):
            for x in obj:
                walk(x)

    walk(act)
    hash(act.regulations[0].clause(5, 1).steps[0].time_limit)


def test_parse_act_equals_load_act(act: Act) -> None:
    assert parse_act(RAW.read_text(encoding="utf-8"), str(RAW)) == act
