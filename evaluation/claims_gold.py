"""The claims gold (evaluation/data/claims/, written for the project): figures.jsonl, short texts with the figures
each states, and stories.jsonl, small stories told by several outlets with the conflicting figure pairs expected.
Read here, apart from the scoring (claims_eval.py), so that splits.py can list their ids without importing spaCy."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.corpora import DATA_DIR

CLAIMS_DIR = Path("claims")
FIGURES_CORPUS = "claims_figures"
STORIES_CORPUS = "claims_stories"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_figure_items(corpora: Path = DATA_DIR) -> list[dict]:
    """{"id", "published" (ISO day or null), "text", "figures": [{"text", "value", "unit", "counted", "counted_key",
    "hedge", "as_of", and "value_low" / "value_high" for a range}]}."""
    return read_jsonl(corpora / CLAIMS_DIR / "figures.jsonl")


def read_stories(corpora: Path = DATA_DIR) -> list[dict]:
    """{"id", "articles": [{"id", "source", "published", "text"}], "conflicts": [{"a": {"article", "value",
    "counted_key"}, "b": {...}, "explained_by_time"}]}."""
    return read_jsonl(corpora / CLAIMS_DIR / "stories.jsonl")


def claims_gold_documents(corpora: Path = DATA_DIR) -> list[tuple[str, str]]:
    """(corpus, id) of every figure item and story: the units split dev / test (a story with all its articles)."""
    if not (corpora / CLAIMS_DIR).is_dir():
        return []
    return [(FIGURES_CORPUS, item["id"]) for item in read_figure_items(corpora)] + [
        (STORIES_CORPUS, story["id"]) for story in read_stories(corpora)
    ]
