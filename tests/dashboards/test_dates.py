"""The dashboards date an article by its page's own day (`published_date`), as the daily marts count it, not by the
day of its UTC timestamp: a late-evening article in New York belongs to that evening's day."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from dashboards.data import Filters, overview_counts, volume


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.articles (article_id varchar, source_domain varchar, source_name varchar, "
        "story_id varchar, published_at timestamp, published_date date)"
    )
    con.execute("create table marts.entity_mentions (article_id varchar, entity_id varchar, entity_type varchar)")
    con.execute(
        """insert into marts.articles values
        ('late', 'nyt.example', 'Example Times', 's1', timestamp '2024-04-16 03:30:00', date '2024-04-15'),
        ('noon', 'nyt.example', 'Example Times', 's1', timestamp '2024-04-16 16:00:00', date '2024-04-16'),
        ('undated', 'nyt.example', 'Example Times', 's2', null, null)"""
    )
    return con


def test_a_day_filter_counts_the_articles_of_that_local_day(con: duckdb.DuckDBPyConnection) -> None:
    evening = Filters(start=date(2024, 4, 15), end=date(2024, 4, 15), include_undated=False)
    next_day = Filters(start=date(2024, 4, 16), end=date(2024, 4, 16), include_undated=False)
    assert overview_counts(con, evening)["articles"] == 1
    assert overview_counts(con, next_day)["articles"] == 1
    assert overview_counts(con, evening._replace(include_undated=True))["articles"] == 2


def test_volume_puts_an_article_on_its_local_day(con: duckdb.DuckDBPyConnection) -> None:
    frame, unit, undated = volume(con, Filters())
    assert unit == "day" and undated == 1
    assert dict(zip(frame["period"].dt.date, frame["articles"], strict=True)) == {
        date(2024, 4, 15): 1,
        date(2024, 4, 16): 1,
    }
