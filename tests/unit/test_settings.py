"""Settings: arguments over environment over defaults, always absolute, validated in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.lib.ingest.fingerprint import raw_dir_fingerprint
from orchestration.lib.quality.raw_files import count_raw_files
from orchestration.lib.settings import SettingsError, resolve_settings, validate_settings
from orchestration.lib.warehouse.connection import connect


def test_arguments_win_over_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("NEWSMON_RAW_DIR", "/from/env")
    settings = resolve_settings(tmp_path / "raw", tmp_path / "w.duckdb")
    assert settings.raw_dir == tmp_path / "raw"


def test_environment_wins_over_defaults_and_paths_become_absolute(monkeypatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSMON_WAREHOUSE", "out/w.duckdb")
    monkeypatch.delenv("NEWSMON_RAW_DIR", raising=False)
    settings = resolve_settings()
    assert settings.warehouse == tmp_path / "out" / "w.duckdb"
    assert settings.raw_dir == tmp_path / "raw"


def test_a_warehouse_path_that_is_a_directory_is_refused(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "w.duckdb").mkdir()
    with pytest.raises(SettingsError, match="is a directory"):
        validate_settings(resolve_settings(tmp_path / "raw", tmp_path / "w.duckdb"))


def test_raw_file_count_includes_nested_and_hidden_files(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("x.txt", "a/.hidden", "a/b/y.txt"):
        (tmp_path / name).write_text("x")
    assert count_raw_files(tmp_path) == 3


def test_fingerprint_changes_when_a_file_is_added_or_changed(tmp_path: Path):
    (tmp_path / "a.txt").write_text("one")
    first = raw_dir_fingerprint(tmp_path)
    assert raw_dir_fingerprint(tmp_path) == first
    (tmp_path / "a.txt").write_text("two!")
    second = raw_dir_fingerprint(tmp_path)
    (tmp_path / "b.txt").write_text("x")
    assert len({first, second, raw_dir_fingerprint(tmp_path)}) == 3


def test_files_that_arrive_after_the_scan_are_not_owed_yet(tmp_path: Path):
    import os
    import time

    (tmp_path / "old.txt").write_text("x")
    scan_time = time.time()
    os.utime(tmp_path / "old.txt", (scan_time - 10, scan_time - 10))
    assert count_raw_files(tmp_path, changed_before=scan_time + 1) == 1
    (tmp_path / "new.txt").write_text("y")
    assert count_raw_files(tmp_path, changed_before=os.lstat(tmp_path / "old.txt").st_ctime) == 1
    assert count_raw_files(tmp_path) == 2


def _raw(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    return raw


def test_an_existing_file_that_is_not_a_duckdb_database_is_refused_and_left_untouched(tmp_path: Path):
    notes = tmp_path / "out" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("my notes\n")
    with pytest.raises(SettingsError, match="is not a DuckDB database"):
        validate_settings(resolve_settings(_raw(tmp_path), notes))
    assert notes.read_text() == "my notes\n"


def test_an_empty_file_is_not_taken_for_a_database(tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "w.duckdb").write_bytes(b"")
    with pytest.raises(SettingsError, match="is not a DuckDB database"):
        validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "out" / "w.duckdb"))


def test_a_damaged_published_file_beside_its_working_database_is_ours_to_rebuild(tmp_path: Path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "w.duckdb").write_bytes(b"\0" * 4096)  # a published file whose header was zeroed
    with pytest.raises(SettingsError):
        validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "out" / "w.duckdb"))
    (tmp_path / "out" / "w.snapshot.duckdb").write_bytes(b"")
    validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "out" / "w.duckdb"))


def test_an_existing_duckdb_database_is_accepted(tmp_path: Path):
    import duckdb

    (tmp_path / "out").mkdir()
    duckdb.connect(str(tmp_path / "out" / "w.duckdb")).close()
    validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "out" / "w.duckdb"))


def test_a_warehouse_inside_the_raw_directory_is_refused_before_anything_is_created(tmp_path: Path):
    raw = _raw(tmp_path)
    with pytest.raises(SettingsError, match="inside the raw directory"):
        validate_settings(resolve_settings(raw, raw / "warehouse" / "news.duckdb"))
    assert list(raw.iterdir()) == []


def test_a_raw_directory_inside_the_warehouse_folder_is_refused(tmp_path: Path):
    with pytest.raises(SettingsError, match="inside the warehouse folder"):
        validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "news.duckdb"))


def test_sibling_raw_and_warehouse_folders_are_accepted(tmp_path: Path):
    validate_settings(resolve_settings(_raw(tmp_path), tmp_path / "warehouse" / "news.duckdb"))
    assert (tmp_path / "warehouse").is_dir()


def test_the_pipelines_duckdb_memory_limit_is_set_and_validated(monkeypatch, tmp_path: Path):
    (tmp_path / "raw").mkdir()
    settings = resolve_settings(tmp_path / "raw", tmp_path / "warehouse" / "w.duckdb")
    monkeypatch.setenv("NEWSMON_DUCKDB_MEMORY_LIMIT", "lots")
    with pytest.raises(SettingsError, match="NEWSMON_DUCKDB_MEMORY_LIMIT must be an amount of memory"):
        validate_settings(settings)
    monkeypatch.setenv("NEWSMON_DUCKDB_MEMORY_LIMIT", "700MB")
    validate_settings(settings)
    with connect(tmp_path / "work.duckdb") as con:
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit.startswith(("667", "700"))  # DuckDB shows it in MiB or MB
    monkeypatch.delenv("NEWSMON_DUCKDB_MEMORY_LIMIT")
    with connect(tmp_path / "work.duckdb", read_only=True) as con:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0] == "953.6 MiB"  # 1GB
        # A run's terminal has one line per stage: DuckDB draws no progress bar over it.
        assert con.execute("select current_setting('enable_progress_bar')").fetchone()[0] is False
