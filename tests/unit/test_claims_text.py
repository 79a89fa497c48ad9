"""The claims stage's input: the NER stage's sentences and mentions over a tokenizer-only Doc."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.lib.claims.text import ArticleText, Mention, from_pipeline, make_doc
from orchestration.lib.nlp.mentions import load_pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_the_doc_has_the_stored_sentences_and_mentions_with_their_indexes():
    body = "Flooding cut 40 roads in Kerala. Officials said 3,000 people left."
    second = body.index("Officials")
    article = ArticleText(
        body=body,
        sentences=((0, second - 1), (second, len(body))),
        mentions=(
            Mention(0, 13, 15, "40", "CARDINAL", "40"),
            Mention(1, 25, 31, "Kerala", "GPE", "Kerala"),
            Mention(2, body.index("3,000"), body.index("3,000") + 5, "3,000", "CARDINAL", "3,000"),
        ),
        published=date(2026, 8, 3),
    )
    doc = make_doc(article)
    assert [sent.text for sent in doc.sents] == [
        "Flooding cut 40 roads in Kerala.",
        "Officials said 3,000 people left.",
    ]
    assert [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents] == [
        ("40", "CARDINAL", "0"),
        ("Kerala", "GPE", "1"),
        ("3,000", "CARDINAL", "2"),
    ]
    assert article.sentence_of(body.index("people")) == 1 and article.sentence_of(second - 1) is None


def test_from_pipeline_gives_what_the_ner_stage_stores(nlp):
    body = "The storm hit Manila on Monday.\nAbout 200 families were moved, the mayor said."
    article = from_pipeline(nlp, body)
    assert [body[start:end] for start, end in article.sentences] == [
        "The storm hit Manila on Monday.",
        "About 200 families were moved, the mayor said.",
    ]
    assert {(m.text, m.label) for m in article.mentions} >= {("Manila", "GPE")}
    assert all(body[m.start : m.end] == m.text for m in article.mentions)
    # A line break between sentences is a token of the sentence it ends.
    assert [sent.text.strip() for sent in make_doc(article).sents] == [body[s:e] for s, e in article.sentences]
