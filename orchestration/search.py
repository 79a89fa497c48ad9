"""`newsmon search QUERY`: matching articles over time and the best of them, from the published warehouse, read-only."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.search.engine import attention, search
from orchestration.lib.search.query import QueryError, parse

BOLD, PLAIN = "\033[1m", "\033[0m"


def run_search(
    warehouse: Path,
    query: str,
    *,
    since: date | None = None,
    until: date | None = None,
    sources: tuple[str, ...] = (),
    by: str = "day",
    limit: int = 10,
    as_json: bool = False,
) -> int:
    """Print the counts per `by` bucket (with their share of all articles) and the `limit` best articles."""
    try:
        node = parse(query)
    except QueryError as exc:
        print(f"newsmon: error: {exc}", file=sys.stderr)
        return 2
    if not warehouse.exists():
        print(f"newsmon: error: no warehouse at {warehouse}: run `newsmon run` first", file=sys.stderr)
        return 2
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            found = search(con, node, since=since, until=until, sources=sources, limit=limit)
            series = attention(con, node, by=by, since=since, until=until, sources=sources)  # type: ignore[arg-type]
    except duckdb.CatalogException as exc:
        print(f"newsmon: error: the warehouse has no search index yet ({exc}): run `newsmon run`", file=sys.stderr)
        return 2
    if as_json:
        _print_json(query, found, series, by)
    else:
        _print_text(query, found, series, by, bold=sys.stdout.isatty())
    return 0


def _print_json(query: str, found, series: list[dict], by: str) -> None:
    out = {
        "query": query,
        "total": found.total,
        "by": by,
        "counts": [{**row, **({"bucket": str(row["bucket"])} if "bucket" in row else {})} for row in series],
        "articles": [
            {
                "article_id": hit.article_id,
                "score": round(hit.score, 4),
                "day": str(hit.day),
                "source_domain": hit.source_domain,
                "title": hit.title,
                "url": hit.url,
                "snippet": "".join(text for text, _ in hit.snippet),
                "highlights": [text for text, is_hit in hit.snippet if is_hit],
            }
            for hit in found.hits
        ],
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


def _print_text(query: str, found, series: list[dict], by: str, *, bold: bool) -> None:
    print(f"{found.total} articles match {query!r}")
    if found.total:
        label = "source" if by == "source" else by
        print(f"\n{label:<24} {'matches':>8} {'of all':>8} {'share':>7}")
        for row in series:
            if by != "source" and not row["matches"]:
                continue  # days without a match: the share is 0 there
            key = row.get("bucket", row.get("source_domain")) or "(unknown outlet)"
            print(f"{str(key):<24} {row['matches']:>8} {row['articles']:>8} {row['share']:>7.1%}")
    if found.hits:
        print()
    for rank, hit in enumerate(found.hits, 1):
        print(f"{rank:>2}. {hit.title or '(no title)'}  [{hit.source_domain or 'unknown outlet'}, {hit.day}]")
        if hit.url:
            print(f"    {hit.url}")
        marked = "".join(
            (f"{BOLD}{text}{PLAIN}" if bold else f"**{text}**") if is_hit else text for text, is_hit in hit.snippet
        )
        print(f"    {' '.join(marked.split())}")
