"""Hostile raw files: every one ends as an article, a duplicate or a quarantined file with a specific reason, the
run succeeds, every file has exactly one ledger row, and the raw directory is left exactly as it was. File names and
article texts carrying SQL, Jinja and format-string payloads are data: they end as normal articles, verbatim, and
nothing they "say" happens (no table dropped, no file attached or written).

One file for both, so that the one hostile run (a session fixture, made once per xdist worker) is made once."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.ingest.scan import scan_raw_dir
from orchestration.lib.quality.raw_files import count_raw_files
from reliability.hostile_corpus import GROWING, INJECTIONS, QUARANTINED, HostileRun, article_text
from reliability.runner import LiveRun, make_dagster_home, pipeline_env
from reliability.state import CONTRACT_TABLES


def query(run: HostileRun, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_the_run_succeeds_on_the_hostile_corpus(hostile_run: HostileRun):
    assert hostile_run.result.returncode == 0, hostile_run.result.output[-3000:]
    assert "Traceback" not in hostile_run.result.output
    assert hostile_run.files_tried >= 70


def test_every_file_gets_the_outcome_it_is_owed(hostile_run: HostileRun):
    assert hostile_run.mismatches == []


def test_every_raw_entry_has_exactly_one_ledger_row(hostile_run: HostileRun):
    paths = [p for (p,) in query(hostile_run, "select file_path from marts.files")]
    assert len(paths) == len(set(paths)) == count_raw_files(hostile_run.raw)
    assert set(paths) == {e.name for e in hostile_run.expected}


def test_quarantine_reasons_are_specific(hostile_run: HostileRun):
    reasons = dict(query(hostile_run, "select file_path, reason from marts.files where status = 'quarantined'"))
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert reasons["image.png.txt"] == "binary content (PNG image)"
    assert reasons["huge.txt"].startswith("too large for an article file (")
    assert reasons["named_pipe.txt"] == "not a regular file (named pipe)"
    assert all(reason and len(reason) > 10 for reason in reasons.values()), reasons
    # Nothing is quarantined for a vague reason.
    assert not [p for p, r in reasons.items() if r.lower() in {"error", "unknown", "failed"}]


def test_a_json_export_keeps_its_good_record_and_quarantines_the_bad_ones(hostile_run: HostileRun):
    rows = query(
        hostile_run,
        "select record_index, status, reason from marts.file_records where file_path = 'export.json' order by 1",
    )
    assert [r[1] for r in rows] == ["article", QUARANTINED, QUARANTINED]
    assert "not a JSON object" in rows[1][2] and "no article text" in rows[2][2]


def test_a_non_utf8_file_name_is_stored_with_an_escape(hostile_run: HostileRun):
    assert query(hostile_run, "select status from marts.files where file_path = ?", ["latin1-caf\\xe9.txt"]) == [
        ("article",)
    ]


def test_a_file_growing_during_the_run_is_recorded_as_one_consistent_snapshot(hostile_run: HostileRun):
    (size, sha, status), *others = query(
        hostile_run, "select size_bytes, content_sha256, status from marts.files where file_path = ?", [GROWING]
    )
    assert not others and status == "article"
    final = hostile_run.growing_bytes
    assert 0 < size <= len(final)
    # Appends only: what the ledger hashed is a prefix of the file as it ended, byte for byte.
    assert hashlib.sha256(final[:size]).hexdigest() == sha


def test_the_raw_directory_is_never_modified(hostile_run: HostileRun):
    before = {k: v for k, v in hostile_run.raw_before.items() if k != GROWING}
    after = {k: v for k, v in hostile_run.raw_after.items() if k != GROWING}
    assert after == before


def test_mention_offsets_of_hostile_articles_lie_inside_their_bodies(hostile_run: HostileRun):
    outside = query(
        hostile_run,
        "select count(*) from marts.entity_mentions m join marts.articles a using (article_id) "
        "where m.char_start < 0 or m.char_end > length(a.body) "
        "or substr(a.body, m.char_start + 1, m.char_end - m.char_start) <> m.mention_text",
    )
    assert outside == [(0,)]
    # The 120,000-character line was cut into chunks for spaCy (100,000 each) and still got its mentions.
    assert query(
        hostile_run,
        "select count(*) > 100 from marts.entity_mentions join marts.articles using (article_id) "
        "where file_path = 'long_line.txt'",
    ) == [(True,)]


# --- files that vanish or grow while the scan reads them (a real race, no pipeline) ------------------------------


def test_the_scan_survives_files_vanishing_and_growing_under_it(tmp_path: Path):
    """Threads delete and append to files while scan_raw_dir walks them: every entry it reports is either read
    whole (a consistent prefix of what was written) or says it vanished; the scan never raises."""
    raw = tmp_path / "raw"
    raw.mkdir()
    texts = {}
    for i in range(400):
        texts[f"f{i:04d}.txt"] = article_text(i)
        (raw / f"f{i:04d}.txt").write_text(texts[f"f{i:04d}.txt"], encoding="utf-8")
    stop = threading.Event()

    def delete() -> None:
        for name in sorted(texts, reverse=True):
            if stop.is_set():
                return
            (raw / name).unlink()
            time.sleep(0.0005)

    def grow() -> None:
        n = 0
        while not stop.is_set():
            with open(raw / "f0000.txt", "a", encoding="utf-8") as handle:
                handle.write(f"line {n}\n")
            n += 1

    threads = [threading.Thread(target=delete), threading.Thread(target=grow)]
    for thread in threads:
        thread.start()
    try:
        records = scan_raw_dir(raw)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    final_first = (raw / "f0000.txt").read_bytes()
    vanished = [r for r in records if r.reason == "unreadable: vanished during the scan"]
    for record in records:
        assert record.reason is None or record.reason == "unreadable: vanished during the scan", record
        if record.reason is None and record.file_path != "f0000.txt":
            assert record.text == texts[record.file_path]
    grown = next(r for r in records if r.file_path == "f0000.txt")
    assert grown.reason is None and hashlib.sha256(final_first[: grown.size_bytes]).hexdigest() == grown.content_sha256
    # Not asserted: that the race was won at least once (timing); reported for the record.
    print(f"{len(records)} entries listed, {len(vanished)} vanished between listing and reading")


@pytest.mark.slow  # a whole run over ~100 files the scraper drops meanwhile: `make test`'s time
def test_files_arriving_during_the_run_do_not_fail_it(tmp_path: Path):
    """A scraper keeps dropping files into raw/ while the run goes on: the run accounts for what it listed and
    succeeds; the next run picks up the rest."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for i in range(3):
        (raw / f"a{i}.txt").write_text(article_text(300 + i), encoding="utf-8")
    env = pipeline_env(make_dagster_home(tmp_path / "dagster_home"))
    stop = threading.Event()

    def scrape() -> None:
        n = 0
        while not stop.wait(0.1):
            (raw / f"arrival_{n:05d}.txt").write_text(article_text(20_000 + n), encoding="utf-8")
            n += 1

    scraper = threading.Thread(target=scrape)
    scraper.start()
    try:
        with LiveRun(raw, tmp_path / "warehouse" / "news.duckdb", env) as run:
            result = run.wait()
    finally:
        stop.set()
        scraper.join()
    assert result.returncode == 0, [line.text for line in result.lines if "check failed" in line.text]


