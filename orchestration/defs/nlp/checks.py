"""Blocking Great Expectations checks on the entity mentions."""

from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.expectations import ENTITY_MENTIONS
from orchestration.lib.warehouse.landing import current_mentions_frame

ner_mentions_checks = build_expectation_checks(ner_mentions, ENTITY_MENTIONS, current_mentions_frame)
