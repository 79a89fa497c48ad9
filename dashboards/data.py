"""All SQL of the dashboards: parameterised queries on read-only DuckDB connections that live for one load."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import duckdb
import pandas as pd
import streamlit as st

from orchestration.lib.search.engine import around_first_hit, highlight, matches_sql, sentences_with_terms
from orchestration.lib.search.query import QueryError, parse, positive_terms

REPO_ROOT = Path(__file__).resolve().parents[1]
WAREHOUSE_ENV = "NEWSMON_WAREHOUSE"
DEFAULT_WAREHOUSE = "warehouse/news.duckdb"
NO_SOURCE = "(no source stated)"
# A pipeline that writes the file in place holds it for a few seconds; waiting that long beats an error page.
BUSY_WAIT_SECONDS = 3.0
CONTEXT_CHARS = 160

T = TypeVar("T")
_QUERIES: dict[str, Callable[..., Any]] = {}
# Per script thread: the connection shared by the loads of one page run (see `session`).
_local = threading.local()


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be read; the message says what to do about it."""


class Filters(NamedTuple):
    """The sidebar's filters; a tuple so Streamlit's cache can hash it."""

    start: date | None = None
    end: date | None = None
    include_undated: bool = True
    sources: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()


def warehouse_path() -> Path:
    """NEWSMON_WAREHOUSE (relative to the working directory, as the pipeline reads it), else the repo's warehouse."""
    raw = os.environ.get(WAREHOUSE_ENV)
    path = Path(raw).expanduser() if raw else REPO_ROOT / DEFAULT_WAREHOUSE
    return path.resolve()


