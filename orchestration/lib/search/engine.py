"""Full-text search over the marts: a parsed query becomes one SQL statement over the index, ranked by BM25.

The index is marts.search_postings (term, article, word positions), kept by dbt with the warehouse and built
incrementally like the other article-grained marts; marts.search_documents holds each article's length, day and
outlet. A query reads the postings of its own terms once (`query_postings`), then every operator is a set
operation on article ids over that small relation: words and prefixes select postings, phrases and NEAR/n join word
positions, AND / NOT are semi- and anti-joins, OR a union, and filters select from the documents and the entity
marts. Every value travels as a bound parameter: the query text never becomes SQL.

BM25 (k1 = 1.2, b = 0.75, Lucene's idf) scores each matching article over the query's terms that are not negated,
with document frequencies and lengths taken from the whole index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb

from orchestration.lib.search.query import (
    And,
    Filter,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    parse,
    positive_terms,
    query_terms,
    tokens,
)

K1, B = 1.2, 0.75
SNIPPET_CHARS = 240
Bucket = Literal["day", "week", "month", "source"]


@dataclass
class _Sql:
    """An SQL text and its parameters, built together so placeholders and values never drift apart."""

    text: str = ""
    params: list = field(default_factory=list)

    def add(self, text: str, *params: object) -> _Sql:
        self.text += text
        self.params.extend(params)
        return self


def _term_condition(term: Term) -> _Sql:
    if term.prefix:
        return _Sql("starts_with(term, ?)", [term.text])
    return _Sql("term = ?", [term.text])


def _any_term(terms: list[Term]) -> _Sql:
    words = sorted({t.text for t in terms if not t.prefix})
    prefixes = sorted({t.text for t in terms if t.prefix})
    sql = _Sql("(false")
    if words:
        sql.add(" or term in (select unnest(?))", words)
    for prefix in prefixes:
        sql.add(" or starts_with(term, ?)", prefix)
    return sql.add(")")


def _occurrences(node: Node) -> _Sql:
    """(article_id, first, last): every place a word, phrase or NEAR group occurs, as word positions."""
    if isinstance(node, Term):
        condition = _term_condition(node)
        return _Sql(
            "select article_id, pos as first, pos as last from (select article_id, unnest(word_positions) as pos"
            " from query_postings where " + condition.text + ")",
            condition.params,
        )
    if isinstance(node, Phrase):
        sql = _Sql("select w0.article_id, w0.first, w0.first + " + str(len(node.terms) - 1) + " as last from ")
        for i, term in enumerate(node.terms):
            occurrences = _occurrences(term)
            sql.add(("" if i == 0 else " join ") + "(" + occurrences.text + f") as w{i}", *occurrences.params)
            if i:
                sql.add(f" on w{i}.article_id = w0.article_id and w{i}.first = w0.first + {i}")
        return sql
    if isinstance(node, Near):
        left, right = _occurrences(node.left), _occurrences(node.right)
        gap = int(node.distance)  # words allowed between the two, either order; overlapping spans do not count
        return (
            _Sql("select l.article_id, least(l.first, r.first) as first, greatest(l.last, r.last) as last from (")
            .add(left.text + ") as l join (", *left.params)
            .add(right.text + ") as r on r.article_id = l.article_id", *right.params)
            .add(f" and ((r.first > l.last and r.first - l.last - 1 <= {gap})")
            .add(f" or (l.first > r.last and l.first - r.last - 1 <= {gap}))")
        )
    if isinstance(node, Or):  # (a OR "b c") NEAR/3 d: the occurrences of each
        sql = _Sql()
        for i, part in enumerate(node.parts):
            occurrences = _occurrences(part)
            sql.add((" union all " if i else "") + "select * from (" + occurrences.text + ")", *occurrences.params)
        return sql
    raise TypeError(f"not a positional node: {node!r}")


def _source_condition(source: str) -> _Sql:
    """An outlet as `source:` and --source name it, over marts.search_documents: its domain (subdomains too) or the
    name its articles state."""
    return _Sql(
        "(lower(source_domain) = lower(?) or lower(source_domain) like '%.' || lower(?)"
        " or lower(source_name) = lower(?))",
        [source] * 3,
    )


def _filter(node: Filter) -> _Sql:
    if node.field == "source":
        condition = _source_condition(node.value)
        return _Sql("select article_id from marts.search_documents where " + condition.text, condition.params)
    if node.field in ("since", "until"):
        operator = ">=" if node.field == "since" else "<="
        return _Sql(f"select article_id from marts.search_documents where day {operator} ?::date", [node.value])
    if node.field == "type":
        return _Sql(
            "select distinct m.article_id from marts.entity_mentions as m join marts.entities as e using (entity_id)"
            " where e.entity_type = ?",
            [node.value],
        )
    # entity: by its id, canonical name, an alias or a name it was mentioned by, case-insensitively; when nothing is
    # named so, by a word of its canonical name ("entity:Putin" is Vladimir Putin). Then every article mentioning it.
    return _Sql(
        "select distinct article_id from marts.entity_mentions where entity_id in ("
        "with named as (select entity_id from marts.entities where entity_id = ? or lower(canonical_name) = lower(?)"
        " or list_contains(list_transform(aliases, a -> lower(a)), lower(?))"
        " union select entity_id from marts.entity_mentions where lower(mention_text) = lower(?))"
        " select entity_id from named union all select entity_id from marts.entities"
        " where not exists (from named) and list_contains(string_split(lower(canonical_name), ' '), lower(?)))",
        [node.value] * 5,
    )


def _articles(node: Node) -> _Sql:
    """select article_id (distinct) of the articles the node matches."""
    if isinstance(node, Term) and not node.prefix:
        return _Sql("select article_id from query_postings where term = ?", [node.text])
    if isinstance(node, Term | Phrase | Near):
        occurrences = _occurrences(node)
        return _Sql("select distinct article_id from (" + occurrences.text + ")", occurrences.params)
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, Or):
        sql = _Sql()
        for i, part in enumerate(node.parts):
            sub = _articles(part)
            sql.add((" union " if i else "") + "select article_id from (" + sub.text + ")", *sub.params)
        return sql
    if isinstance(node, And):
        positive = [part for part in node.parts if not isinstance(part, Not)]
        first = _articles(positive[0])
        sql = _Sql("select article_id from (" + first.text + ") where true", first.params)
        for part in node.parts:
            if part is positive[0]:
                continue
            negated = isinstance(part, Not)
            sub = _articles(part.part if negated else part)
            sql.add(f" and article_id {'not in' if negated else 'in'} (" + sub.text + ")", *sub.params)
        return sql
    raise TypeError(f"cannot match {node!r} alone")  # parse() refuses a query whose only part is negated


def matches_sql(
    node: Node,
    *,
    since: date | None = None,
    until: date | None = None,
    sources: tuple = (),
    among: str | None = None,
    ranked: bool = True,
) -> _Sql:
    """SQL of the matching articles: article_id, score (BM25; 0 when not `ranked`), day, source_domain, is_undated.
    `among` is an SQL query of article ids to look in (the articles a build changed), every article when None."""
    extra = [Filter("since", since.isoformat())] if since else []
    extra += [Filter("until", until.isoformat())] if until else []
    if sources:
        extra.append(
            Or(tuple(Filter("source", s) for s in sources)) if len(sources) > 1 else Filter("source", sources[0])
        )
    if extra:
        node = And((node, *extra))
    terms, ranked = query_terms(node), positive_terms(node)
    sql = _Sql("with query_postings as materialized (select term, article_id, term_frequency, word_positions")
    condition = _any_term(terms)
    sql.add(" from marts.search_postings where " + condition.text + "),", *condition.params)
    matched = _articles(node)
    sql.add(" matched as materialized (select distinct article_id from (" + matched.text + ")", *matched.params)
    sql.add(f" where article_id in ({among}))") if among else sql.add(")")
    if not ranked:  # only which articles match (saved queries): no frequencies, lengths or scores to compute
        return sql.add(
            " select d.article_id, 0.0 as score, d.day, d.source_domain, d.is_undated"
            " from matched join marts.search_documents as d using (article_id)"
        )
    ranked_condition = _any_term(ranked)
    sql.add(
        ", collection as (select count(*)::double as documents, avg(term_count) as average_length"
        " from marts.search_documents),"
        " frequencies as (select term, count(*) as df from query_postings where "
        + ranked_condition.text
        + " group by term),",
        *ranked_condition.params,
    )
    sql.add(
        " scores as (select p.article_id, sum(ln(1 + (c.documents - f.df + 0.5) / (f.df + 0.5))"
        f" * p.term_frequency * {K1 + 1}"
        f" / (p.term_frequency + {K1} * (1 - {B} + {B} * d.term_count / c.average_length)))"
        " as score from query_postings as p join matched using (article_id) join frequencies as f using (term)"
        " join marts.search_documents as d using (article_id) cross join collection as c group by p.article_id)"
        " select d.article_id, coalesce(s.score, 0) as score, d.day, d.source_domain, d.is_undated"
        " from matched join marts.search_documents as d using (article_id) left join scores as s using (article_id)"
    )
    return sql


@dataclass(frozen=True)
class Hit:
    article_id: str
    score: float
    day: date
    source_domain: str | None
    title: str | None
    url: str | None
    snippet: list[tuple[str, bool]]  # text pieces; True marks a query term


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]


def _as_node(query: str | Node) -> tuple[str, Node]:
    return (query, parse(query)) if isinstance(query, str) else (repr(query), query)


def search(
    con: duckdb.DuckDBPyConnection,
    query: str | Node,
    *,
    since: date | None = None,
    until: date | None = None,
    sources: tuple[str, ...] = (),
    limit: int = 10,
) -> SearchResult:
    """The best `limit` articles by BM25 (newest first among equals), the number of matches, a snippet each."""
    text, node = _as_node(query)
    sql = matches_sql(node, since=since, until=until, sources=sources)
    rows = con.execute(
        "with matches as (" + sql.text + ") select count(*) over () as total, m.article_id, m.score, m.day,"
        " m.source_domain, a.title, a.url, a.body from matches as m join marts.articles as a using (article_id)"
        " order by m.score desc, m.day desc, m.article_id limit ?",
        [*sql.params, limit],
    ).fetchall()
    total = rows[0][0] if rows else 0
    terms = positive_terms(node)
    hits = [
        Hit(article_id, score, day, source, title, url, best_snippet(body, terms))
        for _, article_id, score, day, source, title, url, body in rows
    ]
    return SearchResult(text, total, hits)


def attention(
    con: duckdb.DuckDBPyConnection,
    query: str | Node,
    *,
    by: Bucket = "day",
    split_sources: bool = False,
    since: date | None = None,
    until: date | None = None,
    sources: tuple[str, ...] = (),
) -> list[dict]:
    """Matching articles per bucket next to all articles in it (marts.daily_articles) and their share: normalised
    attention. `by` is day, week (Monday), month or source; `split_sources` splits each time bucket by outlet."""
    _, node = _as_node(query)
    sql = matches_sql(node, since=since, until=until, sources=sources)
    if by == "source":
        keys, bucket = ["source_domain"], None
    else:
        bucket = "day" if by == "day" else f"date_trunc('{by}', day)::date"
        keys = ["bucket", "source_domain"] if split_sources else ["bucket"]
    select_bucket = f"{bucket} as bucket, " if bucket else ""
    coverage_filter, coverage_params = _coverage_filter(since, until, sources)
    key_list = ", ".join(f"coverage.{key}" for key in keys)
    rows = con.execute(
        f"with matches as ({sql.text}),"
        f" hits as (select {select_bucket}source_domain, count(*) as matches from matches group by all),"
        f" coverage as (select {select_bucket}source_domain, sum(article_count) as articles"
        f" from marts.daily_articles where {coverage_filter} group by all)"
        f" select {key_list}, coalesce(sum(hits.matches), 0)::bigint as matches,"
        " sum(coverage.articles)::bigint as articles"
        f" from coverage left join hits on {'hits.bucket = coverage.bucket and ' if bucket else ''}"
        " hits.source_domain is not distinct from coverage.source_domain"
        f" group by {key_list} order by {key_list}",
        [*sql.params, *coverage_params],
    ).fetchall()
    names = [*keys, "matches", "articles"]
    out = [dict(zip(names, row, strict=True)) for row in rows]
    for row in out:
        row["share"] = row["matches"] / row["articles"] if row["articles"] else 0.0
    return out


def _coverage_filter(since: date | None, until: date | None, sources: tuple[str, ...]) -> tuple[str, list]:
    sql = _Sql("true")
    if since:
        sql.add(" and day >= ?", since)
    if until:
        sql.add(" and day <= ?", until)
    if sources:
        # All coverage of the outlets the matches were filtered to, named as the filter names them (by its stated
        # name too): the outlets' domains, as marts.daily_articles counts by domain.
        sql.add(" and source_domain in (select source_domain from marts.search_documents where false")
        for source in sources:
            condition = _source_condition(source)
            sql.add(" or " + condition.text, *condition.params)
        sql.add(")")
    return sql.text, sql.params


# Snippets: the sentence with the most distinct query terms, cut around its first hit, the terms marked.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")
_WORD = re.compile(r"[^\W_]+")


def _is_hit(word: str, terms: list[Term]) -> bool:
    folded = tokens(word)
    return bool(folded) and any(folded[0].startswith(t.text) if t.prefix else folded[0] == t.text for t in terms)


def highlight(text: str, terms: list[Term]) -> list[tuple[str, bool]]:
    """`text` in pieces, each query term its own piece marked True."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _WORD.finditer(text):
        if _is_hit(match.group(), terms):
            if match.start() > at:
                pieces.append((text[at : match.start()], False))
            pieces.append((match.group(), True))
            at = match.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def sentences_with_terms(body: str, terms: list[Term]) -> list[tuple[str, int]]:
    """Every sentence of `body` holding a query term, with how many distinct terms it holds."""
    out = []
    for sentence in _SENTENCE_END.split(body):
        sentence = sentence.strip()
        found = {tokens(m.group())[0] for m in _WORD.finditer(sentence) if _is_hit(m.group(), terms)}
        if found:
            out.append((sentence, len(found)))
    return out


