"""parse_articles: the batch (Polars) form of parse_article."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime

import polars as pl

from .article import PARSER_VERSION, ParsedArticle, parse_article

_FIELDS = [field.name for field in dataclasses.fields(ParsedArticle)]
_SCHEMA = {
    "text_sha256": pl.String,
    **{name: pl.String for name in _FIELDS},
    "published_at": pl.Datetime("us"),
    "body_sha256": pl.String,
}
# Output column order: key, parsed fields, then derived columns.
OUTPUT_COLUMNS = ["text_sha256", *_FIELDS, "word_count", "body_sha256", "parser_version"]


def parse_articles(documents: pl.DataFrame, *, now: datetime | None = None) -> pl.DataFrame:
    """Parse every row of a (text_sha256, text) frame; one output row per input row, in input order."""
    columns: dict[str, list] = {name: [] for name in _SCHEMA}
    for sha, text in zip(documents["text_sha256"].to_list(), documents["text"].to_list(), strict=True):
        parsed = parse_article(text if isinstance(text, str) else "", now=now)
        columns["text_sha256"].append(sha)
        for name in _FIELDS:
            columns[name].append(getattr(parsed, name))
        columns["body_sha256"].append(hashlib.sha256(parsed.body.encode("utf-8")).hexdigest())
    # An explicit schema keeps dtypes right even when every value is None or the input is empty.
    frame = pl.DataFrame(columns, schema=_SCHEMA)
    return frame.with_columns(
        word_count=pl.col("body").str.count_matches(r"\S+").cast(pl.Int64),
        parser_version=pl.lit(PARSER_VERSION, dtype=pl.String),
    ).select(OUTPUT_COLUMNS)
