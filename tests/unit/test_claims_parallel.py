"""Figures and quotes on every core give the rows of one process, in order, and the workers stop with the block."""

from __future__ import annotations

import multiprocessing

from polars.testing import assert_frame_equal

from orchestration.lib.claims.parallel import SMALL_BATCH, extractor
from orchestration.lib.claims.stage import extract_claims
from orchestration.lib.claims.text import ArticleText, Mention

BODY = 'About {n} people fled the floods in the valley. "We lost everything," a farmer told reporters.'


def article(n: int) -> tuple[str, ArticleText]:
    body = BODY.format(n=n)
    number = body.index(str(n))
    second = body.index('"')
    return (
        f"body{n:04d}",
        ArticleText(
            body=body,
            sentences=((0, second - 1), (second, len(body))),
            mentions=(Mention(0, number - 6, number + len(str(n)), f"About {n}", "CARDINAL", f"About {n}"),),
        ),
    )


def test_a_large_batch_is_read_by_two_workers_with_the_rows_of_one_process():
    articles = [article(n) for n in range(100, 100 + SMALL_BATCH + 30)]
    with extractor(processes=2) as extract:
        claims, quotes = extract(articles)
        assert len(multiprocessing.active_children()) == 2
    assert multiprocessing.active_children() == []
    alone_claims, alone_quotes = extract_claims(articles)
    assert_frame_equal(claims, alone_claims)
    assert_frame_equal(quotes, alone_quotes)
    assert claims.height == len(articles) and claims["value"].to_list() == [
        float(n) for n in range(100, 100 + len(articles))
    ]


def test_a_small_batch_stays_in_this_process():
    with extractor(processes=2) as extract:
        claims, _ = extract([article(5), article(6)])
        assert multiprocessing.active_children() == []
    assert claims["value"].to_list() == [5.0, 6.0]
