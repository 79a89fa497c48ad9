"""Ingest stage definitions."""

import dagster as dg

from orchestration.defs.ingest.assets import deletions_table, files_ledger
from orchestration.defs.ingest.checks import files_ledger_checks

__all__ = ["files_ledger", "files_ledger_checks", "ingest_definitions"]


def ingest_definitions() -> dg.Definitions:
    """The files ledger (with its deletions audit) and its checks."""
    return dg.Definitions(assets=[files_ledger, deletions_table], asset_checks=[files_ledger_checks])
