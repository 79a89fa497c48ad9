"""Blocking Great Expectations checks on the entity mentions."""

from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.suites import SUITES_BY_ASSET

ner_mentions_checks = build_expectation_checks(ner_mentions, SUITES_BY_ASSET["ner_mentions"])
