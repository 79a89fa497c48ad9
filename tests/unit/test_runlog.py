"""Run logs and the run history: plain text in the file, one record per run, a torn last line survived."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from orchestration.lib.runlog import LogTee, RunRecord, append_run, last_run, new_log_path


def test_the_log_gets_the_text_without_colour_codes_and_the_terminal_gets_it_as_written():
    log, terminal = io.StringIO(), io.StringIO()
    tee = LogTee(log, terminal)
    tee.write("\x1b[32mOK\x1b[0m created sql view model staging.stg_articles\n")
    assert log.getvalue() == "OK created sql view model staging.stg_articles\n"
    assert terminal.getvalue().startswith("\x1b[32mOK")
    assert not tee.isatty()


def test_without_echo_nothing_reaches_the_terminal():
    log = io.StringIO()
    LogTee(log).write("dbt line\n")
    assert log.getvalue() == "dbt line\n"


def test_each_run_gets_its_own_log_file_even_within_one_second(tmp_path: Path):
    first = new_log_path(tmp_path / "logs", datetime(2026, 12, 5, 7, 23, 1, tzinfo=UTC))
    first.write_text("x")
    second = new_log_path(tmp_path / "logs", datetime(2026, 12, 5, 7, 23, 1, tzinfo=UTC))
    assert first.name == "run-20261205T072301Z.log"
    assert second != first and second.parent == first.parent


def test_the_last_complete_run_is_read_back_after_a_torn_line(tmp_path: Path):
    assert last_run(tmp_path) is None
    append_run(tmp_path, RunRecord("2026-12-05T07:00:00+00:00", 20.5, True, "a.log", summary={"articles": 5}))
    append_run(tmp_path, RunRecord("2026-12-05T08:00:00+00:00", 3.0, False, "b.log", failed_checks=["x:y"]))
    with open(tmp_path / "runs.jsonl", "a", encoding="utf-8") as handle:
        handle.write('{"started_at": "2026-12-05T09')  # a run killed while writing its record
    record = last_run(tmp_path)
    assert (record.log_file, record.success, record.failed_checks) == ("b.log", False, ["x:y"])


def test_a_run_keeps_its_dagster_events_in_memory_unless_told_to_keep_them(monkeypatch, tmp_path):
    from orchestration.run import DAGSTER_HISTORY_ENV, _instance

    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    monkeypatch.delenv(DAGSTER_HISTORY_ENV, raising=False)
    with _instance() as in_memory:
        assert in_memory.is_ephemeral
    monkeypatch.setenv(DAGSTER_HISTORY_ENV, "keep")
    with _instance() as kept:
        assert not kept.is_ephemeral and str(tmp_path) in kept.root_directory