def _version(path: Path) -> tuple[tuple[int, int, int], ...]:
    # The pipeline renames a new file over the old one (or appends to its WAL): inode, mtime and size all move.
    files = [p for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return tuple((s.st_ino, s.st_mtime_ns, s.st_size) for s in (p.stat() for p in files))


def _missing(path: Path) -> WarehouseUnavailable:
    return WarehouseUnavailable(
        f"No warehouse at `{path}`. Run `make run` to build it from `raw/` "
        f"(or point `{WAREHOUSE_ENV}` at an existing warehouse), then reload this page."
    )


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    if not path.is_file():
        raise _missing(path)
    deadline = time.monotonic() + BUSY_WAIT_SECONDS
    while True:
        try:
            # No replacement scans: a missing table must be a catalog error, not a Python variable of the same name.
            return duckdb.connect(str(path), read_only=True, config={"python_enable_replacements": False})
        except duckdb.IOException as exc:
            if time.monotonic() > deadline:
                raise WarehouseUnavailable(
                    f"The warehouse `{path}` is busy (the pipeline is writing it): {exc}"
                ) from exc
            time.sleep(0.2)


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, closed as soon as the load is done so the pipeline is never blocked by a reader."""
    con = _open(path or warehouse_path())
    try:
        yield con
    finally:
        con.close()


@contextmanager
def session() -> Iterator[None]:
    """One page run: loads that miss the cache share one read-only connection, closed when the page is drawn."""
    _local.session = {}
    try:
        yield
    finally:
        state, _local.session = _local.session, None
        if "con" in state:
            state["con"].close()


def _connection(path: str, version: tuple) -> tuple[duckdb.DuckDBPyConnection, bool]:
    """The page run's connection (opened on first use) and False, or a connection of its own and True."""
    state = getattr(_local, "session", None)
    if state is None or state.setdefault("key", (path, version)) != (path, version):
        return _open(Path(path)), True
    if "con" not in state:
        state["con"] = _open(Path(path))
    return state["con"], False


def query(fn: Callable[..., T]) -> Callable[..., T]:
    """Register a query function `fn(con, *args)` so `load` can run and cache it by name."""
    _QUERIES[fn.__name__] = fn
    return fn


def load(fn: Callable[..., T], *args: Any) -> T:
    """Run a registered query on the page run's connection (or one of its own); cached until the warehouse changes."""
    path = warehouse_path()
    if not path.is_file():
        raise _missing(path)
    return _load(str(path), _version(path), fn.__name__, args)


@st.cache_data(show_spinner=False, ttl=600, max_entries=512)
def _load(path: str, version: tuple, name: str, args: tuple) -> Any:
    con, own = _connection(path, version)
    try:
        return _QUERIES[name](con, *args)
    except duckdb.CatalogException as exc:
        # Every mart the pages read exists after a run of this version: a missing one means an older or foreign file.
        raise WarehouseUnavailable(
            f"The warehouse `{path}` lacks a table or column these dashboards read ({exc}). It was built by another "
            "version of newsmon or by something else: run `make run` to rebuild it, then reload this page."
        ) from exc
    finally:
        if own:
            con.close()


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# --- filters -----------------------------------------------------------------------------------------------------


def _where(f: Filters, alias: str = "a") -> tuple[str, list]:
    """The article filter (dates, undated, sources) as SQL with its parameters. Dates are the page's own day
    (`published_date`, as the daily marts count), not the day of the UTC timestamp: an article published at 23:30 in
    New York is on the day New York read it."""
    clauses: list[str] = []
    params: list = []
    if f.start is not None or f.end is not None:
        dated = []
        if f.start is not None:
            dated.append(f"{alias}.published_date >= ?")
            params.append(f.start)
        if f.end is not None:
            dated.append(f"{alias}.published_date <= ?")
            params.append(f.end)
        span = " and ".join(dated)
        clauses.append(f"(({span}) or {alias}.published_date is null)" if f.include_undated else f"({span})")
    elif not f.include_undated:
        clauses.append(f"{alias}.published_date is not null")
    if f.sources:
        clauses.append(f"list_contains(?, {alias}.source_domain)")
        params.append(list(f.sources))
    return " and ".join(clauses) or "true", params


# Dates, times, numbers and amounts are entities to spaCy, not who or what the news is about: lists of entities
# leave them out unless the analyst picks those types in the sidebar.
NOT_NAMES = ["DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"]


def _types(f: Filters, column: str, names_only: bool = False) -> tuple[str, list]:
    if f.entity_types:
        return f"list_contains(?, {column})", [list(f.entity_types)]
    return (f"not list_contains(?, {column})", [NOT_NAMES]) if names_only else ("true", [])


def _unit(lo: date | None, hi: date | None) -> str:
    """Bars per day for a season, per week up to two years, per month beyond."""
    if lo is None or hi is None:
        return "day"
    days = (hi - lo).days
    return "day" if days <= 92 else "week" if days <= 731 else "month"


_OUTLET = f"coalesce(mode(a.source_name), a.source_domain, '{NO_SOURCE}')"


@query
def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Date bounds, outlets (domain -> name, by size) and entity types for the sidebar."""
    lo, hi = con.execute("select min(published_date), max(published_date) from marts.articles").fetchone()
    sources = con.execute(
        "select source_domain, coalesce(mode(source_name), source_domain), count(*) as n from marts.articles "
        "where source_domain is not null group by 1 order by n desc, 1"
    ).fetchall()
    types = con.execute("select entity_type from marts.entities group by 1 order by count(*) desc, 1").fetchall()
    return {"start": lo, "end": hi, "sources": {d: name for d, name, _ in sources}, "types": [t for (t,) in types]}


# --- overview ----------------------------------------------------------------------------------------------------


@query
def overview_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, int | None]:
    """Articles, outlets, entities, mentions, stories and articles with no outlet within the filters."""
    where, params = _where(f)
    types, tparams = _types(f, "m.entity_type")
    row = con.execute(
        f"""
        with fa as (select article_id, source_domain, story_id from marts.articles a where {where}),
        fm as (select m.entity_id from marts.entity_mentions m join fa using (article_id) where {types})
        select (select count(*) from fa), (select count(distinct source_domain) from fa),
               (select count(distinct entity_id) from fm), (select count(*) from fm),
               (select count(distinct story_id) from fa), (select count(*) - count(source_domain) from fa)
        """,
        params + tparams,
    ).fetchone()
    return dict(zip(("articles", "sources", "entities", "mentions", "stories", "no_source"), row, strict=True))


@query
def volume(con: duckdb.DuckDBPyConnection, f: Filters, top: int = 0) -> tuple[pd.DataFrame, str, int]:
    """Dated articles per day/week/month and outlet (the `top` biggest outlets and 'Other outlets' when top > 0;
    outlet_articles = the outlet's total, smallest outlet first), the bucket unit, how many articles have no date."""
    where, params = _where(f)
    lo, hi, undated = con.execute(
        f"select min(published_date), max(published_date), count(*) - count(published_date) "
        f"from marts.articles a where {where}",
        params,
    ).fetchone()
    unit = _unit(lo, hi)
    frame = _df(
        con,
        f"""
        with per as (
            select date_trunc('{unit}', a.published_date)::date as period, a.source_domain, {_OUTLET} as outlet,
                   count(*) as articles
            from marts.articles a where {where} and a.published_date is not null group by period, a.source_domain),
        ranked as (
            select source_domain, row_number() over (order by sum(articles) desc, any_value(outlet)) as rank
            from per group by source_domain),
        labelled as (
            select p.period, case when ? = 0 or r.rank <= ? then p.outlet else 'Other outlets' end as outlet,
                   p.articles
            from per p join ranked r on r.source_domain is not distinct from p.source_domain)
        select period, outlet, sum(articles)::bigint as articles,
               sum(sum(articles)) over (partition by outlet)::bigint as outlet_articles
        from labelled group by period, outlet order by outlet_articles, outlet, period
        """,
        params + [top, top],
    )
    return frame, unit, undated


def _unfiltered(f: Filters) -> bool:
    return f.start is None and f.end is None and f.include_undated and not f.sources


def _entity_counts(f: Filters) -> tuple[str, list]:
    """SQL of (entity_id, articles, mentions) within the article filters."""
    if _unfiltered(f):
        # Nothing filtered out: the marts already hold the counts, no need to aggregate every mention.
        return "select entity_id, article_count as articles, mention_count as mentions from marts.entities", []
    where, params = _where(f)
    return (
        f"select m.entity_id, count(distinct m.article_id) as articles, count(*) as mentions "
        f"from marts.entity_mentions m join marts.articles a using (article_id) where {where} group by 1",
        params,
    )


@query
def top_entities(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 15) -> pd.DataFrame:
    """The named entities in the most articles within the filters."""
    counts, params = _entity_counts(f)
    types, tparams = _types(f, "e.entity_type", names_only=True)
    return _df(
        con,
        f"""
        select e.entity_id, e.canonical_name as entity, e.entity_type as type, m.articles, m.mentions
        from ({counts}) m join marts.entities e using (entity_id) where {types}
        order by m.articles desc, m.mentions desc, entity, e.entity_id limit ?
        """,
        params + tparams + [limit],
    )


@query
def top_entities_by_stories(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 15) -> pd.DataFrame:
    """The named entities in the most stories within the filters."""
    where, params = _where(f)
    types, tparams = _types(f, "m.entity_type", names_only=True)
    return _df(
        con,
        f"""
        with fa as (select article_id, story_id from marts.articles a where {where} and a.story_id is not null),
        m as (select m.entity_id, count(distinct fa.story_id) as stories, count(distinct m.article_id) as articles
              from marts.entity_mentions m join fa using (article_id)
              where {types} group by 1)
        select e.entity_id, e.canonical_name as entity, e.entity_type as type, m.stories, m.articles
        from m join marts.entities e using (entity_id)
        order by m.stories desc, m.articles desc, entity, e.entity_id limit ?
        """,
        params + tparams + [limit],
    )


@query
def newest_articles(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 20) -> pd.DataFrame:
    """The latest articles by publication time (undated ones last, newest ingested first)."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select a.published_at as published, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet,
               a.title, a.author, a.word_count as words, a.ingested_at as ingested, a.url
        from marts.articles a where {where}
        order by a.published_at desc nulls last, a.ingested_at desc, a.article_id limit ?
        """,
        params + [limit],
    )


# --- entities ----------------------------------------------------------------------------------------------------


@query
def search_entities(con: duckdb.DuckDBPyConnection, f: Filters, text: str, limit: int = 50) -> pd.DataFrame:
    """Entities whose name or an alias contains `text` (case-insensitive), most articles first; named ones only
    while nothing is typed."""
    counts, params = _entity_counts(f)
    types, tparams = _types(f, "e.entity_type", names_only=not text.strip())
    return _df(
        con,
        f"""
        select e.entity_id, e.canonical_name as entity, e.entity_type as type, m.articles, m.mentions,
               array_to_string(list_sort(e.aliases), ', ') as aliases
        from marts.entities e join ({counts}) m using (entity_id)
        where {types} and (contains(lower(e.canonical_name), ?)
              or contains(lower(array_to_string(e.aliases, chr(10))), ?))
        order by m.articles desc, m.mentions desc, entity, e.entity_id limit ?
        """,
        params + tparams + [text.strip().lower()] * 2 + [limit],
    )


@query
def entity_detail(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, Any] | None:
    """One entity with its aliases and overall counts."""
    row = con.execute(
        "select entity_id, canonical_name, entity_type, mention_count, article_count, list_sort(aliases) "
        "from marts.entities where entity_id = ?",
        [entity_id],
    ).fetchone()
    keys = ("entity_id", "name", "type", "mentions", "articles", "aliases")
    return dict(zip(keys, row, strict=True)) if row else None


@query
def entity_timeline(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str) -> tuple[pd.DataFrame, str, int]:
    """Mentions and articles per period for one entity, the unit, and its mentions in undated articles."""
    where, params = _where(f)
    hits = (
        f"select a.published_date, m.article_id from marts.entity_mentions m join marts.articles a using (article_id) "
        f"where m.entity_id = ? and {where}"
    )
    lo, hi, undated = con.execute(
        f"select min(published_date), max(published_date), count(*) - count(published_date) from ({hits})",
        [entity_id, *params],
    ).fetchone()
    unit = _unit(lo, hi)
    frame = _df(
        con,
        f"select date_trunc('{unit}', published_date)::date as period, count(*) as mentions, "
        f"count(distinct article_id) as articles from ({hits}) where published_date is not null group by 1 order by 1",
        [entity_id, *params],
    )
    return frame, unit, undated


@query
def entity_outlets(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str) -> pd.DataFrame:
    """The outlets whose articles mention the entity; total_articles / total_mentions over all of them."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_OUTLET} as outlet, a.source_domain as domain, count(distinct a.article_id) as articles,
               count(*) as mentions, min(a.published_at) as first_published, max(a.published_at) as last_published,
               sum(count(distinct a.article_id)) over ()::bigint as total_articles,
               sum(count(*)) over ()::bigint as total_mentions
        from marts.entity_mentions m join marts.articles a using (article_id)
        where m.entity_id = ? and {where}
        group by a.source_domain order by articles desc, mentions desc, outlet
        """,
        [entity_id, *params],
    )


