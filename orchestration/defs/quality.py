"""Build one blocking Dagster asset check per Great Expectations property of a Python-made table."""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import dagster as dg
import duckdb
import pandas as pd

from orchestration.defs.resources import WarehouseResource
from orchestration.lib.quality.expectations import CheckContext, Property, validate
from orchestration.lib.quality.raw_files import count_raw_files


def build_expectation_checks(
    asset: dg.AssetsDefinition | str,
    properties: Sequence[Property],
    load_frame: Callable[[duckdb.DuckDBPyConnection], pd.DataFrame],
) -> list[dg.AssetChecksDefinition]:
    """Each property becomes its own blocking check: a failure names exactly what is wrong and stops downstream."""
    return [_build_check(asset, prop, load_frame) for prop in properties]


def _build_check(asset, prop: Property, load_frame) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=asset, name=prop.name, description=prop.description, blocking=True)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect(read_only=True) as con:
            frame = load_frame(con)
        context = CheckContext(
            now=datetime.now(UTC).replace(tzinfo=None), raw_file_count=count_raw_files(warehouse.raw_path)
        )
        outcome = validate(frame, prop.build(context))
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={"rows": len(frame), "unexpected": outcome.unexpected_count, "sample": ", ".join(outcome.sample)},
        )

    return _check
