"""The ledger is a history: a scan adds versions of new and changed files, marks files that left as removed and
never deletes; landing.record_status (a view, on a real DuckDB here) decides article, duplicate or quarantined."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from orchestration.lib.ingest.ledger import KnownVersion, plan_ledger, split_file
from orchestration.lib.ingest.records import Record
from orchestration.lib.ingest.scan import FileRecord, KnownFile
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import apply_ledger, known_versions

NOW = datetime(2026, 1, 2, 3, 4, 5)


def scanned(path: str, content: str, text: str | None = None, *, reused: bool = False, mtime: int = 1) -> FileRecord:
    """A scanned text file: content names its bytes' hash, text its decoded text (default: same as content)."""
    text = content if text is None else text
    return FileRecord(
        path, 10, mtime, content * 64, "utf-8", None if reused else f"text {text}", text * 64, None, reused
    )


def one_record(file: FileRecord) -> list[Record]:
    return [Record(0, "text", file.text, file.text_sha256, None)]


def known(path: str, content: str, version: int = 1, *, present: bool = True) -> KnownVersion:
    file = KnownFile(10, 1, content * 64, content * 64, "utf-8", None)
    return KnownVersion(file, (Record(0, "text", None, content * 64, None),), version, present)


def test_a_new_file_is_version_one_and_an_unchanged_one_costs_nothing():
    changes = plan_ledger(
        [scanned("a.txt", "1"), scanned("b.txt", "2", reused=True)], {"b.txt": known("b.txt", "2")}, NOW, one_record
    )
    assert changes.new_rows.select("file_path", "version", "present").rows() == [("a.txt", 1, True)]
    assert (changes.superseded, changes.touched, changes.removed, changes.returned) == ([], [], [], [])


def test_changed_bytes_add_a_version_and_supersede_the_old_one():
    changes = plan_ledger([scanned("a.txt", "2")], {"a.txt": known("a.txt", "1", version=3)}, NOW, one_record)
    assert changes.new_rows.select("file_path", "version").rows() == [("a.txt", 4)]
    assert changes.superseded == [("a.txt", 3)]


def test_same_bytes_with_a_new_mtime_are_touched_not_a_new_version():
    changes = plan_ledger([scanned("a.txt", "1", mtime=99)], {"a.txt": known("a.txt", "1")}, NOW, one_record)
    assert changes.new_rows.height == 0
    assert changes.touched == [("a.txt", 1, 10, 99)]


def test_a_file_that_left_is_removed_and_one_that_came_back_returns():
    history = {"gone.txt": known("gone.txt", "1"), "back.txt": known("back.txt", "2", present=False)}
    changes = plan_ledger([scanned("back.txt", "2", reused=True)], history, NOW, one_record)
    assert changes.removed == [("gone.txt", 1)]
    assert changes.returned == [("back.txt", 1)]
    assert changes.new_rows.height == 0


def test_an_unreadable_file_is_one_quarantined_record():
    broken = FileRecord("x.txt", None, None, None, None, None, None, "broken symlink", False)
    assert split_file(broken) == [Record(0, "text", None, None, "broken symlink")]


def test_modification_time_is_stored_in_utc():
    file = FileRecord("a.txt", 10, 1_700_000_000_000_000_000, "c" * 64, "utf-8", "x", "1" * 64, None, False)
    changes = plan_ledger([file], {}, NOW, one_record)
    assert changes.new_rows["modified_at"][0] == datetime(2023, 11, 14, 22, 13, 20)


# The view, on a real DuckDB: statuses over the whole history.


@pytest.fixture
def con(tmp_path: Path):
    with connect(tmp_path / "ledger.duckdb") as connection:
        yield connection


