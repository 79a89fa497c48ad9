"""Entities: search by name or alias, then one entity's aliases, timeline, outlets, co-occurrences, articles, places."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Entities")

text = st.text_input("Search by name or alias", key="entity_query", placeholder="e.g. Putin, Niger, Wagner")
matches = data.load(data.search_entities, f, text, 50)
st.dataframe(matches.drop(columns="entity_id"), hide_index=True, height=min(230, 38 + 35 * max(len(matches), 1)))

ids = list(matches["entity_id"])
labels = {row.entity_id: f"{row.entity} ({row.type}, {row.articles} articles)" for row in matches.itertuples()}
# A shared link (?entity=ID) opens that entity until the analyst searches for something else.
requested = st.query_params.get("entity")
if requested and requested not in ids and not text.strip() and data.load(data.entity_detail, requested):
    ids.insert(0, requested)
if not ids:
    st.info("No entity matches this search within the current filters.")
    st.stop()
choice = st.selectbox(
    "Entity",
    ids,
    index=ids.index(requested) if requested in ids else 0,
    format_func=lambda eid: labels.get(eid) or data.load(data.entity_detail, eid)["name"],
)
st.query_params["entity"] = choice

entity = data.load(data.entity_detail, choice)
if entity is None:
    st.info("This entity is no longer in the warehouse.")
    st.stop()
outlets = data.load(data.entity_outlets, f, choice)
articles, mentions = (int(outlets[c].iloc[0]) if len(outlets) else 0 for c in ("total_articles", "total_mentions"))
st.header(render.md(entity["name"]))
st.markdown(
    f"**{render.md(entity['type'])}** · aliases: " + (", ".join(render.md(a) for a in entity["aliases"]) or "none")
)
cols = st.columns(4)
cols[0].metric("Articles", f"{articles:,}", help=f"{entity['articles']:,} in the whole warehouse")
cols[1].metric("Mentions", f"{mentions:,}", help=f"{entity['mentions']:,} in the whole warehouse")
cols[2].metric("Outlets", f"{len(outlets):,}")
cols[3].metric("Aliases", f"{len(entity['aliases']):,}")

left, right = st.columns(2)
with left:
    st.subheader("Mentions over time")
    timeline, unit, undated = data.load(data.entity_timeline, f, choice)
    if timeline.empty:
        st.info("None of the articles mentioning this entity states a publication date.")
    else:
        fig = px.bar(timeline, x="period", y="mentions", hover_data=["articles"], labels={"period": unit})
        fig.update_layout(height=300, margin={"l": 10, "r": 10, "t": 10, "b": 10})
        render.time_axis(fig, timeline["period"], unit)
        st.plotly_chart(fig, config={"displayModeBar": False})
    if undated:
        st.caption(f"Mentions per {unit} (UTC); {undated:,} mention(s) in undated articles are not plotted.")
with right:
    st.subheader("Outlets that mention it")
    st.dataframe(
        outlets.drop(columns=["total_articles", "total_mentions"]),
        hide_index=True,
        height=300,
        column_config={
            "first_published": st.column_config.DatetimeColumn("First published", format="YYYY-MM-DD"),
            "last_published": st.column_config.DatetimeColumn("Last published", format="YYYY-MM-DD"),
        },
    )

said, about = st.columns(2)
with said:
    st.subheader("What it said")
    quotes = data.load(data.entity_quotes, f, choice)
    if quotes.empty:
        st.caption("No quote within the filters is attributed to this entity.")
    else:
        st.dataframe(
            quotes,
            hide_index=True,
            height=300,
            column_config={"published": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD")},
        )
with about:
    st.subheader("Figures about it")
    figures = data.load(data.entity_figures, f, choice)
    if figures.empty:
        st.caption("No figure within the filters is stated about this entity.")
    else:
        st.dataframe(
            figures,
            hide_index=True,
            height=300,
            column_config={"published": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD")},
        )

st.subheader("Co-occurring entities")
st.dataframe(data.load(data.cooccurring, f, choice, 20).drop(columns="entity_id"), hide_index=True, height=280)

st.subheader("Articles")
hits = data.load(data.entity_articles, f, choice, 20, 3)
if hits.empty:
    st.info("No article within the current filters mentions this entity.")
# A scrolling box keeps the map and the rest of the page in reach, even for an entity in every article.
with st.container(height=720 if hits["article_id"].nunique() > 4 else "content"):
    for _, group in hits.groupby("article_id", sort=False):
        first = group.iloc[0]
        snippets = [render.snippet(r.before, r.mention, r.after, r.cut_before, r.cut_after) for r in group.itertuples()]
        if first.mentions > len(group):
            snippets.append(f"<em>… and {first.mentions - len(group)} more mention(s) in this article</em>")
        st.html(render.article_card(first.title, first.outlet, first.published_at, first.url, snippets))
if hits["article_id"].nunique() == 20:
    st.caption("The 20 newest articles within the filters; narrow the dates or outlets to see others.")

st.subheader("Places in its articles")
places = data.load(data.entity_places, f, choice)
if places.empty:
    st.caption("No geocoded place in the articles mentioning this entity.")
else:
    shown = places.assign(role=places["is_entity"].map({True: "this entity", False: "in its articles"}))
    fig = px.scatter_geo(
        shown, lat="lat", lon="lon", size="articles", color="role", hover_name="place", projection="natural earth"
    )
    fig.update_geos(showcountries=True, countrycolor="#b0b7c3", fitbounds="locations")
    fig.update_layout(height=420, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    # The world outlines come from this app (dashboards/static), not Plotly's CDN, so the map works offline.
    st.plotly_chart(fig, config={"displayModeBar": False, "topojsonURL": "app/static/topojson/"})
    st.dataframe(places.drop(columns="is_entity"), hide_index=True)
