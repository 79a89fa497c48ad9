"""Sources: every outlet with its article count, first/last seen and metadata coverage, and its volume over time."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Sources")

table = data.load(data.sources_table, f)
counts = data.load(data.overview_counts, f)
cols = st.columns(3)
cols[0].metric("Outlets", f"{counts['sources']:,}")
cols[1].metric("Articles", f"{counts['articles']:,}")
cols[2].metric("Articles with no outlet", f"{counts['no_source']:,}")

st.dataframe(
    table,
    hide_index=True,
    # Coverage right after the counts, so it shows without scrolling on a laptop screen.
    column_order=[
        "outlet",
        "domain",
        "articles",
        "pct_author",
        "pct_date",
        "first_published",
        "last_published",
        "first_seen",
        "last_seen",
        "with_author",
        "with_date",
    ],
    column_config={
        "first_published": st.column_config.DatetimeColumn("First published", format="YYYY-MM-DD HH:mm"),
        "last_published": st.column_config.DatetimeColumn("Last published", format="YYYY-MM-DD HH:mm"),
        "first_seen": st.column_config.DatetimeColumn("First seen (ingested)", format="YYYY-MM-DD HH:mm"),
        "last_seen": st.column_config.DatetimeColumn("Last seen (ingested)", format="YYYY-MM-DD HH:mm"),
        "with_author": st.column_config.NumberColumn("With author"),
        "with_date": st.column_config.NumberColumn("With date"),
        "pct_author": st.column_config.ProgressColumn("% with author", min_value=0, max_value=100, format="%.0f%%"),
        "pct_date": st.column_config.ProgressColumn("% with date", min_value=0, max_value=100, format="%.0f%%"),
    },
)
st.caption("Times are UTC. Published = the date the article states; seen = when the pipeline first read its file.")

st.subheader("Volume over time")
frame, unit, undated = data.load(data.volume, f)
if frame.empty:
    st.info("No article in the current filters states a publication date, so there is nothing to plot.")
elif frame["outlet"].nunique() <= 8:
    fig = px.line(frame, x="period", y="articles", color="outlet", markers=True, labels={"period": unit})
    fig.update_layout(height=360, margin={"l": 10, "r": 10, "t": 10, "b": 10}, legend_title_text="")
    render.time_axis(fig, frame["period"], unit)
    st.plotly_chart(fig, config={"displayModeBar": False})
else:
    # Past a handful of outlets, lines tangle: one row per outlet reads better (the smallest at the bottom).
    order = frame.drop_duplicates("outlet")["outlet"]  # the query sorts outlets by their total
    grid = frame.pivot(index="outlet", columns="period", values="articles").reindex(order).fillna(0)
    fig = px.imshow(grid, aspect="auto", color_continuous_scale="Blues", labels={"x": unit, "color": "articles"})
    fig.update_layout(height=120 + 22 * len(grid), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, config={"displayModeBar": False})
if undated:
    st.caption(f"Articles per {unit}; {undated:,} undated article(s) are not plotted.")
