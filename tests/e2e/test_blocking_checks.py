"""A blocking check that fails stops the marts, and `newsmon run` says which check failed."""

from __future__ import annotations

import duckdb

from orchestration.cli import main
from orchestration.lib.settings import Settings
from orchestration.run import run_pipeline


def _marts_file_count(settings: Settings) -> int:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute("select count(*) from marts.files").fetchone()[0]


def test_bad_mention_offsets_stop_the_marts_and_fail_the_run(seed_settings: Settings, capsys):
    assert run_pipeline(seed_settings).success
    assert _marts_file_count(seed_settings) == 5

    # The NER stage's table now holds a mention that ends past its body, as a buggy NER change would produce when it
    # re-annotates a body.
    with duckdb.connect(str(seed_settings.working_db)) as con:
        body = con.execute("select body_sha256 from landing.mentions where mention_index = 0 limit 1").fetchone()[0]
        con.execute(
            "update landing.mentions set char_end = 10_000_000 where mention_index = 0 and body_sha256 = ?", [body]
        )
        con.execute("update landing.ner_bodies set annotated_at = now()::timestamp where body_sha256 = ?", [body])
    (seed_settings.raw_dir / "new.txt").write_text("Niger's junta met Russian officials in Niamey.\n", encoding="utf-8")

    exit_code = main(["run", "--raw-dir", str(seed_settings.raw_dir), "--warehouse", str(seed_settings.warehouse)])

    assert exit_code == 1
    assert "check failed: ner_mentions:mention_ends_inside_body" in capsys.readouterr().err
    # dbt did not run and nothing was published: readers still see the state before the bad data.
    assert _marts_file_count(seed_settings) == 5
    # `newsmon status` reports the failed run and its check, and its exit code says so.
    assert main(["status", "--warehouse", str(seed_settings.warehouse)]) == 1
    status = capsys.readouterr().out
    assert "FAILED" in status and "ner_mentions:mention_ends_inside_body" in status

    # The failed rows are not marked validated: the next run reads them again and fails again until they are fixed.
    assert main(["run", "--raw-dir", str(seed_settings.raw_dir), "--warehouse", str(seed_settings.warehouse)]) == 1
    assert "check failed: ner_mentions:mention_ends_inside_body" in capsys.readouterr().err
    assert _marts_file_count(seed_settings) == 5


def test_runs_validate_new_rows_and_check_full_validates_all(seed_settings: Settings, capsys):
    args = ["--raw-dir", str(seed_settings.raw_dir), "--warehouse", str(seed_settings.warehouse)]
    assert run_pipeline(seed_settings).success
    # Damage an old row without marking it written: a run's checks read only rows written since they last passed,
    # so the next run does not see it; `newsmon check --full` reads every row and does.
    with duckdb.connect(str(seed_settings.working_db)) as con:
        con.execute("update landing.mentions set char_start = -1 where mention_index = 1")
    assert main(["check", *args]) == 0
    out = capsys.readouterr().out
    assert "ner_mentions: 7 checks over 0 rows (rows since " in out
    assert "story_assignments: 7 checks over 0 rows" in out

    assert main(["check", "--full", *args]) == 1
    out = capsys.readouterr().out
    assert "ner_mentions: 7 checks over" in out and "(every row): FAILED" in out
    assert "failed: mention_starts_inside_body (5 unexpected)" in out
    assert "files_ledger: 6 checks over 5 rows (every row): passed" in out


def test_future_publication_dates_fail_the_parsed_articles_check(seed_settings: Settings):
    assert run_pipeline(seed_settings).success
    with duckdb.connect(str(seed_settings.working_db)) as con:
        con.execute(
            "update landing.articles "
            "set published_at = now()::timestamp + interval 30 day, parsed_at = now()::timestamp"
        )
        # Force dbt to run again, so a green outcome could only come from a check that did not block.
        con.execute("delete from landing.dbt_builds")
        con.execute("drop table marts.articles")
    outcome = run_pipeline(seed_settings)
    assert not outcome.success
    assert "parsed_articles:published_at_is_not_in_the_future" in outcome.failed_checks
    with duckdb.connect(str(seed_settings.working_db), read_only=True) as con:
        assert "articles" not in _mart_tables(con)
    # The published copy is the last green build's: complete, with no future date in it.
    with duckdb.connect(str(seed_settings.warehouse), read_only=True) as con:
        assert "articles" in _mart_tables(con)
        assert con.execute("select count(*) from marts.articles where published_at > now()").fetchone() == (0,)


def _mart_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
    return {r[0] for r in rows}
