"""parse_article must never raise and must stay fast on pathological input."""

import time
from datetime import datetime

import pytest

from orchestration.lib.parsing import ParsedArticle, parse_article

NOW = datetime(2025, 1, 1)
ODD_INPUTS = [
    "",
    " ",
    "\n\n\n",
    "\u00a0\n\u00a0",
    "\x00\x01\x02\ufffd\ufffe" * 100,
    "".join(chr(i) for i in range(32, 2000)),
    "By",
    "By \n",
    "Title:",
    "Date: 9999-99-99",
    "Date: 0000-00-00",
    "Date: 12 May 99999",
    "URL: http://[::1",
    "URL: https://",
    "Source link : https://" + "a" * 5000,
    "Source: |",
    "Posted on by",
    "http://" * 1000,
    "a.b." * 10_000,
    "By " + "Jane " * 5000,
    "Updated " + "1" * 5000,
    "\n".join(["By Jane Doe"] * 1000),
    "Title\n\nTitle\n\nTitle",
    "See also",
    "🙂" * 1000,
]


@pytest.mark.parametrize("text", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_odd_input_never_raises_and_returns_a_parsed_article(text):
    article = parse_article(text, now=NOW)
    assert isinstance(article, ParsedArticle)
    assert isinstance(article.body, str)


def test_empty_input_gives_nothing_stated_and_empty_body():
    assert parse_article("") == ParsedArticle(None, None, None, None, None, None, None, None, "")


@pytest.mark.parametrize(
    "text",
    ["word " * 2_000_000, "x" * 10_000_000, "May 12, 2023 " * 700_000, "By " + "Jane Doe, " * 1_000_000],
    ids=["words", "one-token", "dates", "byline-like"],
)
def test_ten_million_character_single_line_parses_quickly(text):
    started = time.perf_counter()
    article = parse_article(text, now=NOW)
    assert time.perf_counter() - started < 2.0
    assert article.body == text.strip()


@pytest.mark.parametrize(
    "text",
    [
        "Posted by " + "Jane on " * 120,
        "By " + "Jane Doe, " * 95,
        " | ".join(["May 12, 2023"] * 15),
        " - ".join(["Jane Doe"] * 20),
        "Updated " + "3 hours ago " * 80,
        "\n".join(["Jane Doe | May 12, 2023 | 4 min read"] * 20_000),
        "\n".join(["By Jane Doe and John Roe, NIAMEY"] * 20_000),
        "By Jane Doe\n\n" + "\n".join(["Jane Doe is a reporter."] * 20_000),
    ],
    ids=["posted-by", "by-commas", "pipes", "dashes", "relative", "meta-lines", "bylines", "bio-lines"],
)
def test_metadata_shaped_floods_parse_quickly(text):
    started = time.perf_counter()
    article = parse_article(text, now=NOW)
    assert time.perf_counter() - started < 3.0
    assert isinstance(article.body, str)
