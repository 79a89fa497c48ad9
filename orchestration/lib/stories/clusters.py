"""Story assignment: each new article joins the story of an earlier article about the same event, or starts one.

The decision for one article, in order:

1. **copy**: an article whose MinHash estimate of shingle Jaccard similarity is at least `COPY_THRESHOLD` (found
   through the LSH band index) is a copy; the article joins that article's story, whatever their dates.
2. **similar**: otherwise candidates are the articles published within `LONG_WINDOW_DAYS` days (an article without
   a date counts on the day it was ingested, and is also compared with everything ingested within the window) that
   share some of its most distinctive terms or entities. Each is scored by a TF-IDF cosine of the body terms and of
   the named entities. A story is joinable when its members within `WINDOW_DAYS` score `STORY_THRESHOLD`, or when a
   member within `LONG_WINDOW_DAYS` shares `LONG_SHARED_RARE` rarely named entities and scores `LONG_THRESHOLD`
   (a story keeps growing while its particular names keep coming back); the best joinable story is joined, unless
   the two articles are about different places and people (their key places and people, the most-mentioned ones, do
   not overlap): two elections in neighbouring countries on the same day stay apart however many words they share.
3. **new**: otherwise the article starts a story whose id is its own article id.

Assignments are never revised, so story ids stay stable across runs; the first article of a story names it.
Nothing here touches a database: `StoryIndex` is how the stored articles are looked up (see
`orchestration/lib/warehouse/stories.py` for the DuckDB index).
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache
from importlib.resources import files
from typing import Protocol

import numpy as np

from orchestration.lib.stories.copies import COPIES_VERSION, COPY_THRESHOLD, band_keys, signature, similarity
from orchestration.lib.stories.shingles import content_terms, is_content_word, normalise, stem, term_key, words

# Bump when a rule or constant below changes: every story is then re-assigned from scratch.
STORIES_VERSION = f"stories-2/{COPIES_VERSION}"

WINDOW_DAYS = 3
STORY_THRESHOLD = 0.33
# A story keeps growing: an article up to LONG_WINDOW_DAYS from any of its members (so from its latest one) joins it
# on stronger evidence: at least LONG_SHARED_RARE entities with a rare name (see RARE_NAME) in common with a member,
# and a score of at least LONG_THRESHOLD. A running series (primaries of one campaign, milestones of a pandemic)
# shares well-known names and words across weeks; the follow-ups of one event share its particular ship, firm,
# village or official. Within the window such names lower the bar the same way.
LONG_WINDOW_DAYS = 28
LONG_SHARED_RARE = 2
LONG_THRESHOLD = 0.25
TEXT_WEIGHT = 0.6
ENTITY_WEIGHT = 0.4
# What each article keeps for scoring, and what it is found by (its posting keys).
STORED_TERMS = 60
STORED_ENTITIES = 30
POSTED_TERMS = 12
POSTED_ENTITIES = 8
# A story's score is the mean of the article's scores with this many of its best-matching members.
LINKAGE_TOP = 2
# Stored articles scored per new article (the ones sharing the most distinctive posting keys).
MAX_CANDIDATES = 60
# Entities named in the lead (the first characters of the body) are what the article is about: they weigh more.
LEAD_CHARS = 300
LEAD_ENTITY_WEIGHT = 3.0
# A place (person) is a key place (person) of an article when it weighs at least this share of its top one.
KEY_SHARE = 0.5
# A pair's score is multiplied by this when neither article names the other's key people.
OTHER_PEOPLE_FACTOR = 0.8

WORD = 0
ENTITY_KINDS = {"PERSON": 1, "ORG": 2, "LOC": 3, "NORP": 4, "EVENT": 4, "LAW": 4, "PRODUCT": 4, "WORK_OF_ART": 4}
# A flag added to an entity's kind when its name is rare in general English: a word of it is not among the
# background's words (wordfreq expects it in fewer than one news-length text in a thousand).
RARE_NAME = 8
LOC = ENTITY_KINDS["LOC"]
PERSON = ENTITY_KINDS["PERSON"]
RULES = ("new", "copy", "similar")

_EPOCH = datetime(1970, 1, 1)
_PLACE_ALIASES = {
    "us": "united states",
    "usa": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
}


@dataclass(frozen=True)
class ArticleInput:
    """What the stage knows of a new article: its text, dates, and the entity mentions NER found in its body."""

    article_id: str
    body_sha256: str
    title: str | None
    body: str
    published_at: datetime | None
    ingested_at: datetime
    # (entity_type, canonical_name, char_start) of each mention
    mentions: Sequence[tuple[str, str, int]] = ()


@dataclass
class Features:
    """An article as the story index keeps it: when, its weighted terms and entities, and its story."""

    article_id: str
    body_sha256: str
    day: int  # days since 1970-01-01 of its publication (else ingestion) date
    ingest_day: int
    dated: bool
    counts: dict[int, float]  # term or entity key -> weighted count
    kinds: dict[int, int]  # key -> WORD or an entity kind (| RARE_NAME for a rare name)
    signature: np.ndarray | None = None
    bands: list[tuple[int, int]] = field(default_factory=list)
    story_id: str | None = None
    # Key entities per kind, computed once per article (see key_entities).
    key_cache: dict[int, frozenset[int]] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Query:
    """How the index is asked for one new article's candidates."""

    article_id: str
    day: int
    ingest_day: int
    dated: bool
    keys: dict[int, float]  # posting key -> idf (how distinctive a shared key is)
    bands: list[tuple[int, int]]
    # The posting keys that are rare names of a dated article: beyond WINDOW_DAYS, a stored article is a candidate
    # only when it shares LONG_SHARED_RARE of them.
    rare_keys: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    score: float
    rule: str
    matched_article_id: str | None


