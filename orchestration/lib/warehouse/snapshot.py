"""Snapshots of the working database's landing tables: the one part of the warehouse raw files cannot rebuild once
they are archived. Taken after every green build, verified, and restored when the working database is damaged.

A snapshot is a DuckDB file holding a copy of every `landing.*` table (dbt's layers and the marts are rebuilt from
them), written beside its final name and renamed over it, with a JSON sidecar of its SHA-256 and row counts. The
same format is what `newsmon backup PATH` writes and `newsmon recover --from PATH` reads.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.lib.warehouse.connection import connect, transaction
from orchestration.lib.warehouse.publish import fsync_path

LANDING = "landing"
# Tables every working database has had since the first version; one missing means the file is not what it claims.
CORE_TABLES = ("file_records", "documents", "articles")
CHUNK = 1 << 20


@dataclass(frozen=True)
class SnapshotInfo:
    """The sidecar of a snapshot: what it holds, so a restore can tell it is intact before trusting it."""

    sha256: str
    taken_at: str
    row_counts: dict[str, int]


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def damage(path: Path) -> str | None:
    """Why a DuckDB file cannot be trusted (it does not open, a core table is missing, a block fails its checksum),
    or None when every table reads back whole. Reading every row of every table is what makes DuckDB verify the
    checksum of every block."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return f"cannot be opened ({str(exc).splitlines()[0]})"
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
        missing = sorted(set(CORE_TABLES) - {name for schema, name in tables if schema == LANDING})
        if missing:
            return f"landing tables missing: {', '.join(missing)}"
        for schema, name in tables:
            con.execute(f'select count(*), bit_xor(hash(t)) from "{schema}"."{name}" as t').fetchone()
    except duckdb.Error as exc:
        return f"unreadable ({str(exc).splitlines()[0]})"
    finally:
        con.close()
    return None


def landing_row_counts(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, int]:
    prefix = f'"{catalog}".' if catalog else ""
    names = con.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'"
        + (" and table_catalog = ?" if catalog else "")
        + " order by 1",
        [LANDING, catalog] if catalog else [LANDING],
    ).fetchall()
    return {name: con.execute(f'select count(*) from {prefix}{LANDING}."{name}"').fetchone()[0] for (name,) in names}


def write_snapshot(working: Path, target: Path, now: datetime) -> SnapshotInfo:
    """Copy the landing tables of `working` into a new file, verify it, and rename it over `target` (with its
    sidecar); a crash before the rename leaves the previous snapshot in place."""
    partial = target.with_name(f".{target.name}.partial")
    for leftover in (partial, partial.with_name(partial.name + ".wal")):
        leftover.unlink(missing_ok=True)
    # Not read-only: a database attached to a read-only connection is read-only too. The caller holds the run lock.
    with duckdb.connect(str(working)) as con:
        counts = landing_row_counts(con)
        con.execute(f"attach {_quote(str(partial))} as snap")
        try:
            con.execute(f"create schema snap.{LANDING}")
            for name in counts:
                con.execute(f'create table snap.{LANDING}."{name}" as select * from {LANDING}."{name}"')
        finally:
            con.execute("detach snap")
    # The copy is checked by its row counts, not read back in full (2.8 s a run at 30,000 files, growing with the
    # warehouse): DuckDB checksums each block it writes, and a block damaged later fails the SHA-256 of the sidecar,
    # which `verified` checks before a restore trusts the file.
    if _counts_of(partial) != counts:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"snapshot of {working} did not verify")
    fsync_path(partial)
    info = SnapshotInfo(_file_sha256(partial), now.isoformat(), counts)
    os.replace(partial, target)
    note = sidecar(target).with_name(f".{sidecar(target).name}.partial")
    note.write_text(json.dumps(asdict(info), indent=2, sort_keys=True), encoding="utf-8")
    os.replace(note, sidecar(target))
    fsync_path(target.parent)
    return info


