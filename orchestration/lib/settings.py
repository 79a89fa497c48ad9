"""Where the pipeline reads raw files and writes the warehouse: one setting each, shared by Dagster, dbt and the CLI."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

RAW_DIR_ENV = "NEWSMON_RAW_DIR"
WAREHOUSE_ENV = "NEWSMON_WAREHOUSE"
# dbt's profile reads the working database from this variable (set from the settings, never by hand).
WORKING_DB_ENV = "NEWSMON_WORKING_DB"
# Days of articles to keep, by publication date (else ingestion date); unset or empty keeps everything forever.
RETENTION_ENV = "NEWSMON_RETENTION_DAYS"
# "0" leaves dbt's unit tests out of builds from scratch too (the test suite runs them once, not in every fixture).
DBT_UNIT_TESTS_ENV = "NEWSMON_DBT_UNIT_TESTS"
# Memory the pipeline's own DuckDB connections may use (its dbt build has NEWSMON_DBT_MEMORY_LIMIT in profiles.yml).
DUCKDB_MEMORY_ENV = "NEWSMON_DUCKDB_MEMORY_LIMIT"
DEFAULT_DUCKDB_MEMORY = "1GB"
DEFAULT_RAW_DIR = "raw"
DEFAULT_WAREHOUSE = "warehouse/news.duckdb"
# Every DuckDB database file carries this magic at this offset (after an 8-byte checksum).
DUCKDB_MAGIC, DUCKDB_MAGIC_OFFSET = b"DUCK", 8


class SettingsError(ValueError):
    """A setting that cannot work, explained for the person who gave it."""


def working_db_for(warehouse: Path) -> Path:
    """The pipeline's own database beside the published one: news.duckdb -> news.work.duckdb."""
    return warehouse.with_name(f"{warehouse.stem}.work{warehouse.suffix or '.duckdb'}")


def snapshot_db_for(warehouse: Path) -> Path:
    """The last green build's landing tables beside it: news.duckdb -> news.snapshot.duckdb."""
    return warehouse.with_name(f"{warehouse.stem}.snapshot{warehouse.suffix or '.duckdb'}")


def alerts_file_for(warehouse: Path) -> Path:
    """The alerts each run appends (JSON Lines, lib/alerts) beside it: news.duckdb -> news.alerts.jsonl."""
    return warehouse.with_name(f"{warehouse.stem}.alerts.jsonl")


@dataclass(frozen=True)
class Settings:
    """`warehouse` is the published, read-only copy readers open; the pipeline builds in `working_db` beside it."""

    raw_dir: Path
    warehouse: Path

    @property
    def working_db(self) -> Path:
        return working_db_for(self.warehouse)

    @property
    def snapshot_db(self) -> Path:
        return snapshot_db_for(self.warehouse)

    @property
    def alerts_file(self) -> Path:
        return alerts_file_for(self.warehouse)

    @property
    def log_dir(self) -> Path:
        """Full logs of each run (dbt's per-model lines, Dagster's events) and the run history: news.logs/."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.logs")

    def export_env(self) -> None:
        """Publish the absolute paths so dbt's profile (env_var) and child processes see the same files."""
        os.environ[RAW_DIR_ENV] = str(self.raw_dir)
        os.environ[WAREHOUSE_ENV] = str(self.warehouse)
        os.environ[WORKING_DB_ENV] = str(self.working_db)


def resolve_settings(raw_dir: str | Path | None = None, warehouse: str | Path | None = None) -> Settings:
    """Arguments win over environment variables, which win over the defaults; paths become absolute."""
    raw = raw_dir or os.environ.get(RAW_DIR_ENV) or DEFAULT_RAW_DIR
    wh = warehouse or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE
    # dbt resolves relative paths against its own project dir, so everything is made absolute here.
    return Settings(raw_dir=Path(raw).expanduser().resolve(), warehouse=Path(wh).expanduser().resolve())


def retention_days() -> int | None:
    """NEWSMON_RETENTION_DAYS as a number of days, None when unset (keep forever)."""
    value = os.environ.get(RETENTION_ENV, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"{RETENTION_ENV} must be a whole number of days (1 or more), not {value!r}")
    return int(value)


def duckdb_memory_limit() -> str:
    """NEWSMON_DUCKDB_MEMORY_LIMIT (default 1GB) as DuckDB reads it: a number and a unit, e.g. 1GB, 1.5GB, 800MB."""
    value = os.environ.get(DUCKDB_MEMORY_ENV, "").strip() or DEFAULT_DUCKDB_MEMORY
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", value, flags=re.IGNORECASE):
        raise SettingsError(f"{DUCKDB_MEMORY_ENV} must be an amount of memory such as 1GB or 800MB, not {value!r}")
    return value


def dbt_unit_tests() -> bool:
    """Whether a build from scratch runs dbt's unit tests (NEWSMON_DBT_UNIT_TESTS, default yes)."""
    return os.environ.get(DBT_UNIT_TESTS_ENV, "1").strip() != "0"


def is_duckdb_file(path: Path) -> bool:
    """True when the file starts like a DuckDB database (an empty or unreadable file is not one)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC))
    except OSError:
        return False
    return header[DUCKDB_MAGIC_OFFSET:] == DUCKDB_MAGIC


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def validate_settings(settings: Settings) -> None:
    """Fail early, in plain words, before anything is written: a missing raw directory, a warehouse path that is
    someone else's file (a typo must never replace it), folders nested in each other, an unwritable place, or a
    retention setting that is not a number of days, or a memory limit that is not an amount of memory."""
    retention_days()
    duckdb_memory_limit()
    if not settings.raw_dir.exists():
        raise SettingsError(f"raw directory does not exist: {settings.raw_dir}")
    if not settings.raw_dir.is_dir():
        raise SettingsError(f"raw directory is not a directory: {settings.raw_dir}")
    if settings.warehouse.is_dir():
        raise SettingsError(f"warehouse path is a directory, not a file: {settings.warehouse}")
    # A file that is not a DuckDB database is someone else's (a typo must not replace it), unless the pipeline's own
    # files beside it show it is a damaged warehouse of ours: that one is rebuilt, and a damaged working database is
    # set aside and restored (lib/warehouse/snapshot.py), never deleted.
    ours = settings.working_db.exists() or settings.snapshot_db.exists()
    if settings.warehouse.exists() and not is_duckdb_file(settings.warehouse) and not ours:
        raise SettingsError(
            f"refusing to use {settings.warehouse} as the warehouse: it exists and is not a DuckDB database"
        )
    parent = settings.warehouse.parent
    if _inside(parent, settings.raw_dir):
        raise SettingsError(
            f"the warehouse {settings.warehouse} is inside the raw directory {settings.raw_dir}: "
            "its files would be read as articles"
        )
    if _inside(settings.raw_dir, parent):
        raise SettingsError(
            f"the raw directory {settings.raw_dir} is inside the warehouse folder {parent}: "
            "keep raw files and the warehouse in separate folders"
        )
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(f"cannot create warehouse directory {parent}: {exc.strerror}") from exc
    target = settings.warehouse if settings.warehouse.exists() else parent
    if not os.access(target, os.W_OK):
        raise SettingsError(f"warehouse path is not writable: {settings.warehouse}")
