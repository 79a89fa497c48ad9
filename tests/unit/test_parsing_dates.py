"""Stated dates: common English forms, UTC normalisation, and the cases that must stay None."""

from datetime import UTC, date, datetime, timedelta

import pytest

from orchestration.lib.parsing import parse_article
from orchestration.lib.parsing.dates import is_date_only, parse_date, parse_stated_date, stated_days

NOW = datetime(2025, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 May 2023", datetime(2023, 5, 12)),
        ("May 12, 2023", datetime(2023, 5, 12)),
        ("2023-05-12T08:30:00Z", datetime(2023, 5, 12, 8, 30)),
        ("Fri, 12 May 2023 08:30:00 GMT", datetime(2023, 5, 12, 8, 30)),
        ("Friday, January 4, 2019", datetime(2019, 1, 4)),
        ("2024-04-12 07:00:00", datetime(2024, 4, 12, 7, 0)),
        ("2023-05-12T08:30:00+02:00", datetime(2023, 5, 12, 6, 30)),
        ("May 12, 2023, 8:30 a.m. EDT", datetime(2023, 5, 12, 12, 30)),
        ("Sat 20 Jan 2024 09.30 GMT", datetime(2024, 1, 20, 9, 30)),
        ("12 May 2023 | 08:30 GMT", datetime(2023, 5, 12, 8, 30)),
        ("Jan. 5, 2024, 10:00 p.m. ET", datetime(2024, 1, 6, 3, 0)),  # ET in winter is UTC-5
        ("July 4, 2023 at 6:00 PM PT", datetime(2023, 7, 5, 1, 0)),  # PT in summer is UTC-7
        ("12th May 2023 at 10:15 am", datetime(2023, 5, 12, 10, 15)),
        ("Wednesday, 6 March 2024 14:05 WAT", datetime(2024, 3, 6, 13, 5)),
    ],
)
def test_common_english_date_forms_parse_to_naive_utc(text, expected):
    assert parse_date(text, now=NOW) == expected


def test_impossible_date_is_none_not_an_error():
    assert parse_date("2024-13-45", now=NOW) is None


def test_date_more_than_a_day_in_the_future_is_none():
    assert parse_date("2025-01-03", now=NOW) is None
    assert parse_date("2025-01-01 20:00", now=NOW) == datetime(2025, 1, 1, 20, 0)


def test_default_now_is_the_current_utc_time():
    tomorrow_plus = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")
    assert parse_date(tomorrow_plus) is None
    assert parse_date("2020-01-01") == datetime(2020, 1, 1)


def test_aware_now_is_accepted():
    assert parse_date("2024-12-31", now=datetime(2025, 1, 1, tzinfo=UTC)) == datetime(2024, 12, 31)


@pytest.mark.parametrize("text", ["late Thursday", "Thursday", "May 2023", "yesterday", "", None])
def test_relative_or_partial_date_never_becomes_a_timestamp(text):
    assert parse_date(text, now=NOW) is None


def test_relative_date_in_a_date_header_keeps_its_text_but_no_timestamp():
    article = parse_article("Date: late Thursday\n\nThe council met.", now=NOW)
    assert article.published_at is None
    assert article.published_at_text == "late Thursday"
    assert article.body == "The council met."


def test_impossible_date_in_a_header_keeps_its_text_but_no_timestamp():
    article = parse_article("Date: 2024-13-45\n\nThe council met.", now=NOW)
    assert article.published_at is None
    assert article.published_at_text == "2024-13-45"


def test_relative_date_in_body_is_not_extracted():
    article = parse_article("State television announced the news late Thursday.", now=NOW)
    assert (article.published_at, article.published_at_text) == (None, None)


@pytest.mark.parametrize("text", ["Friday, January 4, 2019\u00a0", "12 May 2023", "Updated 12 May 2023 08:30 GMT"])
def test_date_only_lines_are_recognised(text):
    assert is_date_only(text.removeprefix("Updated "))


@pytest.mark.parametrize("text", ["12 May 2023 was a long day", "Thursday", "On May 12, 2023, the council met."])
def test_sentences_with_dates_are_not_date_only_lines(text):
    assert not is_date_only(text)


def test_date_lines_inside_the_body_stay_as_text():
    text = "By Jane Doe\n\nThe timeline:\n\nMay 12, 2023\n\nThe council met.\n\nJune 1, 2023\n\nIt voted."
    article = parse_article(text, now=NOW)
    assert article.published_at is None
    assert "May 12, 2023" in article.body and "June 1, 2023" in article.body


@pytest.mark.parametrize("line", ["Published 3 hours ago", "Updated: yesterday", "Posted 2 days ago"])
def test_relative_publication_line_is_removed_but_never_a_timestamp(line):
    article = parse_article(f"{line}\n\nThe council met.", now=NOW)
    assert article.published_at is None
    assert article.body == "The council met."


def test_unparseable_published_date_falls_back_to_a_parseable_updated_one():
    article = parse_article("Published: 3 hours ago\nUpdated: May 14, 2023\n\nThe council met.", now=NOW)
    assert article.published_at == datetime(2023, 5, 14)
    assert article.published_at_text == "May 14, 2023"


@pytest.mark.parametrize(
    "line", ["Updated: May 13, 2023 | Published: May 12, 2023", "Published: May 12, 2023 | Updated: May 13, 2023"]
)
def test_published_wins_over_updated_on_one_line_in_either_order(line):
    assert parse_article(f"{line}\n\nThe council met.", now=NOW).published_at == datetime(2023, 5, 12)


# --- the page's own clock beside UTC ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "utc", "local", "offset"),
    [
        ("2024-04-12T01:30+09:00", datetime(2024, 4, 11, 16, 30), datetime(2024, 4, 12, 1, 30), 540),
        ("Friday 12 April 2024 06.45 IST", datetime(2024, 4, 12, 1, 15), datetime(2024, 4, 12, 6, 45), 330),
        ("April 11, 2024 9:30 p.m. ET", datetime(2024, 4, 12, 1, 30), datetime(2024, 4, 11, 21, 30), -240),
        ("2024-04-12 01:30 UTC", datetime(2024, 4, 12, 1, 30), datetime(2024, 4, 12, 1, 30), 0),
        ("12 April 2024", datetime(2024, 4, 12), datetime(2024, 4, 12), None),  # no zone stated: no offset
    ],
)
def test_a_stated_time_keeps_its_local_clock_and_offset_beside_utc(text, utc, local, offset):
    stated = parse_stated_date(text, now=datetime(2025, 1, 1))
    assert (stated.utc, stated.local, stated.utc_offset_minutes) == (utc, local, offset)


def test_a_page_east_of_utc_keeps_its_own_day_though_utc_is_the_day_before():
    article = parse_article("Night ferry resumes\n\nPublished: 2024-04-12T01:30+09:00\n\nThe first boat left at one.")
    assert article.published_at == datetime(2024, 4, 11, 16, 30)
    assert article.published_local == datetime(2024, 4, 12, 1, 30)
    assert article.published_utc_offset_minutes == 540


def test_no_stated_date_leaves_every_date_field_none():
    article = parse_article("Night ferry resumes\n\nThe first boat left at one in the morning.")
    assert (article.published_at, article.published_local, article.published_utc_offset_minutes) == (None,) * 3


def test_stated_days_finds_every_full_date_in_a_long_text_and_no_lone_year():
    text = "Copyright 2021. The plan was agreed on 3 May 2019 and revised on 2020-11-30 after the 2020 review."
    assert stated_days(text) == {date(2019, 5, 3), date(2020, 11, 30)}
