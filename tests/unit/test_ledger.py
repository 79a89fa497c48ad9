"""The ledger classifies every scanned file: earliest-seen text is the article, later copies duplicates."""

from __future__ import annotations

from datetime import datetime

from orchestration.lib.ingest.ledger import build_ledger
from orchestration.lib.ingest.scan import FileRecord

NOW = datetime(2026, 1, 2, 3, 4, 5)


def record(path: str, text_sha: str | None, reason: str | None = None) -> FileRecord:
    return FileRecord(path, 10, 1_700_000_000_000_000_000, "c" * 64, "utf-8", None, text_sha, reason, False)


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
