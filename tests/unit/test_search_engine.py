"""Search over a small index the test writes: operators, filters, BM25 order, attention, snippets, and the SQL macros.

The tables have the marts' columns (marts.search_postings, search_documents, daily_articles, articles, entities,
entity_mentions); the postings are made with `tokens`, which a unit test holds to the dbt model's split."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from orchestration.lib.search.engine import attention, best_snippet, create_sql_macros, matches_sql, search
from orchestration.lib.search.query import Term, parse, tokens
from orchestration.lib.search.watchlist import WatchlistError, read_entries, update_matches

ARTICLES = [
    # id, day, outlet, title, body
    ("a1", date(2025, 3, 1), "harbour.example", "Port strike ends", "Dock workers ended the port strike on Monday."),
    ("a2", date(2025, 3, 1), "harbour.example", "Ferry news", "The ferry timetable changes. Dock workers are unhappy."),
    (
        "a3",
        date(2025, 3, 2),
        "valley.example",
        "Strike spreads",
        "A strike by rail workers spreads to the port of Tema.",
    ),
    ("a4", date(2025, 3, 2), "valley.example", "Budget", "Parliament debates the budget; no strike is planned."),
    ("a5", date(2025, 3, 3), "news.valley.example", "Sanctions", "New sanctions and sanctioned firms: the list grows."),
    ("a6", date(2025, 3, 3), "harbour.example", "Weather", "Rain is expected at the port, workers say, near the dock."),
]
OUTLET_NAMES = {"harbour.example": "Harbour Post"}  # the name its articles state; the others state none
MENTIONS = [("a3", "e1", "Tema"), ("a1", "e2", "Ama Owusu"), ("a6", "e2", "Owusu")]
ENTITIES = [("e1", "Tema", "LOC", ["Tema"]), ("e2", "Ama Owusu", "PERSON", ["Ama Owusu"])]


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.articles (article_id varchar, title varchar, url varchar, body varchar, "
        "source_domain varchar, published_at timestamp)"
    )
    con.execute(
        "create table marts.search_postings (term varchar, article_id varchar, term_frequency integer, "
        "word_positions integer[])"
    )
    con.execute(
        "create table marts.search_documents (article_id varchar, term_count integer, day date, is_undated boolean, "
        "source_domain varchar, source_name varchar)"
    )
    con.execute(
        "create table marts.entities "
        "(entity_id varchar, canonical_name varchar, entity_type varchar, aliases varchar[])"
    )
    con.execute("create table marts.entity_mentions (article_id varchar, entity_id varchar, mention_text varchar)")
    for article_id, day, source, title, body in ARTICLES:
        con.execute(
            "insert into marts.articles values (?, ?, ?, ?, ?, ?)",
            [article_id, title, f"https://{source}/{article_id}", body, source, day],
        )
        words = tokens(title + "\n" + body)
        positions: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            positions.setdefault(word, []).append(i)
        for term, where in positions.items():
            con.execute("insert into marts.search_postings values (?, ?, ?, ?)", [term, article_id, len(where), where])
        con.execute(
            "insert into marts.search_documents values (?, ?, ?, false, ?, ?)",
            [article_id, len(words), day, source, OUTLET_NAMES.get(source)],
        )
    con.executemany("insert into marts.entities values (?, ?, ?, ?)", [list(e) for e in ENTITIES])
    con.executemany("insert into marts.entity_mentions values (?, ?, ?)", [list(m) for m in MENTIONS])
    con.execute(
        "create table marts.daily_articles as select day, source_domain, count(*) as article_count, "
        "0 as undated_article_count from marts.search_documents group by all"
    )
    return con


def ids(con: duckdb.DuckDBPyConnection, query: str, **kwargs) -> set[str]:
    sql = matches_sql(parse(query), **kwargs)
    return {row[0] for row in con.execute(sql.text, sql.params).fetchall()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("strike", {"a1", "a3", "a4"}),
        ("strike port", {"a1", "a3"}),
        ("strike AND port", {"a1", "a3"}),
        ("strike OR ferry", {"a1", "a2", "a3", "a4"}),
        ("strike NOT rail", {"a1", "a4"}),
        ("strike -rail -budget", {"a1"}),
        ("(strike OR ferry) NOT (budget OR rail)", {"a1", "a2"}),
        ('"dock workers"', {"a1", "a2"}),
        ('"workers dock"', set()),
        ('"port strike"', {"a1"}),
        ("sanction*", {"a5"}),
        ('"rail work*"', {"a3"}),
        ("dock NEAR/2 workers", {"a1", "a2"}),  # in a row
        ("port NEAR/3 dock", {"a1"}),  # "Port strike ends" + "Dock": two words between
        ("port NEAR/4 dock", {"a1", "a6"}),  # "port, workers say, near the dock": four
        ("workers NEAR/0 dock", {"a1", "a2"}),  # adjacent, either order
        ("tema NEAR/1 port", {"a3"}),
        ('"rail workers" NEAR/2 port', set()),
        ('"rail workers" NEAR/3 port', {"a3"}),
        ("(strike OR ferry) NEAR/0 port", {"a1"}),
        ("(ferry OR budget) NEAR/1 (timetable OR debates)", {"a2", "a4"}),
        ("strike source:valley.example", {"a3", "a4"}),
        ("source:valley.example", {"a3", "a4", "a5"}),  # subdomains too
        ("entity:Tema", {"a3"}),
        ("entity:owusu", {"a1", "a6"}),  # a word of the name; every article mentioning the entity
        ("type:PERSON", {"a1", "a6"}),
        ("date:2025-03-02", {"a3", "a4"}),
        ("workers since:2025-03-02", {"a3", "a6"}),
        ("workers until:2025-03-01", {"a1", "a2"}),
        ("x'; drop table marts.articles; select '1", set()),  # words, never SQL
    ],
)
def test_operators_and_filters(con: duckdb.DuckDBPyConnection, query: str, expected: set[str]):
    assert ids(con, query) == expected


def test_since_until_and_sources_arguments(con: duckdb.DuckDBPyConnection):
    assert ids(con, "workers", since=date(2025, 3, 2), until=date(2025, 3, 2)) == {"a3"}
    assert ids(con, "workers", sources=("harbour.example",)) == {"a1", "a2", "a6"}
    assert ids(con, "workers", sources=("harbour.example", "valley.example")) == {"a1", "a2", "a3", "a6"}


def test_bm25_puts_the_article_about_the_term_first(con: duckdb.DuckDBPyConnection):
    # a1 says "strike" twice (title and body) in a short text; a4 once, in passing
    found = search(con, "strike", limit=3)
    assert found.total == 3
    assert [hit.article_id for hit in found.hits][0] == "a1"
    assert found.hits[0].score > found.hits[-1].score > 0
    # a rare word weighs more than a common one: "tema" (one article) lifts a3 above a1 for "tema OR strike"
    assert search(con, "tema OR strike", limit=1).hits[0].article_id == "a3"


def test_search_limit_keeps_the_total(con: duckdb.DuckDBPyConnection):
    found = search(con, "workers", limit=2)
    assert found.total == 4 and len(found.hits) == 2


def test_attention_is_matches_over_all_articles_of_the_bucket(con: duckdb.DuckDBPyConnection):
    by_day = {row["bucket"]: row for row in attention(con, "strike")}
    assert {day: (row["matches"], row["articles"]) for day, row in by_day.items()} == {
        date(2025, 3, 1): (1, 2),
        date(2025, 3, 2): (2, 2),
        date(2025, 3, 3): (0, 2),
    }
    assert by_day[date(2025, 3, 1)]["share"] == pytest.approx(0.5)
    split = attention(con, "workers", split_sources=True)
    assert {(r["bucket"], r["source_domain"]): (r["matches"], r["articles"]) for r in split} == {
        (date(2025, 3, 1), "harbour.example"): (2, 2),
        (date(2025, 3, 2), "valley.example"): (1, 2),
        (date(2025, 3, 3), "news.valley.example"): (0, 1),
        (date(2025, 3, 3), "harbour.example"): (1, 1),
    }
    # An outlet named by its stated name: its matches over all of its coverage, nobody else's.
    named = attention(con, "workers", by="source", sources=("harbour post",))
    assert [(r["source_domain"], r["matches"], r["articles"]) for r in named] == [("harbour.example", 3, 3)]
    by_source = {r["source_domain"]: r["share"] for r in attention(con, "workers", by="source")}
    assert by_source == {"harbour.example": 1.0, "news.valley.example": 0.0, "valley.example": 0.5}
    weekly = attention(con, "workers", by="week")
    assert [(r["bucket"], r["matches"], r["articles"]) for r in weekly] == [
        (date(2025, 2, 24), 3, 4),  # Saturday 1 and Sunday 2 March are in the week of Monday 24 February
        (date(2025, 3, 3), 1, 2),
    ]


def test_snippet_is_the_sentence_with_most_terms_marked(con: duckdb.DuckDBPyConnection):
    body = "Nothing here. The port strike ended at the Port. A strike elsewhere."
    pieces = best_snippet(body, [Term("port"), Term("strike")])
    assert "".join(text for text, _ in pieces) == "The port strike ended at the Port."
    assert [text for text, hit in pieces if hit] == ["port", "strike", "Port"]
    prefixed = best_snippet("Sanctioned firms face sanctions.", [Term("sanction", prefix=True)])
    assert [text for text, hit in prefixed if hit] == ["Sanctioned", "sanctions"]
    long = "word " * 200 + "the strike " + "word " * 200
    cut = best_snippet(long, [Term("strike")], width=100)
    text = "".join(t for t, _ in cut)
    assert len(text) <= 102 and "strike" in text and text.startswith("…") and text.endswith("…")


def test_snippet_keeps_markup_as_text():
    pieces = best_snippet("A <script>alert(1)</script> strike.", [Term("strike")])
    assert "".join(t for t, _ in pieces) == "A <script>alert(1)</script> strike."


def test_sql_macros_match_the_engine(con: duckdb.DuckDBPyConnection):
    create_sql_macros(con)
    from_sql = con.execute("select article_id, score from marts.search_matches('Dock WORKERS')").fetchall()
    engine = search(con, "dock workers", limit=10)
    assert [row[0] for row in from_sql] == [hit.article_id for hit in engine.hits]
    assert [round(row[1], 9) for row in from_sql] == [round(hit.score, 9) for hit in engine.hits]
    series = con.execute(
        "select day, sum(matches), sum(articles) from marts.attention('workers') group by day order by day"
    ).fetchall()
    assert series == [(date(2025, 3, 1), 2, 2), (date(2025, 3, 2), 1, 2), (date(2025, 3, 3), 1, 2)]


def test_saved_queries_are_matched_again_only_where_something_changed(con: duckdb.DuckDBPyConnection):
    con.execute("create schema if not exists intermediate")
    con.execute("create or replace table intermediate.changed (article_id varchar)")
    changed = "select article_id from intermediate.changed"
    target = "intermediate.watchlist_matches"
    entries = read_entries([("strikes", "strike"), ("ferries", "ferry")])
    con.register("first_build", update_matches(con, entries, target=None, changed_articles=changed))
    con.execute(f"create or replace table {target} as select * from first_build")
    assert sorted(con.execute(f"select watchlist_name, article_id from {target}").fetchall()) == [
        ("ferries", "a2"),
        ("strikes", "a1"),
        ("strikes", "a3"),
        ("strikes", "a4"),
    ]
    # Nothing changed: no row is deleted, nothing is appended.
    assert update_matches(con, entries, target=target, changed_articles=changed).num_rows == 0
    assert con.execute(f"select count(*) from {target}").fetchone() == (4,)
    # a4 changed (say its text was edited): only its rows are redone; an edited query is matched everywhere again;
    # a query taken out of the seed leaves nothing behind.
    con.execute("insert into intermediate.changed values ('a4')")
    edited = read_entries([("strikes", "strike NOT budget")])
    appended = update_matches(con, edited, target=target, changed_articles=changed)
    assert con.execute(f"select count(*) from {target}").fetchone() == (0,)
    assert sorted(zip(appended["watchlist_name"].to_pylist(), appended["article_id"].to_pylist(), strict=True)) == [
        ("strikes", "a1"),
        ("strikes", "a3"),
    ]


def test_a_saved_query_that_cannot_be_parsed_names_its_entry():
    with pytest.raises(WatchlistError, match=r"entry 'broken': missing closing parenthesis at position 8"):
        read_entries([("fine", "strike"), ("broken", "(strike")])
    with pytest.raises(WatchlistError, match="repeated: twice"):
        read_entries([("twice", "a"), ("twice", "b")])
