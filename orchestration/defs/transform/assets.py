"""Transform stage: dbt models (staging -> intermediate -> marts) built and tested on the DuckDB warehouse."""

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.project import dbt_project, project_source_hash
from orchestration.lib.settings import WORKING_DB_ENV
from orchestration.lib.warehouse.landing import (
    incremental_since,
    inputs_fingerprint,
    marts_are_current,
    record_dbt_build,
)
from orchestration.lib.warehouse.publish import published_fingerprint


class NewsmonDbtTranslator(DagsterDbtTranslator):
    """Models and seeds are keyed by the table they create (e.g. marts/articles), as analysts know them."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["alias"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return "transform"


def build_dbt_assets() -> dg.AssetsDefinition:
    """All dbt models and seeds as one multi-asset; `dbt build` runs their tests, surfaced as asset checks."""
    project = dbt_project()

    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=NewsmonDbtTranslator())
    def newsmon_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        started = utc_now()
        project_hash = project_source_hash()
        with warehouse.connect() as con:
            fingerprint = inputs_fingerprint(con, project_hash)
            current = marts_are_current(con, fingerprint)
            since = incremental_since(con, project_hash)
        # Skipping dbt also skips the publish step after it, so only skip when that build was published too: a run
        # killed between the build and the publication must not leave the published file stale for good.
        published = published_fingerprint(warehouse.warehouse_path) == fingerprint
        # Nothing new since the last green build: the marts would come out identical, so skip dbt's ~10 s.
        if current and published and not context.is_subset:
            context.log.info("transform: inputs unchanged since the last build, marts are current")
            return
        # dbt's profile reads the DuckDB path from this variable; the dbt subprocess inherits it.
        os.environ[WORKING_DB_ENV] = str(warehouse.working_path)
        # One artifacts folder per warehouse (runs on it are serialised), instead of a new one per run forever.
        target = Path("target") / f"build-{hashlib.md5(warehouse.path.encode()).hexdigest()[:10]}"
        # No partial parsing: a per-warehouse target folder outlives model changes, and a stale partial-parse cache
        # made `dbt build` fail on nodes added since (a full parse costs a few seconds, once per build).
        # The large marts are incremental: only the articles and files changed since the last green build are
        # recomputed (models/intermediate/int_changed_records.sql); with no such build, everything is.
        args = ["build", "--no-partial-parse"]
        args += ["--full-refresh"] if since is None else ["--vars", json.dumps({"since": since.isoformat(sep=" ")})]
        built = tested = 0
        for event in dbt.cli(args, context=context, target_path=target).stream():
            built += isinstance(event, dg.Output | dg.AssetMaterialization)
            tested += isinstance(event, dg.AssetCheckResult)
            yield event
        how = "from scratch" if since is None else f"changes since {since:%Y-%m-%d %H:%M:%S}"
        context.log.info(f"transform: dbt built {built} models and seeds ({how}) and ran {tested} tests")
        with warehouse.connect() as con:
            record_dbt_build(con, fingerprint, started, project_hash)

    return newsmon_dbt_models
