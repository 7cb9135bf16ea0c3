"""The draft's stages one by one: selection, roles, wording, plan, builder (no Graphviz needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from toolkit.draft import DraftError, roles, wording
from toolkit.draft.builder import build
from toolkit.draft.planner import plan
from toolkit.draft.select import select
from toolkit.model import load_model_bytes
from toolkit.text import load_act

ROOT = Path(__file__).resolve().parent.parent
ACT = ROOT / "bpmn" / "resolution-38-08-2017.kk.txt"
TEXTS = ROOT / "tests" / "fixtures" / "texts" / "draft"


@pytest.fixture(scope="module")
def act():
    return load_act(ACT)


# --- selection --------------------------------------------------------------------------------

def test_two_restatements_of_one_clause_become_one_list_citing_both(act):
    selection = select(act, ("5.1", "7.1"))
    assert [s.number for s in selection.sources] == [1, 2, 3, 4, 5]
    assert [r.clause for r in selection.sources[2].refs] == ["5.1", "7.1"]
    assert selection.sources[2].alternatives, "the 20-working-day alternative of step 3 is kept"
    assert selection.sources[0].result is not None, "5.1's results are kept although 7.1 has none"


def test_without_clause_an_act_of_two_regulations_is_ambiguous(act):
    with pytest.raises(DraftError, match=r"2 regulations .*5\.1, 7\.1.*8"):
        select(act)


@pytest.mark.parametrize("clauses, message", [
    (("9",), "no regulation restates clause 9"),
    (("5.1", "8"), "no regulation restates clause 5.1, 8"),
])
def test_a_clause_the_act_does_not_restate_is_refused(act, clauses, message):
    with pytest.raises(DraftError, match=message):
        select(act, clauses)


def test_a_regulation_number_the_act_does_not_amend_is_refused(act):
    with pytest.raises(DraftError, match="amends no regulation 7"):
        select(act, ("8",), regulation=7)


# --- roles ------------------------------------------------------------------------------------

def test_an_item_that_names_only_a_channel_is_placed_with_the_channel():
    text = ("электрондық үкімет шлюзі (бұдан әрі–ЭҮШ) арқылы жеке тұлғалардың мемлекеттік деректер қорына "
            "сұрау жолдауы")
    assert roles.item_role(text) == roles.Role("egov_gateway", False)


def test_an_item_whose_actors_are_all_in_its_cause_has_no_placement_of_its_own():
    text = "көрсетілетін қызметті алушының құжаттарында кемшіліктердің болуына байланысты хабарламаны қалыптастыруы"
    assert roles.item_role(text).actor is None


def test_the_applicant_is_a_doer_only_where_the_text_makes_it_one():
    assert roles.item_role("проверка наличия данных услугополучателя в ГБД ФЛ").actor == "gbd_fl"
    assert roles.item_role("услугополучатель подает заявление работнику Государственной корпорации") == \
        roles.Role("service_recipient", True)


def test_receiving_and_addressees_are_read_in_both_languages():
    assert roles.receives("көрсетілетін қызметті алушы МК қызметкері арқылы нәтижесін алуы")
    assert roles.receives("получение услугополучателем результата")
    assert not roles.receives("электрондық құжаттарды ЭҮАШ АЖО тіркейді")
    assert roles.addressee("қажетті құжаттарды МК қызметкеріне береді") == "sc_employee"
    assert roles.channel("нәтижесін МК қызметкері арқылы алуы") == "sc_employee"


# --- wording ----------------------------------------------------------------------------------

def test_branch_names_are_the_words_the_condition_and_its_refusal_use():
    condition = "ЖТ МДҚ көрсетілетін қызметті алушы мәліметтерінің бар болуын тексеруі"
    refusal = "БНАЖ сенімхат мәліметтерінің болмауына байланысты хабарламаны қалыптастыруы"
    assert wording.outcome_names(condition, refusal, "kk") == ("бар болуы", "болмауы")
    condition = "көрсетілетін қызметті берушінің құжаттарының сәйкестігін тексеруі (өңдеуі)"
    refusal = "құжаттарында кемшіліктердің болуына байланысты бас тарту жөніндегі хабарламаны қалыптастыруы"
    assert wording.outcome_names(condition, refusal, "kk") == ("сәйкестігі", "кемшіліктердің болуы")
    assert wording.outcome_names("проверка наличия данных", "в связи с отсутствием данных", "ru") == \
        ("наличия данных", "отсутствием данных")
    assert wording.outcome_names("проверка услугодателем соответствия документов услугополучателя",
                                 "отказа в связи с наличием недостатков в документах", "ru") == \
        ("соответствия документов", "наличием недостатков"), "the actor is skipped, the defect kept"
    assert wording.outcome_names("тексеру жоқ", "бас тарту", "kk")[1] == "жоқ"


def test_an_end_event_is_named_by_what_the_unit_produces():
    assert wording.object_phrase("хабарламаны көрсетілетін қызметті алушыға береді") == "хабарламаны"
    assert wording.object_phrase("көрсетілетін қызметті алушы МК қызметкері арқылы ЭҮАШ АЖО қалыптастырылған "
                                 "мемлекеттік көрсетілетін қызметтің нәтижесін алуы") == \
        "қалыптастырылған мемлекеттік көрсетілетін қызметтің нәтижесін"
    assert wording.object_phrase("формирование сообщения о невозможности получения данных в связи с "
                                 "отсутствием данных услугополучателя в ГБД ФЛ", language="ru") == \
        "сообщения о невозможности получения данных"


def test_the_applicants_hand_in_is_quoted_up_to_its_verb():
    body = "Стандарттың 9-тармағында көрсетілген қажетті құжаттарды көрселетін қызметті алушы берген сәттен бастап"
    assert wording.giver_phrase(body, "service_recipient") == \
        "Стандарттың 9-тармағында көрсетілген қажетті құжаттарды көрселетін қызметті алушы берген"


# --- plan -------------------------------------------------------------------------------------

def test_a_step_clause_plans_a_pool_per_party_and_a_lane_per_performer(act):
    result = plan(act, select(act, ("5.1", "7.1")), "social_assistance")
    assert [p.id for p in result.pools] == ["service_recipient", "service_provider"]
    provider = result.pool("service_provider")
    assert [lane.id for lane in provider.lanes] == ["office_employee", "head", "responsible_executor"]
    tasks = [n for n in provider.nodes if n.kind == "userTask"]
    assert [n.id for n in tasks] == ["step_1", "step_2", "step_3", "step_4", "step_5"]
    assert [n.lane for n in tasks] == ["office_employee", "head", "responsible_executor", "head", "office_employee"]
    step_3 = result.node("step_3")
    assert (step_3.limit.value, str(step_3.limit.unit), step_3.limit.words) == (6, "working_day", "алты")
    [alternative] = step_3.alternatives
    assert alternative.limit.value == 20 and alternative.when == "step_3_alternative_1"
    assert "step_3_alternative_1" in [i.name for i in result.node("step_1").inputs], \
        "the datum that selects the alternative is asked for where the documents come in"
    assert result.node("step_5").result == ("хабарламаны көрсетілетін қызметті алушыға береді", "service_recipient")
    assert [(f.source, f.target) for f in result.message_flows] == [
        ("step_1_hand_in", "step_1_received"), ("step_5_sent", "step_5_receive")]


def test_an_item_clause_plans_gateways_with_the_refusal_on_the_default_flow(act):
    result = plan(act, select(act, ("8",)), "home_education")
    service = result.pool("state_corporation")
    gateway = result.node("condition_1")
    assert gateway.kind == "exclusiveGateway"
    default = next(f for f in service.flows if f.id == gateway.default)
    assert (default.target, default.name, default.condition) == ("process_4", "болмауы", None)
    onward = next(f for f in service.flows if f.source == "condition_1" and f.id != gateway.default)
    assert (onward.target, onward.name, onward.condition) == ("process_5", "бар болуы", "condition_1_met")
    assert [n.lane for n in service.nodes if n.id.startswith("condition_1_check")] == ["gbd_fl", "enis"], \
        "each system the coordinated check names does its own check"
    assert [(s.end, s.assignments()) for s in result.scenarios] == [
        ("process_4_end", ["condition_1_met=false"]),
        ("process_8_sent", ["condition_1_met=true", "condition_2_met=false"]),
        ("process_8_sent", ["condition_1_met=true", "condition_2_met=true"]),
    ], "the refusal of condition 2 is the result the applicant receives at process 8"
    assert result.node("process_4").lane == "sc_iis_workplace", \
        "no doer named: formed by the asker of the request ЖТ МДҚ and БНАЖ answered"
    merge = result.node("process_8_result")
    assert merge.kind == "exclusiveGateway" and merge.lane == "regional_gateway_workplace", \
        "the two branches meet where the text says the result is formed (ЭҮАШ АЖО қалыптастырылған)"
    assert sorted(f.source for f in service.flows if f.target == merge.id) == ["condition_2", "process_7"]
    kinds = {n.id: (n.kind, n.operation) for n in service.nodes if n.is_task}
    assert kinds["process_2"] == ("userTask", None), "a person's work"
    assert kinds["condition_1_check_1"] == ("serviceTask", "gbd_fl.find_person")
    assert kinds["process_3"] == ("serviceTask", "egov_gateway.request_data")
    assert kinds["process_5"] == ("serviceTask", "egov_gateway.send_signed_request")
    assert result.node("condition_1_check_2").facts == [("condition_1_met", "true", "бар болуы")]
    assert not result.node("condition_1_check_2").inputs, "a system answers the datum; nobody enters it"


def test_a_condition_without_an_outcome_item_is_a_clause_the_draft_cannot_read():
    bad = load_act(TEXTS / "ru-kostanay-condition-last.ru.txt")
    with pytest.raises(DraftError, match=r"clause 9 item 4 \(condition 1\): the condition has no outcome item"):
        plan(bad, select(bad), "bad")


# --- builder ----------------------------------------------------------------------------------

def test_the_semantic_model_loads_with_its_reg_data(act):
    root = build(plan(act, select(act, ("5.1", "7.1")), "social_assistance"))
    model = load_model_bytes(etree.tostring(root), "draft.bpmn")
    assert model.regulation.act == "38/08" and model.regulation.amends == "1.1"
    step_3 = model.nodes["step_3"]
    assert {(c.clause, c.step) for c in step_3.clauses} == {("5.1", 3), ("7.1", 3)}
    assert step_3.usual_limit.value == 6
    assert step_3.alternatives[0].when == "step_3_alternative_1"
    assert model.nodes["step_1"].inputs[0].required is False
    assert model.lane_of("step_2").actor == "head"
    assert not model.shapes, "the builder writes semantics only; DI is its own stage"


# --- a pool per actor -------------------------------------------------------------------------

def test_a_pool_per_actor_routes_requests_through_the_channel_and_answers_back_to_the_asker(act):
    from toolkit.draft.pools import per_actor

    result = per_actor(plan(act, select(act, ("8",)), "appendix"))
    assert [p.id for p in result.pools] == ["service_recipient", "sc_employee", "egov_gateway", "gbd_fl", "enis",
                                            "sc_iis_workplace", "regional_gateway_workplace", "service_provider"]
    assert all(not p.lanes for p in result.pools)
    pool_of = {n.id: p.id for p in result.pools for n in p.nodes}
    hops = [(pool_of[m.source], pool_of[m.target]) for m in result.message_flows]
    # item 4 "ЭҮШ арқылы ЖТ МДҚ-ға … БНАЖ-ға … сұрау": asked through ЭҮШ, answered back through it
    for hop in [("sc_iis_workplace", "egov_gateway"), ("egov_gateway", "gbd_fl"), ("gbd_fl", "egov_gateway"),
                ("egov_gateway", "enis"), ("enis", "egov_gateway"), ("egov_gateway", "sc_iis_workplace")]:
        assert hop in hops, hop
    assert ("gbd_fl", "enis") not in hops, "the work is not forwarded from one addressee to the next"
    # item 7 "ЭҮАШ АЖО-ға ЭҮШ арқылы МК қызметкерінің … қол қойылған … құжаттарды жолдауы"
    assert ("sc_employee", "egov_gateway") in hops and ("egov_gateway", "regional_gateway_workplace") in hops
    assert result.node("condition_1").pool == "sc_iis_workplace", "decided by the asker, who has the answers"
    assert (result.node("process_3").kind, result.node("process_3").operation) == ("sendTask", None), \
        "ЭҮШ's part of item 4 is its forwarding"
    employee = result.pool("sc_employee")
    [wait] = [n for n in employee.nodes if n.kind == "eventBasedGateway"]
    assert wait.name.startswith("1 шарт")
    after = [f.target for f in employee.flows if f.source == wait.id]
    assert {n.kind for n in employee.nodes if n.id in after} == {"intermediateCatchEvent"} and len(after) == 2
    # the provider's approval and refusal both come back to the one receive of ЭҮАШ АЖО
    regional = result.pool("regional_gateway_workplace")
    [receive] = [n for n in regional.nodes if n.kind == "receiveTask"]
    assert sorted(pool_of[m.source] for m in result.message_flows if m.target == receive.id) == \
        ["service_provider", "service_provider"]
    # ЭҮШ, asked again only when condition 1 holds, is told when the branch ends without it
    gateway = result.pool("egov_gateway")
    [closed] = [n for n in gateway.nodes if n.kind == "intermediateCatchEvent" and "closes" in n.id]
    [closer] = [m.source for m in result.message_flows if m.target == closed.id]
    assert pool_of[closer] == "sc_iis_workplace" and result.node(closer).kind == "endEvent"


def test_the_applicant_waits_for_one_answer_whichever_branch_gives_it():
    """A refusal handed to the applicant (item 4) and the result (item 9) reach the same receive task; the
    refusal item 8 only forms is the result the applicant receives at item 9."""
    text = load_act(TEXTS / "kk-zhambyl-sc-items.kk.txt")
    result = plan(text, select(text), "land")
    applicant = result.pool("service_recipient")
    [receive] = [n for n in applicant.nodes if n.kind == "receiveTask"]
    ends = [n.id for n in result.pool("state_corporation").nodes if n.kind == "endEvent"]
    assert sorted(ends) == ["process_2_end", "process_6_sent"], "the refusal of item 8 joins the delivery"
    assert sorted(m.source for m in result.message_flows if m.target == receive.id) == sorted(ends)
    assert result.node("process_2_end").name


# --- information systems and routes ------------------------------------------------------------

def test_information_systems_are_read_from_the_actor_table_and_people_are_not():
    from toolkit.draft.systems import is_system, operation_for

    assert {k for k in ("gbd_fl", "enis", "egov_gateway", "regional_gateway_workplace", "sc_iis_workplace")
            if is_system(k)} == {"gbd_fl", "enis", "egov_gateway", "regional_gateway_workplace", "sc_iis_workplace"}
    assert not any(is_system(k) for k in ("sc_employee", "head", "service_provider", "service_recipient"))
    assert operation_for("sc_employee", "МК қызметкері тіркейді") is None
    assert operation_for("regional_gateway_workplace", "электрондық құжаттарды ЭҮАШ АЖО тіркейді") == \
        "regional_gateway.register_documents"


@pytest.mark.parametrize("body, last, places, expected", [
    ("3-процесс – ЭҮШ арқылы ЖТ МДҚ-ға және БНАЖ-ға сұрау жолдауы", "sc_employee",
     {"sc_employee": "sc_iis_workplace"}, ("egov_gateway", ("gbd_fl", "enis"), "sc_iis_workplace")),
    ("5-процесс – ЭҮАШ АЖО-ға ЭҮШ арқылы МК қызметкерінің электрондық цифрлық қолтаңбасымен куәландырылған "
     "құжаттарды жолдауы", "sc_employee", {"sc_employee": "sc_iis_workplace"},
     ("egov_gateway", ("regional_gateway_workplace",), "sc_employee")),
    ("процесс 2 – направление запроса через ШЭП в ГБД ФЛ о данных услугополучателя", "sc_employee", {},
     ("egov_gateway", ("gbd_fl",), "sc_employee")),
    ("1-процесс – МК қызметкері құжаттарды тіркейді", "sc_employee", {}, None),
])
def test_a_request_through_a_channel_names_its_addressees_and_its_asker(body, last, places, expected):
    from toolkit.draft.routes import request

    found = request(body, last, places)
    assert (found and (found.channel, found.addressees, found.asker)) == expected or found is expected


def test_a_person_works_in_the_system_they_enter_into():
    from toolkit.draft.routes import workplace

    assert workplace("МК қызметкері МК Ықпалдастырылған ақпараттық жүйесінің автоматтандырылған жұмыс орнына "
                     "логинді және парольді енгізуі") == "sc_iis_workplace"
    assert workplace("ввод работником Государственной корпорации данных услугополучателя в АРМ ИИС ГК") == \
        "sc_iis_workplace"
    assert workplace("МК қызметкері құжаттарды қабылдайды") is None


# --- compare ----------------------------------------------------------------------------------

def test_compare_ignores_how_a_message_is_drawn_and_counts_where_it_goes():
    from toolkit.draft.compare import compare

    path = ROOT / "bpmn" / "home-education-sc-appendix-1.bpmn"
    xml = path.read_text(encoding="utf-8")
    model = load_model_bytes(xml.encode(), str(path))
    redrawn = _throw_as_send_task(xml, "submit_request")
    assert compare(load_model_bytes(redrawn.encode(), "redrawn.bpmn"), model).size == 0
    rerouted = xml.replace('sourceRef="submit_request" targetRef="request_received"',
                           'sourceRef="submit_request" targetRef="data_request_received"')
    diff = compare(load_model_bytes(rerouted.encode(), "rerouted.bpmn"), model)
    assert diff.size >= 2 and diff.messages_only_draft == ["submit_request → data_request_received"]


def _throw_as_send_task(xml: str, node_id: str) -> str:
    """The model with one message throw event drawn as a send task (same message, same flows)."""
    start = xml.index(f'<bpmn:intermediateThrowEvent id="{node_id}"')
    end = xml.index("</bpmn:intermediateThrowEvent>", start) + len("</bpmn:intermediateThrowEvent>")
    message = re.search(r'messageEventDefinition [^>]*messageRef="([^"]+)"', xml[start:end]).group(1)
    body = xml[start:end].replace("<bpmn:intermediateThrowEvent", f'<bpmn:sendTask messageRef="{message}"', 1)
    body = body.replace("</bpmn:intermediateThrowEvent>", "</bpmn:sendTask>")
    head, tail = body.split("<bpmn:messageEventDefinition", 1)
    body = head + tail.split("/>", 1)[1]
    return xml[:start] + body + xml[end:]
