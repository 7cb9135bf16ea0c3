"""examples/office.py runs end to end on both backends, and from the command line."""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path

from store_support import *  # noqa: F403 - fixtures
from store_support import ROOT

from toolkit.store import open_store

OFFICE = ROOT / "examples" / "office.py"


def _office():
    spec = importlib.util.spec_from_file_location("office_example", OFFICE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_office_processes_every_application(store_url: str) -> None:
    out = io.StringIO()
    summary = _office().run_office(store_url, count=10, seed=3, out=out)
    assert summary["instances"] == summary["completed"] == 10
    assert {end.split(":")[0] for end in summary["ends"]} == {"social-assistance", "home-education-sc"}
    assert summary["retried"] == 1 and summary["calls"]["gbd_fl.find_person"] >= 2  # ЖТ МДҚ was down once
    assert all(done > 0 for done in summary["work"].values()), summary["work"]
    store = open_store(store_url)
    user_steps = sum(1 for info in store.instances(limit=1000) for h in store.history(info.id) if h.kind == "step" and h.who)
    assert user_steps == sum(summary["work"].values())
    assert store.queue() == [] and store.instances(state="running") == []
    text = out.getvalue()
    assert "10 applications, 10 completed" in text and "audit trail of application" in text
    store.close()


def test_the_office_runs_from_the_command_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(OFFICE), "--db", f"sqlite:///{tmp_path / 'o.db'}",
                           "--applications", "4"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "4 applications, 4 completed" in proc.stdout
