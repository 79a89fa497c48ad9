"""The parse stage reads pending texts in batches: the same texts, in the same order, as one read of them all."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from orchestration.lib.ingest.ledger import plan_ledger
from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.parsing import PARSER_VERSION, parse_articles
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import (
    apply_ledger,
    known_versions,
    pending_document_batches,
    pending_documents,
    store_parsed,
)

NOW = datetime(2026, 3, 9, 12, 0)


def test_pending_texts_come_in_batches_and_a_parsed_batch_is_not_read_again(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for n in range(5):
        (raw / f"report_{n}.txt").write_text(f"Title: Report {n}\n\nThe harbour reopened on day {n}.\n")
    with connect(tmp_path / "work.duckdb") as con:
        known = known_versions(con)
        files = scan_raw_dir(raw, {path: k.file for path, k in known.items()})
        apply_ledger(con, plan_ledger(files, known, NOW), NOW)
        whole = pending_documents(con, PARSER_VERSION)
        batches = list(pending_document_batches(con, PARSER_VERSION, 2))
        assert [batch.height for batch in batches] == [2, 2, 1]
        assert pl.concat(batches).equals(whole)
        # The pending texts are fixed when reading starts: storing a parsed batch between two leaves the others be.
        reader = pending_document_batches(con, PARSER_VERSION, 2)
        store_parsed(con, parse_articles(next(reader), now=NOW), NOW)
        assert sum(batch.height for batch in reader) == 3
        assert pending_documents(con, PARSER_VERSION).height == 3
