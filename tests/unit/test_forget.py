"""`newsmon forget` and retention on a real DuckDB: real files scanned into the ledger and parsed, then forgotten by
file, source or date. What only the forgotten records held (texts, parses, mentions, story rows) goes with them; a
file still in the raw directory keeps one quarantined row saying so and is not ingested again."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.forget import apply_retention, forget, preview, retention_cutoff
from orchestration.lib.warehouse.stories import story_assignments_frame
from tests.ingest import ingest_and_parse

NOW = datetime(2026, 1, 2, 3, 4, 5)
LATER = NOW + timedelta(days=1)

FILES = {
    # Dated 2019, alpha.com; sub/a_copy.txt has the same bytes (a duplicate of its article).
    "a.txt": "Title: Alpha wins\nDate: March 1, 2019\nURL: https://www.alpha.com/a\n\n"
    "The alpha council met on Monday in Springfield and voted to build a new bridge over the river.\n",
    # Dated 2024, a subdomain of beta.co.uk.
    "b.txt": "Title: Beta\nDate: May 1, 2024\nURL: https://news.beta.co.uk/b\n\n"
    "Beta engineers finished the tunnel under the harbour after six years of work.\n",
    # States no date and no outlet: its age is when it was first seen.
    "c.txt": "Gamma residents gathered in the square to celebrate the end of the long festival season.\n",
    "empty.txt": "",
}
STORY_TABLES = ("story_assignments", "article_signatures", "story_bands", "story_postings", "story_features")


def ingest(con, raw: Path, now: datetime) -> None:
    """The ingest and parse stages as a run does them (scan, ledger, parse), and mentions and story rows standing
    in for the NER and stories stages (one set per article not yet annotated)."""
    ingest_and_parse(con, raw, now)
    articles = con.execute(
        "select distinct s.article_id, s.body_sha256 from landing.record_status as s where s.status = 'article' "
        "and s.body_sha256 not in (select body_sha256 from landing.ner_bodies) order by 1"
    ).fetchall()
    for article_id, body in articles:
        con.execute("insert into landing.ner_bodies values (?, 'test', 2, ?)", [body, now])
        for index in range(2):
            con.execute(
                "insert into landing.mentions values (?, ?, 'Name', 'PERSON', 'PERSON', 'Name', 0, 4, 0)",
                [body, index],
            )
        con.execute(
            "insert into landing.story_assignments values (?, ?, ?, 1.0, 'new', null, 1, 1, true, 'test', ?)",
            [article_id, body, article_id, now],
        )
        con.execute("insert into landing.article_signatures values (?, ?, 'sig'::blob)", [article_id, body])
        con.execute("insert into landing.story_bands values (1, 2, ?)", [article_id])
        con.execute("insert into landing.story_postings values (3, 1, 1, true, ?)", [article_id])
        con.execute("insert into landing.story_features values (?, 3, 1, 1.0)", [article_id])


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "sub").mkdir(parents=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sub" / "a_copy.txt").write_text(FILES["a.txt"], encoding="utf-8")
    return folder


@pytest.fixture
def con(tmp_path: Path, raw: Path):
    with connect(tmp_path / "work.duckdb") as connection:
        ingest(connection, raw, NOW)
        yield connection


def statuses(con) -> dict[tuple[str, int], tuple[str, str | None, str | None]]:
    rows = con.execute("select file_path, version, status, article_id, reason from landing.record_status").fetchall()
    return {(path, version): (status, article, reason) for path, version, status, article, reason in rows}


def article_of(con, path: str) -> str:
    return statuses(con)[(path, 1)][1]


def table_counts(con) -> dict[str, int]:
    tables = con.execute(
        "select table_name from information_schema.tables where table_schema = 'landing' and table_type = 'BASE TABLE'"
    ).fetchall()
    return {name: con.execute(f"select count(*) from landing.{name}").fetchone()[0] for (name,) in tables}


def rows_of(con, table: str, article_id: str) -> int:
    return con.execute(f"select count(*) from landing.{table} where article_id = ?", [article_id]).fetchone()[0]


def test_the_setup_is_what_the_tests_assume(con):
    assert {key: value[0] for key, value in statuses(con).items()} == {
        ("a.txt", 1): "article",
        ("b.txt", 1): "article",
        ("c.txt", 1): "article",
        ("empty.txt", 1): "quarantined",
        ("sub/a_copy.txt", 1): "duplicate",
    }


def test_preview_counts_what_would_go_and_changes_nothing(con):
    before = table_counts(con)
    planned = preview(con, "source", "alpha.com")
    assert (planned.file_records, planned.articles) == (2, 1)  # the article and its duplicate
    assert preview(con, "file", "c.txt").file_records == 1
    assert preview(con, "file", "nothing.txt").file_records == 0
    assert table_counts(con) == before


def test_forgetting_a_present_file_blanks_its_record_and_deletes_what_only_it_held(con):
    article = article_of(con, "c.txt")
    before = table_counts(con)
    done = forget(con, "file", "c.txt", LATER)
    assert (done.file_records, done.articles, done.mentions) == (1, 1, 2)
    status, article_id, reason = statuses(con)[("c.txt", 1)]
    assert (status, article_id, reason) == ("quarantined", None, "forgotten by request (deletion 1, 2026-01-03)")
    row = con.execute("select text_sha256, present from landing.file_records where file_path = 'c.txt'").fetchone()
    assert row == (None, True)
    after = table_counts(con)
    for table in ("documents", "articles", "ner_bodies"):
        assert after[table] == before[table] - 1, table
    assert after["mentions"] == before["mentions"] - 2
    for table in STORY_TABLES:
        assert rows_of(con, table, article) == 0, table
        assert after[table] == before[table] - 1, table
    assert con.execute("select * from landing.deletions").fetchall() == [(1, LATER, "file", "c.txt", 1, 1, 2)]


def test_a_forgotten_file_is_not_ingested_again_until_its_bytes_change(con, raw: Path):
    forget(con, "file", "c.txt", LATER)
    before = table_counts(con)
    os.utime(raw / "c.txt", (1_900_000_000, 1_900_000_000))  # touched: same bytes, new mtime
    ingest(con, raw, LATER + timedelta(hours=1))
    assert statuses(con)[("c.txt", 1)][0] == "quarantined"
    assert ("c.txt", 2) not in statuses(con)
    after = table_counts(con)
    assert {k: v for k, v in after.items() if k != "ledger_scans"} == {
        k: v for k, v in before.items() if k != "ledger_scans"
    }
    (raw / "c.txt").write_text(FILES["c.txt"] + "The square was swept clean the next morning.\n", encoding="utf-8")
    ingest(con, raw, LATER + timedelta(hours=2))
    assert statuses(con)[("c.txt", 2)][0] == "article"  # new bytes are a new version, ingested as usual
    assert statuses(con)[("c.txt", 1)][2].startswith("forgotten by request")


def test_forgetting_an_archived_file_deletes_its_rows(con, raw: Path):
    article = article_of(con, "b.txt")
    (raw / "b.txt").unlink()
    ingest(con, raw, LATER)
    assert statuses(con)[("b.txt", 1)][0] == "article"  # archived: its article stays
    done = forget(con, "file", "b.txt", LATER)
    assert (done.file_records, done.articles) == (1, 1)
    assert con.execute("select count(*) from landing.file_records where file_path = 'b.txt'").fetchone()[0] == 0
    assert rows_of(con, "story_assignments", article) == 0


def test_forgetting_a_changed_file_deletes_its_old_versions_and_blanks_the_current_one(con, raw: Path):
    (raw / "c.txt").write_text(FILES["c.txt"] + "The square was swept clean the next morning.\n", encoding="utf-8")
    ingest(con, raw, LATER)
    assert statuses(con)[("c.txt", 1)][0] == statuses(con)[("c.txt", 2)][0] == "article"
    articles = con.execute("select count(distinct article_id) from landing.record_status").fetchone()[0]
    done = forget(con, "file", "c.txt", LATER)
    assert (done.file_records, done.articles, done.mentions) == (2, 2, 4)
    rows = con.execute("select version, text_sha256, reason from landing.file_records where file_path = 'c.txt'")
    assert rows.fetchall() == [(2, None, "forgotten by request (deletion 1, 2026-01-03)")]
    assert con.execute("select count(distinct article_id) from landing.record_status").fetchone()[0] == articles - 2


def test_a_file_selector_names_a_file_or_a_folder_not_a_prefix(con):
    assert preview(con, "file", "sub").file_records == 1  # everything under sub/
    assert preview(con, "file", "su").file_records == 0
    assert preview(con, "file", "a").file_records == 0


def test_forgetting_one_copy_keeps_the_article_another_file_holds(con):
    article = article_of(con, "a.txt")
    done = forget(con, "file", "a.txt", LATER)
    assert done.articles == 0
    assert statuses(con)[("sub/a_copy.txt", 1)][:2] == ("article", article)  # the copy now holds it
    assert con.execute("select count(*) from landing.documents").fetchone()[0] == 3
    assert rows_of(con, "story_assignments", article) == 1


def test_a_source_selects_its_articles_their_duplicates_and_subdomains(con):
    done = forget(con, "source", "alpha.com", LATER)
    assert (done.file_records, done.articles) == (2, 1)
    assert statuses(con)[("sub/a_copy.txt", 1)][0] == "quarantined"
    assert preview(con, "source", "co.uk").articles == 1  # beta.co.uk is under co.uk
    assert preview(con, "source", "eta.co.uk").file_records == 0  # a suffix of the name is not a subdomain


def test_a_source_is_matched_whatever_its_case(con):
    assert preview(con, "source", "Alpha.COM").articles == 1


def test_before_uses_the_publication_date_else_when_the_article_was_first_seen(con, raw: Path):
    assert preview(con, "before", "2020-01-01").articles == 1  # a.txt, published 2019
    assert preview(con, "before", "2025-01-01").articles == 2  # and b.txt, 2024; c.txt states no date
    assert preview(con, "before", NOW.date().isoformat()).articles == 2  # c.txt was first seen on NOW's day
    assert preview(con, "before", LATER.date().isoformat()).articles == 3
    # A quarantined file still in the raw directory stays accounted for; one that left goes with the period.
    assert preview(con, "before", LATER.date().isoformat()).file_records == 4
    (raw / "empty.txt").unlink()
    ingest(con, raw, NOW + timedelta(hours=1))
    assert preview(con, "before", LATER.date().isoformat()).file_records == 5


def test_near_duplicate_pairs_go_when_either_article_goes(con):
    a, b, c = (article_of(con, path) for path in ("a.txt", "b.txt", "c.txt"))
    con.execute("insert into landing.near_duplicates values (?, ?, 0.9, ?), (?, ?, 0.8, ?)", [b, a, NOW, c, b, NOW])
    forget(con, "file", "c.txt", LATER)
    assert con.execute("select article_id, other_article_id from landing.near_duplicates").fetchall() == [(b, a)]


def test_a_story_whose_first_article_goes_is_named_by_the_earliest_one_left(con):
    a, b, c = (article_of(con, path) for path in ("a.txt", "b.txt", "c.txt"))
    # One story started by a; c joined it an hour later, b two hours later.
    con.execute("update landing.story_assignments set story_id = ?", [a])
    for article, hours in ((c, 1), (b, 2)):
        con.execute(
            "update landing.story_assignments set assigned_at = ?, rule = 'similar' where article_id = ?",
            [NOW + timedelta(hours=hours), article],
        )
    forget(con, "source", "alpha.com", LATER)
    rows = con.execute("select article_id, story_id, rule from landing.story_assignments order by assigned_at")
    assert rows.fetchall() == [(c, c, "similar"), (b, c, "similar")]  # how each was placed stays as it was
    assert story_assignments_frame(con)["founder_is_in_story"].tolist() == [True, True]
    forget(con, "file", "c.txt", LATER)
    assert con.execute("select article_id, story_id from landing.story_assignments").fetchall() == [(b, b)]


def test_each_pass_is_audited_with_its_own_id(con):
    forget(con, "file", "c.txt", LATER)
    forget(con, "source", "beta.co.uk", LATER + timedelta(hours=1))
    rows = con.execute("select deletion_id, how, target, articles from landing.deletions order by 1").fetchall()
    assert rows == [(1, "file", "c.txt", 1), (2, "source", "beta.co.uk", 1)]
    assert statuses(con)[("b.txt", 1)][2] == "forgotten by request (deletion 2, 2026-01-03)"


def test_a_bad_selector_or_date_is_refused_before_anything_changes(con):
    before = table_counts(con)
    with pytest.raises(ValueError, match="unknown selector"):
        forget(con, "everything", "x", LATER)
    with pytest.raises(ValueError):
        forget(con, "before", "last tuesday", LATER)
    assert table_counts(con) == before


def test_retention_cutoff_is_the_start_of_the_day_days_ago():
    assert retention_cutoff(NOW, None) is None
    assert retention_cutoff(NOW, 1) == datetime(2026, 1, 1)
    assert retention_cutoff(NOW, 365) == datetime(2025, 1, 2)


def test_retention_deletes_what_is_older_and_audits_it(con):
    assert apply_retention(con, None, LATER) is None  # unset: keep forever
    days_to_2018 = (LATER - datetime(2018, 1, 1)).days
    assert apply_retention(con, days_to_2018, LATER) is None  # nothing that old: no pass, no audit row
    assert con.execute("select count(*) from landing.deletions").fetchone()[0] == 0
    days_to_2022 = (LATER - datetime(2022, 1, 1)).days
    done = apply_retention(con, days_to_2022, LATER)
    assert done is not None and (done.how, done.target, done.articles) == ("retention", "2022-01-01 00:00:00", 1)
    assert statuses(con)[("a.txt", 1)][0] == statuses(con)[("sub/a_copy.txt", 1)][0] == "quarantined"
    assert statuses(con)[("b.txt", 1)][0] == "article"
    assert apply_retention(con, days_to_2022, LATER) is None  # a second pass finds nothing new
    assert con.execute("select how, articles from landing.deletions").fetchall() == [("retention", 1)]
