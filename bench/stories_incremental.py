"""Benchmark: placing 1,000 new articles into story indexes of growing size (incremental story assignment).

    uv run --frozen python bench/stories_incremental.py [--sizes 10000 100000] [--new 1000] [--densities ...]

For each size N a DuckDB file is filled with a synthetic index of N already-placed articles, written directly into
the stories landing tables (`orchestration/lib/warehouse/schema.sql`): N / 5 stories of 5 articles, over one
year ("year": a bigger index means more articles per day) or over N / 10,000 years ("constant": as many articles per
day, a longer history). Each article has 60 kept words and 8 entities drawn from its story's topic and a Zipf
background vocabulary, 20 posting keys, 25 LSH band keys, a MinHash signature, and the document frequencies of its
keys are counted. Then 1,000 new articles (half follow-ups of random existing stories published a day later, half
new events) are generated as real text (words of the same vocabulary) with NER-like mentions, and placed with the
stage's own code: `assign_stories` on a `DuckDBStoryIndex`, then `store_batch`, as the pipeline's step does.

Measured per size, best of 3 placements (placing only reads the index; the batch is stored once, after them): the
whole placement of the 1,000 articles (store included), and within it the index lookups (the SQL joins for LSH and
posting-key candidates, loading the candidates' features, the document frequencies), the features (shingles,
MinHash, terms; independent of N), the scoring in Python and the transaction that stores the batch.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from orchestration.lib.stories.clusters import (
    STORIES_VERSION,
    ArticleInput,
    assign_stories,
    entity_key_name,
    features_of,
)
from orchestration.lib.stories.copies import BANDS, NUM_PERM
from orchestration.lib.stories.shingles import term_key
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.stories import DuckDBStoryIndex, ensure_story_tables, store_batch

VOCABULARY = 60_000
ENTITIES = 20_000
STORY_SIZE = 5
TOPIC_WORDS = 40
TOPIC_ENTITIES = 6
KEPT_WORDS = 60
KEPT_ENTITIES = 8
POSTED = 20
DAYS = 365
START = datetime(2025, 1, 1)
ENTITY_TYPES = ["PERSON", "ORG", "LOC"]


def word_keys() -> np.ndarray:
    return np.array([term_key(f"t{i}") for i in range(VOCABULARY)], dtype=np.int64)


def entity_name(j: int) -> tuple[str, str]:
    return ENTITY_TYPES[j % 3], f"Entity {j}"


def entity_keys() -> np.ndarray:
    return np.array([term_key(entity_key_name(*entity_name(j))) for j in range(ENTITIES)], dtype=np.int64)


def background(rng: np.random.Generator, size: int) -> np.ndarray:
    """Word ids with a Zipf-like frequency (a few very common words, a long tail)."""
    return np.minimum(rng.zipf(1.3, size) - 1, VOCABULARY - 1)


def story_topics(rng: np.random.Generator, stories: int, days: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per story: its distinctive words, its entities and its day."""
    words = rng.integers(500, VOCABULARY, size=(stories, TOPIC_WORDS))
    ents = rng.integers(0, ENTITIES, size=(stories, TOPIC_ENTITIES))
    return words, ents, rng.integers(0, days, size=stories)


