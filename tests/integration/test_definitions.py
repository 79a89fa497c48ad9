"""Dagster definitions load for real, and the stage assets and checks run with dg.materialize on small data."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs import build_definitions
from orchestration.defs.automation import JOB_NAME, build_raw_files_sensor, newsmon_schedule
from orchestration.defs.ingest import files_ledger, files_ledger_checks
from orchestration.defs.parse import parsed_articles, parsed_articles_checks
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.settings import Settings


@pytest.fixture
def defs(seed_settings: Settings) -> dg.Definitions:
    return build_definitions(seed_settings)


def test_definitions_hold_the_job_schedule_sensor_and_every_stage(defs: dg.Definitions):
    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def(JOB_NAME)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"files_ledger", "parsed_articles", "ner_mentions", "marts/articles", "marts/entities"} <= keys
    assert job.name == JOB_NAME
    assert defs.resolve_schedule_def("newsmon_hourly").cron_schedule == "0 * * * *"
    assert defs.resolve_sensor_def("raw_files_sensor").job_name == JOB_NAME


def test_marts_depend_on_the_python_stages_through_dbt_sources(defs: dg.Definitions):
    graph = defs.resolve_asset_graph()
    upstream = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_mentions"])).parent_keys}
    assert upstream == {"ner_mentions"}


def test_ledger_and_parse_assets_materialize_with_their_checks(seed_settings: Settings):
    warehouse = WarehouseResource(raw_dir=str(seed_settings.raw_dir), path=str(seed_settings.warehouse))
    (seed_settings.raw_dir / "empty.txt").write_bytes(b"")
    result = dg.materialize(
        [files_ledger, parsed_articles, files_ledger_checks, parsed_articles_checks],
        resources={"warehouse": warehouse},
    )
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert len(evaluations) == len(files_ledger_checks.check_specs) + len(parsed_articles_checks.check_specs) == 16
    assert all(e.passed for e in evaluations)
    with duckdb.connect(str(seed_settings.working_db), read_only=True) as con:
        assert con.execute("select count(distinct file_path) from landing.file_records").fetchone() == (6,)
        assert con.execute("select count(*) from landing.articles").fetchone() == (5,)
        assert con.execute("select reason from landing.file_records where file_path = 'empty.txt'").fetchone()[0]


def test_a_run_started_from_dagster_refuses_a_foreign_file_as_the_warehouse(seed_settings: Settings):
    # The UI, schedule and sensor do not go through `newsmon run`: the resource checks the paths itself.
    csv = seed_settings.warehouse.with_name("important.csv")
    csv.parent.mkdir(parents=True, exist_ok=True)
    csv.write_text("id,amount\n1,2\n", encoding="utf-8")
    warehouse = WarehouseResource(raw_dir=str(seed_settings.raw_dir), path=str(csv))
    result = dg.materialize([files_ledger], resources={"warehouse": warehouse}, raise_on_error=False)
    assert not result.success
    assert csv.read_text(encoding="utf-8") == "id,amount\n1,2\n"
    assert not csv.with_name("important.work.csv").exists()


def test_sensor_requests_a_run_only_when_raw_files_change(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Niger news.")
    sensor = build_raw_files_sensor(raw)
    first = sensor.evaluate_tick(dg.build_sensor_context())
    assert len(first.run_requests) == 1
    unchanged = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert unchanged.run_requests == [] and unchanged.skip_message
    (raw / "b.txt").write_text("More news.")
    changed = sensor.evaluate_tick(dg.build_sensor_context(cursor=first.cursor))
    assert len(changed.run_requests) == 1


def test_schedule_targets_the_job():
    assert newsmon_schedule.job_name == JOB_NAME


def test_the_alerts_file_is_written_by_the_job_after_the_published_warehouse(defs: dg.Definitions):
    graph = defs.resolve_asset_graph()
    upstream = {key.to_user_string() for key in graph.get(dg.AssetKey("alerts_file")).parent_keys}
    assert upstream == {"published_warehouse"}
    assert defs.resolve_job_def(JOB_NAME).graph.has_node_named("alerts_file")
