"""Publish stage definitions."""

import dagster as dg

from orchestration.defs.publish.assets import published_warehouse


def publish_definitions() -> dg.Definitions:
    """The published, read-only warehouse file."""
    return dg.Definitions(assets=[published_warehouse])
