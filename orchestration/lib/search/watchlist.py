"""Saved queries (the `watchlist` seed: name, query) matched against the articles, incrementally.

dbt builds marts.watchlist_matches with this (models/marts/fct_watchlist_matches.py): on an incremental build a
saved query already matched before is run over the changed articles only; a new or edited query (and one that has
matched nothing yet) is run over every article. The rows to replace are deleted first, so a query removed from the
seed, or an article that no longer matches, leaves no row behind.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa

from orchestration.lib.search.engine import matches_sql
from orchestration.lib.search.query import Node, QueryError, parse

KEY_SEPARATOR = "\x00"  # between an entry's name and query in the key of the rows to keep
EMPTY = (
    "select null::varchar as watchlist_name, null::varchar as query, null::varchar as article_id, null::date as day,"
    " null::varchar as source_domain where false"
)


class WatchlistError(ValueError):
    """A saved query that cannot be parsed: the build stops and names the entry."""


@dataclass(frozen=True)
class Entry:
    name: str
    query: str
    node: Node  # the query parsed


def read_entries(rows: list[tuple[str, str]]) -> list[Entry]:
    """The seed's (name, query) rows as entries; every query parsed up front, so that a mistake stops the build with
    the entry's name and the position in its query."""
    entries = []
    for name, query in rows:
        name, query = str(name).strip(), str(query).strip()
        try:
            entries.append(Entry(name, query, parse(query)))
        except QueryError as exc:
            raise WatchlistError(f"watchlist entry {name!r}: {exc}") from None
    names = [entry.name for entry in entries]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise WatchlistError(f"watchlist: names must be unique, repeated: {', '.join(duplicates)}")
    return entries


def update_matches(
    con: duckdb.DuckDBPyConnection,
    entries: list[Entry],
    *,
    target: str | None,
    changed_articles: str,
) -> pa.Table:
    """Delete the rows of `target` (the existing table; None on a build from scratch) that this build replaces, and
    return the rows to append. `changed_articles` is an SQL query of the article ids the build changed."""
    known: set[tuple[str, str]] = set()
    if target is not None:
        known = set(con.execute(f"select distinct watchlist_name, query from {target}").fetchall())
        keep = [entry.name + KEY_SEPARATOR + entry.query for entry in entries]
        con.execute(
            f"delete from {target} where watchlist_name || ? || query not in (select unnest(?::varchar[]))",
            [KEY_SEPARATOR, keep],
        )
    parts = [con.execute(EMPTY).to_arrow_table()]
    for entry in entries:
        incremental = (entry.name, entry.query) in known
        if incremental:
            con.execute(
                f"delete from {target} where watchlist_name = ? and article_id in ({changed_articles})", [entry.name]
            )
        sql = matches_sql(entry.node, among=changed_articles if incremental else None, ranked=False)
        parts.append(
            con.execute(
                f"select ?::varchar as watchlist_name, ?::varchar as query, article_id, day, source_domain"
                f" from ({sql.text})",
                [entry.name, entry.query, *sql.params],
            ).to_arrow_table()
        )
    return pa.concat_tables(parts)
