"""``reglament instances``: the store from the command line, across separate processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_support import *  # noqa: F403 - fixtures
from store_support import REPLY, SOCIAL

from toolkit.cli import main

REGLAMENT = [str(Path(sys.executable).parent / "reglament")]


def cli(*args: str, db: str) -> tuple[int, str, str]:
    """Run ``reglament instances …`` in a process of its own."""
    proc = subprocess.run([*REGLAMENT, "instances", *args, "--db", db], capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["instances", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_start_prints_the_id_and_complete_works_from_another_process(store_url: str) -> None:
    code, out, err = cli("start", str(SOCIAL), "--set", "iin=800315400125", "--user", "registrar", db=store_url)
    assert code == 0, err
    instance_id = out.strip()
    assert instance_id.isdigit() and "accept_documents" in err
    code, out, err = cli("complete", instance_id, "accept_documents", "--set", "documents_complete=true",
                         "--user", "clerk", db=store_url)
    assert code == 0, err
    assert "assign_executor" in out and "revision 2" in out
    code, out, err = cli("complete", instance_id, "accept_documents", "--set", "documents_complete=false",
                         "--user", "other", db=store_url)
    assert code == 1 and out == ""
    assert err.startswith("reglament: conflict: ") and err.count("\n") == 1 and "already completed by clerk" in err
    code, out, _ = cli("history", instance_id, "--format", "json", db=store_url)
    envelope = json.loads(out)
    assert envelope["command"] == "instances history" and envelope["exit_code"] == 0
    entries = envelope["results"]["history"]
    assert [(e["node_id"], e["who"]) for e in entries if e["who"] == "clerk"] == [("accept_documents", "clerk")]


def test_queue_claim_show_list_versions_cancel(store_url: str) -> None:
    code, out, _ = run("start", str(SOCIAL), "--set", "iin=800315400125", "--db", store_url)
    first = out.strip()
    run("start", str(REPLY), "--db", store_url)
    code, out, _ = run("queue", "--db", store_url)
    assert code == 0 and "accept_documents" in out and "send_request" in out
    lanes = [line for line in out.splitlines() if not line.startswith("  ")]
    assert len(lanes) == 2  # every lane's tasks, grouped, when neither --lane nor --user is given
    code, out, _ = run("queue", "--lane", "кеңсе қызметкері", "--format", "json", "--db", store_url)
    assert [t["node_id"] for t in json.loads(out)["results"]["queue"]] == ["send_request"]
    code, out, _ = run("claim", first, "accept_documents", "--user", "aigerim", "--db", store_url)
    assert code == 0 and "claimed by aigerim" in out
    code, _, err = run("claim", first, "accept_documents", "--user", "bolat", "--db", store_url)
    assert code == 1 and "claimed by aigerim" in err
    code, out, _ = run("queue", "--user", "aigerim", "--format", "json", "--db", store_url)
    assert [t["instance_id"] for t in json.loads(out)["results"]["queue"]] == [int(first)]
    code, out, _ = run("unclaim", first, "accept_documents", "--user", "aigerim", "--db", store_url)
    assert code == 0 and "claimed by" not in out
    code, out, _ = run("show", first, "--format", "json", "--db", store_url)
    shown = json.loads(out)["results"]
    assert shown["instance"]["data"] == {"iin": "800315400125"} and shown["ready"][0]["node_id"] == "accept_documents"
    code, out, _ = run("list", "--data", "iin=800315400125", "--format", "json", "--db", store_url)
    assert [i["id"] for i in json.loads(out)["results"]["instances"]] == [int(first)]
    code, out, _ = run("versions", "--format", "json", "--db", store_url)
    assert sorted(v["name"] for v in json.loads(out)["results"]["versions"]) == ["reply-wait", "social-assistance"]
    code, out, _ = run("cancel", first, "--reason", "withdrawn", "--user", "head", "--db", store_url)
    assert code == 0 and "cancelled" in out
    code, out, _ = run("list", "--state", "cancelled", "--format", "json", "--db", store_url)
    assert [i["cancel_reason"] for i in json.loads(out)["results"]["instances"]] == ["withdrawn"]


def test_input_errors_exit_2_with_one_line(store_url: str, tmp_path: Path) -> None:
    for args in (("complete", "41", "accept_documents"), ("start", str(tmp_path / "none.bpmn")),
                 ("start", "no-such-model"), ("history", "7"), ("cancel", "3", "--reason", "x")):
        code, out, err = run(*args, "--db", store_url)
        assert code == 2, (args, out, err)
        assert err.startswith("reglament: error: ") and err.count("\n") == 1, err
    code, _, err = run("queue", "--db", "mysql://nowhere")
    assert code == 2 and "unknown database" in err
    code, out, err = run("complete", "41", "accept_documents", "--format", "json", "--db", store_url)
    envelope = json.loads(out)
    assert code == 2 and envelope["exit_code"] == 2 and "instance 41 does not exist" in envelope["input_errors"][0]["message"]


def test_start_finds_a_bundled_model_by_name(store_url: str) -> None:
    code, out, err = run("start", "social-assistance", "--db", store_url)
    assert code == 0, err
    assert out.strip().isdigit()


def test_default_db_comes_from_env_then_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "office"
    project.mkdir()
    (project / "pyproject.toml").write_text('[tool.reglament]\ndb = "data/office.db"\n', encoding="utf-8")
    (project / "data").mkdir()
    monkeypatch.chdir(project)
    monkeypatch.delenv("REGLAMENT_DB", raising=False)
    code, _, err = run("start", str(SOCIAL))
    assert code == 0, err
    assert (project / "data" / "office.db").is_file()
    monkeypatch.setenv("REGLAMENT_DB", str(tmp_path / "env.db"))
    assert run("start", str(SOCIAL))[0] == 0
    assert (tmp_path / "env.db").is_file()
    monkeypatch.delenv("REGLAMENT_DB")
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert run("start", str(SOCIAL))[0] == 0
    assert (project / ".reglament" / "instances.db").is_file()
    assert os.environ.get("REGLAMENT_DB") is None


def test_message_and_tick_from_the_command_line(store_url: str) -> None:
    from store_support import TIMER
    code, out, _ = run("start", str(REPLY), "--set", "iin=800315400125", "--db", store_url)
    instance_id = out.strip()
    code, out, _ = run("complete", instance_id, "send_request", "--db", store_url)
    assert code == 0 and "waiting for: gbd_reply" in out
    code, out, err = run("message", "gbd_reply", "--correlate", "iin=800315400125", "--set", "person_found=true",
                         "--user", "gbd-fl", "--db", store_url)
    assert code == 0, err
    assert "decide" in out
    code, _, err = run("message", "gbd_reply", "--correlate", "iin=800315400125", "--db", store_url)
    assert code == 2 and "no instance waits for message 'gbd_reply'" in err
    code, out, _ = run("start", str(TIMER), "--format", "json", "--db", store_url)
    started = json.loads(out)["results"]
    assert started["waiting"] == ["an_hour"] and started["instance"]["next_timer_due"]
    due = started["instance"]["next_timer_due"]
    code, out, _ = run("tick", "--now", due, "--db", store_url)
    assert code == 0 and out.startswith("1 instance(s) moved on") and "work" in out
    code, out, _ = run("tick", "--now", due, "--db", store_url)
    assert out.startswith("0 instance(s)")
    code, out, _ = run("history", str(started["instance"]["id"]), "--format", "json", "--db", store_url)
    kinds = [(e["kind"], e["node_id"]) for e in json.loads(out)["results"]["history"]]
    assert kinds.index(("timer", None)) < kinds.index(("step", "an_hour"))


def test_versions_load_migrate_and_recompute_from_the_command_line(store_url: str, tmp_path: Path) -> None:
    from store_support import ROOT
    code, out, err = run("versions", "--load", str(ROOT / "bpmn"), "--db", store_url)
    assert code == 0, err
    assert {line.split("\t")[1] for line in out.splitlines()} >= {"social-assistance", "home-education-sc"}
    first = run("start", "social-assistance", "--db", store_url)[1].strip()
    edited = tmp_path / "social-assistance.bpmn"
    edited.write_text(SOCIAL.read_text(encoding="utf-8").replace("хабарлама", "хабарламасы"), encoding="utf-8")
    before = json.loads(run("show", first, "--format", "json", "--db", store_url)[1])["results"]["instance"]
    code, out, err = run("migrate", first, str(edited), "--user", "admin", "--format", "json", "--db", store_url)
    assert code == 0, err
    moved = json.loads(out)["results"]
    assert moved["instance"]["version"] == hashlib.sha256(edited.read_bytes()).hexdigest() != before["version"]
    assert moved["ready"][0]["node_id"] == "accept_documents"
    code, out, _ = run("recompute-dues", "--db", store_url)
    assert code == 0 and out.strip() == "0 due date(s) changed"
