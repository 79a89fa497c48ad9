"""Figures of one thing that disagree beyond their hedges, in one story or across stories about one entity."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from evaluation.corpora import SEED_DIR
from orchestration.lib.claims.conflicts import CONFLICT_COLUMNS, conflict_frame, find_conflicts
from orchestration.lib.claims.figures import extract_figures, hedged_range
from orchestration.lib.claims.text import from_pipeline
from orchestration.lib.nlp.mentions import load_pipeline

DAY = date(2025, 3, 4)


def claim(
    claim_id,
    value,
    *,
    article=None,
    story="s1",
    key="ambulance",
    unit=None,
    hedge="exact",
    day=DAY,
    about=("e1",),
    as_of_text=None,
    as_of_date=None,
):
    low, high = hedged_range(value, hedge)
    return {
        "claim_id": claim_id,
        "article_id": article or claim_id.split(":")[0],
        "story_id": story,
        "source_domain": f"{claim_id.split(':')[0]}.example",
        "published_day": day,
        "about_entity_ids": list(about),
        "counted_key": key,
        "unit": unit,
        "value": float(value),
        "value_low": low,
        "value_high": high,
        "as_of_text": as_of_text,
        "as_of_date": as_of_date,
    }


def pairs(rows):
    return [(c.claim_id_a, c.claim_id_b) for c in find_conflicts(rows)]


def test_two_outlets_that_disagree_make_one_pair_with_its_difference():
    (conflict,) = find_conflicts([claim("b:1", 30), claim("a:1", 40)])
    assert (conflict.claim_id_a, conflict.claim_id_b) == ("a:1", "b:1")
    assert (conflict.source_domain_a, conflict.source_domain_b) == ("a.example", "b.example")
    assert conflict.same_story and conflict.relative_difference == pytest.approx(0.25)
    assert not conflict.explained_by_time


def test_values_their_hedges_allow_do_not_conflict():
    assert pairs([claim("a:1", 1000, hedge="approximately"), claim("b:1", 1050)]) == []
    assert pairs([claim("a:1", 12, hedge="at least"), claim("b:1", 20)]) == []
    assert pairs([claim("a:1", 800, hedge="up to"), claim("b:1", 900)]) == [("a:1", "b:1")]


def test_only_the_same_thing_in_the_same_unit_is_compared():
    assert pairs([claim("a:1", 30), claim("b:1", 40, key="doctor")]) == []
    assert pairs([claim("a:1", 30, unit="km"), claim("b:1", 40, unit="miles")]) == []
    assert pairs([claim("a:1", 30, key=None), claim("b:1", 40, key=None)]) == []


def test_figures_of_one_article_are_not_paired():
    assert pairs([claim("a:1", 30), claim("a:2", 40, as_of_text="last year")]) == []


def test_differing_time_qualifiers_may_explain_a_conflict():
    (conflict,) = find_conflicts([claim("a:1", 30, as_of_text="in May"), claim("b:1", 40)])
    assert conflict.explained_by_time
    (same_time,) = find_conflicts([claim("a:1", 30, as_of_text="On Monday"), claim("b:1", 40, as_of_text="on monday")])
    assert not same_time.explained_by_time


def test_across_stories_only_within_fourteen_days_and_about_a_common_entity():
    near = claim("b:1", 40, story="s2", day=DAY + timedelta(days=14), about=("e2", "e1"))
    far = claim("c:1", 40, story="s3", day=DAY + timedelta(days=15))
    elsewhere = claim("d:1", 40, story="s4", about=("e9",))
    found = find_conflicts([claim("a:1", 30), near, far, elsewhere])
    assert [(c.claim_id_a, c.claim_id_b, c.same_story) for c in found] == [("a:1", "b:1", False)]


def test_a_frame_in_gives_a_frame_out_and_nothing_gives_nothing():
    frame = pl.DataFrame([claim("a:1", 30), claim("b:1", 40), claim("c:1", 50)])
    found = conflict_frame(frame)
    assert dict(found.schema) == CONFLICT_COLUMNS
    assert found.select("claim_id_a", "claim_id_b").rows() == [("a:1", "b:1"), ("a:1", "c:1"), ("b:1", "c:1")]
    assert find_conflicts([]) == []


def test_on_the_seeds_the_us_troops_conflict_is_found_and_the_instructors_conflict_with_nothing():
    nlp = load_pipeline()
    rows = []
    for path in sorted(SEED_DIR.glob("*.txt")):
        article = from_pipeline(nlp, path.read_text(encoding="utf-8"), date(2024, 4, 13))
        for n, figure in enumerate(extract_figures(article)):
            about = sorted({article.mentions[i].canonical_name for i in figure.about_mentions})
            row = claim(f"{path.stem}:{n}", figure.value, key=figure.counted_key, unit=figure.unit, about=about)
            row.update(
                value_low=figure.value_low,
                value_high=figure.value_high,
                as_of_text=figure.as_of_text,
                as_of_date=figure.as_of_date,
                figure_text=figure.figure_text,
            )
            rows.append(row)
    troops = {row["figure_text"]: row for row in rows if row["counted_key"] == "troop"}
    assert set(troops) == {"approximately 1,000", "some 1,000", "some 650"}
    assert troops["some 650"]["as_of_text"] == "in December"
    instructors = [row["claim_id"] for row in rows if row["counted_key"] == "instructor"]
    assert [row["value"] for row in rows if row["counted_key"] == "instructor"] == [100]
    found = find_conflicts(rows)
    ends = {(c.claim_id_a, c.claim_id_b): c for c in found}
    six_fifty = troops["some 650"]["claim_id"]
    for thousand in ("approximately 1,000", "some 1,000"):
        pair = tuple(sorted((troops[thousand]["claim_id"], six_fifty)))
        assert ends[pair].explained_by_time
    assert not any(set(instructors) & {c.claim_id_a, c.claim_id_b} for c in found)
    assert (troops["approximately 1,000"]["claim_id"], troops["some 1,000"]["claim_id"]) not in ends
