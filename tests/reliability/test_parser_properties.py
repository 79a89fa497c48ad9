"""Property-based tests (hypothesis) of the parsers and of NER offsets: for any text the parsers never raise, and
every mention offset lies inside its body and cuts out exactly the mention's text."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.lib.nlp import mentions as mentions_module
from orchestration.lib.nlp.mentions import chunk_text, extract_mentions, load_pipeline
from orchestration.lib.parsing import ParsedArticle, parse_article, parse_articles, parse_document
from reliability.hostile_corpus import INJECTIONS, ORGS, PEOPLE, PLACES

EXAMPLES = int(os.environ.get("NEWSMON_RELIABILITY_EXAMPLES", 50))
NOW = datetime(2025, 6, 1, 12, 0)
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Fragments that steer the parser into its rules: headers, bylines, dates, footers, URLs, markup, payloads.
FRAGMENTS = [
    "Title: ",
    "By ",
    "By Jane Doe and John Smith, Reuters",
    "Author :",
    "Source link : https://www.example.co.uk/news/a?b=c",
    "Publish date : 2024-02-30",
    "Published: Friday, January 4, 2019",
    "Updated 3:15 p.m. ET, Tue March 5, 2024",
    "Posted on 31/12/2023 by admin",
    "Copyright for syndicated content belongs to the linked source.",
    "Exit mobile version",
    "Share This Article",
    "5 Min Read",
    "Source: | This article originally belongs to Nbcnews.com",
    "Follow us on Twitter of example.com",
    "See also: ",
    "late Thursday",
    "http://",
    "www.",
    "<html>",
    "<!doctype html>",
    "{",
    "}",
    '"maintext":',
    "\u200b",
    "\ufeff",
    "\r\n",
    "\n\n",
    "\t",
    " ",
    *PEOPLE[:4],
    *PLACES[:4],
    *INJECTIONS[:3],
]

texts = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=2000),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=60).map("".join),
    st.lists(st.sampled_from(FRAGMENTS + ["\n"] * 10), max_size=80).map("".join),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
json_records = st.fixed_dictionaries(
    {},
    optional={
        "title": json_values | texts,
        "maintext": texts,
        "text": json_values,
        "date_publish": json_values | st.sampled_from(["2024-01-01 10:00:00", "yesterday", "2099-01-01"]),
        "authors": json_values | st.lists(texts, max_size=3),
        "source_domain": json_values | st.sampled_from(["bbc.co.uk", "..", "http://x", ""]),
        "url": json_values | texts,
    },
).map(lambda record: json.dumps(record, ensure_ascii=False))


def assert_well_formed(parsed: ParsedArticle) -> None:
    assert isinstance(parsed, ParsedArticle)
    assert isinstance(parsed.body, str)
    for name in ("title", "url", "source_domain", "source_name", "author", "published_at_text"):
        value = getattr(parsed, name)
        assert value is None or isinstance(value, str), (name, value)
    assert parsed.published_at is None or isinstance(parsed.published_at, datetime)


@PROPERTY
@given(texts)
def test_parse_article_never_raises(text: str):
    assert_well_formed(parse_article(text, now=NOW))


@PROPERTY
@given(st.sampled_from(["text", "html", "json", None]), texts | json_records)
def test_parse_document_never_raises_for_any_kind(kind: str | None, payload: str):
    assert_well_formed(parse_document(kind, payload, now=NOW))


@PROPERTY
@given(json_records)
def test_parse_json_record_never_raises(payload: str):
    assert_well_formed(parse_document("json", payload, now=NOW))


@PROPERTY
@given(st.lists(texts, min_size=1, max_size=5))
def test_parse_articles_gives_one_row_per_text_with_consistent_hashes(batch: list[str]):
    import polars as pl

    frame = parse_articles(pl.DataFrame({"text_sha256": [str(i) for i in range(len(batch))], "text": batch}), now=NOW)
    assert frame.height == len(batch)
    for body, body_sha, words in frame.select("body", "body_sha256", "word_count").iter_rows():
        assert hashlib.sha256(body.encode("utf-8")).hexdigest() == body_sha
        assert 0 <= words <= len(body)


# --- NER offsets --------------------------------------------------------------------------------------------------

bodies = st.lists(
    st.one_of(
        st.sampled_from(PEOPLE + PLACES + ORGS),
        st.sampled_from([" ", " ", ". ", ", ", "\n", "\n\n", " said ", " met ", " in ", "'s ", "\u00a0", "\t"]),
        st.text(max_size=12),
    ),
    min_size=1,
    max_size=60,
).map("".join)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def assert_offsets_inside(frame, batch: list[tuple[str, str]]) -> None:
    body_of = dict(batch)
    for sha, text, start, end, sentence in frame.select(
        "body_sha256", "mention_text", "char_start", "char_end", "sentence_index"
    ).iter_rows():
        body = body_of[sha]
        assert 0 <= start < end <= len(body), (start, end, len(body))
        assert body[start:end] == text
        assert sentence >= 0


def test_extract_mentions_offsets_lie_inside_the_body(nlp):
    @PROPERTY
    @given(st.lists(bodies, min_size=1, max_size=3))
    def check(texts_: list[str]):
        batch = [(hashlib.sha256(t.encode()).hexdigest() + str(i), t) for i, t in enumerate(texts_)]
        assert_offsets_inside(extract_mentions(nlp, batch), batch)

    check()


def test_extract_mentions_offsets_survive_chunking(nlp):
    """Long bodies are cut into chunks for spaCy: with tiny chunks, offsets must still point into the whole body."""

    @PROPERTY
    @given(bodies, st.integers(min_value=20, max_value=120))
    def check(body: str, chunk: int):
        # The chunk size is a module constant (100,000); a small one makes every body span several chunks.
        with mock.patch.object(mentions_module, "MAX_CHUNK_CHARS", chunk):
            frame = extract_mentions(nlp, [("b", body)])
        assert_offsets_inside(frame, [("b", body)])

    check()


@PROPERTY
@given(st.text(), st.integers(min_value=1, max_value=200))
def test_chunks_cover_the_text_exactly(text: str, max_chars: int):
    chunks = chunk_text(text, max_chars)
    assert "".join(piece for _, piece in chunks) == text
    assert all(text[start : start + len(piece)] == piece and len(piece) <= max_chars for start, piece in chunks)
