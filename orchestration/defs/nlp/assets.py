"""NLP stage: named-entity mentions with spaCy, stored per body hash."""

from contextlib import closing

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.parse.assets import parsed_articles
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.nlp.mentions import ner_version
from orchestration.lib.nlp.parallel import mention_batches
from orchestration.lib.warehouse.landing import pending_bodies, store_mentions

# Written in the same transactions as the mentions; dagster-dbt allows one dbt source per asset key, so it is an
# external asset downstream of ner_mentions (reported materialized with it).
NER_BODIES_KEY = dg.AssetKey(["landing", "ner_bodies"])
SENTENCES_KEY = dg.AssetKey(["landing", "sentences"])
# Bodies are committed in batches so a crash or kill keeps the work already done.
BATCH_SIZE = 200


@dg.asset(group_name="nlp", compute_kind="spacy", deps=[parsed_articles])
def ner_mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Entity mentions (label, offsets, sentence) and sentences of every article body not annotated by this model
    yet, on every core (parallel.py)."""
    version = ner_version()
    with warehouse.connect() as con:
        pending = pending_bodies(con, version)
        annotated = mentions = 0
        # closing: a failed write stops the workers at once.
        with closing(mention_batches(pending, BATCH_SIZE)) as batches:
            for batch, frame, sentences in batches:
                store_mentions(con, [sha for sha, _ in batch], frame, version, utc_now(), sentences)
                annotated, mentions = annotated + len(batch), mentions + frame.height
                context.log.info(f"nlp: {annotated}/{len(pending)} bodies annotated, {mentions} mentions")
    if not pending:
        context.log.info("nlp: no new bodies to annotate")
    for key in (NER_BODIES_KEY, SENTENCES_KEY):
        context.log_event(dg.AssetMaterialization(key, metadata={"bodies": len(pending)}))
    return dg.MaterializeResult(metadata={"bodies": len(pending), "mentions": mentions, "ner_version": version})


ner_bodies_table = dg.AssetSpec(
    NER_BODIES_KEY,
    deps=[ner_mentions],
    group_name="nlp",
    description="landing.ner_bodies: which bodies were annotated, when and by which model, written by ner_mentions.",
)
sentences_table = dg.AssetSpec(
    SENTENCES_KEY,
    deps=[ner_mentions],
    group_name="nlp",
    description="landing.sentences: the sentences of each annotated body (offsets), written by ner_mentions.",
)
