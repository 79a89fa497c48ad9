"""Trending: the latest day's (or the picked dates') entity spikes and the saved queries' new matches and spikes."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Trending")

lo, hi = data.load(data.trending_period, f)
if lo is None:
    st.info("The warehouse holds no article yet.")
    st.stop()
span = render.when(lo) if lo == hi else f"{render.when(lo)} → {render.when(hi)}"
picked = "the dates picked in the sidebar" if f.start is not None else "the latest day the warehouse holds articles of"
st.caption(
    f"**{span}**: {picked}. A day is the publication date (UTC), else the day the article's file was first seen. "
    "A spike: mentions (or matches) far above their own mean over the 28 days before — surprise = "
    "(count − mean) / √max(mean, 1) ≥ 4, at least 3 × the mean, with articles on at least 7 of those 28 days "
    "(docs/alerts.md)."
)

spikes = data.load(data.entity_spikes, f, lo, hi, 50)
hits = data.load(data.watchlist_hits, f, lo, hi)
saved_spikes = data.load(data.watchlist_spikes, f, lo, hi, 50)
cols = st.columns(3)
cols[0].metric("Entity spikes", f"{len(spikes):,}")
cols[1].metric("New watchlist matches", f"{int(hits['new_matches'].sum()) if len(hits) else 0:,}")
cols[2].metric("Watchlist spikes", f"{len(saved_spikes):,}")

SPIKE_COLUMNS = {
    "day": st.column_config.DateColumn("Day", format="YYYY-MM-DD"),
    "mentions": st.column_config.NumberColumn("Mentions"),
    "matches": st.column_config.NumberColumn("Matches"),
    "baseline": st.column_config.NumberColumn("Baseline (mean per day)", format="%.2f"),
    "surprise": st.column_config.NumberColumn("Surprise", format="%.1f"),
    "coverage_days": st.column_config.NumberColumn("Days covered of 28"),
}


def spike_table(frame: pd.DataFrame, hidden: list[str]) -> None:
    st.dataframe(frame.drop(columns=hidden), hide_index=True, column_config=SPIKE_COLUMNS)


def earlier(loader, what: str, hidden: list[str]) -> None:
    """When the period has none: the latest spikes before it, so the page still says what moved lately."""
    before = data.load(loader, f, None, lo - timedelta(days=1), 10)
    if before.empty:
        st.info(f"No {what} in {span}, nor before.")
        return
    st.info(f"No {what} in {span}. The latest before:")
    spike_table(before, hidden)


st.subheader("Entity spikes")
if spikes.empty:
    earlier(data.entity_spikes, "entity spike", ["entity_id", "article_ids"])
else:
    spike_table(spikes, ["entity_id", "article_ids"])
    labels = {
        i: f"{row.entity} ({row.type}) on {row.day:%Y-%m-%d}: {row.mentions} mentions, baseline {row.baseline}"
        for i, row in enumerate(spikes.itertuples())
    }
    chosen = st.selectbox("The articles behind a spike", list(labels), format_func=labels.get, key="trending_spike")
    behind = data.load(data.articles_by_id, f, tuple(spikes.iloc[chosen]["article_ids"]))
    st.dataframe(
        behind.assign(url=lambda d: render.web_links(d["url"])),
        hide_index=True,
        column_config={
            "day": st.column_config.DateColumn("Day", format="YYYY-MM-DD"),
            "title": st.column_config.TextColumn("Title", width="large"),
            "url": st.column_config.LinkColumn("URL"),
        },
    )

st.subheader("Watchlist")
st.caption(
    "Saved queries (`dbt_project/seeds/watchlist.csv`, in the Search page's query language): their matches in "
    f"{span} (new), all their matches, and the latest day they matched."
)
if hits.empty:
    st.info("No saved query matches an article within the current filters.")
else:
    st.dataframe(
        hits,
        hide_index=True,
        column_config={
            "query": st.column_config.TextColumn("Query", width="large"),
            "new_matches": st.column_config.NumberColumn("New matches"),
            "all_matches": st.column_config.NumberColumn("All matches"),
            "latest_day": st.column_config.DateColumn("Latest match", format="YYYY-MM-DD"),
        },
    )
    new = data.load(data.watchlist_matches, f, lo, hi, 200)
    if not new.empty:
        st.markdown(f"**New matches in {render.md(span)}**")
        st.dataframe(
            new.assign(url=lambda d: render.web_links(d["url"])),
            hide_index=True,
            column_config={
                "day": st.column_config.DateColumn("Day", format="YYYY-MM-DD"),
                "title": st.column_config.TextColumn("Title", width="large"),
                "url": st.column_config.LinkColumn("URL"),
            },
        )

st.subheader("Watchlist spikes")
if saved_spikes.empty:
    earlier(data.watchlist_spikes, "watchlist spike", ["article_ids"])
else:
    spike_table(saved_spikes, ["article_ids"])
