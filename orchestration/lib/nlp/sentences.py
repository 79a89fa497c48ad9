"""Sentence boundaries without the parser: the model's "senter", and a line break ends a sentence.

A body's lines are its headline, dateline, captions and paragraphs, so a sentence does not run over a line break,
unless the next line goes on in lowercase (a hard-wrapped paragraph). "senter" alone reads words, not lines: it
would run a headline into the first sentence below it, and sentence_index feeds the same-sentence co-occurrence
counts. The model's "ner" never lets a name run over a sentence start.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

LINE_BREAKS_NAME = "newsmon_line_breaks"


@Language.component(LINE_BREAKS_NAME)
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence at the first word after a line break, unless that word is lowercase.

    spaCy keeps a line break as a whitespace token of its own ("\n", "\n\n"), never in a word's trailing space.
    """
    tokens = list(doc)
    for token, following in zip(tokens, tokens[1:], strict=False):
        if token.is_space and "\n" in token.text and not following.is_space and not following.is_lower:
            following.is_sent_start = True
    return doc
