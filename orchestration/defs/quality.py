"""One blocking Dagster asset check per Great Expectations property of a Python-made table."""

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC

import dagster as dg
import duckdb
import pandas as pd

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.quality.expectations import CheckContext, Property, validate
from orchestration.lib.quality.raw_files import count_raw_files
from orchestration.lib.warehouse.landing import last_scan_time


def build_expectation_checks(
    asset: dg.AssetsDefinition,
    properties: Sequence[Property],
    load_frame: Callable[[duckdb.DuckDBPyConnection], pd.DataFrame],
) -> dg.AssetChecksDefinition:
    """Each property is its own check (a blocking failure names exactly what is wrong and stops downstream);
    they share one step so the table is loaded once, not once per property."""
    specs = [dg.AssetCheckSpec(p.name, asset=asset, description=p.description, blocking=p.blocking) for p in properties]

    @dg.multi_asset_check(specs=specs, name=f"{asset.key.to_python_identifier()}_expectations")
    def _checks(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
        with warehouse.connect(read_only=True) as con:
            frame = load_frame(con)
            scanned = last_scan_time(con)
        # Files are owed a ledger entry only if they were there when the ledger last scanned.
        changed_before = None if scanned is None else scanned.replace(tzinfo=UTC).timestamp()
        context = CheckContext(now=utc_now(), raw_file_count=count_raw_files(warehouse.raw_path, changed_before))
        for prop in properties:
            outcome = validate(frame, prop.build(context))
            yield dg.AssetCheckResult(
                asset_key=asset.key,
                check_name=prop.name,
                passed=outcome.success,
                severity=dg.AssetCheckSeverity.ERROR if prop.blocking else dg.AssetCheckSeverity.WARN,
                metadata={
                    "rows": len(frame),
                    "unexpected": outcome.unexpected_count,
                    "sample": ", ".join(outcome.sample),
                },
            )

    return _checks
