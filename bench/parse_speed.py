"""Benchmark: metadata parsing alone (``parse_articles`` on a Polars frame), one process, one core.

    uv run --frozen python bench/parse_speed.py [--texts N] [--repeats R]

The texts are real articles: the 295 Wikinews files of ``evaluation/data/wikinews`` and the seeds in ``raw/``,
decoded with ``decode_bytes`` as the pipeline does, then repeated and varied until there are N of them (default
3,000). Variant 0 of a source is its text; each further variant wraps it in one of the plain-text styles the parser
reads (key-value header, byline block with read time and author box, aggregator footer, "Posted on … by …" line,
syndication note, Wikinews review banner) with a distinct outlet and date, so no two texts are the same.

Measured, best of R runs over the same texts, in this one process:

- **baseline**: ``unicodedata.normalize("NFC", text).splitlines()`` per text, the least any line-based parser does;
- **parse_articles**: the pipeline's parse step, from a (text_sha256, text) frame to the parsed-articles frame.

It prints articles per second and per hour against the target of 200,000 articles per hour on one core.
"""

from __future__ import annotations

import os

# One core: Polars would otherwise use a thread pool for its (small) column work.
os.environ.setdefault("POLARS_MAX_THREADS", "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Callable  # noqa: E402

import corpus  # noqa: E402
import polars as pl  # noqa: E402

from orchestration.lib.ingest import decode_bytes  # noqa: E402
from orchestration.lib.parsing import PARSER_VERSION, parse_articles  # noqa: E402

TARGET_PER_HOUR = 200_000
DEFAULT_TEXTS = 3_000
DEFAULT_REPEATS = 5
NAMES = ["Amina Yusuf", "Daniel Mensah", "Hanna Tesfaye", "Jean-Paul Habimana", "Fatoumata Diallo", "Kofi Boateng"]


def _split_title(text: str) -> tuple[str, str]:
    first, _, rest = text.partition("\n")
    return first.strip(), rest.lstrip("\n")


def vary(text: str, k: int) -> str:
    """Variant k of one decoded article: k = 0 is the text itself, others wrap it in one parser-facing style."""
    if k == 0:
        return text
    title, rest = _split_title(text)
    name = NAMES[k % len(NAMES)]
    day = 1 + k % 28
    outlet = f"outlet{k}.example.com"
    style = k % 6
    if style == 1:
        return f"Title: {title}\nDate: {day} May 2023\nURL: https://www.{outlet}/news/{k}\nAuthor: {name}\n\n{rest}"
    if style == 2:
        return (
            f"{title}\n\n{name}\nBy {name}\n{k % 9 + 1} Min Read\n\n{rest}\n\n"
            f"Follow us on Google news ,Twitter , and Join Whatsapp Group of {outlet}\n\n"
            f"Share This Article\nBy {name}\n{name} is a reporter who covers West Africa."
        )
    if style == 3:
        return (
            f"{title}\n\n{title}\n\n{rest}\n\nSource link : https://www.{outlet}/2024/04/{day:02d}/story-{k}\n\n"
            f"Author :\n\nPublish date : 2024-04-{day:02d} 07:00:00\n\n"
            "Copyright for syndicated content belongs to the linked Source.\n\nExit mobile version"
        )
    if style == 4:
        return f"Posted on May {day}, 2023 by {name}\n\n{title}\n\n{rest}"
    if style == 5:
        return f"{text}\nSource: | This article originally belongs to {outlet.capitalize()}"
    return (
        f"{title}\n\nThis article requires pre-publication review by an uninvolved reviewer.\n\n"
        f"Updated May {day}, 2023, 8:30 AM EDT\n\n{rest}"
    )


def build_texts(count: int) -> list[str]:
    sources = []
    for path in corpus.source_files():
        decoded = decode_bytes(path.read_bytes())
        if decoded.text is not None:
            sources.append(decoded.text)
    return [vary(sources[i % len(sources)], i // len(sources)) for i in range(count)]


def best_of(repeats: int, run: Callable[[], object]) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), times


def baseline(texts: list[str]) -> int:
    lines = 0
    for text in texts:
        lines += len(unicodedata.normalize("NFC", text).splitlines())
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=DEFAULT_TEXTS, help=f"texts to parse (default {DEFAULT_TEXTS})")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="timed runs, best kept (default 5)")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for the whole process
    texts = build_texts(args.texts)
    if len(set(texts)) != len(texts):
        raise SystemExit("two benchmark texts are identical: raise the variety in vary()")
    frame = pl.DataFrame(
        {"text_sha256": [hashlib.sha256(t.encode()).hexdigest() for t in texts], "text": texts},
        schema={"text_sha256": pl.String, "text": pl.String},
    )
    chars = sum(len(t) for t in texts)

    parse_articles(frame.head(50))  # warm-up: lazy imports, regex compilation, the suffix list
    base_best, _ = best_of(args.repeats, lambda: baseline(texts))
    parse_best, parse_times = best_of(args.repeats, lambda: parse_articles(frame))
    parsed = parse_articles(frame)

    per_second = len(texts) / parse_best
    per_hour = per_second * 3600
    print(f"# Parse speed (PARSER_VERSION {PARSER_VERSION})")
    threads = os.environ["POLARS_MAX_THREADS"]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    print(
        f"python {platform.python_version()}, polars {pl.__version__}, POLARS_MAX_THREADS={threads}, "
        f"pinned to {cores} core(s) of {os.cpu_count()}"
    )
    print(f"{len(texts):,} texts, {chars:,} characters (mean {chars / len(texts):,.0f}), best of {args.repeats} runs")
    print(
        f"filled: title {parsed['title'].is_not_null().sum():,}, published_at "
        f"{parsed['published_at'].is_not_null().sum():,}, author {parsed['author'].is_not_null().sum():,}, "
        f"source_domain {parsed['source_domain'].is_not_null().sum():,}"
    )
    print()
    print("| measurement | seconds | articles/s | articles/hour | vs baseline |")
    print("|---|---:|---:|---:|---:|")
    base_rate = len(texts) / base_best
    print(f"| baseline: NFC + splitlines | {base_best:.3f} | {base_rate:,.0f} | {base_rate * 3600:,.0f} | 1.00x |")
    print(
        f"| parse_articles (Polars frame) | {parse_best:.3f} | {per_second:,.0f} | {per_hour:,.0f} "
        f"| {parse_best / base_best:.1f}x |"
    )
    print()
    print(f"runs (s): {', '.join(f'{t:.3f}' for t in parse_times)}; median {statistics.median(parse_times):.3f}")
    verdict = "meets" if per_hour >= TARGET_PER_HOUR else "MISSES"
    print(
        f"target >= {TARGET_PER_HOUR:,} articles/hour on one core: {verdict} it "
        f"({per_hour / TARGET_PER_HOUR:.0f}x the target; {1000 / per_second:.2f} ms per article)"
    )


if __name__ == "__main__":
    main()
