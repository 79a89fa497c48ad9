"""marts.claim_conflicts, incrementally: the conflicting pairs (conflicts.py) that involve a claim of a changed
article, recomputed each build, the other pairs kept.

Two claims can conflict only when they count the same thing (counted_key and unit equal), so the pairs a changed
article can be part of are found among the claims of its counted keys alone: the build reads those, not every claim.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from orchestration.lib.claims.conflicts import conflict_frame

MART_COLUMNS = (
    "claim_id_a",
    "claim_id_b",
    "story_id",
    "story_id_b",
    "same_story",
    "source_domain_a",
    "source_domain_b",
    "counted_key",
    "unit",
    "value_a",
    "value_b",
    "relative_difference",
    "explained_by_time",
)


def claim_conflicts(
    con: duckdb.DuckDBPyConnection, *, claims: str, target: str | None, changed_articles: str
) -> pa.Table:
    """The conflicting pairs among `claims` (the claims mart), as the mart's rows. With `target` (the existing table),
    only pairs with a claim of `changed_articles` (a query of article ids): the target's rows of those articles are
    deleted first, and the other claims are read only where they share a counted key and unit with a changed one."""
    where = ""
    if target is not None:
        con.execute(
            f"""
            delete from {target}
            where split_part(claim_id_a, ':', 1) in ({changed_articles})
               or split_part(claim_id_b, ':', 1) in ({changed_articles})
            """
        )
        where = f"""
            where (c.counted_key, coalesce(c.unit, '')) in (
                select (counted_key, coalesce(unit, '')) from {claims}
                where article_id in ({changed_articles}) and counted_key is not null
            )
        """
    candidates = con.execute(
        f"""
        select c.claim_id, c.article_id, c.story_id, c.source_domain, c.published_date as published_day,
               c.about_entity_ids, c.counted_key, c.unit, c.value, c.value_low, c.value_high, c.as_of_text,
               c.as_of_date
        from {claims} as c
        {where}
        """
    ).pl()
    pairs = conflict_frame(candidates)
    if target is not None:
        changed = {row[0] for row in con.execute(f"select * from ({changed_articles})").fetchall()}
        article = {
            claim: article for claim, article in zip(candidates["claim_id"], candidates["article_id"], strict=True)
        }
        pairs = (
            pairs.filter(
                [
                    article[a] in changed or article[b] in changed
                    for a, b in zip(pairs["claim_id_a"], pairs["claim_id_b"], strict=True)
                ]
            )
            if pairs.height
            else pairs
        )
    values = candidates.select("claim_id", "counted_key", "unit", "value")
    rows = (
        pairs.join(values.rename({"claim_id": "claim_id_a", "value": "value_a"}), on="claim_id_a")
        .join(
            values.select("claim_id", "value").rename({"claim_id": "claim_id_b", "value": "value_b"}), on="claim_id_b"
        )
        .rename({"story_id_a": "story_id"})
        .select(MART_COLUMNS)
        .sort("claim_id_a", "claim_id_b")
    )
    return rows.to_arrow()
