"""The quotes evaluation's scoring: span overlap matching, speaker names, the bare baseline."""

from __future__ import annotations

from evaluation.quotes_eval import Found, bare_quotes, match, same_speaker
from orchestration.lib.claims.text import ArticleText, Mention


def _found(start: int, end: int, speaker: str | None = None, kind: str = "direct") -> Found:
    return Found(start, end, "", speaker, kind)


def test_a_match_needs_half_the_longer_span_and_pairs_one_to_one():
    gold = [_found(0, 10), _found(20, 40)]
    found = [_found(0, 10), _found(2, 9), _found(25, 34)]
    pairs = match(gold, found)
    assert [(g.start, f.start) for g, f in pairs] == [(0, 0)]  # 9 of 20 characters: under half the longer
    assert [(g.start, f.start) for g, f in match(gold, [_found(25, 40)])] == [(20, 25)]


def test_speaker_names_compare_without_case_or_a_leading_the():
    assert same_speaker("the Red Cross", "Red Cross")
    assert same_speaker(None, None)
    assert not same_speaker("Red Cross", None)


def test_the_bare_baseline_quotes_between_marks_and_takes_the_nearest_person_in_the_sentence():
    body = 'Ana Reis met Tom Hale. "It is done," Hale said. Nobody else spoke.'
    second, third, hale = body.index('"It'), body.index("Nobody"), body.index("Hale said")
    article = ArticleText(
        body=body,
        sentences=((0, second - 1), (second, third - 1), (third, len(body))),
        mentions=(
            Mention(0, 0, 8, "Ana Reis", "PERSON", "Ana Reis"),
            Mention(1, hale, hale + 4, "Hale", "PERSON", "Tom Hale"),
        ),
    )
    (quote,) = bare_quotes(article)
    assert (body[quote.start : quote.end], quote.speaker, quote.kind) == ("It is done,", "Tom Hale", "direct")
