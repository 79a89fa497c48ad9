"""parse_json_record on crawler records shaped like news-please output, including broken ones."""

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from orchestration.lib.parsing import ParsedArticle, parse_json_record

RECORDS = Path(__file__).resolve().parents[1] / "data" / "json"
NOW = datetime(2025, 1, 1)


def _payload(record: object) -> str:
    # Exactly how the ingest stage serialises a record.
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def _full_record() -> dict:
    return json.loads((RECORDS / "newsplease_full.json").read_text(encoding="utf-8"))


def _parse(record: object) -> ParsedArticle:
    return parse_json_record(_payload(record), now=NOW)


BODY = (
    "Residents of the coastal town were told to leave their homes on Sunday as the storm approached.\n"
    "Emergency shelters opened in three schools and the town hall, the mayor said."
)


# --- a full news-please record ---------------------------------------------------------------------------------


def test_full_record_maps_title_url_domain_authors_and_publication_time():
    article = _parse(_full_record())
    assert article.title == "India election results: Modi’s BJP loses majority but set to form government"
    assert article.url == "https://www.theguardian.com/world/2024/jun/04/india-election-results-modi-bjp"
    assert article.source_domain == "theguardian.com"
    assert article.author == "Hannah Ellis-Petersen and Aakash Hassan"
    assert article.published_at == datetime(2024, 6, 4, 17, 41, 9)
    assert article.published_at_text == "2024-06-04 17:41:09"


def test_fields_a_record_does_not_have_stay_none():
    article = _parse(_full_record())
    assert article.source_name is None and article.original_source_domain is None


def test_body_is_maintext_without_the_repeated_headline_and_boilerplate_lines():
    body = _parse(_full_record()).body
    assert body.startswith("Narendra Modi is set to return for a third term")
    assert body.endswith("winning 232 seats.")
    assert "Advertisement" not in body and "Share this article" not in body
    assert "India election results" not in body


def test_description_is_not_part_of_the_body():
    assert "coalition partners" not in _parse(_full_record()).body


# --- authors ----------------------------------------------------------------------------------------------------


def test_authors_list_is_joined_with_and():
    record = {"maintext": BODY, "authors": ["Ana Lima", "Kwame Mensah", "Sofia Petrova"]}
    assert _parse(record).author == "Ana Lima and Kwame Mensah and Sofia Petrova"


def test_outlets_staff_duplicates_and_non_strings_are_dropped_from_the_authors_list():
    record = {"maintext": BODY, "authors": ["Reuters Staff", "Ana Lima", "ana lima", "Staff", "AFP", None, 3, ["x"]]}
    assert _parse(record).author == "Ana Lima"


def test_an_authors_list_of_outlets_only_is_no_author():
    assert _parse({"maintext": BODY, "authors": ["Associated Press", "Staff Writer", "The Guardian"]}).author is None


def test_an_author_string_is_cleaned_of_its_by_prefix_and_place():
    assert _parse({"maintext": BODY, "authors": "By Kwame Mensah, ACCRA"}).author == "Kwame Mensah"


def test_an_author_named_like_the_source_domain_is_not_a_person():
    record = {"maintext": BODY, "authors": ["Harbour Times"], "url": "https://www.harbourtimes.com.au/news/x"}
    assert _parse(record).author is None


# --- missing, null and odd-typed fields --------------------------------------------------------------------------


def test_page_title_is_the_last_title_fallback_and_loses_the_outlet_suffix():
    record = {"maintext": BODY, "title": None, "title_page": "Storm nears coast | World | The Guardian"}
    record["url"] = "https://www.theguardian.com/world/2024/jun/04/storm"
    assert _parse(record).title == "Storm nears coast | World"


def test_missing_source_domain_is_derived_from_the_url():
    record = {"maintext": BODY, "url": "https://edition.cnn.com/2024/06/04/world/storm/index.html"}
    assert _parse(record).source_domain == "cnn.com"


def test_source_domain_is_reduced_to_the_registrable_domain():
    assert _parse({"maintext": BODY, "source_domain": "news.bbc.co.uk"}).source_domain == "bbc.co.uk"


def test_body_falls_back_to_text_when_maintext_is_null_and_date_falls_back_to_date():
    record = {"maintext": None, "text": BODY, "date_publish": None, "date": "2023-09-10T06:00:00+02:00"}
    article = _parse(record)
    assert article.body == BODY
    assert article.published_at == datetime(2023, 9, 10, 4, 0)


@pytest.mark.parametrize("key", ["content", "body"])
def test_body_falls_back_to_other_common_keys(key):
    assert _parse({key: BODY}).body == BODY


def test_null_and_odd_typed_fields_are_none_and_never_guessed():
    record = {
        "title": ["not", "a", "string"],
        "maintext": 12345,
        "text": BODY,
        "date_publish": 1693800000,
        "authors": {"unexpected": "shape"},
        "url": "not a url",
        "source_domain": False,
        "language": None,
    }
    article = _parse(record)
    assert article.title is None
    assert article.url is None and article.source_domain is None
    assert article.author is None
    assert article.published_at is None and article.published_at_text is None
    assert article.body == BODY


def test_a_relative_url_is_not_a_url():
    article = _parse({"maintext": BODY, "url": "/world/2024/storm"})
    assert article.url is None and article.source_domain is None


def test_record_without_any_field_is_an_empty_article():
    assert _parse({}) == ParsedArticle(None, None, None, None, None, None, None, None, "")


def test_maintext_as_a_list_of_paragraphs_is_joined_by_blank_lines():
    assert _parse({"maintext": ["First paragraph.", "Second paragraph."]}).body == (
        "First paragraph.\n\nSecond paragraph."
    )


def test_decomposed_characters_come_out_composed():
    decomposed = unicodedata.normalize("NFD", "Zürich café owners protest")
    article = _parse({"title": decomposed, "maintext": decomposed + " a new levy.", "authors": ["Zoë Müller"]})
    assert article.title == "Zürich café owners protest"
    assert article.body == "Zürich café owners protest a new levy."
    assert article.author == "Zoë Müller"


def test_a_byline_in_the_body_fills_a_missing_author_and_leaves_the_body():
    article = _parse({"maintext": "By Ana Lima\n\n" + BODY})
    assert article.author == "Ana Lima"
    assert article.body == BODY


def test_the_record_fields_win_over_what_the_body_states():
    record = {"maintext": "By Ana Lima\n\n" + BODY, "authors": ["Kwame Mensah"], "title": "Storm nears coast"}
    article = _parse(record)
    assert article.author == "Kwame Mensah" and article.title == "Storm nears coast"


# --- dates ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("stated", ["2031-03-01 08:00:00", "2023-02-30 10:00:00", "0000-00-00 00:00:00", "yesterday"])
def test_a_future_or_impossible_date_is_none(stated):
    assert _parse({"maintext": BODY, "date_publish": stated}).published_at is None


def test_publish_date_key_is_read():
    assert _parse({"maintext": BODY, "publish_date": "12 May 2023"}).published_at == datetime(2023, 5, 12)


# --- garbage ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "   ",
        "not json at all",
        "{",
        '{"title": "unterminated',
        "null",
        "42",
        '"a string"',
        "[1, 2, 3]",
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 50_000 + "1" + "}" * 50_000,
        None,
        b'{"maintext": "bytes"}',
    ],
)
def test_garbage_payload_never_raises_and_gives_an_empty_body(payload):
    article = parse_json_record(payload, now=NOW)
    assert isinstance(article, ParsedArticle)
    assert article.body == ""
    assert article.title is None and article.author is None and article.published_at is None
