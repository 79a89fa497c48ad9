"""Pure scoring: exact-span precision / recall / F1 and per-field tallies for stated metadata."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

# Name of the micro-averaged row next to the per-label rows.
ALL = "all"


class Span(NamedTuple):
    """One labelled character span of one document."""

    doc_id: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Scores:
    """Counts of one comparison and the precision, recall and F1 they give."""

    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, *, gold: int, predicted: int, matched: int) -> Scores:
        """The scores of `matched` predictions out of `predicted`, against `gold` gold items."""
        return cls(tp=matched, fp=predicted - matched, fn=gold - matched)

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        # Nothing predicted is scored 0, not undefined, so a silent system cannot look perfect.
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def score_spans(gold: Iterable[Span], predicted: Iterable[Span]) -> Scores:
    """Exact match: a prediction counts only with the same document, start, end and label as a gold span."""
    gold_set, predicted_set = set(gold), set(predicted)
    tp = len(gold_set & predicted_set)
    return Scores(tp=tp, fp=len(predicted_set) - tp, fn=len(gold_set) - tp)


def score_by_label(gold: Iterable[Span], predicted: Iterable[Span], labels: Sequence[str]) -> dict[str, Scores]:
    """Micro-averaged scores over the given labels (key ALL), then one entry per label."""
    gold_set = {span for span in gold if span.label in labels}
    predicted_set = {span for span in predicted if span.label in labels}
    scores = {ALL: score_spans(gold_set, predicted_set)}
    for label in labels:
        scores[label] = score_spans(
            (s for s in gold_set if s.label == label), (s for s in predicted_set if s.label == label)
        )
    return scores


def _overlaps(a: Span, b: Span) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def error_kind(span: Span, others: Iterable[Span]) -> str:
    """Why a span has no exact match on the other side: "type", "boundary", "boundary+type" or "none"."""
    kinds = set()
    for other in others:
        if not _overlaps(span, other):
            continue
        same_offsets = (span.start, span.end) == (other.start, other.end)
        same_label = span.label == other.label
        if same_offsets and same_label:
            continue  # an exact match is not an error
        kinds.add("type" if same_offsets else "boundary" if same_label else "boundary+type")
    # The nearest kind of miss wins: a right span with a wrong label is closer than a wrong span.
    for kind in ("type", "boundary", "boundary+type"):
        if kind in kinds:
            return kind
    return "none"


def _by_doc(spans: Iterable[Span]) -> defaultdict[str, list[Span]]:
    # Grouping first keeps the overlap search per document instead of over the whole corpus.
    grouped: defaultdict[str, list[Span]] = defaultdict(list)
    for span in spans:
        grouped[span.doc_id].append(span)
    return grouped


def error_breakdown(gold: Iterable[Span], predicted: Iterable[Span]) -> tuple[Counter[str], Counter[str]]:
    """Kinds of the missed gold spans and of the spurious predictions, in that order."""
    gold_set, predicted_set = set(gold), set(predicted)
    gold_by_doc, predicted_by_doc = _by_doc(gold_set), _by_doc(predicted_set)
    missed = Counter(error_kind(s, predicted_by_doc[s.doc_id]) for s in gold_set - predicted_set)
    spurious = Counter(error_kind(s, gold_by_doc[s.doc_id]) for s in predicted_set - gold_set)
    return missed, spurious


@dataclass(frozen=True)
class FieldTally:
    """How a parser did on one metadata field over many files; filled == correct + wrong + invented."""

    files: int
    stated: int
    filled: int
    correct: int
    wrong: int
    missed: int
    invented: int


def tally_field(cases: Iterable[tuple[object | None, object | None]]) -> FieldTally:
    """Tally (truth, parsed) pairs, where a truth of None means the file states no value for the field."""
    counts = Counter()
    for truth, parsed in cases:
        counts["files"] += 1
        counts["stated"] += truth is not None
        counts["filled"] += parsed is not None
        if truth is None:
            counts["invented"] += parsed is not None
        elif parsed is None:
            counts["missed"] += 1
        else:
            counts["correct" if parsed == truth else "wrong"] += 1
    return FieldTally(**{name: counts[name] for name in FieldTally.__dataclass_fields__})
