"""How `reglament check` reads its inputs and answers: the act's text (missing, unreadable, huge,
not a regular file), stray *.txt beside the models, and the JSON it prints."""

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


# -- reading the act's text ------------------------------------------------

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


# -- a stray *.txt beside the models ------------------------------------------

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


# -- JSON shape ----------------------------------------------------------------

def test_check_json_is_always_a_list_of_runs() -> None:
    result = invoke("check", str(SOCIAL_ASSISTANCE), "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)["results"]
    assert list(payload) == ["runs"] and len(payload["runs"]) == 1
    assert payload["runs"][0]["act"] == str(ACT_TEXT)
