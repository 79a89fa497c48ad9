"""Header and byline styles: key-value blocks, "By …" lines, read times and the title rule."""

from datetime import datetime

import pytest

from orchestration.lib.parsing import parse_article

NOW = datetime(2025, 1, 1)
BODY = "The council met on Tuesday to discuss the budget.\n\nIt adjourned without a vote."


def _parse(text: str):
    return parse_article(text, now=NOW)


@pytest.mark.parametrize("key", ["Title", "TITLE", "title", "Headline"])
def test_title_header_is_read_in_any_case_and_removed_from_body(key):
    article = _parse(f"{key}: Council delays budget vote\n\n{BODY}")
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


def test_key_value_block_at_the_top_gives_every_stated_field():
    text = (
        "Title: Council delays budget vote\n"
        "Date: 12 May 2023\n"
        "Url: https://www.example.co.uk/news/council-budget\n"
        "Author: Jane Doe\n"
        "Source: Example Gazette\n\n" + BODY
    )
    article = _parse(text)
    assert article.title == "Council delays budget vote"
    assert article.published_at == datetime(2023, 5, 12)
    assert article.published_at_text == "12 May 2023"
    assert article.url == "https://www.example.co.uk/news/council-budget"
    assert article.source_domain == "example.co.uk"
    assert article.author == "Jane Doe"
    assert article.source_name == "Example Gazette"
    assert article.body == BODY


def test_by_colon_header_gives_the_author():
    assert _parse(f"By: Jane Doe\n\n{BODY}").author == "Jane Doe"


def test_title_header_duplicated_as_first_line_is_removed_from_body():
    article = _parse(f"Title: Council delays budget vote\n\nCouncil delays budget vote\n\n{BODY}")
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


def test_byline_author_is_taken_from_by_line():
    article = _parse(f"By Jane Doe\n\n{BODY}")
    assert article.author == "Jane Doe"
    assert article.body == BODY


def test_byline_with_two_authors_keeps_both_joined_by_and():
    assert _parse(f"By Jane Doe and John Roe\n\n{BODY}").author == "Jane Doe and John Roe"


def test_byline_with_three_authors_joins_every_name_with_and():
    assert _parse(f"By Jane Doe, John Roe and Ann Lee\n\n{BODY}").author == "Jane Doe and John Roe and Ann Lee"


def test_name_list_followed_by_a_place_keeps_every_name():
    assert _parse(f"By Jane Doe, John Roe and Ann Lee, LAGOS\n\n{BODY}").author == "Jane Doe and John Roe and Ann Lee"


def test_byline_drops_a_capitalised_place_after_the_comma():
    assert _parse(f"By Jane Doe, NIAMEY\n\n{BODY}").author == "Jane Doe"


def test_byline_drops_a_role_after_the_comma():
    assert _parse(f"By Jane Doe, Staff Writer\n\n{BODY}").author == "Jane Doe"


@pytest.mark.parametrize(
    "line",
    [
        "By Reuters",
        "By The Associated Press",
        "By Agence France-Presse",
        "Email the author",
        "2 Min Read",
        "Share This Article",
        "By thelocalreport.in",
        "By Bloomberg",
    ],
)
def test_outlets_and_page_furniture_never_become_the_author(line):
    article = _parse(f"{line}\n\n{BODY}")
    assert article.author is None
    assert article.body == BODY


def test_single_word_byline_needs_a_matching_name_line_to_count():
    article = _parse(f"Council delays budget vote\n\nSurja\nBy Surja\n5 min read\n\n{BODY}")
    assert article.author == "Surja"
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


@pytest.mark.parametrize("line", ["2 Min Read", "2 min read", "12 minute read"])
def test_read_time_lines_are_removed(line):
    assert _parse(f"By Jane Doe\n{line}\n\n{BODY}").body == BODY


