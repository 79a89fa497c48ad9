"""Pure scoring functions of the accuracy report, on hand-made spans with known answers."""

from datetime import date

import pytest

from evaluation.scoring import ALL, Scores, Span, error_breakdown, error_kind, score_by_label, score_spans, tally_field

GOLD = [
    Span("d1", 0, 5, "PERSON"),
    Span("d1", 10, 16, "ORG"),
    Span("d1", 20, 26, "LOC"),
    Span("d2", 0, 4, "LOC"),
]
PREDICTED = [
    Span("d1", 0, 5, "PERSON"),  # exact: a hit
    Span("d1", 10, 16, "LOC"),  # right span, wrong type
    Span("d1", 20, 30, "LOC"),  # overlapping boundary
    Span("d2", 0, 4, "LOC"),  # exact: a hit
    Span("d2", 8, 12, "PERSON"),  # spurious, overlaps nothing
]


def test_exact_match_counts_only_identical_document_offsets_and_type():
    assert score_spans(GOLD, PREDICTED) == Scores(tp=2, fp=3, fn=2)


def test_precision_recall_and_f1_follow_from_the_counts():
    scores = score_spans(GOLD, PREDICTED)
    assert scores.precision == pytest.approx(2 / 5)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_same_offsets_in_another_document_are_not_a_match():
    assert score_spans([Span("d1", 0, 4, "LOC")], [Span("d2", 0, 4, "LOC")]) == Scores(tp=0, fp=1, fn=1)


def test_duplicate_predictions_count_once():
    assert score_spans([Span("d1", 0, 4, "LOC")], [Span("d1", 0, 4, "LOC")] * 3) == Scores(tp=1, fp=0, fn=0)


def test_a_system_that_predicts_nothing_scores_zero_not_undefined():
    scores = score_spans(GOLD, [])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def test_scores_by_label_give_a_micro_average_and_one_entry_per_label():
    scores = score_by_label(GOLD, PREDICTED, ("PERSON", "ORG", "LOC"))
    assert scores[ALL] == Scores(tp=2, fp=3, fn=2)
    assert scores["PERSON"] == Scores(tp=1, fp=1, fn=0)
    assert scores["ORG"] == Scores(tp=0, fp=0, fn=1)
    assert scores["LOC"] == Scores(tp=1, fp=2, fn=1)


def test_labels_outside_the_scored_set_are_ignored_on_both_sides():
    scores = score_by_label([Span("d1", 0, 4, "MISC")], [Span("d1", 9, 12, "NORP")], ("PERSON",))
    assert scores[ALL] == Scores(tp=0, fp=0, fn=0)


def test_error_kind_prefers_a_wrong_type_over_a_wrong_boundary():
    others = [Span("d1", 0, 9, "ORG"), Span("d1", 0, 5, "LOC")]
    assert error_kind(Span("d1", 0, 5, "ORG"), others) == "type"


def test_error_breakdown_sorts_misses_and_spurious_spans_by_their_nearest_counterpart():
    missed, spurious = error_breakdown(GOLD, PREDICTED)
    assert missed == {"type": 1, "boundary": 1}
    assert spurious == {"type": 1, "boundary": 1, "none": 1}


def test_field_tally_separates_correct_wrong_missed_and_invented_values():
    cases = [
        (date(2019, 1, 4), date(2019, 1, 4)),  # correct
        (date(2019, 1, 5), date(2019, 1, 6)),  # wrong
        (date(2019, 1, 7), None),  # missed
        (None, date(2020, 3, 1)),  # invented: the file states no date
        (None, None),  # rightly left empty
    ]
    tally = tally_field(cases)
    assert (tally.files, tally.stated, tally.filled) == (5, 3, 3)
    assert (tally.correct, tally.wrong, tally.missed, tally.invented) == (1, 1, 1, 1)
    assert tally.filled == tally.correct + tally.wrong + tally.invented
