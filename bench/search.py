"""Benchmark: newsmon's full-text search (dbt-built index, orchestration/lib/search) against tantivy, at N articles.

    uv run --frozen python bench/search.py [--articles N] [--new 100] [--then 1000] [--runs 5] [--keep] [--json OUT]

Issue 14 asks for a search engine chosen by measurement and for three goals on the generated corpus: a query over
100,000 articles answers in <= 1 s, a day-by-day attention series in <= 1 s, and indexing costs <= 10 % of the NER
stage per new article. This measures, over the same N real-text articles (bench/generate.py's stream, exact
duplicates left out as the pipeline leaves them out; near-copies kept, as the pipeline keeps them):

1. **newsmon**: a working DuckDB holding intermediate.int_articles, intermediate.int_changed_records and a minimal
   marts.articles, indexed by the project's own dbt models (``dbt run --select fct_search_postings
   fct_search_documents fct_daily_articles --full-refresh``, the profile's memory limit), timed; rows and size.
   Then N + ``--new`` articles: the new ones appended to int_articles and alone in int_changed_records, an
   incremental ``dbt run`` of the same models, timed whole (a fresh dbt process: startup and parse included) and by
   dbt's own model times (run_results.json). The NER stage over the same new bodies (``mention_batches``, what the
   ner_mentions asset runs, model loaded beforehand) gives "indexing per new article = X % of NER per article".
   With ``--then K``, K more articles after the queries, the same way: the cost per article between the two
   increments is what grows with the new articles, without a build's fixed cost (dbt's per-model work, NER's pool).
   Queries: ``search(con, q, limit=10)`` and ``attention(con, q)`` (day series) on a read-only connection, one
   warm-up, then the median and max of ``--runs`` runs.
2. **tantivy** (the tantivy-py bindings), the baseline: the same texts (title + body as one field, accents folded and
   lower-cased, positions kept; title, url and text stored) read from the same DuckDB table, cold index, the same
   new articles added (each deleted by id first, as an update would), and the same queries in tantivy's syntax: the
   top 10 with a snippet each, and the day series (a terms aggregation of the matches and of every document).

DuckDB's own fts extension is not a row: its PyPI package stops at the DuckDB version before the project's and
refuses to load (BENCHMARKS.md).

Timings depend on the machine; the corpus, the index and the match counts do not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run as a script: make the repository's packages importable

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
from generate import Stream  # noqa: E402  (bench/ is the script's folder)

from orchestration.lib.search.engine import attention, search  # noqa: E402

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
MODELS = ["fct_search_postings", "fct_search_documents", "fct_daily_articles"]
INDEX_TABLES = ["marts.search_postings", "marts.search_documents", "marts.daily_articles"]
INGESTED_AT = datetime(2025, 10, 2, 6, 0)  # when the bench's articles were "ingested" (naive UTC, as the marts)
# When the builds that wrote the rows began: the stored articles', then those of the two increments.
BUILT_COLD, BUILT_NEW, BUILT_THEN = datetime(2025, 10, 2, 7, 0), datetime(2025, 10, 3, 7, 0), datetime(2025, 10, 4, 7)
GOAL_QUERY_S = 1.0
GOAL_ATTENTION_S = 1.0
GOAL_INDEX_SHARE = 0.10
# (what it exercises, newsmon's query, tantivy's equivalent). Tantivy's parser: + / - for must / must not, a regex
# for a prefix (its "word"* is a phrase prefix of two words or more), a sloppy phrase for NEAR (either order).
QUERIES = [
    ("common word", "government", "government"),
    ("rare word", "chimpanzees", "chimpanzees"),
    ("two words (AND)", "police arrested", "+police +arrested"),
    ("OR", "election OR referendum", "election OR referendum"),
    ("phrase", '"prime minister"', '"prime minister"'),
    ("prefix*", "presiden*", "text:/presiden.*/"),
    ("NEAR/5", "police NEAR/5 arrested", '"police arrested"~5'),
    ("NOT", "election AND NOT president", "+election -president"),
    ("word + source:", "election source:harbourtimes.com", '+election +source_domain:"harbourtimes.com"'),
]


# ------------------------------------------------------------------------------------------------ the corpus


def articles(count: int, seed: int) -> list[dict]:
    """The first `count` articles of the generated stream, exact duplicate files skipped (the pipeline marks them
    duplicates, not articles); each as the columns of int_articles."""
    stream, rows, index = Stream(seed), [], 0
    while len(rows) < count:
        generated = stream.file(index)
        if generated.role != "duplicate":
            for record, article in enumerate(generated.articles):
                if len(rows) == count:
                    break
                body_sha = hashlib.sha256(article.body.encode("utf-8")).hexdigest()
                rows.append(
                    {
                        "article_id": hashlib.sha256(f"{generated.name}#{record}".encode()).hexdigest()[:32],
                        "file_path": generated.name,
                        "title": article.title,
                        "url": article.url,
                        "body": article.body,
                        "body_sha256": body_sha,
                        "source_domain": article.domain,
                        "source_name": article.outlet,
                        "published_at": article.published.astimezone(UTC).replace(tzinfo=None),
                        "ingested_at": INGESTED_AT,
                    }
                )
        index += 1
    return rows


def _table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("article_id", pa.string()),
                ("file_path", pa.string()),
                ("title", pa.string()),
                ("url", pa.string()),
                ("body", pa.string()),
                ("body_sha256", pa.string()),
                ("source_domain", pa.string()),
                ("source_name", pa.string()),
                ("published_at", pa.timestamp("us")),
                ("ingested_at", pa.timestamp("us")),
            ]
        ),
    )


def create_working_db(path: Path, rows: list[dict]) -> None:
    """The tables the search models and search() read, as the pipeline's would hold them."""
    batch = _table(rows)  # noqa: F841 (read by DuckDB's replacement scan)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema intermediate; create schema marts; create schema landing")
        # built_at: when the build that wrote the row began (int_article_versions' build stamp). A build of the
        # selected models reads the changed articles' rows written since the last green build began
        # (landing.dbt_builds): that was a later build than the one that wrote the stored articles, as in a warehouse
        # that runs every hour (in the pipeline's whole-project build, the rows written by the build itself).
        con.execute(
            "create table intermediate.int_articles as select article_id, file_path, title, body, body_sha256,"
            " source_domain, source_name, published_at, published_at::date as published_date, ingested_at,"
            " ?::timestamp as built_at from batch",
            [INGESTED_AT],
        )
        con.execute("create table landing.dbt_builds (built_at timestamp)")
        # A first build: every record is changed (a full refresh does not read the list anyway).
        con.execute(
            "create table intermediate.int_changed_records as"
            " select file_path, article_id, body_sha256 from intermediate.int_articles"
        )
        con.execute(
            "create table marts.articles as select article_id, title, url, body, source_domain, published_at from batch"
        )


