"""Explicit deletion: `newsmon forget` (by file, source or date) and the retention setting. Nothing else deletes
ledger rows or articles; every pass is recorded in landing.deletions (marts.deletions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from orchestration.lib.warehouse.connection import transaction

HOW = ("file", "source", "before", "retention")

# The records each selector matches, from landing.record_status (the one place statuses are decided). Selecting an
# article selects all its records: its duplicates have nothing left to point at once it is gone. Domain names are
# matched whatever their case.
_ARTICLES_OF_SOURCE = """
    select s.article_id
    from landing.record_status as s
    join landing.articles as a on a.text_sha256 = s.text_sha256
    where s.status = 'article'
      and (lower(a.source_domain) = lower($target) or lower(a.source_domain) like '%.' || lower($target))
"""
_ARTICLES_BEFORE = """
    select s.article_id
    from landing.record_status as s
    left join landing.articles as a on a.text_sha256 = s.text_sha256
    where s.status = 'article' and coalesce(a.published_at, s.first_seen_at) < $cutoff
"""
_SELECTED = {
    "file": "select file_path, version, record_index from landing.record_status "
    "where file_path = $target or starts_with(file_path, $target || '/')",
    "source": "select file_path, version, record_index from landing.record_status "
    f"where article_id in ({_ARTICLES_OF_SOURCE})",
    # Quarantined records of files gone from the raw directory go too: a retention period bounds the ledger as well
    # (a file still there stays accounted for).
    "before": "select file_path, version, record_index from landing.record_status "
    f"where article_id in ({_ARTICLES_BEFORE}) "
    "or (status = 'quarantined' and not present and first_seen_at < $cutoff)",
}
_SELECTED["retention"] = _SELECTED["before"]


@dataclass(frozen=True)
class Deletion:
    """What one pass removed (or, for a preview, would remove)."""

    how: str
    target: str
    file_records: int
    articles: int
    mentions: int

    def line(self) -> str:
        return (
            f"forget ({self.how} {self.target}): {self.articles:,} articles, {self.mentions:,} mentions, "
            f"{self.file_records:,} file records"
        )


def _parameters(how: str, target: str) -> dict[str, object]:
    if how not in HOW:
        raise ValueError(f"unknown selector {how!r}; one of {', '.join(HOW)}")
    if how in ("before", "retention"):
        return {"cutoff": datetime.fromisoformat(target)}
    return {"target": target}


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    articles = con.execute("select count(distinct article_id) from landing.record_status").fetchone()[0]
    mentions = con.execute("select count(*) from landing.mentions").fetchone()[0]
    return int(articles), int(mentions)


def preview(con: duckdb.DuckDBPyConnection, how: str, target: str) -> Deletion:
    """What `forget` would delete, without deleting: the records matched and the articles among them."""
    params = _parameters(how, target)
    records, articles = con.execute(
        f"""
        with selected as ({_SELECTED[how]})
        select count(*), count(distinct s.article_id) filter (where s.status = 'article')
        from landing.record_status as s join selected using (file_path, version, record_index)
        """,
        params,
    ).fetchone()
    return Deletion(how, target, int(records), int(articles), 0)


def forget(con: duckdb.DuckDBPyConnection, how: str, target: str, now: datetime) -> Deletion:
    """Delete the selected records, then every text, article, mention and story row nothing else refers to, in one
    transaction, and record the pass. A selected file still in the raw directory keeps one quarantined row per
    record saying it was forgotten, so it is still accounted for and not ingested again while its bytes stay the
    same (changed bytes are a new version, ingested as usual)."""
    params = _parameters(how, target)
    with transaction(con):
        articles_before, mentions_before = _counts(con)
        deletion_id = con.execute("select coalesce(max(deletion_id), 0) + 1 from landing.deletions").fetchone()[0]
        con.execute(f"create temporary table forget_selected as {_SELECTED[how]}", params)
        selected = con.execute("select count(*) from forget_selected").fetchone()[0]
        reason = f"forgotten by request (deletion {deletion_id}, {now:%Y-%m-%d})"
        con.execute(
            """
            update landing.file_records as r
            set text_sha256 = null, reason = $reason
            from forget_selected as s
            where r.file_path = s.file_path and r.version = s.version and r.record_index = s.record_index
              and r.present and r.superseded_at is null
            """,
            {"reason": reason},
        )
        con.execute(
            """
            delete from landing.file_records as r
            using forget_selected as s
            where r.file_path = s.file_path and r.version = s.version and r.record_index = s.record_index
              and not (r.present and r.superseded_at is null)
            """
        )
        con.execute("drop table forget_selected")
        _delete_orphans(con)
        # Which record holds an article may now be decided differently: the next run's checks validate every row.
        con.execute("delete from landing.validations")
        # The marts hold rows of what was deleted: the next dbt build is a full one, not an incremental one.
        con.execute("delete from landing.dbt_builds")
        articles_after, mentions_after = _counts(con)
        deletion = Deletion(
            how, target, int(selected), articles_before - articles_after, mentions_before - mentions_after
        )
        con.execute(
            "insert into landing.deletions values (?, ?, ?, ?, ?, ?, ?)",
            [deletion_id, now, how, target, deletion.file_records, deletion.articles, deletion.mentions],
        )
    return deletion


def _delete_orphans(con: duckdb.DuckDBPyConnection) -> None:
    """Rows keyed by a text, body or article that no ledger row refers to any more."""
    con.execute(
        "delete from landing.documents where text_sha256 not in "
        "(select text_sha256 from landing.file_records where text_sha256 is not null)"
    )
    con.execute("delete from landing.articles where text_sha256 not in (select text_sha256 from landing.documents)")
    for table in ("mentions", "sentences", "ner_bodies", "claims", "quotes", "claim_bodies"):
        con.execute(f"delete from landing.{table} where body_sha256 not in (select body_sha256 from landing.articles)")
    kept = "(select article_id from landing.record_status where status = 'article')"
    # A story is named by its first article. When that one goes and others stay, the earliest placed of those left
    # names the story from now on, so a story id is always the id of an article in it (a blocking check).
    con.execute(
        f"""
        update landing.story_assignments as s
        set story_id = renamed.new_story_id
        from (
            select story_id, first(article_id order by assigned_at, day, article_id) as new_story_id
            from landing.story_assignments
            where article_id in {kept}
            group by story_id
            having story_id not in {kept}
        ) as renamed
        where s.story_id = renamed.story_id
        """
    )
    for table in ("story_assignments", "article_signatures", "story_bands", "story_postings", "story_features"):
        con.execute(f"delete from landing.{table} where article_id not in {kept}")
    con.execute(f"delete from landing.near_duplicates where article_id not in {kept} or other_article_id not in {kept}")


def retention_cutoff(now: datetime, days: int | None) -> datetime | None:
    """The date before which articles go under a retention of `days` (None: keep forever)."""
    return None if days is None else (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)


def apply_retention(con: duckdb.DuckDBPyConnection, days: int | None, now: datetime) -> Deletion | None:
    """Forget what is older than the retention period, when one is set and something is that old."""
    cutoff = retention_cutoff(now, days)
    if cutoff is None:
        return None
    target = cutoff.isoformat(sep=" ")
    if not preview(con, "retention", target).file_records:
        return None
    return forget(con, "retention", target, now)
