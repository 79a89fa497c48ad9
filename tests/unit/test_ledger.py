"""The ledger classifies every scanned file: earliest-seen text is the article, later copies duplicates."""

from __future__ import annotations

from datetime import datetime

from orchestration.lib.ingest.ledger import build_ledger, records_of
from orchestration.lib.ingest.records import Record
from orchestration.lib.ingest.scan import FileRecord

NOW = datetime(2026, 1, 2, 3, 4, 5)


def record(path: str, text_sha: str | None, reason: str | None = None) -> tuple[FileRecord, list[Record]]:
    file = FileRecord(path, 10, 1_700_000_000_000_000_000, "c" * 64, "utf-8", None, text_sha, reason, False)
    return file, [Record(0, "text", None, text_sha, reason)]


def test_first_file_of_a_text_is_the_article_and_the_rest_duplicates():
    ledger = build_ledger([record("b.txt", "1" * 64), record("a.txt", "1" * 64)], {}, NOW)
    assert ledger.select("file_path", "status").rows() == [("a.txt", "article"), ("b.txt", "duplicate")]
    assert ledger["article_id"].to_list() == ["1" * 16, "1" * 16]


def test_a_file_seen_earlier_stays_the_article_when_a_copy_arrives():
    earlier = {"z.txt": datetime(2020, 1, 1)}
    ledger = build_ledger([record("a.txt", "1" * 64), record("z.txt", "1" * 64)], earlier, NOW)
    assert dict(ledger.select("file_path", "status").rows()) == {"z.txt": "article", "a.txt": "duplicate"}
    assert dict(ledger.select("file_path", "first_seen_at").rows())["z.txt"] == datetime(2020, 1, 1)


def test_a_file_with_a_reason_is_quarantined_without_an_article():
    ledger = build_ledger([record("bad.bin", None, "binary content (NUL bytes)")], {}, NOW)
    row = ledger.row(0, named=True)
    assert (row["status"], row["article_id"], row["reason"]) == ("quarantined", None, "binary content (NUL bytes)")


def test_modification_time_is_stored_in_utc():
    ledger = build_ledger([record("a.txt", "1" * 64)], {}, NOW)
    assert ledger["modified_at"][0] == datetime(2023, 11, 14, 22, 13, 20)


def test_each_record_of_an_export_is_classified_on_its_own():
    file = FileRecord("export.jsonl", 10, 1, "c" * 64, "utf-8", None, "f" * 64, None, False)
    records = [
        Record(0, "json", None, "1" * 64, None),
        Record(1, "json", None, None, "line 2 is not a JSON object"),
        Record(2, "json", None, "1" * 64, None),
    ]
    ledger = build_ledger([(file, records)], {}, NOW)
    assert ledger["status"].to_list() == ["article", "quarantined", "duplicate"]


def test_an_unchanged_file_keeps_the_records_of_the_previous_scan():
    reused = FileRecord("a.json", 10, 1, "c" * 64, "utf-8", None, "f" * 64, None, True)
    previous = {"a.json": [Record(0, "json", None, "1" * 64, None), Record(1, "json", None, "2" * 64, None)]}
    assert records_of(reused, previous) == previous["a.json"]


def test_an_unreadable_file_is_one_quarantined_record():
    broken = FileRecord("x.txt", None, None, None, None, None, None, "broken symlink", False)
    assert records_of(broken, {}) == [Record(0, "text", None, None, "broken symlink")]