@query
def cooccurring(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str, limit: int = 20) -> pd.DataFrame:
    """Named entities mentioned in the same articles, by shared articles."""
    types, tparams = _types(f, "e.entity_type", names_only=True)
    pairs = "marts.entity_cooccurrence"
    if _unfiltered(f) and not f.entity_types:
        # The pipeline's pair counts (named entities only), instead of re-joining every mention of the entity.
        shared = (
            f"select entity_id_b as entity_id, article_count as shared from {pairs} where entity_id_a = ? union all "
            f"select entity_id_a, article_count from {pairs} where entity_id_b = ?"
        )
        params = [entity_id, entity_id]
    else:
        where, params = _where(f)
        shared = (
            f"select o.entity_id, count(distinct o.article_id) as shared from marts.entity_mentions o "
            f"where o.entity_id <> ? and o.article_id in (select m.article_id from marts.entity_mentions m "
            f"join marts.articles a using (article_id) where m.entity_id = ? and {where}) group by 1"
        )
        params = [entity_id, entity_id, *params]
    return _df(
        con,
        f"""
        select e.entity_id, e.canonical_name as entity, e.entity_type as type, c.shared as shared_articles
        from ({shared}) c join marts.entities e using (entity_id) where {types}
        order by shared_articles desc, entity, e.entity_id limit ?
        """,
        [*params, *tparams, limit],
    )