def test_posted_on_date_by_name_gives_date_and_author():
    article = _parse(f"Posted on May 12, 2023 by Jane Doe\n\n{BODY}")
    assert article.published_at == datetime(2023, 5, 12)
    assert article.published_at_text == "May 12, 2023"
    assert article.author == "Jane Doe"
    assert article.body == BODY


def test_published_colon_header_gives_the_date():
    article = _parse(f"Published: 2023-05-12T08:30:00Z\n\n{BODY}")
    assert article.published_at == datetime(2023, 5, 12, 8, 30)
    assert article.body == BODY


def test_updated_line_with_time_zone_is_converted_to_utc():
    article = _parse(f"Updated May 12, 2023, 8:30 AM EDT\n\n{BODY}")
    assert article.published_at == datetime(2023, 5, 12, 12, 30)
    assert article.body == BODY


def test_published_date_wins_over_updated_date():
    text = f"Updated: May 14, 2023\nPublished: May 12, 2023\n\n{BODY}"
    assert _parse(text).published_at == datetime(2023, 5, 12)


def test_sentence_starting_with_updated_stays_in_body():
    text = "Updated figures show the deficit widened in May."
    article = _parse(text)
    assert article.published_at is None
    assert article.body == text


def test_first_line_is_a_title_when_a_byline_follows_it():
    article = _parse(f"Council delays budget vote\n\nBy Jane Doe\n\n{BODY}")
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


def test_first_line_is_a_title_when_it_is_repeated():
    article = _parse(f"Council delays budget vote\n\nCouncil delays budget vote\n\n{BODY}")
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


def test_short_first_line_standing_alone_above_the_paragraphs_is_a_title():
    article = _parse(f"Council delays budget vote\n\n{BODY}")
    assert article.title == "Council delays budget vote"
    assert article.body == BODY


def test_short_first_line_running_straight_into_the_text_is_not_a_title():
    text = "Council delays budget vote\nThe council met on Tuesday to discuss the budget.\nIt adjourned."
    article = _parse(text)
    assert article.title is None
    assert article.body == text


def test_short_first_line_above_more_short_lines_only_is_not_a_title():
    text = "Agenda\n\nBudget\n\nBus routes\n\nAny other business"
    article = _parse(text)
    assert article.title is None
    assert article.body == text


def test_first_line_ending_in_a_full_stop_is_not_a_title():
    assert _parse(f"The council delayed its vote.\n\nBy Jane Doe\n\n{BODY}").title is None


def test_first_line_directly_above_its_byline_is_a_title():
    article = _parse(f"Council delays budget vote\nBy Jane Doe\n\n{BODY}")
    assert (article.title, article.author, article.body) == ("Council delays budget vote", "Jane Doe", BODY)


def test_overlong_first_line_is_not_a_title():
    long_line = " ".join(["word"] * 40)
    assert _parse(f"{long_line}\n\nBy Jane Doe\n\n{BODY}").title is None


def test_headline_ending_in_an_abbreviation_is_still_a_title():
    assert _parse(f"Russia courts allies of the U.S.\n\nBy Jane Doe\n\n{BODY}").title == (
        "Russia courts allies of the U.S."
    )


def test_see_also_sentence_in_body_is_kept_but_see_also_link_is_removed():
    text = f"{BODY}\n\nSee also: Council approves new bus routes\n\nSee also the annexed report for details."
    body = _parse(text).body
    assert "bus routes" not in body
    assert body.endswith("See also the annexed report for details.")


def test_author_bio_after_a_trailing_byline_is_removed():
    text = f"{BODY}\n\nShare This Article\nBy Jane Doe\nJane Doe covers city hall for the paper."
    article = _parse(text)
    assert article.author == "Jane Doe"
    assert article.body == BODY


def test_trailing_text_not_about_the_author_after_a_byline_is_kept():
    text = f"{BODY}\n\nBy Jane Doe\nThe council meets again next week."
    assert _parse(text).body.endswith("The council meets again next week.")


