"""Benchmark: how fast each dashboard page loads on the seed warehouse and on a large (10,000-article) one.

    uv run --frozen python bench/dashboard_speed.py [--articles N] [--base WAREHOUSE] [--seeds WAREHOUSE] [--keep DIR]

The large warehouse is made in DuckDB from a real one (by default the pipeline's run over the Wikinews corpus and the
seeds, see bench/corpus.py): every article is copied with a new id, a publication time spread over 2025 (one in ten
left undated), an outlet from dbt_project/seeds/known_sources.csv (one in twenty without one) and its real mentions,
until there are N articles; entities and sources are recounted, and one in fifty files becomes a duplicate and one in
a hundred is quarantined. No spaCy run on the copies: the text and mentions are real, only ids, dates and outlets move.

Each page then runs through Streamlit's AppTest with an empty cache (what the first analyst to open it waits for) and
again with the cache warm; the SQL time is the sum of the page's queries (dashboards/data.py), timed as they run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import corpus
import duckdb

REPO_ROOT = corpus.REPO_ROOT
sys.path.insert(0, str(REPO_ROOT))

from dashboards import data  # noqa: E402
from dashboards.data import NOT_NAMES  # noqa: E402

PAGES = ["views/overview.py", "views/entities.py", "views/sources.py", "views/stories.py", "views/data_quality.py"]
KNOWN_SOURCES = REPO_ROOT / "dbt_project" / "seeds" / "known_sources.csv"


def build_real(workdir: Path, name: str, sources: list[Path]) -> Path:
    """The pipeline's own warehouse over real files (the Wikinews corpus takes about a minute, mostly spaCy)."""
    from orchestration.lib.settings import resolve_settings
    from orchestration.run import run_pipeline

    os.environ.setdefault("DAGSTER_HOME", str(REPO_ROOT / ".dagster_home"))
    raw = workdir / name / "raw"
    shutil.rmtree(raw, ignore_errors=True)
    corpus.write_files(raw, [(source, 0) for source in sources])
    settings = resolve_settings(raw, workdir / name / "news.duckdb")
    outcome = run_pipeline(settings)
    if not outcome.success:
        raise SystemExit(f"the base pipeline run failed: {outcome.failed_checks or outcome.failed_steps}")
    return settings.warehouse


