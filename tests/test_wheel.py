"""The wheel works anywhere: built from this tree, installed into a fresh virtualenv and run
outside the repository, every command works on the bundled regulations, and a user's own
files win over them. The bundled models and the act's text have one source of truth, bpmn/.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from toolkit.bundled import bundled_dir, bundled_model, bundled_models, bundled_texts, model_path

ROOT = Path(__file__).resolve().parent.parent
BPMN_DIR = ROOT / "bpmn"
SHIPPED = sorted(p.name for p in BPMN_DIR.iterdir() if p.suffix in (".bpmn", ".txt"))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- one source of truth (fast) ------------------------------------------------------------

def test_the_package_data_is_bpmn_itself_not_a_copy():
    assert bundled_dir().resolve() == BPMN_DIR.resolve()
    assert [p.name for p in bundled_models()] == [n for n in SHIPPED if n.endswith(".bpmn")]
    assert [p.name for p in bundled_texts()] == [n for n in SHIPPED if n.endswith(".txt")]


def test_a_model_argument_is_the_users_file_first_then_a_bundled_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert model_path("social-assistance").resolve() == (BPMN_DIR / "social-assistance.bpmn").resolve()
    assert bundled_model("social-assistance.bpmn") == bundled_model("social-assistance")
    mine = tmp_path / "social-assistance.bpmn"
    mine.write_bytes(b"<not-bpmn/>")
    assert model_path("social-assistance.bpmn") == Path("social-assistance.bpmn")  # the user's file
    assert model_path("no-such-model") == Path("no-such-model")  # left for the loader to refuse
    assert model_path("sub/social-assistance") == Path("sub/social-assistance")  # a path is a path


# -- the wheel, installed elsewhere (slow: builds and installs) ----------------------------

@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (found,) = out.glob("reglament_toolkit-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel and its dependencies; returns its bin/ directory."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=900)
    return bin_dir


def _reglament(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(bin_dir / "reglament"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_the_wheel_ships_the_act_and_the_models_byte_for_byte(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = {n.rsplit("/", 1)[1]: _digest(archive.read(n)) for n in names
                   if n.startswith("toolkit/regulations/")}
        assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert shipped == {name: _digest((BPMN_DIR / name).read_bytes()) for name in SHIPPED}
    assert "License-Expression: MIT" in metadata


@pytest.mark.slow
def test_the_installed_wheel_checks_and_runs_the_bundled_regulations_from_anywhere(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    checked = _reglament(installed, elsewhere, "check", "--format", "json")
    assert checked.returncode == 0, checked.stderr
    envelope = json.loads(checked.stdout)
    assert sorted(Path(f).name for f in envelope["files"]) == [n for n in SHIPPED if n.endswith(".bpmn")]
    assert all("site-packages" in f for f in envelope["files"])  # the installed copy, not the repository's

    ran = _reglament(installed, elsewhere, "run", "social-assistance", "--auto",
                     "--set", "documents_complete=false")
    assert ran.returncode == 0, ran.stderr
    assert "end:" in ran.stdout

    linted = _reglament(installed, elsewhere, "lint")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert "3 files clean" in linted.stdout


@pytest.mark.slow
def test_the_installed_wheel_uses_the_users_own_model_and_text(installed, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    text = (BPMN_DIR / "resolution-38-08-2017.kk.txt").read_bytes()
    (project / "act.txt").write_bytes(text)
    model = (BPMN_DIR / "social-assistance.bpmn").read_text(encoding="utf-8")
    # The user's copy loses step 2's clause reference: the check must report on *their* file.
    broken = model.replace(
        '<reg:clause paragraph="5" subparagraph="1"/>', '<reg:clause paragraph="5" subparagraph="91"/>')
    assert broken != model
    (project / "social-assistance.bpmn").write_text(broken, encoding="utf-8")

    checked = _reglament(installed, project, "check", "social-assistance.bpmn", "--text", "act.txt",
                         "--format", "json")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    envelope = json.loads(checked.stdout)
    assert envelope["files"] == ["social-assistance.bpmn"]
    assert envelope["findings"]

    ran = _reglament(installed, project, "run", "social-assistance.bpmn", "--auto", "--format", "json",
                     "--set", "documents_complete=false")
    assert json.loads(ran.stdout)["files"] == ["social-assistance.bpmn"]
