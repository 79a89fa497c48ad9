"""The Dagster code location: loads the stage definitions for the configured raw directory and warehouse."""

import dagster as dg

from orchestration.defs import build_definitions
from orchestration.lib.settings import resolve_settings


@dg.definitions
def defs() -> dg.Definitions:
    """Definitions for NEWSMON_RAW_DIR / NEWSMON_WAREHOUSE (defaults raw/ and warehouse/news.duckdb)."""
    settings = resolve_settings()
    settings.export_env()
    return build_definitions(settings)
