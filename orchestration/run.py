"""Run the newsmon job in process, as the schedule would, and summarise what the warehouse now holds."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import dagster as dg

from orchestration.defs import build_definitions
from orchestration.defs.automation import JOB_NAME
from orchestration.lib.settings import PROJECT_ROOT, Settings
from orchestration.lib.warehouse.connection import connect

DAGSTER_HOME_DEFAULT = PROJECT_ROOT / ".dagster_home"
# Stage progress and check results are INFO; Dagster's per-event DEBUG lines would bury them.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


@dataclass
class RunOutcome:
    success: bool
    seconds: float
    checks_passed: int = 0
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)


def prepare_environment(settings: Settings) -> None:
    """Export the paths for dbt, turn telemetry off, and give Dagster a home with telemetry disabled."""
    settings.export_env()
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME_DEFAULT))


def run_pipeline(settings: Settings) -> RunOutcome:
    """Execute the whole job once and report its checks and the warehouse's counts."""
    prepare_environment(settings)
    started = time.monotonic()
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET_CONSOLE)
    outcome = RunOutcome(success=result.success, seconds=0.0)
    for evaluation in result.get_asset_check_evaluations():
        name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
        if evaluation.passed:
            outcome.checks_passed += 1
        elif evaluation.severity == dg.AssetCheckSeverity.WARN:
            outcome.warnings.append(name)
        else:
            outcome.failed_checks.append(name)
    outcome.failed_steps = [e.step_key for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    if settings.warehouse.exists():
        outcome.summary = warehouse_summary(settings)
    outcome.seconds = time.monotonic() - started
    return outcome


def warehouse_summary(settings: Settings) -> dict[str, int]:
    """Counts of the contract tables (zeros where the marts were never built)."""
    queries = {
        "files seen": "select count(*) from marts.files",
        "articles": "select count(*) from marts.articles",
        "duplicates": "select count(*) from marts.files where status = 'duplicate'",
        "quarantined": "select count(*) from marts.files where status = 'quarantined'",
        "mentions": "select count(*) from marts.entity_mentions",
        "entities": "select count(*) from marts.entities",
    }
    summary = {}
    with connect(settings.warehouse, read_only=True) as con:
        for name, sql in queries.items():
            try:
                summary[name] = con.execute(sql).fetchone()[0]
            except Exception:  # noqa: BLE001 - a table that does not exist yet counts as zero
                summary[name] = 0
    return summary
