"""The command line: clear errors for settings that cannot work, quiet runs, status, read-only SQL."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.cli import main
from tests.conftest import copy_seeds


def test_missing_raw_directory_is_a_clear_error(tmp_path: Path, capsys):
    code = main(["run", "--raw-dir", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb")])
    assert code == 2
    assert "raw directory does not exist" in capsys.readouterr().err


def test_warehouse_under_a_file_is_a_clear_error(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    (tmp_path / "a_file").write_text("x")
    code = main(["run", "--raw-dir", str(tmp_path / "raw"), "--warehouse", str(tmp_path / "a_file" / "w.duckdb")])
    assert code == 2
    assert "cannot create warehouse directory" in capsys.readouterr().err


def test_environment_variables_name_the_paths(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSMON_RAW_DIR", str(tmp_path / "missing_raw"))
    monkeypatch.setenv("NEWSMON_WAREHOUSE", str(tmp_path / "w.duckdb"))
    assert main(["run"]) == 2
    assert str(tmp_path / "missing_raw") in capsys.readouterr().err


# --- The CLI as a user meets it: a real `newsmon` process on the seeds -------------------------------------------

ANSI = re.compile(r"\x1b\[")
Completed = subprocess.CompletedProcess


def newsmon(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The console script as installed (beside this Python), as a user's shell would run it."""
    command = [str(Path(sys.executable).with_name("newsmon")), *args]
    return subprocess.run(command, capture_output=True, text=True, input=stdin, timeout=600, check=False)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Completed, Completed]:
    """A first run over the seeds, then a second with nothing new: both as separate `newsmon run` processes."""
    root = tmp_path_factory.mktemp("cli")
    raw, warehouse = copy_seeds(root / "raw"), root / "warehouse" / "news.duckdb"
    first = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(warehouse))
    second = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(warehouse))
    return warehouse, first, second


def test_a_healthy_run_prints_one_line_per_stage_and_a_summary(two_runs):
    _, first, _ = two_runs
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    stages = [line.strip().split(":")[0] for line in lines if line.startswith("  ")]
    assert stages == ["ingest", "parse", "nlp", "claims", "resolve", "stories", "transform", "publish", "alerts"]
    assert len(lines) == len(stages) + 3  # the paths, the counts, the log file
    assert "articles: 5" in lines[-2]
    assert first.stderr == ""
    assert not ANSI.search(first.stdout)


def test_the_full_output_goes_to_the_log_file_the_summary_names(two_runs):
    warehouse, first, _ = two_runs
    log_file = Path(first.stdout.splitlines()[-1].split("full log: ")[1])
    assert log_file.parent == warehouse.parent / "news.logs"
    text = log_file.read_text(encoding="utf-8")
    assert "OK created sql incremental model marts.articles" in text  # dbt's per-model lines
    assert "STEP_SUCCESS" in text or "dagster - INFO" in text  # Dagster's event log
    assert not ANSI.search(text)


