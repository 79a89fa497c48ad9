"""URLs and outlet domains: offline registrable domains, precedence, syndication statements."""

from datetime import datetime

import pytest

from orchestration.lib.parsing import parse_article
from orchestration.lib.parsing.domains import find_domain, find_url, registrable_domain

NOW = datetime(2025, 1, 1)
BODY = "The council met on Tuesday to discuss the budget."


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("https://www.themoscowtimes.com/2024/04/12/x", "themoscowtimes.com"),
        ("news.BBC.co.uk", "bbc.co.uk"),
        ("Nbcnews.com", "nbcnews.com"),
        ("thelocalreport.in", "thelocalreport.in"),
        ("Surja", None),
        ("http://127.0.0.1/x", None),
        ("", None),
        (None, None),
    ],
)
def test_registrable_domain_is_lower_case_and_uses_the_public_suffix_list(host, expected):
    assert registrable_domain(host) == expected


def test_url_in_a_line_is_found_without_trailing_punctuation():
    assert find_url("Original: https://example.com/a/b.html).") == "https://example.com/a/b.html"


def test_bare_domain_in_a_line_is_found_but_email_addresses_are_not():
    assert find_domain("Join Whatsapp Group of thelocalreport.in") == "thelocalreport.in"
    assert find_domain("write to desk@example.com") is None
    assert find_domain("The U.S. said so.") is None


@pytest.mark.parametrize("key", ["Source link :", "URL:", "Url:", "Original:", "Link:"])
def test_url_in_any_metadata_line_gives_url_and_source_domain(key):
    article = parse_article(f"{BODY}\n\n{key} https://www.example.com/story-1", now=NOW)
    assert article.url == "https://www.example.com/story-1"
    assert article.source_domain == "example.com"
    assert article.body == BODY


def test_domain_of_the_stated_url_wins_over_other_hints():
    text = (
        f"URL: https://www.example.com/story\n\n{BODY}\n\n"
        "Follow us on Twitter and Join Whatsapp Group of other.in\n"
        "Source: | This article originally belongs to Nbcnews.com"
    )
    article = parse_article(text, now=NOW)
    assert article.source_domain == "example.com"
    assert article.original_source_domain == "nbcnews.com"


def test_promotion_line_domain_wins_over_the_original_outlet():
    text = f"{BODY}\nFollow us on Twitter of mysite.in\nThis story was originally published on bbc.co.uk."
    article = parse_article(text, now=NOW)
    assert article.source_domain == "mysite.in"
    assert article.original_source_domain == "bbc.co.uk"
    assert article.body == BODY


def test_source_header_with_an_outlet_name_gives_source_name_only():
    article = parse_article(f"Source: Reuters\n\n{BODY}", now=NOW)
    assert article.source_name == "Reuters"
    assert article.source_domain is None
    assert article.author is None


def test_source_header_with_a_bare_domain_gives_source_domain():
    article = parse_article(f"Source: www.Example.org\n\n{BODY}", now=NOW)
    assert article.source_domain == "example.org"
    assert article.source_name is None


def test_domain_mentioned_in_body_text_is_not_a_source():
    article = parse_article("Officials posted the figures on health.gov.ng on Monday.", now=NOW)
    assert article.source_domain is None
    assert article.url is None


def test_footer_only_input_leaves_an_empty_body():
    text = (
        "Source link : https://www.example.com/x\n\nAuthor :\n\nPublish date : 2024-04-12 07:00:00\n\n"
        "Copyright for syndicated content belongs to the linked Source.\n\nExit mobile version"
    )
    article = parse_article(text, now=NOW)
    assert article.body == ""
    assert article.url == "https://www.example.com/x"


def test_standalone_originally_appeared_line_gives_the_original_outlet_and_is_removed():
    article = parse_article(f"{BODY}\nThis article originally appeared on www.theguardian.com.", now=NOW)
    assert article.original_source_domain == "theguardian.com"
    assert article.source_domain == "theguardian.com"
    assert article.body == BODY
