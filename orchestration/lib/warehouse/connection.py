"""Short-lived DuckDB connections: DuckDB allows one writing process, so nobody holds the file longer than a step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from orchestration.lib.settings import duckdb_memory_limit

LANDING_SCHEMA_SQL = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, creating the landing schema on write connections, and always close it.

    DuckDB would keep up to 80 % of the machine's memory (its cache of the file's blocks grows with the warehouse);
    bounded, it spills to disk beside the file instead (NEWSMON_DUCKDB_MEMORY_LIMIT)."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        con.execute(f"set memory_limit = '{duckdb_memory_limit()}'")
        # DuckDB draws a progress bar on the terminal for queries over 2 s; a run's terminal has one line per stage.
        con.execute("set enable_progress_bar = false")
        if not read_only:
            migrate_ledger_to_history(con)
            con.execute(LANDING_SCHEMA_SQL)
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing writes: a crash mid-step leaves the previous state, never half of the new one."""
    con.execute("begin transaction")
    try:
        yield con
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def migrate_ledger_to_history(con: duckdb.DuckDBPyConnection) -> None:
    """Working databases made before the ledger kept history held one row per record of the files then present, with
    statuses stored: their rows become version 1 of present files (statuses are decided by landing.record_status)."""
    columns = {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'landing' and table_name = 'file_records'"
        ).fetchall()
    }
    if not columns or "version" in columns:
        return
    with transaction(con):
        con.execute("alter table landing.file_records rename to file_records_before_history")
        con.execute(LANDING_SCHEMA_SQL)
        con.execute(
            """
            insert into landing.file_records
            select file_path, 1, record_index, kind, size_bytes, modified_ns, modified_at, content_sha256, encoding,
                   file_text_sha256, text_sha256, reason, first_seen_at, scanned_at, true, null, null
            from landing.file_records_before_history
            """
        )
        con.execute("drop table landing.file_records_before_history")
