"""Resolve stage definitions."""

import dagster as dg

from orchestration.defs.resolve.assets import (
    entity_label_tables,
    entity_names_table,
    places_table,
    resolved_entities,
)
from orchestration.defs.resolve.checks import resolved_entities_checks

__all__ = ["resolve_definitions", "resolved_entities", "resolved_entities_checks"]


def resolve_definitions() -> dg.Definitions:
    """The resolved entities (with the tables written beside them) and their checks."""
    return dg.Definitions(
        assets=[resolved_entities, entity_names_table, places_table, *entity_label_tables],
        asset_checks=[resolved_entities_checks],
    )
