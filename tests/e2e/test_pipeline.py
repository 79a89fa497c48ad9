"""The whole job, end to end, on the seed articles: the warehouse contract as an analyst would query it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.lib.search.query import tokens
from orchestration.lib.settings import DBT_PROJECT_DIR, WORKING_DB_ENV, Settings, resolve_settings
from orchestration.run import RunOutcome, run_pipeline
from tests.conftest import copy_seeds

CONTRACT = {
    "files": ["file_path", "content_sha256", "size_bytes", "status", "article_id", "reason"],
    "articles": [
        "article_id",
        "file_path",
        "content_sha256",
        "title",
        "url",
        "source_domain",
        "source_name",
        "author",
        "published_at",
        "published_local",
        "published_utc_offset_minutes",
        "published_date",
        "authors",
        "body",
        "word_count",
        "ingested_at",
    ],
    "sources": [
        "source_domain",
        "source_name",
        "article_count",
        "first_published_at",
        "last_published_at",
        "articles_with_author",
        "articles_with_date",
    ],
    "entities": ["entity_id", "canonical_name", "entity_type", "mention_count", "article_count"],
    "entity_mentions": [
        "mention_id",
        "article_id",
        "entity_id",
        "mention_text",
        "entity_type",
        "char_start",
        "char_end",
        "sentence_index",
    ],
    "claims": [
        "claim_id",
        "article_id",
        "story_id",
        "sentence_index",
        "char_start",
        "char_end",
        "sentence",
        "value",
        "unit",
        "counted",
        "about_entity_id",
        "hedge",
        "as_of_text",
        "as_of_date",
    ],
    "quotes": [
        "quote_id",
        "article_id",
        "story_id",
        "char_start",
        "char_end",
        "quote_text",
        "speaker_text",
        "speaker_entity_id",
        "kind",
        "cue",
    ],
    "claim_conflicts": [
        "claim_id_a",
        "claim_id_b",
        "story_id",
        "source_domain_a",
        "source_domain_b",
        "relative_difference",
        "explained_by_time",
    ],
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> tuple[Settings, RunOutcome]:
    """One clean run over the seeds, shared by the read-only tests of this module."""
    root = tmp_path_factory.mktemp("seeded")
    settings = resolve_settings(copy_seeds(root / "raw"), root / "warehouse" / "news.duckdb")
    return settings, run_pipeline(settings)


def query(settings: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_run_succeeds_with_every_check_green(seeded):
    _, outcome = seeded
    assert outcome.success, outcome.failed_steps
    assert outcome.failed_checks == []
    # 17 Great Expectations checks on the Python tables plus the dbt tests.
    assert outcome.checks_passed >= 50


def test_one_day_of_news_makes_no_spike_and_writes_no_alert(seeded):
    """The seeds are one day of news: entities jump from nothing, but no day before holds articles to compare with."""
    settings, outcome = seeded
    assert outcome.success, outcome.failed_steps
    with duckdb.connect(str(settings.working_db), read_only=True) as con:
        assert con.execute("select count(*) from intermediate.int_entity_spike_candidates").fetchone()[0] > 0
    assert query(settings, "select count(*) from marts.entity_spikes") == [(0,)]
    alerts = [json.loads(line) for line in settings.alerts_file.read_text(encoding="utf-8").splitlines()]
    assert {alert["kind"] for alert in alerts} == {"watchlist_match"}  # the shipped saved queries match the seeds


def test_saved_queries_match_the_seeds_and_each_recent_match_is_alerted_once(seeded):
    settings, _ = seeded
    matches = query(settings, "select watchlist_name, article_id, day from marts.watchlist_matches order by all")
    assert {name for name, _, _ in matches} >= {"wagner_in_africa", "us_troops_withdrawal"}
    newest = max(day for _, _, day in matches)
    alerted = {
        (alert["watchlist_name"], alert["article_id"])
        for alert in map(json.loads, settings.alerts_file.read_text(encoding="utf-8").splitlines())
    }
    assert alerted == {(name, article) for name, article, day in matches if (newest - day).days <= 2}


def test_contract_tables_have_their_columns(seeded):
    settings, _ = seeded
    for table, columns in CONTRACT.items():
        found = [
            r[0]
            for r in query(
                settings,
                "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?",
                [table],
            )
        ]
        assert set(columns) <= set(found), (table, set(columns) - set(found))


def test_every_seed_file_is_accounted_for_as_an_article(seeded):
    settings, _ = seeded
    rows = query(settings, "select file_path, status from marts.files order by file_path")
    assert rows == [(p.name, "article") for p in sorted(settings.raw_dir.glob("*.txt"))]
    assert query(settings, "select count(*) from marts.articles") == [(5,)]


def test_seed_metadata_reaches_the_articles_mart(seeded):
    settings, _ = seeded
    row = query(
        settings,
        "select title, source_domain, source_name, author, published_at::varchar "
        "from marts.articles where file_path like '001_%'",
    )[0]
    assert row == (
        "Russia Sends Instructors, Air Defense System to Niger",
        "themoscowtimes.com",
        "The Moscow Times",
        None,
        "2024-04-12 07:00:00",
    )
    assert query(settings, "select author, source_domain from marts.articles where file_path like '003_%'") == [
        ("Surja", "thelocalreport.in")
    ]
    assert query(settings, "select source_domain from marts.articles where file_path like '004_%'") == [
        ("nbcnews.com",)
    ]


def test_vladimir_putin_is_an_entity_of_at_least_four_articles(seeded):
    settings, _ = seeded
    rows = query(
        settings, "select entity_type, article_count from marts.entities where canonical_name = 'Vladimir Putin'"
    )
    assert rows and rows[0][0] == "PERSON" and rows[0][1] >= 4


def test_no_name_is_two_entities_and_renames_have_their_table(seeded):
    settings, _ = seeded
    assert query(settings, "select canonical_name from marts.entities group by 1 having count(*) > 1") == []
    # A first run names every entity for the first time: nothing was renamed.
    assert query(settings, "select count(*) from marts.entity_name_changes") == [(0,)]


def test_every_mention_offset_cuts_its_text_out_of_the_body(seeded):
    settings, _ = seeded
    total, matching = query(
        settings,
        """
        select count(*), count(*) filter (where substr(a.body, m.char_start + 1, m.char_end - m.char_start)
                                                = m.mention_text)
        from marts.entity_mentions m join marts.articles a using (article_id)""",
    )[0]
    assert total > 100
    assert matching == total


def test_the_seeds_disagree_on_the_us_troops_and_time_may_explain_it(seeded):
    settings, _ = seeded
    conflicts = query(
        settings,
        """
        select least(a.value, b.value), greatest(a.value, b.value), c.explained_by_time, a.story_id = b.story_id,
               a.counted_key = b.counted_key
        from marts.claim_conflicts c
        join marts.claims a on a.claim_id = c.claim_id_a
        join marts.claims b on b.claim_id = c.claim_id_b
        """,
    )
    assert conflicts and set(conflicts) == {(650.0, 1000.0, True, True, True)}
    # The 100 Russian instructors conflict with nothing; every figure and quote cuts its text out of its article.
    instructors = query(settings, "select claim_id from marts.claims where value = 100 and counted like '%instructors'")
    assert len(instructors) >= 1
    paired = {
        claim for row in query(settings, "select claim_id_a, claim_id_b from marts.claim_conflicts") for claim in row
    }
    assert not paired & {claim for (claim,) in instructors}
    cut = query(
        settings,
        """
        select count(*), count(*) filter (where substr(a.body, x.char_start + 1, x.char_end - x.char_start) = x.text)
        from (select article_id, char_start, char_end, figure_text as text from marts.claims
              union all select article_id, char_start, char_end, quote_text from marts.quotes) as x
        join marts.articles a using (article_id)
        """,
    )[0]
    assert cut[0] > 10 and cut[0] == cut[1]
    # Who said what, resolved to entities: the IOM's displacement figure is reported speech ("..., according to the
    # International Organization for Migration"), and Singh's words on the drone flights are reported by the Pentagon.
    speakers = dict(
        query(
            settings,
            """
            select e.canonical_name, list(q.kind order by q.kind) from marts.quotes q
            join marts.entities e on e.entity_id = q.speaker_entity_id group by 1
            """,
        )
    )
    assert "reported" in speakers["International Organization for Migration"]
    assert "reported" in speakers["Singh"]


def test_sources_count_the_articles_of_each_outlet(seeded):
    settings, _ = seeded
    rows = query(
        settings,
        "select source_domain, article_count, articles_with_author, articles_with_date "
        "from marts.sources order by source_domain",
    )
    assert rows == [("nbcnews.com", 1, 0, 0), ("thelocalreport.in", 1, 1, 0), ("themoscowtimes.com", 1, 0, 1)]


def test_the_dbt_unit_tests_pass(seeded, tmp_path: Path):
    """Every dbt unit test (the fixtures' builds leave them out, tests/conftest.py), on a copy of a seeded working
    database: a unit test needs its inputs' tables to exist."""
    settings, _ = seeded
    working = tmp_path / settings.working_db.name
    shutil.copyfile(settings.working_db, working)
    env = {**os.environ, WORKING_DB_ENV: str(working), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(Path(sys.executable).with_name("dbt")), "test", "--select", "test_type:unit"]
    command += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    command += ["--target-path", str(tmp_path / "target")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    counts = re.search(r"PASS=(\d+) WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=(\d+)", result.stdout)
    assert counts and counts.group(1) == counts.group(2) and int(counts.group(1)) >= 12, result.stdout[-2000:]


def test_the_search_index_holds_every_word_of_every_article_where_it_stands(seeded):
    """The dbt index (fct_search_postings) and the query side (`tokens`) split the real seed texts alike."""
    settings, _ = seeded
    for article_id, title, body in query(settings, "select article_id, title, body from marts.articles"):
        words = tokens((title or "") + "\n" + body)
        indexed = query(
            settings,
            "select term, word_positions from marts.search_postings where article_id = ?",
            [article_id],
        )
        positions = sorted((p, term) for term, where in indexed for p in where)
        offset = positions[0][0]  # a text that opens with a separator starts at word 1
        assert [term for _, term in positions] == words
        assert [p for p, _ in positions] == list(range(offset, offset + len(words)))
        assert query(settings, "select term_count from marts.search_documents where article_id = ?", [article_id]) == [
            (len(words),)
        ]


def test_newsmon_search_finds_ranks_and_highlights(seeded, capsys):
    settings, _ = seeded
    warehouse = ["--warehouse", str(settings.warehouse)]
    assert main(["search", '"russian military" NEAR/30 niger', "--json", *warehouse]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] >= 3
    assert {"russian", "military", "niger"} <= {word.lower() for a in found["articles"] for word in a["highlights"]}
    assert sum(row["matches"] for row in found["counts"]) == found["total"]
    assert main(["search", "wagner NOT junta", *warehouse]) == 0
    assert "0 articles match" in capsys.readouterr().out  # the one article saying Wagner says junta too
    assert main(["search", "niger (", *warehouse]) == 2
    assert "at position 8" in capsys.readouterr().err


def test_the_published_file_answers_search_in_plain_sql(seeded):
    settings, _ = seeded
    matched = query(settings, "select article_id from marts.search_matches('Niger air defense')")
    engine = query(
        settings,
        "select article_id from marts.search_postings where term in ('niger', 'air', 'defense') "
        "group by article_id having count(*) = 3",
    )
    assert matched and sorted(matched) == sorted(engine)
    rows = query(settings, "select sum(matches), sum(articles) from marts.attention('niger')")
    assert rows == [(5, 5)]


def _hashable(rows: list[tuple]) -> list[tuple]:
    # A list column (articles.authors) as a tuple, so rows can be compared as sets.
    return [tuple(tuple(value) if isinstance(value, list) else value for value in row) for row in rows]


def _snapshot(settings: Settings) -> dict[str, list[tuple]]:
    return {
        "files": query(settings, "select * exclude (first_seen_at) from marts.files order by file_path"),
        "articles": _hashable(
            query(settings, "select * exclude (ingested_at) from marts.articles order by article_id")
        ),
        "mentions": query(settings, "select * from marts.entity_mentions order by mention_id"),
        "entities": query(settings, "select * from marts.entities order by entity_id"),
    }


def test_second_run_changes_nothing_and_adding_a_file_adds_exactly_that_article(seeded, tmp_path: Path):
    # The first run is the module's: its raw files and warehouse folder, copied, are where this test goes on from.
    settings, first = seeded
    assert first.success
    shutil.copytree(settings.raw_dir, tmp_path / "raw")
    shutil.copytree(settings.warehouse.parent, tmp_path / "warehouse")
    seed_settings = resolve_settings(tmp_path / "raw", tmp_path / "warehouse" / settings.warehouse.name)
    before = _snapshot(seed_settings)

    again = run_pipeline(seed_settings)
    assert again.success
    assert _snapshot(seed_settings) == before
    with duckdb.connect(str(seed_settings.working_db), read_only=True) as con:
        assert con.execute("select count(*) from landing.ner_bodies").fetchall() == [(5,)]

    (seed_settings.raw_dir / "later").mkdir()
    (seed_settings.raw_dir / "later" / "new.txt").write_text(
        "Title: Mali junta meets ECOWAS envoys\n\nThe envoys met Colonel Assimi Goita in Bamako on Monday.\n",
        encoding="utf-8",
    )
    third = run_pipeline(seed_settings)
    assert third.success, third.failed_checks
    after = _snapshot(seed_settings)
    assert len(after["files"]) == len(before["files"]) + 1
    new_articles = set(after["articles"]) - set(before["articles"])
    assert [a[1] for a in new_articles] == ["later/new.txt"]
    assert set(before["articles"]) <= set(after["articles"])
    assert set(before["mentions"]) <= set(after["mentions"])


def test_duplicates_and_bad_files_are_classified_not_lost(tmp_path: Path):
    raw = copy_seeds(tmp_path / "raw")
    seed = next(raw.glob("001_*.txt"))
    # The same article saved as UTF-16 with Windows line endings is the same text: a duplicate.
    (raw / "copy_utf16.txt").write_bytes(seed.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-16"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "footer_only.txt").write_text(
        "Copyright for syndicated content belongs to the linked Source.\n\nExit mobile version\n", encoding="utf-8"
    )
    (raw / "cp1252.txt").write_bytes("São Tomé’s president met envoys in Ségou – officials said.\n".encode("cp1252"))
    # Regression: JSON nested this deep raised RecursionError in the ledger and failed every run after it.
    (raw / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    settings = resolve_settings(raw, tmp_path / "warehouse" / "news.duckdb")
    assert run_pipeline(settings).success
    status = dict(query(settings, "select file_path, status from marts.files"))
    assert status["copy_utf16.txt"] == "duplicate"
    assert {status["empty.txt"], status["image.txt"], status["footer_only.txt"]} == {"quarantined"}
    assert status["cp1252.txt"] == "article"
    reason = query(settings, "select reason from marts.files where file_path = 'deep.json'")[0][0]
    assert reason.startswith("JSON nested deeper than") and "limit 64 levels" in reason
    reasons = dict(query(settings, "select file_path, reason from marts.files where status = 'quarantined'"))
    assert reasons["footer_only.txt"] == "nothing left after boilerplate removal"
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["image.txt"]
    dup_of = query(
        settings,
        "select d.article_id = a.article_id from marts.files d, marts.files a "
        "where d.file_path = 'copy_utf16.txt' and a.file_path = ?",
        [seed.name],
    )
    assert dup_of == [(True,)]
    body = query(settings, "select body from marts.articles where file_path = 'cp1252.txt'")[0][0]
    assert "São Tomé’s" in body and "Ségou – officials" in body


HTML_PAGE = """<!doctype html><html><head>
<title>Niger junta expels envoy | Sahel Daily</title>
<meta property="og:site_name" content="Sahel Daily">
<meta property="og:url" content="https://www.saheldaily.co.uk/2024/05/02/niger-envoy">
<meta name="author" content="Amina Diallo, Idrissa Sow">
<meta property="article:published_time" content="2024-05-02T07:15:00+09:00">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Niger junta expels envoy</h1>
<p>The military government in Niamey ordered the envoy to leave within 48 hours, state television said on Thursday.</p>
<p>General Abdourahamane Tiani met Russian officials the same week, according to the presidency.</p>
</article><footer>© Sahel Daily. All rights reserved.</footer><script>track()</script></body></html>
"""

JSON_LINES = "\n".join(
    [
        json.dumps(
            {
                "title": "Mali junta extends transition",
                "maintext": "Mali's junta extended the transition "
                "by two years, the government said in Bamako on Friday.",
                "date_publish": "2024-05-03 10:00:00",
                "authors": ["Moussa Keita"],
                "source_domain": "africanews.com",
                "url": "https://www.africanews.com/2024/05/03/mali",
            }
        ),
        "{this line is not json",
        json.dumps(
            {
                "title": "Burkina Faso bans broadcasts",
                "maintext": "Burkina Faso suspended two foreign broadcasters in Ouagadougou for a month.",
                "date_publish": "2024-05-04T08:00:00Z",
                "url": "https://www.rfi.fr/en/africa/burkina",
            }
        ),
    ]
)


def test_html_pages_and_json_exports_become_articles_record_by_record(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (raw / "export.jsonl").write_text(JSON_LINES, encoding="utf-8")
    (raw / "future.txt").write_text(
        "Title: Future story\nPublished: 12 May 2099\n\nThe summit in Abuja opened on "
        "Monday with leaders of the region.\n\nTalks went on late.\n",
        encoding="utf-8",
    )
    # What a scraper saves when the site answers with a challenge page: quarantined as a bot wall, not an article.
    (raw / "blocked.html").write_text(
        "<html><head><title>Just a moment...</title></head><body><h1>Checking your browser before accessing "
        "saheldaily.co.uk</h1><noscript>Please enable JavaScript and cookies to continue.</noscript></body></html>",
        encoding="utf-8",
    )
    settings = resolve_settings(raw, tmp_path / "warehouse" / "news.duckdb")
    outcome = run_pipeline(settings)
    assert outcome.success, outcome.failed_checks
    assert "parsed_articles:stated_dates_are_parsed" in outcome.warnings
    assert "parsed_articles:texts_parse_without_error" not in outcome.warnings  # a bot wall is no parser failure
    [(status, reason)] = query(settings, "select status, reason from marts.files where file_path = 'blocked.html'")
    assert status == "quarantined" and reason.startswith("bot wall: "), reason

    page = query(
        settings,
        "select title, source_domain, source_name, author, published_at::varchar, body "
        "from marts.articles where file_path = 'page.html'",
    )[0]
    assert page[:5] == (
        "Niger junta expels envoy",
        "saheldaily.co.uk",
        "Sahel Daily",
        "Amina Diallo and Idrissa Sow",
        "2024-05-01 22:15:00",
    )
    # East of UTC: the page's own clock and day are kept beside UTC, and the daily marts count it on that day.
    assert query(
        settings,
        "select authors, published_local::varchar, published_utc_offset_minutes, published_date::varchar "
        "from marts.articles where file_path = 'page.html'",
    ) == [(["Amina Diallo", "Idrissa Sow"], "2024-05-02 07:15:00", 540, "2024-05-02")]
    assert query(
        settings,
        "select d.day::varchar from marts.search_documents as d join marts.articles as a using (article_id) "
        "where a.file_path = 'page.html'",
    ) == [("2024-05-02",)]
    assert "envoy to leave" in page[5] and "Home" not in page[5] and "track()" not in page[5]

    records = query(
        settings,
        "select record_index, status, reason from marts.file_records "
        "where file_path = 'export.jsonl' order by record_index",
    )
    assert [r[1] for r in records] == ["article", "quarantined", "article"]
    assert records[1][2].startswith("invalid JSON on line 2")
    assert query(
        settings,
        "select status, record_count, article_records, reason from marts.files where file_path = 'export.jsonl'",
    ) == [("article", 3, 2, "1 of 3 records quarantined, first: " + records[1][2])]
    mali = query(
        settings,
        "select author, source_domain, source_name, published_at::varchar "
        "from marts.articles where file_path = 'export.jsonl' and record_index = 0",
    )
    assert mali == [("Moussa Keita", "africanews.com", "Africanews", "2024-05-03 10:00:00")]
    assert query(
        settings, "select published_at, published_at_text from marts.articles where file_path = 'future.txt'"
    ) == [(None, "12 May 2099")]
