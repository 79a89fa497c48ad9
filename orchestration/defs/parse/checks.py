"""Blocking Great Expectations checks on the parsed articles."""

from orchestration.defs.parse.assets import parsed_articles
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.expectations import PARSED_ARTICLES
from orchestration.lib.warehouse.landing import current_articles_frame

parsed_articles_checks = build_expectation_checks(parsed_articles, PARSED_ARTICLES, current_articles_frame)
