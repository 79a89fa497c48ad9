"""Blocking Great Expectations checks on the parsed articles."""

from orchestration.defs.parse.assets import parsed_articles
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.suites import SUITES_BY_ASSET

parsed_articles_checks = build_expectation_checks(parsed_articles, SUITES_BY_ASSET["parsed_articles"])
