"""The job over every asset, its schedule and the raw-directory sensor."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from orchestration.lib.ingest.fingerprint import raw_dir_fingerprint

JOB_NAME = "newsmon_job"
SCHEDULE_ENV = "NEWSMON_SCHEDULE"
DEFAULT_SCHEDULE = "0 * * * *"
# Runs queued by the daemon share this tag; dagster.yaml allows one run per value at a time (DuckDB: one writer).
WAREHOUSE_TAG = {"newsmon/warehouse": "writer"}

newsmon_job = dg.define_asset_job(
    JOB_NAME,
    selection=dg.AssetSelection.all(),
    description=(
        "Raw files -> ledger -> parsed articles -> NER mentions -> dbt marts, with blocking checks -> published "
        "warehouse -> new alerts appended to the alerts file."
    ),
    # One process: spaCy loads once, and DuckDB never sees two writers from the same run.
    executor_def=dg.in_process_executor,
    tags=WAREHOUSE_TAG,
)

newsmon_schedule = dg.ScheduleDefinition(
    name="newsmon_hourly",
    job=newsmon_job,
    cron_schedule=os.environ.get(SCHEDULE_ENV, DEFAULT_SCHEDULE),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=f"Runs the pipeline on a cron schedule (env {SCHEDULE_ENV}, default hourly).",
)


def build_raw_files_sensor(raw_dir: Path) -> dg.SensorDefinition:
    """A sensor on the raw directory; it reads the path, not the warehouse resource, so a running job's lock
    never stalls it."""

    @dg.sensor(job=newsmon_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
    def raw_files_sensor(context: dg.SensorEvaluationContext):
        """Starts a run when files in the raw directory are added, removed or changed."""
        fingerprint = raw_dir_fingerprint(raw_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("raw directory unchanged")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    return raw_files_sensor


def automation_definitions(raw_dir: Path) -> dg.Definitions:
    """Job, schedule and sensor."""
    return dg.Definitions(jobs=[newsmon_job], schedules=[newsmon_schedule], sensors=[build_raw_files_sensor(raw_dir)])