def test_a_run_with_nothing_changed_starts_no_stage_and_says_so(two_runs):
    warehouse, first, second = two_runs
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""
    assert "nothing changed since the last successful run" in second.stdout
    assert "articles: 5" in second.stdout
    assert not [line for line in second.stdout.splitlines() if line.startswith("  ")]  # no stage ran
    assert len(list((warehouse.parent / "news.logs").glob("run-*.log"))) == 1  # no new log: nothing to log
    history = (warehouse.parent / "news.logs" / "runs.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["unchanged"] for line in history] == [False, True]


def test_forced_verbose_run_with_nothing_new_runs_every_stage_without_warnings(two_runs):
    warehouse, _, _ = two_runs
    raw = warehouse.parent.parent / "raw"
    result = newsmon("run", "-v", "--force", "--raw-dir", str(raw), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "dagster - INFO - newsmon_job" in result.stdout + result.stderr  # Dagster's event log
    assert "  transform: inputs unchanged" in result.stdout  # and the stage lines: dbt saw nothing new
    assert not ANSI.search(result.stdout + result.stderr)  # not a terminal: no colour codes
    log_file = Path(result.stdout.splitlines()[-1].split("full log: ")[1])
    assert "WARNING" not in log_file.read_text(encoding="utf-8")
    assert "nothing changed" in newsmon("run", "--raw-dir", str(raw), "--warehouse", str(warehouse)).stdout


def test_status_tells_counts_and_the_last_run_and_exits_0_when_green(two_runs):
    warehouse, _, _ = two_runs
    result = newsmon("status", "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    assert str(warehouse) in result.stdout
    assert "articles: 5" in result.stdout and "entities: " in result.stdout and "stories: 1" in result.stdout
    assert "quarantined: 0" in result.stdout
    assert "green" in result.stdout and "failed checks:  none" in result.stdout
    data = json.loads(newsmon("status", "--json", "--warehouse", str(warehouse)).stdout)
    assert data["counts"]["articles"] == 5 and data["last_run"]["success"] is True
    assert data["last_run"]["seconds"] > 0


def test_status_without_a_warehouse_exits_1(tmp_path: Path):
    result = newsmon("status", "--warehouse", str(tmp_path / "none" / "news.duckdb"))
    assert result.returncode == 1
    assert "never" in result.stdout


def test_sql_answers_a_query_from_the_published_file(two_runs):
    warehouse, _, _ = two_runs
    result = newsmon(
        "sql", "--format", "csv", "--warehouse", str(warehouse), "select count(*) as n from marts.articles"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["n", "5"]
    table = newsmon("sql", "--warehouse", str(warehouse), "select source_domain from marts.sources order by 1")
    assert "themoscowtimes.com" in table.stdout


def test_sql_is_read_only(two_runs):
    warehouse, _, _ = two_runs
    before = warehouse.read_bytes()
    result = newsmon("sql", "--warehouse", str(warehouse), "delete from marts.articles")
    assert result.returncode == 1
    assert "read-only" in result.stderr.lower()
    assert warehouse.read_bytes() == before


def test_sql_without_a_query_opens_the_duckdb_shell_read_only(two_runs):
    import duckdb

    warehouse, _, _ = two_runs
    result = newsmon(
        "sql", "--warehouse", str(warehouse), stdin="select count(*) from marts.articles;\nselect version();\n"
    )
    assert result.returncode == 0, result.stderr
    assert "5" in result.stdout
    assert f"v{duckdb.__version__}" in result.stdout  # the shell is the same DuckDB as the project's library
    refused = newsmon("sql", "--warehouse", str(warehouse), stdin="create table marts.x as select 1;\n")
    assert "read-only" in (refused.stdout + refused.stderr).lower()


def test_an_existing_text_file_is_refused_as_the_warehouse_and_left_untouched(tmp_path: Path):
    raw = copy_seeds(tmp_path / "raw")
    notes = tmp_path / "docs" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("meeting notes\n", encoding="utf-8")
    result = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(notes))
    assert result.returncode == 2
    assert "not a DuckDB database" in result.stderr
    assert notes.read_text(encoding="utf-8") == "meeting notes\n"
    assert sorted(p.name for p in notes.parent.iterdir()) == ["notes.txt"]


def test_nested_raw_and_warehouse_folders_are_refused(tmp_path: Path):
    raw = copy_seeds(tmp_path / "raw")
    inside_raw = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(raw / "news.duckdb"))
    assert inside_raw.returncode == 2 and "inside the raw directory" in inside_raw.stderr
    around_raw = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(tmp_path / "news.duckdb"))
    assert around_raw.returncode == 2 and "inside the warehouse folder" in around_raw.stderr
    assert not (raw / "news.duckdb").exists() and not (tmp_path / "news.duckdb").exists()


# --- A damaged working database: detected, restored from the last green snapshot, the run goes on ----------------


@pytest.fixture
def copied(two_runs, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the two-run warehouse folder (published file, working database, snapshot) and raw files."""
    import shutil

    warehouse, _, _ = two_runs
    raw = shutil.copytree(warehouse.parent.parent / "raw", tmp_path / "raw")
    folder = shutil.copytree(warehouse.parent, tmp_path / "warehouse", ignore=shutil.ignore_patterns("*.lock"))
    return raw, folder / warehouse.name


def _damage(path: Path) -> None:
    from reliability.damage_harness import DAMAGES

    DAMAGES["16 KB overwritten in every block of the landing tables"](path)


def test_a_damaged_working_database_is_restored_and_the_run_succeeds(copied):
    # Regression: overwritten bytes in news.work.duckdb failed every run until the file was deleted by hand.
    raw, warehouse = copied
    working = warehouse.with_name("news.work.duckdb")
    archived = next(raw.glob("004_*.txt"))
    archived.unlink()  # archived after it was ingested: only the working database still holds its text
    _damage(working)
    result = newsmon("run", "--raw-dir", str(raw), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if "recover:" in line]
    assert "restored" in line and "from the snapshot" in line
    assert len(list(warehouse.parent.glob("news.work.duckdb.damaged-*"))) == 1
    import duckdb

    with duckdb.connect(str(working), read_only=True) as con:
        stored = con.execute("select count(*) from landing.documents").fetchone()[0]
    assert stored == 5  # the archived article's text came back from the snapshot


def test_backup_then_recover_from_it(copied, tmp_path: Path):
    _, warehouse = copied
    target = tmp_path / "keep" / "newsmon-backup.duckdb"
    target.parent.mkdir()
    made = newsmon("backup", "--warehouse", str(warehouse), str(target))
    assert made.returncode == 0, made.stderr
    assert target.exists() and Path(f"{target}.json").exists()
    assert newsmon("backup", "--warehouse", str(warehouse), str(target)).returncode == 2  # never overwrites
    intact = newsmon("recover", "--warehouse", str(warehouse))
    assert intact.returncode == 0 and "intact" in intact.stdout
    working = warehouse.with_name("news.work.duckdb")
    _damage(working)
    restored = newsmon("recover", "--warehouse", str(warehouse), "--from", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "restored" in restored.stdout
    assert newsmon("recover", "--warehouse", str(warehouse)).stdout.count("intact") == 1
