"""The Great Expectations suites pass on good frames and name the property that bad frames break."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd

from orchestration.lib.quality.expectations import (
    ENTITY_MENTIONS,
    FILES_LEDGER,
    PARSED_ARTICLES,
    CheckContext,
    validate,
)

NOW = datetime(2026, 11, 21, 12, 0)


def failing(properties, frame: pd.DataFrame, raw_file_count: int = 0) -> list[str]:
    context = CheckContext(now=NOW, raw_file_count=raw_file_count)
    return [p.name for p in properties if not validate(frame, p.build(context)).success]


def ledger(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "file_path": ["a.txt", "b.txt", "c.bin"],
            "record_index": [0, 0, 0],
            "status": ["article", "duplicate", "quarantined"],
            "reason": [None, None, "binary content"],
            "text_sha256": ["a" * 64, "a" * 64, None],
        }
    )
    return frame.assign(**overrides)


def test_a_good_ledger_passes_every_check():
    assert failing(FILES_LEDGER, ledger(), raw_file_count=3) == []


def test_a_file_missing_from_the_ledger_fails_the_accounting_check():
    assert failing(FILES_LEDGER, ledger(), raw_file_count=4) == ["every_raw_file_is_in_the_ledger"]
    assert failing(FILES_LEDGER, ledger(), raw_file_count=2) == []  # deleted after the scan: not a failure


def test_a_quarantined_file_without_reason_fails():
    bad = ledger(reason=[None, None, None])
    assert failing(FILES_LEDGER, bad, raw_file_count=3) == ["quarantined_files_have_a_reason"]


def articles(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "text_sha256": ["a" * 64, "b" * 64],
            "body": ["Niger news.", ""],
            "body_length": [11, 0],
            "word_count": [2, 0],
            "published_at": pd.to_datetime([NOW - timedelta(days=3), None]),
            "source_domain": ["nbcnews.com", None],
            "published_at_text": ["2026-11-18", None],
            "published_utc_offset_minutes": pd.array([540, None], dtype="Int32"),
            "local_time_matches_utc": [True, True],
            "authors_match_author": [True, True],
            "parse_error": [None, None],
        }
    )
    return frame.assign(**overrides)


def test_good_articles_pass_every_check():
    assert failing(PARSED_ARTICLES, articles()) == []


def test_a_text_a_parser_failed_on_is_a_counted_warning():
    bad = articles(parse_error=[None, "internal error: ValueError"])
    assert failing(PARSED_ARTICLES, bad) == ["texts_parse_without_error"]
    assert not next(p for p in PARSED_ARTICLES if p.name == "texts_parse_without_error").blocking


def test_a_file_a_reader_failed_on_is_a_counted_warning():
    bad = ledger(reason=[None, None, "internal error: RecursionError"])
    assert failing(FILES_LEDGER, bad, raw_file_count=3) == ["no_reader_failed"]
    assert not next(p for p in FILES_LEDGER if p.name == "no_reader_failed").blocking


def test_a_publication_date_two_days_ahead_fails():
    bad = articles(published_at=pd.to_datetime([NOW + timedelta(days=2), None]))
    assert failing(PARSED_ARTICLES, bad) == ["published_at_is_not_in_the_future"]


def test_a_stated_date_that_was_rejected_is_a_counted_warning():
    bad = articles(published_at_text=["2026-11-18", "12 May 2099"])
    assert failing(PARSED_ARTICLES, bad) == ["stated_dates_are_parsed"]
    assert not next(p for p in PARSED_ARTICLES if p.name == "stated_dates_are_parsed").blocking


def test_an_upper_case_source_domain_fails():
    assert failing(PARSED_ARTICLES, articles(source_domain=["NBCNews.com", None])) == [
        "source_domain_is_lower_case_domain"
    ]


def mentions(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "body_sha256": ["b1", "b1"],
            "mention_index": [0, 1],
            "char_start": [0, 10],
            "char_end": [5, 15],
            "body_length": [20, 20],
            "offsets_match_text": [True, True],
            "entity_type": ["PERSON", "LOC"],
            "sentence_index": [0, 1],
        }
    )
    return frame.assign(**overrides)


def test_good_mentions_pass_every_check():
    assert failing(ENTITY_MENTIONS, mentions()) == []


def test_a_mention_past_the_end_of_its_body_fails():
    assert failing(ENTITY_MENTIONS, mentions(char_end=[5, 25])) == ["mention_ends_inside_body"]


def test_a_mention_whose_offsets_cut_other_text_fails():
    assert failing(ENTITY_MENTIONS, mentions(offsets_match_text=[True, False])) == ["mention_offsets_match_text"]


def test_duplicate_mention_keys_fail():
    assert failing(ENTITY_MENTIONS, mentions(mention_index=[0, 0])) == ["mention_keys_are_unique"]


def test_a_local_time_that_is_not_utc_moved_by_the_offset_fails():
    assert failing(PARSED_ARTICLES, articles(local_time_matches_utc=[False, True])) == ["local_time_is_utc_plus_offset"]


def test_an_offset_beyond_the_world_s_zones_fails():
    bad = articles(published_utc_offset_minutes=pd.array([15 * 60, None], dtype="Int32"))
    assert failing(PARSED_ARTICLES, bad) == ["utc_offset_is_a_real_zone"]


def test_an_authors_list_that_is_not_the_author_string_fails():
    assert failing(PARSED_ARTICLES, articles(authors_match_author=[True, False])) == ["authors_spell_out_author"]