def _counts_of(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return landing_row_counts(con)


def verified(snapshot: Path) -> SnapshotInfo | None:
    """The snapshot's sidecar when the file is there and still has the bytes it was written with."""
    note = sidecar(snapshot)
    if not snapshot.exists() or not note.exists():
        return None
    try:
        info = SnapshotInfo(**json.loads(note.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None
    return info if _file_sha256(snapshot) == info.sha256 else None


def set_aside(working: Path, now: datetime) -> str:
    """Move a damaged working database (and its WAL) out of the way as `<name>.damaged-<time>`, never deleting it;
    returns the new name."""
    suffix = f".damaged-{now:%Y%m%dT%H%M%SZ}"
    for path in (working, working.with_name(working.name + ".wal")):
        if path.exists():
            os.replace(path, path.with_name(path.name + suffix))
    return working.name + suffix


def restore(snapshot: Path, working: Path, now: datetime) -> int:
    """Rebuild `working` from a snapshot: the damaged file (if any) is set aside, a new database gets the landing
    schema and the snapshot's rows. dbt's record of its last build is dropped, so the next build rebuilds every
    model. Returns the number of rows restored."""
    set_aside(working, now)
    fresh = working.with_name(f".{working.name}.restoring")
    fresh.unlink(missing_ok=True)
    restored = 0
    with connect(fresh) as con:
        con.execute(f"attach {_quote(str(snapshot))} as snap (read_only)")
        try:
            with transaction(con):
                for name, count in landing_row_counts(con, "snap").items():
                    con.execute(f'insert into {LANDING}."{name}" by name select * from snap.{LANDING}."{name}"')
                    restored += count
                con.execute(f"delete from {LANDING}.dbt_builds")
        finally:
            con.execute("detach snap")
    os.replace(fresh, working)
    return restored


def seal_path(working: Path) -> Path:
    return working.with_name(working.name + ".sealed")


def _file_stamp(working: Path) -> dict[str, int] | None:
    """Size and modification time of the database, or None while it has a WAL (a connection did not close)."""
    if working.with_name(working.name + ".wal").exists():
        return None
    try:
        stat = working.stat()
    except OSError:
        return None
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def seal(working: Path) -> None:
    """Record that the working database is whole as it is now: written after a green build's snapshot, which read
    every landing row back. The next run skips the full read of `damage` while the file still has this size and
    modification time; any write (a run, a kill mid-write, bytes overwritten) changes them."""
    stamp = _file_stamp(working)
    if stamp is None:
        return
    partial = seal_path(working).with_name(f".{seal_path(working).name}.partial")
    partial.write_text(json.dumps(stamp), encoding="utf-8")
    os.replace(partial, seal_path(working))


def unseal(working: Path) -> None:
    """Drop the seal before a run writes: until its next green build, the file is checked in full."""
    seal_path(working).unlink(missing_ok=True)


def sealed(working: Path) -> bool:
    try:
        recorded = json.loads(seal_path(working).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == _file_stamp(working)


def recover_if_damaged(working: Path, snapshot: Path, now: datetime, *, trust_seal: bool = False) -> str | None:
    """Check the working database and, when it is damaged or gone, restore the last verified snapshot. Returns the
    one line that says what happened, or None when the database is intact (or brand new). With `trust_seal`, a file
    unchanged since its seal is not read in full (a run's cost then does not grow with what is stored: 1.8 s at
    30,000 files); DuckDB still verifies the checksum of every block the run reads."""
    if working.exists():
        if trust_seal and sealed(working):
            return None
        problem = damage(working)
        if problem is None:
            return None
    elif snapshot.exists():
        problem = "missing"
    else:
        return None  # a new warehouse: nothing to recover
    aside = set_aside(working, now) if working.exists() else None
    info = verified(snapshot)
    if info is None:
        return (
            f"recover: working database {problem} and no verified snapshot: set aside, rebuilt from the raw files "
            "(articles whose files are gone cannot come back)"
        )
    rows = restore(snapshot, working, now)
    kept = f", the damaged file kept as {aside}" if aside else ""
    return (
        f"recover: working database {problem}; restored {rows:,} landing rows from the snapshot of {info.taken_at}"
        f"{kept}; files changed since are redone"
    )
