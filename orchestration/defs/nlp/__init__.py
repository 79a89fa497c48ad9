"""NLP stage definitions."""

import dagster as dg

from orchestration.defs.nlp.assets import ner_bodies_table, ner_mentions, sentences_table
from orchestration.defs.nlp.checks import ner_mentions_checks


def nlp_definitions() -> dg.Definitions:
    """The NER mentions and their checks."""
    return dg.Definitions(assets=[ner_mentions, ner_bodies_table, sentences_table], asset_checks=[ner_mentions_checks])
