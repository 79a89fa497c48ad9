"""Story features on every core. An article's features (content terms, entity keys, MinHash signature and LSH bands:
clusters.features_of) depend on nothing stored, and they are over half of the stage's time; the placement that
follows is sequential by nature (each article sees the ones placed before it). So a pool of worker processes computes
the features of each batch, and this process then places the batch's articles.

Workers start as the NER stage's do (orchestration/lib/workers.py) and only when a batch is large enough to pay for
them: a run that adds a few hundred articles stays in one process.
"""

from __future__ import annotations

from collections.abc import Sequence

from orchestration.lib.stories.clusters import ArticleInput, Features, features_in_order, features_of
from orchestration.lib.workers import SMALL_BATCH, TASK_ARTICLES, BatchPool

__all__ = ["SMALL_BATCH", "Featurizer", "featurizer"]


class Featurizer(BatchPool):
    """A `featurize` for clusters.assign_stories: the features of each article, in order, on the workers for large
    batches."""

    def __call__(self, articles: Sequence[ArticleInput]) -> list[Features]:
        workers = self.workers_for(len(articles))
        if workers is None:
            return features_in_order(articles)
        return list(workers.map(features_of, articles, chunksize=TASK_ARTICLES))


def featurizer(processes: int | None = None) -> Featurizer:
    """A Featurizer to use in a `with` block: its workers stop when the block ends."""
    return Featurizer(processes)