def fill_index(con, n: int, rng: np.random.Generator, words_k: np.ndarray, ents_k: np.ndarray, span: int = DAYS):
    """Write N placed articles straight into the landing tables; returns the story topics."""
    stories = n // STORY_SIZE
    topic_words, topic_ents, story_days = story_topics(rng, stories, span)
    ids = np.array([f"a{i:08d}" for i in range(n)])
    story_of = np.arange(n) // STORY_SIZE
    days = story_days[story_of] + rng.integers(0, 3, size=n)
    base_day = (START - datetime(1970, 1, 1)).days
    day_numbers = (base_day + days).astype(np.int32)
    ingest_days = day_numbers + rng.integers(0, 2, size=n).astype(np.int32)
    story_ids = ids[story_of * STORY_SIZE]
    con.register(
        "bench_assignments",
        pa.table(
            {
                "article_id": ids,
                "body_sha256": ids,
                "story_id": story_ids,
                "score": np.ones(n),
                "rule": np.where(np.arange(n) % STORY_SIZE == 0, "new", "similar"),
                "matched_article_id": story_ids,
                "day": day_numbers,
                "ingest_day": ingest_days,
                "dated": np.ones(n, dtype=bool),
            }
        ),
    )
    con.execute(
        "insert into landing.story_assignments by name select *, ? as stories_version, now() as assigned_at "
        "from bench_assignments",
        [STORIES_VERSION],
    )
    con.unregister("bench_assignments")
    # Kept features: words from the story's topic and the background, entities from the topic and at random.
    topical = topic_words[story_of][:, : KEPT_WORDS - 15]
    feature_words = np.concatenate([topical, background(rng, n * 15).reshape(n, 15)], axis=1)
    feature_ents = np.concatenate(
        [topic_ents[story_of], rng.integers(0, ENTITIES, size=(n, KEPT_ENTITIES - TOPIC_ENTITIES))], axis=1
    )
    words_per, ents_per = feature_words.shape[1], feature_ents.shape[1]
    con.register(
        "bench_features",
        pa.table(
            {
                "article_id": np.concatenate([np.repeat(ids, words_per), np.repeat(ids, ents_per)]),
                "term": np.concatenate([words_k[feature_words].ravel(), ents_k[feature_ents].ravel()]),
                "kind": np.concatenate(
                    [np.zeros(n * words_per, dtype=np.uint8), (feature_ents.ravel() % 3 + 1).astype(np.uint8)]
                ),
                "weight": rng.integers(1, 6, size=n * (words_per + ents_per)).astype(np.float32),
            }
        ),
    )
    con.execute(
        "insert into landing.story_features by name select distinct on (article_id, term) * from bench_features"
    )
    con.unregister("bench_features")
    posted_words, posted_ents = feature_words[:, :12], feature_ents[:, :8]
    postings = np.concatenate([words_k[posted_words], ents_k[posted_ents]], axis=1)
    con.register(
        "bench_postings",
        pa.table(
            {
                "term": postings.ravel(),
                "day": np.repeat(day_numbers, POSTED),
                "ingest_day": np.repeat(ingest_days, POSTED),
                "dated": np.ones(n * POSTED, dtype=bool),
                "article_id": np.repeat(ids, POSTED),
            }
        ),
    )
    con.execute("insert into landing.story_postings by name select * from bench_postings")
    con.unregister("bench_postings")
    con.register(
        "bench_bands",
        pa.table(
            {
                "band": np.tile(np.arange(BANDS, dtype=np.int16), n),
                "bucket": rng.integers(-(2**63), 2**63 - 1, size=n * BANDS, dtype=np.int64),
                "article_id": np.repeat(ids, BANDS),
            }
        ),
    )
    con.execute("insert into landing.story_bands by name select * from bench_bands")
    con.unregister("bench_bands")
    signatures = rng.integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint32).astype("<u4")
    con.register(
        "bench_signatures",
        pa.table(
            {
                "article_id": ids,
                "body_sha256": ids,
                "signature": pa.array([row.tobytes() for row in signatures], pa.binary()),
            }
        ),
    )
    con.execute("insert into landing.article_signatures by name select * from bench_signatures")
    con.unregister("bench_signatures")
    con.execute(
        "insert into landing.story_term_df select term, count(distinct article_id)::integer "
        "from landing.story_features group by term"
    )
    con.execute("checkpoint")
    return topic_words, topic_ents, story_days


def new_articles(
    rng, count: int, topics, ingested: datetime, span: int = DAYS
) -> tuple[list[ArticleInput], list[str | None]]:
    """Real-text articles: half follow up an existing story (a day later), half report new events."""
    topic_words, topic_ents, story_days = topics
    articles, expected = [], []
    for i in range(count):
        follow = i % 2 == 0
        if follow:
            s = int(rng.integers(0, len(story_days)))
            words, ents, day = topic_words[s], topic_ents[s], int(story_days[s]) + 1
            expected.append(f"a{s * STORY_SIZE:08d}")
        else:
            words = rng.integers(500, VOCABULARY, size=TOPIC_WORDS)
            ents = rng.integers(0, ENTITIES, size=TOPIC_ENTITIES)
            day = int(rng.integers(0, span))
            expected.append(None)
        tokens = np.where(rng.random(300) < 0.6, rng.choice(words, 300), background(rng, 300))
        body = ". ".join(" ".join(f"t{t}" for t in tokens[k : k + 15]) for k in range(0, 300, 15)) + "."
        mentions = [(*entity_name(int(e)), position * 40) for position, e in enumerate(np.repeat(ents, 2))]
        published = START + timedelta(days=day, hours=9)
        articles.append(ArticleInput(f"n{i:06d}", f"n{i:06d}", None, body, published, ingested, mentions))
    return articles, expected


