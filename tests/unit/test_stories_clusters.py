"""Story assignment with the real parser, spaCy and a DuckDB index: the seeds are one story, elections in two
neighbouring countries are two, story ids never change, and the time window is respected."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import duckdb
import pytest

from orchestration.lib.nlp.mentions import extract_mentions, load_pipeline
from orchestration.lib.parsing import parse_article
from orchestration.lib.stories.clusters import (
    LONG_WINDOW_DAYS,
    STORIES_VERSION,
    ArticleInput,
    Assignment,
    assign_stories,
)
from orchestration.lib.warehouse.stories import (
    DuckDBStoryIndex,
    ensure_story_tables,
    reset_if_outdated,
    store_batch,
)
from tests.conftest import PROJECT_ROOT, SEEDS_DIR

REWRITES = PROJECT_ROOT / "evaluation" / "data" / "story_clusters" / "rewrites"
INGESTED = datetime(2024, 5, 1, 12, 0)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.fixture
def con():
    with duckdb.connect() as connection:
        connection.execute("create schema landing")
        ensure_story_tables(connection)
        yield connection


def article(nlp, article_id: str, text: str, published_at: datetime | None = None, **changes) -> ArticleInput:
    """An article as the stage reads it: parsed body and title, and the body's NER mentions."""
    parsed = parse_article(text)
    sha = hashlib.sha256(parsed.body.encode()).hexdigest()
    frame = extract_mentions(nlp, [(sha, parsed.body)])
    mentions = list(frame.select("entity_type", "canonical_name", "char_start").iter_rows())
    published = published_at if published_at is not None else parsed.published_at
    made = ArticleInput(article_id, sha, parsed.title, parsed.body, published, INGESTED, mentions)
    return replace(made, **changes)


def seeds(nlp) -> list[ArticleInput]:
    return [article(nlp, path.name[:3], path.read_text(encoding="utf-8")) for path in sorted(SEEDS_DIR.glob("*.txt"))]


def place(con, articles: Sequence[ArticleInput]) -> dict[str, Assignment]:
    batch = assign_stories(articles, DuckDBStoryIndex(con))
    store_batch(con, batch, INGESTED)
    return {a.article_id: a for a in batch.assignments}


def stories(con) -> dict[str, str]:
    return dict(con.execute("select article_id, story_id from landing.story_assignments").fetchall())


def test_the_five_seeds_are_one_story_named_by_its_first_article(nlp, con):
    placed = place(con, seeds(nlp))
    # The Moscow Times article is the only dated one, so it is placed first and names the story.
    assert {a.story_id for a in placed.values()} == {"001"}
    assert placed["001"].rule == "new"
    assert {a.rule for id_, a in placed.items() if id_ != "001"} == {"similar"}


def test_seeds_arriving_one_run_at_a_time_are_one_story(nlp, con):
    for seed in seeds(nlp):
        place(con, [seed])
    assert set(stories(con).values()) == {"000"}


def test_story_ids_do_not_change_when_articles_are_added(nlp, con):
    first = seeds(nlp)[:3]
    place(con, first)
    before = stories(con)
    assert place(con, []) == {}
    place(con, seeds(nlp)[3:])
    after = stories(con)
    assert {k: after[k] for k in before} == before
    assert len(set(after.values())) == 1


def test_elections_in_two_neighbouring_countries_on_the_same_day_stay_apart(nlp, con):
    day = datetime(2021, 4, 11, 12)
    names = ("benin_a", "benin_b", "togo_a", "togo_b")
    texts = {name: (REWRITES / f"election_{name}.txt").read_text(encoding="utf-8") for name in names}
    placed = place(con, [article(nlp, name, text, day) for name, text in texts.items()])
    assert placed["benin_b"].story_id == placed["benin_a"].story_id
    assert placed["togo_b"].story_id == placed["togo_a"].story_id
    assert placed["benin_a"].story_id != placed["togo_a"].story_id


