"""The stories asset and its blocking checks with dg.materialize on the seeds, and its place in the asset graph."""

from __future__ import annotations

import dagster as dg
import duckdb

from orchestration.defs import build_definitions
from orchestration.defs.ingest import files_ledger
from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.parse import parsed_articles
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.stories import story_assignments, story_assignments_checks
from orchestration.lib.settings import Settings


def test_story_marts_read_the_stories_asset_through_dbt_sources(seed_settings: Settings):
    graph = build_definitions(seed_settings).resolve_asset_graph()
    upstream = {k.to_user_string() for k in graph.get(dg.AssetKey(["staging", "stg_story_assignments"])).parent_keys}
    assert upstream == {"story_assignments"}
    assert {k.to_user_string() for k in graph.get(dg.AssetKey(["story_assignments"])).parent_keys} == {"ner_mentions"}
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"marts/stories", "marts/article_copies", "marts/entity_daily_stories"} <= keys


def test_stories_asset_places_every_seed_once_with_its_checks_green(seed_settings: Settings):
    warehouse = WarehouseResource(raw_dir=str(seed_settings.raw_dir), path=str(seed_settings.warehouse))
    assets = [files_ledger, parsed_articles, ner_mentions, story_assignments, story_assignments_checks]
    result = dg.materialize(assets, resources={"warehouse": warehouse})
    assert result.success
    evaluations = [e for e in result.get_asset_check_evaluations() if e.asset_key == story_assignments.key]
    assert len(evaluations) == len(story_assignments_checks.check_specs) == 7
    assert all(e.passed for e in evaluations)
    with duckdb.connect(str(seed_settings.working_db), read_only=True) as con:
        assert con.execute("select count(*), count(distinct story_id) from landing.story_assignments").fetchone() == (
            5,
            1,
        )
    # A second run finds nothing new to place.
    again = dg.materialize([story_assignments], resources={"warehouse": warehouse})
    assert again.success
    (placed,) = [
        m
        for m in again.asset_materializations_for_node("story_assignments")
        if m.asset_key.path == ["story_assignments"]
    ]
    assert placed.metadata["articles"].value == 0