class TimedIndex(DuckDBStoryIndex):
    """The stage's DuckDB index, timing its lookups."""

    def __init__(self, con) -> None:
        super().__init__(con)
        self.seconds = 0.0
        self.candidates_found = 0

    def corpus_size(self) -> int:
        started = time.perf_counter()
        try:
            return super().corpus_size()
        finally:
            self.seconds += time.perf_counter() - started

    def document_frequencies(self, keys):
        started = time.perf_counter()
        try:
            return super().document_frequencies(keys)
        finally:
            self.seconds += time.perf_counter() - started

    def candidates(self, queries, window_days, limit):
        started = time.perf_counter()
        try:
            found = super().candidates(queries, window_days, limit)
            self.candidates_found = sum(len(v) for v in found.values())
            return found
        finally:
            self.seconds += time.perf_counter() - started


def measure(size: int, new: int, seed: int, folder: Path, span: int = DAYS, repeats: int = 3) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    words_k, ents_k = word_keys(), entity_keys()
    path = folder / f"stories_{size}.duckdb"
    with connect(path) as con:
        ensure_story_tables(con)
        started = time.perf_counter()
        topics = fill_index(con, size, rng, words_k, ents_k, span)
        fill_seconds = time.perf_counter() - started
    articles, expected = new_articles(rng, new, topics, START + timedelta(days=span + 5), span)
    features_seconds = assign_seconds = lookup_seconds = float("inf")
    with connect(path) as con:
        # Placing reads the index and changes nothing until store_batch: best of `repeats` runs, then one store.
        for _ in range(repeats):
            started = time.perf_counter()
            for article in articles:
                features_of(article)
            features_seconds = min(features_seconds, time.perf_counter() - started)
            index = TimedIndex(con)
            started = time.perf_counter()
            batch = assign_stories(articles, index)
            elapsed = time.perf_counter() - started
            if elapsed < assign_seconds:
                assign_seconds, lookup_seconds, candidates = elapsed, index.seconds, index.candidates_found
        started = time.perf_counter()
        store_batch(con, batch, datetime.now())
        store_seconds = time.perf_counter() - started
        stored = con.execute("select count(*) from landing.story_assignments").fetchone()[0]
    assert stored == size + new
    placed = {a.article_id: a for a in batch.assignments}
    right = sum(
        1
        for article, story in zip(articles, expected, strict=True)
        if (placed[article.article_id].story_id == story if story else placed[article.article_id].rule == "new")
    )
    size_mb = path.stat().st_size / 1e6
    path.unlink()
    return {
        "size": size,
        "span": span,
        "fill": fill_seconds,
        "total": assign_seconds + store_seconds,
        "lookup": lookup_seconds,
        "features": features_seconds,
        "scoring": assign_seconds - lookup_seconds - features_seconds,
        "store": store_seconds,
        "candidates": candidates / new,
        "right": right / new,
        "mb": size_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="placements timed per size (best is reported)")
    parser.add_argument(
        "--densities",
        nargs="+",
        choices=["year", "constant"],
        default=["year", "constant"],
        help="year: every index spans one year (more articles per day as it grows); constant: 10,000 articles a "
        "year, so a bigger index spans more years and the number of articles per day stays the same",
    )
    args = parser.parse_args()
    print(f"stories_incremental: {platform.python_version()}, {os.cpu_count()} CPUs, rules {STORIES_VERSION}")
    header = (
        f"| stored articles | days spanned | place {args.new:,} (s) | index lookups (s) | features (s) | scoring (s) "
        "| store (s) | candidates / article | placed as intended | index file (MB) |"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsmon-stories-bench-") as folder:
        cases = dict.fromkeys(
            (size, DAYS if density == "year" else max(DAYS, DAYS * size // 10_000))
            for density in args.densities
            for size in args.sizes
        )
        for size, span in cases:
            r = measure(size, args.new, args.seed, Path(folder), span, args.repeats)
            print(
                f"  N={size:,} over {span:,} days: filled in {r['fill']:.1f} s; placed {args.new:,} in "
                f"{r['total']:.2f} s",
                flush=True,
            )
            rows.append(
                f"| {size:,} | {span:,} | {r['total']:.2f} | {r['lookup']:.2f} | {r['features']:.2f} "
                f"| {r['scoring']:.2f} | {r['store']:.2f} | {r['candidates']:.1f} | {r['right']:.1%} "
                f"| {r['mb']:.0f} |"
            )
    print("\n".join([header, "|" + "---:|" * 10, *rows]))


if __name__ == "__main__":
    main()
