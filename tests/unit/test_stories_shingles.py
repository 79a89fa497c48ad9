"""Words, shingles and content terms: what copy and story detection see of a text."""

from __future__ import annotations

from orchestration.lib.stories.shingles import (
    LEAD_WEIGHT,
    SHINGLE_SIZE,
    content_terms,
    shingles,
    stem,
    term_key,
    words,
)


def test_case_quotes_dashes_and_line_endings_do_not_change_the_words():
    assert words("Niger’s “army” — trained\r\nby RUSSIA") == words('niger\'s "army" - trained\nby russia')
    assert shingles("A “b” c\r\nd e f") == shingles('a "b" c\n\nd e f')


def test_shingles_are_runs_of_words_and_a_short_text_is_one_shingle():
    assert SHINGLE_SIZE == 5
    assert shingles("one two three four five six") == {"one two three four five", "two three four five six"}
    assert shingles("too short") == {"too short"}
    assert shingles("  ") == set()


def test_content_terms_drop_stop_words_numbers_and_fold_plurals():
    terms = content_terms("The trainers said 100 Russian trainers arrived.")
    assert set(terms) == {"trainer", "russian", "arrived"}
    assert terms["trainer"] == 2 * LEAD_WEIGHT


def test_words_after_the_lead_count_once_and_title_words_count_more():
    body = " ".join(["filler"] * 70) + " niger"
    assert content_terms(body)["niger"] == 1.0
    assert content_terms(body, "Niger votes")["niger"] == 3.0


def test_stem_is_light():
    assert [stem(w) for w in ("countries", "trainers", "news", "bus", "crisis", "class")] == [
        "country",
        "trainer",
        "news",
        "bus",
        "crisis",
        "class",
    ]


def test_term_keys_are_stable_signed_64_bit_integers():
    assert term_key("niger") == term_key("niger") != term_key("nigeria")
    assert -(2**63) <= term_key("niger") < 2**63
