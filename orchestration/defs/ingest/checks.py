"""Blocking Great Expectations checks on the files ledger."""

from orchestration.defs.ingest.assets import files_ledger
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.expectations import FILES_LEDGER
from orchestration.lib.warehouse.landing import ledger_frame

files_ledger_checks = build_expectation_checks(files_ledger, FILES_LEDGER, ledger_frame)
