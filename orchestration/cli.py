"""The `newsmon` command line."""

from __future__ import annotations

import argparse
import sys

from orchestration.lib.settings import SettingsError, resolve_settings, validate_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsmon", description="News-monitoring data warehouse.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the whole pipeline once: raw files -> DuckDB marts")
    run.add_argument("--raw-dir", help="directory of raw article files (env NEWSMON_RAW_DIR, default raw/)")
    run.add_argument("--warehouse", help="DuckDB warehouse file (env NEWSMON_WAREHOUSE, default warehouse/news.duckdb)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    args = _parser().parse_args(argv)
    settings = resolve_settings(args.raw_dir, args.warehouse)
    try:
        validate_settings(settings)
    except SettingsError as exc:
        print(f"newsmon: error: {exc}", file=sys.stderr)
        return 2
    print(f"newsmon: {settings.raw_dir} -> {settings.warehouse}", flush=True)
    # Imported late: Dagster, dbt, spaCy and Great Expectations take seconds to import, argument errors don't.
    from orchestration.run import run_pipeline

    outcome = run_pipeline(settings)
    summary = ", ".join(f"{name}: {count}" for name, count in outcome.summary.items())
    print(f"newsmon: {summary}, seconds: {outcome.seconds:.1f}", flush=True)
    for warning in outcome.warnings:
        print(f"newsmon: warning: check failed (not blocking): {warning}", file=sys.stderr)
    if outcome.success:
        return 0
    for check in outcome.failed_checks:
        print(f"newsmon: error: check failed: {check}", file=sys.stderr)
    if not outcome.failed_checks:
        print(f"newsmon: error: steps failed: {', '.join(outcome.failed_steps) or 'unknown'}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
