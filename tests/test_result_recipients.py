"""Whom a step's result goes to: hyphenated case endings, words split at a line end, and a result
without a recipient reported as a text finding."""

from __future__ import annotations

import pytest
from conftest import ACT_TEXT, SOCIAL_ASSISTANCE

# -- result recipients ------------------------------------------------------------

@pytest.mark.parametrize(("text", "key"), [
    ("деректерді ЭҮАШ АЖО-ға жолдайды", "regional_gateway_workplace"),
    ("сұрауды ЭҮШ-ке жібереді", "egov_gateway"),
    ("сұрауды ЖТ МДҚ-ға жібереді", "gbd_fl"),
    ("құжаттарды басшысына жолдайды", "head"),
])
def test_handoff_target_reads_hyphenated_endings(text: str, key: str) -> None:
    from toolkit.text.actors import handoff_target

    target = handoff_target(text)
    assert target is not None and target.key == key and target.is_dative


def test_hyphenated_genitive_and_locative_are_not_recipients() -> None:
    from toolkit.text.actors import handoff_target

    assert handoff_target("ЖТ МДҚ-ның деректері ЭҮАШ АЖО-да тексеріледі") is None


def test_word_split_by_a_line_end_hyphen_is_rejoined() -> None:
    from toolkit.text.flat import flatten
    from toolkit.text.suffixes import is_ending_only

    assert flatten("берушінің басшы-\nсына жолдайды").text == "берушінің басшысына жолдайды"
    assert flatten("ЖТ МДҚ-\nға жібереді").text == "ЖТ МДҚ-ға жібереді"
    assert flatten("іс-\nқимылдары").text == "іс-қимылдары"
    assert flatten("Әлеуметтік-\nеңбек").text == "Әлеуметтік-еңбек"
    assert is_ending_only("сына") and not is_ending_only("қимылдары")


def test_split_recipient_in_the_act_is_found() -> None:
    from toolkit.text import parse_act

    raw = ACT_TEXT.read_text(encoding="utf-8")
    old = "Нәтижесі – құжаттарды көрсетілетін қызметті берушінің басшысына"
    assert old in raw
    act = parse_act(raw.replace(old, old.replace("басшысына", "басшы-\nсына"), 1))
    step = act.regulations[0].clauses[0].steps[0]
    assert step.result is not None and step.result.target == "head"
    assert not act.findings


def test_result_without_recipient_is_a_text_finding() -> None:
    from toolkit.conformance import check_models
    from toolkit.model import load_model
    from toolkit.text import parse_act

    raw = ACT_TEXT.read_text(encoding="utf-8")
    old = "Нәтижесі – құжаттарды көрсетілетін қызметті берушінің басшысына"
    act = parse_act(raw.replace(old, "Нәтижесі – құжаттарды біреуге", 1))
    assert [f.code for f in act.findings] == ["result-without-recipient"]
    run = check_models([load_model(SOCIAL_ASSISTANCE)], act)
    assert any(f.code == "RC901" and "result-without-recipient" in f.message for f in run.general)


def test_item_performer_still_reads_hyphenated_cases() -> None:
    from toolkit.conformance.actors import item_performer

    assert item_performer("ЖТ МДҚ-ның мәліметтерді тексеруі") == "gbd_fl"
    assert item_performer("ЭҮАШ АЖО-да сұрауды қалыптастыру") is None
