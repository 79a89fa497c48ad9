"""NLP stage definitions."""

import dagster as dg

from orchestration.defs.nlp.assets import ner_mentions
from orchestration.defs.nlp.checks import ner_mentions_checks


def nlp_definitions() -> dg.Definitions:
    """The NER mentions and their checks."""
    return dg.Definitions(assets=[ner_mentions], asset_checks=[ner_mentions_checks])
