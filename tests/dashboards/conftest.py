"""A warehouse built once from the seeds plus an article full of HTML, shared by the dashboard tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.settings import resolve_settings
from orchestration.run import run_pipeline
from tests.conftest import copy_seeds

# Markup in a title and a body: the dashboards must show it as text, and nothing in it may run.
SCRIPT_TITLE = "<script>window.__xss = 1</script><b>Bold</b> claims about Vladimir Putin"
SCRIPT_ARTICLE = f"""Title: {SCRIPT_TITLE}
Date: 2024-04-15
URL: https://example-xss.com/news/script-test
Author: Jane Tester

Vladimir Putin met officials in Moscow on Monday. <script>window.__xss = 2; alert("xss")</script> The statement \
<img src=x onerror="window.__xss = 3"> was <b>not</b> confirmed by the Kremlin.

Reporters in Moscow said Vladimir Putin would travel to Niger next month <iframe src="javascript:window.__xss=4">\
</iframe> according to officials.
"""


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> Path:
    """The seeds and the script article, through the real pipeline once (about 20 s)."""
    root = tmp_path_factory.mktemp("dashboards")
    raw = copy_seeds(root / "raw")
    (raw / "script_article.txt").write_text(SCRIPT_ARTICLE, encoding="utf-8")
    settings = resolve_settings(raw, root / "warehouse" / "news.duckdb")
    outcome = run_pipeline(settings)
    assert outcome.success, outcome.failed_checks or outcome.failed_steps
    return settings.warehouse


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?", [table]
    ).fetchall()
    return {name for (name,) in rows}


@pytest.fixture(scope="session")
def future_warehouse(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy that surely has stories and geocoded places (added as extra tables where the pipeline has none)."""
    path = tmp_path_factory.mktemp("future") / "news.duckdb"
    shutil.copy(warehouse, path)
    with duckdb.connect(str(path)) as con:
        if "story_id" not in _columns(con, "articles"):
            con.execute("create table marts.story_articles as select 's1' as story_id, article_id from marts.articles")
            con.execute("create table marts.stories as select 's1' as story_id, 'Russian trainers in Niger' as title")
        if "latitude" not in _columns(con, "entities"):
            con.execute(
                "create table marts.places as select entity_id, 17.6 as latitude, 8.1 as longitude "
                "from marts.entities where entity_type = 'LOC' and canonical_name = 'Niger'"
            )
    return path


@pytest.fixture(scope="session")
def past_warehouse(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy without stories or coordinates, as a warehouse built before those stages: the pages must say so."""
    path = tmp_path_factory.mktemp("past") / "news.duckdb"
    shutil.copy(warehouse, path)
    with duckdb.connect(str(path)) as con:
        for table in ("stories", "article_copies", "entity_daily_stories", "story_articles", "places"):
            con.execute(f"drop table if exists marts.{table}")
        if "story_id" in _columns(con, "articles"):
            con.execute("alter table marts.articles drop column story_id")
        for column in {"latitude", "longitude"} & _columns(con, "entities"):
            con.execute(f"alter table marts.entities drop column {column}")
    return path
