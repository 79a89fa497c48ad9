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


@pytest.fixture(scope="session")
def trending_warehouse(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy with spikes: the seeds hold one day of news, too little for the marts' baseline to call one. Rows
    written into marts.entity_spikes and marts.watchlist_spikes as the pipeline would: Niger on the latest day, Vladimir
    Putin on the script article's day, the saved query wagner_in_africa on the latest day."""
    path = tmp_path_factory.mktemp("trending") / "news.duckdb"
    shutil.copy(warehouse, path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            """
            insert into marts.entity_spikes
            select m.entity_id, d.day, count(*), count(distinct m.article_id), 0.5, 9.5, 20,
                   list_sort(list(distinct m.article_id))
            from marts.entity_mentions m join marts.search_documents d using (article_id)
            join marts.entities e using (entity_id)
            where (e.canonical_name = 'Niger' and d.day = (select max(day) from marts.daily_articles))
               or (e.canonical_name = 'Vladimir Putin' and d.day = date '2024-04-15')
            group by m.entity_id, d.day
            """
        )
        con.execute(
            """
            insert into marts.watchlist_spikes
            select watchlist_name, day, count(*), 0.25, 7.5, 20, list_sort(list(article_id))
            from marts.watchlist_matches where watchlist_name = 'wagner_in_africa'
            and day = (select max(day) from marts.daily_articles) group by all
            """
        )
    return path


@pytest.fixture(scope="session")
def older_warehouse(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy missing a mart these dashboards read, as a file from another version of newsmon would."""
    path = tmp_path_factory.mktemp("older") / "news.duckdb"
    shutil.copy(warehouse, path)
    with duckdb.connect(str(path)) as con:
        con.execute("drop table marts.entity_spikes")
    return path
