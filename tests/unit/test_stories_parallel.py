"""Story features on every core: the pool gives each article the features one process gives it, in order."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import numpy as np

from orchestration.lib.stories.clusters import ArticleInput, Features, features_in_order
from orchestration.lib.stories.parallel import SMALL_BATCH, featurizer
from tests.conftest import SEEDS_DIR

INGESTED = datetime(2024, 5, 1, 12, 0)


def articles(count: int) -> list[ArticleInput]:
    """Seed bodies, each made distinct by a sentence of its own, with made-up mentions and dates."""
    bodies = [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]
    made = []
    for number in range(count):
        body = f"{bodies[number % len(bodies)]}\nUpdate {number}: the council met again on day {number}."
        sha = hashlib.sha256(body.encode()).hexdigest()
        mentions = [("GPE", "Niger", 10), ("PERSON", f"Speaker {number % 7}", 400)]
        published = INGESTED - timedelta(days=number % 5) if number % 3 else None
        made.append(ArticleInput(f"a{number:04d}", sha, f"Title {number}", body, published, INGESTED, mentions))
    return made


def same(a: Features, b: Features) -> bool:
    fields = ("article_id", "body_sha256", "day", "ingest_day", "dated", "counts", "kinds", "bands")
    return all(getattr(a, f) == getattr(b, f) for f in fields) and np.array_equal(a.signature, b.signature)


def test_the_pool_gives_the_features_of_one_process_in_order():
    batch = articles(SMALL_BATCH + 37)
    expected = features_in_order(batch)
    with featurizer(processes=2) as featurize:
        small = featurize(batch[:5])
        assert featurize.executor is None  # a small batch stays in this process
        pooled = featurize(batch)
        assert featurize.executor is not None
    assert [f.article_id for f in pooled] == [a.article_id for a in batch]
    assert all(same(a, b) for a, b in zip(pooled, expected, strict=True))
    assert all(same(a, b) for a, b in zip(small, expected[:5], strict=True))
