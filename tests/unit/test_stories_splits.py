"""The story evaluation's dev / test split is frozen by event (an event is wholly in one part), and its baselines
are the bare ones."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from evaluation.corpora import DEFAULT_CORPORA
from evaluation.splits import DEV, TEST
from evaluation.stories_eval import (
    baseline_stories,
    bcubed,
    event_split,
    load_labelled_set,
    read_event_splits,
)
from orchestration.lib.stories.clusters import ArticleInput


def test_every_event_has_its_recorded_split_and_the_record_follows_the_rule():
    events = {doc.story for doc in load_labelled_set(DEFAULT_CORPORA)}
    recorded = read_event_splits()
    assert set(recorded) == events
    assert all(recorded[event] == event_split(event) for event in events)
    parts = Counter(recorded.values())
    assert min(parts[DEV], parts[TEST]) >= 0.35 * len(events)


def test_both_parts_hold_events_followed_over_several_weeks():
    docs = load_labelled_set(DEFAULT_CORPORA)
    splits = read_event_splits()
    days: dict[str, list[datetime]] = {}
    for doc in docs:
        if doc.published_at is not None:
            days.setdefault(doc.story, []).append(doc.published_at)
    long_running = {event for event, dates in days.items() if (max(dates) - min(dates)).days >= 14}
    assert {splits[event] for event in long_running} == {DEV, TEST}


def _article(article_id: str, day: int | None) -> ArticleInput:
    published = datetime(2023, 5, day, 12) if day is not None else None
    return ArticleInput(article_id, article_id, None, "", published, datetime(2023, 6, 1, 9))


def test_the_baselines_are_singletons_and_one_story_per_day():
    articles = [_article("a", 1), _article("b", 1), _article("c", 2), _article("d", None)]
    assert baseline_stories(articles, "singletons") == {"a": "a", "b": "b", "c": "c", "d": "d"}
    per_day = baseline_stories(articles, "per_day")
    assert per_day["a"] == per_day["b"] != per_day["c"]
    # An undated article counts on the day it was ingested.
    assert per_day["d"] == "2023-06-01"
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    assert bcubed(gold, per_day).precision == 1.0
    assert round(bcubed(gold, per_day).recall, 3) == round((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4, 3)
