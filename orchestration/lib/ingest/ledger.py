"""Turn one scan of the raw directory into changes of the files ledger, a history of every version of every file.
Which record is an article, a duplicate or quarantined is decided in SQL (landing.record_status), not here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import polars as pl

from orchestration.lib.ingest.limits import (
    TimeLimitExceeded,
    internal_error_reason,
    time_limit,
    time_limit_reason,
)
from orchestration.lib.ingest.records import Record, split_records
from orchestration.lib.ingest.scan import FileRecord, KnownFile

ARTICLE_ID_LENGTH = 16

LEDGER_SCHEMA = {
    "file_path": pl.String,
    "version": pl.Int32,
    "record_index": pl.Int32,
    "kind": pl.String,
    "size_bytes": pl.Int64,
    "modified_ns": pl.Int64,
    "modified_at": pl.Datetime("us"),
    "content_sha256": pl.String,
    "encoding": pl.String,
    "file_text_sha256": pl.String,
    "text_sha256": pl.String,
    "reason": pl.String,
    "first_seen_at": pl.Datetime("us"),
    "scanned_at": pl.Datetime("us"),
    "present": pl.Boolean,
    "removed_at": pl.Datetime("us"),
    "superseded_at": pl.Datetime("us"),
}


@dataclass(frozen=True)
class KnownVersion:
    """The latest stored version of one path: its file facts, its records, its number and whether it is there."""

    file: KnownFile
    records: tuple[Record, ...]
    version: int
    present: bool


@dataclass(frozen=True)
class LedgerChanges:
    """What one scan changes in the ledger history. Only these rows are written: an unchanged file costs a stat."""

    new_rows: pl.DataFrame  # records of new files and of new versions of changed files
    records: list[Record]  # their records, with texts (the parse stage's input) unless handed to `texts`
    superseded: list[tuple[str, int]]  # (path, version) replaced by a new version
    touched: list[tuple[str, int, int | None, int | None]]  # (path, version, size, mtime): same bytes, new stat
    returned: list[tuple[str, int]]  # back in the raw directory with the bytes it had when it left
    removed: list[tuple[str, int]]  # no longer in the raw directory
    files_seen: int
    files_read: int  # not skipped as unchanged

    @property
    def new_versions(self) -> int:
        return self.new_rows["file_path"].n_unique() if self.new_rows.height else 0


def content_key(file: FileRecord | KnownFile) -> str:
    """What identifies a version of a file: its bytes, or for an entry that could not be read, why."""
    if file.content_sha256 is not None:
        return file.content_sha256
    return f"unreadable: {file.reason}"


def _modified_at(modified_ns: int | None) -> datetime | None:
    if modified_ns is None:
        return None
    return datetime.fromtimestamp(modified_ns / 1e9, tz=UTC).replace(tzinfo=None)


def split_file(file: FileRecord) -> list[Record]:
    """A read file's records, or one quarantined record. One file must never stop the run: over the time limit, or
    failing in a way no rule foresaw, it is quarantined."""
    if file.reason is not None or file.text is None:
        return [Record(0, "text", None, None, file.reason or "unreadable")]
    try:
        with time_limit():
            return split_records(file.file_path, file.text)
    except TimeLimitExceeded:
        return [Record(0, "text", None, None, time_limit_reason())]
    except Exception as exc:  # noqa: BLE001 - any bug in a reader becomes a counted quarantine, not a failed run
        return [Record(0, "text", None, None, internal_error_reason(exc))]


def plan_ledger(
    files: Iterable[FileRecord],
    known: Mapping[str, KnownVersion],
    now: datetime,
    split: Callable[[FileRecord], list[Record]] = split_file,
    texts: Callable[[list[Record]], None] | None = None,
) -> LedgerChanges:
    """Compare one scan with the latest stored version of every path. A new path or new bytes at a known path add
    a version (the old one is superseded, never deleted); the same bytes with a new stat are touched; a path that
    is gone is removed (its rows stay). Only new versions are split into records.

    `files` is read once, in order. With `texts`, each new version's records are handed to it with their texts as
    they are split, and the changes keep them without: a scan then holds one file's text at a time."""
    rows: list[dict] = []
    records: list[Record] = []
    superseded: list[tuple[str, int]] = []
    touched: list[tuple[str, int, int | None, int | None]] = []
    returned: list[tuple[str, int]] = []
    seen: set[str] = set()
    read = 0
    for file in files:
        seen.add(file.file_path)
        read += not file.reused
        previous = known.get(file.file_path)
        if previous is not None and content_key(file) == content_key(previous.file):
            if not previous.present:
                returned.append((file.file_path, previous.version))
            if not file.reused:
                touched.append((file.file_path, previous.version, file.size_bytes, file.modified_ns))
            continue
        version = 1
        if previous is not None:
            superseded.append((file.file_path, previous.version))
            version = previous.version + 1
        file_records = split(file)
        if texts is not None:
            texts(file_records)
            file_records = [replace(record, text=None) for record in file_records]
        records.extend(file_records)
        rows.extend(_rows(file, file_records, version, now))
    removed = [(path, k.version) for path, k in known.items() if k.present and path not in seen]
    new_rows = pl.DataFrame(rows, schema=LEDGER_SCHEMA).sort("file_path", "version", "record_index")
    return LedgerChanges(new_rows, records, superseded, touched, returned, sorted(removed), len(seen), read)


def _rows(file: FileRecord, records: Sequence[Record], version: int, now: datetime) -> list[dict]:
    return [
        {
            "file_path": file.file_path,
            "version": version,
            "record_index": r.record_index,
            "kind": r.kind,
            "size_bytes": file.size_bytes,
            "modified_ns": file.modified_ns,
            "modified_at": _modified_at(file.modified_ns),
            "content_sha256": file.content_sha256,
            "encoding": file.encoding,
            "file_text_sha256": file.text_sha256 if file.reason is None else None,
            "text_sha256": r.text_sha256 if r.reason is None else None,
            "reason": r.reason,
            "first_seen_at": now,
            "scanned_at": now,
            "present": True,
            "removed_at": None,
            "superseded_at": None,
        }
        for r in records
    ]
