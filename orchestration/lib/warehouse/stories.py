"""Reads and writes of the stories landing tables (in schema.sql): the copy and story index and its decisions.

The index is relational: LSH band keys and each article's distinctive keys are rows, so the candidates of a batch of
new articles are found with equality joins, and only those candidates are loaded into Python for scoring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd
import pyarrow as pa

from orchestration.lib.stories.clusters import (
    LONG_SHARED_RARE,
    STORIES_VERSION,
    WINDOW_DAYS,
    ArticleInput,
    Features,
    Query,
    StoryBatch,
    assign_stories,
)
from orchestration.lib.stories.copies import from_blob, to_blob
from orchestration.lib.stories.parallel import featurizer
from orchestration.lib.warehouse.connection import LANDING_SCHEMA_SQL, transaction
from orchestration.lib.warehouse.landing import since_filter

# Articles placed per transaction: each batch is committed before the next is read, so it sees the ones before it.
BATCH_SIZE = 1000
STORY_TABLES = (
    "story_assignments",
    "article_signatures",
    "story_bands",
    "story_postings",
    "story_features",
    "story_term_df",
    "near_duplicates",
)

# Every article with a body (landing.record_status decides which record holds it), archived and superseded ones
# included: an article stays in its story for as long as the warehouse keeps it.
STORED_ARTICLES = """
    select f.article_id, a.body_sha256, a.title, a.body, a.published_at, f.first_seen_at as ingested_at
    from landing.record_status as f
    join landing.articles as a on a.text_sha256 = f.text_sha256
    where f.status = 'article'
"""


def ensure_story_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The landing schema (stories tables included) on a connection not opened through `connect`."""
    con.execute(LANDING_SCHEMA_SQL)


@dataclass(frozen=True)
class StoriesSummary:
    articles: int
    new_stories: int
    joined: int
    copies: int
    reset: bool

    def line(self) -> str:
        if not self.articles:
            return "stories: no new articles to place"
        reset = " (stories version changed: all articles re-assigned)" if self.reset else ""
        return (
            f"stories: {self.articles} articles placed: {self.new_stories} new stories, {self.joined} joined a story "
            f"by content, {self.copies} as copies{reset}"
        )


def reset_if_outdated(con: duckdb.DuckDBPyConnection, version: str = STORIES_VERSION) -> bool:
    """Empty the index when it was built by other rules, so every article is re-assigned by the current ones."""
    outdated = con.execute(
        "select count(*) from landing.story_assignments where stories_version <> ?", [version]
    ).fetchone()[0]
    if not outdated:
        return False
    with transaction(con):
        for table in STORY_TABLES:
            con.execute(f"delete from landing.{table}")
    return True


def pending_articles(con: duckdb.DuckDBPyConnection, limit: int = BATCH_SIZE) -> list[ArticleInput]:
    """The oldest `limit` current articles not placed in a story yet, with the entity mentions of their bodies."""
    rows = con.execute(
        f"""
        select c.*
        from ({STORED_ARTICLES}) as c
        where c.article_id not in (select article_id from landing.story_assignments)
        order by coalesce(c.published_at, c.ingested_at), c.article_id
        limit ?
        """,
        [limit],
    ).fetchall()
    if not rows:
        return []
    con.register("pending_bodies_in", pa.table({"body_sha256": sorted({r[1] for r in rows})}))
    mentions: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for sha, entity_type, name, char_start in con.execute(
        """
        select m.body_sha256, m.entity_type, m.canonical_name, m.char_start
        from landing.mentions as m
        where m.body_sha256 in (select body_sha256 from pending_bodies_in)
        order by m.body_sha256, m.mention_index
        """
    ).fetchall():
        mentions[sha].append((entity_type, name, char_start))
    con.unregister("pending_bodies_in")
    return [
        ArticleInput(article_id, sha, title, body, published_at, ingested_at, mentions.get(sha, []))
        for article_id, sha, title, body, published_at, ingested_at in rows
    ]


