"""Blocking Great Expectations checks on the story assignments."""

from orchestration.defs.quality import build_expectation_checks
from orchestration.defs.stories.assets import story_assignments
from orchestration.lib.quality.story_expectations import STORY_ASSIGNMENTS
from orchestration.lib.warehouse.stories import story_assignments_frame

story_assignments_checks = build_expectation_checks(story_assignments, STORY_ASSIGNMENTS, story_assignments_frame)
