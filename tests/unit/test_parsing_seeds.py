"""The five real seed articles: one story as five outlets published it."""

from datetime import datetime

import pytest

from evaluation.corpora import SEED_DIR
from orchestration.lib.parsing import parse_article

SEEDS = SEED_DIR
NOW = datetime(2025, 1, 1)


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _parse(prefix: str):
    return parse_article(_seed(prefix), now=NOW)


def test_aggregator_copy_takes_title_url_domain_and_date_from_its_header_and_footer():
    article = _parse("001")
    assert article.title == "Russia Sends Instructors, Air Defense System to Niger"
    assert article.url == (
        "https://www.themoscowtimes.com/2024/04/12/russia-sends-instructors-air-defense-system-to-niger-a84819"
    )
    assert article.source_domain == "themoscowtimes.com"
    assert article.published_at == datetime(2024, 4, 12, 7, 0, 0)
    assert article.published_at_text == "2024-04-12 07:00:00"


def test_aggregator_copy_with_empty_author_line_has_no_author():
    assert _parse("001").author is None


def test_aggregator_copy_says_it_republishes_the_linked_source():
    assert _parse("001").original_source_domain == "themoscowtimes.com"


def test_aggregator_copy_body_loses_repeated_title_and_footer():
    body = _parse("001").body
    assert body.startswith("Russian military instructors have arrived in Niger")
    assert body.endswith("Washington has curbed assistance to the government.")
    assert "Russia Sends Instructors" not in body
    for footer in (
        "Source link",
        "Author :",
        "Publish date",
        "Copyright for syndicated",
        "Exit mobile version",
    ):
        assert footer not in body


def test_blog_copy_takes_title_author_and_domain_from_its_page_furniture():
    article = _parse("003")
    assert article.title == "Russian military trainers arrive in Niger as relations with US sour"
    assert article.author == "Surja"
    assert article.source_domain == "thelocalreport.in"
    assert article.published_at is None
    assert article.published_at_text is None
    assert article.url is None


def test_blog_copy_body_is_only_the_story():
    body = _parse("003").body
    assert body.startswith("Footage broadcast on Niger state television")
    assert body.endswith("the broadcast said.")
    lines = body.split("\n")
    assert "Surja" not in lines
    for junk in (
        "By Surja",
        "Min Read",
        "See also",
        "Supreme Court",
        "Follow us",
        "Share This Article",
        "dedicated blog writer",
    ):
        assert junk not in body


def test_republished_copy_takes_its_domain_from_the_originally_belongs_to_line():
    article = _parse("004")
    assert article.source_domain == "nbcnews.com"
    assert article.original_source_domain == "nbcnews.com"
    assert (article.title, article.author, article.published_at, article.url) == (None, None, None, None)
    assert "originally belongs to" not in article.body
    assert article.body.endswith("in a bid to reverse the coup.")


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_bare_body_states_no_metadata_and_keeps_its_text(prefix):
    article = _parse(prefix)
    stated = (
        article.title,
        article.url,
        article.source_domain,
        article.source_name,
        article.original_source_domain,
        article.author,
        article.published_at,
        article.published_at_text,
    )
    assert stated == (None,) * 8
    assert article.body == _seed(prefix).strip()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_seed_gets_an_outlet_or_page_furniture_as_author(prefix):
    author = _parse(prefix).author
    assert author in (None, "Surja")
