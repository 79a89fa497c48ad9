"""Stories stage definitions."""

import dagster as dg

from orchestration.defs.stories.assets import near_duplicates_table, story_assignments
from orchestration.defs.stories.checks import story_assignments_checks

__all__ = ["stories_definitions", "story_assignments", "story_assignments_checks"]


def stories_definitions() -> dg.Definitions:
    """The copy and story index of the articles, and its checks."""
    return dg.Definitions(assets=[story_assignments, near_duplicates_table], asset_checks=[story_assignments_checks])
