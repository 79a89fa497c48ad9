"""Every dashboard page through Streamlit's AppTest on a warehouse built from the seeds: what it shows equals SQL."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboards.data import NOT_NAMES, WAREHOUSE_ENV
from tests.dashboards.conftest import SCRIPT_TITLE

APP = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"
PAGES = [
    "views/overview.py",
    "views/search.py",
    "views/trending.py",
    "views/entities.py",
    "views/sources.py",
    "views/stories.py",
    "views/data_quality.py",
]


def sql(path: Path, query: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def one(path: Path, query: str, params: list | None = None):
    return sql(path, query, params)[0][0]


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.main.metric}


def maps(app: AppTest) -> list:
    """The Plotly geo charts (the places map) on the page."""
    return [c for c in app.get("plotly_chart") if '"scattergeo"' in c.proto.spec]


def table_with(app: AppTest, column: str):
    """The one dataframe on the page with this column."""
    (frame,) = [d.value for d in app.dataframe if column in d.value.columns]
    return frame


def open_app(monkeypatch: pytest.MonkeyPatch, path: Path, page: str | None = None) -> AppTest:
    monkeypatch.setenv(WAREHOUSE_ENV, str(path))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def test_overview_numbers_equal_sql(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse)
    shown = metrics(app)
    assert shown["Articles"] == str(one(warehouse, "select count(*) from marts.articles"))
    assert shown["Sources"] == str(one(warehouse, "select count(*) from marts.sources"))
    assert shown["Entities"] == str(one(warehouse, "select count(*) from marts.entities"))
    top = app.dataframe[0].value
    expected = sql(
        warehouse,
        "select canonical_name, entity_type, article_count, mention_count from marts.entities "
        "where not list_contains(?, entity_type) "
        "order by article_count desc, mention_count desc, canonical_name, entity_id limit 15",
        [NOT_NAMES],
    )
    assert [tuple(r) for r in top[["entity", "type", "articles", "mentions"]].itertuples(index=False)] == expected
    newest = app.dataframe[-1].value
    assert len(newest) == min(20, one(warehouse, "select count(*) from marts.articles"))
    assert newest["published"].iloc[0] == one(warehouse, "select max(published_at) from marts.articles")


def test_entities_search_and_entity_page(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/entities.py")
    app.text_input(key="entity_query").input("putin").run()
    assert [h.value for h in app.header] == ["Vladimir Putin"]
    entity_id, articles, mentions = sql(
        warehouse,
        "select entity_id, article_count, mention_count from marts.entities where canonical_name = 'Vladimir Putin'",
    )[0]
    shown = metrics(app)
    assert (shown["Articles"], shown["Mentions"]) == (str(articles), str(mentions))
    outlets = one(
        warehouse,
        "select count(distinct coalesce(a.source_domain, '')) from marts.entity_mentions m "
        "join marts.articles a using (article_id) where m.entity_id = ?",
        [entity_id],
    )
    assert shown["Outlets"] == str(outlets)
    # One card per article, each with the mention marked in its context.
    cards = [h.value for h in app.html]
    assert len(cards) == articles
    assert all("<mark>Vladimir Putin</mark>" in card for card in cards)
    cooccurring = table_with(app, "shared_articles")
    top_shared = one(
        warehouse,
        "select count(distinct o.article_id) as n from marts.entity_mentions o join marts.entity_mentions m "
        "using (article_id) where m.entity_id = ? and o.entity_id <> ? and not list_contains(?, o.entity_type) "
        "group by o.entity_id order by n desc limit 1",
        [entity_id, entity_id, NOT_NAMES],
    )
    assert cooccurring["shared_articles"].iloc[0] == top_shared
    assert maps(app), "Moscow and Niger are geocoded places in Vladimir Putin's articles"


def test_entities_are_found_by_alias(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    name, alias = sql(
        warehouse,
        "select canonical_name, a from (select canonical_name, entity_id, unnest(aliases) as a from marts.entities) "
        "where lower(canonical_name) not like '%' || lower(a) || '%' order by entity_id, a limit 1",
    )[0]
    app = open_app(monkeypatch, warehouse, "views/entities.py")
    app.text_input(key="entity_query").input(alias).run()
    assert name in app.dataframe[0].value["entity"].tolist()


def test_sources_page_matches_marts_sources(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/sources.py")
    table = app.dataframe[0].value
    shown = {
        (r.domain, r.articles, r.with_author, r.with_date) for r in table.itertuples() if isinstance(r.domain, str)
    }
    expected = set(
        sql(
            warehouse,
            "select source_domain, article_count, articles_with_author, articles_with_date from marts.sources",
        )
    )
    assert shown == expected
    assert metrics(app)["Articles"] == str(one(warehouse, "select count(*) from marts.articles"))


def test_stories_and_map_show_what_the_warehouse_holds(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    sizes = [n for (n,) in sql(warehouse, "select count(*) as n from marts.articles group by story_id order by n desc")]
    app = open_app(monkeypatch, warehouse)
    assert metrics(app)["Stories"] == str(len(sizes))
    by_stories = app.dataframe[1].value
    top = one(
        warehouse,
        "select count(distinct a.story_id) as n from marts.entity_mentions m join marts.articles a using (article_id) "
        "where not list_contains(?, m.entity_type) group by m.entity_id order by n desc limit 1",
        [NOT_NAMES],
    )
    assert by_stories["stories"].iloc[0] == top
    app.switch_page("views/stories.py").run()
    assert app.dataframe[0].value["articles"].tolist() == sizes[:30]
    headline = one(warehouse, "select headline from marts.stories order by article_count desc, story_id limit 1")
    assert app.dataframe[0].value["story"].iloc[0] == headline
    assert len(table_with(app, "copy")) == sizes[0], "the biggest story's articles, side by side and in a table"
    # Its figures side by side by outlet, the two that disagree on the US troops highlighted; its quotes by speaker.
    biggest = one(warehouse, "select story_id from marts.stories order by article_count desc, story_id limit 1")
    conflicting = one(
        warehouse,
        "select count(distinct claim) from (select unnest([claim_id_a, claim_id_b]) as claim "
        "from marts.claim_conflicts where story_id = ?)",
        [biggest],
    )
    assert conflicting >= 2
    caption = next(c.value for c in app.caption if "figures;" in c.value)
    assert f"; {conflicting} disagree with a figure of another report" in caption
    side_by_side = next(d for d in app.dataframe if "troop" in d.value.index)
    highlighted = side_by_side.proto.arrow_data.styler.styles
    row = list(side_by_side.value.index).index("troop")
    assert f"_row{row}_col" in highlighted and "background-color" in highlighted, "the troop figures are highlighted"
    quotes = table_with(app, "speaker")
    assert len(quotes) == one(warehouse, "select count(*) from marts.quotes where story_id = ?", [biggest])
    app.switch_page("views/entities.py").run()
    app.text_input(key="entity_query").input("Niger").run()
    places = app.dataframe[-1].value
    expected = one(
        warehouse, "select latitude from marts.entities where canonical_name = 'Niger' and entity_type = 'LOC'"
    )
    assert places.set_index("place").loc["Niger", "lat"] == expected
    assert maps(app), "the map of places is drawn"


def test_data_quality_page_matches_the_ledger(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/data_quality.py")
    shown = metrics(app)
    for status, files in sql(warehouse, "select status, count(*) from marts.files group by 1"):
        assert shown[f"{status.capitalize()} files"] == str(files)
    checks = app.dataframe[0].value.set_index("check")["count"]
    assert checks.filter(like="future").iloc[0] == 0
    assert checks.filter(like="rejected").iloc[0] == one(
        warehouse, "select count(*) from marts.articles where published_at_text is not null and published_at is null"
    )
    missing = app.dataframe[-1].value
    assert missing["articles"].sum() == one(warehouse, "select count(*) from marts.articles")
    assert missing["no_author"].sum() == one(warehouse, "select count(*) from marts.articles where author is null")
    assert missing["no_date"].sum() == one(warehouse, "select count(*) from marts.articles where published_at is null")


def test_filters_apply_across_pages(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse)
    app.sidebar.multiselect(key="flt_sources").set_value(["themoscowtimes.com"]).run()
    expected = one(warehouse, "select count(*) from marts.articles where source_domain = 'themoscowtimes.com'")
    assert metrics(app)["Articles"] == str(expected)
    app.switch_page("views/sources.py").run()
    assert app.dataframe[0].value["domain"].tolist() == ["themoscowtimes.com"]
    app.sidebar.multiselect(key="flt_sources").set_value([]).run()
    app.sidebar.date_input(key="flt_dates").set_value((date(2024, 4, 15), date(2024, 4, 15))).run()
    app.sidebar.checkbox(key="flt_undated").uncheck().run()
    app.switch_page("views/overview.py").run()
    dated = one(warehouse, "select count(*) from marts.articles where published_date = date '2024-04-15'")
    assert metrics(app)["Articles"] == str(dated) == "1"
    app.sidebar.multiselect(key="flt_types").set_value(["PERSON"]).run()
    assert set(app.dataframe[0].value["type"]) == {"PERSON"}


def test_article_markup_is_escaped_text(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/entities.py")
    app.text_input(key="entity_query").input("Vladimir Putin").run()
    card = next(h.value for h in app.html if "example-xss.com" in h.value)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt;" in card
    assert "&lt;img src=x onerror=" in card
    assert "<script" not in card and "<img" not in card and "<iframe" not in card and "<b>" not in card
    shown = [m.value for m in app.markdown] + [h.value for h in app.header] + [c.value for c in app.caption]
    assert not any("<script" in text for text in shown)
    app.switch_page("views/overview.py").run()
    assert SCRIPT_TITLE in app.dataframe[-1].value["title"].tolist(), "titles go to tables as plain values"
    # A quote with markup in it is shown as the article's text, in a table: never rendered.
    story = one(warehouse, "select story_id from marts.articles where title = ?", [SCRIPT_TITLE])
    app.switch_page("views/stories.py").run()
    app.selectbox[0].select(story).run()
    quotes = table_with(app, "speaker")["quote"].tolist()
    assert any('<iframe src="javascript:window.__xss=4">' in quote for quote in quotes)
    assert not any("<iframe" in h.value for h in app.html)


def test_missing_warehouse_says_to_run_make_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "nowhere.duckdb"))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not app.exception
    assert "make run" in app.error[0].value


def test_every_page_loads_within_two_seconds(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse)  # the first run pays the imports, as a server would once
    for page in PAGES:
        st.cache_data.clear()
        start = time.perf_counter()
        app.switch_page(page).run()
        assert not app.exception, (page, [e.value for e in app.exception])
        assert time.perf_counter() - start < 2.0, page


# --- Search and Trending --------------------------------------------------------------------------------------


def search(app: AppTest, text: str) -> AppTest:
    app.text_input(key="search_query").input(text).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_search_page_equals_sql(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = search(open_app(monkeypatch, warehouse, "views/search.py"), "niger")
    assert not app.error
    matched = "select article_id from marts.search_postings where term = 'niger'"
    total = one(warehouse, f"select count(*) from ({matched})")
    assert total > 1
    shown = metrics(app)
    assert shown["Matching articles"] == str(total)
    assert shown["Outlets"] == str(
        one(
            warehouse,
            f"select count(distinct source_domain) from marts.search_documents where article_id in ({matched})",
        )
    )
    # Attention: per period (months here: the seeds span years), the matches next to all articles and their share.
    shares = app.dataframe[0].value
    assert shares["matches"].sum() == total
    assert shares["articles"].sum() == one(warehouse, "select sum(article_count) from marts.daily_articles")
    assert (shares["share"] == shares["matches"] / shares["articles"]).all()
    chart = next(c for c in app.get("plotly_chart"))
    assert '"share of all articles"' in chart.proto.spec and '"The Moscow Times"' in chart.proto.spec
    # The entities in the most matching articles.
    top = app.dataframe[1].value
    expected = sql(
        warehouse,
        f"select e.canonical_name, count(distinct m.article_id) as n from marts.entity_mentions m "
        f"join marts.entities e using (entity_id) where m.article_id in ({matched}) "
        f"and not list_contains(?, e.entity_type) group by all order by n desc, count(*) desc, 1 limit 3",
        [NOT_NAMES],
    )
    assert [tuple(r) for r in top[["entity", "articles"]].head(3).itertuples(index=False)] == expected
    # The top articles, and each one's matching sentences with the term marked.
    articles = app.dataframe[2].value
    assert len(articles) == total and articles["score"].is_monotonic_decreasing
    cards = [h.value for h in app.html]
    assert len(cards) == total
    assert all("<mark>Niger</mark>" in card or "<mark>niger</mark>" in card.lower() for card in cards)


def test_search_filters_apply(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/search.py")
    app.sidebar.multiselect(key="flt_sources").set_value(["themoscowtimes.com"]).run()
    search(app, "niger")
    expected = one(
        warehouse,
        "select count(*) from marts.search_documents where source_domain = 'themoscowtimes.com' and article_id in "
        "(select article_id from marts.search_postings where term = 'niger')",
    )
    assert metrics(app)["Matching articles"] == str(expected) == "1"
    assert app.dataframe[2].value["outlet"].tolist() == ["The Moscow Times"]
    app.sidebar.multiselect(key="flt_sources").set_value([]).run()
    app.sidebar.checkbox(key="flt_undated").uncheck().run()
    dated = one(
        warehouse,
        "select count(*) from marts.search_documents where not is_undated and article_id in "
        "(select article_id from marts.search_postings where term = 'niger')",
    )
    assert metrics(app)["Matching articles"] == str(dated)


def test_a_bad_query_shows_its_position_not_sql(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = search(open_app(monkeypatch, warehouse, "views/search.py"), "(wagner OR niger")
    assert [e.value for e in app.error] == ["Missing closing parenthesis at position 17"]
    assert app.code[0].value == "(wagner OR niger\n                ^ position 17"
    assert not app.dataframe and not app.html
    search(app, "<b>wagner</b> NEAR/x niger")
    assert "NEAR needs a distance" in app.error[0].value and "position 15" in app.error[0].value
    assert "<b>wagner</b> NEAR/x niger" in app.code[0].value  # the query as text, in a code block
    assert not any("duckdb" in e.value.lower() or "sql" in e.value.lower() for e in app.error)


def test_markup_in_a_query_and_in_articles_is_escaped(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = search(open_app(monkeypatch, warehouse, "views/search.py"), "<script>alert(1)</script> niger")
    # No article holds the phrase "script alert" and "1" and "niger": the page says so, the query shown as text.
    assert [i.value for i in app.info] == [
        r"No article matches \<script\>alert\(1\)\</script\> niger within the current filters."
    ]
    search(app, "<script>alert(1)</script> OR niger")
    card = next(h.value for h in app.html if "example-xss.com" in h.value)
    assert card.index("example-xss.com") > 0 and "<mark>script</mark>" in card and "<mark>alert</mark>" in card
    assert "&lt;<mark>script</mark>&gt;window.__xss = 2; <mark>alert</mark>(&quot;xss&quot;)" in card
    assert "&lt;img src=x onerror=" in card and "&lt;b&gt;Bold&lt;/b&gt;" in card
    assert "<script" not in card and "<img" not in card and "<iframe" not in card and "<b>" not in card
    titles = app.dataframe[2].value["title"].tolist()
    assert SCRIPT_TITLE in titles, "titles go to tables as plain values"


def test_trending_shows_spikes_and_watchlist(monkeypatch: pytest.MonkeyPatch, trending_warehouse: Path) -> None:
    path = trending_warehouse
    latest = one(path, "select max(day) from marts.daily_articles")
    app = open_app(monkeypatch, path, "views/trending.py")
    spikes = app.dataframe[0].value
    expected = sql(
        path,
        "select e.canonical_name, s.mention_count from marts.entity_spikes s join marts.entities e using (entity_id) "
        "where s.day = ?",
        [latest],
    )
    assert [tuple(r) for r in spikes[["entity", "mentions"]].itertuples(index=False)] == expected
    assert expected[0][0] == "Niger"
    behind = app.dataframe[1].value
    niger_articles = one(
        path,
        "select article_ids from marts.entity_spikes s join marts.entities e using (entity_id) "
        "where e.canonical_name = 'Niger'",
    )
    assert len(behind) == len(niger_articles) > 0
    hits = app.dataframe[2].value.set_index("name")
    for name, new in sql(
        path, "select watchlist_name, count(*) from marts.watchlist_matches where day = ? group by 1", [latest]
    ):
        assert hits.loc[name, "new_matches"] == new
    assert metrics(app)["New watchlist matches"] == str(
        one(path, "select count(*) from marts.watchlist_matches where day = ?", [latest])
    )
    assert app.dataframe[-1].value["name"].tolist() == ["wagner_in_africa"]
    # A date range picked in the sidebar: the spikes of those days (Putin's, on the script article's day).
    app.sidebar.date_input(key="flt_dates").set_value((date(2024, 4, 15), date(2024, 4, 15))).run()
    assert app.dataframe[0].value["entity"].tolist() == ["Vladimir Putin"]
    assert metrics(app)["Watchlist spikes"] == "0"


def test_trending_without_spikes_says_so(monkeypatch: pytest.MonkeyPatch, warehouse: Path) -> None:
    app = open_app(monkeypatch, warehouse, "views/trending.py")
    assert one(warehouse, "select count(*) from marts.entity_spikes") == 0, "the seeds are one day of news"
    assert any(i.value.startswith("No entity spike in") for i in app.info)
    assert metrics(app)["New watchlist matches"] == str(
        one(
            warehouse,
            "select count(*) from marts.watchlist_matches where day = (select max(day) from marts.daily_articles)",
        )
    )


def test_a_warehouse_missing_a_mart_says_to_rebuild(monkeypatch: pytest.MonkeyPatch, older_warehouse: Path) -> None:
    monkeypatch.setenv(WAREHOUSE_ENV, str(older_warehouse))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    app.switch_page("views/trending.py").run()
    assert not app.exception
    assert "make run" in app.error[0].value and "entity_spikes" in app.error[0].value
