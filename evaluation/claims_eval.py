"""Figures and conflicts, measured on the claims gold (evaluation/data/claims/, written for the project).

Figures: a predicted figure matches a gold one when its value is equal and its counted_key is equal (None for a
figure that counts nothing named); precision and recall over the figures of every item, then hedge, unit and time
qualifier accuracy on the matched figures. Conflicts: every story's articles go through extract_figures and all
stories of a part through conflict_frame together (so a pair across stories is counted too); a predicted pair
matches a gold one when both ends name the same article, value and counted_key; explained_by_time is scored on the
matched pairs. The bare baseline: every CARDINAL / MONEY / PERCENT / QUANTITY mention is a figure, its value and
unit read by values.py, what it counts the next word (lowercased for the key), hedge exact.

`python -m evaluation.claims_eval` prints the Markdown section (dev and test); `--speed` times the stage against the
NER stage on the bodies of the evaluation corpora.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
from spacy.language import Language

from evaluation.claims_gold import FIGURES_CORPUS, STORIES_CORPUS, read_figure_items, read_stories
from evaluation.corpora import DATA_DIR
from evaluation.report import table
from evaluation.scoring import Scores
from evaluation.splits import DEV, TEST, split_of
from orchestration.lib.claims.conflicts import conflict_frame
from orchestration.lib.claims.figures import (
    APPROXIMATE_TOLERANCE,
    CLAIMS_VERSION,
    FIGURE_LABELS,
    Figure,
    extract_figures,
)
from orchestration.lib.claims.text import ArticleText, Mention, from_pipeline, make_doc
from orchestration.lib.nlp.values import normalise

NEWSMON = "newsmon"
BARE = "bare baseline"
Extractor = Callable[[ArticleText], list[Figure]]


def bare_figures(article: ArticleText) -> list[Figure]:
    """The baseline: each number mention a figure, counting the word after it, exact."""
    figures = []
    for mention in article.mentions:
        if mention.label not in FIGURE_LABELS:
            continue
        value, unit = normalise(mention.text, mention.label)
        if value is None:
            continue
        after = article.body[mention.end :].split(maxsplit=1)
        word = after[0].strip(".,;:!?\"'()") if after else ""
        counted = word if word.isalpha() else None
        figures.append(
            Figure(
                sentence_index=article.sentence_of(mention.start) or 0,
                char_start=mention.start,
                char_end=mention.end,
                figure_text=mention.text,
                value=value,
                unit=unit,
                counted=counted,
                counted_key=counted.lower() if counted else None,
                about_mentions=(),
                hedge="exact",
                value_low=value,
                value_high=value,
                as_of_text=None,
                as_of_date=None,
            )
        )
    return figures


SYSTEMS: dict[str, Extractor] = {NEWSMON: extract_figures, BARE: bare_figures}


@dataclass
class FigureScores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    value_matched: int = 0  # the value alone (is the figure found at all?)
    hedge_right: int = 0
    unit_right: int = 0
    as_of_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def scores(self) -> Scores:
        return Scores.of(gold=self.gold, predicted=self.predicted, matched=self.matched)


@dataclass
class ConflictScores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    time_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def scores(self) -> Scores:
        return Scores.of(gold=self.gold, predicted=self.predicted, matched=self.matched)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def score_figures(nlp: Language, extract: Extractor, corpora: Path = DATA_DIR) -> dict[str, FigureScores]:
    """Figure scores per part (dev, test)."""
    scores = {DEV: FigureScores(), TEST: FigureScores()}
    for item in read_figure_items(corpora):
        part = scores[split_of(FIGURES_CORPUS, item["id"])]
        predicted = extract(from_pipeline(nlp, item["text"], _day(item["published"])))
        gold = item["figures"]
        part.gold += len(gold)
        part.predicted += len(predicted)
        free = list(predicted)
        for truth in gold:
            if any(_same_value(p.value, truth["value"]) for p in predicted):
                part.value_matched += 1
            found = next(
                (p for p in free if _same_value(p.value, truth["value"]) and p.counted_key == truth["counted_key"]),
                None,
            )
            if found is None:
                part.errors.append(f"`{item['id']}` missed {truth['text']!r} ({truth['counted_key']})")
                continue
            free.remove(found)
            part.matched += 1
            part.hedge_right += found.hedge == truth["hedge"]
            part.unit_right += found.unit == truth["unit"]
            part.as_of_right += (found.as_of_text or "").lower() == (truth["as_of"] or "").lower()
        part.errors += [f"`{item['id']}` invented {p.figure_text!r} ({p.counted_key})" for p in free]
    return scores


def claim_rows(nlp: Language, extract: Extractor, stories: Sequence[dict]) -> tuple[pl.DataFrame, dict[str, tuple]]:
    """The claims of the stories' articles as conflict_frame's input, and each claim's (article, value, key)."""
    rows, ends = [], {}
    for story in stories:
        for article in story["articles"]:
            text = from_pipeline(nlp, article["text"], _day(article["published"]))
            for n, figure in enumerate(extract(text)):
                claim_id = f"{article['id']}:{n:03d}"
                ends[claim_id] = (article["id"], figure.value, figure.counted_key)
                rows.append(
                    {
                        "claim_id": claim_id,
                        "article_id": article["id"],
                        "story_id": story["id"],
                        "source_domain": article["source"],
                        "published_day": _day(article["published"]),
                        "about_entity_ids": sorted({_entity_id(text.mentions, i) for i in figure.about_mentions}),
                        "counted_key": figure.counted_key,
                        "unit": figure.unit,
                        "value": figure.value,
                        "value_low": figure.value_low,
                        "value_high": figure.value_high,
                        "as_of_text": figure.as_of_text,
                        "as_of_date": figure.as_of_date,
                    }
                )
    return pl.DataFrame(rows), ends


