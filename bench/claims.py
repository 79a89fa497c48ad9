"""Benchmark: the claims stage (figures and quotes) against the NER stage, over the same N generated articles.

    uv run --frozen python bench/claims.py [--articles N] [--seed S] [--json OUT]

Issue 13 asks that the claims and quotes stage cost at most 15 % of the NER stage's time on the benchmark corpus.
Over the first N articles of bench/generate.py's stream (real newswire paragraphs recombined; exact duplicate files
left out, as the pipeline leaves them out):

1. **NER stage**: ``mention_batches`` over the bodies, what the ner_mentions asset runs (a worker per core, the
   project's pipeline and rules), the model loaded beforehand; its mentions and sentences are stored in a scratch
   working database's landing tables with ``store_mentions``, as the asset does (the storing is timed with it).
2. **claims stage**: what the claims asset runs over the same bodies: ``article_texts`` (the bodies, sentences and
   mentions read back from the landing tables), ``extractor`` (figures.py and quotes.py over a tokenizer-only Doc,
   no model, on a worker per core for large batches) and ``store_claims``, batch by batch; the extraction alone is
   reported too.

Timings depend on the machine; the corpus and the counts do not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import polars as pl  # noqa: E402
from generate import Stream  # noqa: E402  (bench/ is the script's folder)

from orchestration.defs.claims.assets import BATCH_SIZE as CLAIMS_BATCH  # noqa: E402
from orchestration.defs.nlp.assets import BATCH_SIZE as NER_BATCH  # noqa: E402
from orchestration.lib.claims.parallel import extractor  # noqa: E402
from orchestration.lib.claims.stage import STAGE_VERSION  # noqa: E402
from orchestration.lib.nlp.mentions import load_pipeline, ner_version  # noqa: E402
from orchestration.lib.nlp.parallel import mention_batches  # noqa: E402
from orchestration.lib.warehouse.claims import article_texts, store_claims  # noqa: E402
from orchestration.lib.warehouse.connection import connect  # noqa: E402
from orchestration.lib.warehouse.landing import store_mentions  # noqa: E402
from orchestration.lib.workers import available_cores  # noqa: E402

NOW = datetime(2026, 1, 1)


def bodies(count: int, seed: int) -> list[tuple[str, str, datetime]]:
    """(body_sha256, body, published) of the first `count` distinct bodies of the generated stream."""
    stream, rows, seen, index = Stream(seed), [], set(), 0
    while len(rows) < count:
        generated = stream.file(index)
        index += 1
        if generated.role == "duplicate":
            continue
        for article in generated.articles:
            sha = hashlib.sha256(article.body.encode("utf-8")).hexdigest()
            if sha not in seen and len(rows) < count:
                seen.add(sha)
                rows.append((sha, article.body, article.published.astimezone(UTC).replace(tzinfo=None)))
    return rows


def run(count: int, seed: int) -> dict:
    rows = bodies(count, seed)
    with tempfile.TemporaryDirectory() as scratch, connect(Path(scratch) / "bench.duckdb") as con:
        # The landing.articles rows the claims stage reads its bodies and days from.
        articles = pl.DataFrame(
            [(sha, sha, body, sha, published, len(body.split())) for sha, body, published in rows],
            schema=["text_sha256", "body_sha256", "body", "parser_version", "published_at", "word_count"],
            orient="row",
        ).with_columns(parsed_at=pl.lit(NOW))
        con.register("incoming", articles.to_arrow())
        con.execute("insert into landing.articles by name select * from incoming")
        con.unregister("incoming")

        load_pipeline()
        version = ner_version()
        started = time.perf_counter()
        mentions = sentences = 0
        for batch, frame, sentence_frame in mention_batches([(sha, body) for sha, body, _ in rows], NER_BATCH):
            store_mentions(con, [sha for sha, _ in batch], frame, version, NOW, sentence_frame)
            mentions, sentences = mentions + frame.height, sentences + sentence_frame.height
        ner_s = time.perf_counter() - started

        started = time.perf_counter()
        extract_s = 0.0
        figures = quotes = 0
        shas = [sha for sha, _, _ in rows]
        with extractor() as extract:
            for start in range(0, len(shas), CLAIMS_BATCH):
                batch = shas[start : start + CLAIMS_BATCH]
                texts = article_texts(con, batch)
                extracting = time.perf_counter()
                claim_rows, quote_rows = extract(texts)
                extract_s += time.perf_counter() - extracting
                store_claims(con, batch, claim_rows, quote_rows, STAGE_VERSION, NOW)
                figures, quotes = figures + claim_rows.height, quotes + quote_rows.height
        claims_s = time.perf_counter() - started
    return {
        "articles": len(rows),
        "words": sum(len(body.split()) for _, body, _ in rows),
        "seed": seed,
        "cores": available_cores(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "ner": {"seconds": ner_s, "mentions": mentions, "sentences": sentences},
        "claims": {"seconds": claims_s, "extract_seconds": extract_s, "figures": figures, "quotes": quotes},
    }


def report(r: dict) -> str:
    ner, claims = r["ner"], r["claims"]
    share = claims["seconds"] / ner["seconds"]
    return "\n".join(
        [
            f"## Claims stage against the NER stage: {r['articles']:,} articles (seed {r['seed']})",
            "",
            f"`python bench/claims.py --articles {r['articles']} --seed {r['seed']}` on {r['machine']}; "
            f"both stages on {r['cores']} worker processes.",
            "",
            "| stage | seconds | per article (ms) | output |",
            "|---|---:|---:|---|",
            f"| NER (model, rules, store) | {ner['seconds']:.1f} | {1000 * ner['seconds'] / r['articles']:.2f} | "
            f"{ner['mentions']:,} mentions, {ner['sentences']:,} sentences |",
            f"| claims (read, figures + quotes, store) | {claims['seconds']:.1f} | "
            f"{1000 * claims['seconds'] / r['articles']:.2f} | {claims['figures']:,} figures, "
            f"{claims['quotes']:,} quotes |",
            f"| of which figures + quotes alone | {claims['extract_seconds']:.1f} | "
            f"{1000 * claims['extract_seconds'] / r['articles']:.2f} | |",
            "",
            f"**The claims stage costs {share:.1%} of the NER stage's time** (goal: at most 15 %).",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.articles, args.seed)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
