"""Blocking Great Expectations checks on the files ledger."""

from orchestration.defs.ingest.assets import files_ledger
from orchestration.defs.quality import build_expectation_checks
from orchestration.lib.quality.suites import SUITES_BY_ASSET

files_ledger_checks = build_expectation_checks(files_ledger, SUITES_BY_ASSET["files_ledger"])
