"""The claims gold is well formed: what the scoring trusts about it (evaluation/claims_eval.py)."""

from __future__ import annotations

from datetime import date

from evaluation.claims_gold import read_figure_items, read_stories
from evaluation.splits import DEV, TEST, split_of
from orchestration.lib.claims.figures import HEDGES


def test_every_gold_figure_is_in_its_text_with_a_known_hedge():
    items = read_figure_items()
    assert len({item["id"] for item in items}) == len(items) >= 70
    assert sum(bool(item["figures"]) for item in items) >= 60
    for item in items:
        if item["published"]:
            date.fromisoformat(item["published"])
        for figure in item["figures"]:
            assert figure["text"] in item["text"], item["id"]
            assert figure["hedge"] in HEDGES, item["id"]
            assert (figure["counted"] is None) == (figure["counted_key"] is None), item["id"]
    assert {split_of("claims_figures", item["id"]) for item in items} == {DEV, TEST}


def test_every_conflict_names_two_articles_of_its_story():
    stories = read_stories()
    assert len(stories) >= 15
    for story in stories:
        articles = {article["id"] for article in story["articles"]}
        assert 2 <= len(articles) <= 4 and all(article["published"] for article in story["articles"])
        for pair in story["conflicts"]:
            assert {pair["a"]["article"], pair["b"]["article"]} <= articles and pair["a"] != pair["b"]
    assert {split_of("claims_stories", story["id"]) for story in stories} == {DEV, TEST}
