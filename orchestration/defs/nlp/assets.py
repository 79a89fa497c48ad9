"""NLP stage: named-entity mentions with spaCy, stored per body hash."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.parse.assets import parsed_articles
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.nlp.mentions import extract_mentions, load_pipeline, ner_version
from orchestration.lib.warehouse.landing import pending_bodies, store_mentions

# Bodies are committed in batches so a crash or kill keeps the work already done.
BATCH_SIZE = 200


@dg.asset(group_name="nlp", compute_kind="spacy", deps=[parsed_articles])
def ner_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Entity mentions (label, offsets, sentence) of every article body not annotated by this model yet."""
    nlp = load_pipeline()
    version = ner_version(nlp)
    with warehouse.connect() as con:
        pending = pending_bodies(con, version)
        mentions = 0
        for start in range(0, len(pending), BATCH_SIZE):
            batch = pending[start : start + BATCH_SIZE]
            frame = extract_mentions(nlp, batch)
            store_mentions(con, [sha for sha, _ in batch], frame, version, utc_now())
            mentions += frame.height
            context.log.info(f"nlp: {start + len(batch)}/{len(pending)} bodies annotated, {mentions} mentions")
    if not pending:
        context.log.info("nlp: no new bodies to annotate")
    return dg.MaterializeResult(metadata={"bodies": len(pending), "mentions": mentions, "ner_version": version})
