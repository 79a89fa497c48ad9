"""Claims stage definitions."""

import dagster as dg

from orchestration.defs.claims.assets import claim_bodies_table, claims, quotes_table
from orchestration.defs.claims.checks import claims_checks


def claims_definitions() -> dg.Definitions:
    """The figures and quotes of the articles and their checks."""
    return dg.Definitions(assets=[claims, quotes_table, claim_bodies_table], asset_checks=[claims_checks])
