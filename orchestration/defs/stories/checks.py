"""Blocking Great Expectations checks on the story assignments."""

from orchestration.defs.quality import build_expectation_checks
from orchestration.defs.stories.assets import story_assignments
from orchestration.lib.quality.suites import SUITES_BY_ASSET

story_assignments_checks = build_expectation_checks(story_assignments, SUITES_BY_ASSET["story_assignments"])
