"""Blocking Great Expectations checks on the figures and quotes."""

from orchestration.defs.claims.assets import claims
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.suites import SUITES_BY_ASSET

claims_checks = build_expectation_checks(claims, SUITES_BY_ASSET["claims"])