def best_snippet(body: str | None, terms: list[Term], width: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The sentence with the most distinct query terms (the first of equals), cut to about `width` characters
    around its first hit; the article's opening when no term is in the body (a title or filter match)."""
    body = body or ""
    candidates = sentences_with_terms(body, terms)
    if not candidates:
        return around_first_hit([(body, False)], width) if body else []
    return around_first_hit(highlight(max(candidates, key=lambda c: c[1])[0], terms), width)


def around_first_hit(pieces: list[tuple[str, bool]], width: int) -> list[tuple[str, bool]]:
    """Highlighted text cut to `width` characters from a little before its first query term (its start when it has
    none), "…" where it was cut; a term cut at the edge stays marked."""
    text = "".join(piece for piece, _ in pieces)
    if len(text) <= width:
        return pieces
    first = next((i for i, (_, hit) in enumerate(pieces) if hit), 0)
    start = max(0, sum(len(piece) for piece, _ in pieces[:first]) - width // 4)
    out, at = [], 0
    for piece, hit in pieces:
        lo, hi = max(start, at), min(start + width, at + len(piece))
        if lo < hi:
            out.append((piece[lo - at : hi - at], hit))
        at += len(piece)
    if start:
        out.insert(0, ("…", False))
    if start + width < len(text):
        out.append(("…", False))
    return out


MACROS = Path(__file__).with_name("macros.sql")


def create_sql_macros(con: duckdb.DuckDBPyConnection, schema: str = "marts") -> None:
    """Store the SQL search macros (macros.sql) in `schema`, e.g. the published file's marts."""
    con.execute(MACROS.read_text(encoding="utf-8").replace("{schema}", schema))