def build_large(base: Path, target: Path, articles: int) -> dict[str, int]:
    """Copy the base marts into `target` until it holds `articles` articles (see the module docstring)."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    con.execute(f"attach '{base}' as b (read_only)")
    n_base = con.execute("select count(*) from b.marts.articles").fetchone()[0]
    copies = -(-articles // n_base)
    con.execute(f"create table outlets as select * from read_csv('{KNOWN_SOURCES}')")
    con.execute(
        """
        create temp table map as
        with src as (select article_id, row_number() over (order by article_id) - 1 as i from b.marts.articles),
        c as (select range as k from range(?))
        select src.article_id as old_id, k, substr(md5(src.article_id || ':' || k), 1, 16) as article_id,
               hash(src.article_id, k) as h
        from src, c where k * ? + i < ?
        """,
        [copies, n_base, articles],
    )
    con.execute("create schema marts")
    con.execute(
        """
        create table marts.articles as
        select a.* replace (
            m.article_id as article_id,
            'bench/' || m.k || '/' || a.file_path as file_path,
            case when m.h % 20 = 0 then null else o.source_domain end as source_domain,
            case when m.h % 20 = 0 then null else o.source_name end as source_name,
            case when m.h % 10 = 0 then null
                 else timestamp '2025-01-01' + to_days((m.h % 365)::integer) + to_seconds((m.h % 86400)::bigint)
            end as published_at,
            case when m.h % 10 = 0 then null
                 else strftime(timestamp '2025-01-01' + to_days((m.h % 365)::integer), '%B %-d, %Y')
            end as published_at_text,
            timestamp '2025-01-02' + to_days((m.h % 365)::integer) as ingested_at)
        from b.marts.articles a join map m on m.old_id = a.article_id
        join (select *, row_number() over (order by source_domain) - 1 as j from outlets) o
          on o.j = m.h % (select count(*) from outlets)
        """
    )
    con.execute(
        """
        create table marts.entity_mentions as
        select e.* replace (m.article_id || ':' || split_part(e.mention_id, ':', 2) as mention_id,
                            m.article_id as article_id)
        from b.marts.entity_mentions e join map m on m.old_id = e.article_id
        """
    )
    con.execute(
        """
        create table marts.entities as
        select e.* replace (s.mentions as mention_count, s.articles as article_count)
        from b.marts.entities e join (select entity_id, count(*) as mentions, count(distinct article_id) as articles
                                      from marts.entity_mentions group by 1) s using (entity_id)
        """
    )
    con.execute(
        """
        create table marts.sources as
        select source_domain, mode(source_name) as source_name, count(*) as article_count,
               min(published_at) as first_published_at, max(published_at) as last_published_at,
               count(author) as articles_with_author, count(published_at) as articles_with_date
        from marts.articles where source_domain is not null group by 1
        """
    )
    exists = "select 1 from information_schema.tables where table_catalog = 'b' and table_schema = 'marts'"
    # Copies keep their original's story: each story of the base grows by its copies (labels and top entities kept).
    if con.execute(exists + " and table_name = 'stories'").fetchone():
        con.execute("create table marts.stories as select * from b.marts.stories")
    if con.execute(exists + " and table_name = 'entity_cooccurrence'").fetchone():
        # Recounted as the pipeline counts them: named entities (no dates, numbers, amounts) sharing an article.
        con.execute(
            """
            create table marts.entity_cooccurrence as
            with d as (select distinct article_id, entity_id from marts.entity_mentions
                       where not list_contains(?, entity_type))
            select a.entity_id as entity_id_a, b.entity_id as entity_id_b, count(*) as article_count
            from d a join d b on a.article_id = b.article_id and a.entity_id < b.entity_id group by 1, 2
            """,
            [NOT_NAMES],
        )
    ledger = """
        select f.* replace ({path} as file_path, {status} as status, {article} as article_id, {reason} as reason)
        from b.marts.{table} f join map m on m.old_id = f.article_id {where}
    """
    for table in ("files", "file_records"):
        if not con.execute(exists + " and table_name = ?", [table]).fetchone():
            continue
        con.execute(
            f"create table marts.{table} as "
            + ledger.format(
                table=table,
                path="a.file_path",
                status="f.status",
                article="m.article_id",
                reason="f.reason",
                where="join marts.articles a on a.article_id = m.article_id where f.status = 'article'",
            )
        )
        con.execute(
            f"insert into marts.{table} "
            + ledger.format(
                table=table,
                path="'bench/dup/' || m.article_id || '.txt'",
                status="'duplicate'",
                article="m.article_id",
                reason="null",
                where="where f.status = 'article' and m.h % 50 = 1",
            )
        )
        con.execute(
            f"insert into marts.{table} "
            + ledger.format(
                table=table,
                path="'bench/bad/' || m.article_id || '.txt'",
                status="'quarantined'",
                article="null",
                reason="'empty file'",
                where="where f.status = 'article' and m.h % 100 = 2",
            )
        )
    con.execute("drop table outlets")
    con.execute("create schema meta")
    con.execute("create table meta.build as select 'bench' as inputs_fingerprint, now()::timestamp as published_at")
    counts = {
        name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
        for name in ("articles", "entity_mentions", "entities", "sources", "files")
    }
    con.close()
    return counts


def time_pages(warehouse: Path) -> list[tuple[str, float, float, float, int]]:
    """(page, cold seconds, warm seconds, SQL seconds, queries) for every page, via AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ[data.WAREHOUSE_ENV] = str(warehouse)
    spent: dict[str, list[float]] = defaultdict(list)
    for name, fn in list(data._QUERIES.items()):

        def timed(*args, _fn=fn, _name=name):
            start = time.perf_counter()
            try:
                return _fn(*args)
            finally:
                spent[_name].append(time.perf_counter() - start)

        data._QUERIES[name] = timed
    app = AppTest.from_file(str(REPO_ROOT / "dashboards" / "app.py"), default_timeout=120)
    app.run()  # imports (plotly, pandas) once, as a running server would have them
    rows = []
    for page in PAGES:
        st.cache_data.clear()
        spent.clear()
        start = time.perf_counter()
        app.switch_page(page).run()
        cold = time.perf_counter() - start
        if app.exception:
            raise SystemExit(f"{page} raised: {app.exception[0].value}")
        sql = sum(sum(v) for v in spent.values())
        queries = sum(len(v) for v in spent.values())
        start = time.perf_counter()
        app.run()
        rows.append((page.removeprefix("views/").removesuffix(".py"), cold, time.perf_counter() - start, sql, queries))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--base", type=Path, help="an existing warehouse to copy from (default: build one)")
    parser.add_argument("--seeds", type=Path, help="an existing warehouse of the seeds (default: build one)")
    parser.add_argument("--keep", type=Path, help="keep the warehouses in this directory")
    args = parser.parse_args()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="newsmon-dash-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        seeds = (
            args.seeds.resolve() if args.seeds else build_real(workdir, "seeds", sorted(corpus.SEED_DIR.glob("*.txt")))
        )
        base = args.base.resolve() if args.base else build_real(workdir, "wikinews", corpus.source_files())
        print(f"real warehouses built ({time.perf_counter() - start:.1f} s)")
        start = time.perf_counter()
        large = workdir / "large" / "news.duckdb"
        large.parent.mkdir(parents=True, exist_ok=True)
        counts = build_large(base, large, args.articles)
        print(f"large warehouse: {large} ({time.perf_counter() - start:.1f} s): {counts}")
        for label, path in (("seeds", seeds), ("base", base), (f"{args.articles:,} articles", large)):
            print(f"\n{label}: {path}")
            print("| page | cold load (s) | warm load (s) | SQL, cold (s) | queries |")
            print("|---|---:|---:|---:|---:|")
            for page, cold, warm, sql, queries in time_pages(path):
                print(f"| {page} | {cold:.2f} | {warm:.2f} | {sql:.2f} | {queries} |")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
