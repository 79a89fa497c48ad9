"""Short-lived DuckDB connections: DuckDB allows one writing process, so nobody holds the file longer than a step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

LANDING_SCHEMA_SQL = (Path(__file__).with_name("schema.sql")).read_text(encoding="utf-8")


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, creating the landing schema on write connections, and always close it."""
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        if not read_only:
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
