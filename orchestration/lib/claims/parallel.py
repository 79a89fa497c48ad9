"""Figures and quotes on every core. An article's figures and quotes depend on nothing but its own text, sentences
and mentions, so a pool of worker processes reads batches of articles in order, as the story features are computed
(orchestration/lib/stories/parallel.py): workers forked from this process (orchestration/lib/workers.py), started
with the first batch large enough to pay for them, so a run that adds a few hundred articles stays in one process.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from orchestration.lib.claims.stage import extract_claims
from orchestration.lib.claims.text import ArticleText, tokenizer
from orchestration.lib.workers import SMALL_BATCH, TASK_ARTICLES, BatchPool

__all__ = ["SMALL_BATCH", "Extractor", "extractor"]


class Extractor(BatchPool):
    """extract_claims over a batch of (body_sha256, ArticleText), on the workers for large batches; the rows are those
    extract_claims gives, in order."""

    def __call__(self, articles: Sequence[tuple[str, ArticleText]]) -> tuple[pl.DataFrame, pl.DataFrame]:
        tokenizer()  # loaded before the workers fork from this process, so they share it
        workers = self.workers_for(len(articles))
        if workers is None:
            return extract_claims(articles)
        tasks = [articles[start : start + TASK_ARTICLES] for start in range(0, len(articles), TASK_ARTICLES)]
        parts = list(workers.map(extract_claims, tasks))
        return pl.concat([claims for claims, _ in parts]), pl.concat([quotes for _, quotes in parts])


def extractor(processes: int | None = None) -> Extractor:
    """An Extractor to use in a `with` block: its workers stop when the block ends."""
    return Extractor(processes)
