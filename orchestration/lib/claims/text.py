"""The input of the claims and quotes stage: an article body with the sentences and mentions the NER stage stored,
and a spaCy Doc over it made by the tokenizer alone.

The NER stage has already split the body into sentences and found its names and values (landing.sentences and
landing.mentions); running the model again here would cost as much as that stage. spaCy's blank English pipeline
tokenizes as the model does, so the Doc below has the model's tokens, its sentences and its entities, for the
Matcher and rules of figures.py and quotes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans


@dataclass(frozen=True)
class Mention:
    """One row of landing.mentions: `index` is its mention_index, `label` spaCy's label (PERSON, GPE, CARDINAL...)."""

    index: int
    start: int
    end: int
    text: str
    label: str
    canonical_name: str


@dataclass(frozen=True)
class ArticleText:
    """An article body, its sentences as (char_start, char_end) in order, its mentions, and its publication day (to
    resolve "last year" or "in December"), when known."""

    body: str
    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...] = ()
    published: date | None = None

    def sentence_of(self, char: int) -> int | None:
        """Index of the sentence holding the character at `char`, None if it falls between sentences."""
        for index, (start, end) in enumerate(self.sentences):
            if start <= char < end:
                return index
        return None


@cache
def tokenizer() -> Language:
    """spaCy's blank English pipeline: the tokenizer the model uses, without the model (loads in milliseconds)."""
    return spacy.blank("en")


def make_doc(article: ArticleText) -> Doc:
    """The body as a Doc: the tokenizer's tokens, the stored sentences as doc.sents, the mentions as doc.ents (each
    with its mention index as the span's kb_id_, so a rule can name the mention it used). A mention or sentence that
    does not fall on token boundaries is widened to them; overlapping mentions keep the longest."""
    doc = tokenizer()(article.body)
    if not len(doc):
        return doc
    # All sentence starts in one array: setting token.is_sent_start one token at a time rescans the whole Doc each
    # time (quadratic: 0.1 s on a 2,000-word article, most of the stage's time).
    sent_starts = numpy.full((len(doc), 1), -1, dtype="int64").astype("uint64")  # -1: not a start, as spaCy stores it
    sent_starts[0, 0] = 1
    for start, end in article.sentences:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            sent_starts[span.start, 0] = 1
    doc.from_array([SENT_START], sent_starts)
    spans = []
    for mention in article.mentions:
        span = doc.char_span(mention.start, mention.end, label=mention.label, alignment_mode="expand")
        if span is not None and len(span):
            span.kb_id_ = str(mention.index)
            spans.append(span)
    doc.ents = filter_spans(spans)
    return doc


def from_pipeline(nlp: Language, body: str, published: date | None = None) -> ArticleText:
    """An ArticleText as the NER stage would store it: for tests and evaluation (the stage reads the landing tables)."""
    from orchestration.lib.nlp.mentions import extract_annotations  # the model's code: only where the model runs

    mentions, sentences = extract_annotations(nlp, [("body", body)])
    return ArticleText(
        body=body,
        sentences=tuple(zip(sentences["char_start"], sentences["char_end"], strict=True)),
        mentions=_mentions(mentions.iter_rows(named=True)),
        published=published,
    )


def _mentions(rows: Sequence[dict] | object) -> tuple[Mention, ...]:
    return tuple(
        Mention(
            index=row["mention_index"],
            start=row["char_start"],
            end=row["char_end"],
            text=row["mention_text"],
            label=row["spacy_label"],
            canonical_name=row["canonical_name"],
        )
        for row in rows
    )
