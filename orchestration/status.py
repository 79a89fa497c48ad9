"""`newsmon status`: what the published warehouse holds and how the last run went (exit 0 when it was green)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.lib.runlog import last_run
from orchestration.lib.settings import Settings, is_duckdb_file

COUNTS = {
    "files seen": "select count(*) from marts.files",
    "articles": "select count(*) from marts.articles",
    "duplicates": "select count(*) from marts.files where status = 'duplicate'",
    "quarantined": "select count(*) from marts.files where status = 'quarantined'",
    "sources": "select count(*) from marts.sources",
    "entities": "select count(*) from marts.entities",
    "mentions": "select count(*) from marts.entity_mentions",
    "stories": "select count(*) from marts.stories",
}


def warehouse_summary(warehouse: Path) -> dict[str, int]:
    """Counts of the contract tables (zeros for a table a warehouse built by an older version does not have)."""
    summary = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name, sql in COUNTS.items():
            try:
                summary[name] = con.execute(sql).fetchone()[0]
            except duckdb.CatalogException:
                summary[name] = 0
    return summary


def published_at(warehouse: Path) -> str | None:
    """When the marts in the file were published (meta.build), as ISO text."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            row = con.execute("select published_at from meta.build").fetchone()
        except duckdb.CatalogException:
            return None
    if not row:
        return None
    # Published times are naive UTC (see defs/clock.py).
    return f"{row[0]:%Y-%m-%d %H:%M:%S} UTC" if hasattr(row[0], "strftime") else str(row[0])


def collect_status(settings: Settings) -> dict:
    """Everything `newsmon status` reports, as plain data."""
    run = last_run(settings.log_dir)
    status: dict = {"warehouse": str(settings.warehouse), "published_at": None, "counts": {}}
    if settings.warehouse.exists() and is_duckdb_file(settings.warehouse):
        status["published_at"] = published_at(settings.warehouse)
        status["counts"] = warehouse_summary(settings.warehouse)
    status["last_run"] = None if run is None else vars(run)
    status["green"] = bool(status["published_at"]) and run is not None and run.success
    return status


def print_status(settings: Settings, *, as_json: bool = False) -> int:
    """Print the status; 0 when the last run was green, 1 when it failed or there is no warehouse yet."""
    status = collect_status(settings)
    if as_json:
        print(json.dumps(status, indent=2, sort_keys=True))
        return 0 if status["green"] else 1
    print(f"warehouse:      {status['warehouse']}")
    if status["published_at"] is None:
        print("published:      never (run `newsmon run` to build it)")
    else:
        print(f"published:      {status['published_at']}")
        print("holds:          " + ", ".join(f"{name}: {count}" for name, count in status["counts"].items()))
    run = status["last_run"]
    if run is None:
        print("last run:       none recorded by `newsmon run`")
        return 0 if status["green"] else 1
    outcome = "green" if run["success"] else "FAILED"
    if run.get("unchanged"):
        outcome += " (nothing had changed: no stage ran)"
    print(f"last run:       {run['started_at']}, {run['seconds']:.1f} s, {outcome}")
    print(f"failed checks:  {', '.join(run['failed_checks']) or 'none'}")
    if run["failed_steps"]:
        print(f"failed steps:   {', '.join(run['failed_steps'])}")
    if run["warnings"]:
        print(f"warnings:       {', '.join(run['warnings'])}")
    print(f"log:            {run['log_file']}")
    return 0 if status["green"] else 1
