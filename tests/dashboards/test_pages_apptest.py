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
PAGES = ["views/overview.py", "views/entities.py", "views/sources.py", "views/stories.py", "views/data_quality.py"]


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
    cooccurring = app.dataframe[2].value
    top_shared = one(
        warehouse,
        "select count(distinct o.article_id) as n from marts.entity_mentions o join marts.entity_mentions m "
        "using (article_id) where m.entity_id = ? and o.entity_id <> ? and not list_contains(?, o.entity_type) "
        "group by o.entity_id order by n desc limit 1",
        [entity_id, entity_id, NOT_NAMES],
    )
    assert cooccurring["shared_articles"].iloc[0] == top_shared
    geocoded = one(
        warehouse,
        "select count(*) from information_schema.columns where table_schema = 'marts' and table_name = 'entities' "
        "and column_name = 'latitude'",
    )
    if geocoded:
        assert maps(app) or any("No geocoded place" in c.value for c in app.caption)
    else:
        assert any("Map not available yet" in i.value for i in app.info)


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


def test_pages_say_what_is_not_available_yet(monkeypatch: pytest.MonkeyPatch, past_warehouse: Path) -> None:
    app = open_app(monkeypatch, past_warehouse)
    assert metrics(app)["Stories"] == "—"
    assert any("Not available yet" in i.value for i in app.info)
    app.switch_page("views/stories.py").run()
    assert any("Not available yet" in i.value for i in app.info)
    assert not app.dataframe
    app.switch_page("views/entities.py").run()
    assert any("Map not available yet" in i.value for i in app.info)


def test_stories_and_map_show_what_the_warehouse_holds(monkeypatch: pytest.MonkeyPatch, future_warehouse: Path) -> None:
    path = future_warehouse
    membership = (
        "select story_id, article_id from marts.articles where story_id is not null"
        if one(
            path,
            "select count(*) from information_schema.columns where table_name = 'articles' "
            "and table_schema = 'marts' and column_name = 'story_id'",
        )
        else "select story_id, article_id from marts.story_articles"
    )
    sizes = [n for (n,) in sql(path, f"select count(*) as n from ({membership}) group by story_id order by n desc")]
    app = open_app(monkeypatch, path)
    assert metrics(app)["Stories"] == str(len(sizes))
    by_stories = app.dataframe[1].value
    top = sql(
        path,
        f"select count(distinct s.story_id) as n from marts.entity_mentions m join ({membership}) s using (article_id) "
        "where not list_contains(?, m.entity_type) group by m.entity_id order by n desc limit 1",
        [NOT_NAMES],
    )[0][0]
    assert by_stories["stories"].iloc[0] == top
    app.switch_page("views/stories.py").run()
    assert app.dataframe[0].value["articles"].tolist() == sizes[:30]
    assert len(app.dataframe[-1].value) == sizes[0], "the biggest story's articles, side by side and in a table"
    app.switch_page("views/entities.py").run()
    app.text_input(key="entity_query").input("Niger").run()
    assert not any("Map not available yet" in i.value for i in app.info)
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
    dated = one(warehouse, "select count(*) from marts.articles where published_at::date = date '2024-04-15'")
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
