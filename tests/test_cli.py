"""The command-line family: help that teaches, JSON for machines, exit codes CI can use."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import APPENDIX_1, FIXTURES, HOME_EDUCATION, SOCIAL_ASSISTANCE
from scenarios import APPENDIX_SCENARIOS, HOME_EDUCATION_SCENARIOS

from toolkit.cli import main

runner = CliRunner()


def invoke(*args: str, input: str | None = None):
    return runner.invoke(main, list(args), input=input)


def test_help_lists_the_family() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("run", "check", "lint", "render", "paths", "deadline"):
        assert command in result.output


# ``reglament`` or ``reglament instances`` alone shows the help block, readable, not squashed
# into one 1,500-character ``reglament: error: Usage: …`` line; an unknown command stays one line.
REGLAMENT = str(Path(sys.executable).parent / "reglament")


@pytest.mark.parametrize(("args", "listed"), [([], "instances"), (["instances"], "complete")])
def test_no_command_prints_the_help_block(args: list[str], listed: str) -> None:
    proc = subprocess.run([REGLAMENT, *args], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("Usage: reglament")
    assert "reglament: error" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert "Commands:" in lines and any(line.strip().startswith(listed) for line in lines)


def test_an_unknown_command_is_still_one_line() -> None:
    proc = subprocess.run([REGLAMENT, "nosuch"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["reglament: error: No such command 'nosuch'. (see 'reglament --help')"]


#: What the overview (``reglament --help``) says each command takes.
ONE_MODEL = ("run", "paths", "deadline", "layout")
MANY_FILES = ("check", "lint", "render")


@pytest.mark.parametrize("name", ONE_MODEL + MANY_FILES)
def test_the_overview_says_which_commands_take_one_model_and_which_take_many(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert command is not None
    [argument] = [p for p in command.params if isinstance(p, click.Argument)]
    assert (argument.nargs, argument.required) == ((1, True) if name in ONE_MODEL else (-1, False))
    overview = " ".join(invoke("--help").output.split())
    assert "check, lint and render take files or directories" in overview
    assert "run, paths, deadline and layout take one MODEL" in overview
    assert "Every command takes files" not in overview


@pytest.mark.parametrize("command", ["run", "paths", "deadline"])
def test_each_command_explains_itself(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_run_auto_reaches_an_end_and_prints_the_trace() -> None:
    result = invoke("run", str(SOCIAL_ASSISTANCE), "--auto", "--set", "documents_complete=false")
    assert result.exit_code == 0, result.output
    assert "20 (жиырма) жұмыс күн" in result.stdout
    assert "Нәтижесі – хабарламаны көрсетілетін қызметті алушыға береді" in result.stdout
    assert "end: notification_received" in result.stdout


def test_run_json_is_parseable_and_complete() -> None:
    result = invoke("run", str(HOME_EDUCATION), "--auto", "--format", "json", "--set", "iin=991231300678",
                    "--set", "by_representative=false", "--set", "representative_iin=",
                    "--set", "documents_in_order=true")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"]
    assert report["finished"] is True
    assert {e["node_id"] for e in report["ends"]} == {"data_unavailable_end", "result_received"}
    assert report["data"]["simulated"] is True
    assert any(step["node_id"] == "process_4" for step in report["trace"])


def test_run_keeps_iin_leading_zeros() -> None:
    result = invoke("run", str(HOME_EDUCATION), "--auto", "--format", "json", "--set", "iin=080514600345",
                    "--set", "by_representative=false", "--set", "representative_iin=",
                    "--set", "documents_in_order=true")
    assert json.loads(result.stdout)["results"]["data"]["iin"] == "080514600345"


def test_run_prompts_for_each_input_without_auto() -> None:
    answers = "\n".join(["y", "y", "y", "y", "y", "y", "y"]) + "\n"
    result = invoke("run", str(SOCIAL_ASSISTANCE), input=answers)
    assert result.exit_code == 0, result.output
    assert "Құжаттар толық па?" in result.output


@pytest.mark.parametrize("yes, no", [("иә", "жоқ"), ("да", "нет"), ("yes", "no")])
def test_run_prompt_takes_the_answers_set_takes(yes: str, no: str) -> None:
    """The question is in Kazakh; "иә"/"жоқ" answer it at the prompt as they do with --set."""
    result = invoke("run", str(SOCIAL_ASSISTANCE), "--format", "json", input=f"{no}\n" + "y\n" * 6)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["data"]["documents_complete"] is False
    again = invoke("run", str(SOCIAL_ASSISTANCE), "--format", "json", input=f"maybe\n{yes}\n" + "y\n" * 6)
    assert again.exit_code == 0 and "'maybe' is not an answer: give" in again.stderr
    assert json.loads(again.stdout)["results"]["data"]["documents_complete"] is True


def test_a_run_stopped_for_input_is_saved_and_resumes_by_the_models_name(tmp_path: Path) -> None:
    """--save keeps what was done when the run stops for a missing answer or at the end of input,
    and --resume takes the model by name as a fresh run does."""
    saved = tmp_path / "saved.json"
    stopped = invoke("run", "social-assistance", "--auto", "--save", str(saved))
    assert stopped.exit_code == 2 and f"saved in {saved}" in stopped.stderr and saved.is_file()
    resumed = invoke("run", "social-assistance", "--resume", str(saved), "--auto", "--set", "documents_complete=false",
                     "--format", "json")
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout)["results"]["finished"] is True
    at_prompt = tmp_path / "prompt.json"
    ended = invoke("run", str(SOCIAL_ASSISTANCE), "--save", str(at_prompt), input="")
    assert ended.exit_code == 2 and at_prompt.is_file()
    missing = invoke("run", "no-such-model", "--resume", str(saved))
    assert missing.exit_code == 2 and "no-such-model: no such file" in missing.stderr


def test_a_key_set_twice_is_a_usage_error_not_a_silent_override() -> None:
    result = invoke("run", str(SOCIAL_ASSISTANCE), "--auto", "--set", "documents_complete=true",
                    "--set", "documents_complete=false")
    assert result.exit_code == 2 and "documents_complete is given twice" in result.stderr
    assert result.stderr.count("\n") == 1


def test_run_names_the_missing_input_with_exit_2() -> None:
    result = invoke("run", str(SOCIAL_ASSISTANCE), "--auto")
    assert result.exit_code == 2
    assert "accept_documents needs documents_complete" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, message", [
    (("run", "missing.bpmn", "--auto"), "missing.bpmn: no such file"),
    (("run", str(FIXTURES / "engine" / "hostile-condition.bpmn"), "--auto"), "attribute access"),
    (("run", str(SOCIAL_ASSISTANCE), "--set", "no-equals-sign"), "key=value"),
    (("paths", str(FIXTURES / "miwg" / "README.md")), "malformed XML"),
    (("run", str(SOCIAL_ASSISTANCE), "--format", "yaml"), "yaml"),
])
def test_input_errors_exit_2_with_one_line(args: tuple[str, ...], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_paths_gives_the_totals_in_the_texts_units() -> None:
    result = invoke("paths", str(SOCIAL_ASSISTANCE), "--format", "json")
    assert result.exit_code == 0
    totals = sorted(p["total_text"] for p in json.loads(result.stdout)["results"]["paths"])
    assert totals == ["22 working days 45 minutes", "8 working days 45 minutes"]
    text = invoke("paths", str(SOCIAL_ASSISTANCE)).stdout
    assert "8 жұмыс күн 45 минут" in text and "when: not documents_complete" in text


def test_paths_of_home_education_reach_every_outcome() -> None:
    paths = json.loads(invoke("paths", str(HOME_EDUCATION), "--format", "json").stdout)["results"]["paths"]
    outcomes = {tuple(sorted(p["ends"])) for p in paths}
    assert ("data_unavailable_end", "result_received") in outcomes
    assert ("result_issued", "result_received") in outcomes
    refusal = [p for p in paths if any(s["node_id"] == "process_7" for s in p["steps"])]
    assert refusal and all("process_8" in {s["node_id"] for s in p["steps"]} for p in refusal)


def _set_args(data: dict) -> list[str]:
    args = []
    for key, value in data.items():
        args += ["--set", f"{key}={str(value).lower() if isinstance(value, bool) else value}"]
    return args


CLI_PATHS = (
    [(SOCIAL_ASSISTANCE, f"documents-complete-{flag}", {"documents_complete": flag},
      {"notification_handed", "notification_received"}) for flag in (True, False)]
    + [(HOME_EDUCATION, name, data, {end, "result_received"}) for name, data, end, _, _ in HOME_EDUCATION_SCENARIOS]
    + [(APPENDIX_1, name, data, ends) for name, data, ends, _, _ in APPENDIX_SCENARIOS]
)


@pytest.mark.parametrize("model, name, data, ends", CLI_PATHS,
                         ids=[f"{m.stem}:{n}" for m, n, _, _ in CLI_PATHS])
def test_run_auto_reaches_every_end_of_every_model(model, name: str, data: dict, ends: set) -> None:
    result = invoke("run", str(model), "--auto", "--format", "json", *_set_args(data))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"]
    assert report["finished"] is True
    assert ends <= {e["node_id"] for e in report["ends"]}


def test_run_prompt_lets_an_optional_input_stay_empty() -> None:
    # process_1: done? / process_2: iin, by_representative, representative_iin (optional: Enter) /
    # check_documents: documents_in_order / process_8: done?
    answers = "\n".join(["", "800315400125", "n", "", "y", ""]) + "\n"
    result = invoke("run", str(HOME_EDUCATION), "--format", "json", input=answers)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout[result.stdout.index("{"):])["results"]
    assert report["finished"] is True
    assert report["data"]["representative_iin"] == ""


@pytest.mark.parametrize("raw, expected", [
    ("5", 5), ("-5", -5), ("0", 0), ("--5", "--5"), ("²", "²"), ("٣", "٣"), ("080514600345", "080514600345"),
    ("иә", True), ("нет", False), ("null", None), ("1234567890", "1234567890"),
])
def test_set_values_are_typed_predictably(raw: str, expected: object) -> None:
    from toolkit.cli.common import parse_assignments

    assert parse_assignments([f"x={raw}"]) == {"x": expected}


def test_run_stops_a_loop_the_data_never_leaves_and_says_so() -> None:
    result = invoke("run", str(FIXTURES / "engine" / "loop.bpmn"), "--auto", "--set", "ok=false", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)["results"]
    assert report["finished"] is False and report["ends"] == []
    assert "loop" in report["stopped"]
    assert invoke("run", str(FIXTURES / "engine" / "loop.bpmn"), "--auto", "--set", "ok=true").exit_code == 0


def test_run_says_where_a_waiting_instance_waits() -> None:
    result = invoke("run", str(FIXTURES / "engine" / "timer-wait.bpmn"), "--auto")
    assert result.exit_code == 1
    assert "waiting at an_hour" in result.stderr


def test_deadline_gives_no_date_when_the_instance_stops_before_an_end() -> None:
    for model, data in (("timer-wait.bpmn", []), ("loop.bpmn", ["--set", "ok=false"])):
        result = invoke("deadline", str(FIXTURES / "engine" / model), "--submitted", "2017-07-03T10:00", *data)
        assert result.exit_code == 1, model
        assert "no overall due date" in result.stderr


def test_run_at_a_prompt_that_ends_early_is_an_input_error() -> None:
    result = invoke("run", str(SOCIAL_ASSISTANCE), input="")
    assert result.exit_code == 2
    assert "input ended before the instance reached an end" in result.output


def test_paths_name_the_condition_of_the_usual_limit_too() -> None:
    paths = json.loads(invoke("paths", str(SOCIAL_ASSISTANCE), "--format", "json").stdout)["results"]["paths"]
    by_total = {p["total_text"]: p["conditions"] for p in paths}
    assert by_total == {"8 working days 45 minutes": ["documents_complete"],
                        "22 working days 45 minutes": ["not documents_complete"]}


def test_paths_say_where_they_are_approximate_or_cut() -> None:
    report = json.loads(invoke("paths", str(APPENDIX_1), "--format", "json").stdout)["results"]
    assert any("message to several pools" in note for p in report["paths"] for note in p["approximations"])
    loop = json.loads(invoke("paths", str(FIXTURES / "engine" / "loop.bpmn"), "--format", "json").stdout)["results"]
    assert sorted(p["cut"] or "end" for p in loop["paths"]) == ["end", "loop"]
    sub = json.loads(invoke("paths", str(FIXTURES / "miwg" / "A.4.0.bpmn"), "--format", "json").stdout)["results"]
    assert all(any("sub-process" in n for n in p["approximations"]) for p in sub["paths"])


def test_paths_of_a_model_without_a_start_event_is_an_error(tmp_path) -> None:
    empty = tmp_path / "empty.bpmn"
    empty.write_text('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" '
                     'targetNamespace="t"><bpmn:process id="p"><bpmn:task id="t"/></bpmn:process></bpmn:definitions>')
    result = invoke("paths", str(empty))
    assert result.exit_code == 2
    assert "no start event" in result.output


def test_a_designers_folder_of_models_is_what_lint_and_check_read_by_default(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder with the designer's own *.bpmn and no bpmn/ is linted and checked itself —
    not the bundled regulations, which would report 'clean' on models the user never named."""
    shutil.copy(SOCIAL_ASSISTANCE, tmp_path / "mine.bpmn")
    monkeypatch.chdir(tmp_path)
    linted = CliRunner().invoke(main, ["lint", "--format", "json"])
    assert [Path(f).name for f in json.loads(linted.output)["files"]] == ["mine.bpmn"]
    checked = CliRunner().invoke(main, ["check"])
    assert checked.exit_code == 2
    assert "no act text" in checked.output
    shutil.copy(SOCIAL_ASSISTANCE.parent / "resolution-38-08-2017.kk.txt", tmp_path / "act.txt")
    checked = CliRunner().invoke(main, ["check"])
    # mine.bpmn restates regulation 1 faithfully; the act's regulation 2 has no model here
    assert "mine.bpmn: 1)" in checked.output and "5.1, 7.1: clean" in checked.output
    assert checked.exit_code == 1 and "RC104 clause 8" in checked.output
