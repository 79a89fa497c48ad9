"""Reads and writes of the entity landing tables (entity_names, entity_aliases, places, entity_labels,
entity_name_changes); one transaction per write."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa

from orchestration.lib.entities.geocode import Place
from orchestration.lib.entities.labels import Label, NameChange, Votes
from orchestration.lib.entities.resolve import NAMED_TYPES, Alias, NameUse
from orchestration.lib.warehouse.connection import transaction
from orchestration.lib.warehouse.landing import BODIES_SINCE, BodyPart, part_filter, since_filter

_NAME_SCHEMA = {"entity_type": pl.String, "canonical_name": pl.String, "alias_key": pl.String}
_ALIAS_SCHEMA = {
    "entity_type": pl.String,
    "alias_key": pl.String,
    "entity_id": pl.String,
    "canonical_name": pl.String,
    "rule": pl.String,
    "evidence": pl.String,
}
_PLACE_SCHEMA = {
    "entity_id": pl.String,
    "country_code": pl.String,
    "place_type": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "geonameid": pl.Int64,
    "place_name": pl.String,
    "rule": pl.String,
    "evidence": pl.String,
}

# Rows of name uses fetched at a time (current_name_uses).
USES_BATCH_ROWS = 50_000

# Characters between a place or demonym and an organisation it owns: "Russia's ", "Niger's ", "Nigerien ".
OWNER_GAP = 3

# Bodies of the current articles (record_status decides: not superseded), what the marts show: only what feeds the
# marts is resolved, voted on and checked. A superseded version's mentions voting on a label made a warehouse built
# run by run label an entity otherwise than one run over the same files.
_CURRENT_BODIES = """
    select distinct a.body_sha256
    from landing.articles as a
    join landing.record_status as f on f.text_sha256 = a.text_sha256 and f.holds_current_article
"""


def pending_entity_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(entity_type, canonical_name) of current mentions that have no alias key yet."""
    return con.execute(
        f"""
        select distinct m.entity_type, m.canonical_name
        from landing.mentions as m
        where m.body_sha256 in ({_CURRENT_BODIES})
          and not exists (
              select 1 from landing.entity_names as n
              where n.entity_type = m.entity_type and n.canonical_name = m.canonical_name
          )
        order by all
        """
    ).fetchall()


def current_name_uses(
    con: duckdb.DuckDBPyConnection, mentioning: Iterable[tuple[str, str]] | None = None
) -> Iterator[NameUse]:
    """Every (body, entity_type, canonical_name) of the current mentions: the names and their context; with
    `mentioning`, only those of the bodies that mention one of these (entity_type, canonical_name). An organisation
    carries the place or demonym written right before it in the same sentence, if any (OWNER_GAP characters at
    most: "Russia's Ministry of Defence"), as its `owner`.

    Streamed, USES_BATCH_ROWS rows at a time, with each body id and name held once: a first resolution reads every
    use of the warehouse (1.3 M at 30,000 articles), and a list of them took 1.2 GB. Consume it before running
    anything else on `con`."""
    where = ""
    if mentioning is not None:
        names = sorted(set(mentioning))
        con.register(
            "mentioning_in",
            pa.table({"entity_type": [n[0] for n in names], "canonical_name": [n[1] for n in names]}),
        )
        where = """and m.body_sha256 in (
            select m.body_sha256 from landing.mentions as m
            join mentioning_in as n on n.entity_type = m.entity_type and n.canonical_name = m.canonical_name
        )"""
    try:
        # The owners are found by an inner join and attached by mention: a left join whose condition holds the
        # range and the ORG test made DuckDB compare pairs one by one (7.8 s against 0.2 s at 3,000 articles). No
        # `distinct` or `order by`: Mentions.of counts a name once per article whatever the repeats and order, and
        # without them the rows stream (a first resolution at 30,000 articles held 700 MB more in DuckDB with them).
        uses = con.sql(
            f"""
            with m as not materialized (
                select m.body_sha256, m.mention_index, m.sentence_index, m.entity_type, m.canonical_name, m.char_start,
                       m.char_end
                from landing.mentions as m
                where m.body_sha256 in ({_CURRENT_BODIES}) {where}
            ),
            owners as (
                select org.body_sha256, org.mention_index, o.entity_type, o.canonical_name
                from m as org
                inner join m as o on o.body_sha256 = org.body_sha256 and o.sentence_index = org.sentence_index
                where org.entity_type = 'ORG'
                  and o.entity_type in ('LOC', 'NORP')
                  and o.char_end between org.char_start - {OWNER_GAP} and org.char_start
            )
            select m.body_sha256, m.entity_type, m.canonical_name, owners.entity_type, owners.canonical_name
            from m
            left join owners on owners.body_sha256 = m.body_sha256 and owners.mention_index = m.mention_index
            """
        )
        held: dict[str, str] = {}  # one string object per distinct body id, type and name
        for batch in uses.to_arrow_reader(USES_BATCH_ROWS):
            for body, kind, name, owner_kind, owner_name in zip(
                *(column.to_pylist() for column in batch.columns), strict=True
            ):
                body, kind, name = held.setdefault(body, body), held.setdefault(kind, kind), held.setdefault(name, name)
                owner = None
                if owner_kind is not None:
                    owner = (held.setdefault(owner_kind, owner_kind), held.setdefault(owner_name, owner_name))
                yield NameUse(body, kind, name, owner=owner)
    finally:
        if mentioning is not None:
            con.unregister("mentioning_in")


