"""The digest that lets `newsmon run` skip a run: it moves with anything a run reads, and only then."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.run_inputs import (
    databases_state,
    forget_success,
    nothing_changed,
    raw_inputs_digest,
    record_success,
)
from orchestration.lib.settings import resolve_settings

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    for key in [k for k in os.environ if k.startswith("NEWSMON_")]:
        monkeypatch.delenv(key)
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "a.txt").write_text("first article", encoding="utf-8")
    (raw / "sub" / "b.txt").write_text("second article", encoding="utf-8")
    settings = resolve_settings(raw, tmp_path / "w" / "news.duckdb")
    settings.warehouse.parent.mkdir()
    for path in (settings.working_db, settings.warehouse):
        duckdb.connect(str(path)).execute("create table t as select 1 as x").close()
    return settings


def test_the_digest_is_stable_while_nothing_changes(settings):
    assert raw_inputs_digest(settings, NOW) == raw_inputs_digest(settings, NOW)
    assert databases_state(settings) == databases_state(settings)


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: (raw / "c.txt").write_text("new", encoding="utf-8"),
        lambda raw: (raw / "a.txt").unlink(),
        lambda raw: (raw / "sub" / "b.txt").write_text("second article, corrected", encoding="utf-8"),
        lambda raw: os.utime(raw / "a.txt", ns=(0, 1_000_000_000)),
        lambda raw: (raw / "sub" / "b.txt").rename(raw / "b.txt"),
        lambda raw: (raw / "a.txt").chmod(0o200),
        lambda raw: (raw / "linked").symlink_to(raw.parent),
        lambda raw: (raw / "empty folder").mkdir(),
    ],
    ids=["added", "removed", "rewritten", "touched", "moved", "permissions", "link to a folder", "new folder"],
)
def test_any_change_under_the_raw_directory_moves_the_digest(settings, change):
    before = raw_inputs_digest(settings, NOW)
    change(settings.raw_dir)
    assert raw_inputs_digest(settings, NOW) != before


def test_settings_and_the_retention_day_move_the_digest(settings, monkeypatch):
    before = raw_inputs_digest(settings, NOW)
    monkeypatch.setenv("NEWSMON_MAX_FILE_BYTES", "1000")
    assert raw_inputs_digest(settings, NOW) != before
    monkeypatch.delenv("NEWSMON_MAX_FILE_BYTES")
    assert raw_inputs_digest(settings, NOW) == before
    monkeypatch.setenv("NEWSMON_RETENTION_DAYS", "30")
    retained = raw_inputs_digest(settings, NOW)
    assert retained != before
    assert raw_inputs_digest(settings, NOW.replace(hour=23)) == retained  # the same day: the same cutoff
    assert raw_inputs_digest(settings, NOW.replace(day=2)) != retained  # a new day may retire articles


def test_a_recorded_success_holds_until_a_database_changes(settings):
    inputs = raw_inputs_digest(settings, NOW)
    assert not nothing_changed(settings, inputs)
    record_success(settings, inputs, NOW)
    assert nothing_changed(settings, inputs)
    assert not nothing_changed(settings, "the digest of other inputs")
    with duckdb.connect(str(settings.working_db)) as con:  # e.g. `newsmon forget` or a restored copy
        con.execute("insert into t values (2)")
    assert not nothing_changed(settings, inputs)


def test_a_missing_published_file_or_a_started_run_voids_the_record(settings):
    inputs = raw_inputs_digest(settings, NOW)
    record_success(settings, inputs, NOW)
    forget_success(settings)
    assert not nothing_changed(settings, inputs)
    record_success(settings, inputs, NOW)
    settings.warehouse.unlink()
    assert not nothing_changed(settings, inputs)
