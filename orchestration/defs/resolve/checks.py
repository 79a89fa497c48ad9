"""Blocking Great Expectations checks on the resolved entities and their places."""

from orchestration.defs.quality import build_expectation_checks
from orchestration.defs.resolve.assets import resolved_entities
from orchestration.lib.quality.suites import SUITES_BY_ASSET

resolved_entities_checks = build_expectation_checks(resolved_entities, SUITES_BY_ASSET["resolved_entities"])
