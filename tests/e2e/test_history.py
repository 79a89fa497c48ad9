"""History is never lost by accident, and deletion on purpose works: real `newsmon run` and `newsmon forget` on the
seeds (plus one article dated 2019), read back from the published warehouse as an analyst would.

One shared sequence keeps the file to five pipeline runs:
  1. run over the seeds and an old article;
  2. archive one seed file, change another's bytes, and run with NEWSMON_RETENTION_DAYS set so that the 2019
     article is past the period;
  3. `forget --file` without --yes and no terminal: refused;
  4. `forget --file --yes` (a file that stays in the raw directory);
  5. touch that file, then `forget --source --yes` (whose rebuild is the forgotten file's next run);
  6. `forget --before --yes`.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.cli import main
from orchestration.lib.settings import working_db_for
from orchestration.maintenance import raw_relative
from tests.conftest import copy_seeds

ARCHIVED = "000_56cee89bde48e313.txt"  # undated, no outlet
CHANGED = "001_7b6072c9e044c106.txt"  # themoscowtimes.com, published 2024-04-12
FORGOTTEN = "002_f0ec04d7f32dd7c4.txt"  # undated, no outlet; stays in the raw directory
NBC = "004_aff0f0a04ff22b2f.txt"  # nbcnews.com, undated
OLD = "old/2019_trainers.txt"  # written below: dated 2019-03-01, archive.example.org
ADDED = "\nThe defence ministry in Niamey later confirmed that a second plane was expected within weeks.\n"
RETENTION_CUTOFF = datetime(2022, 1, 1)  # between the 2019 article and the 2024 one
MARTS = ("files", "file_records", "articles", "article_versions", "deletions", "entity_mentions", "entities", "sources")
MARTS += ("stories", "article_copies")


def utc_now() -> datetime:
    """Naive UTC, as the warehouse stores times."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class Step:
    """One command: its exit code and output, the published marts when it returned, and when it ran."""

    code: int
    out: str
    err: str
    marts: dict[str, list[dict]]
    started: datetime
    ended: datetime

    def rows(self, table: str, **where: object) -> list[dict]:
        return [row for row in self.marts[table] if all(row[k] == v for k, v in where.items())]

    def one(self, table: str, **where: object) -> dict:
        rows = self.rows(table, **where)
        assert len(rows) == 1, (table, where, rows)
        return rows[0]

    def ids(self, table: str = "articles") -> set[str]:
        return {row["article_id"] for row in self.marts[table]}