def add_articles(path: Path, rows: list[dict], last_build: datetime, built_at: datetime) -> None:
    """New articles appended, and exactly those in the change list (as after a run that found only them)."""
    batch = _table(rows)  # noqa: F841
    with duckdb.connect(str(path)) as con:
        # The last green build began after the stored articles were written; the new rows after it began.
        con.execute("insert into landing.dbt_builds values (?)", [last_build])
        con.execute(
            "insert into intermediate.int_articles select article_id, file_path, title, body, body_sha256,"
            " source_domain, source_name, published_at, published_at::date, ingested_at, ?::timestamp from batch",
            [built_at],
        )
        con.execute("delete from intermediate.int_changed_records")
        con.execute("insert into intermediate.int_changed_records select file_path, article_id, body_sha256 from batch")
        con.execute(
            "insert into marts.articles select article_id, title, url, body, source_domain, published_at from batch"
        )


# ------------------------------------------------------------------------------------------------ newsmon: dbt


def run_dbt(db: Path, target: Path, *, full_refresh: bool) -> dict:
    """`dbt run` of the search models in a fresh process: wall seconds and dbt's own model times."""
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "run", "--select", *MODELS, "--project-dir", str(DBT_PROJECT_DIR)]
    command += ["--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target), "--log-path", str(target)]
    if full_refresh:
        command.append("--full-refresh")
    env = {**os.environ, "NEWSMON_WORKING_DB": str(db), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"dbt run failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    models = {r["unique_id"].rsplit(".", 1)[-1]: r["execution_time"] for r in results["results"]}
    return {"wall_s": wall, "dbt_elapsed_s": results["elapsed_time"], "models_s": models}


def index_size(db: Path, scratch: Path) -> dict:
    """Rows of the index tables, and the size of a DuckDB file holding only them (the bench database also holds the
    articles' text, which the pipeline keeps anyway)."""
    copy = scratch / "index-only.duckdb"
    copy.unlink(missing_ok=True)
    with duckdb.connect(str(copy)) as con:
        con.execute(f"attach '{db}' as bench (read_only)")
        rows = {t: con.execute(f"select count(*) from bench.{t}").fetchone()[0] for t in INDEX_TABLES}
        con.execute("create schema marts")
        for table in INDEX_TABLES:
            con.execute(f"create table {table} as select * from bench.{table}")
    return {"rows": rows, "index_mb": copy.stat().st_size / 1e6, "database_mb": db.stat().st_size / 1e6}


def ner_seconds(bodies: list[tuple[str, str]]) -> dict:
    """The NER stage's work on these bodies: mention_batches (the ner_mentions asset's call: a worker per core, the
    project's pipeline and rules), the model already loaded, as in a run that has new bodies to annotate."""
    from orchestration.lib.nlp.mentions import load_pipeline
    from orchestration.lib.nlp.parallel import mention_batches

    started = time.perf_counter()
    load_pipeline()
    load = time.perf_counter() - started
    started = time.perf_counter()
    mentions = sum(frame.height for _, frame, _ in mention_batches(bodies, 200))
    return {"load_s": load, "ner_s": time.perf_counter() - started, "mentions": mentions}


def _timed(call, runs: int) -> dict:
    call()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        value = call()
        times.append(time.perf_counter() - started)
    return {"median_s": statistics.median(times), "max_s": max(times), "value": value}


def newsmon_queries(db: Path, runs: int) -> dict:
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for label, query, _ in QUERIES:
            found = _timed(lambda q=query: search(con, q, limit=10), runs)
            series = _timed(lambda q=query: attention(con, q), runs)
            out[label] = {
                "search": found,
                "attention": series,
                "matches": found.pop("value").total,
                "days": len(series.pop("value")),
            }
    return out


# ------------------------------------------------------------------------------------------------ tantivy


def _tantivy_schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("article_id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("text", stored=True, tokenizer_name="fold")  # title + body, positions kept
    builder.add_text_field("title", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("source_domain", stored=True, tokenizer_name="raw", fast=True, index_option="basic")
    builder.add_integer_field("day", stored=True, indexed=True, fast=True)
    return builder.build()


def _tantivy_index(path: Path, schema=None):
    """Open (or create) the index with the folding analyzer registered: split at non-alphanumerics, lower-case,
    accents folded to ASCII, like newsmon's terms."""
    import tantivy

    index = tantivy.Index(schema or _tantivy_schema(), path=str(path), reuse=True)
    fold = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("fold", fold)
    return index


EPOCH = date(1970, 1, 1)


def _tantivy_documents(db: Path, where: str):
    import tantivy

    with duckdb.connect(str(db), read_only=True) as con:
        reader = con.execute(
            "select i.article_id, i.title, i.body, a.url, i.source_domain,"
            " cast(coalesce(i.published_at, i.ingested_at) as date) as day"
            " from intermediate.int_articles as i join marts.articles as a using (article_id)"
            f" where {where} order by i.article_id"
        ).to_arrow_reader(10_000)
        for batch in reader:
            for article_id, title, body, url, source, day in zip(*batch.to_pydict().values(), strict=True):
                doc = tantivy.Document()
                doc.add_text("article_id", article_id)
                doc.add_text("text", f"{title or ''}\n{body}")
                doc.add_text("title", title or "")
                doc.add_text("url", url or "")
                doc.add_text("source_domain", source or "")
                doc.add_integer("day", (day - EPOCH).days)
                yield article_id, doc


def tantivy_build(db: Path, path: Path, where: str, *, delete_first: bool) -> float:
    """Index the int_articles rows `where` selects (reading them from DuckDB counts), commit, wait for merges."""
    started = time.perf_counter()
    index = _tantivy_index(path)
    writer = index.writer(heap_size=512_000_000)
    for article_id, doc in _tantivy_documents(db, where):
        if delete_first:
            writer.delete_documents_by_term("article_id", article_id)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - started


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def tantivy_queries(path: Path, runs: int) -> dict:
    import tantivy

    index = _tantivy_index(path)
    index.reload()
    searcher = index.searcher()
    days = {"per_day": {"terms": {"field": "day", "size": 10_000}}}

    def top(query):
        result = searcher.search(query, 10)
        snippets = tantivy.SnippetGenerator.create(searcher, query, index.schema, "text")
        hits = []
        for _, address in result.hits:
            doc = searcher.doc(address)
            snippet = snippets.snippet_from_doc(doc).to_html()
            hits.append((doc["article_id"][0], doc["title"][0], doc["url"][0], snippet))
        return result.count, hits

    def series(query):
        matched = searcher.aggregate(query, days)["per_day"]["buckets"]
        every = searcher.aggregate(tantivy.Query.all_query(), days)["per_day"]["buckets"]
        counts = {b["key"]: b["doc_count"] for b in matched}
        return [(b["key"], counts.get(b["key"], 0), b["doc_count"]) for b in sorted(every, key=lambda b: b["key"])]

    out = {}
    for label, _, text in QUERIES:

        def parsed(text=text):
            return index.parse_query(text, ["text"], conjunction_by_default=True, allow_regexes=True)

        found = _timed(lambda: top(parsed()), runs)
        day_series = _timed(lambda: series(parsed()), runs)
        out[label] = {
            "search": found,
            "attention": day_series,
            "matches": found.pop("value")[0],
            "days": len(day_series.pop("value")),
        }
    return out


# ------------------------------------------------------------------------------------------------ report


def _s(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def _models_s(incremental: dict) -> float:
    return sum(incremental["models_s"].values())


def _index_s(incremental: dict) -> float:
    return sum(incremental["models_s"][m] for m in ("fct_search_postings", "fct_search_documents"))


def _increment_lines(r: dict) -> list[str]:
    """The second, larger increment, and the cost per article between the two: a build's fixed cost (dbt's work per
    model, the NER stage's worker pool) cancels out."""
    small, large = r["newsmon"]["incremental"], r["then"]["incremental"]
    k1, k2 = r["new"], r["then"]["new"]
    ner_small, ner_large = r["ner"]["ner_s"], r["then"]["ner"]["ner_s"]
    ner_slope = (ner_large - ner_small) / (k2 - k1)
    lines = [
        f"+{k2} more articles: dbt's model times {_s(_models_s(large))} s (the index's two models"
        f" {_s(_index_s(large))} s); NER {_s(ner_large)} s",
    ]
    for label, seconds in (("dbt's model times", _models_s), ("the index's two models alone", _index_s)):
        slope = (seconds(large) - seconds(small)) / (k2 - k1)
        share = slope / ner_slope
        verdict = "meets" if share <= GOAL_INDEX_SHARE else "misses"
        lines.append(
            f"  per article from +{k1} to +{k2}: {label} {slope * 1000:.2f} ms against NER {ner_slope * 1000:.1f} ms"
            f" = {share:.1%} ({verdict} the <= {GOAL_INDEX_SHARE:.0%} goal); fixed per build"
            f" {_s(seconds(small) - slope * k1)} s"
        )
    return lines


def report(r: dict) -> str:
    n, new = r["articles"], r["new"]
    nm, tv, ner = r["newsmon"], r["tantivy"], r["ner"]
    model_s = _models_s(nm["incremental"])
    lines = [
        f"search benchmark: {n:,} articles (+{new} new), {r['words']:,} words, {r['machine']}",
        "",
        "index                                 newsmon (dbt, DuckDB)          tantivy",
        f"cold index over {n:,} articles        {_s(nm['cold']['wall_s']):>8} s (models"
        f" {_s(sum(nm['cold']['models_s'].values()))} s){'':6}{_s(tv['cold_s']):>8} s",
        f"+{new} articles                         {_s(nm['incremental']['wall_s']):>8} s (models"
        f" {_s(model_s)} s){'':6}{_s(tv['incremental_s']):>8} s",
        f"size on disk                          {nm['size']['index_mb']:>8.1f} MB (index tables){'':5}"
        f"{tv['size_mb']:>8.1f} MB (text stored)",
        f"  newsmon rows: {', '.join(f'{t} {c:,}' for t, c in nm['size']['rows'].items())};"
        f" bench database {nm['size']['database_mb']:.0f} MB with the articles' text",
        "",
        f"NER stage over the same {new} bodies: {_s(ner['ner_s'])} s ({ner['mentions']} mentions; model load"
        f" {_s(ner['load_s'])} s, not counted)",
    ]
    index_s = _index_s(nm["incremental"])
    for label, seconds in (
        ("dbt run, whole process", nm["incremental"]["wall_s"]),
        ("dbt's model times", model_s),
        ("the index's two models alone, without daily_articles", index_s),
        ("tantivy", tv["incremental_s"]),
    ):
        share = seconds / ner["ner_s"]
        verdict = "meets" if share <= GOAL_INDEX_SHARE else "misses"
        lines.append(
            f"  indexing per new article = {share:.0%} of NER per article ({label}: {_s(seconds / new)} s against"
            f" {_s(ner['ner_s'] / new)} s; {verdict} the <= {GOAL_INDEX_SHARE:.0%} goal)"
        )
    if "then" in r:
        lines += ["", *_increment_lines(r)]
    lines += [
        "",
        f"query latency at {n:,} articles, seconds (median / max of {r['runs']} after a warm-up); goal <= 1 s each",
        f"{'query':<18} {'newsmon query':<27} {'matches':>8} {'search':>15} {'attention':>15}"
        f" {'tantivy':>8} {'search':>15} {'attention':>15}",
    ]
    for label, query, _ in QUERIES:
        a, b = nm["queries"][label], tv["queries"][label]

        def cell(m):
            return f"{m['median_s']:.3f} / {m['max_s']:.3f}"

        lines.append(
            f"{label:<18} {query:<27} {a['matches']:>8} {cell(a['search']):>15} {cell(a['attention']):>15}"
            f" {b['matches']:>8} {cell(b['search']):>15} {cell(b['attention']):>15}"
        )
    worst_search = max(q["search"]["max_s"] for q in nm["queries"].values())
    worst_attention = max(q["attention"]["max_s"] for q in nm["queries"].values())
    lines += [
        "",
        f"goals (newsmon): query <= {GOAL_QUERY_S:g} s: slowest {worst_search:.3f} s"
        f" ({'met' if worst_search <= GOAL_QUERY_S else 'MISSED'}); attention <= {GOAL_ATTENTION_S:g} s: slowest"
        f" {worst_attention:.3f} s ({'met' if worst_attention <= GOAL_ATTENTION_S else 'MISSED'})",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles indexed cold (default 100000)")
    parser.add_argument("--new", type=int, default=100, help="articles added incrementally (default 100)")
    parser.add_argument("--then", type=int, default=0, help="then this many more, after the queries (default 0)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query after a warm-up (default 5)")
    parser.add_argument("--seed", type=int, default=11, help="the generated stream's seed (default 11)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (its path is printed)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)

    scratch = Path(tempfile.mkdtemp(prefix="newsmon-bench-search-"))
    try:
        print(f"search bench: generating {args.articles:,} + {args.new} + {args.then} articles ...", flush=True)
        rows = articles(args.articles + args.new + args.then, args.seed)
        old, new = rows[: args.articles], rows[args.articles : args.articles + args.new]
        then = rows[args.articles + args.new :]
        words = sum(len(f"{r['title']} {r['body']}".split()) for r in old)
        db = scratch / "bench.work.duckdb"
        create_working_db(db, old)
        del rows, old

        print("search bench: newsmon, dbt --full-refresh ...", flush=True)
        cold = run_dbt(db, scratch / "target", full_refresh=True)
        size = index_size(db, scratch)
        print("search bench: tantivy, cold index ...", flush=True)
        tantivy_dir = scratch / "tantivy"
        tantivy_dir.mkdir()
        tantivy_cold = tantivy_build(db, tantivy_dir, "true", delete_first=False)

        print(f"search bench: +{args.new} articles: newsmon (dbt incremental), tantivy, NER ...", flush=True)
        add_articles(db, new, BUILT_COLD, BUILT_NEW)
        incremental = run_dbt(db, scratch / "target", full_refresh=False)
        new_ids = "select article_id from intermediate.int_changed_records"
        tantivy_incremental = tantivy_build(db, tantivy_dir, f"i.article_id in ({new_ids})", delete_first=True)
        ner = ner_seconds([(r["body_sha256"], r["body"]) for r in new])

        print("search bench: queries ...", flush=True)
        result = {
            "date": date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
            f" DuckDB {duckdb.__version__}",
            "articles": args.articles,
            "new": args.new,
            "words": words,
            "runs": args.runs,
            "newsmon": {
                "cold": cold,
                "incremental": incremental,
                "size": size,
                "queries": newsmon_queries(db, args.runs),
            },
            "tantivy": {
                "cold_s": tantivy_cold,
                "incremental_s": tantivy_incremental,
                "size_mb": _folder_mb(tantivy_dir),
                "queries": tantivy_queries(tantivy_dir, args.runs),
            },
            "ner": ner,
        }
        if then:
            # A larger increment: what grows with the new articles, apart from a build's fixed cost.
            print(f"search bench: +{args.then} more articles: newsmon (dbt incremental), NER ...", flush=True)
            add_articles(db, then, BUILT_NEW, BUILT_THEN)
            result["then"] = {
                "new": len(then),
                "incremental": run_dbt(db, scratch / "target", full_refresh=False),
                "ner": ner_seconds([(r["body_sha256"], r["body"]) for r in then]),
            }
        print()
        print(report(result))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