@dataclass
class StoryBatch:
    """Everything a run adds to the index, written in one transaction."""

    assignments: list[Assignment] = field(default_factory=list)
    features: list[Features] = field(default_factory=list)
    postings: list[tuple[str, int]] = field(default_factory=list)  # (article_id, key)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # (article, earlier article, sim)
    document_frequencies: Counter[int] = field(default_factory=Counter)


class StoryIndex(Protocol):
    """The stored articles, looked up without scanning them one by one in Python."""

    def corpus_size(self) -> int: ...

    def document_frequencies(self, keys: Collection[int]) -> dict[int, int]: ...

    def candidates(
        self, queries: Sequence[Query], window_days: int, limit: int
    ) -> dict[str, list[tuple[Features, bool]]]:
        """Per query: stored articles sharing an LSH bucket (any date; with their signature; flagged True), and the
        `limit` stored articles within the time window sharing the most idf-weighted posting keys (beyond
        WINDOW_DAYS, only those sharing LONG_SHARED_RARE of the query's `rare_keys`); each with its story."""
        ...


def day_number(moment: datetime) -> int:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return (moment - _EPOCH).days


def entity_key_name(entity_type: str, name: str) -> str:
    """An entity's index key: its name folded (case, dots, a leading "the", common country aliases for places).
    Not its type: NER types one name differently from article to article (a firm as PERSON here and ORG there, a
    dateline's city as PERSON), and the same name is the same evidence."""
    folded = " ".join(normalise(name).replace(".", "").split())
    folded = folded.removeprefix("the ")
    if entity_type == "LOC":
        folded = _PLACE_ALIASES.get(folded, folded)
    return f"@{folded}"


def features_of(article: ArticleInput) -> Features:
    """The article's terms, entities, MinHash signature and band keys (independent of anything stored)."""
    counts: dict[int, float] = {}
    kinds: dict[int, int] = {}
    for term, count in content_terms(article.body, article.title).items():
        key = term_key(term)
        counts[key] = counts.get(key, 0.0) + count
        kinds[key] = WORD
    # An entity's kind in this article: the type NER gives its mentions most (by weight).
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    rare: set[int] = set()
    for entity_type, name, char_start in article.mentions:
        kind = ENTITY_KINDS.get(entity_type)
        if kind is None or not name.strip():
            continue
        key = term_key(entity_key_name(entity_type, name))
        weight = LEAD_ENTITY_WEIGHT if char_start < LEAD_CHARS else 1.0
        counts[key] = counts.get(key, 0.0) + weight
        votes[key][kind] += weight
        if key not in rare and is_rare_name(name):
            rare.add(key)
    for key, kind_votes in votes.items():
        kind = max(kind_votes, key=lambda k: (kind_votes[k], -k))
        kinds[key] = kind | RARE_NAME if key in rare else kind
    sig = signature(article.body)
    published = article.published_at
    return Features(
        article_id=article.article_id,
        body_sha256=article.body_sha256,
        day=day_number(published if published is not None else article.ingested_at),
        ingest_day=day_number(article.ingested_at),
        dated=published is not None,
        counts=counts,
        kinds=kinds,
        signature=sig,
        bands=band_keys(sig),
    )


