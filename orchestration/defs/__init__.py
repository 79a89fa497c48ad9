"""All definitions of the newsmon code location, stage by stage."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.alerts import alerts_definitions
from orchestration.defs.automation import automation_definitions
from orchestration.defs.claims import claims_definitions
from orchestration.defs.ingest import ingest_definitions
from orchestration.defs.nlp import nlp_definitions
from orchestration.defs.parse import parse_definitions
from orchestration.defs.publish import publish_definitions
from orchestration.defs.resolve import resolve_definitions
from orchestration.defs.resources import WarehouseResource
from orchestration.defs.stories import stories_definitions
from orchestration.defs.transform import transform_definitions
from orchestration.lib.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    """Every stage's definitions plus the warehouse resource pointing at the given paths."""
    return dg.Definitions.merge(
        ingest_definitions(),
        parse_definitions(),
        nlp_definitions(),
        resolve_definitions(),
        stories_definitions(),
        claims_definitions(),
        transform_definitions(),
        publish_definitions(),
        alerts_definitions(),
        automation_definitions(settings.raw_dir),
        dg.Definitions(
            resources={"warehouse": WarehouseResource(raw_dir=str(settings.raw_dir), path=str(settings.warehouse))}
        ),
    )
