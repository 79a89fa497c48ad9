"""The ingest and parse stages as a run does them, for tests on a real DuckDB working database: scan the raw folder,
apply the ledger, parse what is new."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.lib.ingest.ledger import plan_ledger
from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.parsing import PARSER_VERSION, parse_articles
from orchestration.lib.warehouse.landing import apply_ledger, known_versions, pending_documents, store_parsed


def ingest_and_parse(con: duckdb.DuckDBPyConnection, raw: Path, now: datetime) -> None:
    known = known_versions(con)
    files = scan_raw_dir(raw, {path: k.file for path, k in known.items()})
    apply_ledger(con, plan_ledger(files, known, now), now)
    pending = pending_documents(con, PARSER_VERSION)
    if pending.height:
        store_parsed(con, parse_articles(pending, now=now), now)