def test_date_after_a_byline_separator_is_the_publication_date():
    article = _parse(f"By Jane Doe | May 12, 2023\n\n{BODY}")
    assert article.author == "Jane Doe"
    assert article.published_at == datetime(2023, 5, 12)
    assert article.body == BODY


def test_related_link_line_is_removed_but_a_sentence_opening_with_related_is_kept():
    text = f"{BODY}\n\nRelated: Council approves new bus routes\n\nRelated to the vote was a dispute over buses"
    body = _parse(text).body
    assert "bus routes" not in body
    assert body.endswith("Related to the vote was a dispute over buses")


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ("Author: Jane Doe, John Roe", "Jane Doe and John Roe"),
        ("Authors: Jane Doe; John Roe & Ann Lee", "Jane Doe and John Roe and Ann Lee"),
        ("Author: Jane Doe, Staff Writer", "Jane Doe"),
        ("Author: By Jane Doe", "Jane Doe"),
        ("author: ruth nakato", "ruth nakato"),
        ("Author: Staff", "Staff"),
        ("Author: Reuters", None),
        ("Author:", None),
    ],
)
def test_author_header_lists_people_and_nothing_else(header, author):
    article = _parse(f"{header}\n\n{BODY}")
    assert article.author == author
    assert article.body == BODY


def test_author_header_gives_way_to_a_byline_naming_the_same_person_with_co_authors():
    assert _parse(f"Author: Jane Doe\n\nBy Jane Doe and John Roe\n\n{BODY}").author == "Jane Doe and John Roe"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("BY JANE DOE AND JOHN ROE", "JANE DOE and JOHN ROE"),
        ("By Jane Doe in Niamey", "Jane Doe"),
        ("By Jane Doe for the BBC", "Jane Doe"),
        ("By Jane Doe and Agencies", "Jane Doe"),
        ("Reported by Jane Doe", "Jane Doe"),
        ("Jane Doe | May 12, 2023", "Jane Doe"),
    ],
)
def test_byline_variants(line, author):
    article = _parse(f"Council delays budget vote\n\n{line}\n\n{BODY}")
    assert (article.title, article.author, article.body) == ("Council delays budget vote", author, BODY)


@pytest.mark.parametrize(
    "sentence",
    ["By Jane Doe, the council was told to wait.", "By Monday and Tuesday, the roads had reopened."],
)
def test_sentence_opening_with_by_and_a_name_stays_in_the_body(sentence):
    article = _parse(f"{BODY}\n\n{sentence}")
    assert article.author is None
    assert article.body.endswith(sentence)


def test_bio_below_an_about_the_author_heading_is_removed():
    text = f"By Jane Doe\n\n{BODY}\n\nAbout the author\nShe has covered city hall since 2015."
    article = _parse(text)
    assert (article.author, article.body) == ("Jane Doe", BODY)


def test_tags_and_category_lines_are_removed():
    assert _parse(f"{BODY}\n\nTags: budget, council, buses\nCategories: Local news").body == BODY


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Ana Ruiz and Tom Berg", ["Ana Ruiz", "Tom Berg"]),
        ("By Ana Ruiz, Tom Berg & Lea Kim", ["Ana Ruiz", "Tom Berg", "Lea Kim"]),
        ("By Ana Ruiz / Tom Berg", ["Ana Ruiz", "Tom Berg"]),
        ("Author: Ana Ruiz", ["Ana Ruiz"]),
    ],
)
def test_several_authors_of_a_text_are_listed_one_by_one(byline, authors):
    article = parse_article(f"Harbour cranes stand idle\n\n{byline}\n\nThe port closed early on Friday after a storm.")
    assert article.authors == authors
    assert article.author == " and ".join(authors)


def test_a_text_without_an_author_has_no_authors_list():
    assert parse_article("Harbour cranes stand idle\n\nThe port closed early on Friday.").authors is None
