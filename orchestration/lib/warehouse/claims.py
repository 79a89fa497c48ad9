"""Reads and writes of the claims stage's landing tables (claim_bodies, claims, quotes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb
import pandas as pd
import polars as pl

from orchestration.lib.claims.text import ArticleText, Mention
from orchestration.lib.warehouse.connection import transaction


def pending_claim_bodies(con: duckdb.DuckDBPyConnection, version: str) -> list[str]:
    """Bodies the NER stage annotated that the claims stage has not read under this version of its rules."""
    rows = con.execute(
        """
        select n.body_sha256
        from landing.ner_bodies as n
        where n.body_sha256 not in (select body_sha256 from landing.claim_bodies where claims_version = ?)
          and n.body_sha256 in (
              select a.body_sha256 from landing.articles as a
              join landing.record_status as f on f.text_sha256 = a.text_sha256 and f.holds_current_article
          )
        order by n.body_sha256
        """,
        [version],
    ).fetchall()
    return [sha for (sha,) in rows]


def article_texts(con: duckdb.DuckDBPyConnection, body_sha256s: Sequence[str]) -> list[tuple[str, ArticleText]]:
    """(body_sha256, ArticleText) of each body: its text, the sentences and mentions the NER stage stored, and its
    publication day (the earliest of the articles with this body: a copy keeps its original's day)."""
    con.register("wanted_bodies", pl.DataFrame({"body_sha256": list(body_sha256s)}, schema={"body_sha256": pl.String}))
    try:
        bodies = con.execute(
            """
            select a.body_sha256, any_value(a.body) as body,
                   min(cast(coalesce(a.published_local, a.published_at) as date)) as published
            from landing.articles as a
            where a.body_sha256 in (select body_sha256 from wanted_bodies)
            group by a.body_sha256
            """
        ).fetchall()
        sentences: dict[str, list[tuple[int, int]]] = {}
        for sha, start, end in con.execute(
            """
            select body_sha256, char_start, char_end from landing.sentences
            where body_sha256 in (select body_sha256 from wanted_bodies)
            order by body_sha256, sentence_index
            """
        ).fetchall():
            sentences.setdefault(sha, []).append((start, end))
        mentions: dict[str, list[Mention]] = {}
        for sha, index, start, end, text, label, name in con.execute(
            """
            select body_sha256, mention_index, char_start, char_end, mention_text, spacy_label, canonical_name
            from landing.mentions
            where body_sha256 in (select body_sha256 from wanted_bodies)
            order by body_sha256, mention_index
            """
        ).fetchall():
            mentions.setdefault(sha, []).append(Mention(index, start, end, text, label, name))
    finally:
        con.unregister("wanted_bodies")
    texts = {
        sha: ArticleText(body, tuple(sentences.get(sha, ())), tuple(mentions.get(sha, ())), published)
        for sha, body, published in bodies
    }
    return [(sha, texts[sha]) for sha in body_sha256s if sha in texts]


def store_claims(
    con: duckdb.DuckDBPyConnection,
    body_sha256s: Sequence[str],
    claims: pl.DataFrame,
    quotes: pl.DataFrame,
    version: str,
    now: datetime,
) -> None:
    """Replace the claims and quotes of the given bodies and mark them read, in one transaction."""
    done = (
        pl.DataFrame({"body_sha256": list(body_sha256s)}, schema={"body_sha256": pl.String})
        .join(claims.group_by("body_sha256").agg(claim_count=pl.len()), on="body_sha256", how="left")
        .join(quotes.group_by("body_sha256").agg(quote_count=pl.len()), on="body_sha256", how="left")
        .select(
            "body_sha256",
            claims_version=pl.lit(version),
            claim_count=pl.col("claim_count").fill_null(0).cast(pl.Int32),
            quote_count=pl.col("quote_count").fill_null(0).cast(pl.Int32),
            extracted_at=pl.lit(now),
        )
    )
    with transaction(con):
        con.register("incoming_done", done.to_arrow())
        con.register("incoming_claims", claims.to_arrow())
        con.register("incoming_quotes", quotes.to_arrow())
        for table in ("landing.claims", "landing.quotes", "landing.claim_bodies"):
            con.execute(f"delete from {table} where body_sha256 in (select body_sha256 from incoming_done)")
        con.execute("insert into landing.claims by name select * from incoming_claims")
        con.execute("insert into landing.quotes by name select * from incoming_quotes")
        con.execute("insert into landing.claim_bodies by name select * from incoming_done")
        for name in ("incoming_done", "incoming_claims", "incoming_quotes"):
            con.unregister(name)


def claims_frame(con: duckdb.DuckDBPyConnection, since: datetime | None = None) -> pd.DataFrame:
    """One row per figure and per quote of the current bodies (from `since`: the bodies read since), with the facts
    the checks assert: the offsets cut out the stored text, a figure's value is a finite number inside its range, a
    quote's speaker is a mention of its body."""
    where = "" if since is None else "and c.extracted_at >= $since"
    return con.execute(
        f"""
        with bodies as (
            select c.body_sha256, any_value(a.body) as body, any_value(c.claims_version) as claims_version
            from landing.claim_bodies as c
            join landing.articles as a on a.body_sha256 = c.body_sha256
            join landing.record_status as f on f.text_sha256 = a.text_sha256 and f.holds_current_article
            where true {where}
            group by c.body_sha256
        ),
        rows as (
            select body_sha256, 'figure' as row_kind, char_start, char_end, figure_text as text,
                   isfinite(value) and coalesce(value_low <= value, true) and coalesce(value <= value_high, true)
                       as value_is_a_number_in_its_range,
                   hedge, null as quote_kind, true as speaker_is_a_mention
            from landing.claims
            union all
            select q.body_sha256, 'quote', q.char_start, q.char_end, q.quote_text, true, null, q.kind,
                   q.speaker_mention is null or m.mention_index is not null
            from landing.quotes as q
            left join landing.mentions as m
                on m.body_sha256 = q.body_sha256 and m.mention_index = q.speaker_mention
        )
        select
            rows.*,
            b.claims_version,
            rows.char_start >= 0 and rows.char_end <= length(b.body)
                and substr(b.body, rows.char_start + 1, rows.char_end - rows.char_start) = rows.text
                as offsets_cut_out_text
        from rows
        join bodies as b on b.body_sha256 = rows.body_sha256
        """,
        {} if since is None else {"since": since},
    ).df()
