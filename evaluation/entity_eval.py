"""Entity mentions against NER gold: the newsmon pipeline and bare spaCy, exact spans on PERSON / ORG / LOC.

Bare spaCy is the same model without the newsmon rules (spans.py), so the two rows are the before and after of the
rules; the rule ablation scores the pipeline once without each rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from spacy.language import Language
from spacy.tokens import Doc

from evaluation.corpora import NER_GOLD_FILES, GoldDoc, read_gold_docs
from evaluation.scoring import ALL, Scores, Span, error_breakdown, score_by_label
from evaluation.splits import DEV, TEST, read_splits
from orchestration.lib.nlp.mentions import entity_type, extract_mentions
from orchestration.lib.nlp.spans import COMPONENT_NAME, RULES, refined_spans

CORE_TYPES = ("PERSON", "ORG", "LOC")


@dataclass(frozen=True)
class EntityResult:
    """Scores of one system on one corpus, and why its errors are errors."""

    corpus: str
    system: str
    docs: int
    scores: dict[str, Scores]
    missed: Counter[str]
    spurious: Counter[str]
    # Pipeline only: micro-F1 with every rule but the named one (key "" = with no rule at all).
    without_rule: dict[str, float] | None = None


def pipeline_spans(nlp: Language, docs: Sequence[GoldDoc]) -> set[Span]:
    """Core-type spans from extract_mentions, the function the pipeline runs (clean-up rules included)."""
    frame = extract_mentions(nlp, [(doc.doc_id, doc.text) for doc in docs])
    rows = frame.filter(pl.col("entity_type").is_in(CORE_TYPES)).select(
        "body_sha256", "char_start", "char_end", "entity_type"
    )
    return {Span(*row) for row in rows.iter_rows()}


def model_docs(nlp: Language, docs: Sequence[GoldDoc]) -> list[Doc]:
    """The gold texts through the pipeline with the newsmon rules switched off: the model's own doc.ents."""
    return list(nlp.pipe((doc.text for doc in docs), disable=[COMPONENT_NAME]))


def bare_spacy_spans(nlp: Language, docs: Sequence[GoldDoc]) -> set[Span]:
    """Core-type spans straight from the model's doc.ents, with the pipeline's label mapping and nothing else."""
    spans = set()
    for gold, doc in zip(docs, model_docs(nlp, docs), strict=True):
        for ent in doc.ents:
            kind = entity_type(ent.label_)
            if kind in CORE_TYPES:
                spans.add(Span(gold.doc_id, ent.start_char, ent.end_char, kind))
    return spans


def ablated_spans(nlp: Language, docs: Sequence[GoldDoc], parsed: Sequence[Doc], skip: Sequence[str]) -> set[Span]:
    """The pipeline's spans with the rules in skip left out; with skip empty, exactly pipeline_spans."""
    matcher = nlp.get_pipe(COMPONENT_NAME).matcher
    spans = set()
    for gold, doc in zip(docs, parsed, strict=True):
        for ent in refined_spans(doc, matcher, skip):
            kind = entity_type(ent.label_)
            # The same filter as extract_mentions: no span across a line break.
            if kind in CORE_TYPES and "\n" not in ent.text and ent.text.strip():
                spans.add(Span(gold.doc_id, ent.start_char, ent.end_char, kind))
    return spans


def rule_ablation(nlp: Language, docs: Sequence[GoldDoc], gold: set[Span]) -> dict[str, float]:
    """Micro-F1 with each rule left out in turn, and with all of them left out (key "")."""
    parsed = model_docs(nlp, docs)
    variants = {"": list(RULES), **{rule: [rule] for rule in RULES}}
    return {
        name: score_by_label(gold, ablated_spans(nlp, docs, parsed, skip), CORE_TYPES)[ALL].f1
        for name, skip in variants.items()
    }


PIPELINE, BARE = "newsmon pipeline", "bare spaCy"
SYSTEMS: dict[str, Callable[[Language, Sequence[GoldDoc]], set[Span]]] = {
    PIPELINE: pipeline_spans,
    BARE: bare_spacy_spans,
}


def evaluate_entities(nlp: Language, corpora: Path) -> list[EntityResult]:
    """Score every system on the dev and the test part of every gold corpus (splits.csv), dev first."""
    splits = read_splits()
    results = []
    for corpus, relative in NER_GOLD_FILES.items():
        every_doc = read_gold_docs(corpora / relative)
        for part in (DEV, TEST):
            docs = [doc for doc in every_doc if splits[(corpus, doc.doc_id)] == part]
            gold = {span for doc in docs for span in doc.spans}
            for system, extract in SYSTEMS.items():
                predicted = extract(nlp, docs)
                missed, spurious = error_breakdown(gold, predicted)
                scores = score_by_label(gold, predicted, CORE_TYPES)
                ablation = rule_ablation(nlp, docs, gold) if system == PIPELINE else None
                label = f"{corpus} {part}"
                results.append(EntityResult(label, system, len(docs), scores, missed, spurious, ablation))
    return results
