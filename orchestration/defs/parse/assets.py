"""Parse stage: metadata and boilerplate-free bodies, with Polars."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.ingest.assets import files_ledger
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.parsing import PARSER_VERSION, parse_articles
from orchestration.lib.warehouse.landing import pending_document_batches, store_parsed

# Texts parsed and stored at a time: a first run over 30,000 files held every text and its parsed row at once (1.9 GB
# in the run's process); each batch is committed, so a killed run keeps what it parsed.
BATCH_SIZE = 2_000


@dg.asset(group_name="parse", compute_kind="polars", deps=[files_ledger])
def parsed_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Title, URL, source, author, publication time and clean body of every article text not parsed yet."""
    now = utc_now()
    parsed = empty = 0
    with warehouse.connect() as con:
        for pending in pending_document_batches(con, PARSER_VERSION, BATCH_SIZE):
            batch = parse_articles(pending, now=now)
            store_parsed(con, batch, now)
            parsed, empty = parsed + batch.height, empty + batch.filter(batch["body"] == "").height
    context.log.info(f"parse: {parsed} new texts parsed ({empty} boilerplate only)")
    return dg.MaterializeResult(
        metadata={"parsed": parsed, "boilerplate_only": empty, "parser_version": PARSER_VERSION}
    )