def current_name_counts(con: duckdb.DuckDBPyConnection, types: Iterable[str]) -> dict[tuple[str, str], int]:
    """(entity_type, canonical_name) -> the number of current bodies that use the name, for the given types."""
    rows = con.execute(
        f"""
        select entity_type, canonical_name, count(distinct body_sha256)
        from landing.mentions
        where body_sha256 in ({_CURRENT_BODIES}) and entity_type in (select unnest(?))
        group by all
        order by all
        """,
        [sorted(types)],
    ).fetchall()
    return {(kind, name): count for kind, name, count in rows}


def known_aliases(con: duckdb.DuckDBPyConnection) -> list[Alias]:
    """The alias table as stored."""
    rows = con.execute(
        "select entity_type, alias_key, entity_id, canonical_name, rule, evidence from landing.entity_aliases "
        "order by entity_type, alias_key"
    ).fetchall()
    return [Alias(*row) for row in rows]


def known_alias_keys(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(entity_type, canonical_name) -> alias_key, for every name already folded."""
    rows = con.execute("select entity_type, canonical_name, alias_key from landing.entity_names").fetchall()
    return {(kind, name): key for kind, name, key in rows}


def geocoded_entities(con: duckdb.DuckDBPyConnection, geocoder_version: str) -> set[str]:
    """Entities the current geocoder version has placed (or found nothing for)."""
    rows = con.execute("select entity_id from landing.places where geocoder_version = ?", [geocoder_version])
    return {row[0] for row in rows.fetchall()}


def pending_place_count(con: duckdb.DuckDBPyConnection, types: Iterable[str], geocoder_version: str) -> int:
    """Entities of the given types in current mentions without a place by this geocoder version."""
    return con.execute(
        f"""
        select count(distinct a.entity_id)
        from landing.mentions as m
        join landing.entity_names as n using (entity_type, canonical_name)
        join landing.entity_aliases as a on a.entity_type = n.entity_type and a.alias_key = n.alias_key
        where m.body_sha256 in ({_CURRENT_BODIES})
          and m.entity_type in (select unnest(?))
          and a.entity_id not in (select entity_id from landing.places where geocoder_version = ?)
        """,
        [list(types), geocoder_version],
    ).fetchone()[0]


def store_entities(
    con: duckdb.DuckDBPyConnection,
    names: Iterable[tuple[str, str, str]],
    aliases: Iterable[Alias],
    places: Mapping[str, Place],
    *,
    resolver_version: str,
    geocoder_version: str,
    now: datetime,
) -> None:
    """Add the new names and alias keys (never changing an existing row) and upsert the places, in one transaction."""
    name_frame = pl.DataFrame(list(names), schema=_NAME_SCHEMA, orient="row")
    alias_frame = pl.DataFrame(
        [(a.entity_type, a.alias_key, a.entity_id, a.canonical_name, a.rule, a.evidence) for a in aliases],
        schema=_ALIAS_SCHEMA,
        orient="row",
    )
    place_frame = pl.DataFrame(
        [
            (entity_id, p.country_code, p.place_type, p.latitude, p.longitude, p.geonameid, p.place_name, p.rule)
            + (p.evidence,)
            for entity_id, p in places.items()
        ],
        schema=_PLACE_SCHEMA,
        orient="row",
    )
    with transaction(con):
        con.register("incoming_names", name_frame.to_arrow())
        con.execute(
            """
            insert into landing.entity_names
            select i.entity_type, i.canonical_name, i.alias_key, ?::timestamp
            from incoming_names as i
            anti join landing.entity_names as n using (entity_type, canonical_name)
            """,
            [now],
        )
        con.unregister("incoming_names")
        con.register("incoming_aliases", alias_frame.to_arrow())
        con.execute(
            """
            insert into landing.entity_aliases
            select i.entity_type, i.alias_key, i.entity_id, i.canonical_name, i.rule, i.evidence, ?, ?::timestamp
            from incoming_aliases as i
            anti join landing.entity_aliases as a using (entity_type, alias_key)
            """,
            [resolver_version, now],
        )
        con.unregister("incoming_aliases")
        con.register("incoming_places", place_frame.to_arrow())
        con.execute("delete from landing.places where entity_id in (select entity_id from incoming_places)")
        con.execute(
            """
            insert into landing.places
            select entity_id, country_code, place_type, latitude, longitude, geonameid, place_name, rule, evidence,
                   ?, ?::timestamp
            from incoming_places
            """,
            [geocoder_version, now],
        )
        con.unregister("incoming_places")


# Each current mention of a named thing with its entity: what labels are voted over.
_ENTITY_USES = f"""
    select distinct a.entity_id, m.body_sha256, m.entity_type, m.canonical_name
    from landing.mentions as m
    join landing.entity_names as n on n.entity_type = m.entity_type and n.canonical_name = m.canonical_name
    join landing.entity_aliases as a on a.entity_type = n.entity_type and a.alias_key = n.alias_key
    where m.body_sha256 in ({_CURRENT_BODIES})
      and m.entity_type in ({", ".join(f"'{t}'" for t in sorted(NAMED_TYPES))})
"""


def label_votes(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, Label], dict[str, Votes]]:
    """The stored labels and the votes (articles per name and per type) of the entities whose label may change:
    those without a label, those with a name used in more current articles than the label's, and those whose
    label's type is not the one type used in the most articles (outvoted, or tied: the tie-break decides). The others
    keep their label whatever `labels.relabel` would say, so they are not read into Python."""
    rows = con.execute(
        f"""
        with uses as ({_ENTITY_USES}),
        names as (
            select entity_id, canonical_name, count(distinct body_sha256) as articles from uses group by all
        ),
        types as (
            select entity_id, entity_type, count(distinct body_sha256) as articles from uses group by all
        ),
        candidates as (
            select top_name.entity_id
            from (select entity_id, max(articles) as articles from names group by all) as top_name
            join (
                select entity_id, max(articles) as articles, count(*) filter (where articles = top) as tied
                from (select *, max(articles) over (partition by entity_id) as top from types)
                group by all
            ) as top_type using (entity_id)
            left join landing.entity_labels as l using (entity_id)
            left join names as held_name
                on held_name.entity_id = l.entity_id and held_name.canonical_name = l.canonical_name
            left join types as held_type
                on held_type.entity_id = l.entity_id and held_type.entity_type = l.entity_type
            where l.entity_id is null
               or top_name.articles > coalesce(held_name.articles, 0)
               or top_type.articles > coalesce(held_type.articles, 0)
               or top_type.tied > 1
        )
        select 'name' as kind, entity_id, canonical_name as value, articles from names join candidates using (entity_id)
        union all
        select 'type', entity_id, entity_type, articles from types join candidates using (entity_id)
        order by all
        """
    ).fetchall()
    names: dict[str, dict[str, int]] = {}
    types: dict[str, dict[str, int]] = {}
    for kind, entity_id, value, articles in rows:
        (names if kind == "name" else types).setdefault(entity_id, {})[value] = articles
    votes = {entity_id: Votes(names[entity_id], types.get(entity_id, {})) for entity_id in names}
    con.register("label_candidates", pa.table({"entity_id": sorted(votes)}))
    try:
        stored = con.execute(
            "select entity_id, canonical_name, entity_type from landing.entity_labels "
            "where entity_id in (select entity_id from label_candidates)"
        ).fetchall()
    finally:
        con.unregister("label_candidates")
    return {row[0]: Label(*row) for row in stored}, votes


def store_labels(
    con: duckdb.DuckDBPyConnection, labels: Iterable[Label], changes: Iterable[NameChange], now: datetime
) -> None:
    """Upsert the new and changed labels and add the name changes, in one transaction."""
    labels = list(labels)
    label_frame = pa.table(
        {
            "entity_id": [label.entity_id for label in labels],
            "canonical_name": [label.canonical_name for label in labels],
            "entity_type": [label.entity_type for label in labels],
        }
    )
    changes = list(changes)
    with transaction(con):
        con.register("incoming_labels", label_frame)
        con.execute("delete from landing.entity_labels where entity_id in (select entity_id from incoming_labels)")
        con.execute(
            "insert into landing.entity_labels select entity_id, canonical_name, entity_type, ?::timestamp "
            "from incoming_labels",
            [now],
        )
        con.unregister("incoming_labels")
        if changes:
            con.executemany(
                "insert into landing.entity_name_changes values (?, ?, ?, ?::timestamp, ?)",
                [(c.entity_id, c.old_name, c.new_name, now, c.reason) for c in changes],
            )


def entity_labels(con: duckdb.DuckDBPyConnection, entity_ids: Iterable[str]) -> dict[str, str]:
    """entity_id -> the labelled type, for these entities."""
    con.register("wanted_labels", pa.table({"entity_id": sorted(set(entity_ids))}))
    try:
        rows = con.execute(
            "select entity_id, entity_type from landing.entity_labels "
            "where entity_id in (select entity_id from wanted_labels)"
        ).fetchall()
    finally:
        con.unregister("wanted_labels")
    return dict(rows)


def resolved_mentions_frame(
    con: duckdb.DuckDBPyConnection, since: datetime | None = None, part: BodyPart | None = None
) -> pd.DataFrame:
    """One row per current mention with its alias key, entity, rule and place, and the facts the checks assert (from
    `since`: the mentions of bodies annotated, parsed or re-scanned since, and of entities geocoded since; with
    `part`, those of one part of the bodies)."""
    where, params = since_filter(
        since,
        f"m.body_sha256 in ({BODIES_SINCE}) "
        "or a.entity_id in (select entity_id from landing.places where geocoded_at >= $since) "
        "or a.entity_id in (select entity_id from landing.entity_labels where labelled_at >= $since)",
    )
    where += " " + part_filter(part, "m.body_sha256")
    return con.execute(
        f"""
        with aliases as (
            select *, count(*) over (partition by entity_type, alias_key) as alias_rows
            from landing.entity_aliases
        )
        select
            m.body_sha256,
            m.mention_index,
            m.entity_type,
            m.canonical_name,
            n.alias_key,
            a.entity_id,
            a.rule as alias_rule,
            a.alias_rows,
            l.entity_type as label_type,
            p.country_code,
            p.place_type,
            p.latitude,
            p.longitude,
            p.rule as place_rule
        from landing.mentions as m
        left join landing.entity_names as n on n.entity_type = m.entity_type and n.canonical_name = m.canonical_name
        left join aliases as a on a.entity_type = n.entity_type and a.alias_key = n.alias_key
        left join landing.entity_labels as l on l.entity_id = a.entity_id
        left join landing.places as p on p.entity_id = a.entity_id
        where m.body_sha256 in ({_CURRENT_BODIES}) {where}
        """,
        params,
    ).df()