def test_a_rewrite_outside_the_time_window_starts_a_story_but_a_copy_still_joins(nlp, con):
    day = datetime(2024, 4, 12, 7)
    text = next(SEEDS_DIR.glob("001_*.txt")).read_text(encoding="utf-8")
    rewrite = next(SEEDS_DIR.glob("000_*.txt")).read_text(encoding="utf-8")
    later = day + timedelta(days=LONG_WINDOW_DAYS + 7)
    copy = "Breaking: " + text.replace("state television announced", "state TV said")
    place(con, [article(nlp, "original", text, day)])
    assert place(con, [article(nlp, "rewrite", rewrite, later)])["rewrite"].rule == "new"
    placed = place(con, [article(nlp, "copy", copy, later)])
    assert placed["copy"].rule == "copy" and placed["copy"].story_id == "original"
    pairs = con.execute("select article_id, other_article_id, similarity from landing.near_duplicates").fetchall()
    assert [(a, b) for a, b, _ in pairs] == [("copy", "original")] and pairs[0][2] >= 0.5


def test_an_undated_article_is_compared_by_ingestion_time(nlp, con):
    dated = next(SEEDS_DIR.glob("001_*.txt")).read_text(encoding="utf-8")
    undated = next(SEEDS_DIR.glob("003_*.txt")).read_text(encoding="utf-8")
    place(con, [article(nlp, "dated", dated, datetime(2024, 4, 12, 7))])
    # Published long before it was ingested, but ingested with an undated report of the same event: compared.
    placed = place(con, [article(nlp, "undated", undated, ingested_at=INGESTED)])
    assert placed["undated"].story_id == "dated"


def test_a_rules_change_empties_the_index_so_everything_is_placed_again(nlp, con):
    place(con, seeds(nlp)[:2])
    assert not reset_if_outdated(con, STORIES_VERSION)
    assert reset_if_outdated(con, "another-version")
    assert con.execute("select count(*) from landing.story_bands").fetchone() == (0,)
    assert stories(con) == {}


def test_the_stage_places_current_articles_once_per_body_in_bounded_batches(nlp, tmp_path):
    """place_new_articles over real landing tables: one article per body (the first seen), two per transaction."""
    from orchestration.lib.warehouse.connection import connect
    from orchestration.lib.warehouse.stories import place_new_articles

    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}
    # The same body as seed 004 under another footer: a duplicate by body, never placed on its own.
    texts["zz_refootered.txt"] = texts["004_aff0f0a04ff22b2f.txt"].replace(
        "Source: | This article originally belongs to Nbcnews.com", "Exit mobile version"
    )
    with connect(tmp_path / "w.duckdb") as con:
        for index, (name, text) in enumerate(texts.items()):
            parsed = parse_article(text)
            sha = hashlib.sha256(parsed.body.encode()).hexdigest()
            text_sha = hashlib.sha256(text.encode()).hexdigest()
            seen = INGESTED + timedelta(minutes=index)
            con.execute(
                "insert into landing.file_records (file_path, version, record_index, kind, text_sha256, "
                "first_seen_at, scanned_at, present) values (?, 1, 0, 'text', ?, ?, ?, true)",
                [name, text_sha, seen, seen],
            )
            con.execute(
                "insert into landing.articles (text_sha256, title, published_at, body, body_sha256, word_count, "
                "parser_version, parsed_at) values (?, ?, ?, ?, ?, 1, 'test', ?)",
                [text_sha, parsed.title, parsed.published_at, parsed.body, sha, seen],
            )
            frame = extract_mentions(nlp, [(sha, parsed.body)])
            con.register("mentions_in", frame.to_arrow())
            con.execute(
                "insert into landing.mentions by name select * from mentions_in "
                "where body_sha256 not in (select body_sha256 from landing.mentions)"
            )
            con.unregister("mentions_in")
        summary = place_new_articles(con, INGESTED, batch_size=2)
        assert (summary.articles, summary.new_stories) == (5, 1)
        placed = dict(con.execute("select article_id, story_id from landing.story_assignments").fetchall())
        refootered = hashlib.sha256(texts["zz_refootered.txt"].encode()).hexdigest()[:16]
        assert len(placed) == 5 and refootered not in placed and len(set(placed.values())) == 1
        assert place_new_articles(con, INGESTED).articles == 0
