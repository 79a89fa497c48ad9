"""Transform stage: dbt models (staging -> intermediate -> marts) built and tested on the DuckDB warehouse."""

import hashlib
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.transform.project import dbt_project, project_source_hash
from orchestration.lib.settings import WORKING_DB_ENV, dbt_unit_tests
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
        # One artifacts folder per warehouse and dbt project (runs on a warehouse are serialised): dbt's partial-parse
        # cache in it then always matches the project, and a build parses only what dbt must (about 2 s less than a
        # full parse). Folders of earlier projects for this warehouse are removed.
        target = dbt_target_path(Path(dbt.project_dir) / "target", warehouse.path, project_hash)
        # The large marts are incremental: only the articles, files and entities changed since the last green build
        # are recomputed (models/intermediate/int_changed_*.sql); with no such build, everything is. Unit tests check
        # the models' SQL, which changes only with the project, and a changed project means a build from scratch: they
        # run there (and in `make test`), not in every incremental build.
        args = ["build", "--full-refresh"] if since is None else ["build"]
        if since is not None or not dbt_unit_tests():
            args += ["--exclude-resource-type", "unit_test"]
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


def dbt_target_path(target_root: Path, warehouse: str, project_hash: str) -> Path:
    """The artifacts folder for builds of this warehouse by this dbt project; other projects' folders for the same
    warehouse are deleted (their partial-parse caches describe files that changed)."""
    prefix = f"build-{hashlib.md5(warehouse.encode()).hexdigest()[:10]}"
    target = target_root / f"{prefix}-{project_hash[:10]}"
    for stale in target_root.glob(f"{prefix}*"):
        if stale != target and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    return target