@cache
def background_frequencies() -> tuple[int, dict[int, int]]:
    """Expected document frequencies of words over a background of news-length texts (shipped with the code, made
    from general English word frequencies, never from the evaluation texts): sensible IDF weights while the
    warehouse itself holds few articles. Header lines start with '#'."""
    text = files("orchestration.lib.stories").joinpath("data/background_df.tsv").read_text(encoding="utf-8")
    size, frequencies = 0, {}
    for line in text.splitlines():
        name, value = line.split("\t")
        if name == "#documents":
            size = int(value)
        elif not name.startswith("#"):
            frequencies[term_key(name)] = int(value)
    return size, frequencies


@lru_cache(maxsize=1 << 16)
def is_rare_name(name: str) -> bool:
    """A name with a content word that general English hardly uses (a small town, a ship, a firm, most surnames):
    shared across weeks, it points at one event rather than at a running topic ("Nevada", "Parliament")."""
    _, background = background_frequencies()
    return any(term_key(stem(word)) not in background for word in words(name) if is_content_word(word))


def rare_names(features: Features) -> frozenset[int]:
    """The article's entities with a rare name (computed once per article)."""
    cached = features.key_cache.get(RARE_NAME)
    if cached is None:
        cached = features.key_cache[RARE_NAME] = frozenset(k for k, kind in features.kinds.items() if kind & RARE_NAME)
    return cached


class Vocabulary:
    """IDF of keys over the stored articles, this batch and the background corpus."""

    def __init__(self, documents: int, frequencies: Mapping[int, int]) -> None:
        background_size, background = background_frequencies()
        self._n = documents + background_size
        self._df = frequencies
        self._background = background
        self._idf: dict[int, float] = {}

    def idf(self, key: int) -> float:
        value = self._idf.get(key)
        if value is None:
            df = self._df.get(key, 0) + self._background.get(key, 0)
            value = self._idf[key] = math.log((1 + self._n) / (1 + df)) + 1.0
        return value


