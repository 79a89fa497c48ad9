"""Blocking Great Expectations checks on the resolved entities and their places."""

from orchestration.defs.quality import build_expectation_checks
from orchestration.defs.resolve.assets import resolved_entities
from orchestration.lib.quality.entity_expectations import RESOLVED_ENTITIES
from orchestration.lib.warehouse.entities import resolved_mentions_frame

resolved_entities_checks = build_expectation_checks(resolved_entities, RESOLVED_ENTITIES, resolved_mentions_frame)
