"""Overview: what the news is about at a glance (counts, volume per outlet, top entities, newest articles)."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Overview")

counts = data.load(data.overview_counts, f)
cols = st.columns(4)
cols[0].metric("Articles", f"{counts['articles']:,}")
cols[1].metric("Sources", f"{counts['sources']:,}")
cols[2].metric("Entities", f"{counts['entities']:,}", help=f"{counts['mentions']:,} mentions")
cols[3].metric("Stories", f"{counts['stories']:,}")

st.subheader("Articles by source over time")
# Ten outlets and the rest together: more colours than that cannot be told apart.
frame, unit, undated = data.load(data.volume, f, 10)
if frame.empty:
    st.info("No article in the current filters states a publication date, so there is nothing to plot.")
else:
    fig = px.bar(frame, x="period", y="articles", color="outlet", labels={"period": unit, "outlet": "Outlet"})
    fig.update_layout(height=340, margin={"l": 10, "r": 10, "t": 10, "b": 10}, bargap=0.15, legend_title_text="")
    render.time_axis(fig, frame["period"], unit)
    st.plotly_chart(fig, config={"displayModeBar": False})
if undated:
    st.caption(f"Articles per {unit} (UTC). {undated:,} article(s) state no date and are not plotted.")

left, right = st.columns(2)
with left:
    st.subheader("Top entities by articles")
    top = data.load(data.top_entities, f, 15)
    st.dataframe(top.drop(columns="entity_id"), hide_index=True, height=390)
with right:
    st.subheader("Top entities by stories")
    by_stories = data.load(data.top_entities_by_stories, f, 15)
    st.dataframe(by_stories.drop(columns="entity_id"), hide_index=True, height=390)

st.subheader("Newest articles")
newest = data.load(data.newest_articles, f, 20).assign(url=lambda d: render.web_links(d["url"]))
st.dataframe(
    newest,
    hide_index=True,
    column_config={
        "published": st.column_config.DatetimeColumn("Published (UTC)", format="YYYY-MM-DD HH:mm"),
        "ingested": st.column_config.DatetimeColumn("Ingested (UTC)", format="YYYY-MM-DD HH:mm"),
        "title": st.column_config.TextColumn("Title", width="large"),
        "url": st.column_config.LinkColumn("URL"),
    },
)
