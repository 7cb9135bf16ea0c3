"""Smoke test of ``python -m benchmarks`` on tiny sizes: it runs and prints one table of ratios.
No timing is asserted (speed is measured in benchmarks/, never in tests)."""

from __future__ import annotations

import json

import pytest

from benchmarks.__main__ import main


def test_benchmarks_print_one_json_table_of_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rounds", "1", "--sizes", "3,6", "--only", "engine,files,growth", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["machine"]["SpiffWorkflow"] and report["machine"]["cpus"]
    kinds = {(row["benchmark"], row["subject"]) for row in report["rows"]}
    for model in ("social-assistance", "home-education-sc", "home-education-sc-appendix-1"):
        assert {("engine cached", model), ("engine cold", model), ("save+restore", model)} <= kinds
        assert {("lint per file", model), ("check per file", model)} <= kinds
    assert {("growth run", "3 → 6 tasks"), ("growth parse", "3 → 6 tasks")} <= kinds
    assert all(isinstance(row["ratio"], float) and row["ratio"] > 0 for row in report["rows"])


def test_benchmarks_text_table_and_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rounds", "1", "--sizes", "3,6", "--only", "growth"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("machine: python") and "growth run" in out and "ratio" in out
    with pytest.raises(SystemExit):
        main(["--only", "nonsense"])


def test_startup_rows_measure_help_against_a_bare_python(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rounds", "1", "--only", "startup", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(row["benchmark"], row["subject"], row["baseline"]) for row in rows] == [
        ("start-up (CPU)", "reglament --help", "python -c pass"),
        ("start-up (CPU)", "reglament run --help", "python -c pass")]
    assert all(row["ratio"] > 0 and row["ours_ms"][0] > 0 for row in rows)
