"""The entity stage reads the mentions of the current articles only, as record_status decides them: a version
superseded by its file's new bytes is in marts.article_versions, not in marts.articles, and its mentions neither
ask for a name to be resolved nor vote on an entity's label. Real files scanned, ledgered and parsed on DuckDB."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.entities import pending_entity_names
from tests.ingest import ingest_and_parse

NOW = datetime(2026, 3, 4, 5, 6, 7)
FIRST = "Title: Match report\n\nThe English side won the match in the rain on Saturday evening.\n"
EDITED = FIRST + "\nThe coach said later that the team had spoken English and French in the dressing room.\n"


def _mention(con, body: str, entity_type: str) -> None:
    con.execute(
        "insert into landing.mentions values (?, 0, 'English', ?, ?, 'English', 4, 11, 0)",
        [body, entity_type, entity_type],
    )


def test_a_superseded_version_asks_for_no_name(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    report = raw / "report.txt"
    report.write_text(FIRST, encoding="utf-8")
    with connect(tmp_path / "work.duckdb") as con:
        ingest_and_parse(con, raw, NOW)
        (first,) = con.execute("select body_sha256 from landing.record_status where status = 'article'").fetchone()
        _mention(con, first, "NORP")
        assert pending_entity_names(con) == [("NORP", "English")]

        report.write_text(EDITED, encoding="utf-8")
        later = NOW + timedelta(hours=1)
        os.utime(report, (later.timestamp(), later.timestamp()))
        ingest_and_parse(con, raw, later)
        bodies = dict(
            con.execute(
                "select body_sha256, article_superseded_at is not null from landing.record_status "
                "where status = 'article'"
            ).fetchall()
        )
        assert bodies[first] and len(bodies) == 2  # the first version is superseded, not gone
        (edited,) = [body for body, superseded in bodies.items() if not superseded]
        _mention(con, edited, "LANGUAGE")
        assert pending_entity_names(con) == [("LANGUAGE", "English")]
