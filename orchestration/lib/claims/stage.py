"""The claims stage over many bodies: each body's figures (figures.py) and quotes (quotes.py) as the rows of
landing.claims and landing.quotes, numbered per body in text order."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable

import polars as pl

from orchestration.lib.claims.figures import CLAIMS_VERSION, extract_figures
from orchestration.lib.claims.quotes import QUOTES_VERSION, extract_quotes
from orchestration.lib.claims.text import ArticleText, make_doc

# One stamp for the stage: the figure and quote rules (each a hash of its rule files) together.
STAGE_VERSION = hashlib.sha256(f"{CLAIMS_VERSION}/{QUOTES_VERSION}".encode()).hexdigest()[:12]

CLAIM_SCHEMA = {
    "body_sha256": pl.String,
    "claim_index": pl.Int32,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "figure_text": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "counted": pl.String,
    "counted_key": pl.String,
    "about_mentions": pl.List(pl.Int32),
    "hedge": pl.String,
    "value_low": pl.Float64,
    "value_high": pl.Float64,
    "as_of_text": pl.String,
    "as_of_date": pl.Date,
}
QUOTE_SCHEMA = {
    "body_sha256": pl.String,
    "quote_index": pl.Int32,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "quote_text": pl.String,
    "speaker_text": pl.String,
    "speaker_mention": pl.Int32,
    "kind": pl.String,
    "cue": pl.String,
}


def _row(sha: str, index_name: str, index: int, item: object, schema: dict) -> dict:
    row = {"body_sha256": sha, index_name: index, **dataclasses.asdict(item)}
    if "about_mentions" in row:
        row["about_mentions"] = list(row["about_mentions"] or ())
    return {name: row.get(name) for name in schema}


def extract_claims(articles: Iterable[tuple[str, ArticleText]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(claims, quotes) of each (body_sha256, article): the frames landing.claims and landing.quotes hold."""
    claims, quotes = [], []
    for sha, article in articles:
        doc = make_doc(article)  # the tokens both read: made once
        figures = sorted(extract_figures(article, doc), key=lambda f: (f.char_start, f.char_end))
        claims += [_row(sha, "claim_index", i, f, CLAIM_SCHEMA) for i, f in enumerate(figures)]
        said = sorted(extract_quotes(article, doc), key=lambda q: (q.char_start, q.char_end))
        quotes += [_row(sha, "quote_index", i, q, QUOTE_SCHEMA) for i, q in enumerate(said)]
    return pl.DataFrame(claims, schema=CLAIM_SCHEMA), pl.DataFrame(quotes, schema=QUOTE_SCHEMA)
