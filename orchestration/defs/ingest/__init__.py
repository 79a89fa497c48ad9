"""Ingest stage definitions."""

import dagster as dg

from orchestration.defs.ingest.assets import files_ledger
from orchestration.defs.ingest.checks import files_ledger_checks


def ingest_definitions() -> dg.Definitions:
    """The files ledger and its checks."""
    return dg.Definitions(assets=[files_ledger], asset_checks=files_ledger_checks)
