"""All SQL of the dashboards: parameterised queries on read-only DuckDB connections that live for one load."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import duckdb
import pandas as pd
import streamlit as st

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
            return duckdb.connect(str(path), read_only=True)
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
    finally:
        if own:
            con.close()


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


# --- what the warehouse has: optional tables (stories, geocoding, check results) appear when they land ---------


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "select table_schema || '.' || table_name, column_name from information_schema.columns "
        "where table_schema in ('marts', 'meta', 'landing')"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


@query
def features(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """SQL snippets for the optional parts of the warehouse, or None where they do not exist yet."""
    cols = _columns(con)
    if "marts.articles" not in cols:
        raise WarehouseUnavailable("The warehouse has no marts yet. Run `make run` to build them, then reload.")
    out: dict[str, str | None] = {"story_members": None, "story_labels": None, "geo": None}
    # Which story each article is in: a column of the articles, else a membership table (not marts.article_copies,
    # which also has both columns but lists only the copies).
    members = ["marts.articles", "marts.story_articles", "marts.article_stories", "marts.story_members"]
    member = next((t for t in members if {"story_id", "article_id"} <= cols.get(t, set())), None)
    if member:
        out["story_members"] = f"select story_id, article_id from {member} where story_id is not null"
    label = next((c for c in ("headline", "title", "label", "name") if c in cols.get("marts.stories", set())), None)
    if label and "story_id" in cols["marts.stories"]:
        ents = "array_to_string(top_entities, ', ')" if "top_entities" in cols["marts.stories"] else "null::varchar"
        out["story_labels"] = f"select story_id, {label} as label, {ents} as entities from marts.stories"
    copies = cols.get("marts.article_copies", set())
    out["copies"] = (
        "select article_id, copy_of from marts.article_copies" if {"article_id", "copy_of"} <= copies else None
    )
    for table in ["marts.entities", *sorted(t for t in cols if t.startswith("marts."))]:
        have = cols.get(table, set())
        lat = next((c for c in ("latitude", "lat") if c in have), None)
        lon = next((c for c in ("longitude", "lon", "lng") if c in have), None)
        if "entity_id" in have and lat and lon:
            out["geo"] = f"select entity_id, {lat} as lat, {lon} as lon from {table}"
            break
    pair_columns = {"entity_id_a", "entity_id_b", "article_count"}
    out["cooccurrence"] = (
        "marts.entity_cooccurrence" if pair_columns <= cols.get("marts.entity_cooccurrence", set()) else None
    )
    results = next((t for t in ("landing.check_results", "meta.check_results") if t in cols), None)
    out["check_results"] = f"select * from {results}" if results else None
    out["file_records"] = "marts.file_records" if "marts.file_records" in cols else None
    if "meta.build" in cols:
        out["built_at"] = "select max(published_at) from meta.build"
    elif "landing.dbt_builds" in cols:
        out["built_at"] = "select max(built_at) from landing.dbt_builds"
    else:
        out["built_at"] = None
    return out


# --- filters -----------------------------------------------------------------------------------------------------


def _where(f: Filters, alias: str = "a") -> tuple[str, list]:
    """The article filter (dates, undated, sources) as SQL with its parameters."""
    clauses: list[str] = []
    params: list = []
    if f.start is not None or f.end is not None:
        dated = []
        if f.start is not None:
            dated.append(f"{alias}.published_at >= ?")
            params.append(f.start)
        if f.end is not None:
            dated.append(f"{alias}.published_at < ?")
            params.append(f.end + timedelta(days=1))
        span = " and ".join(dated)
        clauses.append(f"(({span}) or {alias}.published_at is null)" if f.include_undated else f"({span})")
    elif not f.include_undated:
        clauses.append(f"{alias}.published_at is not null")
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
    lo, hi = con.execute("select min(published_at)::date, max(published_at)::date from marts.articles").fetchone()
    sources = con.execute(
        "select source_domain, coalesce(mode(source_name), source_domain), count(*) as n from marts.articles "
        "where source_domain is not null group by 1 order by n desc, 1"
    ).fetchall()
    types = con.execute("select entity_type from marts.entities group by 1 order by count(*) desc, 1").fetchall()
    return {"start": lo, "end": hi, "sources": {d: name for d, name, _ in sources}, "types": [t for (t,) in types]}


# --- overview ----------------------------------------------------------------------------------------------------


@query
def overview_counts(con: duckdb.DuckDBPyConnection, f: Filters) -> dict[str, int | None]:
    """Articles, outlets, entities, mentions and stories within the filters (stories None until they exist)."""
    where, params = _where(f)
    types, tparams = _types(f, "m.entity_type")
    row = con.execute(
        f"""
        with fa as (select article_id, source_domain from marts.articles a where {where}),
        fm as (select m.entity_id from marts.entity_mentions m join fa using (article_id) where {types})
        select (select count(*) from fa), (select count(distinct source_domain) from fa),
               (select count(distinct entity_id) from fm), (select count(*) from fm)
        """,
        params + tparams,
    ).fetchone()
    counts = dict(zip(("articles", "sources", "entities", "mentions"), row, strict=True))
    members = features(con)["story_members"]
    counts["stories"] = None
    if members:
        counts["stories"] = con.execute(
            f"select count(distinct s.story_id) from ({members}) s join marts.articles a using (article_id) "
            f"where {where}",
            params,
        ).fetchone()[0]
    return counts


@query
def volume(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[pd.DataFrame, str, int]:
    """Dated articles per day/week/month and outlet, the bucket unit, and how many articles have no date."""
    where, params = _where(f)
    lo, hi, undated = con.execute(
        f"select min(published_at)::date, max(published_at)::date, count(*) - count(published_at) "
        f"from marts.articles a where {where}",
        params,
    ).fetchone()
    unit = _unit(lo, hi)
    frame = _df(
        con,
        f"""
        select date_trunc('{unit}', a.published_at)::date as period, {_OUTLET} as outlet, count(*) as articles
        from marts.articles a where {where} and a.published_at is not null
        group by period, a.source_domain order by period, outlet
        """,
        params,
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
def top_entities_by_stories(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 15) -> pd.DataFrame | None:
    """The named entities in the most stories within the filters, or None before stories exist."""
    members = features(con)["story_members"]
    if not members:
        return None
    where, params = _where(f)
    types, tparams = _types(f, "m.entity_type", names_only=True)
    return _df(
        con,
        f"""
        with fa as (select article_id from marts.articles a where {where}),
        m as (select m.entity_id, count(distinct s.story_id) as stories, count(distinct m.article_id) as articles
              from marts.entity_mentions m join fa using (article_id) join ({members}) s using (article_id)
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
        f"select a.published_at, m.article_id from marts.entity_mentions m join marts.articles a using (article_id) "
        f"where m.entity_id = ? and {where}"
    )
    lo, hi, undated = con.execute(
        f"select min(published_at)::date, max(published_at)::date, count(*) - count(published_at) from ({hits})",
        [entity_id, *params],
    ).fetchone()
    unit = _unit(lo, hi)
    frame = _df(
        con,
        f"select date_trunc('{unit}', published_at)::date as period, count(*) as mentions, "
        f"count(distinct article_id) as articles from ({hits}) where published_at is not null group by 1 order by 1",
        [entity_id, *params],
    )
    return frame, unit, undated


