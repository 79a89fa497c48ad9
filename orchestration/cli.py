"""The `newsmon` command line: run the pipeline, tell the warehouse's status, query it read-only."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.lib.run_inputs import forget_success, nothing_changed, raw_inputs_digest, record_success
from orchestration.lib.runlog import RunRecord, append_run, last_run
from orchestration.lib.settings import Settings, SettingsError, resolve_settings, validate_settings

WAREHOUSE_HELP = "DuckDB warehouse file (env NEWSMON_WAREHOUSE, default warehouse/news.duckdb)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsmon", description="News-monitoring data warehouse.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the whole pipeline once: raw files -> DuckDB marts")
    run.add_argument("--raw-dir", help="directory of raw article files (env NEWSMON_RAW_DIR, default raw/)")
    run.add_argument("--warehouse", help=WAREHOUSE_HELP)
    run.add_argument("-v", "--verbose", action="store_true", help="also print dbt's and Dagster's full output")
    run.add_argument(
        "--force", action="store_true", help="run every stage even when nothing changed since the last successful run"
    )
    status = commands.add_parser("status", help="what the warehouse holds and how its last run went")
    status.add_argument("--warehouse", help=WAREHOUSE_HELP)
    status.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    sql = commands.add_parser("sql", help="query the published warehouse read-only (a DuckDB shell without QUERY)")
    sql.add_argument("query", nargs="?", help='SQL to run, e.g. "select * from marts.sources"')
    sql.add_argument("--warehouse", help=WAREHOUSE_HELP)
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output of QUERY")
    search = commands.add_parser(
        "search",
        help="full-text search: counts over time and the best articles (query language: docs/search.md)",
        description='QUERY: words (AND implied), "exact phrases", AND / OR / NOT, (parentheses), prefix*, '
        "a NEAR/5 b, filters source:DOMAIN entity:NAME type:PERSON since:DATE until:DATE date:FROM..TO",
    )
    search.add_argument("query", help='e.g. wagner niger, "africa corps" OR wagner, sanction* NOT mali')
    search.add_argument("--since", type=_date, help="articles of DATE (YYYY-MM-DD) or later")
    search.add_argument("--until", type=_date, help="articles of DATE (YYYY-MM-DD) or earlier")
    search.add_argument("--source", action="append", default=[], help="only this outlet domain (repeatable)")
    search.add_argument("--by", choices=("day", "week", "month", "source"), default="day", help="counts per ...")
    search.add_argument("--limit", type=int, default=10, help="articles to list (default 10)")
    search.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    search.add_argument("--warehouse", help=WAREHOUSE_HELP)
    recover = commands.add_parser("recover", help="check the working database; restore the last snapshot if damaged")
    recover.add_argument("--warehouse", help=WAREHOUSE_HELP)
    recover.add_argument("--from", dest="source", help="restore this backup (from `newsmon backup`) instead")
    backup = commands.add_parser("backup", help="write a consistent copy of the warehouse's landing tables to PATH")
    backup.add_argument("path", help="new file to write (a DuckDB database; restore with `newsmon recover --from`)")
    backup.add_argument("--warehouse", help=WAREHOUSE_HELP)
    check = commands.add_parser(
        "check", help="run the quality checks of the Python-made tables on the rows no run has validated yet"
    )
    check.add_argument("--full", action="store_true", help="validate every row, not only the rows not yet validated")
    check.add_argument("--raw-dir", help="directory of raw article files (env NEWSMON_RAW_DIR, default raw/)")
    check.add_argument("--warehouse", help=WAREHOUSE_HELP)
    forget = commands.add_parser(
        "forget",
        help="delete articles on purpose (by file, source or date), then rebuild and publish; recorded in "
        "marts.deletions",
    )
    what = forget.add_mutually_exclusive_group(required=True)
    what.add_argument("--file", help="a path relative to the raw directory (a folder: everything under it)")
    what.add_argument("--source", help="an outlet domain, e.g. example.com (its subdomains too)")
    what.add_argument("--before", type=_date, help="articles published (else ingested) before DATE (YYYY-MM-DD)")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    forget.add_argument("--raw-dir", help="directory of raw article files (env NEWSMON_RAW_DIR, default raw/)")
    forget.add_argument("--warehouse", help=WAREHOUSE_HELP)
    forget.add_argument("-v", "--verbose", action="store_true", help="also print the rebuild's full output")
    return parser


def _date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        print("newsmon: error: forget needs --yes when not run from a terminal", file=sys.stderr)
        return False
    return input(question).strip().lower() in ("y", "yes")


def _error(message: str) -> int:
    print(f"newsmon: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    settings = resolve_settings(getattr(args, "raw_dir", None), args.warehouse)
    if args.command == "status":
        from orchestration.status import print_status

        return print_status(settings, as_json=args.json)
    if args.command == "sql":
        from orchestration.sql import run_sql

        return run_sql(settings.warehouse, args.query, args.format)
    if args.command == "search":
        from orchestration.search import run_search

        return run_search(
            settings.warehouse,
            args.query,
            since=args.since and date.fromisoformat(args.since),
            until=args.until and date.fromisoformat(args.until),
            sources=tuple(args.source),
            by=args.by,
            limit=args.limit,
            as_json=args.json,
        )
    if args.command in ("recover", "backup"):
        from orchestration.maintenance import backup, recover

        if args.command == "backup":
            return backup(settings, Path(args.path).expanduser().resolve())
        return recover(settings, None if args.source is None else Path(args.source).expanduser().resolve())
    if args.command == "forget":
        return _forget(settings, args)
    if args.command == "check":
        from orchestration.check import check

        return check(settings, full=args.full)
    return _run(settings, verbose=args.verbose, force=args.force)


def _forget(settings: Settings, args: argparse.Namespace) -> int:
    from orchestration.maintenance import forget

    try:
        validate_settings(settings)
    except SettingsError as exc:
        return _error(str(exc))
    how, target = next((k, v) for k, v in (("file", args.file), ("source", args.source), ("before", args.before)) if v)
    return forget(
        settings,
        how,
        target,
        confirm=(lambda _: True) if args.yes else _confirm,
        publish=lambda: _run(settings, verbose=args.verbose),
    )


def _run(settings: Settings, *, verbose: bool, force: bool = False) -> int:
    try:
        validate_settings(settings)
    except SettingsError as exc:
        return _error(str(exc))
    print(f"newsmon: {settings.raw_dir} -> {settings.warehouse}", flush=True)
    started = time.monotonic()
    inputs = raw_inputs_digest(settings, datetime.now(UTC))
    if not force and nothing_changed(settings, inputs):
        return _unchanged(settings, started)
    forget_success(settings)
    # Imported late: Dagster, dbt, spaCy and Great Expectations take seconds to import, argument errors don't.
    from orchestration.run import run_pipeline

    terminal = sys.stdout  # run_pipeline sends stdout to the log file; the stage lines still come here
    outcome = run_pipeline(settings, verbose=verbose, report=lambda line: print(line, file=terminal, flush=True))
    if outcome.success:
        record_success(settings, inputs, datetime.now(UTC))
    summary = ", ".join(f"{name}: {count}" for name, count in outcome.summary.items())
    print(f"newsmon: {summary or 'no warehouse yet'}; {outcome.seconds:.1f} s", flush=True)
    print(f"newsmon: full log: {outcome.log_file}", flush=True)
    for warning in outcome.warnings:
        print(f"newsmon: warning: check failed (not blocking): {warning}", file=sys.stderr)
    if outcome.success:
        return 0
    for check in outcome.failed_checks:
        print(f"newsmon: error: check failed: {check}", file=sys.stderr)
    if not outcome.failed_checks:
        print(f"newsmon: error: steps failed: {', '.join(outcome.failed_steps) or 'unknown'}", file=sys.stderr)
    return 1


def _unchanged(settings: Settings, started: float) -> int:
    """Nothing a run reads has changed since the last successful one: its result stands (and is recorded)."""
    previous = last_run(settings.log_dir)
    summary = {} if previous is None or not previous.success else previous.summary
    seconds = time.monotonic() - started
    append_run(
        settings.log_dir,
        RunRecord(
            started_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
            seconds=round(seconds, 3),
            success=True,
            log_file="" if previous is None else previous.log_file,
            summary=summary,
            unchanged=True,
        ),
    )
    counts = ", ".join(f"{name}: {count}" for name, count in summary.items())
    print(
        f"newsmon: nothing changed since the last successful run; the warehouse is current ({counts}); "
        f"{seconds:.1f} s (--force runs every stage)",
        flush=True,
    )
    return 0


def console() -> None:
    """The `newsmon` command: `main`, then an exit that skips tearing the interpreter down.

    A run leaves close to a million Python objects and a dozen native libraries (DuckDB, Polars, Arrow, spaCy) that a
    normal exit frees one by one: 2.7 s after a +100 run into 3,000 files, for memory the system takes back anyway. The
    exit handlers still run (temporary folders, log handlers, child processes); every database and file newsmon
    writes is closed before `main` returns. Tests call `main` and keep the normal exit."""
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    console()
