"""The ingest stage as a run does it stores texts while the scan reads them, a batch at a time, and ends with the
same ledger and documents as one scan applied at once (what tests/ingest.py and the reliability harness do)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from orchestration.lib.ingest.ledger import plan_ledger
from orchestration.lib.ingest.scan import iter_raw_dir, scan_raw_dir
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.landing import DocumentWriter, apply_ledger, known_versions

NOW = datetime(2026, 3, 9, 12, 0)
TABLES = {
    "landing.file_records": "file_path, version, record_index, kind, text_sha256, reason, present",
    "landing.documents": "text_sha256, kind, text",
}


def write_raw(raw: Path) -> None:
    (raw / "wire").mkdir(parents=True)
    for n in range(5):
        (raw / "wire" / f"report_{n}.txt").write_text(f"Title: Report {n}\n\nThe harbour reopened on day {n}.\n")
    (raw / "copy_of_report_1.txt").write_text("Title: Report 1\n\nThe harbour reopened on day 1.\n")
    (raw / "export.jsonl").write_text(
        "\n".join(json.dumps({"title": f"Export {n}", "text": f"Ferries ran again on day {n}."}) for n in range(3))
    )
    (raw / "empty.txt").write_bytes(b"")


def contents(con) -> dict[str, list[tuple]]:
    return {table: con.execute(f"select {cols} from {table} order by all").fetchall() for table, cols in TABLES.items()}


def test_texts_stored_in_batches_as_the_scan_reads_them_give_the_same_ledger(tmp_path: Path):
    raw = tmp_path / "raw"
    write_raw(raw)
    with connect(tmp_path / "at_once.duckdb") as con:
        files = scan_raw_dir(raw)
        apply_ledger(con, plan_ledger(files, {}, NOW), NOW)
        expected = contents(con)
    with connect(tmp_path / "streamed.duckdb") as con:
        documents = DocumentWriter(con, NOW, batch=2)
        handed: list[int] = []
        changes = plan_ledger(
            iter_raw_dir(raw, {}), known_versions(con), NOW, texts=lambda r: (handed.append(len(r)), documents.add(r))
        )
        documents.flush()
        new = documents.stored + apply_ledger(con, changes, NOW)
        assert contents(con) == expected
    assert (changes.files_seen, changes.files_read) == (8, 8)
    assert sum(handed) == len(changes.records) == 10 and all(r.text is None for r in changes.records)
    assert new == len(expected["landing.documents"]) == 8  # the copy's text is stored once; the empty file has none
