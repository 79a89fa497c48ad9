"""Entity mentions against NER gold: the newsmon pipeline and bare spaCy, exact spans on PERSON / ORG / LOC."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from spacy.language import Language

from evaluation.corpora import GoldDoc, read_gold_docs
from evaluation.scoring import Scores, Span, error_breakdown, score_by_label
from orchestration.lib.nlp.mentions import entity_type, extract_mentions

CORE_TYPES = ("PERSON", "ORG", "LOC")
GOLD_FILES = {"gum_news": "gum_news/ner_gold.jsonl", "uner_pud_news": "uner_pud_news/ner_gold.jsonl"}


@dataclass(frozen=True)
class EntityResult:
    """Scores of one system on one corpus, and why its errors are errors."""

    corpus: str
    system: str
    docs: int
    scores: dict[str, Scores]
    missed: Counter[str]
    spurious: Counter[str]


def pipeline_spans(nlp: Language, docs: Sequence[GoldDoc]) -> set[Span]:
    """Core-type spans from extract_mentions, the function the pipeline runs (clean-up rules included)."""
    frame = extract_mentions(nlp, [(doc.doc_id, doc.text) for doc in docs])
    rows = frame.filter(pl.col("entity_type").is_in(CORE_TYPES)).select(
        "body_sha256", "char_start", "char_end", "entity_type"
    )
    return {Span(*row) for row in rows.iter_rows()}


def bare_spacy_spans(nlp: Language, docs: Sequence[GoldDoc]) -> set[Span]:
    """Core-type spans straight from spaCy's doc.ents, with the pipeline's label mapping and nothing else."""
    spans = set()
    for gold, doc in zip(docs, nlp.pipe(doc.text for doc in docs), strict=True):
        for ent in doc.ents:
            kind = entity_type(ent.label_)
            if kind in CORE_TYPES:
                spans.add(Span(gold.doc_id, ent.start_char, ent.end_char, kind))
    return spans


SYSTEMS: dict[str, Callable[[Language, Sequence[GoldDoc]], set[Span]]] = {
    "newsmon pipeline": pipeline_spans,
    "bare spaCy": bare_spacy_spans,
}


def evaluate_entities(nlp: Language, corpora: Path) -> list[EntityResult]:
    """Score every system on every gold corpus."""
    results = []
    for corpus, relative in GOLD_FILES.items():
        docs = read_gold_docs(corpora / relative)
        gold = {span for doc in docs for span in doc.spans}
        for system, extract in SYSTEMS.items():
            predicted = extract(nlp, docs)
            missed, spurious = error_breakdown(gold, predicted)
            scores = score_by_label(gold, predicted, CORE_TYPES)
            results.append(EntityResult(corpus, system, len(docs), scores, missed, spurious))
    return results