@query
def entity_articles(
    con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str, articles: int = 20, per_article: int = 3
) -> pd.DataFrame:
    """The newest articles mentioning the entity, with up to `per_article` mentions each and the text around them."""
    where, params = _where(f)
    n = CONTEXT_CHARS
    return _df(
        con,
        f"""
        with top as (
            select a.article_id, a.title, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet,
                   a.published_at, a.url
            from marts.articles a
            where {where} and a.article_id in (select article_id from marts.entity_mentions where entity_id = ?)
            order by a.published_at desc nulls last, a.article_id limit ?),
        -- Numbered only within the articles shown: an entity in every article has hundreds of thousands of mentions.
        hits as (
            select m.article_id, m.char_start, m.char_end,
                   row_number() over (partition by m.article_id order by m.char_start) as k,
                   count(*) over (partition by m.article_id) as mentions
            from marts.entity_mentions m join top using (article_id) where m.entity_id = ?)
        select t.article_id, t.title, t.outlet, t.published_at, t.url, h.mentions, h.k,
               substr(a.body, greatest(h.char_start - {n}, 0) + 1, h.char_start - greatest(h.char_start - {n}, 0))
                   as before,
               substr(a.body, h.char_start + 1, h.char_end - h.char_start) as mention,
               substr(a.body, h.char_end + 1, {n}) as after,
               h.char_start > {n} as cut_before, h.char_end + {n} < length(a.body) as cut_after
        from top t join hits h using (article_id) join marts.articles a using (article_id)
        where h.k <= ? order by t.published_at desc nulls last, t.article_id, h.k
        """,
        [*params, entity_id, articles, entity_id, per_article],
    )


@query
def entity_places(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str) -> pd.DataFrame:
    """Geocoded places (LOC) in the entity's articles."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        with ea as (select distinct m.article_id from marts.entity_mentions m join marts.articles a using (article_id)
                    where m.entity_id = ? and {where})
        select e.canonical_name as place, e.latitude as lat, e.longitude as lon,
               count(distinct m.article_id) as articles, e.entity_id = ? as is_entity
        from marts.entity_mentions m join ea using (article_id) join marts.entities e using (entity_id)
        where e.entity_type = 'LOC' and e.latitude is not null and e.longitude is not null
        group by all order by articles desc, place
        """,
        [entity_id, *params, entity_id],
    )


# --- sources -----------------------------------------------------------------------------------------------------


