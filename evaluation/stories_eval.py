"""Story clustering and copy detection against a labelled set of articles grouped by event.

The set (`evaluation/data/story_clusters/`): the 295 Wikinews articles of the corpora (each its own event unless
labelled otherwise), the five seed files (one event), rewrites written for this evaluation (other outlets' own
reporting, a blog, an analysis, a markets piece) and two pairs of elections held in neighbouring countries on the
same day, plus copies generated here: the same body re-footered, and lightly edited copies. Articles go through the
parser, spaCy NER and the story stage's own code (`assign_stories` on a DuckDB index, in batches, oldest first), as
in the pipeline. Scores: B-cubed and pairwise precision / recall / F1 of the stories, and of the copy pairs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from datetime import time as dt_time
from itertools import combinations
from pathlib import Path

import duckdb
from spacy.language import Language

from evaluation.corpora import DEFAULT_CORPORA, SEED_DIR, read_wikinews_metadata
from evaluation.report import table
from evaluation.splits import DEV, TEST, split_of
from orchestration.lib.ingest import decode_bytes
from orchestration.lib.nlp.mentions import extract_mentions
from orchestration.lib.parsing import parse_article
from orchestration.lib.stories.clusters import (
    COPY_THRESHOLD,
    LONG_SHARED_RARE,
    LONG_THRESHOLD,
    LONG_WINDOW_DAYS,
    STORIES_VERSION,
    STORY_THRESHOLD,
    WINDOW_DAYS,
    ArticleInput,
    assign_stories,
)
from orchestration.lib.stories.shingles import is_content_word, stem, words
from orchestration.lib.warehouse.stories import DuckDBStoryIndex, ensure_story_tables, store_batch

DATA_DIR = Path(__file__).resolve().parent / "data" / "story_clusters"
SPLITS_PATH = DATA_DIR / "splits.csv"
BACKGROUND_PATH = Path(__file__).resolve().parents[1] / "orchestration/lib/stories/data/background_df.tsv"
# The IDF prior: wordfreq's most frequent English words, as document frequencies over this many news-length
# articles (how long the prior weighs against the warehouse's own counts: a warehouse of this many articles
# weighs as much).
BACKGROUND_WORDS = 60_000
BACKGROUND_DOCUMENTS = 1000
BACKGROUND_ARTICLE_WORDS = 400
# The corpus name the story events are hashed under (evaluation/splits.py's rule).
SPLIT_CORPUS = "story_clusters"
BASELINES = ("singletons", "per_day")
BASELINE_NAMES = {"singletons": "every article its own story", "per_day": "one story per day"}
BATCH_SIZE = 50
# Every article is "ingested" at the same moment, as when a backlog is loaded into a new warehouse.
INGESTED_AT = datetime(2026, 1, 5, 12, 0)

_EDITS = [
    ("said", "stated"),
    ("according to", "as reported by"),
    ("officials", "authorities"),
    ("about", "around"),
    ("However", "But"),
    ("also", "as well"),
]


@dataclass(frozen=True)
class LabelledDoc:
    doc: str
    story: str
    kind: str
    text: str
    published_at: datetime | None
    derived_from: str | None = None


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class StoriesResult:
    docs: int
    gold_stories: int
    gold_multi: int
    setting: str
    part: str = "all"
    predicted_stories: int = 0
    bcubed: Scores = Scores(0.0, 0.0)
    pairwise: Scores = Scores(0.0, 0.0)
    copies: Scores = Scores(0.0, 0.0)
    copy_pairs: int = 0
    copies_generated: int = 0
    seeds_in_one_story: bool = False
    elections_apart: bool = False
    rules: Counter[str] = field(default_factory=Counter)
    false_merges: list[str] = field(default_factory=list)
    splits: list[str] = field(default_factory=list)
    seconds: float = 0.0
    baselines: dict[str, Scores] = field(default_factory=dict)
    # B³ over the events written for this set and followed over days and weeks (followups/) alone.
    followups: Scores = Scores(0.0, 0.0)


def _read(path: Path) -> str:
    return decode_bytes(path.read_bytes()).text or ""


def refooter(text: str, outlet: str) -> str:
    """The same article re-published by an aggregator: its title and body, another outlet's footer."""
    parsed = parse_article(text)
    title = f"{parsed.title}\n\n" if parsed.title else ""
    return (
        f"{title}{parsed.body}\n\nSource link : https://{outlet}/news/{hashlib.md5(text.encode()).hexdigest()[:8]}"
        "\n\nAuthor :\n\nCopyright for syndicated content belongs to the linked Source.\n\nExit mobile version\n"
    )