def _entity_id(mentions: Sequence[Mention], index: int) -> str:
    # the resolved entity stands in as its canonical name, lowercased (the pipeline resolves across articles)
    return next(m.canonical_name.lower() for m in mentions if m.index == index)


def score_conflicts(nlp: Language, extract: Extractor, corpora: Path = DATA_DIR) -> dict[str, ConflictScores]:
    """Conflict scores per part (dev, test)."""
    scores = {}
    stories = read_stories(corpora)
    for part in (DEV, TEST):
        chosen = [s for s in stories if split_of(STORIES_CORPUS, s["id"]) == part]
        rows, ends = claim_rows(nlp, extract, chosen)
        found = conflict_frame(rows) if len(rows) else pl.DataFrame()
        gold = {}
        for story in chosen:
            for pair in story["conflicts"]:
                a, b = (tuple(pair[end][k] for k in ("article", "value", "counted_key")) for end in ("a", "b"))
                gold[frozenset((a, b))] = pair["explained_by_time"]
        result = ConflictScores(gold=len(gold))
        matched = set()
        for row in found.iter_rows(named=True):
            result.predicted += 1
            a, b = ends[row["claim_id_a"]], ends[row["claim_id_b"]]
            key = next((g for g in gold if _pair_matches(g, a, b) and g not in matched), None)
            if key is None:
                result.errors.append(f"invented {a} / {b}")
                continue
            matched.add(key)
            result.matched += 1
            result.time_right += row["explained_by_time"] == gold[key]
        result.errors += [f"missed {tuple(g)}" for g in gold if g not in matched]
        scores[part] = result
    return scores


def _pair_matches(gold: frozenset, a: tuple, b: tuple) -> bool:
    first, second = sorted(gold)
    return (_end_matches(first, a) and _end_matches(second, b)) or (_end_matches(first, b) and _end_matches(second, a))


def _end_matches(gold: tuple, found: tuple) -> bool:
    return gold[0] == found[0] and _same_value(gold[1], found[1]) and gold[2] == found[2]


def evaluate_claims(nlp: Language, corpora: Path = DATA_DIR) -> dict[str, tuple[dict, dict]]:
    """{system: (figure scores per part, conflict scores per part)}."""
    return {name: (score_figures(nlp, ex, corpora), score_conflicts(nlp, ex, corpora)) for name, ex in SYSTEMS.items()}


def _share(right: int, total: int) -> str:
    return f"{right} / {total}" if total else "-"


