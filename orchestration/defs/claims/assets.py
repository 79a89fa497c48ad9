"""Claims stage: the figures and quotes of every article body, stored per body hash."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.claims.parallel import extractor
from orchestration.lib.claims.stage import STAGE_VERSION
from orchestration.lib.warehouse.claims import article_texts, pending_claim_bodies, store_claims

# Written in the same transactions as the claims. dagster-dbt allows one dbt source per asset key, so they are
# external assets downstream of claims (reported materialized with it).
QUOTES_KEY = dg.AssetKey(["landing", "quotes"])
CLAIM_BODIES_KEY = dg.AssetKey(["landing", "claim_bodies"])
# Bodies are committed in batches so a crash or kill keeps the work already done.
BATCH_SIZE = 500


@dg.asset(group_name="claims", compute_kind="spacy", deps=[ner_mentions])
def claims(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """The figures (value, unit, what is counted, hedge, time) and quotes (words, speaker, cue) of every body not
    read by these rules yet, from the sentences and mentions the NER stage stored: no model runs here; large batches
    on every core (parallel.py)."""
    with warehouse.connect() as con, extractor() as extract:
        pending = pending_claim_bodies(con, STAGE_VERSION)
        figures = quotes = 0
        for start in range(0, len(pending), BATCH_SIZE):
            batch = pending[start : start + BATCH_SIZE]
            claim_rows, quote_rows = extract(article_texts(con, batch))
            store_claims(con, batch, claim_rows, quote_rows, STAGE_VERSION, utc_now())
            figures, quotes = figures + claim_rows.height, quotes + quote_rows.height
            done = start + len(batch)
            context.log.info(f"claims: {done}/{len(pending)} bodies read, {figures} figures, {quotes} quotes")
    if not pending:
        context.log.info("claims: no new bodies to read")
    for key in (QUOTES_KEY, CLAIM_BODIES_KEY):
        context.log_event(dg.AssetMaterialization(key, metadata={"bodies": len(pending)}))
    return dg.MaterializeResult(
        metadata={"bodies": len(pending), "figures": figures, "quotes": quotes, "claims_version": STAGE_VERSION}
    )


quotes_table = dg.AssetSpec(
    QUOTES_KEY,
    deps=[claims],
    group_name="claims",
    description="landing.quotes: the quotes of each body, written by claims.",
)
claim_bodies_table = dg.AssetSpec(
    CLAIM_BODIES_KEY,
    deps=[claims],
    group_name="claims",
    description="landing.claim_bodies: which bodies the claims stage read, when and under which rules.",
)
