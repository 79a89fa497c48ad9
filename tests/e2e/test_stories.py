"""Copies and stories end to end: the seeds through `newsmon run`, then a re-footered and an edited copy."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from orchestration.lib.settings import Settings, resolve_settings
from orchestration.run import RunOutcome, run_pipeline
from tests.conftest import copy_seeds

NBC_FOOTER = "Source: | This article originally belongs to Nbcnews.com"
AGGREGATOR_FOOTER = (
    "Source link : https://www.nbcnews.com/news/world/russian-military-trainers-niger\n\nAuthor :\n\n"
    "Publish date : 2024-04-12 09:30:00\n\nCopyright for syndicated content belongs to the linked Source.\n\n"
    "Exit mobile version\n"
)


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def refootered(raw: Path) -> str:
    """Seed 004 as an aggregator re-published it: the same body, another footer."""
    text = next(raw.glob("004_*.txt")).read_text(encoding="utf-8")
    assert NBC_FOOTER in text
    return text.replace(NBC_FOOTER, AGGREGATOR_FOOTER)


def edited(raw: Path) -> str:
    """Seed 001 lightly edited by another outlet: a new lead-in, a few words changed, the footer replaced."""
    text = next(raw.glob("001_*.txt")).read_text(encoding="utf-8")
    body = text.split("Source link :")[0]
    body = body.replace("state television announced", "state TV reported").replace("Russian", "Russia's", 3)
    return "NIAMEY (Sahel Watch) - " + body + "\nFollow Sahel Watch for more.\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, dagster_home: Path) -> tuple[Settings, RunOutcome, dict, RunOutcome]:
    """A run over the seeds, then a run after adding two copies of seeds."""
    root = tmp_path_factory.mktemp("stories")
    settings = resolve_settings(copy_seeds(root / "raw"), root / "warehouse" / "news.duckdb")
    first = run_pipeline(settings)
    before = dict(query(settings, "select article_id, story_id from marts.articles"))
    (settings.raw_dir / "005_refootered.txt").write_text(refootered(settings.raw_dir), encoding="utf-8")
    (settings.raw_dir / "006_edited.txt").write_text(edited(settings.raw_dir), encoding="utf-8")
    second = run_pipeline(settings)
    return settings, first, before, second


def test_the_five_seeds_share_one_story(runs):
    _, first, before, _ = runs
    assert first.success and first.failed_checks == []
    assert len(before) == 5
    assert len(set(before.values())) == 1


def test_story_ids_are_stable_and_copies_join_the_story(runs):
    settings, _, before, second = runs
    assert second.success and second.failed_checks == []
    after = dict(query(settings, "select article_id, story_id from marts.articles"))
    assert {k: after[k] for k in before} == before
    assert len(after) == 6 and set(after.values()) == set(before.values())
    (story_id,) = set(before.values())
    assert query(settings, "select story_id, article_count, source_count, headline from marts.stories") == [
        (story_id, 6, 3, "Russia Sends Instructors, Air Defense System to Niger")
    ]


def test_a_refootered_copy_is_a_duplicate_of_the_seed(runs):
    settings, *_ = runs
    seed = query(settings, "select article_id from marts.articles where file_path like '004_%'")
    assert query(settings, "select status, article_id from marts.files where file_path = '005_refootered.txt'") == [
        ("duplicate", seed[0][0])
    ]


def test_an_edited_copy_is_a_near_duplicate_of_the_seed(runs):
    settings, *_ = runs
    rows = query(
        settings,
        """
        select copy.file_path, original.file_path, c.similarity, c.original_rule
        from marts.article_copies as c
        join marts.articles as copy on copy.article_id = c.article_id
        join marts.articles as original on original.article_id = c.copy_of
        """,
    )
    assert len(rows) == 1
    copy_file, original_file, similarity, rule = rows[0]
    assert (copy_file, rule) == ("006_edited.txt", "earliest_published")
    assert original_file.startswith("001_") and 0.5 <= similarity <= 1


def test_stories_per_entity_and_day_count_the_story_once(runs):
    settings, *_ = runs
    rows = query(
        settings,
        """
        select sum(d.article_count), max(d.story_count)
        from marts.entity_daily_stories as d join marts.entities as e using (entity_id)
        where e.canonical_name = 'Niger'
        """,
    )
    articles, stories = rows[0]
    assert articles >= 5 and stories == 1
