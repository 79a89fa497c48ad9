"""Turn one scan of the raw directory into the files ledger: every file an article, a duplicate or quarantined."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import polars as pl

from orchestration.lib.ingest.scan import FileRecord

ARTICLE_ID_LENGTH = 16

LEDGER_SCHEMA = {
    "file_path": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "modified_at": pl.Datetime("us"),
    "content_sha256": pl.String,
    "encoding": pl.String,
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


def build_ledger(
    records: Sequence[FileRecord], first_seen: Mapping[str, datetime], scanned_at: datetime
) -> pl.DataFrame:
    """Classify scanned files; the earliest-seen file of each text is the article, the others its duplicates."""
    rows = [
        {
            "file_path": r.file_path,
            "size_bytes": r.size_bytes,
            "modified_ns": r.modified_ns,
            "modified_at": _modified_at(r.modified_ns),
            "content_sha256": r.content_sha256,
            "encoding": r.encoding,
            "text_sha256": r.text_sha256 if r.reason is None else None,
            "status": None,
            "article_id": None,
            "reason": r.reason,
            "first_seen_at": first_seen.get(r.file_path, scanned_at),
            "scanned_at": scanned_at,
        }
        for r in records
    ]
    frame = pl.DataFrame(rows, schema=LEDGER_SCHEMA).sort("first_seen_at", "file_path")
    readable = pl.col("reason").is_null()
    return frame.with_columns(
        status=pl.when(~readable)
        .then(pl.lit("quarantined"))
        .when(pl.col("text_sha256").is_first_distinct())
        .then(pl.lit("article"))
        .otherwise(pl.lit("duplicate")),
        # Articles are identified by their decoded text, so re-encoded or re-saved copies share one id.
        article_id=pl.when(readable).then(pl.col("text_sha256").str.slice(0, ARTICLE_ID_LENGTH)),
    ).sort("file_path")
