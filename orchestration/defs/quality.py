"""One blocking Dagster asset check per Great Expectations property of a Python-made table."""

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.quality.suites import Suite, check_context, mark_validated, validate_suite


def build_expectation_checks(asset: dg.AssetsDefinition, suite: Suite) -> dg.AssetChecksDefinition:
    """Each property is its own check (a blocking failure names exactly what is wrong and stops downstream);
    they share one step so the table is loaded once, not once per property. Only the rows written since the table's
    last green validation are loaded, so a run's checks cost what the run wrote."""
    specs = [
        dg.AssetCheckSpec(p.name, asset=asset, description=p.description, blocking=p.blocking) for p in suite.properties
    ]

    @dg.multi_asset_check(specs=specs, name=f"{asset.key.to_python_identifier()}_expectations")
    def _checks(warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
        # Taken before reading: rows written later (by a later run) are after the mark.
        started = utc_now()
        with warehouse.connect(read_only=True) as con:
            result = validate_suite(con, suite, check_context(con, warehouse.raw_path, started))
        if result.blocking_passed:
            with warehouse.connect() as con:
                mark_validated(con, suite, started)
        validated = "every row" if result.since is None else f"rows written since {result.since:%Y-%m-%d %H:%M:%S}"
        for prop, outcome in result.outcomes:
            yield dg.AssetCheckResult(
                asset_key=asset.key,
                check_name=prop.name,
                passed=outcome.success,
                severity=dg.AssetCheckSeverity.ERROR if prop.blocking else dg.AssetCheckSeverity.WARN,
                metadata={
                    "rows": result.rows,
                    "validated": validated,
                    "unexpected": outcome.unexpected_count,
                    "sample": ", ".join(outcome.sample),
                },
            )

    return _checks
