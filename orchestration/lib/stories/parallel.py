"""Story features on every core. An article's features (content terms, entity keys, MinHash signature and LSH bands:
clusters.features_of) depend on nothing stored, and they are over half of the stage's time; the placement that
follows is sequential by nature (each article sees the ones placed before it). So a pool of worker processes computes
the features of each batch, and this process then places the batch's articles.

Workers start as the NER stage's do (orchestration/lib/workers.py) and only when a batch is large enough to pay for
them: a run that adds a few hundred articles stays in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from orchestration.lib.stories.clusters import ArticleInput, Features, features_in_order, features_of
from orchestration.lib.workers import available_cores, die_with_parent, process_context

# Articles per task: large enough that sending an article and its features between processes stays a small part of
# the work.
TASK_ARTICLES = 50
# Below this many articles a batch is featurised in this process: there would be few tasks per worker.
SMALL_BATCH = 4 * TASK_ARTICLES


class Featurizer:
    """A `featurize` for clusters.assign_stories: `processes` workers (default: one per core) for large batches,
    started with the first one; `close` stops them."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = available_cores() if processes is None else processes
        self.executor: ProcessPoolExecutor | None = None

    def __call__(self, articles: Sequence[ArticleInput]) -> list[Features]:
        if self.processes <= 1 or len(articles) < SMALL_BATCH:
            return features_in_order(articles)
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.processes, mp_context=process_context(), initializer=die_with_parent, initargs=(os.getpid(),)
            )
        return list(self.executor.map(features_of, articles, chunksize=TASK_ARTICLES))

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


@contextmanager
def featurizer(processes: int | None = None) -> Iterator[Featurizer]:
    """A Featurizer whose workers stop when the block ends."""
    featurize = Featurizer(processes)
    try:
        yield featurize
    finally:
        featurize.close()
