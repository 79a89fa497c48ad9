"""Snapshots of the landing tables: damage is detected, a snapshot verifies itself, a restore brings the rows back."""

from __future__ import annotations

import os
import random
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.settings import snapshot_db_for
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.snapshot import (
    damage,
    landing_row_counts,
    recover_if_damaged,
    restore,
    seal,
    sealed,
    unseal,
    verified,
    write_snapshot,
)

NOW = datetime(2026, 12, 5, 8, 0)


def _snapshot(working: Path) -> Path:
    return snapshot_db_for(working.with_name("news.duckdb"))


@pytest.fixture
def working(tmp_path: Path) -> Path:
    """A working database with a few MB of landing rows (deterministic, so a corruption lands where it did before)."""
    path = tmp_path / "wh" / "news.work.duckdb"
    path.parent.mkdir()
    with connect(path) as con:
        con.execute(
            "insert into landing.documents select lpad(printf('%x', i), 64, '0'), 'text', "
            "repeat('Troops arrived in Niamey on ' || i || ', officials said. ', 30), timestamp '2026-12-01' "
            "from range(4000) as r(i)"
        )
        con.execute(
            "insert into landing.dbt_builds (inputs_fingerprint, built_at) "
            "values ('fingerprint', timestamp '2026-12-01')"
        )
    return path


def _overwrite_middle(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(random.Random(1).randbytes(16_384))


def test_an_intact_database_has_no_damage(working: Path):
    assert damage(working) is None


def test_overwritten_bytes_are_detected_by_their_block_checksum(working: Path):
    _overwrite_middle(working)
    assert "checksum" in damage(working)


def test_a_truncated_file_and_a_foreign_file_are_damage(working: Path, tmp_path: Path):
    with open(working, "r+b") as handle:
        handle.truncate(working.stat().st_size // 3)
    assert damage(working) is not None
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    assert damage(other) == "landing tables missing: articles, documents, file_records"


def test_a_snapshot_verifies_and_a_changed_byte_makes_it_untrusted(working: Path):
    target = _snapshot(working)
    info = write_snapshot(working, target, NOW)
    assert target.name == "news.snapshot.duckdb"
    assert info.row_counts["documents"] == 4_000 and verified(target) == info
    with open(target, "r+b") as handle:
        handle.seek(100)
        handle.write(b"\xff")
    assert verified(target) is None


def test_restore_brings_back_every_row_and_makes_dbt_rebuild(working: Path):
    write_snapshot(working, _snapshot(working), NOW)
    with duckdb.connect(str(working), read_only=True) as con:
        before = landing_row_counts(con)
    _overwrite_middle(working)
    restored = restore(_snapshot(working), working, NOW)
    with duckdb.connect(str(working), read_only=True) as con:
        after = landing_row_counts(con)
    assert after == {**before, "dbt_builds": 0}
    assert restored == sum(before.values())
    assert (working.parent / "news.work.duckdb.damaged-20261205T080000Z").exists()


def test_recover_if_damaged_restores_a_damaged_or_missing_database(working: Path):
    assert recover_if_damaged(working, _snapshot(working), NOW) is None  # intact, and nothing written
    write_snapshot(working, _snapshot(working), NOW)
    _overwrite_middle(working)
    message = recover_if_damaged(working, _snapshot(working), NOW)
    assert message.startswith("recover: working database unreadable") and "restored 4,001 landing rows" in message
    assert damage(working) is None
    os.remove(working)
    message = recover_if_damaged(working, _snapshot(working), NOW)
    assert message.startswith("recover: working database missing; restored")


def test_without_a_snapshot_a_damaged_database_is_set_aside_not_deleted(working: Path):
    _overwrite_middle(working)
    message = recover_if_damaged(working, _snapshot(working), NOW)
    assert "no verified snapshot" in message
    assert not working.exists()
    assert (working.parent / "news.work.duckdb.damaged-20261205T080000Z").exists()


def test_a_new_warehouse_has_nothing_to_recover(tmp_path: Path):
    assert recover_if_damaged(tmp_path / "news.work.duckdb", tmp_path / "news.snapshot.duckdb", NOW) is None


def test_a_seal_holds_until_the_file_is_written_or_unsealed(working: Path):
    assert not sealed(working)
    seal(working)
    assert sealed(working)
    unseal(working)
    assert not sealed(working)
    seal(working)
    with connect(working) as con:
        con.execute("delete from landing.dbt_builds")
    assert not sealed(working)


def test_a_database_with_a_wal_is_not_sealed(working: Path):
    con = duckdb.connect(str(working))
    con.execute("create table landing.pending (x int)")  # left in the WAL while the connection is open
    assert working.with_name(working.name + ".wal").exists()
    seal(working)
    con.close()
    assert not sealed(working)


def test_a_sealed_file_skips_the_full_read_and_a_written_one_does_not(working: Path):
    write_snapshot(working, _snapshot(working), NOW)
    seal(working)
    stat = working.stat()
    _overwrite_middle(working)
    # Bytes overwritten behind the pipeline's back with the stamp put back: only the full read would see it, and
    # the run's own reads (DuckDB's block checksums) are what catch it then.
    os.utime(working, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert recover_if_damaged(working, _snapshot(working), NOW, trust_seal=True) is None
    _overwrite_middle(working)  # a write that changes the modification time
    message = recover_if_damaged(working, _snapshot(working), NOW, trust_seal=True)
    assert message.startswith("recover: working database unreadable")
