"""Publish the marts as a separate read-only DuckDB file, swapped in atomically so readers never see half a build.

DuckDB allows one writing process, and a reader holding a file open stops a writer from opening it. So the pipeline
never writes the file readers use: it copies the marts of its working database into a new file and renames that file
over the published one. A reader that has the old file open keeps reading the old, complete state; the next one to
open the path gets the new, complete state.

When the published file holds the marts of the build just before this one and this build was incremental, the new
file starts as a byte copy of the published one and only the delta is written into it: the incremental marts' rows of
the keys the build changed (the dbt change lists, models/intermediate/int_changed_*.sql) are deleted and copied again,
and the small marts that dbt rebuilds whole are copied whole. Otherwise every mart is copied into a new file.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import duckdb

from orchestration.lib.search.engine import create_sql_macros

PUBLISHED_SCHEMAS = ("marts",)
META_SCHEMA = "meta"
# The incremental marts: their key columns, and the dbt table that lists the keys a build changed.
DELTA_KEYS = {
    "articles": ("article_id", "int_changed_records"),
    "article_versions": ("article_id", "int_changed_records"),
    "entity_mentions": ("article_id", "int_changed_records"),
    "files": ("file_path", "int_changed_records"),
    "file_records": ("file_path", "int_changed_records"),
    "entities": ("entity_id", "int_changed_entities"),
    "entity_daily_mentions": ("entity_id", "int_changed_entities"),
    "entity_daily_stories": ("entity_id", "int_changed_entities"),
    "entity_cooccurrence": ("entity_id_a, entity_id_b", "int_changed_entity_pairs"),
    "value_mentions": ("article_id", "int_changed_records"),
    "claims": ("article_id", "int_changed_records"),
    "quotes": ("article_id", "int_changed_records"),
    "search_documents": ("article_id", "int_changed_records"),
}
CHANGES_SCHEMA = "intermediate"
# The full-text index's postings (~300 rows per article) have their own delta, which reads no posting when a build
# brought only new articles: see _write_postings_delta.
POSTINGS = ("marts", "search_postings")


class Published(NamedTuple):
    tables: list[str]
    delta: bool  # only the delta was written into a copy of the previous file


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


def publish(
    working: duckdb.DuckDBPyConnection,
    published: Path,
    fingerprint: str,
    now: datetime,
    *,
    delta_from: str | None = None,
) -> Published:
    """Write the marts into a new file and rename it over `published`. With `delta_from` (the fingerprint of the build
    before this incremental one) and a published file that holds that build, only the delta is written (module
    docstring); otherwise every table is copied."""
    staging = published.with_name(f".{published.name}.publishing")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)  # a run killed while publishing left it; it was never visible
    tables = working.execute(
        "select table_schema, table_name from information_schema.tables "
        "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) order by all",
        [list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    delta = delta_from is not None and published_fingerprint(published) == delta_from
    if delta:
        shutil.copyfile(published, staging)
    working.execute(f"attach {_sql_string(str(staging))} as publishing")
    try:
        if delta:
            # The postings first: their delta is found with marts.search_documents as the previous build left it.
            for schema, table in sorted(tables, key=lambda name: name != POSTINGS):
                if (schema, table) == POSTINGS:
                    _write_postings_delta(working)
                else:
                    _write_delta(working, schema, table)
            working.execute(f"drop table publishing.{META_SCHEMA}.build")
        else:
            for schema in {*PUBLISHED_SCHEMAS, META_SCHEMA}:
                working.execute(f'create schema publishing."{schema}"')
            for schema, table in tables:
                working.execute(f'create table publishing."{schema}"."{table}" as select * from "{schema}"."{table}"')
        # Search from the DuckDB shell: marts.search_matches(...). A macro is checked against the database that creates
        # it (marts.attention calls marts.search_matches), so the working database gets them too.
        create_sql_macros(working, "marts")
        create_sql_macros(working, "publishing.marts")
        working.execute(
            f"create table publishing.{META_SCHEMA}.build as select ? as inputs_fingerprint, ? as published_at",
            [fingerprint, now],
        )
    finally:
        working.execute("detach publishing")
    fsync_path(staging)
    os.replace(staging, published)
    fsync_path(published.parent)
    return Published([f"{schema}.{table}" for schema, table in tables], delta)


def _write_delta(working: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """Bring one table of the copied file up to the working database's: the changed keys' rows, or the whole table."""
    target, source = f'publishing."{schema}"."{table}"', f'"{schema}"."{table}"'
    if table not in DELTA_KEYS:
        working.execute(f"create or replace table {target} as select * from {source}")
        return
    columns, changes = DELTA_KEYS[table]
    changed = f"({columns}) in (select {columns} from {CHANGES_SCHEMA}.{changes})"
    working.execute(f"delete from {target} where {changed}")
    working.execute(f"insert into {target} select * from {source} where {changed}")


def _write_postings_delta(working: duckdb.DuckDBPyConnection) -> None:
    """Bring the copied file's postings up to the working database's without reading every posting: delete the rows of
    the changed articles the published index holds (none when a build brought only new articles: the join is empty and
    the scan stops), and copy the rows written since the published build's newest article. Every row carries the start
    of the build that wrote it (indexed_at, dbt_project/macros/search_index.sql), and rows are stored in the order they
    were written, so DuckDB skips the older row groups by their min / max."""
    target, documents = "publishing.marts.search_postings", "publishing.marts.search_documents"
    working.execute(
        f"delete from {target} where article_id in (select changed.article_id"
        f" from {CHANGES_SCHEMA}.int_changed_records as changed semi join {documents} as indexed"
        " on changed.article_id = indexed.article_id)"
    )
    working.execute(
        f"insert into {target} select * from marts.search_postings"
        f" where indexed_at > (select coalesce(max(indexed_at), '-infinity'::timestamp) from {documents})"
    )


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) data to disk: a rename is only durable once both are synced."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
