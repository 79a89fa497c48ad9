"""scan_raw_dir: one record per entry, hashes, reuse of unchanged files, and odd entries."""

import hashlib
import os
from pathlib import Path

import pytest

from orchestration.lib.ingest import FileRecord, KnownFile, scan_raw_dir

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _write(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _by_path(records: list[FileRecord]) -> dict[str, FileRecord]:
    return {record.file_path: record for record in records}


def _known(records: list[FileRecord]) -> dict[str, KnownFile]:
    return {
        r.file_path: KnownFile(r.size_bytes, r.modified_ns, r.content_sha256, r.text_sha256, r.encoding, r.reason)
        for r in records
        if r.size_bytes is not None and r.modified_ns is not None
    }


def _symlink_or_skip(target: str | Path, link: Path) -> None:
    try:
        os.symlink(target, link)
    except (OSError, NotImplementedError) as exc:
        pytest.skip(f"cannot create symlinks here: {exc}")


def test_every_file_becomes_exactly_one_record_in_path_order(tmp_path):
    for relative in ["b.txt", "a.txt", "sub/deeper/c.txt", "sub/a.txt", ".hidden", ".gitkeep", "empty.txt"]:
        _write(tmp_path, relative, b"" if relative in {".gitkeep", "empty.txt"} else b"news")
    paths = [record.file_path for record in scan_raw_dir(tmp_path)]
    assert paths == sorted(paths)
    assert set(paths) == {
        "b.txt",
        "a.txt",
        "sub/deeper/c.txt",
        "sub/a.txt",
        ".hidden",
        ".gitkeep",
        "empty.txt",
    }


def test_a_nested_file_has_a_posix_path_relative_to_raw_dir(tmp_path):
    _write(tmp_path, "2024/05/story.txt", b"Hello")
    (record,) = scan_raw_dir(tmp_path)
    assert record.file_path == "2024/05/story.txt"
    assert record.text == "Hello"


def test_a_name_with_spaces_and_non_latin_characters_is_kept_as_is(tmp_path):
    name = "Новости дня/東京 ニュース — été.txt"
    _write(tmp_path, name, "Привет".encode())
    (record,) = scan_raw_dir(tmp_path)
    assert (record.file_path, record.text, record.reason) == (name, "Привет", None)


def test_a_readable_file_records_size_mtime_hashes_and_text(tmp_path):
    data = "São Tomé\r\n".encode("cp1252")
    path = _write(tmp_path, "story.txt", data)
    (record,) = scan_raw_dir(tmp_path)
    assert record == FileRecord(
        file_path="story.txt",
        size_bytes=len(data),
        modified_ns=path.stat().st_mtime_ns,
        content_sha256=hashlib.sha256(data).hexdigest(),
        encoding="cp1252",
        text="São Tomé\n",
        text_sha256=hashlib.sha256("São Tomé\n".encode()).hexdigest(),
        reason=None,
        reused=False,
    )


def test_the_same_text_in_two_encodings_has_the_same_text_sha256(tmp_path):
    text = "“São Tomé” – Ségou\n"
    _write(tmp_path, "utf8.txt", text.encode("utf-8"))
    _write(tmp_path, "cp1252.txt", text.replace("\n", "\r\n").encode("cp1252"))
    records = _by_path(scan_raw_dir(tmp_path))
    assert records["utf8.txt"].text_sha256 == records["cp1252.txt"].text_sha256
    assert records["utf8.txt"].content_sha256 != records["cp1252.txt"].content_sha256


def test_empty_and_binary_files_are_quarantined_with_a_reason_but_still_hashed(tmp_path):
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    records = _by_path(scan_raw_dir(tmp_path))
    assert records["empty.txt"].reason == "empty file (0 bytes)"
    assert records["image.txt"].reason.startswith("binary content")
    for record in records.values():
        assert record.text is None and record.text_sha256 is None
        assert record.content_sha256 is not None


def test_a_symlink_to_a_file_is_read(tmp_path):
    target = _write(tmp_path, "real.txt", b"linked news")
    _symlink_or_skip(target, tmp_path / "link.txt")
    records = _by_path(scan_raw_dir(tmp_path))
    assert records["link.txt"].text == "linked news"
    assert records["link.txt"].content_sha256 == records["real.txt"].content_sha256


def test_a_broken_symlink_is_a_record_with_a_reason(tmp_path):
    _symlink_or_skip(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    (record,) = scan_raw_dir(tmp_path)
    assert record.file_path == "dangling.txt"
    assert record.reason.startswith("broken symlink")
    assert record.content_sha256 is None and record.size_bytes is None


def test_a_symlink_loop_is_a_record_with_a_reason(tmp_path):
    _symlink_or_skip("b", tmp_path / "a")
    os.symlink("a", tmp_path / "b")
    os.symlink("self", tmp_path / "self")
    records = scan_raw_dir(tmp_path)
    assert {r.file_path: r.reason for r in records} == {
        "a": "symlink loop",
        "b": "symlink loop",
        "self": "symlink loop",
    }


def test_a_directory_symlink_back_up_the_tree_is_recorded_and_not_followed(tmp_path):
    _write(tmp_path, "sub/story.txt", b"news")
    _symlink_or_skip("..", tmp_path / "sub" / "up")
    records = _by_path(scan_raw_dir(tmp_path))
    assert set(records) == {"sub/story.txt", "sub/up"}
    assert records["sub/up"].reason == "symlink to a directory (not followed)"


def test_an_unchanged_file_is_reused_from_known_without_being_read(tmp_path):
    path = _write(tmp_path, "story.txt", b"original text")
    first = scan_raw_dir(tmp_path)
    before = path.stat()
    # Same size, same mtime, different bytes: only a re-read could notice.
    path.write_bytes(b"rewritten txt")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    (record,) = scan_raw_dir(tmp_path, known=_known(first))
    assert record.reused is True
    assert record.text is None
    assert (record.content_sha256, record.text_sha256, record.encoding) == (
        first[0].content_sha256,
        first[0].text_sha256,
        first[0].encoding,
    )


def test_a_reused_quarantined_file_keeps_its_reason(tmp_path):
    _write(tmp_path, "blank.txt", b"   \n")
    first = scan_raw_dir(tmp_path)
    (record,) = scan_raw_dir(tmp_path, known=_known(first))
    assert (record.reused, record.reason) == (True, "whitespace only")


def test_a_file_whose_size_or_mtime_changed_is_read_again(tmp_path):
    path = _write(tmp_path, "story.txt", b"first version")
    first = scan_raw_dir(tmp_path)
    path.write_bytes(b"second, longer version")
    (record,) = scan_raw_dir(tmp_path, known=_known(first))
    assert (record.reused, record.text) == (False, "second, longer version")


def test_a_known_entry_whose_last_read_failed_is_read_again(tmp_path):
    path = _write(tmp_path, "story.txt", b"readable now")
    info = path.stat()
    known = {"story.txt": KnownFile(info.st_size, info.st_mtime_ns, None, None, None, "unreadable: Permission denied")}
    (record,) = scan_raw_dir(tmp_path, known=known)
    assert (record.reused, record.text, record.reason) == (False, "readable now", None)


def test_a_read_error_becomes_a_reason_instead_of_an_exception(tmp_path, monkeypatch):
    _write(tmp_path, "locked.txt", b"secret")
    _write(tmp_path, "fine.txt", b"fine")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    records = _by_path(scan_raw_dir(tmp_path))
    assert records["locked.txt"].reason == "unreadable: Permission denied"
    assert records["locked.txt"].size_bytes == 6 and records["locked.txt"].content_sha256 is None
    assert records["fine.txt"].text == "fine"


def test_a_file_vanishing_during_the_scan_becomes_a_reason(tmp_path, monkeypatch):
    _write(tmp_path, "fleeting.txt", b"here, then gone")

    def read_bytes(self):
        raise FileNotFoundError(2, "No such file or directory", str(self))

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    (record,) = scan_raw_dir(tmp_path)
    assert record.reason == "unreadable: vanished during the scan"


@pytest.mark.skipif(IS_ROOT, reason="root can read files without read permission")
def test_a_file_without_read_permission_becomes_a_reason(tmp_path):
    path = _write(tmp_path, "locked.txt", b"secret")
    path.chmod(0)
    try:
        (record,) = scan_raw_dir(tmp_path)
    finally:
        path.chmod(0o644)
    assert record.reason == "unreadable: Permission denied"


def test_an_unlistable_directory_becomes_a_record(tmp_path, monkeypatch):
    _write(tmp_path, "locked/story.txt", b"news")
    _write(tmp_path, "open/story.txt", b"news")
    real_scandir = os.scandir

    def scandir(path):
        # Simulated, because root (which CI may be) can list any directory.
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    records = _by_path(scan_raw_dir(tmp_path))
    assert set(records) == {"locked", "open/story.txt"}
    assert records["locked"].reason == "unreadable directory: Permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this OS")
def test_a_named_pipe_is_recorded_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (record,) = scan_raw_dir(tmp_path)  # opening the pipe would block the scan forever
    assert record.reason == "not a regular file (named pipe)"


def test_scanning_does_not_modify_raw_dir(tmp_path):
    _write(tmp_path, "a.txt", "São Tomé".encode("cp1252"))
    _write(tmp_path, "sub/b.txt", b"")

    def snapshot():
        return {
            p.relative_to(tmp_path).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in tmp_path.rglob("*")
            if p.is_file()
        }

    before = snapshot()
    scan_raw_dir(tmp_path)
    assert snapshot() == before


def test_an_empty_raw_dir_has_no_records(tmp_path):
    assert scan_raw_dir(tmp_path) == []


def test_a_missing_raw_dir_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        scan_raw_dir(tmp_path / "nope")


def test_a_file_too_large_for_an_article_is_hashed_and_quarantined(tmp_path: Path):
    (tmp_path / "huge.txt").write_bytes(b"a" * 5_000_001)
    (tmp_path / "export.jsonl").write_bytes(b'{"maintext": "x"}\n' * 300_000)
    records = {r.file_path: r for r in scan_raw_dir(tmp_path)}
    huge = records["huge.txt"]
    assert huge.reason.startswith("too large for an article file (5.0 MB > 5 MB)")
    assert huge.content_sha256 is not None and huge.text is None
    assert records["export.jsonl"].reason is None
