"""Where sentence boundaries come from, and what each choice does to sentences and to the entity scores.

sentence_index (one per mention) feeds the same-sentence co-occurrence counts of the marts, and the model's "ner"
never lets a name run over a sentence start, so the choice touches both. Each option is the pipeline with another
sentence source (mentions.build_pipeline), the rules unchanged:

- UNER PUD records how many sentences each snippet has (no line breaks there): a snippet is right when the
  option finds that many;
- GUM keeps the article's layout (headline, dateline, paragraphs): a sentence that runs over a blank line joins
  two paragraphs, or a headline and a paragraph, and is wrong whatever the annotation;
- entity micro-F1 of the pipeline with that option, as in the tables above.

The option is chosen on dev; test is reported beside it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from evaluation.corpora import NER_GOLD_FILES, GoldDoc, read_gold_docs
from evaluation.entity_eval import CORE_TYPES, pipeline_spans
from evaluation.report import table
from evaluation.scoring import ALL, score_by_label
from evaluation.splits import DEV, TEST, read_splits
from orchestration.lib.nlp.mentions import MODEL_COMPONENTS, MODEL_NAME, annotate, build_pipeline

# name -> (model components, line breaks end sentences); the first is the pipeline's (mentions.load_pipeline).
SENTENCE_OPTIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "senter + line breaks (the pipeline)": (MODEL_COMPONENTS, True),
    "parser (until rules-2)": (("tok2vec", "parser", "ner"), False),
    "senter alone": (("senter", "ner"), False),
    "sentencizer + line breaks": (("sentencizer", "ner"), True),
}
COUNTED_CORPUS, LAYOUT_CORPUS = "uner_pud_news", "gum_news"
# The pipeline's micro-F1 with rules-2 (commit 8f63478), whose cues read the tagger's proper nouns and the parser's
# arcs, so the model's tok2vec, tagger and parser ran for them: (corpus, split) -> F1, from that ACCURACY.md.
RULES_2_F1 = {
    ("gum_news", DEV): 0.771,
    ("gum_news", TEST): 0.791,
    ("uner_pud_news", DEV): 0.732,
    ("uner_pud_news", TEST): 0.782,
}


@dataclass(frozen=True)
class SentenceResult:
    """One option on one split: sentence counts right, sentences over a blank line, entity F1 per corpus."""

    option: str
    split: str
    counted_docs: int
    counted_right: int
    layout_sentences: int
    over_blank_line: int
    f1: dict[str, float]


def _sentence_counts(nlp: Language, docs: Sequence[GoldDoc]) -> list[int]:
    return [len(sentences) for _, sentences in annotate(nlp, [doc.text for doc in docs])]


def _over_blank_line(nlp: Language, docs: Sequence[GoldDoc]) -> tuple[int, int]:
    """(sentences, sentences whose text, trimmed, holds a blank line)."""
    sentences = crossing = 0
    for doc in nlp.pipe(doc.text for doc in docs):
        for sent in doc.sents:
            text = sent.text.strip()
            if text:
                sentences += 1
                crossing += "\n\n" in text
    return sentences, crossing


def evaluate_sentences(corpora: Path) -> list[SentenceResult]:
    """Every option on the dev and the test split of both NER gold corpora."""
    splits = read_splits()
    records = {}
    docs: dict[tuple[str, str], list[GoldDoc]] = {}
    for corpus, relative in NER_GOLD_FILES.items():
        path = corpora / relative
        for doc in read_gold_docs(path):
            docs.setdefault((corpus, splits[(corpus, doc.doc_id)]), []).append(doc)
        if corpus == COUNTED_CORPUS:
            lines = path.read_text(encoding="utf-8").splitlines()
            records = {r["doc_id"]: r["meta"]["n_sentences"] for r in map(json.loads, filter(str.strip, lines))}
    results = []
    for option, (components, line_breaks) in SENTENCE_OPTIONS.items():
        nlp = build_pipeline(MODEL_NAME, components, line_breaks=line_breaks)
        for part in (DEV, TEST):
            counted = docs[(COUNTED_CORPUS, part)]
            found = _sentence_counts(nlp, counted)
            sentences, crossing = _over_blank_line(nlp, docs[(LAYOUT_CORPUS, part)])
            f1 = {}
            for corpus in NER_GOLD_FILES:
                in_split = docs[(corpus, part)]
                gold = {span for doc in in_split for span in doc.spans}
                f1[corpus] = score_by_label(gold, pipeline_spans(nlp, in_split), CORE_TYPES)[ALL].f1
            right = sum(n == records[doc.doc_id] for n, doc in zip(found, counted, strict=True))
            results.append(SentenceResult(option, part, len(counted), right, sentences, crossing, f1))
    return results


def sentences_section(results: list[SentenceResult]) -> list[str]:
    """The options side by side, dev then test."""
    corpora = list(NER_GOLD_FILES)
    rows = [
        [
            result.option,
            result.split,
            f"{result.counted_right} / {result.counted_docs}",
            f"{result.over_blank_line} / {result.layout_sentences}",
            *(result.f1[corpus] for corpus in corpora),
        ]
        for part in (DEV, TEST)
        for result in results
        if result.split == part
    ]
    header = [
        "sentences from",
        "split",
        f"{COUNTED_CORPUS}: sentence count right",
        f"{LAYOUT_CORPUS}: sentences over a blank line",
        *(f"{corpus} F1" for corpus in corpora),
    ]
    ours = {(r.split, corpus): r.f1[corpus] for r in results[:2] for corpus in corpora}
    before = "; ".join(
        f"{corpus} {part} {RULES_2_F1[(corpus, part)]:.3f} then, {ours[(part, corpus)]:.3f} now"
        for part in (DEV, TEST)
        for corpus in corpora
    )
    return [
        "### Sentence boundaries, without tagger and parser",
        "",
        "Until rules-2 the pipeline ran the model's `tok2vec`, `tagger` and `parser` before `ner` (whose own "
        "embedded tok2vec needs none of them): the rules' cues read proper-noun tags and dependency arcs, and "
        "sentences came from the parser. Since rules-3 the cues read the neighbouring words and the document "
        "(`orchestration/lib/nlp/spans.py`), and the pipeline runs `senter` and `ner` only, about twice as fast "
        f"per core. Pipeline micro-F1: {before}.",
        "",
        "Sentences now come from the model's small `senter` and every line break that is not followed by a "
        "lowercase word (`orchestration/lib/nlp/sentences.py`), chosen on dev over the parser, `senter` alone and "
        "spaCy's rule-based `sentencizer`: the same entity F1 within one span, and the only option with every "
        "UNER sentence count right and no sentence over a GUM paragraph break on dev. The rules are the same in every "
        "row; only the sentence source changes (`evaluation/sentence_eval.py`).",
        "",
        *table(header, rows),
        "",
    ]