class DuckDBStoryIndex:
    """The stored articles of the story index, looked up with joins on band keys and posting keys."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def corpus_size(self) -> int:
        return self._con.execute("select count(*) from landing.story_assignments").fetchone()[0]

    def document_frequencies(self, keys: Collection[int]) -> dict[int, int]:
        if not keys:
            return {}
        self._con.register("df_keys_in", pa.table({"term": pa.array(list(keys), pa.int64())}))
        rows = self._con.execute(
            "select d.term, d.df from landing.story_term_df as d join df_keys_in using (term)"
        ).fetchall()
        self._con.unregister("df_keys_in")
        return dict(rows)

    def candidates(
        self, queries: Sequence[Query], window_days: int, limit: int
    ) -> dict[str, list[tuple[Features, bool]]]:
        if not queries:
            return {}
        con = self._con
        bands = [(q.article_id, band, bucket) for q in queries for band, bucket in q.bands]
        keys = [
            (q.article_id, key, idf, q.day, q.ingest_day, q.dated, key in q.rare_keys)
            for q in queries
            for key, idf in q.keys.items()
        ]
        con.register(
            "query_bands_in",
            pa.table(
                {
                    "new_id": [b[0] for b in bands],
                    "band": pa.array([b[1] for b in bands], pa.int16()),
                    "bucket": pa.array([b[2] for b in bands], pa.int64()),
                }
            ),
        )
        con.register(
            "query_keys_in",
            pa.table(
                {
                    "new_id": [k[0] for k in keys],
                    "term": pa.array([k[1] for k in keys], pa.int64()),
                    "idf": pa.array([k[2] for k in keys], pa.float64()),
                    "day": pa.array([k[3] for k in keys], pa.int32()),
                    "ingest_day": pa.array([k[4] for k in keys], pa.int32()),
                    "dated": pa.array([k[5] for k in keys], pa.bool_()),
                    "rare": pa.array([k[6] for k in keys], pa.bool_()),
                }
            ),
        )
        pairs = con.execute(
            """
            with by_band as (
                select distinct q.new_id, b.article_id
                from query_bands_in as q
                join landing.story_bands as b on b.band = q.band and b.bucket = q.bucket
            ),
            hits as (
                select q.new_id, p.article_id, q.term, q.idf, q.rare, abs(p.day - q.day) <= $near as near
                from query_keys_in as q
                join landing.story_postings as p
                    on p.term = q.term and p.day between q.day - $window and q.day + $window
                union all
                select q.new_id, p.article_id, q.term, q.idf, q.rare, abs(p.ingest_day - q.ingest_day) <= $near
                from query_keys_in as q
                join landing.story_postings as p
                    on p.term = q.term and p.ingest_day between q.ingest_day - $window and q.ingest_day + $window
                where not (q.dated and p.dated)
            ),
            by_term as (
                select new_id, article_id, term, max(idf) as idf, bool_or(rare) as rare, bool_or(near) as near
                from hits
                group by new_id, article_id, term
            ),
            -- Within the near window any shared key makes a candidate; beyond it, only shared rare names do.
            by_keys as (
                select new_id, article_id, sum(idf) as shared
                from by_term
                group by new_id, article_id
                having bool_or(near) or count(*) filter (where rare) >= $rare
                qualify row_number() over (partition by new_id order by shared desc, article_id) <= $limit
            )
            select coalesce(k.new_id, b.new_id), coalesce(k.article_id, b.article_id), b.article_id is not null
            from by_keys as k
            full join by_band as b on b.new_id = k.new_id and b.article_id = k.article_id
            """,
            {"window": window_days, "near": WINDOW_DAYS, "rare": LONG_SHARED_RARE, "limit": limit},
        ).fetchall()
        con.unregister("query_bands_in")
        con.unregister("query_keys_in")
        loaded = self._load({article_id for _, article_id, _ in pairs}, {a for _, a, in_band in pairs if in_band})
        found: dict[str, list[tuple[Features, bool]]] = defaultdict(list)
        for new_id, article_id, in_band in sorted(pairs):
            found[new_id].append((loaded[article_id], in_band))
        return found

    def _load(self, article_ids: set[str], with_signature: set[str]) -> dict[str, Features]:
        """Stored features, story and (for candidate copies) signature of the given articles."""
        if not article_ids:
            return {}
        con = self._con
        con.register("load_ids_in", pa.table({"article_id": sorted(article_ids)}))
        loaded = {
            article_id: Features(article_id, sha, day, ingest_day, dated, {}, {}, story_id=story_id)
            for article_id, sha, day, ingest_day, dated, story_id in con.execute(
                """
                select s.article_id, s.body_sha256, s.day, s.ingest_day, s.dated, s.story_id
                from landing.story_assignments as s
                join load_ids_in using (article_id)
                """
            ).fetchall()
        }
        rows = con.execute(
            """
            select f.article_id, f.term, f.kind, f.weight
            from landing.story_features as f
            join load_ids_in using (article_id)
            """
        ).fetchnumpy()
        for article_id, term, kind, weight in zip(
            rows["article_id"].tolist(),
            rows["term"].tolist(),
            rows["kind"].tolist(),
            rows["weight"].tolist(),
            strict=True,
        ):
            features = loaded[article_id]
            features.counts[term] = weight
            features.kinds[term] = kind
        con.unregister("load_ids_in")
        if with_signature:
            con.register("signature_ids_in", pa.table({"article_id": sorted(with_signature)}))
            for article_id, blob in con.execute(
                "select s.article_id, s.signature from landing.article_signatures as s join signature_ids_in "
                "using (article_id)"
            ).fetchall():
                loaded[article_id].signature = from_blob(blob)
            con.unregister("signature_ids_in")
        return loaded


def store_batch(con: duckdb.DuckDBPyConnection, batch: StoryBatch, now: datetime) -> None:
    """Add a batch's assignments, index rows and near-duplicate pairs, in one transaction."""
    if not batch.assignments:
        return
    features = {f.article_id: f for f in batch.features}
    assignments = pa.table(
        {
            "article_id": [a.article_id for a in batch.assignments],
            "body_sha256": [features[a.article_id].body_sha256 for a in batch.assignments],
            "story_id": [a.story_id for a in batch.assignments],
            "score": pa.array([a.score for a in batch.assignments], pa.float64()),
            "rule": [a.rule for a in batch.assignments],
            "matched_article_id": pa.array([a.matched_article_id for a in batch.assignments], pa.string()),
            "day": pa.array([features[a.article_id].day for a in batch.assignments], pa.int32()),
            "ingest_day": pa.array([features[a.article_id].ingest_day for a in batch.assignments], pa.int32()),
            "dated": pa.array([features[a.article_id].dated for a in batch.assignments], pa.bool_()),
        }
    )
    signatures = pa.table(
        {
            "article_id": [f.article_id for f in batch.features],
            "body_sha256": [f.body_sha256 for f in batch.features],
            "signature": pa.array([to_blob(f.signature) for f in batch.features], pa.binary()),
        }
    )
    bands = pa.table(
        {
            "band": pa.array([b for f in batch.features for b, _ in f.bands], pa.int16()),
            "bucket": pa.array([k for f in batch.features for _, k in f.bands], pa.int64()),
            "article_id": [f.article_id for f in batch.features for _ in f.bands],
        }
    )
    postings = pa.table(
        {
            "term": pa.array([key for _, key in batch.postings], pa.int64()),
            "day": pa.array([features[a].day for a, _ in batch.postings], pa.int32()),
            "ingest_day": pa.array([features[a].ingest_day for a, _ in batch.postings], pa.int32()),
            "dated": pa.array([features[a].dated for a, _ in batch.postings], pa.bool_()),
            "article_id": [a for a, _ in batch.postings],
        }
    )
    kept = pa.table(
        {
            "article_id": [f.article_id for f in batch.features for _ in f.counts],
            "term": pa.array([k for f in batch.features for k in f.counts], pa.int64()),
            "kind": pa.array([f.kinds[k] for f in batch.features for k in f.counts], pa.uint8()),
            "weight": pa.array([c for f in batch.features for c in f.counts.values()], pa.float32()),
        }
    )
    frequencies = pa.table(
        {
            "term": pa.array(list(batch.document_frequencies), pa.int64()),
            "df": pa.array(list(batch.document_frequencies.values()), pa.int32()),
        }
    )
    duplicates = pa.table(
        {
            "article_id": [d[0] for d in batch.near_duplicates],
            "other_article_id": [d[1] for d in batch.near_duplicates],
            "similarity": pa.array([d[2] for d in batch.near_duplicates], pa.float64()),
        }
    )
    with transaction(con):
        for name, table in (
            ("assignments_in", assignments),
            ("signatures_in", signatures),
            ("bands_in", bands),
            ("postings_in", postings),
            ("features_in", kept),
            ("frequencies_in", frequencies),
            ("duplicates_in", duplicates),
        ):
            con.register(name, table)
        con.execute(
            "insert into landing.story_assignments by name select *, ? as stories_version, ? as assigned_at "
            "from assignments_in",
            [STORIES_VERSION, now],
        )
        con.execute("insert into landing.article_signatures by name select * from signatures_in")
        con.execute("insert into landing.story_bands by name select * from bands_in")
        con.execute("insert into landing.story_postings by name select * from postings_in")
        con.execute("insert into landing.story_features by name select * from features_in")
        con.execute(
            "insert into landing.story_term_df by name select * from frequencies_in "
            "on conflict (term) do update set df = story_term_df.df + excluded.df"
        )
        con.execute(
            "insert into landing.near_duplicates by name select *, ? as detected_at from duplicates_in "
            "on conflict do nothing",
            [now],
        )
        for name in (
            "assignments_in",
            "signatures_in",
            "bands_in",
            "postings_in",
            "features_in",
            "frequencies_in",
            "duplicates_in",
        ):
            con.unregister(name)