@query
def sources_table(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Every outlet within the filters: articles, first/last published and ingested, author and date coverage."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_OUTLET} as outlet, a.source_domain as domain, count(*) as articles,
               min(a.published_at) as first_published, max(a.published_at) as last_published,
               min(a.ingested_at) as first_seen, max(a.ingested_at) as last_seen,
               count(a.author) as with_author, count(a.published_at) as with_date,
               round(100.0 * count(a.author) / count(*), 1) as pct_author,
               round(100.0 * count(a.published_at) / count(*), 1) as pct_date
        from marts.articles a where {where}
        group by a.source_domain order by articles desc, outlet
        """,
        params,
    )


# --- stories -----------------------------------------------------------------------------------------------------


@query
def stories(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 30) -> pd.DataFrame:
    """The largest story clusters within the filters."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select a.story_id, coalesce(any_value(s.headline), first(a.title order by a.published_at nulls last)) as story,
               array_to_string(any_value(s.top_entities), ', ') as entities,
               count(distinct a.article_id) as articles, count(distinct a.source_domain) as outlets,
               min(a.published_at) as first_published, max(a.published_at) as last_published
        from marts.articles a left join marts.stories s using (story_id)
        where {where} and a.story_id is not null
        group by a.story_id order by articles desc, last_published desc nulls last, a.story_id limit ?
        """,
        params + [limit],
    )


@query
def story_articles(con: duckdb.DuckDBPyConnection, f: Filters, story_ids: tuple[str, ...]) -> pd.DataFrame:
    """The articles of the given stories: outlet, title, date, and whether each is a near-copy of another."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select a.story_id, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet, a.title,
               a.published_at as published, a.author, c.copy_of is not null as copy, a.url
        from marts.articles a left join marts.article_copies c using (article_id)
        where list_contains(?, a.story_id) and {where}
        order by a.story_id, a.published_at nulls last, outlet
        """,
        [list(story_ids), *params],
    )


# --- figures and quotes (marts.claims, marts.quotes, marts.claim_conflicts) -----------------------------------------

_ARTICLE_OUTLET = f"coalesce(a.source_name, a.source_domain, '{NO_SOURCE}')"
_SPEAKER = "coalesce(e.canonical_name, q.speaker_text, '(speaker not named)')"


@query
def story_figures(con: duckdb.DuckDBPyConnection, f: Filters, story_id: str) -> pd.DataFrame:
    """The figures of a story's articles within the filters, with the claims each one disagrees with."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        with pairs as (
            select claim_id_a as claim_id, explained_by_time from marts.claim_conflicts where story_id = ?
            union all
            select claim_id_b, explained_by_time from marts.claim_conflicts where story_id = ?
        ),
        conflicts as (
            select claim_id, count(*) as conflicts, bool_and(explained_by_time) as explained_by_time
            from pairs group by claim_id
        )
        select c.claim_id, coalesce(c.counted, '(no noun)') as counted, c.counted_key, {_ARTICLE_OUTLET} as outlet,
               c.figure_text as figure, c.value, c.unit, c.hedge, c.as_of_text as "when", c.sentence,
               coalesce(x.conflicts, 0) as conflicts, coalesce(x.explained_by_time, false) as explained_by_time
        from marts.claims c join marts.articles a using (article_id)
        left join conflicts x using (claim_id)
        where c.story_id = ? and {where}
        order by c.counted_key nulls last, outlet, c.value
        """,
        [story_id, story_id, story_id, *params],
    )


@query
def story_quotes(con: duckdb.DuckDBPyConnection, f: Filters, story_id: str) -> pd.DataFrame:
    """The quotes of a story's articles within the filters, by speaker."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_SPEAKER} as speaker, {_ARTICLE_OUTLET} as outlet, q.quote_text as quote, q.kind, q.cue,
               a.published_at as published
        from marts.quotes q join marts.articles a using (article_id)
        left join marts.entities e on e.entity_id = q.speaker_entity_id
        where q.story_id = ? and {where}
        order by speaker, a.published_at nulls last, q.quote_id
        """,
        [story_id, *params],
    )


@query
def entity_quotes(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str, limit: int = 50) -> pd.DataFrame:
    """What the entity said (quotes whose speaker resolves to it), newest first."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select a.published_at as published, {_ARTICLE_OUTLET} as outlet, q.quote_text as quote, q.kind, q.cue,
               a.title as article
        from marts.quotes q join marts.articles a using (article_id)
        where q.speaker_entity_id = ? and {where}
        order by a.published_at desc nulls last, q.quote_id limit ?
        """,
        [entity_id, *params, limit],
    )


@query
def entity_figures(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str, limit: int = 50) -> pd.DataFrame:
    """The figures stated about the entity, newest first."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select a.published_at as published, {_ARTICLE_OUTLET} as outlet, c.figure_text as figure, c.counted, c.value,
               c.unit, c.hedge, c.as_of_text as "when", c.sentence
        from marts.claims c join marts.articles a using (article_id)
        where list_contains(c.about_entity_ids, ?) and {where}
        order by a.published_at desc nulls last, c.claim_id limit ?
        """,
        [entity_id, *params, limit],
    )


# --- data quality ------------------------------------------------------------------------------------------------


@query
def ledger_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Files and records per status."""
    return _df(
        con,
        """
        select s.status, count(f.file_path) as files,
               (select count(*) from marts.file_records r where r.status = s.status) as records
        from (values ('article'), ('duplicate'), ('quarantined')) s(status)
        left join marts.files f on f.status = s.status group by s.status order by s.status
        """,
    )


