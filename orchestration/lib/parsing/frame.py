"""parse_articles: the batch (Polars) form of parse_article, parse_html and parse_json_record."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import datetime

import polars as pl

from orchestration.lib.ingest.limits import TimeLimitExceeded, internal_error_reason, time_limit, time_limit_reason

from .article import PARSER_VERSION, ParsedArticle, parse_article
from .botwall import bot_wall_reason
from .html import parse_html
from .json_record import parse_json_record

_FIELDS = [field.name for field in dataclasses.fields(ParsedArticle)]
_SCHEMA = {
    "text_sha256": pl.String,
    **{name: pl.String for name in _FIELDS},
    "published_at": pl.Datetime("us"),
    "published_local": pl.Datetime("us"),
    "published_utc_offset_minutes": pl.Int32,
    "authors": pl.List(pl.String),
    "body_sha256": pl.String,
    "parse_error": pl.String,
}
# The ingest stage's record kinds and their parsers; a missing kind column or a null kind means "text".
PARSERS: dict[str, Callable[..., ParsedArticle]] = {
    "text": parse_article,
    "html": parse_html,
    "json": parse_json_record,
}
DEFAULT_KIND = "text"
# Output column order: key, parsed fields, then derived columns.
OUTPUT_COLUMNS = ["text_sha256", *_FIELDS, "authors", "word_count", "body_sha256", "parser_version", "parse_error"]
# What a record that failed to parse becomes: no metadata and an empty body, which quarantines its files downstream
# with `parse_error` as the reason.
FAILED = ParsedArticle(None, None, None, None, None, None, None, None, "")


def parse_document(kind: str | None, payload: str, *, now: datetime | None = None) -> ParsedArticle:
    """Parse one ingest record with the parser for its kind ("text", "html" or "json"; None means "text").

    The parsers never raise; an unknown kind is a bug in the caller and raises ValueError.
    """
    parser = PARSERS.get(DEFAULT_KIND if kind is None else kind)
    if parser is None:
        raise ValueError(f"unknown document kind {kind!r}; expected one of {sorted(PARSERS)}")
    return parser(payload if isinstance(payload, str) else "", now=now)


def _parse_within_limits(kind: str | None, text: str, now: datetime | None) -> tuple[ParsedArticle, str | None]:
    """One record's parse, or FAILED and the reason when it ran over the time limit or raised: one bad record must
    not stop the run (the parsers are meant never to raise; this is the net under that promise)."""
    try:
        with time_limit():
            return parse_document(kind, text, now=now), None
    except TimeLimitExceeded:
        return FAILED, time_limit_reason()
    except Exception as exc:  # noqa: BLE001 - quarantined with the exception's type, counted by a warning check
        return FAILED, internal_error_reason(exc)


def parse_articles(documents: pl.DataFrame, *, now: datetime | None = None) -> pl.DataFrame:
    """Parse every row of a (text_sha256, text[, kind]) frame; one output row per input row, in input order.

    ``kind`` says how to read ``text`` ("text", "html" or "json"); without the column, or where it is null,
    a row is plain text. An unknown kind raises ValueError before anything is parsed.
    """
    texts = documents["text"].to_list()
    kinds = documents["kind"].to_list() if "kind" in documents.columns else [None] * len(texts)
    unknown = {kind for kind in kinds if kind is not None and kind not in PARSERS}
    if unknown:
        raise ValueError(f"unknown document kinds {sorted(map(str, unknown))}; expected one of {sorted(PARSERS)}")
    columns: dict[str, list] = {name: [] for name in _SCHEMA}
    for sha, text, kind in zip(documents["text_sha256"].to_list(), texts, kinds, strict=True):
        parsed, error = _parse_within_limits(kind, text, now)
        wall = bot_wall_reason(parsed.title, parsed.body) if error is None else None
        if wall is not None:  # quarantined with the reason, like a text that failed to parse
            parsed, error = FAILED, wall
        columns["text_sha256"].append(sha)
        columns["parse_error"].append(error)
        for name in _FIELDS:
            columns[name].append(getattr(parsed, name))
        columns["authors"].append(parsed.authors)
        columns["body_sha256"].append(hashlib.sha256(parsed.body.encode("utf-8")).hexdigest())
    # An explicit schema keeps dtypes right even when every value is None or the input is empty.
    frame = pl.DataFrame(columns, schema=_SCHEMA)
    return frame.with_columns(
        word_count=pl.col("body").str.count_matches(r"\S+").cast(pl.Int64),
        parser_version=pl.lit(PARSER_VERSION, dtype=pl.String),
    ).select(OUTPUT_COLUMNS)