@query
def entity_outlets(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str) -> pd.DataFrame:
    """The outlets whose articles mention the entity."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_OUTLET} as outlet, a.source_domain as domain, count(distinct a.article_id) as articles,
               count(*) as mentions, min(a.published_at) as first_published, max(a.published_at) as last_published
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
    pairs = features(con)["cooccurrence"]
    if pairs and _unfiltered(f) and not f.entity_types:
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
def entity_places(con: duckdb.DuckDBPyConnection, f: Filters, entity_id: str) -> pd.DataFrame | None:
    """Geocoded places (LOC) in the entity's articles, or None before geocoding exists."""
    geo = features(con)["geo"]
    if not geo:
        return None
    where, params = _where(f)
    return _df(
        con,
        f"""
        with ea as (select distinct m.article_id from marts.entity_mentions m join marts.articles a using (article_id)
                    where m.entity_id = ? and {where})
        select e.canonical_name as place, g.lat, g.lon, count(distinct m.article_id) as articles,
               e.entity_id = ? as is_entity
        from marts.entity_mentions m join ea using (article_id) join marts.entities e using (entity_id)
        join ({geo}) g using (entity_id)
        where e.entity_type = 'LOC' and g.lat is not null and g.lon is not null
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
def stories(con: duckdb.DuckDBPyConnection, f: Filters, limit: int = 30) -> pd.DataFrame | None:
    """The largest story clusters within the filters, or None before stories exist."""
    feats = features(con)
    if not feats["story_members"]:
        return None
    where, params = _where(f)
    labels = feats["story_labels"] or "select null::varchar as story_id, null as label, null as entities where false"
    return _df(
        con,
        f"""
        select s.story_id, coalesce(any_value(l.label), first(a.title order by a.published_at nulls last)) as story,
               any_value(l.entities) as entities,
               count(distinct a.article_id) as articles, count(distinct a.source_domain) as outlets,
               min(a.published_at) as first_published, max(a.published_at) as last_published
        from ({feats["story_members"]}) s join marts.articles a using (article_id)
        left join ({labels}) l on l.story_id = s.story_id
        where {where}
        group by s.story_id order by articles desc, last_published desc nulls last, s.story_id limit ?
        """,
        params + [limit],
    )


@query
def story_articles(con: duckdb.DuckDBPyConnection, f: Filters, story_ids: tuple[str, ...]) -> pd.DataFrame:
    """The articles of the given stories: outlet, title, date, and whether each is a near-copy of another."""
    feats = features(con)
    where, params = _where(f)
    copies = feats["copies"] or "select null::varchar as article_id, null::varchar as copy_of where false"
    return _df(
        con,
        f"""
        select s.story_id, coalesce(a.source_name, a.source_domain, '{NO_SOURCE}') as outlet, a.title,
               a.published_at as published, a.author, c.copy_of is not null as copy, a.url
        from ({feats["story_members"]}) s join marts.articles a using (article_id)
        left join ({copies}) c using (article_id)
        where list_contains(?, s.story_id::varchar) and {where}
        order by s.story_id, a.published_at nulls last, outlet
        """,
        [list(story_ids), *params],
    )


# --- data quality ------------------------------------------------------------------------------------------------


@query
def ledger_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Files (and records, where the ledger has them) per status."""
    records = features(con)["file_records"]
    rec = f"(select count(*) from {records} r where r.status = s.status)" if records else "null"
    return _df(
        con,
        f"""
        select s.status, count(f.file_path) as files, {rec} as records
        from (values ('article'), ('duplicate'), ('quarantined')) s(status)
        left join marts.files f on f.status = s.status group by s.status order by s.status
        """,
    )


@query
def quarantined(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every quarantined file or record with its reason."""
    if features(con)["file_records"]:
        return _df(
            con,
            "select r.file_path, r.record_index as record, r.source_format as format, f.size_bytes, r.reason "
            "from marts.file_records r join marts.files f using (file_path) "
            "where r.status = 'quarantined' order by r.file_path, r.record_index",
        )
    return _df(
        con,
        "select file_path, size_bytes, reason from marts.files where status = 'quarantined' order by file_path",
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
    """Per outlet: articles, and how many state no title, author, date, URL or outlet name."""
    where, params = _where(f)
    return _df(
        con,
        f"""
        select {_OUTLET} as outlet, count(*) as articles,
               count(*) - count(a.title) as no_title, count(*) - count(a.author) as no_author,
               count(*) - count(a.published_at) as no_date, count(*) - count(a.url) as no_url,
               count(*) - count(a.source_name) as no_outlet_name
        from marts.articles a where {where}
        group by a.source_domain order by articles desc, outlet
        """,
        params,
    )


@query
def warehouse_checks(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Figures the warehouse itself can vouch for: last build, quarantined, rejected dates, broken invariants."""
    feats = features(con)
    built_at = con.execute(feats["built_at"]).fetchone()[0] if feats["built_at"] else None
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
    out["check_results"] = _latest_run(_df(con, feats["check_results"])) if feats["check_results"] else None
    return out


def _latest_run(results: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of the newest run, when the results table says which run and when."""
    when = next((c for c in ("checked_at", "evaluated_at", "created_at", "run_started_at") if c in results), None)
    if "run_id" not in results or when is None or results.empty:
        return results
    latest = results.loc[results[when].idxmax(), "run_id"]
    return results[results["run_id"] == latest].reset_index(drop=True)
