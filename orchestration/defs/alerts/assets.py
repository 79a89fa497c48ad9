"""Alerts stage: the spikes not reported yet, appended to the alerts file beside the published warehouse."""

import dagster as dg
import duckdb

from orchestration.defs.clock import utc_now
from orchestration.defs.publish.assets import published_warehouse
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.alerts.file import append_alerts
from orchestration.lib.alerts.spikes import entity_spike_alerts
from orchestration.lib.alerts.watchlist import watchlist_alerts
from orchestration.lib.settings import alerts_file_for


@dg.asset(group_name="publish", compute_kind="python", deps=[published_warehouse])
def alerts_file(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The alerts file (news.alerts.jsonl, docs/alerts.md): each spike of marts.entity_spikes, each recent match and
    spike of a saved query (marts.watchlist_matches, watchlist_spikes), once across runs.

    It reads the published file, not the working database: an alert names what readers of the published warehouse
    can look up, it runs only after that file was written whole, and it needs no write access to anything but the
    alerts file (the run's lock keeps a second writer away)."""
    path = alerts_file_for(warehouse.warehouse_path)
    with duckdb.connect(str(warehouse.warehouse_path), read_only=True) as con:
        now = utc_now()
        spikes, watchlist = entity_spike_alerts(con, now), watchlist_alerts(con, now)
    written = append_alerts(path, spikes + watchlist)
    context.log.info(
        f"alerts: {len(written)} new of {len(spikes)} spikes and {len(watchlist)} watchlist alerts -> {path}"
    )
    return dg.MaterializeResult(
        metadata={"new_alerts": len(written), "spikes": len(spikes), "watchlist": len(watchlist), "path": str(path)}
    )
