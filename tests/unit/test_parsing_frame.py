"""parse_articles: the Polars batch form."""

import hashlib
from datetime import datetime

import polars as pl

from orchestration.lib.parsing import PARSER_VERSION, parse_article, parse_articles

NOW = datetime(2025, 1, 1)
EXPECTED_SCHEMA = {
    "text_sha256": pl.String,
    "title": pl.String,
    "url": pl.String,
    "source_domain": pl.String,
    "source_name": pl.String,
    "original_source_domain": pl.String,
    "author": pl.String,
    "published_at": pl.Datetime("us"),
    "published_at_text": pl.String,
    "body": pl.String,
    "published_local": pl.Datetime("us"),
    "published_utc_offset_minutes": pl.Int32,
    "authors": pl.List(pl.String),
    "word_count": pl.Int64,
    "body_sha256": pl.String,
    "parser_version": pl.String,
    "parse_error": pl.String,
}
TEXTS = [
    "Title: Council delays vote\nDate: 12 May 2023\n\nThe council met on Tuesday.",
    "Exit mobile version",
    "Just one  line\twith   odd spacing.",
]


def _documents(texts: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"text_sha256": [hashlib.sha256(t.encode()).hexdigest() for t in texts], "text": texts},
        schema={"text_sha256": pl.String, "text": pl.String},
    )


def test_empty_input_yields_an_empty_frame_with_the_right_dtypes():
    result = parse_articles(_documents([]), now=NOW)
    assert result.height == 0
    assert dict(result.schema) == EXPECTED_SCHEMA


def test_one_row_per_input_in_order_with_the_right_dtypes():
    documents = _documents(TEXTS)
    result = parse_articles(documents, now=NOW)
    assert dict(result.schema) == EXPECTED_SCHEMA
    assert result["text_sha256"].to_list() == documents["text_sha256"].to_list()


def test_rows_carry_the_same_fields_as_parse_article():
    result = parse_articles(_documents(TEXTS), now=NOW)
    for row, text in zip(result.iter_rows(named=True), TEXTS, strict=True):
        article = parse_article(text, now=NOW)
        for field in (
            "title",
            "url",
            "source_domain",
            "author",
            "authors",
            "published_at",
            "published_at_text",
            "published_local",
            "published_utc_offset_minutes",
            "body",
        ):
            assert row[field] == getattr(article, field)


def test_word_count_body_hash_and_parser_version_are_derived_from_the_body():
    result = parse_articles(_documents(TEXTS), now=NOW)
    assert result["word_count"].to_list() == [5, 0, 6]
    assert result["body_sha256"][1] == hashlib.sha256(b"").hexdigest()
    assert result["body_sha256"][0] == hashlib.sha256(b"The council met on Tuesday.").hexdigest()
    assert result["parser_version"].to_list() == [PARSER_VERSION] * 3
    assert result["published_at"][0] == datetime(2023, 5, 12)


def test_null_text_is_parsed_as_empty():
    documents = pl.DataFrame(
        {"text_sha256": ["x"], "text": [None]}, schema={"text_sha256": pl.String, "text": pl.String}
    )
    row = parse_articles(documents, now=NOW).row(0, named=True)
    assert row["body"] == "" and row["word_count"] == 0 and row["title"] is None


def test_a_parser_that_raises_fails_only_its_own_text(monkeypatch):
    from orchestration.lib.parsing import frame

    def broken(payload: str, *, now=None):
        raise KeyError("a parser bug")

    monkeypatch.setitem(frame.PARSERS, "html", broken)
    documents = _documents(TEXTS[:2]).with_columns(kind=pl.Series(["text", "html"]))
    result = parse_articles(documents, now=NOW)
    assert result["parse_error"].to_list() == [None, "internal error: KeyError"]
    assert result["body"][1] == "" and result["title"][0] == "Council delays vote"