def scan(con, files: list[FileRecord], now: datetime, bodies: dict[str, str] | None = None) -> None:
    """One ledger pass, then the parse stage's facts the view needs (each text's body; default: itself)."""
    changes = plan_ledger(files, known_versions(con), now, one_record)
    apply_ledger(con, changes, now)
    for record in changes.records:
        body = (bodies or {}).get(record.text_sha256[0], record.text_sha256[0])
        con.execute(
            "insert or replace into landing.articles (text_sha256, body, body_sha256, word_count, parser_version, "
            "parsed_at) values (?, ?, ?, 1, 'test', ?)",
            # An empty body's hash is the real one: landing.record_status recognises boilerplate-only texts by it.
            [record.text_sha256, body, body * 64 if body else hashlib.sha256(b"").hexdigest(), now],
        )


def statuses(con) -> list[tuple]:
    return con.execute(
        "select file_path, version, status, article_id, present, article_superseded_by "
        "from landing.record_status order by file_path, version"
    ).fetchall()


def test_the_first_seen_record_of_a_body_holds_the_article_also_after_its_file_left(con):
    scan(con, [scanned("z.txt", "1")], NOW)
    scan(con, [scanned("a.txt", "1")], NOW + timedelta(hours=1))  # z.txt archived, a copy arrives
    assert statuses(con) == [
        ("a.txt", 1, "duplicate", "1" * 16, True, None),
        ("z.txt", 1, "article", "1" * 16, False, None),
    ]
    removed_at = con.execute("select removed_at from landing.file_records where file_path = 'z.txt'").fetchone()[0]
    assert removed_at == NOW + timedelta(hours=1)


def test_same_body_under_another_text_is_a_duplicate_and_boilerplate_only_is_quarantined(con):
    scan(con, [scanned("a.txt", "1"), scanned("b.txt", "2"), scanned("c.txt", "3")], NOW, {"2": "1", "3": ""})
    assert [(p, s, a) for p, _, s, a, _, _ in statuses(con)] == [
        ("a.txt", "article", "1" * 16),
        ("b.txt", "duplicate", "1" * 16),
        ("c.txt", "quarantined", None),
    ]
    reason = con.execute("select reason from landing.record_status where file_path = 'c.txt'").fetchone()[0]
    assert reason == "nothing left after boilerplate removal"


def test_a_changed_file_supersedes_its_article_unless_another_file_still_holds_the_body(con):
    scan(con, [scanned("a.txt", "1"), scanned("b.txt", "2"), scanned("c.txt", "3")], NOW, {"3": "2"})
    scan(con, [scanned("a.txt", "4"), scanned("b.txt", "5"), scanned("c.txt", "3", reused=True)], NOW + timedelta(1))
    rows = {(p, v): (s, sup) for p, v, s, _, _, sup in statuses(con)}
    assert rows[("a.txt", 1)] == ("article", "4" * 16)  # superseded by the new version's article
    assert rows[("a.txt", 2)] == ("article", None)
    assert rows[("b.txt", 1)] == ("article", None)  # its body is still in c.txt: current
    superseded = con.execute(
        "select distinct article_id from landing.record_status where article_superseded_at is not null"
    ).fetchall()
    assert superseded == [("1" * 16,)]
    # What every stage calls current: the records holding an article the marts show.
    current = con.execute(
        "select file_path, version from landing.record_status where holds_current_article order by all"
    ).fetchall()
    assert current == [("a.txt", 2), ("b.txt", 1), ("b.txt", 2)]


def test_nothing_is_deleted_by_scans(con):
    scan(con, [scanned("a.txt", "1"), scanned("b.txt", "2")], NOW)
    scan(con, [scanned("a.txt", "3")], NOW + timedelta(1))
    scan(con, [], NOW + timedelta(2))
    rows = con.execute("select file_path, version, present from landing.file_records order by all").pl()
    assert rows.rows() == [("a.txt", 1, False), ("a.txt", 2, False), ("b.txt", 1, False)]
    assert con.execute("select count(*) from landing.ledger_scans").fetchone()[0] == 3
    assert isinstance(rows, pl.DataFrame)
