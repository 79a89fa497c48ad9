"""Resolve stage: one entity per real-world thing, and places on the map, stored incrementally."""

import dagster as dg

from orchestration.defs.clock import utc_now
from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.entities.geocode import GEOCODER_VERSION
from orchestration.lib.entities.resolve import RESOLVER_VERSION
from orchestration.lib.entities.step import resolve_entities

# Tables written beside the alias table. dagster-dbt allows one dbt source per asset key, so
# they are external assets downstream of resolved_entities (reported materialized with it), for honest lineage.
ENTITY_NAMES_KEY = dg.AssetKey(["landing", "entity_names"])
PLACES_KEY = dg.AssetKey(["landing", "places"])
LABELS_KEY = dg.AssetKey(["landing", "entity_labels"])
NAME_CHANGES_KEY = dg.AssetKey(["landing", "entity_name_changes"])


@dg.asset(group_name="resolve", compute_kind="rapidfuzz", deps=[ner_mentions])
def resolved_entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Alias keys of new names mapped to entities (kept forever), each entity's voted name and type (changes
    recorded), and GeoNames places of new LOC / NORP entities."""
    with warehouse.connect() as con:
        summary = resolve_entities(con, utc_now())
    context.log.info(summary.line())
    context.log_event(dg.AssetMaterialization(ENTITY_NAMES_KEY, metadata={"new_names": summary.new_names}))
    context.log_event(dg.AssetMaterialization(PLACES_KEY, metadata={"geocoded": summary.geocoded}))
    context.log_event(dg.AssetMaterialization(LABELS_KEY, metadata={"labelled": summary.labelled}))
    context.log_event(dg.AssetMaterialization(NAME_CHANGES_KEY, metadata={"renamed": summary.renamed}))
    return dg.MaterializeResult(
        metadata={
            "new_names": summary.new_names,
            "new_alias_keys": summary.new_aliases,
            "new_entities": summary.new_entities,
            "merged_alias_keys": sum(summary.merges.values()),
            "geocoded": summary.geocoded,
            "labelled": summary.labelled,
            "renamed": summary.renamed,
            "resolver_version": RESOLVER_VERSION,
            "geocoder_version": GEOCODER_VERSION,
        }
    )


entity_names_table = dg.AssetSpec(
    ENTITY_NAMES_KEY,
    deps=[resolved_entities],
    group_name="resolve",
    description="landing.entity_names: each name's alias key, written by resolved_entities.",
)
places_table = dg.AssetSpec(
    PLACES_KEY,
    deps=[resolved_entities],
    group_name="resolve",
    description="landing.places: GeoNames places of LOC / NORP entities, written by resolved_entities.",
)
entity_labels_table = dg.AssetSpec(
    LABELS_KEY,
    deps=[resolved_entities],
    group_name="resolve",
    description="landing.entity_labels: each entity's voted name and type, written by resolved_entities.",
)
entity_name_changes_table = dg.AssetSpec(
    NAME_CHANGES_KEY,
    deps=[resolved_entities],
    group_name="resolve",
    description="landing.entity_name_changes: every change of an entity's name with its reason, by resolved_entities.",
)
entity_label_tables = [entity_labels_table, entity_name_changes_table]
