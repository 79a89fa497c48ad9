"""File names and article texts carrying SQL, Jinja and format-string payloads are data: they end as normal
articles, verbatim, and nothing they "say" happens (no table dropped, no file attached or written)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from reliability.hostile_corpus import INJECTIONS, HostileRun
from reliability.state import CONTRACT_TABLES


def query(run: HostileRun, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def injection_files(run: HostileRun):
    return [e for e in run.expected if e.injection is not None]


def test_every_payload_file_is_a_normal_article(hostile_run: HostileRun):
    files = injection_files(hostile_run)
    assert len(files) == len(INJECTIONS) + 1
    for expected in files:
        rows = query(hostile_run, "select status, reason from marts.files where file_path = ?", [expected.name])
        assert rows == [("article", None)], expected.name


@pytest.mark.parametrize("payload", INJECTIONS)
def test_the_payload_comes_out_verbatim_in_title_and_body(hostile_run: HostileRun, payload: str):
    name = payload.replace("/", "_")[:150] + ".txt"
    rows = query(hostile_run, "select title, body from marts.articles where file_path = ?", [name])
    assert len(rows) == 1, name
    title, body = rows[0]
    assert title == payload
    assert f"The council quoted {payload} in its ruling." in body


def test_a_json_record_with_payloads_keeps_them_as_text(hostile_run: HostileRun):
    rows = query(hostile_run, "select title, body from marts.articles where file_path = '{{ this }}.json'")
    assert rows and rows[0][0] == INJECTIONS[2]
    assert INJECTIONS[0] in rows[0][1] and INJECTIONS[4] in rows[0][1]


def test_no_payload_had_an_effect(hostile_run: HostileRun):
    tables = {t for (t,) in query(hostile_run, "select table_name from information_schema.tables")}
    assert set(CONTRACT_TABLES) <= tables
    assert query(hostile_run, "select count(*) from duckdb_databases() where database_name = 'evil'") == [(0,)]
    assert not Path("/tmp/evil.duckdb").exists() and not Path("/tmp/leak.csv").exists()
    # Every article of the corpus is there (the payload files did not drop or truncate anything).
    articles = sum(1 for e in hostile_run.expected if e.outcome == "article")
    assert query(hostile_run, "select count(distinct file_path) from marts.articles") == [(articles,)]
