"""Conflicts: pairs of figures from different articles that count the same thing and disagree beyond what their
hedges allow ("approximately 1,000 American troops" in one outlet, "some 650 troops ... in December" in another).

Two figures are compared when they are in one story, or in two stories published within 14 days of each other and
about a common entity; they count the same thing when their counted_key and unit are equal; they disagree when the
ranges their hedges allow (value_low..value_high, an open end unbounded) do not overlap. `explained_by_time` says
whether the time qualifiers could explain it: they differ ("in December" against none, "last year" against "now").

Figures of one article are never paired: an article that states two values of one thing does so on purpose (a
change, "up from 1.5 million last year"; a part of a whole, "1,000 troops, 200 of them in the north"), and the
mart is about what outlets disagree on. Two articles of one outlet are paired (an outlet revising its own toll).

A plain function over a Polars frame (a dbt Python model can call it): the pairs come from two joins, one on the
story and one on each entity the figures are about, each within a counted_key and unit, so the work grows with the
figures of one story or one entity, not with the square of all figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

CROSS_STORY_DAYS = 14

CLAIM_COLUMNS = {
    "claim_id": pl.String,
    "article_id": pl.String,
    "story_id": pl.String,
    "source_domain": pl.String,
    "published_day": pl.Date,
    "about_entity_ids": pl.List(pl.String),
    "counted_key": pl.String,
    "unit": pl.String,
    "value": pl.Float64,
    "value_low": pl.Float64,
    "value_high": pl.Float64,
    "as_of_text": pl.String,
    "as_of_date": pl.Date,
}
CONFLICT_COLUMNS = {
    "claim_id_a": pl.String,
    "claim_id_b": pl.String,
    "story_id_a": pl.String,
    "story_id_b": pl.String,
    "source_domain_a": pl.String,
    "source_domain_b": pl.String,
    "same_story": pl.Boolean,
    "relative_difference": pl.Float64,
    "explained_by_time": pl.Boolean,
}


@dataclass(frozen=True)
class Conflict:
    """One row of conflict_frame."""

    claim_id_a: str
    claim_id_b: str
    story_id_a: str | None
    story_id_b: str | None
    source_domain_a: str | None
    source_domain_b: str | None
    same_story: bool
    relative_difference: float
    explained_by_time: bool


def find_conflicts(claims: pl.DataFrame | Iterable[dict]) -> list[Conflict]:
    """The conflicting pairs among the claims (a frame or rows with CLAIM_COLUMNS), each unordered pair once."""
    return [Conflict(**row) for row in conflict_frame(claims).iter_rows(named=True)]


def conflict_frame(claims: pl.DataFrame | Iterable[dict]) -> pl.DataFrame:
    """find_conflicts as a frame with CONFLICT_COLUMNS, ordered by claim_id_a, claim_id_b."""
    frame = claims if isinstance(claims, pl.DataFrame) else pl.DataFrame(list(claims), schema=CLAIM_COLUMNS)
    frame = (
        frame.select([pl.col(name).cast(dtype) for name, dtype in CLAIM_COLUMNS.items()])
        .filter(pl.col("counted_key").is_not_null() & pl.col("value").is_not_null())
        .with_columns(
            unit_key=pl.col("unit").fill_null(""),
            low=pl.col("value_low").fill_null(float("-inf")),
            high=pl.col("value_high").fill_null(float("inf")),
            # what the time qualifier names: its day when resolved, else its words
            when=pl.coalesce(pl.col("as_of_date").cast(pl.String), pl.col("as_of_text").str.to_lowercase()),
        )
    )
    keys = ["counted_key", "unit_key"]
    same_story = (
        frame.filter(pl.col("story_id").is_not_null())
        .join(frame, on=[*keys, "story_id"], suffix="_b")
        .with_columns(story_id_b=pl.col("story_id"))
    )
    by_entity = frame.explode("about_entity_ids", empty_as_null=False).drop_nulls("about_entity_ids")
    cross_story = by_entity.join(by_entity, on=[*keys, "about_entity_ids"], suffix="_b").filter(
        (pl.col("published_day") - pl.col("published_day_b")).dt.total_days().abs() <= CROSS_STORY_DAYS
    )
    columns = ["claim_id", "article_id", "story_id", "source_domain", "value", "low", "high", "when"]
    pairs = pl.concat([part.select([*columns, *[f"{c}_b" for c in columns]]) for part in (same_story, cross_story)])
    return (
        pairs.filter(
            (pl.col("claim_id") < pl.col("claim_id_b"))
            & (pl.col("article_id") != pl.col("article_id_b"))
            & ((pl.col("high") < pl.col("low_b")) | (pl.col("high_b") < pl.col("low")))
        )
        .unique(["claim_id", "claim_id_b"])
        .select(
            claim_id_a=pl.col("claim_id"),
            claim_id_b=pl.col("claim_id_b"),
            story_id_a=pl.col("story_id"),
            story_id_b=pl.col("story_id_b"),
            source_domain_a=pl.col("source_domain"),
            source_domain_b=pl.col("source_domain_b"),
            same_story=pl.col("story_id").eq_missing(pl.col("story_id_b")) & pl.col("story_id").is_not_null(),
            relative_difference=(pl.col("value") - pl.col("value_b")).abs()
            / pl.max_horizontal(pl.col("value").abs(), pl.col("value_b").abs()),
            explained_by_time=pl.col("when").ne_missing(pl.col("when_b")),
        )
        .cast(CONFLICT_COLUMNS)
        .sort("claim_id_a", "claim_id_b")
    )
