"""The dev / test split of the gold corpora is frozen: recorded, complete, and the rule it was made by."""

from __future__ import annotations

from collections import Counter

from evaluation.splits import DEV, TEST, gold_documents, read_splits, split_of


def test_every_gold_document_has_its_recorded_split_and_the_record_follows_the_rule():
    recorded = read_splits()
    documents = gold_documents()
    assert len(documents) == len(recorded) == 744
    assert all(recorded[doc] == split_of(*doc) for doc in documents)


def test_each_corpus_has_both_parts_roughly_half_and_half():
    parts = Counter((corpus, split) for (corpus, _), split in read_splits().items())
    for corpus in ("gum_news", "uner_pud_news", "wikinews", "html_pages", "claims_figures", "quotes"):
        dev, test = parts[(corpus, DEV)], parts[(corpus, TEST)]
        assert min(dev, test) >= 0.35 * (dev + test)


def test_the_split_depends_on_the_corpus_and_id_only():
    assert split_of("gum_news", "GUM_news_nasa") == split_of("gum_news", "GUM_news_nasa")
    assert {split_of("uner_pud_news", f"doc{i}") for i in range(20)} == {DEV, TEST}