@query
def quarantined(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every quarantined file or record with its reason."""
    return _df(
        con,
        "select r.file_path, r.record_index as record, r.source_format as format, f.size_bytes, r.reason "
        "from marts.file_records r join marts.files f using (file_path) "
        "where r.status = 'quarantined' order by r.file_path, r.record_index",
    )


@query
def duplicates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Duplicate files and the article file they repeat."""
    return _df(
        con,
        """
        select f.file_path, a.file_path as duplicate_of, a.title, f.size_bytes
        from marts.files f left join marts.articles a using (article_id)
        where f.status = 'duplicate' order by f.file_path
        """,
    )


@query
def rejected_dates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Articles whose stated date was rejected (impossible or in the future): the text is kept, the time is NULL."""
    return _df(
        con,
        f"""
        select a.file_path, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet,
               a.published_at_text as stated_date, a.title
        from marts.articles a where a.published_at_text is not null and a.published_at is null
        order by a.file_path
        """,
    )


@query
def missing_fields(con: duckdb.DuckDBPyConnection, f: Filters) -> pd.DataFrame:
    """Per outlet: articles, how many state no title, author, date, URL or outlet name, and those as % (pct_*)."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_OUTLET} as outlet, count(*) as articles,
               count(*) - count(a.title) as no_title, count(*) - count(a.author) as no_author,
               count(*) - count(a.published_at) as no_date, count(*) - count(a.url) as no_url,
               count(*) - count(a.source_name) as no_outlet_name,
               round(100.0 * (count(*) - count(a.title)) / count(*)) as pct_no_title,
               round(100.0 * (count(*) - count(a.author)) / count(*)) as pct_no_author,
               round(100.0 * (count(*) - count(a.published_at)) / count(*)) as pct_no_date,
               round(100.0 * (count(*) - count(a.url)) / count(*)) as pct_no_url,
               round(100.0 * (count(*) - count(a.source_name)) / count(*)) as pct_no_outlet_name
        from marts.articles a where {where}
        group by a.source_domain order by articles desc, outlet
        """,
        params,
    )


@query
def warehouse_checks(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Figures the warehouse itself can vouch for: last build, quarantined, rejected dates, broken invariants."""
    built_at = con.execute("select max(published_at) from meta.build").fetchone()[0]
    row = con.execute(
        """
        select (select count(*) from marts.files where status = 'quarantined'),
               (select count(*) from marts.files where status = 'duplicate'),
               (select count(*) from marts.articles where published_at_text is not null and published_at is null),
               (select count(*) from marts.articles where published_at > now()::timestamp + interval 1 day),
               (select count(*) from marts.files where status <> 'quarantined' and article_id is not null
                and article_id not in (select article_id from marts.articles))
        """
    ).fetchone()
    # Mention offsets are not re-checked here: cutting 700,000 mentions out of their bodies takes seconds, and the
    # pipeline's dbt test already blocks a build where one does not match.
    keys = ("quarantined_files", "duplicate_files", "rejected_dates", "future_dates", "orphan_files")
    out: dict[str, Any] = dict(zip(keys, row, strict=True))
    out["built_at"] = built_at
    return out


# --- search ------------------------------------------------------------------------------------------------------
# The query language and its index are orchestration/lib/search: the page's text is parsed there (a bad query is a
# QueryError naming its position, before any SQL runs) and the matches come from engine.matches_sql, every value a
# bound parameter. The sidebar filters then select among the matches by `day` as the marts count it: the
# publication date (UTC), else the day the article's file was first seen; "without a date" = is_undated.

SENTENCE_CHARS = 420


def query_error(text: str) -> QueryError | None:
    """The mistake in a search query (its message names the position), or None when it parses."""
    try:
        parse(text)
    except QueryError as exc:
        return exc
    return None


def _day_where(f: Filters, alias: str, undated: str | None = None) -> tuple[str, list]:
    """The sidebar filters over a table with day and source_domain (and an is_undated column, when named)."""
    clauses: list[str] = []
    params: list = []
    if f.start is not None:
        clauses.append(f"{alias}.day >= ?")
        params.append(f.start)
    if f.end is not None:
        clauses.append(f"{alias}.day <= ?")
        params.append(f.end)
    if undated and not f.include_undated:
        clauses.append(f"not {alias}.{undated}")
    if f.sources:
        clauses.append(f"list_contains(?, {alias}.source_domain)")
        params.append(list(f.sources))
    return " and ".join(clauses) or "true", params


def _matches(text: str, f: Filters) -> tuple[str, list]:
    """SQL CTEs `matches` (every match of the query) and `fm` (those within the filters: article_id, score, day,
    source_domain, is_undated)."""
    sql = matches_sql(parse(text))
    where, params = _day_where(f, "m", "is_undated")
    return (
        f"with matches as ({sql.text}), fm as (select m.* from matches m where {where})",
        [*sql.params, *params],
    )


@query
def search_summary(con: duckdb.DuckDBPyConnection, f: Filters, text: str) -> dict[str, Any]:
    """Matches within the filters, all articles within them, undated matches, outlets and days with a match."""
    matches, params = _matches(text, f)
    where, wparams = _day_where(f, "d")
    undated = "" if f.include_undated else " - sum(d.undated_article_count)"
    row = con.execute(
        f"""
        {matches}
        select (select count(*) from fm), (select sum(d.article_count){undated} from marts.daily_articles d
                where {where})::bigint,
               (select count(*) filter (where is_undated) from fm), (select count(distinct source_domain) from fm),
               (select count(distinct day) from fm)
        """,
        [*params, *wparams],
    ).fetchone()
    return dict(zip(("matches", "articles", "undated", "outlets", "days"), row, strict=True))


@query
def search_attention(con: duckdb.DuckDBPyConnection, f: Filters, text: str, top: int = 10) -> dict[str, Any]:
    """Normalised attention: per day (week, month for longer spans) the matches, all articles (marts.daily_articles,
    within the same filters) and the share; and the matches per period and outlet (the `top` outlets, 'Other
    outlets' for the rest)."""
    matches, params = _matches(text, f)
    lo, hi = con.execute(f"{matches} select min(day), max(day) from fm", params).fetchone()
    unit = _unit(lo, hi)
    if lo is None:
        return {"unit": unit, "share": pd.DataFrame(), "outlets": pd.DataFrame()}
    where, wparams = _day_where(f, "d")
    articles = "d.article_count" if f.include_undated else "d.article_count - d.undated_article_count"
    share = _df(
        con,
        f"""
        {matches},
        hits as (select date_trunc('{unit}', day)::date as period, count(*) as matches from fm group by 1),
        coverage as (
            select date_trunc('{unit}', d.day)::date as period, sum({articles}) as articles
            from marts.daily_articles d where {where} and d.day between ? and ? group by 1)
        select c.period, coalesce(h.matches, 0)::bigint as matches, c.articles::bigint as articles,
               coalesce(h.matches, 0) / nullif(c.articles, 0) as share
        from coverage c left join hits h using (period) order by c.period
        """,
        [*params, *wparams, lo, hi],
    )
    outlets = _df(
        con,
        f"""
        {matches},
        ranked as (
            select source_domain, coalesce(mode(source_name), source_domain, '{NO_SOURCE}') as name,
                   row_number() over (order by count(*) desc, source_domain nulls last) as rank
            from fm join marts.search_documents using (article_id, source_domain) group by source_domain)
        select date_trunc('{unit}', fm.day)::date as period,
               case when r.rank <= ? then r.name else 'Other outlets' end as outlet, count(*) as matches,
               min(r.rank) as rank
        from fm join ranked r on r.source_domain is not distinct from fm.source_domain
        group by all order by rank, period
        """,
        [*params, top],
    )
    return {"unit": unit, "share": share, "outlets": outlets}


@query
def search_top_entities(con: duckdb.DuckDBPyConnection, f: Filters, text: str, limit: int = 15) -> pd.DataFrame:
    """The named entities (or the types picked) in the most matching articles."""
    matches, params = _matches(text, f)
    types, tparams = _types(f, "e.entity_type", names_only=True)
    return _df(
        con,
        f"""
        {matches}
        select e.entity_id, e.canonical_name as entity, e.entity_type as type,
               count(distinct m.article_id) as articles, count(*) as mentions
        from marts.entity_mentions m join fm using (article_id) join marts.entities e using (entity_id)
        where {types}
        group by e.entity_id, e.canonical_name, e.entity_type
        order by articles desc, mentions desc, entity, e.entity_id limit ?
        """,
        [*params, *tparams, limit],
    )


@query
def search_articles(
    con: duckdb.DuckDBPyConnection, f: Filters, text: str, limit: int = 20, sentences: int = 3
) -> pd.DataFrame:
    """The best matches by BM25 (newest first among equals): title, outlet, day, URL, score, and in `sentences`
    the sentences with the most query terms (document order among equals), each as (text, is_term) pieces."""
    node = parse(text)
    matches, params = _matches(text, f)
    frame = _df(
        con,
        f"""
        {matches}
        select fm.article_id, a.title, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet,
               fm.day, fm.is_undated as undated, a.url, round(fm.score, 2) as score, a.body
        from fm join marts.articles a using (article_id)
        order by fm.score desc, fm.day desc, fm.article_id limit ?
        """,
        [*params, limit],
    )
    terms = positive_terms(node)

    def best(body: object) -> list[list[tuple[str, bool]]]:
        found = sentences_with_terms(body if isinstance(body, str) else "", terms)
        ranked = sorted(range(len(found)), key=lambda i: (-found[i][1], i))[:sentences]
        return [around_first_hit(highlight(found[i][0], terms), SENTENCE_CHARS) for i in sorted(ranked)]

    frame["sentences"] = [best(body) for body in frame["body"]]
    frame["title_pieces"] = [highlight(t, terms) if isinstance(t, str) else [] for t in frame["title"]]
    return frame.drop(columns="body")


# --- trending ----------------------------------------------------------------------------------------------------


@query
def trending_period(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[date | None, date | None]:
    """The days the Trending page shows: the sidebar's date range when one is picked, else the latest day the
    warehouse holds articles of."""
    if f.start is not None:
        return f.start, f.end or f.start
    latest = con.execute("select max(day) from marts.daily_articles").fetchone()[0]
    return latest, latest


def _behind(f: Filters, ids: str) -> tuple[str, list]:
    """Whether any of the articles in the list column `ids` passes the outlet and undated filters."""
    if not f.sources and f.include_undated:
        return "true", []
    where, params = _day_where(f._replace(start=None, end=None), "d", "is_undated")
    return (
        f"exists (select 1 from marts.search_documents d where list_contains({ids}, d.article_id) and {where})",
        params,
    )


@query
def entity_spikes(
    con: duckdb.DuckDBPyConnection, f: Filters, lo: date | None, hi: date | None, limit: int = 50
) -> pd.DataFrame:
    """Entity spikes (marts.entity_spikes) from `lo` to `hi` (open ends when None), latest day and largest surprise
    first; only spikes with an article within the outlet filters, of the named types (or the types picked)."""
    types, tparams = _types(f, "e.entity_type", names_only=True)
    behind, bparams = _behind(f, "s.article_ids")
    return _df(
        con,
        f"""
        select s.entity_id, s.day, e.canonical_name as entity, e.entity_type as type, s.mention_count as mentions,
               round(s.baseline_mean, 2) as baseline, round(s.surprise, 1) as surprise,
               s.article_count as articles, s.coverage_days, s.article_ids
        from marts.entity_spikes s join marts.entities e using (entity_id)
        where (? is null or s.day >= ?) and (? is null or s.day <= ?) and {types} and {behind}
        order by s.day desc, s.surprise desc, entity, s.entity_id limit ?
        """,
        [lo, lo, hi, hi, *tparams, *bparams, limit],
    )


@query
def articles_by_id(con: duckdb.DuckDBPyConnection, f: Filters, article_ids: tuple[str, ...]) -> pd.DataFrame:
    """The given articles within the outlet and undated filters: day, outlet, title, URL."""
    where, params = _day_where(f._replace(start=None, end=None), "d", "is_undated")
    return _df(
        con,
        f"""
        select d.day, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet, a.title, a.url
        from marts.search_documents d join marts.articles a using (article_id)
        where list_contains(?, d.article_id) and {where}
        order by d.day desc, outlet, a.title, d.article_id
        """,
        [list(article_ids), *params],
    )


@query
def watchlist_hits(con: duckdb.DuckDBPyConnection, f: Filters, lo: date | None, hi: date | None) -> pd.DataFrame:
    """Per saved query (dbt_project/seeds/watchlist.csv): its matches from `lo` to `hi` (new), all its matches and
    its latest day, within the outlet and undated filters."""
    where, params = _day_where(f._replace(start=None, end=None), "d", "is_undated")
    return _df(
        con,
        f"""
        select w.watchlist_name as name, any_value(w.query) as query,
               count(*) filter (where w.day between ? and ?) as new_matches, count(*) as all_matches,
               max(w.day) as latest_day
        from marts.watchlist_matches w join marts.search_documents d using (article_id)
        where {where}
        group by w.watchlist_name order by new_matches desc, latest_day desc, name
        """,
        [lo, hi, *params],
    )


@query
def watchlist_matches(
    con: duckdb.DuckDBPyConnection, f: Filters, lo: date | None, hi: date | None, limit: int = 200
) -> pd.DataFrame:
    """The saved queries' matching articles from `lo` to `hi`, newest first within a query."""
    where, params = _day_where(f._replace(start=None, end=None), "d", "is_undated")
    return _df(
        con,
        f"""
        select w.watchlist_name as name, w.day, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet,
               a.title, a.url
        from marts.watchlist_matches w join marts.search_documents d using (article_id)
        join marts.articles a using (article_id)
        where w.day between ? and ? and {where}
        order by name, w.day desc, outlet, a.title, w.article_id limit ?
        """,
        [lo, hi, *params, limit],
    )


@query
def watchlist_spikes(
    con: duckdb.DuckDBPyConnection, f: Filters, lo: date | None, hi: date | None, limit: int = 50
) -> pd.DataFrame:
    """Saved queries' spikes (marts.watchlist_spikes) from `lo` to `hi` (open ends when None), latest first."""
    behind, bparams = _behind(f, "s.article_ids")
    return _df(
        con,
        f"""
        select s.watchlist_name as name, s.day, s.match_count as matches, round(s.baseline_mean, 2) as baseline,
               round(s.surprise, 1) as surprise, s.coverage_days, s.article_ids
        from marts.watchlist_spikes s
        where (? is null or s.day >= ?) and (? is null or s.day <= ?) and {behind}
        order by s.day desc, s.surprise desc, name limit ?
        """,
        [lo, lo, hi, hi, *bparams, limit],
    )
