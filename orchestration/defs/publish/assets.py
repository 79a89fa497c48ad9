"""Publish stage: the read-only copy of the marts that readers open, swapped in atomically after a green build."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.warehouse.landing import delta_base, last_dbt_build
from orchestration.lib.warehouse.publish import publish, published_fingerprint
from orchestration.lib.warehouse.snapshot import seal, write_snapshot

# The marts this asset copies; it runs only when all of them (and their blocking tests) succeeded.
PUBLISHED_MARTS = [
    "files",
    "file_records",
    "articles",
    "article_versions",
    "deletions",
    "sources",
    "entities",
    "entity_mentions",
    "entity_daily_mentions",
    "entity_cooccurrence",
    "stories",
    "article_copies",
    "entity_daily_stories",
    "entity_spikes",
    "search_postings",
    "search_documents",
    "daily_articles",
    "watchlist_matches",
    "watchlist_spikes",
    "value_mentions",
    "claims",
    "quotes",
    "claim_conflicts",
]


@dg.asset(
    group_name="publish",
    compute_kind="duckdb",
    deps=[dg.AssetKey(["marts", name]) for name in PUBLISHED_MARTS],
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The published warehouse file (NEWSMON_WAREHOUSE): the marts of the last green build, never a partial one."""
    with warehouse.connect() as con:
        fingerprint = last_dbt_build(con)
        if fingerprint is None:
            raise dg.Failure("no successful dbt build to publish")
        if published_fingerprint(warehouse.warehouse_path) == fingerprint:
            context.log.info(f"publish: {warehouse.warehouse_path} is current")
            return dg.MaterializeResult(metadata={"published": False})
        published = publish(con, warehouse.warehouse_path, fingerprint, utc_now(), delta_from=delta_base(con))
    # After every green build: the landing tables are the only copy of articles whose raw files are gone.
    snapshot = write_snapshot(warehouse.working_path, warehouse.snapshot_path, utc_now())
    seal(warehouse.working_path)
    rows = sum(snapshot.row_counts.values())
    how = "the delta of" if published.delta else "all of"
    context.log.info(
        f"publish: {how} {len(published.tables)} tables -> {warehouse.warehouse_path}; "
        f"snapshot of {rows:,} landing rows"
    )
    return dg.MaterializeResult(
        metadata={
            "published": True,
            "delta": published.delta,
            "tables": ", ".join(published.tables),
            "snapshot_rows": rows,
        }
    )
