"""Stories stage: near-duplicate copies (MinHash + LSH) and event stories, assigned incrementally."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.stories.clusters import STORIES_VERSION
from orchestration.lib.warehouse.stories import place_new_articles

# Written in the same transaction as the assignments. dagster-dbt allows one dbt source per asset key, so it is an
# external asset downstream of story_assignments (reported materialized with it).
NEAR_DUPLICATES_KEY = dg.AssetKey(["landing", "near_duplicates"])


@dg.asset(group_name="stories", compute_kind="datasketch", deps=[ner_mentions])
def story_assignments(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Each current article not placed yet joins the story of an earlier copy or report of its event, or starts one;
    earlier assignments never change, so story ids are stable."""
    with warehouse.connect() as con:
        summary = place_new_articles(con, utc_now())
    context.log.info(summary.line())
    context.log_event(dg.AssetMaterialization(NEAR_DUPLICATES_KEY, metadata={"new_copies": summary.copies}))
    return dg.MaterializeResult(
        metadata={
            "articles": summary.articles,
            "new_stories": summary.new_stories,
            "joined_by_content": summary.joined,
            "joined_as_copies": summary.copies,
            "stories_version": STORIES_VERSION,
        }
    )


near_duplicates_table = dg.AssetSpec(
    NEAR_DUPLICATES_KEY,
    deps=[story_assignments],
    group_name="stories",
    description="landing.near_duplicates: pairs of near-duplicate articles, written by story_assignments.",
)
