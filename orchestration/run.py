"""Run the newsmon job in process, as the schedule would, and summarise what the warehouse now holds.

Everything the run prints (dbt's per-model lines, Dagster's event log) goes to a log file under the warehouse's
`<name>.logs/` folder; the terminal gets one line per stage, or everything as well with `verbose`.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.defs import build_definitions
from orchestration.defs.automation import JOB_NAME
from orchestration.lib.runlog import LogTee, RunRecord, append_run, new_log_path
from orchestration.lib.settings import PROJECT_ROOT, Settings
from orchestration.status import warehouse_summary

DAGSTER_HOME_DEFAULT = PROJECT_ROOT / ".dagster_home"
DAGSTER_HISTORY_ENV = "NEWSMON_DAGSTER_HISTORY"
# The stages log their result as "<stage>: ..." (see the assets); those are the lines a person reads.
STAGE_LINE = re.compile(r"^(ingest|parse|nlp|resolve|stories|claims|transform|publish|alerts): ")
# Dagster warns, per dbt test, that a blocking check "emitted no result" when the dbt step skips an unchanged
# build: the marts are the ones those tests passed on, and the publish step is skipped too, so nothing is ungated.
UNGATED_WARNING = "emitted no result in step 'newsmon_dbt_models'"


@dataclass
class RunOutcome:
    success: bool
    seconds: float
    checks_passed: int = 0
    failed_checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed_steps: list[str] = field(default_factory=list)
    summary: dict[str, int] = field(default_factory=dict)
    log_file: Path | None = None


def prepare_environment(settings: Settings) -> None:
    """Export the paths for dbt, turn telemetry and colour codes off, and give Dagster a telemetry-free home."""
    settings.export_env()
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME_DEFAULT))
    os.environ["DBT_USE_COLORS"] = "false"


class _DropUngatedWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return UNGATED_WARNING not in record.getMessage()


class _StageLines(logging.Handler):
    """Keeps each step's latest "<stage>: ..." message and reports it once, when the step ends."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__(level=logging.DEBUG)
        self.report = report
        self.latest: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        step, event, message = meta.get("step_key"), meta.get("dagster_event"), meta.get("orig_message") or ""
        if event is None:
            if message.startswith("recover: "):
                self.report(f"  {message}")
            elif step and STAGE_LINE.match(message):
                self.latest[step] = message
            return
        # Check steps and other helpers succeed silently; a stage reports its own line, failures always show.
        if event.event_type == dg.DagsterEventType.STEP_SUCCESS and step in self.latest:
            seconds = event.event_specific_data.duration_ms / 1000
            self.report(f"  {self.latest[step]} [{seconds:.1f} s]")
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            self.report(f"  {step}: FAILED (details in the log file)")
        elif event.event_type == dg.DagsterEventType.STEP_SKIPPED:
            stage = {"published_warehouse": "publish", "alerts_file": "alerts"}.get(step, step)
            self.report(f"  {stage}: skipped, the published warehouse is current")


def _progress_logger(report: Callable[[str], None]) -> dg.LoggerDefinition:
    @dg.logger(description="One line per finished stage, for the terminal.")
    def progress(_context: dg.InitLoggerContext) -> logging.Logger:
        logger = logging.getLogger("newsmon.progress")
        logger.handlers = [_StageLines(report)]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    return progress


def run_pipeline(
    settings: Settings, *, verbose: bool = False, report: Callable[[str], None] | None = None
) -> RunOutcome:
    """Execute the whole job once, logging everything to a new file, and record the run in the history."""
    prepare_environment(settings)
    started_at = datetime.now(UTC).replace(microsecond=0)
    log_file = new_log_path(settings.log_dir, started_at)
    started = time.monotonic()
    ungated = _DropUngatedWarning()
    dagster_logger = logging.getLogger("dagster._core.execution.plan.active")
    dagster_logger.addFilter(ungated)
    out, err = (sys.stdout, sys.stderr) if verbose else (None, None)
    try:
        with open(log_file, "w", encoding="utf-8") as log:
            with redirect_stdout(LogTee(log, out)), redirect_stderr(LogTee(log, err)):
                outcome = _execute(settings, report or (lambda line: None))
    finally:
        dagster_logger.removeFilter(ungated)
    outcome.seconds = time.monotonic() - started
    outcome.log_file = log_file
    record = RunRecord(
        started_at=started_at.isoformat(),
        seconds=round(outcome.seconds, 1),
        success=outcome.success,
        log_file=str(log_file),
        failed_checks=outcome.failed_checks,
        warnings=outcome.warnings,
        failed_steps=outcome.failed_steps,
        summary=outcome.summary,
    )
    append_run(settings.log_dir, record)
    return outcome


def _instance() -> dg.DagsterInstance:
    """The Dagster instance a run records its events in: an in-memory one, unless NEWSMON_DAGSTER_HISTORY=keep
    asks for DAGSTER_HOME's, where `make dev` shows them. Dagster stores each of a run's ~900 events (steps, checks,
    logs) in SQLite at about 6 to 12 ms each, 4 to 7 s a run whatever the size of the warehouse, and newsmon keeps its
    own history of runs (news.logs/runs.jsonl, `newsmon status`). Runs the Dagster daemon starts (the schedule, the
    sensor, the UI) are recorded in DAGSTER_HOME as always."""
    if os.environ.get(DAGSTER_HISTORY_ENV, "off").strip().lower() == "keep":
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def _execute(settings: Settings, report: Callable[[str], None]) -> RunOutcome:
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    job = job.with_logger_defs({"console": dg.colored_console_logger, "progress": _progress_logger(report)})
    run_config = {"loggers": {"console": {"config": {"log_level": "INFO"}}, "progress": {}}}
    with _instance() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config)
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
        outcome.summary = warehouse_summary(settings.warehouse)
    return outcome
