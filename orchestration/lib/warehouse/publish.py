"""Publish the marts as a separate read-only DuckDB file, swapped in atomically so readers never see half a build.

DuckDB allows one writing process, and a reader holding a file open stops a writer from opening it. So the pipeline
never writes the file readers use: it copies the marts of its working database into a new file and renames that file
over the published one. A reader that has the old file open keeps reading the old, complete state; the next one to
open the path gets the new, complete state.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import duckdb

PUBLISHED_SCHEMAS = ("marts",)
META_SCHEMA = "meta"


def _sql_string(value: str) -> str:
    # ATTACH takes no bound parameters; the path comes from settings, and is quoted all the same.
    return "'" + value.replace("'", "''") + "'"


def published_fingerprint(published: Path) -> str | None:
    """The inputs fingerprint recorded in the published file, or None when there is none (or it is unreadable)."""
    if not published.exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            row = con.execute(f"select inputs_fingerprint from {META_SCHEMA}.build").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def publish(working: duckdb.DuckDBPyConnection, published: Path, fingerprint: str, now: datetime) -> list[str]:
    """Copy every table of the published schemas into a fresh file, then rename it over `published`."""
    staging = published.with_name(f".{published.name}.publishing")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)  # a run killed while publishing left it; it was never visible
    tables = working.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) order by all",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    working.execute(f"attach {_sql_string(str(staging))} as publishing")
    try:
        for schema in {*PUBLISHED_SCHEMAS, META_SCHEMA}:
            working.execute(f'create schema publishing."{schema}"')
        for schema, table in tables:
            working.execute(f'create table publishing."{schema}"."{table}" as select * from "{schema}"."{table}"')
        working.execute(
            f"create table publishing.{META_SCHEMA}.build as select ? as inputs_fingerprint, ? as published_at",
            [fingerprint, now],
        )
    finally:
        working.execute("detach publishing")
    fsync_path(staging)
    os.replace(staging, published)
    fsync_path(published.parent)
    return [f"{schema}.{table}" for schema, table in tables]


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) data to disk: a rename is only durable once both are synced."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