def lightly_edited(text: str) -> str:
    """A copy with light edits: a few words swapped, the last paragraph dropped (long texts), a line added."""
    parsed = parse_article(text)
    body = parsed.body
    for old, new in _EDITS:
        body = re.sub(rf"\b{re.escape(old)}\b", new, body, count=2)
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) >= 5:
        paragraphs = paragraphs[:-1]
    title = f"{parsed.title}\n\n" if parsed.title else ""
    return title + "\n\n".join(paragraphs) + "\n\nFollow our coverage for the latest updates on this story.\n"


def load_labelled_set(corpora: Path, data_dir: Path = DATA_DIR) -> list[LabelledDoc]:
    """Every labelled article with its text and the publication date the evaluation feeds the stage."""
    wikinews_dates = {row["file"]: date.fromisoformat(row["date"]) for row in read_wikinews_metadata(corpora)}
    with open(data_dir / "labels.csv", encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    texts: dict[str, str] = {}

    def text_of(doc: str) -> str:
        if doc not in texts:
            source, name = doc.split(":", 1)
            folder = {
                "seed": SEED_DIR,
                "wikinews": corpora / "wikinews",
                "rewrite": data_dir / "rewrites",
                "followup": data_dir / "followups",
            }[source]
            texts[doc] = _read(folder / name)
        return texts[doc]

    def moment(value: str | None, doc: str) -> datetime | None:
        if value:
            return datetime.combine(date.fromisoformat(value), dt_time(12))
        if doc.startswith("wikinews:"):
            return datetime.combine(wikinews_dates[doc.split(":", 1)[1]], dt_time(12))
        return None

    docs = []
    for row in labels:
        doc, kind, origin = row["doc"], row["kind"], row["derived_from"] or None
        if kind == "refooter":
            text = refooter(text_of(origin), row["outlet"])
        elif kind == "edited":
            text = lightly_edited(text_of(origin))
        else:
            text = text_of(doc)
        docs.append(LabelledDoc(doc, row["story"], kind, text, moment(row["published"], doc), origin))
    labelled = {d.doc for d in docs}
    for name, day in sorted(wikinews_dates.items()):
        doc = f"wikinews:{name}"
        if doc not in labelled:
            docs.append(LabelledDoc(doc, doc, "original", text_of(doc), datetime.combine(day, dt_time(12))))
    return docs


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> Scores:
    """B-cubed precision and recall: per item, the share of its predicted (gold) cluster in its gold (predicted)."""
    gold_members, predicted_members = defaultdict(set), defaultdict(set)
    for item, label in gold.items():
        gold_members[label].add(item)
    for item, label in predicted.items():
        predicted_members[label].add(item)
    precision = recall = 0.0
    for item in gold:
        g, p = gold_members[gold[item]], predicted_members[predicted[item]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    return Scores(precision / len(gold), recall / len(gold))


def _pairs(clusters: dict[str, str]) -> set[frozenset[str]]:
    members = defaultdict(list)
    for item, label in clusters.items():
        members[label].append(item)
    return {frozenset(pair) for group in members.values() for pair in combinations(sorted(group), 2)}


def pair_scores(gold: set[frozenset[str]], predicted: set[frozenset[str]]) -> Scores:
    hits = len(gold & predicted)
    return Scores(hits / len(predicted) if predicted else 1.0, hits / len(gold) if gold else 1.0)


def prepare_inputs(docs: Sequence[LabelledDoc], nlp: Language) -> list[ArticleInput]:
    """Parse every text and run NER on its body, as the parse and nlp stages do."""
    parsed = [parse_article(d.text) for d in docs]
    bodies = {hashlib.sha256(p.body.encode()).hexdigest(): p.body for p in parsed}
    mentions = extract_mentions(nlp, sorted(bodies.items()))
    found: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for sha, entity_type, name, start in mentions.select(
        "body_sha256", "entity_type", "canonical_name", "char_start"
    ).iter_rows():
        found[sha].append((entity_type, name, start))
    inputs = []
    for doc, article in zip(docs, parsed, strict=True):
        sha = hashlib.sha256(article.body.encode()).hexdigest()
        inputs.append(
            ArticleInput(doc.doc, sha, article.title, article.body, doc.published_at, INGESTED_AT, found[sha])
        )
    return inputs


def _place(inputs: Sequence[ArticleInput]) -> tuple[dict[str, str], list, list]:
    """Feed the articles to the story stage in batches, oldest first, as successive runs would."""
    ordered = sorted(inputs, key=lambda a: (a.published_at or a.ingested_at, a.article_id))
    con = duckdb.connect()
    con.execute("create schema landing")
    ensure_story_tables(con)
    for start in range(0, len(ordered), BATCH_SIZE):
        batch = assign_stories(ordered[start : start + BATCH_SIZE], DuckDBStoryIndex(con))
        store_batch(con, batch, INGESTED_AT)
    stories = dict(con.execute("select article_id, story_id from landing.story_assignments").fetchall())
    rules = con.execute("select rule from landing.story_assignments").fetchall()
    copies = con.execute("select article_id, other_article_id from landing.near_duplicates").fetchall()
    con.close()
    return stories, rules, copies


def event_split(event: str) -> str:
    """dev or test for a whole event (all its articles), from a hash of the event id alone."""
    return split_of(SPLIT_CORPUS, event)


def read_event_splits(path: Path = SPLITS_PATH) -> dict[str, str]:
    """The recorded split of every event of the labelled set."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["event"]: row["split"] for row in csv.DictReader(handle)}


def write_event_splits(corpora: Path, path: Path = SPLITS_PATH) -> int:
    """Record the split of every event (only needed when the labelled set gains events)."""
    events = sorted({d.story for d in load_labelled_set(corpora)})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["event", "split"])
        writer.writerows((event, event_split(event)) for event in events)
    return len(events)


def _day(article: ArticleInput) -> date:
    return (article.published_at or article.ingested_at).date()


def baseline_stories(inputs: Sequence[ArticleInput], kind: str) -> dict[str, str]:
    """The bare baselines: every article its own story, or every article of a (publication, else ingestion) day
    in one story."""
    if kind == "singletons":
        return {a.article_id: a.article_id for a in inputs}
    return {a.article_id: _day(a).isoformat() for a in inputs}


def evaluate_stories(
    docs: Sequence[LabelledDoc], inputs: Sequence[ArticleInput], *, dated: bool, part: str = "all"
) -> StoriesResult:
    """Run the story stage over the prepared labelled set (with or without publication dates) and score it."""
    started = time.perf_counter()
    if not dated:
        inputs = [replace(a, published_at=None) for a in inputs]
    gold = {d.doc: d.story for d in docs}
    sizes = Counter(gold.values())
    result = StoriesResult(
        len(docs),
        len(sizes),
        sum(1 for n in sizes.values() if n > 1),
        "publication dates known" if dated else "no dates (all ingested at once)",
        part=part,
    )
    stories, rules, copies = _place(inputs)
    result.predicted_stories = len(set(stories.values()))
    result.rules = Counter(rule for (rule,) in rules)
    _score(result, gold, stories)
    result.baselines = {kind: bcubed(gold, baseline_stories(inputs, kind)) for kind in BASELINES}
    written = {doc for doc in gold if doc.startswith("followup:")}
    if written:
        result.followups = bcubed({d: gold[d] for d in written}, {d: stories[d] for d in written})
    # A copy is a copy of its source and of the source's other copies.
    families = defaultdict(set)
    for d in docs:
        if d.derived_from:
            families[d.derived_from] |= {d.doc, d.derived_from}
    expected_copies = {frozenset(pair) for family in families.values() for pair in combinations(sorted(family), 2)}
    found_copies = {frozenset(pair) for pair in copies}
    result.copies = pair_scores(expected_copies, found_copies)
    result.copy_pairs = len(expected_copies)
    result.copies_generated = sum(1 for d in docs if d.derived_from)
    seeds = {stories[d.doc] for d in docs if d.doc.startswith("seed:")}
    result.seeds_in_one_story = len(seeds) <= 1
    election = {d.story: stories[d.doc] for d in docs if d.story.startswith("election-")}
    result.elections_apart = len(set(election.values())) == len(election)
    result.seconds = time.perf_counter() - started
    return result


def _score(result: StoriesResult, gold: dict[str, str], stories: dict[str, str]) -> None:
    result.bcubed = bcubed(gold, stories)
    result.pairwise = pair_scores(_pairs(gold), _pairs(stories))
    sizes = Counter(gold.values())
    by_story = defaultdict(list)
    for doc, story in stories.items():
        by_story[story].append(doc)
    for members in by_story.values():
        labels = Counter(gold[m] for m in members)
        if len(labels) > 1:
            result.false_merges.append(" + ".join(f"`{_short(label)}`" for label in sorted(labels)))
    for label in (s for s, n in sizes.items() if n > 1):
        predicted = Counter(stories[d] for d in gold if gold[d] == label)
        if len(predicted) > 1:
            result.splits.append(f"`{_short(label)}` in {len(predicted)} stories")


def _short(label: str) -> str:
    return label.removeprefix("wikinews:wn_").removesuffix(".txt")[:60]


def run_story_evaluation(corpora: Path, nlp: Language) -> list[StoriesResult]:
    """Each part of the labelled set (dev, test) placed on its own index twice: with its publication dates, and
    with none (everything ingested at once)."""
    docs = load_labelled_set(corpora)
    inputs = prepare_inputs(docs, nlp)
    splits = read_event_splits()
    results = []
    for part in (DEV, TEST):
        chosen = [i for i, d in enumerate(docs) if splits[d.story] == part]
        part_docs, part_inputs = [docs[i] for i in chosen], [inputs[i] for i in chosen]
        results += [evaluate_stories(part_docs, part_inputs, dated=dated, part=part) for dated in (True, False)]
    return results


def stories_section(results: Sequence[StoriesResult]) -> list[str]:
    """The Markdown section of ACCURACY.md: dev and test side by side, with the baselines."""
    by_part = {(r.part, r.setting): r for r in results}
    parts = [DEV, TEST]
    settings = list(dict.fromkeys(r.setting for r in results))
    dated = settings[0]

    def cells(scores: Sequence[Scores | None]) -> list:
        return [value for s in scores for value in ((s.precision, s.recall, s.f1) if s else ("", "", ""))]

    rows = [
        [f"newsmon, {setting}", *[by_part[(p, setting)].predicted_stories for p in parts]]
        + cells([by_part[(p, setting)].bcubed for p in parts])
        for setting in settings
    ]
    rows += [
        [f"baseline: {BASELINE_NAMES[kind]}", "", ""] + cells([by_part[(p, dated)].baselines[kind] for p in parts])
        for kind in BASELINES
    ]
    rows += [
        [f"newsmon, {setting}: written follow-up events only", "", ""]
        + cells([by_part[(p, setting)].followups for p in parts])
        for setting in settings
    ]
    detail = [
        [
            r.part,
            r.setting,
            r.docs,
            r.gold_stories,
            r.gold_multi,
            r.predicted_stories,
            r.pairwise.precision,
            r.pairwise.recall,
            r.pairwise.f1,
            r.copies.precision,
            r.copies.recall,
            "yes" if r.seeds_in_one_story else "NO",
            "yes" if r.elections_apart else "NO",
        ]
        for r in results
    ]
    sizes = {p: by_part[(p, dated)] for p in parts}
    lines = [
        "## 4. Copies and stories",
        "",
        f"Labelled set `evaluation/data/story_clusters/`: {sum(s.docs for s in sizes.values())} articles in "
        f"{sum(s.gold_stories for s in sizes.values())} events, split by a hash of the event id into **dev** "
        f"({sizes[DEV].docs} articles, {sizes[DEV].gold_stories} events, {sizes[DEV].gold_multi} with several "
        f"articles) and **test** ({sizes[TEST].docs} articles, {sizes[TEST].gold_stories} events, "
        f"{sizes[TEST].gold_multi} with several articles); the split is frozen in `story_clusters/splits.csv`. "
        "Rules, weights and thresholds are chosen on dev only; test is reported beside it. The Wikinews articles "
        "are one event each unless labelled; the seeds are one event; rewrites written for this set (wire, blog, "
        "analysis and markets retellings of Wikinews events); events written for this set and followed over days "
        "and weeks by several outlets, some undated, beside other events in the same places "
        "(`story_clusters/followups/`); two pairs of elections in neighbouring countries on the same day "
        "(templated to share many words); and copies generated from the texts. Each part is placed by the stage's "
        f"own code on its own DuckDB index, {BATCH_SIZE} per run, oldest first; rules `{STORIES_VERSION}`, window "
        f"±{WINDOW_DAYS} days at story threshold {STORY_THRESHOLD}; up to {LONG_WINDOW_DAYS} days from any member "
        f"(so from a story's latest article) with {LONG_SHARED_RARE} rarely named entities in common and a score "
        f"of {LONG_THRESHOLD}; copy threshold {COPY_THRESHOLD} (MinHash Jaccard). IDF prior: word frequencies of "
        "the `wordfreq` package, not the evaluation texts.",
        "",
        "Hard negatives: in Wikinews, running series labelled as separate events (the 2020 primaries, Sanders and "
        "Trump winning Nevada a day apart, Puerto Rico's governors, the pandemic's milestones, Soleimani's killing "
        "and the Iraqi vote it caused); written for this set, another event in the same place within weeks (a "
        "metro strike in the city of a bridge collapse, a wage protest in the district of a factory fire, a fuel "
        "shortage in the country of a ferry disaster) and one team's two matches a week apart. Where a Wikinews "
        "series is counted as a false merge, the labels (one article, one event) are stricter than a reader "
        "following the story would be.",
        "",
        "B-cubed (B³): per article, the share of its predicted story that is its event (precision) and of its "
        "event that is in its story (recall). Baselines: every article its own story, and every article of a "
        "publication day in one story (undated articles on their ingestion day).",
        "",
        *table(
            [
                "method",
                "dev stories",
                "test stories",
                "dev B³ P",
                "dev B³ R",
                "dev B³ F1",
                "test B³ P",
                "test B³ R",
                "test B³ F1",
            ],
            rows,
        ),
        "",
        "Pairwise scores (over pairs of articles in one story) and copies (pairs recorded as near-duplicates against "
        "the generated copy → source pairs):",
        "",
        *table(
            [
                "part",
                "setting",
                "articles",
                "events",
                "multi",
                "stories",
                "pair P",
                "pair R",
                "pair F1",
                "copy P",
                "copy R",
                "seeds one story",
                "elections apart",
            ],
            detail,
        ),
        "",
    ]
    for r in results:
        rules = ", ".join(f"{rule} {n}" for rule, n in sorted(r.rules.items()))
        lines += [
            f"- **{r.part}, {r.setting}**: rules used: {rules}; {r.seconds:.1f} s. "
            f"False merges ({len(r.false_merges)}): {'; '.join(r.false_merges[:8]) or 'none'}. "
            f"Split events ({len(r.splits)}): {'; '.join(r.splits[:8]) or 'none'}.",
        ]
    lines.append("")
    return lines


def write_background(path: Path = BACKGROUND_PATH, documents: int = BACKGROUND_DOCUMENTS) -> int:
    """The stage's IDF prior from a corpus the evaluation never reads: the English word frequencies of the
    `wordfreq` package (Wikipedia, subtitles, news, books, web text...), as expected document frequencies over
    `documents` articles of BACKGROUND_ARTICLE_WORDS words: a word of frequency f appears in an article with
    probability 1 - exp(-f * words)."""
    from wordfreq import top_n_list, word_frequency

    frequencies: Counter[str] = Counter()
    for word in top_n_list("en", BACKGROUND_WORDS):
        if words(word) == [word] and is_content_word(word):
            frequencies[stem(word)] += word_frequency(word, "en")
    expected = {t: round(documents * (1 - math.exp(-f * BACKGROUND_ARTICLE_WORDS))) for t, f in frequencies.items()}
    ranked = sorted(((t, n) for t, n in expected.items() if n >= 1), key=lambda item: (-item[1], item[0]))
    header = [f"#documents\t{documents}", "#made by\tpython -m evaluation.stories_eval --background (wordfreq)"]
    path.write_text("\n".join([*header, *(f"{t}\t{n}" for t, n in ranked)]) + "\n", "utf-8")
    return len(ranked)


def main(argv: Sequence[str] | None = None) -> int:
    from orchestration.lib.nlp.mentions import load_pipeline

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--background", action="store_true", help="rewrite the IDF prior (from wordfreq)")
    parser.add_argument("--splits", action="store_true", help="record the dev / test split of the events")
    args = parser.parse_args(argv)
    if args.background:
        print(f"{write_background()} terms -> {BACKGROUND_PATH}")
        return 0
    if args.splits:
        print(f"{write_event_splits(args.corpora)} events -> {SPLITS_PATH}")
        return 0
    print("\n".join(stories_section(run_story_evaluation(args.corpora, load_pipeline()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
