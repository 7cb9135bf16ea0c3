"""Regression tests for the reviewer's findings on ``reglament check`` and the text parser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ACT_TEXT, OUR_MODELS, SOCIAL_ASSISTANCE

from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.text import TextError, load_act

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(main, list(args))


# -- 1: reading the act's text ------------------------------------------------

def test_load_act_missing_file_is_a_text_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(TextError, match=r"missing\.txt:1: cannot read: no such file") as info:
        load_act(missing)
    assert isinstance(info.value, InputError)


@pytest.mark.parametrize("name", ["dir", "devnull"])
def test_load_act_reads_regular_files_only(tmp_path: Path, name: str) -> None:
    path = tmp_path if name == "dir" else Path(os.devnull)
    with pytest.raises(TextError, match=r":1: cannot read: not a regular file"):
        load_act(path)


def test_load_act_refuses_a_huge_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(6 * 1024 * 1024)
    with pytest.raises(TextError, match="cannot read: larger than"):
        load_act(big)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_text_is_one_error_line(tmp_path: Path) -> None:
    text = tmp_path / "act.txt"
    shutil.copy(ACT_TEXT, text)
    text.chmod(0)
    try:
        with pytest.raises(TextError, match="cannot read: permission denied"):
            load_act(text)
        result = invoke("check", str(SOCIAL_ASSISTANCE), "--text", str(text))
        assert result.exit_code == 2 and f"{text}:1: cannot read: permission denied" in result.output
    finally:
        text.chmod(0o644)


def test_permission_error_becomes_a_text_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.text.parser as parser

    def denied(*args: object, **kwargs: object):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(parser, "open", denied, raising=False)
    folder = _models_dir(tmp_path)
    with pytest.raises(TextError, match="cannot read: permission denied"):
        load_act(folder / ACT_TEXT.name)
    result = invoke("check", str(folder / SOCIAL_ASSISTANCE.name))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot read: permission denied" in result.stderr


def test_cli_text_dev_null_says_cannot_read() -> None:
    result = invoke("check", str(SOCIAL_ASSISTANCE), "--text", os.devnull)
    assert result.exit_code == 2
    assert "cannot read: not a regular file" in result.output and "no such file" not in result.output


# -- 3: a stray *.txt beside the models ------------------------------------------

def _models_dir(tmp_path: Path) -> Path:
    for model in OUR_MODELS:
        shutil.copy(model, tmp_path / model.name)
    shutil.copy(ACT_TEXT, tmp_path / ACT_TEXT.name)
    return tmp_path


def test_stray_txt_beside_the_models_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = _models_dir(tmp_path)
    notes = folder / "notes.txt"
    notes.write_text("todo: ask about step 3\n", encoding="utf-8")
    result = invoke("check", *(str(folder / m.name) for m in OUR_MODELS))
    assert result.exit_code == 0, result.output
    assert f"reglament: warning: {notes}:" in result.stderr and "skipped" in result.stderr


def test_only_stray_txt_beside_the_models_is_an_error(tmp_path: Path) -> None:
    shutil.copy(SOCIAL_ASSISTANCE, tmp_path / SOCIAL_ASSISTANCE.name)
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    result = invoke("check", str(tmp_path / SOCIAL_ASSISTANCE.name))
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr and "reglament: error:" in result.stderr


def test_named_broken_text_stays_an_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n", encoding="utf-8")
    result = invoke("check", str(SOCIAL_ASSISTANCE), "--text", str(notes))
    assert result.exit_code == 2 and f"{notes}:1:" in result.stderr


# -- 4: JSON shape ----------------------------------------------------------------

def test_check_json_is_always_a_list_of_runs() -> None:
    result = invoke("check", str(SOCIAL_ASSISTANCE), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)["results"]
    assert list(payload) == ["runs"] and len(payload["runs"]) == 1
    assert payload["runs"][0]["act"] == str(ACT_TEXT)


# -- 2: a path walk cut short is said ---------------------------------------------

def test_truncated_path_walk_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.paths
    from toolkit.conformance import CODES, check_model
    from toolkit.model import load_model

    act = load_act(ACT_TEXT)
    assert not any(f.code == "RC203" for f in check_model(load_model(SOCIAL_ASSISTANCE), act).findings)
    monkeypatch.setattr(toolkit.paths, "MAX_PATHS", 1)
    report = check_model(load_model(SOCIAL_ASSISTANCE), act)
    found = [f for f in report.findings if f.code == "RC203"]
    assert {f.clause for f in found} == {"5.1", "7.1"}
    assert all(f.severity == "warning" and f.hint and f.element_id for f in found)
    assert CODES["RC203"].severity == "warning"
    assert "first 1 paths" in found[0].message




# -- 5: result recipients ------------------------------------------------------------

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
    from toolkit.text.layout import flatten
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


# -- 7: a None side prints as a dash --------------------------------------------------

def test_none_side_prints_a_dash_not_none() -> None:
    from toolkit.findings import Finding

    text = Finding("RC001", "no regulation", expected="1) «…»", found=None).format_text()
    assert "found:    —" in text and "None" not in text
    assert Finding("RC002", "x", expected=None, found="y").to_dict()["expected"] is None


# -- 6: a lane renamed to no actor at all -----------------------------------------------

def test_lane_named_no_actor_is_rc302() -> None:
    from toolkit.conformance import check_model
    from toolkit.model import load_model_bytes

    data = SOCIAL_ASSISTANCE.read_text(encoding="utf-8")
    old = 'name="көрсетілетін қызметті берушінің басшысы"'
    assert old in data
    model = load_model_bytes(data.replace(old, 'name="директор"', 1).encode("utf-8"), str(SOCIAL_ASSISTANCE))
    report = check_model(model, load_act(ACT_TEXT))
    [finding] = [f for f in report.findings if f.code == "RC302"]
    assert finding.element_id == "head" and finding.expected == "басшы" and finding.found == "директор"
