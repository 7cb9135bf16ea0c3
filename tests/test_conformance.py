"""The conformance checker: bundled models are clean; each check catches its case; the CLI contract."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    ACT_TEXT,
    APPENDIX_1,
    FIXTURES,
    HOME_EDUCATION,
    OUR_MODELS,
    ROOT,
    SOCIAL_ASSISTANCE,
)

from toolkit.cli import main
from toolkit.conformance import (
    CODES,
    Report,
    all_checks,
    check_bytes,
    check_files,
    check_model,
    check_models,
)
from toolkit.conformance.actors import item_performer, same_actor
from toolkit.conformance.labels import quotes
from toolkit.conformance.report import clause_sort_key, format_text
from toolkit.model import load_model, load_model_bytes
from toolkit.text import Act, load_act, parse_act

RU_MODEL = FIXTURES / "conformance" / "ru-housing-assistance.bpmn"
RU_TEXT = FIXTURES / "texts" / "ru-pavlodar-305-6-2017.ru.txt"
CHECK_DOC = ROOT / "docs" / "conformance.md"
runner = CliRunner()


@cache
def act() -> Act:
    return load_act(ACT_TEXT)


def check_edited(path: Path, *edits: tuple[str, str]) -> Report:
    """Check ``path`` with textual edits applied to its XML (each must apply)."""
    data = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in data, old
        data = data.replace(old, new, 1)
    return check_model(load_model_bytes(data.encode("utf-8"), str(path)), act())


def check_in_element(path: Path, element_id: str, old: str, new: str) -> Report:
    """Check ``path`` with ``old`` replaced by ``new`` inside the element ``element_id``."""
    data = path.read_text(encoding="utf-8")
    start = data.index(f'id="{element_id}"')
    at = data.index(old, start)
    data = data[:at] + new + data[at + len(old):]
    return check_model(load_model_bytes(data.encode("utf-8"), str(path)), act())


def codes(report: Report) -> set[str]:
    return {f.code for f in report.findings}


# -- the bundled models ----------------------------------------------------------

@pytest.mark.parametrize("path", OUR_MODELS, ids=lambda p: p.stem)
def test_bundled_model_checks_clean(path: Path) -> None:
    report = check_model(load_model(path), act())
    assert report.regulation is not None
    assert report.findings == (), "\n" + "\n".join(f.format_text() for f in report.findings)


def test_bundled_models_cover_every_restated_clause() -> None:
    run = check_models([load_model(p) for p in OUR_MODELS], act(), complete=True)
    assert not [f for f in run.general if f.code == "RC104"]
    assert {r.model: r.clauses for r in run.reports} == {
        str(SOCIAL_ASSISTANCE): ("5.1", "7.1"), str(HOME_EDUCATION): ("8",), str(APPENDIX_1): ("8",)}


def test_russian_model_checks_clean_against_a_russian_act() -> None:
    report = check_model(load_model(RU_MODEL), load_act(RU_TEXT))
    assert report.clauses == ("5.1",) and report.findings == ()


# -- matching ----------------------------------------------------------------------

def test_regulation_by_title_when_amends_is_absent() -> None:
    report = check_edited(SOCIAL_ASSISTANCE, (' amends="1.1"', ""))
    assert report.regulation_number == 1 and report.findings == ()


def test_unmatched_regulation_and_other_act_are_findings_not_errors() -> None:
    assert codes(check_edited(SOCIAL_ASSISTANCE, (' amends="1.1"', ' amends="1.9"'))) == {"RC001"}
    other = check_edited(SOCIAL_ASSISTANCE, ('act="38/08"', 'act="99/01"'))
    assert codes(other) == {"RC003"} and other.findings[0].expected == "38/08"


def test_unknown_references_are_rc103() -> None:
    step_9 = check_in_element(SOCIAL_ASSISTANCE, "sign_notification", 'subparagraph="1" step="4"',
                              'subparagraph="1" step="9"')
    assert {(f.code, f.element_id) for f in step_9.findings if f.code == "RC103"} == {("RC103", "sign_notification")}
    assert any(f.clause == "5.1 step 4" for f in step_9.findings if f.code == "RC101")
    clause_6_2 = check_in_element(SOCIAL_ASSISTANCE, "assign_executor", 'paragraph="7" subparagraph="1"',
                                  'paragraph="6" subparagraph="2"')
    [rc103] = [f for f in clause_6_2.findings if f.code == "RC103"]
    assert rc103.element_id == "assign_executor" and rc103.found == "6.2"
    item_in_steps = check_in_element(SOCIAL_ASSISTANCE, "assign_executor", 'step="2"', 'item="2"')
    assert "RC103" in codes(item_in_steps)


def test_item_found_by_its_process_number_alone() -> None:
    report = check_edited(HOME_EDUCATION, ('<reg:clause paragraph="8" item="8" process="6"/>',
                                           '<reg:clause paragraph="8" process="6"/>'))
    assert report.findings == ()


def test_wrong_item_number_for_a_process_is_renumbered() -> None:
    report = check_edited(HOME_EDUCATION, ('<reg:clause paragraph="8" item="8" process="6"/>',
                                           '<reg:clause paragraph="8" item="9" process="6"/>'))
    assert "RC603" in codes(report)


# -- one case per check --------------------------------------------------------

def test_element_standing_for_no_text_is_rc102() -> None:
    data = SOCIAL_ASSISTANCE.read_text(encoding="utf-8")
    start = data.index('<bpmn:userTask id="sign_notification"')
    end = data.index("</bpmn:userTask>", start)
    element = re.sub(r"<reg:clause [^>]*/>", "", data[start:end])
    report = check_model(load_model_bytes((data[:start] + element + data[end:]).encode("utf-8"),
                                          str(SOCIAL_ASSISTANCE)), act())
    found = {(f.code, f.element_id) for f in report.findings}
    assert ("RC102", "sign_notification") in found
    assert ("RC101", None) in found  # step 4 is now missing, cited from the text
    missing = next(f for f in report.findings if f.code == "RC101")
    assert missing.source == str(ACT_TEXT) and missing.line == 57


def test_bypassing_a_step_is_skipped_rc202() -> None:
    report = check_edited(SOCIAL_ASSISTANCE, (
        'sourceRef="assign_executor" targetRef="review_documents"',
        'sourceRef="assign_executor" targetRef="sign_notification"'))
    assert {f.clause for f in report.findings if f.code == "RC202"} == {"5.1 step 3", "7.1 step 3"}


def test_negative_outcome_may_end_the_story() -> None:
    """Process 4 ends the path on the 'no data' outcome: no later item is required there."""
    report = check_model(load_model(HOME_EDUCATION), act())
    assert "RC202" not in codes(report)


def test_wrong_result_target_and_text_and_extra_result() -> None:
    report = check_edited(
        SOCIAL_ASSISTANCE,
        ('<reg:result to="responsible_executor">', '<reg:result to="office_employee">'),
        ('қол қойылған хабарламаны көрсетілетін қызметті берушінің кеңсесіне жолдайды',
         'хабарламаны кеңсеге жолдайды'))
    assert {"RC502", "RC505"} <= codes(report)
    extra = check_edited(HOME_EDUCATION, ('<reg:operation name="regional_gateway.register_documents"/>',
                                          '<reg:result to="head">тіркейді</reg:result>'))
    assert "RC504" in codes(extra)


def test_handoff_to_another_lane_is_rc503() -> None:
    report = check_edited(SOCIAL_ASSISTANCE, ("<bpmn:flowNodeRef>review_documents</bpmn:flowNodeRef>", ""),
                          ("<bpmn:flowNodeRef>sign_notification</bpmn:flowNodeRef>",
                           "<bpmn:flowNodeRef>sign_notification</bpmn:flowNodeRef>"
                           "<bpmn:flowNodeRef>review_documents</bpmn:flowNodeRef>"))
    handoffs = {f.element_id for f in report.findings if f.code == "RC503"}
    assert "assign_executor" in handoffs  # the head now hands to the head, the text says the executor
    assert "RC301" in codes(report)


def test_limit_words_and_extra_limit() -> None:
    report = check_edited(SOCIAL_ASSISTANCE, ('words="алты"', 'words="жеті"'))
    assert codes(report) == {"RC405"}
    extra = check_edited(HOME_EDUCATION, ('<reg:operation name="egov_gateway.request_data"/>',
                                          '<reg:timeLimit value="5" unit="minute"/>'))
    assert codes(extra) == {"RC404"}


def test_no_time_limit_where_the_text_has_one_is_rc404() -> None:
    report = check_in_element(HOME_EDUCATION, "process_6", '<reg:timeLimit value="1" unit="minute" words="бір" '
                              'within="true"/>', "<reg:noTimeLimit/>")
    assert {(f.code, f.element_id, f.found) for f in report.findings} == {("RC404", "process_6", "reg:noTimeLimit")}


def test_condition_as_a_task_is_rc601() -> None:
    report = check_edited(HOME_EDUCATION, ('<bpmn:exclusiveGateway id="condition_2"', '<bpmn:task id="condition_2"'),
                          ('</bpmn:exclusiveGateway>\n    <bpmn:userTask id="process_7"',
                           '</bpmn:task>\n    <bpmn:userTask id="process_7"'))
    assert "RC601" in codes(report)


def test_lane_name_and_key_disagree_rc302() -> None:
    report = check_edited(SOCIAL_ASSISTANCE, ('<reg:actor key="head"/>', '<reg:actor key="office_employee"/>'))
    assert ("RC302", "head") in {(f.code, f.element_id) for f in report.findings}


def test_text_self_check_findings_are_warnings() -> None:
    text = ACT_TEXT.read_text(encoding="utf-8").replace("30 (\nотыз) минут.", "30 (\nжиырма) минут.", 1)
    broken = parse_act(text, "act.txt")
    assert [f.code for f in broken.findings] == ["number-mismatch"]
    run = check_models([load_model(SOCIAL_ASSISTANCE)], broken)
    [rc901] = [f for f in run.general if f.code == "RC901"]
    assert rc901.severity == "warning" and rc901.clause == "5.1" and rc901.line == 40
    # the model keeps the words the act had, so it now differs from the text's words
    assert {f.code for f in run.findings if f.severity == "error"} == {"RC405"}
    assert "the act as a whole" in format_text(run)


# -- the rules themselves ------------------------------------------------------

@pytest.mark.parametrize("name, ok", [
    ("хабарламаға қол қояды", True),
    ("Хабарламаға  ҚОЛ қояды!", True),                # case, spaces, punctuation do not count
    ("хабарлама", True),                              # a case ending dropped from the last word
    ("хабарламаға қол", True),
    ("қол хабарламаға қояды", False),                 # reordered
    ("хабарламаға қол қоймайды", False),              # reworded
    ("хабарламаға қояды", False),                     # a word dropped inside
    ("ха", False),                                    # too short a stem
])
def test_label_rule(name: str, ok: bool) -> None:
    assert quotes(name, "көрсетілетін қызметті берушінің басшысы хабарламаға қол қояды") is ok


def test_label_rule_lets_one_coordinated_member_go() -> None:
    text = "ЖТ МДҚ көрсетілетін қызметті алушы мәліметтерінің және БНАЖ сенімхат мәліметтерінің бар болуын тексеруі"
    assert quotes("ЖТ МДҚ көрсетілетін қызметті алушы мәліметтерінің бар болуын тексеруі", text)
    assert not quotes("ЖТ МДҚ көрсетілетін қызметті алушы бар болуын тексеруі", text)  # the gap has no conjunction


@pytest.mark.parametrize("description, doer", [
    ("көрсетілетін қызметті алушы құжаттарды МК қызметкеріне береді", "service_recipient"),
    ("МК қызметкерінің мемлекеттік көрсетілетін қызметті таңдауы", "sc_employee"),
    ("электрондық үкімет шлюзі (бұдан әрі–ЭҮШ) арқылы ЖТ МДҚ сұрау жолдауы", None),
    ("ЭҮАШ АЖО-ға құжаттарды жолдауы", None),
    ("ЭҮАШ АЖО-да сұраныстың тіркелуін тексеру", None),
    ("ЖТ МДҚ мәліметтерінің болмауына байланысты хабарламаны қалыптастыруы", None),
    ("электрондық құжаттарды ЭҮАШ АЖО тіркейді", "regional_gateway_workplace"),
    ("ввод работником Государственной корпорации логина и пароля", "sc_employee"),
    ("проверка наличия данных услугополучателя в ГБД ФЛ", None),
    ("направление запроса через шлюз «электронного правительства»", None),
    ("формирование сообщения в связи с отсутствием данных услугополучателя", None),
    ("услугополучатель подает документы", "service_recipient"),
])
def test_item_performer(description: str, doer: str | None) -> None:
    assert item_performer(description) == doer


def test_actor_members() -> None:
    assert same_actor("office", "office_employee") and same_actor("service_provider", "head")
    assert not same_actor("head", "service_provider") and not same_actor("head", None)


def test_clause_groups_follow_the_text() -> None:
    labels = ["7.1 step 1", "5.1 step 10", None, "5.1", "5.1 step 2", "8 item 11 (8-процесс)", "8 item 9 (2 шарт)"]
    assert sorted(labels, key=clause_sort_key) == [
        None, "5.1", "5.1 step 2", "5.1 step 10", "7.1 step 1", "8 item 9 (2 шарт)", "8 item 11 (8-процесс)"]


# -- the code table ------------------------------------------------------------

def test_every_code_is_documented_and_every_check_code_exists() -> None:
    doc = CHECK_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(RC\d{3})` \|", doc, re.MULTILINE))
    assert documented == set(CODES)
    declared = {c for check in all_checks() for c in check.codes}
    runner_codes = {"RC001", "RC002", "RC003", "RC104", "RC901"}
    assert declared | runner_codes == set(CODES)


# -- the CLI -------------------------------------------------------------------

def invoke(*args: str):
    return runner.invoke(main, list(args))


def test_cli_clean_model_exits_0() -> None:
    result = invoke("check", str(SOCIAL_ASSISTANCE))
    assert result.exit_code == 0, result.output
    assert "5.1, 7.1: clean" in result.output


def test_cli_findings_exit_1_grouped_by_clause(tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text(SOCIAL_ASSISTANCE.read_text(encoding="utf-8").replace('value="6"', 'value="7"', 1),
                      encoding="utf-8")
    result = invoke("check", str(broken), "--text", str(ACT_TEXT))
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "  5.1 step 3" in lines and "  7.1 step 3" in lines
    assert any(re.match(rf"    {re.escape(str(broken))}:\d+: RC401 ", line) for line in lines)
    assert "    expected: 6 (алты) жұмыс күн" in "\n".join(lines).replace("        ", "    ")


def test_cli_json(tmp_path: Path) -> None:
    broken = tmp_path / "broken.bpmn"
    broken.write_text(HOME_EDUCATION.read_text(encoding="utf-8").replace('unit="minute"', 'unit="hour"', 1),
                      encoding="utf-8")
    result = invoke("check", str(broken), "--text", str(ACT_TEXT), "--format", "json")
    assert result.exit_code == 1
    [payload] = json.loads(result.stdout)["results"]["runs"]  # always {"runs": [...]}, even for one run
    assert payload["errors"] == 1
    finding = payload["findings"][0]
    assert finding["code"] == "RC402" and finding["clause"] == "8 item 8 (6-процесс)"
    assert finding["element_id"] == "process_6" and finding["line"] > 0 and finding["hint"]
    assert payload["models"][0]["groups"][0]["clause"] == "8 item 8 (6-процесс)"


@pytest.mark.parametrize("args", [
    ("check", "no-such-model.bpmn"),
    ("check", str(SOCIAL_ASSISTANCE), "--text", "no-such-text.txt"),
])
def test_cli_input_errors_exit_2(args: tuple[str, ...]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "reglament: error:" in result.output


def test_cli_unreadable_text_and_model_exit_2(tmp_path: Path) -> None:
    text = tmp_path / "act.txt"
    text.write_text("not an act", encoding="utf-8")
    result = invoke("check", str(SOCIAL_ASSISTANCE), "--text", str(text))
    assert result.exit_code == 2 and f"{text}:1:" in result.output
    model = tmp_path / "m.bpmn"
    model.write_text("<bpmn:definitions", encoding="utf-8")
    result = invoke("check", str(model), "--text", str(ACT_TEXT))
    assert result.exit_code == 2 and str(model) in result.output


def test_check_files_finds_the_text_beside_the_models() -> None:
    [run] = check_files([str(SOCIAL_ASSISTANCE)])
    assert run.act == str(ACT_TEXT) and [r.model for r in run.reports] == [str(SOCIAL_ASSISTANCE)]
    assert "1 model(s) checked" in format_text(run)


def test_check_bytes() -> None:
    report = check_bytes(SOCIAL_ASSISTANCE.read_bytes(), ACT_TEXT.read_text(encoding="utf-8"))
    assert report.clean
