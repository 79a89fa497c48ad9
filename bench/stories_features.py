"""Benchmark: the story stage's article features on both cores against one process, over a real working database.

    uv run --frozen python bench/stories_features.py --working WAREHOUSE/news.work.duckdb [--articles 3000]

A copy of the working database (never the original) has its story tables emptied; the oldest `--articles` current
articles are then placed as the stage places them (batches of 1,000: `pending_articles`, `assign_stories`,
`store_batch`), once with the features computed in this process and once with `stories.parallel.featurizer` (one
worker per core). Printed: the seconds of the features alone (computed once more, outside the placement) and of the
whole placement, for each. The working database can come from `make run` or `bench/warehouse_growth.py --keep`.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib.stories.clusters import assign_stories, features_in_order
from orchestration.lib.stories.parallel import featurizer
from orchestration.lib.warehouse import stories
from orchestration.lib.workers import available_cores


def place(working: Path, articles: int, featurize: Callable) -> tuple[float, float, int]:
    """(seconds of the features alone, seconds of the placement, articles placed) on a fresh copy."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "stories.duckdb"
        shutil.copyfile(working, copy)
        with duckdb.connect(str(copy)) as con:
            for table in stories.STORY_TABLES:
                con.execute(f"delete from landing.{table}")
            features = placing = 0.0
            placed = 0
            while placed < articles and (batch := stories.pending_articles(con, min(1000, articles - placed))):
                start = time.perf_counter()
                featurize(batch)
                features += time.perf_counter() - start
                start = time.perf_counter()
                stories.store_batch(
                    con, assign_stories(batch, stories.DuckDBStoryIndex(con), featurize), datetime.now(UTC)
                )
                placing += time.perf_counter() - start
                placed += len(batch)
    return features, placing, placed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--working", type=Path, required=True, help="a working database (news.work.duckdb)")
    parser.add_argument("--articles", type=int, default=3000)
    args = parser.parse_args()
    print(f"{available_cores()} cores; {args.working}; the oldest {args.articles:,} articles")
    print("| features | articles | features alone (s) | placement (s) |")
    print("|---|---:|---:|---:|")
    features, placing, placed = place(args.working, args.articles, features_in_order)
    print(f"| one process | {placed:,} | {features:.1f} | {placing:.1f} |")
    with featurizer() as pooled:
        features, placing, placed = place(args.working, args.articles, pooled)
    print(f"| {available_cores()} worker processes | {placed:,} | {features:.1f} | {placing:.1f} |")


if __name__ == "__main__":
    main()
