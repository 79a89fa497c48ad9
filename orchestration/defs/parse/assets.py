"""Parse stage: metadata and boilerplate-free bodies, with Polars."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.ingest.assets import files_ledger
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.parsing import PARSER_VERSION, parse_articles
from orchestration.lib.warehouse.landing import pending_documents, store_parsed


@dg.asset(group_name="parse", compute_kind="polars", deps=[files_ledger])
def parsed_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Title, URL, source, author, publication time and clean body of every article text not parsed yet."""
    now = utc_now()
    with warehouse.connect() as con:
        pending = pending_documents(con, PARSER_VERSION)
        parsed = parse_articles(pending, now=now)
        store_parsed(con, parsed, now)
    empty = parsed.filter(parsed["body"] == "").height
    context.log.info(f"parse: {parsed.height} new texts parsed ({empty} boilerplate only)")
    return dg.MaterializeResult(
        metadata={"parsed": parsed.height, "boilerplate_only": empty, "parser_version": PARSER_VERSION}
    )
