"""Value mentions: the number and unit a date, number, money, percentage or quantity mention states."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.nlp import values
from orchestration.lib.nlp.values import normalise, value_mentions


@pytest.mark.parametrize(
    ("text", "value_type", "expected"),
    [
        ("three", "CARDINAL", (3.0, None)),
        ("Seven", "CARDINAL", (7.0, None)),
        ("around 480", "CARDINAL", (480.0, None)),
        ("12,500", "CARDINAL", (12500.0, None)),
        ("nearly 2,300,000", "CARDINAL", (2300000.0, None)),
        ("four million", "CARDINAL", (4000000.0, None)),
        ("2.7 billion", "CARDINAL", (2700000000.0, None)),
        ("forty-two", "CARDINAL", (42.0, None)),
        ("six hundred", "CARDINAL", (600.0, None)),
        ("a dozen", "CARDINAL", (12.0, None)),
        ("dozens", "CARDINAL", (None, None)),
        ("once", "CARDINAL", (None, None)),
        ("two-thirds", "CARDINAL", (None, None)),
        ("$250 million", "MONEY", (250000000.0, "USD")),
        ("€1.2bn", "MONEY", (1200000000.0, "EUR")),
        ("£40,000", "MONEY", (40000.0, "GBP")),
        ("3 million naira", "MONEY", (3000000.0, "NGN")),
        ("12,000 rand", "MONEY", (12000.0, "ZAR")),
        ("5 billion birr", "MONEY", (5000000000.0, "ETB")),
        ("15%", "PERCENT", (15.0, "percent")),
        ("4.5 percent", "PERCENT", (4.5, "percent")),
        ("30 kilometres", "QUANTITY", (30.0, "kilometres")),
        ("about 60 tons", "QUANTITY", (60.0, "tons")),
        ("third", "ORDINAL", (3.0, None)),
        ("22nd", "ORDINAL", (22.0, None)),
        ("last week", "DATE", (None, None)),
        ("2019", "DATE", (None, None)),
        ("9 a.m.", "TIME", (None, None)),
    ],
)
def test_the_number_and_unit_a_mention_states(text: str, value_type: str, expected: tuple):
    assert normalise(text, value_type) == expected


@pytest.mark.parametrize("batch_rows", [50_000, 1])
def test_value_mentions_of_the_changed_articles_replace_their_rows(monkeypatch, batch_rows: int):
    monkeypatch.setattr(values, "BATCH_ROWS", batch_rows)  # one batch, or a batch per row: the same table
    con = duckdb.connect()
    con.execute("create schema staging; create schema intermediate; create schema marts")
    con.execute(
        "create table staging.stg_mentions as select * from (values "
        "('h1', 0, 'CARDINAL', 'two', 0, 3, 0), ('h1', 1, 'PERSON', 'Ada Lovelace', 10, 22, 0), "
        "('h2', 0, 'MONEY', '$5 million', 4, 14, 1)) "
        "as t(body_sha256, mention_index, entity_type, mention_text, char_start, char_end, sentence_index)"
    )
    con.execute(
        "create table intermediate.int_articles as select * from (values ('a1', 'h1'), ('a2', 'h2')) "
        "as t(article_id, body_sha256)"
    )
    con.execute("create table intermediate.changed (article_id varchar)")
    con.register("first_build", value_mentions(con, target=None, changed_articles="from intermediate.changed"))
    con.execute("create table marts.value_mentions as from first_build")
    rows = con.execute("select mention_id, value_type, value, unit from marts.value_mentions order by all").fetchall()
    assert rows == [("a1:0", "CARDINAL", 2.0, None), ("a2:0", "MONEY", 5000000.0, "USD")]  # the person is not a value
    con.execute("insert into intermediate.changed values ('a2')")
    again = value_mentions(con, target="marts.value_mentions", changed_articles="from intermediate.changed")
    assert again["mention_id"].to_pylist() == ["a2:0"] and again.schema == values.SCHEMA
    assert con.execute("select mention_id from marts.value_mentions").fetchall() == [("a1:0",)]