def published(warehouse: Path) -> dict[str, list[dict]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marts = {}
        for table in MARTS:
            result = con.execute(f"select * from marts.{table}")
            names = [column[0] for column in result.description]
            marts[table] = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    return marts


def newsmon(warehouse: Path, *args: str) -> Step:
    """`newsmon ARGS` in this process, as the console script runs it; the marts as published when it returned."""
    out, err = io.StringIO(), io.StringIO()
    started = utc_now()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refusing an argument
            code = int(exc.code)
    ended = utc_now()
    marts = published(warehouse) if warehouse.exists() else {}
    return Step(code, out.getvalue(), err.getvalue(), marts, started, ended)


def old_article(seeds: Path) -> str:
    """A distinct article dated 2019: the first two paragraphs of a seed under key-value headers."""
    paragraphs = [line for line in (seeds / FORGOTTEN).read_text(encoding="utf-8").splitlines() if line.strip()]
    headers = "Title: Trainers in Niger\nDate: March 1, 2019\nURL: https://archive.example.org/niger\n\n"
    return headers + "\n\n".join(paragraphs[:2]) + "\n"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def deletions_in_working_db(warehouse: Path) -> int:
    with duckdb.connect(str(working_db_for(warehouse)), read_only=True) as con:
        return con.execute("select count(*) from landing.deletions").fetchone()[0]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> dict[str, object]:
    root = tmp_path_factory.mktemp("history")
    raw, archive = copy_seeds(root / "raw"), root / "archive"
    (raw / OLD).parent.mkdir()
    (raw / OLD).write_text(old_article(raw), encoding="utf-8")
    archive.mkdir()
    warehouse = root / "warehouse" / "news.duckdb"
    paths = ("--raw-dir", str(raw), "--warehouse", str(warehouse))
    steps: dict[str, object] = {"raw": raw, "warehouse": warehouse}

    steps["first"] = newsmon(warehouse, "run", *paths)

    shutil.move(raw / ARCHIVED, archive / ARCHIVED)
    with open(raw / CHANGED, "a", encoding="utf-8") as handle:
        handle.write(ADDED)
    days = (utc_now() - RETENTION_CUTOFF).days
    with pytest.MonkeyPatch.context() as env:
        env.setenv("NEWSMON_RETENTION_DAYS", str(days))
        steps["second"] = newsmon(warehouse, "run", *paths)

    # Refused: a real process whose stdin is not a terminal, without --yes.
    before = sha256(warehouse), deletions_in_working_db(warehouse)
    command = [str(Path(sys.executable).with_name("newsmon")), "forget", "--file", FORGOTTEN, *paths]
    refused = subprocess.run(
        command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300, check=False
    )
    steps["refused"] = (refused, before, (sha256(warehouse), deletions_in_working_db(warehouse)))

    # Named as a shell in another folder would: an absolute path (the ledger's name is relative to the raw directory).
    steps["file"] = newsmon(warehouse, "forget", "--file", str(raw / FORGOTTEN), "--yes", *paths)
    later = (raw / FORGOTTEN).stat().st_mtime + 3600
    os.utime(raw / FORGOTTEN, (later, later))  # same bytes, new mtime: the next run reads it again
    steps["source"] = newsmon(warehouse, "forget", "--source", "nbcnews.com", "--yes", *paths)
    steps["before"] = newsmon(warehouse, "forget", "--before", "2025-01-01", "--yes", *paths)
    return steps


def succeeded(step: Step) -> Step:
    assert step.code == 0, (step.out[-3000:], step.err[-3000:])
    return step


def article_of(step: Step, path: str) -> dict:
    return step.one("articles", file_path=path)


# a. Archived files keep their articles.


def test_a_file_moved_out_of_the_raw_directory_keeps_its_article(history):
    first, second = succeeded(history["first"]), succeeded(history["second"])
    article = article_of(first, ARCHIVED)
    assert article_of(second, ARCHIVED) == article
    row = second.one("files", file_path=ARCHIVED)
    assert (row["present"], row["status"], row["article_id"]) == (False, "article", article["article_id"])
    assert second.started <= row["removed_at"] <= second.ended
    assert first.one("files", file_path=ARCHIVED)["present"] is True
    assert first.one("files", file_path=ARCHIVED)["removed_at"] is None
    # Its mentions stay too, and it is still there after three forget passes that did not select it.
    assert article["article_id"] in second.ids("entity_mentions")
    assert article_of(succeeded(history["before"]), ARCHIVED)["article_id"] == article["article_id"]


# b. Changed bytes at the same path add a version.


def test_a_changed_file_adds_a_version_and_the_articles_mart_shows_the_current_one(history):
    first, second = succeeded(history["first"]), succeeded(history["second"])
    old, new = article_of(first, CHANGED), article_of(second, CHANGED)
    assert new["article_id"] != old["article_id"]
    assert new["body"].endswith(ADDED.strip()) and not old["body"].endswith(ADDED.strip())
    versions = {row["article_id"]: row for row in second.rows("article_versions", file_path=CHANGED)}
    assert set(versions) == {old["article_id"], new["article_id"]}
    assert versions[old["article_id"]]["superseded_by"] == new["article_id"]
    assert second.started <= versions[old["article_id"]]["superseded_at"] <= second.ended
    assert versions[new["article_id"]]["superseded_at"] is None
    assert versions[new["article_id"]]["superseded_by"] is None
    assert old["article_id"] not in second.ids()
    assert old["article_id"] not in second.ids("entity_mentions")
    file = second.one("files", file_path=CHANGED)
    assert (file["versions"], file["status"], file["article_id"], file["present"]) == (
        2,
        "article",
        new["article_id"],
        True,
    )


# d. Retention deletes what is older than the period and audits it.


def test_retention_forgets_articles_published_before_the_period_and_audits_it(history):
    first, second = succeeded(history["first"]), succeeded(history["second"])
    old = article_of(first, OLD)
    assert old["published_at"] == datetime(2019, 3, 1)
    assert old["article_id"] not in second.ids() | second.ids("article_versions") | second.ids("entity_mentions")
    # Undated articles are as old as their first sighting (today), the 2024 one is inside the period: all kept.
    assert len(second.marts["articles"]) == len(first.marts["articles"]) - 1
    deletion = second.one("deletions", how="retention")
    assert deletion["target"] == RETENTION_CUTOFF.isoformat(sep=" ")
    assert (deletion["file_records"], deletion["articles"]) == (1, 1)
    assert deletion["mentions"] > 0
    assert second.started <= deletion["deleted_at"] <= second.ended
    file = second.one("files", file_path=OLD)
    assert (file["present"], file["status"], file["article_id"]) == (True, "quarantined", None)
    assert file["reason"] == f"forgotten by request (deletion {deletion['deletion_id']}, {second.started:%Y-%m-%d})"
    ingest = next(line for line in second.out.splitlines() if line.startswith("  ingest: "))
    assert "files seen" in ingest and "retention" in ingest, second.out


def test_an_invalid_retention_setting_is_a_clear_error(tmp_path: Path, monkeypatch, capsys):
    raw = copy_seeds(tmp_path / "raw")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    for value in ("30 days", "0", "-5"):
        monkeypatch.setenv("NEWSMON_RETENTION_DAYS", value)
        assert main(["run", "--raw-dir", str(raw), "--warehouse", str(warehouse)]) == 2
        assert f"NEWSMON_RETENTION_DAYS must be a whole number of days (1 or more), not {value!r}" in (
            capsys.readouterr().err
        )
        assert main(["forget", "--source", "x.com", "--yes", "--raw-dir", str(raw), "--warehouse", str(warehouse)]) == 2
        assert "NEWSMON_RETENTION_DAYS" in capsys.readouterr().err
    assert not warehouse.exists() and not working_db_for(warehouse).exists()


# c. Deleting on purpose: confirmation, file, source, date, audit.


def test_forget_without_yes_and_no_terminal_is_refused_and_deletes_nothing(history):
    refused, before, after = history["refused"]
    assert refused.returncode == 1, refused.stderr
    assert "forget needs --yes when not run from a terminal" in refused.stderr
    assert "nothing deleted" in refused.stdout
    assert after == before  # the published file and the audit are unchanged


def test_forget_a_file_removes_its_article_from_the_published_marts_and_audits_it(history):
    second, step = history["second"], succeeded(history["file"])
    article = article_of(second, FORGOTTEN)["article_id"]
    for table in ("articles", "article_versions", "entity_mentions", "article_copies"):
        assert article not in step.ids(table), table
    assert article not in {row["copy_of"] for row in step.marts["article_copies"]}
    assert len(step.marts["articles"]) == len(second.marts["articles"]) - 1
    deletion = step.one("deletions", how="file")
    assert (deletion["target"], deletion["file_records"], deletion["articles"]) == (FORGOTTEN, 1, 1)
    assert deletion["mentions"] > 0
    assert step.started <= deletion["deleted_at"] <= step.ended
    assert f"forget (file {FORGOTTEN}): 1 articles" in step.out
    assert "  publish: " in step.out  # rebuilt and published before the command returned
    assert {row["mention_count"] > 0 for row in step.marts["entities"]} == {True}  # no entity left without mentions


def test_a_forgotten_file_still_in_the_raw_directory_is_not_ingested_again(history):
    raw: Path = history["raw"]
    assert (raw / FORGOTTEN).exists()
    for name in ("file", "source", "before"):  # the rebuild after forget, then two more runs (the first touched it)
        step = succeeded(history[name])
        row = step.one("files", file_path=FORGOTTEN)
        assert (row["present"], row["status"], row["article_id"], row["versions"]) == (True, "quarantined", None, 1)
        assert row["reason"].startswith("forgotten by request (deletion 2, "), row["reason"]
        record = step.one("file_records", file_path=FORGOTTEN)
        assert (record["status"], record["reason"]) == ("quarantined", row["reason"])
        assert not step.rows("articles", file_path=FORGOTTEN)
        assert not step.rows("article_versions", file_path=FORGOTTEN)


def test_forget_a_source_removes_its_articles(history):
    before, step = history["file"], succeeded(history["source"])
    nbc = article_of(before, NBC)["article_id"]
    assert nbc not in step.ids() | step.ids("article_versions") | step.ids("entity_mentions")
    assert "nbcnews.com" not in {row["source_domain"] for row in step.marts["sources"]}
    assert len(step.marts["articles"]) == len(before.marts["articles"]) - 1
    deletion = step.one("deletions", how="source")
    assert (deletion["target"], deletion["articles"], deletion["file_records"]) == ("nbcnews.com", 1, 1)
    assert step.one("files", file_path=NBC)["status"] == "quarantined"


def test_forget_before_a_date_removes_every_version_published_before_it(history):
    before, step = history["source"], succeeded(history["before"])
    versions = before.rows("article_versions", file_path=CHANGED)
    assert len(versions) == 2 and {row["published_at"] for row in versions} == {datetime(2024, 4, 12, 7)}
    gone = {row["article_id"] for row in versions}
    assert not gone & (step.ids() | step.ids("article_versions") | step.ids("entity_mentions"))
    # Undated articles count from when they were first seen (today): kept.
    assert {row["file_path"] for row in step.marts["articles"]} == {ARCHIVED, "003_f09573eaaed5732b.txt"}
    deletion = step.one("deletions", how="before")
    assert (deletion["target"], deletion["articles"], deletion["file_records"]) == ("2025-01-01", 2, 2)
    row = step.one("files", file_path=CHANGED)
    assert (row["status"], row["present"]) == ("quarantined", True)
    # Every pass so far, in order, each once.
    assert [
        (row["deletion_id"], row["how"]) for row in sorted(step.marts["deletions"], key=lambda r: r["deletion_id"])
    ] == [
        (1, "retention"),
        (2, "file"),
        (3, "source"),
        (4, "before"),
    ]


def test_no_published_table_keeps_a_trace_of_what_was_forgotten(history):
    step = succeeded(history["before"])
    for table, rows in step.marts.items():
        if table in ("deletions", "files", "file_records"):  # the audit and the ledger name what was forgotten
            continue
        for row in rows:
            for value in row.values():
                text = str(value)
                assert "archive.example.org" not in text and "nbcnews" not in text.lower(), (table, row)


def test_a_bad_date_is_a_clear_error(tmp_path: Path, capsys):
    raw = copy_seeds(tmp_path / "raw")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    with pytest.raises(SystemExit) as exit_info:
        main(["forget", "--before", "2025-02-30", "--yes", "--raw-dir", str(raw), "--warehouse", str(warehouse)])
    assert exit_info.value.code == 2
    assert "not a date (YYYY-MM-DD): '2025-02-30'" in capsys.readouterr().err


def test_forget_before_anything_was_run_says_so(tmp_path: Path, capsys):
    raw = copy_seeds(tmp_path / "raw")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    code = main(["forget", "--file", "x.txt", "--yes", "--raw-dir", str(raw), "--warehouse", str(warehouse)])
    assert code == 2
    assert "nothing to forget" in capsys.readouterr().err
    assert not working_db_for(warehouse).exists()


def test_a_file_to_forget_may_be_named_from_the_current_folder(tmp_path: Path, monkeypatch):
    raw = copy_seeds(tmp_path / "raw")
    (raw / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    assert raw_relative(raw, FORGOTTEN) == FORGOTTEN  # relative to the raw directory
    assert raw_relative(raw, f"raw/{FORGOTTEN}") == FORGOTTEN  # relative to the current folder
    assert raw_relative(raw, "raw/archived/gone.txt") == "archived/gone.txt"  # also once moved away
    assert raw_relative(raw, str(raw / "sub")) == "sub"
    assert raw_relative(raw, "./sub/") == "sub"
    assert raw_relative(raw, "gone.txt") == "gone.txt"
    assert raw_relative(raw, str(tmp_path / "elsewhere.txt")) is None
    assert raw_relative(raw, str(raw)) is None


def test_forget_refuses_a_path_outside_the_raw_directory(tmp_path: Path, capsys):
    raw = copy_seeds(tmp_path / "raw")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    outside = str(tmp_path / "notes.txt")
    assert main(["forget", "--file", outside, "--yes", "--raw-dir", str(raw), "--warehouse", str(warehouse)]) == 2
    assert f"{outside} is not under the raw directory" in capsys.readouterr().err
