"""Figures an article states, read from the NER stage's mentions by rules over the tokenizer (figures.py)."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.lib.claims import figures as figures_module
from orchestration.lib.claims.figures import (
    APPROXIMATE_TOLERANCE,
    counted_key,
    extract_figures,
    hedged_range,
    resolve_as_of,
)
from orchestration.lib.claims.text import from_pipeline
from orchestration.lib.nlp.mentions import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture(scope="module")
def read(nlp):
    def read(body: str, published: date | None = None):
        article = from_pipeline(nlp, body, published)
        found = extract_figures(article)
        for figure in found:
            assert article.body[figure.char_start : figure.char_end] == figure.figure_text
            assert article.sentence_of(figure.char_start) == figure.sentence_index
        return article, found

    return read


def test_a_hedged_count_with_what_it_counts_and_where(read):
    article, (figure,) = read("Officials said roughly 2,400 Dutch soldiers were stationed in Lithuania.")
    assert (figure.figure_text, figure.value, figure.unit, figure.hedge) == (
        "roughly 2,400",
        2400,
        None,
        "approximately",
    )
    assert (figure.counted, figure.counted_key) == ("Dutch soldiers", "soldier")
    assert (figure.value_low, figure.value_high) == pytest.approx((2400 * 0.9, 2400 * 1.1))
    assert {article.mentions[i].text for i in figure.about_mentions} == {"Dutch", "Lithuania"}


def test_the_owner_before_the_figure_is_what_it_is_about(read):
    article, found = read("The Norwegian navy has about 4,000 sailors, and 300 of them serve in the Arctic.")
    assert [(f.value, f.counted_key) for f in found] == [(4000, "sailor"), (300, None)]
    assert [article.mentions[i].text for i in found[0].about_mentions] == ["Norwegian navy"]


def test_money_percent_and_measures_carry_their_unit(read):
    _, (money,) = read("The council approved a $75 million aid package for the harbour.")
    assert (money.figure_text, money.value, money.unit, money.counted_key) == ("$75 million", 75e6, "USD", "package")
    _, (share,) = read("Support for the plan fell to 38 per cent, the poll found.")
    assert (share.value, share.unit) == (38, "percent")
    _, (length,) = read("The glacier retreated 2.5 kilometres over the century.")
    assert (length.figure_text, length.value, length.unit) == ("2.5 kilometres", 2.5, "km")


def test_a_range_is_one_figure_with_both_ends(read):
    _, (figure,) = read("Between 40 and 60 volunteers cleaned the beach near Durban.")
    assert (figure.value, figure.value_low, figure.value_high, figure.counted_key) == (40, 40, 60, "volunteer")


def test_number_words_and_an_open_hedge(read):
    _, (words,) = read("Three hundred pilgrims walked to the shrine.")
    assert (words.value, words.counted_key, words.hedge) == (300, "pilgrim", "exact")
    _, (floor,) = read("No fewer than 70 trucks crossed the border at Rafah last week.", date(2025, 6, 12))
    assert (floor.value, floor.hedge, floor.value_low, floor.value_high) == (70, "at least", 70, None)
    assert (floor.as_of_text, floor.as_of_date) == ("last week", date(2025, 6, 5))


def test_ages_years_ordinals_clock_times_phone_numbers_and_one_of_count_nothing(read):
    _, found = read(
        "The singer, 47, released her fourth album in 2009 and plays at 8 p.m. on Saturday; call 555-7281 for "
        "tickets. One of the pilots was rescued by a passing trawler."
    )
    assert found == []


def test_the_time_qualifier_is_resolved_against_the_publication_day(read):
    _, (figure,) = read("The agency counted 3,100 migrants in March.", date(2025, 2, 10))
    assert (figure.as_of_text, figure.as_of_date) == ("in March", date(2024, 3, 1))
    _, (undated,) = read("The agency counted 3,100 migrants in March.")
    assert (undated.as_of_text, undated.as_of_date) == ("in March", None)


def test_a_date_past_a_comma_belongs_to_the_saying_not_to_the_figure(read):
    _, (figure,) = read("About 900 nurses walked out, the union said on Thursday.", date(2025, 5, 2))
    assert (figure.value, figure.as_of_text) == (900, None)


def test_resolve_as_of_names_first_days_and_leaves_durations_alone():
    published = date(2025, 2, 10)
    assert resolve_as_of("last year", published) == date(2024, 1, 1)
    assert resolve_as_of("since 2013", None) == date(2013, 1, 1)
    assert resolve_as_of("in December", published) == date(2024, 12, 1)
    assert resolve_as_of("in December", None) is None
    assert resolve_as_of("for three years", published) is None


def test_counted_key_is_the_singular_head():
    assert [counted_key(w) for w in ("troops", "People", "families", "buses", "churches", "staff", "news")] == [
        "troop",
        "person",
        "family",
        "bus",
        "church",
        "staff",
        "news",
    ]


def test_hedged_range():
    assert hedged_range(200, "approximately") == pytest.approx(
        (200 * (1 - APPROXIMATE_TOLERANCE), 200 * (1 + APPROXIMATE_TOLERANCE))
    )
    assert hedged_range(200, "more than") == (200, None)
    assert hedged_range(200, "up to") == (None, 200)
    assert hedged_range(200, "exact") == (200, 200)


def test_the_version_changes_with_the_word_lists(tmp_path):
    words = tmp_path / "figure_hedges.tsv"
    words.write_text("about\tapproximately\n", encoding="utf-8")
    before = figures_module._version((words,))
    words.write_text("about\tapproximately\nsome\tapproximately\n", encoding="utf-8")
    assert figures_module._version((words,)) != before


def test_a_place_before_the_counted_noun_is_part_of_what_is_counted(nlp):
    for body, counted in (
        ("The agreement let about 2,500 US troops stay in Chad until May.", "US troops"),
        ("Roughly 300 U.S. soldiers remained at the base near Agadez.", "U.S. soldiers"),
    ):
        (figure,) = [f for f in extract_figures(from_pipeline(nlp, body)) if f.counted]
        key = counted_key(counted.split()[-1])
        assert (figure.counted, figure.counted_key, figure.hedge) == (counted, key, "approximately")
