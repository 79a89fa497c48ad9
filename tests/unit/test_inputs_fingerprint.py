"""The dbt-skip fingerprint covers every landing table dbt reads, and ignores per-run bookkeeping."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import inputs_fingerprint


def _insert(con, scanned_at: str) -> None:
    con.execute(
        "insert into landing.file_records (file_path, version, record_index, kind, text_sha256, first_seen_at, "
        "scanned_at, present) values ('a.txt', 1, 0, 'text', 't', '2026-01-01', ?, true)",
        [scanned_at],
    )


def test_rescanning_the_same_files_keeps_the_fingerprint(tmp_path: Path):
    with connect(tmp_path / "w.duckdb") as con:
        _insert(con, "2026-01-01")
        first = inputs_fingerprint(con, "project")
        con.execute("update landing.file_records set scanned_at = '2026-02-02'")
        assert inputs_fingerprint(con, "project") == first


def test_any_landing_table_change_or_project_change_moves_the_fingerprint(tmp_path: Path):
    with connect(tmp_path / "w.duckdb") as con:
        _insert(con, "2026-01-01")
        first = inputs_fingerprint(con, "project")
        assert inputs_fingerprint(con, "other project") != first
        con.execute("insert into landing.ner_bodies values ('b', 'v1', 0, '2026-01-01')")
        second = inputs_fingerprint(con, "project")
        assert second != first
        con.execute("update landing.ner_bodies set ner_version = 'v2'")
        assert inputs_fingerprint(con, "project") not in (first, second)
