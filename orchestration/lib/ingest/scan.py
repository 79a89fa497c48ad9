"""Walk the raw directory and describe every entry in it: hashes, encoding, decoded text or a quarantine reason."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from orchestration.lib.ingest.decoding import decode_bytes
from orchestration.lib.ingest.limits import internal_error_reason

# The longest real news pages are a few hundred KB; 5 MB leaves room for HTML with inline scripts and styles.
MAX_ARTICLE_FILE_BYTES = 5_000_000
MAX_EXPORT_FILE_BYTES = 500_000_000


@dataclass(frozen=True)
class KnownFile:
    """What the previous scan stored for one path; enough to skip re-reading an unchanged file."""

    size_bytes: int
    modified_ns: int
    content_sha256: str | None
    text_sha256: str | None
    encoding: str | None
    reason: str | None


@dataclass(frozen=True)
class FileRecord:
    """One entry of the raw directory as seen by this scan."""

    file_path: str
    size_bytes: int | None
    modified_ns: int | None
    content_sha256: str | None
    encoding: str | None
    text: str | None
    text_sha256: str | None
    reason: str | None
    reused: bool


def scan_raw_dir(raw_dir: Path, known: Mapping[str, KnownFile] | None = None) -> list[FileRecord]:
    """One record per file (or unreadable entry) under raw_dir, sorted by path; unchanged known files are not read."""
    return list(iter_raw_dir(raw_dir, known))


def iter_raw_dir(raw_dir: Path, known: Mapping[str, KnownFile] | None = None) -> Iterator[FileRecord]:
    """`scan_raw_dir` one record at a time: the directory is listed first, then each file is read when its record is
    asked for, so a caller that stores each text as it comes never holds them all (a first scan of 30,000 files held
    1 GB of texts)."""
    raw_dir = Path(raw_dir)
    # A missing raw dir is a misconfiguration, not an empty corpus: fail loudly.
    if not raw_dir.exists():
        raise FileNotFoundError(f"raw directory does not exist: {raw_dir}")
    if not raw_dir.is_dir():
        raise NotADirectoryError(f"raw directory is not a directory: {raw_dir}")
    known = known or {}
    entries: list[tuple[str, Path | FileRecord]] = []  # (file_path, the file to read or the problem found)

    def on_walk_error(exc: OSError) -> None:
        path = Path(exc.filename)
        if path == raw_dir:
            raise exc  # an unlistable raw dir must not look like an empty one
        # A directory we cannot list still gets a record, so its files are not silently missing.
        file_path = _relative(raw_dir, path)
        entries.append((file_path, _problem(file_path, f"unreadable directory: {exc.strerror}")))

    for dirpath, dirnames, filenames in os.walk(raw_dir, onerror=on_walk_error, followlinks=False):
        dirnames.sort()
        for name in dirnames:
            path = Path(dirpath, name)
            if path.is_symlink():
                # os.walk does not descend into it (no loops), but say so instead of skipping it.
                file_path = _relative(raw_dir, path)
                entries.append((file_path, _problem(file_path, "symlink to a directory (not followed)")))
        entries.extend((_relative(raw_dir, Path(dirpath, name)), Path(dirpath, name)) for name in filenames)

    entries.sort(key=lambda entry: entry[0])
    for file_path, entry in entries:
        if isinstance(entry, FileRecord):
            yield entry
            continue
        try:
            yield _scan_file(entry, file_path, known)
        except Exception as exc:  # noqa: BLE001 - a decoder bug on one file quarantines that file only
            yield _problem(file_path, internal_error_reason(exc))


def _scan_file(path: Path, file_path: str, known: Mapping[str, KnownFile]) -> FileRecord:
    try:
        info = path.stat()  # follows a symlink to a file, which is then read like any file
    except OSError as exc:
        return _problem(file_path, _stat_error(path, exc))
    if not stat.S_ISREG(info.st_mode):
        return _problem(file_path, f"not a regular file ({_kind(info.st_mode)})", info)

    previous = known.get(file_path)
    # Re-read when the last read failed: permissions change without touching size or mtime.
    if (
        previous is not None
        and previous.content_sha256 is not None
        and (previous.size_bytes, previous.modified_ns) == (info.st_size, info.st_mtime_ns)
    ):
        return FileRecord(
            file_path=file_path,
            size_bytes=previous.size_bytes,
            modified_ns=previous.modified_ns,
            content_sha256=previous.content_sha256,
            encoding=previous.encoding,
            text=None,
            text_sha256=previous.text_sha256,
            reason=previous.reason,
            reused=True,
        )

    try:
        data = path.read_bytes()
    except OSError as exc:
        return _problem(file_path, _read_error(exc), info)

    limit = max_file_bytes(file_path)
    if len(data) > limit:
        # Hashed, so the ledger still identifies it, but not decoded: no article is megabytes long, and NER on it
        # would stall every run behind it.
        return FileRecord(
            file_path,
            len(data),
            info.st_mtime_ns,
            _sha256(data),
            None,
            None,
            None,
            f"too large for an article file ({len(data) / 1e6:.1f} MB > {limit / 1e6:.0f} MB)",
            False,
        )

    decoded = decode_bytes(data)
    return FileRecord(
        file_path=file_path,
        # The size of what was hashed; if the file grew meanwhile, its new size forces a re-read next time.
        size_bytes=len(data),
        modified_ns=info.st_mtime_ns,
        content_sha256=_sha256(data),
        encoding=decoded.encoding,
        text=decoded.text,
        text_sha256=None if decoded.text is None else _sha256(decoded.text.encode("utf-8")),
        reason=decoded.reason,
        reused=False,
    )


def max_file_bytes(file_path: str) -> int:
    """Largest file read as articles: a JSON export holds many articles, any other file one."""
    suffix = Path(file_path).suffix.lower()
    return MAX_EXPORT_FILE_BYTES if suffix in (".json", ".jsonl", ".ndjson") else MAX_ARTICLE_FILE_BYTES


def _problem(file_path: str, reason: str, info: os.stat_result | None = None) -> FileRecord:
    """A record for an entry whose content could not be read."""
    return FileRecord(
        file_path=file_path,
        size_bytes=None if info is None else info.st_size,
        modified_ns=None if info is None else info.st_mtime_ns,
        content_sha256=None,
        encoding=None,
        text=None,
        text_sha256=None,
        reason=reason,
        reused=False,
    )


def _stat_error(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if isinstance(exc, FileNotFoundError):
        if path.is_symlink():
            return f"broken symlink (target {_link_target(path)!r} does not exist)"
        return "unreadable: vanished during the scan"
    return f"unreadable: {exc.strerror or exc}"


def _read_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "unreadable: vanished during the scan"
    return f"unreadable: {exc.strerror or exc}"


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return kind
    return "special file"


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _relative(raw_dir: Path, path: Path) -> str:
    # Linux file names are bytes. Python decodes a non-UTF-8 name with lone surrogates, which no UTF-8 store (Polars,
    # DuckDB) accepts, so each stray byte is written as a \xNN escape: the name stays readable and distinct.
    return os.fsencode(path.relative_to(raw_dir).as_posix()).decode("utf-8", "backslashreplace")