def _weight(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


def _top(features: Features, vocabulary: Vocabulary, word_limit: int, entity_limit: int) -> dict[int, float]:
    """The most distinctive keys (tf-idf) of an article: `word_limit` words and `entity_limit` entities."""
    idf = vocabulary.idf
    scores = {k: (_weight(c) * idf(k), k) for k, c in features.counts.items()}
    words = heapq.nlargest(word_limit, (k for k in scores if features.kinds[k] == WORD), key=scores.__getitem__)
    entities = heapq.nlargest(entity_limit, (k for k in scores if features.kinds[k] != WORD), key=scores.__getitem__)
    return {k: idf(k) for k in words + entities}


class _Vectors:
    """Per article, its unit tf-idf vectors of words and of entities (idf as of this batch)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self._vocabulary = vocabulary
        self._cache: dict[str, tuple[dict[int, float], dict[int, float]]] = {}

    def of(self, features: Features) -> tuple[dict[int, float], dict[int, float]]:
        cached = self._cache.get(features.article_id)
        if cached is None:
            idf, kinds = self._vocabulary.idf, features.kinds
            weighted = {key: _weight(count) * idf(key) for key, count in features.counts.items()}
            words = {k: v for k, v in weighted.items() if kinds[k] == WORD}
            entities = {k: v for k, v in weighted.items() if kinds[k] != WORD}
            cached = (_unit(words), _unit(entities))
            self._cache[features.article_id] = cached
        return cached


def _unit(vector: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _cosine(a: dict[int, float], b: dict[int, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


def key_entities(features: Features, kind: int) -> frozenset[int]:
    """The places (or people) an article is about: those weighing at least KEY_SHARE of its top one."""
    cached = features.key_cache.get(kind)
    if cached is None:
        weights = {k: c for k, c in features.counts.items() if features.kinds[k] & ~RARE_NAME == kind}
        top = max(weights.values(), default=0.0)
        cached = features.key_cache[kind] = frozenset(k for k, c in weights.items() if c >= KEY_SHARE * top)
    return cached


def _disagree(a: Features, b: Features, kind: int) -> bool:
    """Both articles have key entities of this kind, and none of either's is a key entity of the other of any kind
    (NER may type a dateline's city as a person in one and as a place in the other)."""
    keys_a, keys_b = key_entities(a, kind), key_entities(b, kind)
    if not keys_a or not keys_b:
        return False
    return keys_a.isdisjoint(_all_key_entities(b)) and keys_b.isdisjoint(_all_key_entities(a))


def _all_key_entities(features: Features) -> frozenset[int]:
    return frozenset().union(*(key_entities(features, kind) for kind in set(ENTITY_KINDS.values())))


def _unmentioned(a: Features, b: Features, kind: int) -> bool:
    """Neither article names the other's key entities of this kind at all."""
    keys_a, keys_b = key_entities(a, kind), key_entities(b, kind)
    return bool(keys_a) and bool(keys_b) and keys_a.isdisjoint(b.counts) and keys_b.isdisjoint(a.counts)


def different_events(a: Features, b: Features) -> bool:
    """Two articles about different places and different people report different events, however many words they
    share (two elections in neighbouring countries on the same day)."""
    return _disagree(a, b, LOC) and _disagree(a, b, PERSON)


def pair_score(a: Features, b: Features, vectors: _Vectors) -> float:
    """How likely two articles report the same event: weighted cosine of words and of entities, in [0, 1], lowered
    when neither article names the other's key people."""
    words_a, entities_a = vectors.of(a)
    words_b, entities_b = vectors.of(b)
    score = _cosine(words_a, words_b)
    if entities_a and entities_b:
        score = TEXT_WEIGHT * score + ENTITY_WEIGHT * _cosine(entities_a, entities_b)
    if _unmentioned(a, b, PERSON):
        score *= OTHER_PEOPLE_FACTOR
    return score


def time_compatible(a: Features, b: Features, window_days: int = WINDOW_DAYS) -> bool:
    """Within the window by publication date; an undated article also by ingestion date."""
    if abs(a.day - b.day) <= window_days:
        return True
    return (not a.dated or not b.dated) and abs(a.ingest_day - b.ingest_day) <= window_days


def shares_rare_names(a: Features, b: Features) -> bool:
    """The names for joining across weeks (with a score of LONG_THRESHOLD): LONG_SHARED_RARE rare names in common.
    Only between dated articles: when one states no date, the time between them is unknown, and the usual bar
    holds."""
    return a.dated and b.dated and len(rare_names(a) & rare_names(b)) >= LONG_SHARED_RARE


class _BatchIndex:
    """The articles of the running batch, indexed the same way as the stored ones."""

    def __init__(self) -> None:
        self.articles: list[Features] = []
        self._postings: dict[int, list[int]] = defaultdict(list)
        self._buckets: dict[tuple[int, int], list[int]] = defaultdict(list)

    def add(self, features: Features, posting_keys: Iterable[int]) -> None:
        position = len(self.articles)
        self.articles.append(features)
        for key in posting_keys:
            self._postings[key].append(position)
        for band in features.bands:
            self._buckets[band].append(position)

    def candidates(self, query: Query, probe: Features, limit: int) -> tuple[list[Features], list[Features]]:
        in_bucket = {p for band in query.bands for p in self._buckets.get(band, ())}
        shared: dict[int, float] = defaultdict(float)
        rare: Counter[int] = Counter()
        for key, idf in query.keys.items():
            for p in self._postings.get(key, ()):
                if time_compatible(probe, self.articles[p], LONG_WINDOW_DAYS):
                    shared[p] += idf
                    rare[p] += key in query.rare_keys
        near = [p for p in shared if rare[p] >= LONG_SHARED_RARE or time_compatible(probe, self.articles[p])]
        best = sorted(near, key=lambda p: (-shared[p], p))[:limit]
        return [self.articles[p] for p in sorted(in_bucket)], [self.articles[p] for p in best]


def _order(features: Features) -> tuple:
    return (features.day, features.ingest_day, features.article_id)


def features_in_order(articles: Sequence[ArticleInput]) -> list[Features]:
    """features_of for each article, in this process (stories/parallel.py does it on every core)."""
    return [features_of(article) for article in articles]


def assign_stories(
    articles: Sequence[ArticleInput],
    index: StoryIndex,
    featurize: Callable[[Sequence[ArticleInput]], list[Features]] = features_in_order,
) -> StoryBatch:
    """Place each new article (oldest first) into a story; the batch's articles see each other too. `featurize`
    gives the articles' features in their order (they depend on nothing stored, so any process can compute them)."""
    batch = StoryBatch()
    if not articles:
        return batch
    new = sorted(featurize(articles), key=_order)
    for features in new:
        batch.document_frequencies.update(features.counts.keys())
    stored = index.document_frequencies(batch.document_frequencies.keys())
    vocabulary = Vocabulary(
        index.corpus_size() + len(new),
        {k: stored.get(k, 0) + n for k, n in batch.document_frequencies.items()},
    )
    vectors = _Vectors(vocabulary)
    queries = []
    for f in new:
        keys = _top(f, vocabulary, POSTED_TERMS, POSTED_ENTITIES)
        rare = rare_names(f).intersection(keys) if f.dated else frozenset()
        queries.append(Query(f.article_id, f.day, f.ingest_day, f.dated, keys, f.bands, rare))
    found = index.candidates(queries, LONG_WINDOW_DAYS, MAX_CANDIDATES)
    in_batch = _BatchIndex()
    for features, query in zip(new, queries, strict=True):
        stored = found.get(features.article_id, [])
        batch_copies, batch_similar = in_batch.candidates(query, features, MAX_CANDIDATES)
        copies = [c for c, in_bucket in stored if in_bucket] + batch_copies
        assignment = _decide(features, copies, [c for c, _ in stored] + batch_similar, vectors, batch)
        features.story_id = assignment.story_id
        batch.assignments.append(assignment)
        kept = _keep(features, vocabulary)
        batch.features.append(kept)
        batch.postings += [(features.article_id, key) for key in query.keys]
        in_batch.add(kept, query.keys)
    return batch


def _keep(features: Features, vocabulary: Vocabulary) -> Features:
    """What the index stores of an article for later scoring: its most distinctive terms and entities."""
    keep = _top(features, vocabulary, STORED_TERMS, STORED_ENTITIES)
    return Features(
        article_id=features.article_id,
        body_sha256=features.body_sha256,
        day=features.day,
        ingest_day=features.ingest_day,
        dated=features.dated,
        counts={k: features.counts[k] for k in keep},
        kinds={k: features.kinds[k] for k in keep},
        signature=features.signature,
        bands=features.bands,
        story_id=features.story_id,
    )


def _linkage(scores: list[tuple[float, str]]) -> float:
    """A story's score: the mean of the article's best LINKAGE_TOP scores with its members (a chain of articles
    each like the next does not make a story on its own)."""
    best = sorted((score for score, _ in scores), reverse=True)[:LINKAGE_TOP]
    return sum(best) / len(best)


def _decide(
    features: Features,
    copies: Sequence[Features],
    similar: Sequence[Features],
    vectors: _Vectors,
    batch: StoryBatch,
) -> Assignment:
    best_copy: tuple[float, str, Features] | None = None
    for other in copies:
        if other.signature is None or other.article_id == features.article_id or different_events(features, other):
            continue
        sim = similarity(features.signature, other.signature)
        if sim >= COPY_THRESHOLD:
            batch.near_duplicates.append((features.article_id, other.article_id, round(sim, 4)))
            if best_copy is None or (sim, other.article_id) > (best_copy[0], best_copy[1]):
                best_copy = (sim, other.article_id, other)
    if best_copy is not None:
        sim, _, other = best_copy
        return Assignment(features.article_id, other.story_id, sim, "copy", other.article_id)

    # Per story: the scores with its members within the window (joined when their linkage reaches STORY_THRESHOLD),
    # and with its members within the long window on strong evidence (joined on any).
    near: dict[str, list[tuple[float, str]]] = defaultdict(list)
    strong: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for other in similar:
        if other.article_id == features.article_id or other.story_id is None:
            continue
        in_window = time_compatible(features, other)
        rare = shares_rare_names(features, other) and time_compatible(features, other, LONG_WINDOW_DAYS)
        if not (in_window or rare) or different_events(features, other):
            continue
        scored = (pair_score(features, other, vectors), other.article_id)
        if in_window:
            near[other.story_id].append(scored)
        if rare and scored[0] >= LONG_THRESHOLD:
            strong[other.story_id].append(scored)
    joinable = [
        (story, score, max(scores)[1])
        for members, threshold in ((near, STORY_THRESHOLD), (strong, 0.0))
        for story, scores in members.items()
        if (score := _linkage(scores)) >= threshold
    ]
    if joinable:
        story_id, score, matched = max(joinable, key=lambda item: (item[1], item[0]))
        return Assignment(features.article_id, story_id, min(score, 1.0), "similar", matched)
    return Assignment(features.article_id, features.article_id, 1.0, "new", None)