def place_new_articles(con: duckdb.DuckDBPyConnection, now: datetime, batch_size: int = BATCH_SIZE) -> StoriesSummary:
    """The stage: place every current article without a story (all of them after a rules change), oldest first,
    `batch_size` per transaction, so a large backlog is placed in bounded memory and a killed run keeps its work."""
    ensure_story_tables(con)
    reset = reset_if_outdated(con)
    rules: list[str] = []
    with featurizer() as featurize:
        while articles := pending_articles(con, batch_size):
            batch = assign_stories(articles, DuckDBStoryIndex(con), featurize)
            store_batch(con, batch, now)
            rules += [a.rule for a in batch.assignments]
    return StoriesSummary(len(rules), rules.count("new"), rules.count("similar"), rules.count("copy"), reset)


def story_assignments_frame(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> pd.DataFrame:
    """Current articles with their assignment (NULLs when missing) and the facts the checks assert (from `since`: the
    articles placed or found copied since, and any still without a story)."""
    where, params = since_filter(
        since,
        "s.article_id is null or s.assigned_at >= $since "
        "or c.article_id in (select article_id from landing.near_duplicates where detected_at >= $since)",
    )
    return con.execute(
        f"""
        with current as ({STORED_ARTICLES}),
        counts as (
            select article_id, count(*) as assignment_count from landing.story_assignments group by article_id
        ),
        copies as (
            select article_id, min(similarity) as min_copy_similarity
            from landing.near_duplicates group by article_id
        )
        select
            c.article_id,
            s.story_id,
            s.score,
            s.rule,
            s.stories_version,
            coalesce(founder.story_id = s.story_id, false) as founder_is_in_story,
            coalesce(counts.assignment_count, 0) as assignment_count,
            copies.min_copy_similarity,
        from current as c
        left join landing.story_assignments as s using (article_id)
        left join landing.story_assignments as founder on founder.article_id = s.story_id
        left join counts using (article_id)
        left join copies using (article_id)
        where true {where}
        """,
        params,
    ).df()
