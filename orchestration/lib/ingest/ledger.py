"""Turn one scan of the raw directory into the files ledger: every record of every file an article, a duplicate of
one, or quarantined with a reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import polars as pl

from orchestration.lib.ingest.limits import (
    TimeLimitExceeded,
    internal_error_reason,
    time_limit,
    time_limit_reason,
)
from orchestration.lib.ingest.records import Record, split_records
from orchestration.lib.ingest.scan import FileRecord

ARTICLE_ID_LENGTH = 16

LEDGER_SCHEMA = {
    "file_path": pl.String,
    "record_index": pl.Int32,
    "kind": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "modified_at": pl.Datetime("us"),
    "content_sha256": pl.String,
    "encoding": pl.String,
    "file_text_sha256": pl.String,
    "text_sha256": pl.String,
    "status": pl.String,
    "article_id": pl.String,
    "reason": pl.String,
    "first_seen_at": pl.Datetime("us"),
    "scanned_at": pl.Datetime("us"),
}


def _modified_at(modified_ns: int | None) -> datetime | None:
    if modified_ns is None:
        return None
    return datetime.fromtimestamp(modified_ns / 1e9, tz=UTC).replace(tzinfo=None)


def records_of(file: FileRecord, previous: Mapping[str, Sequence[Record]]) -> list[Record]:
    """A file's records: from its text, from the previous scan when it was not re-read, or one quarantined record."""
    if file.reason is not None:
        return [Record(0, "text", None, None, file.reason)]
    if file.text is None:
        return list(previous.get(file.file_path, ()))
    # One file must never stop the run: over the time limit, or failing in a way no rule foresaw, it is quarantined.
    try:
        with time_limit():
            return split_records(file.file_path, file.text)
    except TimeLimitExceeded:
        return [Record(0, "text", None, None, time_limit_reason())]
    except Exception as exc:  # noqa: BLE001 - any bug in a reader becomes a counted quarantine, not a failed run
        return [Record(0, "text", None, None, internal_error_reason(exc))]


def build_ledger(
    files: Sequence[tuple[FileRecord, Sequence[Record]]], first_seen: Mapping[str, datetime], scanned_at: datetime
) -> pl.DataFrame:
    """Classify the records of scanned files; the earliest-seen record of each text is the article, the others
    its duplicates. A file that could not be read or decoded is one quarantined record."""
    rows = [
        {
            "file_path": f.file_path,
            "record_index": r.record_index,
            "kind": r.kind,
            "size_bytes": f.size_bytes,
            "modified_ns": f.modified_ns,
            "modified_at": _modified_at(f.modified_ns),
            "content_sha256": f.content_sha256,
            "encoding": f.encoding,
            "file_text_sha256": f.text_sha256 if f.reason is None else None,
            "text_sha256": r.text_sha256 if r.reason is None else None,
            "status": None,
            "article_id": None,
            "reason": r.reason,
            "first_seen_at": first_seen.get(f.file_path, scanned_at),
            "scanned_at": scanned_at,
        }
        for f, records in files
        for r in records
    ]
    frame = pl.DataFrame(rows, schema=LEDGER_SCHEMA).sort("first_seen_at", "file_path", "record_index")
    readable = pl.col("reason").is_null()
    return frame.with_columns(
        status=pl.when(~readable)
        .then(pl.lit("quarantined"))
        .when(pl.col("text_sha256").is_first_distinct())
        .then(pl.lit("article"))
        .otherwise(pl.lit("duplicate")),
        # Articles are identified by their decoded text, so re-encoded or re-saved copies share one id.
        article_id=pl.when(readable).then(pl.col("text_sha256").str.slice(0, ARTICLE_ID_LENGTH)),
    ).sort("file_path", "record_index")