def claims_section(results: dict[str, tuple[dict, dict]]) -> list[str]:
    """The accuracy report's section: figures and conflicts, dev and test, newsmon beside the bare baseline."""
    rows = []
    for name, (figures, conflicts) in results.items():
        for part in (DEV, TEST):
            f, c = figures[part], conflicts[part]
            rows.append(
                [
                    name,
                    part,
                    f.gold,
                    f.predicted,
                    f.scores.precision,
                    f.scores.recall,
                    _share(f.value_matched, f.gold),
                    _share(f.hedge_right, f.matched),
                    _share(f.unit_right, f.matched),
                    _share(f.as_of_right, f.matched),
                    c.gold,
                    c.predicted,
                    c.scores.precision,
                    c.scores.recall,
                    _share(c.time_right, c.matched),
                ]
            )
    header = [
        "system",
        "part",
        "gold figures",
        "found",
        "value+counted P",
        "value+counted R",
        "value found",
        "hedge right",
        "unit right",
        "time qualifier right",
        "gold conflicts",
        "found",
        "conflict P",
        "conflict R",
        "explained by time right",
    ]
    ours = results[NEWSMON]
    errors = [f"- ({part}) {e}" for part in (DEV,) for e in ours[0][part].errors + ours[1][part].errors]
    return [
        "## Figures and conflicts (claims)",
        "",
        f"Gold: `evaluation/data/claims/` (written for the project): figures.jsonl (short texts, some with a headline "
        f"line, some dated; hedges, ranges, currencies, units, number words, time qualifiers, and numbers that are "
        f"not figures: years, ages, ordinals, clock times), stories.jsonl (small stories by several outlets with the "
        f"conflicting pairs). A figure matches when value and counted_key are equal; hedge, unit and time qualifier "
        f"are scored on matched figures. Conflicts: `find_conflicts` over all claims of a part, 'approximately' "
        f"allowing ±{APPROXIMATE_TOLERANCE:.0%}. Bare baseline: every CARDINAL / MONEY / PERCENT / QUANTITY mention, "
        f"value by values.py, counted = the next word, hedge exact. Rules chosen on dev. Claims version "
        f"`{CLAIMS_VERSION}`.",
        "",
        *table(header, rows),
        "",
        "Errors on dev:",
        "",
        *(errors or ["- none"]),
        "",
    ]


def _corpus_bodies(corpora: Path) -> list[str]:
    files = sorted((corpora / "wikinews").glob("*.txt")) + sorted((corpora / "gum_news").glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in files]


def measure_speed(nlp: Language, corpora: Path = DATA_DIR) -> dict[str, float]:
    """Seconds for the NER stage (extract_annotations, one process) and for extract_figures on the same bodies."""
    import hashlib

    from orchestration.lib.nlp.mentions import extract_annotations

    bodies = [(hashlib.sha256(body.encode()).hexdigest(), body) for body in _corpus_bodies(corpora)]
    started = time.perf_counter()
    mentions, sentences = extract_annotations(nlp, bodies)
    ner_seconds = time.perf_counter() - started
    by_body_mentions = {k[0]: g for k, g in mentions.group_by("body_sha256")}
    by_body_sentences = {k[0]: g for k, g in sentences.group_by("body_sha256")}
    articles = []
    for sha, body in bodies:
        group = by_body_mentions.get(sha)
        rows = group.iter_rows(named=True) if group is not None else []
        sents = by_body_sentences.get(sha)
        articles.append(
            ArticleText(
                body=body,
                sentences=tuple(zip(sents["char_start"], sents["char_end"], strict=True)) if sents is not None else (),
                mentions=tuple(
                    Mention(
                        r["mention_index"],
                        r["char_start"],
                        r["char_end"],
                        r["mention_text"],
                        r["spacy_label"],
                        r["canonical_name"],
                    )
                    for r in rows
                ),
                published=date(2020, 1, 1),
            )
        )
    started = time.perf_counter()
    count = sum(len(extract_figures(article)) for article in articles)
    figure_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for article in articles:
        make_doc(article)  # the part of it the quotes can share: the stage makes one Doc per article for both
    doc_seconds = time.perf_counter() - started
    return {
        "bodies": len(bodies),
        "figures": count,
        "ner_seconds": ner_seconds,
        "figure_seconds": figure_seconds,
        "doc_seconds": doc_seconds,
    }


def main(argv: Sequence[str] | None = None) -> int:
    from orchestration.lib.nlp.mentions import load_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=DATA_DIR)
    parser.add_argument("--speed", action="store_true", help="time the stage against the NER stage")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    if args.speed:
        speed = measure_speed(nlp, args.corpora)
        print(
            f"{speed['bodies']} bodies, {speed['figures']} figures: NER {speed['ner_seconds']:.2f}s, figures "
            f"{speed['figure_seconds']:.2f}s ({speed['figure_seconds'] / speed['ner_seconds']:.1%} of NER), of which "
            f"make_doc {speed['doc_seconds']:.2f}s ({speed['doc_seconds'] / speed['ner_seconds']:.1%})"
        )
        return 0
    print("\n".join(claims_section(evaluate_claims(nlp, args.corpora))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
