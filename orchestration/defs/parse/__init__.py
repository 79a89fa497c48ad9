"""Parse stage definitions."""

import dagster as dg

from orchestration.defs.parse.assets import parsed_articles
from orchestration.defs.parse.checks import parsed_articles_checks

__all__ = ["parse_definitions", "parsed_articles", "parsed_articles_checks"]


def parse_definitions() -> dg.Definitions:
    """The parsed articles and their checks."""
    return dg.Definitions(assets=[parsed_articles], asset_checks=[parsed_articles_checks])
