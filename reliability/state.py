"""What a warehouse holds, row for row, and the invariants any complete state of the published file satisfies."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Wall-clock columns say when a run happened (when a file was first seen, a text stored, a body annotated, ...), not
# what it computed: a clean run and a crashed-then-rerun history differ there by design. So every TIMESTAMP column is
# left out of the comparison except these, which are data (stated in the files, or the files' own mtimes).
DATA_TIMESTAMPS = frozenset({"published_at", "first_published_at", "last_published_at", "modified_at"})
# Tables that record history (builds, scans) or the time of publication rather than the result.
HISTORY_TABLES = frozenset({"meta.build", "landing.dbt_builds", "landing.ledger_scans"})
CONTRACT_TABLES = (
    "files",
    "file_records",
    "articles",
    "sources",
    "entities",
    "entity_mentions",
    "search_postings",
    "watchlist_matches",
    "value_mentions",
)


def table_rows(db: Path, schemas: tuple[str, ...]) -> dict[str, list[tuple]]:
    """Every base table of the schemas, without volatile columns, rows sorted: equal dicts mean equal data."""
    out: dict[str, list[tuple]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in (select unnest(?)) order by all",
            [list(schemas)],
        ).fetchall()
        for schema, table in tables:
            name = f"{schema}.{table}"
            if name in HISTORY_TABLES:
                continue
            columns = [
                c
                for c, data_type in con.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if not data_type.startswith("TIMESTAMP") or c in DATA_TIMESTAMPS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            out[name] = con.execute(f'select {select} from "{schema}"."{table}" order by all').fetchall()
    return out


def published_rows(warehouse: Path) -> dict[str, list[tuple]]:
    """The published file's marts (what readers see)."""
    return table_rows(warehouse, ("marts",))


def working_rows(working_db: Path) -> dict[str, list[tuple]]:
    """The working database's landing tables and marts (the pipeline's caches must not drift either)."""
    return table_rows(working_db, ("landing", "marts"))


def differences(expected: dict[str, list[tuple]], actual: dict[str, list[tuple]], limit: int = 3) -> list[str]:
    """Human-readable differences between two table_rows() results (empty when equal)."""
    problems = []
    for name in sorted(set(expected) | set(actual)):
        if name not in actual:
            problems.append(f"{name}: missing")
            continue
        if name not in expected:
            problems.append(f"{name}: unexpected table")
            continue
        want, got = expected[name], actual[name]
        if want != got:
            missing = [r for r in want if r not in got][:limit]
            extra = [r for r in got if r not in want][:limit]
            problems.append(f"{name}: {len(want)} rows expected, {len(got)} found; missing {missing}; extra {extra}")
    return problems


# --- invariants of a complete published state -------------------------------------------------------------------

INVARIANTS: tuple[tuple[str, str], ...] = (
    ("one build row", "select count(*) <> 1 from meta.build"),
    (
        "mentions point at articles",
        "select count(*) from marts.entity_mentions m anti join marts.articles a using (article_id)",
    ),
    (
        "mentions point at entities",
        "select count(*) from marts.entity_mentions m anti join marts.entities e using (entity_id)",
    ),
    (
        "entity counts add up to the mentions",
        "select coalesce(sum(mention_count), 0) <> (select count(*) from marts.entity_mentions) from marts.entities",
    ),
    (
        "one article per article record",
        "select count(*) <> (select count(distinct article_id) from marts.file_records where status = 'article') "
        "from marts.articles",
    ),
    ("one row per file", "select count(*) - count(distinct file_path) from marts.files"),
    ("one row per article", "select count(*) - count(distinct article_id) from marts.articles"),
    ("one row per mention", "select count(*) - count(distinct mention_id) from marts.entity_mentions"),
    ("one row per entity", "select count(*) - count(distinct entity_id) from marts.entities"),
    (
        "records belong to files",
        "select count(*) from marts.file_records r anti join marts.files f using (file_path)",
    ),
    (
        "offsets lie inside the body",
        "select count(*) from marts.entity_mentions m join marts.articles a using (article_id) "
        "where m.char_start < 0 or m.char_end > length(a.body) or m.char_start >= m.char_end",
    ),
    (
        "quarantined files say why",
        "select count(*) from marts.files where status = 'quarantined' and reason is null",
    ),
)


@dataclass
class Observation:
    """One look at a published state: its fingerprint and counts, and any invariant it broke."""

    fingerprint: str | None
    counts: dict[str, int] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)


def observe(con: duckdb.DuckDBPyConnection) -> Observation:
    """Check every invariant on an open connection to a published file (all queries see the same file)."""
    tables = {
        t
        for (t,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    missing = [t for t in CONTRACT_TABLES if t not in tables]
    row = con.execute("select inputs_fingerprint from meta.build").fetchone()
    seen = Observation(fingerprint=row[0] if row else None)
    if missing:
        seen.violations.append(f"missing tables: {missing}")
        return seen
    for name, sql in INVARIANTS:
        broken = con.execute(sql).fetchone()[0]
        if broken:
            seen.violations.append(f"{name} ({broken})")
    for table in ("files", "articles", "entity_mentions"):
        seen.counts[table] = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
    return seen


def observe_file(warehouse: Path) -> Observation | None:
    """observe() on a fresh read-only connection; None when nothing is published yet."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return observe(con)


# --- the raw directory is read, never written ----------------------------------------------------------------------


def raw_snapshot(raw_dir: Path) -> dict[str, tuple]:
    """Every entry under raw_dir by relative path: type, mode, size, mtime and content hash (or link target).
    Symlinks are not followed and special files (pipes) are not opened, so taking it changes nothing either."""
    snapshot: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            info = os.lstat(path)
            key = os.fsencode(os.path.relpath(path, raw_dir)).decode("utf-8", "backslashreplace")
            if stat.S_ISLNK(info.st_mode):
                snapshot[key] = ("symlink", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                snapshot[key] = ("file", info.st_mode, info.st_size, info.st_mtime_ns, _file_sha256(path))
            else:
                snapshot[key] = ("other", info.st_mode, info.st_mtime_ns)
    return snapshot


def _file_sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None  # not readable by us either (permissions): size and mtime still say if it changed
    return digest.hexdigest()
