"""Figures and quotes on every core. An article's figures and quotes depend on nothing but its own text, sentences
and mentions, so a pool of worker processes reads batches of articles in order, as the story features are computed
(orchestration/lib/stories/parallel.py): workers forked from this process (orchestration/lib/workers.py), started
with the first batch large enough to pay for them, so a run that adds a few hundred articles stays in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

import polars as pl

from orchestration.lib.claims.stage import extract_claims
from orchestration.lib.claims.text import ArticleText, tokenizer
from orchestration.lib.workers import available_cores, die_with_parent, process_context

# Articles per task: large enough that sending the texts and the rows between processes stays a small part of the
# work (about 5 ms an article of ~500 words).
TASK_ARTICLES = 50
# Below this many articles a batch is read in this process: there would be few tasks per worker.
SMALL_BATCH = 4 * TASK_ARTICLES


class Extractor:
    """extract_claims over a batch of (body_sha256, ArticleText), on `processes` workers (default: one per core) for
    large batches, started with the first one; `close` stops them. The rows are those extract_claims gives, in order."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = available_cores() if processes is None else processes
        self.executor: ProcessPoolExecutor | None = None

    def __call__(self, articles: Sequence[tuple[str, ArticleText]]) -> tuple[pl.DataFrame, pl.DataFrame]:
        if self.processes <= 1 or len(articles) < SMALL_BATCH:
            return extract_claims(articles)
        if self.executor is None:
            tokenizer()  # loaded once here, shared by the forked workers
            self.executor = ProcessPoolExecutor(
                self.processes, mp_context=process_context(), initializer=die_with_parent, initargs=(os.getpid(),)
            )
        tasks = [articles[start : start + TASK_ARTICLES] for start in range(0, len(articles), TASK_ARTICLES)]
        parts = list(self.executor.map(extract_claims, tasks))
        return pl.concat([claims for claims, _ in parts]), pl.concat([quotes for _, quotes in parts])

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


@contextmanager
def extractor(processes: int | None = None) -> Iterator[Extractor]:
    """An Extractor whose workers stop when the block ends."""
    extract = Extractor(processes)
    try:
        yield extract
    finally:
        extract.close()