def test_counting_raw_files_never_opens_them(tmp_path: Path):
    """The independent count used by the ledger check stats entries only: a FIFO does not block it."""
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert count_raw_files(tmp_path) == 2


# --- payloads are data -------------------------------------------------------------------------------------------


def injection_files(run: HostileRun):
    return [e for e in run.expected if e.injection is not None]


def test_every_payload_file_is_a_normal_article(hostile_run: HostileRun):
    files = injection_files(hostile_run)
    assert len(files) == len(INJECTIONS) + 1
    for expected in files:
        rows = query(hostile_run, "select status, reason from marts.files where file_path = ?", [expected.name])
        assert rows == [("article", None)], expected.name


@pytest.mark.parametrize("payload", INJECTIONS)
def test_the_payload_comes_out_verbatim_in_title_and_body(hostile_run: HostileRun, payload: str):
    name = payload.replace("/", "_")[:150] + ".txt"
    rows = query(hostile_run, "select title, body from marts.articles where file_path = ?", [name])
    assert len(rows) == 1, name
    title, body = rows[0]
    assert title == payload
    assert f"The council quoted {payload} in its ruling." in body


def test_a_json_record_with_payloads_keeps_them_as_text(hostile_run: HostileRun):
    rows = query(hostile_run, "select title, body from marts.articles where file_path = '{{ this }}.json'")
    assert rows and rows[0][0] == INJECTIONS[2]
    assert INJECTIONS[0] in rows[0][1] and INJECTIONS[4] in rows[0][1]


def test_no_payload_had_an_effect(hostile_run: HostileRun):
    tables = {t for (t,) in query(hostile_run, "select table_name from information_schema.tables")}
    assert set(CONTRACT_TABLES) <= tables
    assert query(hostile_run, "select count(*) from duckdb_databases() where database_name = 'evil'") == [(0,)]
    assert not Path("/tmp/evil.duckdb").exists() and not Path("/tmp/leak.csv").exists()
    # Every article of the corpus is there (the payload files did not drop or truncate anything).
    articles = sum(1 for e in hostile_run.expected if e.outcome == "article")
    assert query(hostile_run, "select count(distinct file_path) from marts.articles") == [(articles,)]
