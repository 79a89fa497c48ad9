"""`newsmon check [--full]`: the Great Expectations suites of the Python-made tables, outside a run. By default the
rows a run has not yet validated green (what the next run's checks would read); with --full every row, e.g. after
changing a suite or to audit a warehouse that has grown over months of runs. It only reads: a run's checks alone
decide how far each table is validated."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from filelock import FileLock

from orchestration.lib.quality.suites import SUITES, SuiteOutcome, check_context, validate_suite
from orchestration.lib.settings import Settings
from orchestration.lib.warehouse.connection import connect


def check(settings: Settings, *, full: bool) -> int:
    """Validate every suite; print one line per table and one per failed property; 1 if a blocking check failed."""
    working = settings.working_db
    if not working.exists():
        print(f"newsmon: error: no working database at {working}: run `newsmon run` first", file=sys.stderr)
        return 2
    with FileLock(f"{settings.warehouse}.lock"), connect(working, read_only=True) as con:
        context = check_context(con, settings.raw_dir, datetime.now(UTC).replace(tzinfo=None))
        results = [validate_suite(con, suite, context, full=full) for suite in SUITES]
    print(f"newsmon: check {'(every row)' if full else '(rows not yet validated)'}: {working}")
    for result in results:
        print(_summary(result))
    return 0 if all(r.blocking_passed for r in results) else 1


def _summary(result: SuiteOutcome) -> str:
    rows = "every row" if result.since is None else f"rows since {result.since:%Y-%m-%d %H:%M:%S}"
    failed = [(prop, outcome) for prop, outcome in result.outcomes if not outcome.success]
    verdict = "passed" if not failed else ("FAILED" if not result.blocking_passed else "passed with warnings")
    lines = [f"  {result.suite.asset}: {len(result.outcomes)} checks over {result.rows:,} rows ({rows}): {verdict}"]
    for prop, outcome in failed:
        sample = f": {', '.join(outcome.sample)}" if outcome.sample else ""
        kind = "failed" if prop.blocking else "warning"
        lines.append(f"    {kind}: {prop.name} ({outcome.unexpected_count:,} unexpected){sample}")
    return "\n".join(lines)
