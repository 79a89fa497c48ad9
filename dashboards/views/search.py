"""Search: a full-text query over titles and bodies; its attention over time (matches by outlet and their share of
all articles), the entities in the matches, the sentences that match with the query terms marked, the top articles."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from dashboards import data, filters, render

SYNTAX = """\
Words are all required (`wagner niger`); `OR`, `AND`, `NOT` (or a leading `-`) in capitals; parentheses group;
`"exact phrase"`; `sanction*` for a prefix; `wagner NEAR/5 niger` within 5 words; filters `source:reuters.com`,
`entity:"Vladimir Putin"`, `type:PERSON`, `since:2024-01-01`, `until:2024-01-31`, `date:2024-01-01..2024-01-31`.
Matching ignores case and accents. Ranked by BM25."""

f = filters.current()
st.title("Search")

# A shared link (?q=...) opens that query; the box then keeps what the analyst types.
if "search_query" not in st.session_state and st.query_params.get("q"):
    st.session_state["search_query"] = st.query_params["q"]
text = st.text_input(
    "Query", key="search_query", placeholder='e.g. wagner niger, "air defense" OR instructor*', help=SYNTAX
)
if not text.strip():
    st.query_params.pop("q", None)
    st.markdown(SYNTAX)
    st.stop()
st.query_params["q"] = text

error = data.query_error(text)
if error is not None:
    # The parser's own words, escaped: a query is text, whatever markup it holds.
    marked = f": {text[: error.position]}>>>{text[error.position :]}"  # QueryError's own echo of the query
    message = str(error).removesuffix(marked)
    st.error(render.md(message[:1].upper() + message[1:]))
    st.code(f"{text}\n{' ' * error.position}^ position {error.position + 1}", language=None)
    st.stop()

summary = data.load(data.search_summary, f, text)
if not summary["matches"]:
    st.info(f"No article matches {render.md(text)} within the current filters.")
    st.stop()
cols = st.columns(4)
cols[0].metric("Matching articles", f"{summary['matches']:,}")
share = summary["matches"] / summary["articles"] if summary["articles"] else 0.0
cols[1].metric("Share of all articles", f"{share:.1%}", help=f"of {summary['articles']:,} within the filters")
cols[2].metric("Outlets", f"{summary['outlets']:,}")
cols[3].metric("Days", f"{summary['days']:,}")

st.subheader("Attention over time")
attention = data.load(data.search_attention, f, text, 10)
unit, shares, outlets = attention["unit"], attention["share"], attention["outlets"]
fig = make_subplots(specs=[[{"secondary_y": True}]])
for name, rows in outlets.groupby("outlet", sort=False):
    fig.add_trace(go.Bar(x=rows["period"], y=rows["matches"], name=name), secondary_y=False)
fig.update_layout(
    barmode="stack", height=340, margin={"l": 10, "r": 10, "t": 10, "b": 10}, bargap=0.15, legend_title_text=""
)
render.time_axis(fig, shares["period"], unit)
fig.add_trace(
    go.Scatter(
        x=shares["period"],
        y=shares["share"],
        name="share of all articles",
        mode="lines+markers",
        line={"color": "#1f2937", "width": 2},
        customdata=shares[["matches", "articles"]],
        hovertemplate="%{y:.1%} (%{customdata[0]} of %{customdata[1]})<extra></extra>",
    ),
    secondary_y=True,
)
fig.update_yaxes(title_text="matching articles", secondary_y=False)
peak = float(shares["share"].max()) if len(shares) else 0.0
share_range = [0, min(1.05, 1.2 * peak) or 1.05]  # room above a share of 100%
fig.update_yaxes(title_text="share of all articles", tickformat=".0%", dtick=None, range=share_range, secondary_y=True)
st.plotly_chart(fig, config={"displayModeBar": False})
undated = f" {summary['undated']:,} matching article(s) state no date and count on the day their file was first seen."
st.caption(
    f"Bars: matching articles per {unit} by outlet (the ten with most matches; the rest together). Line: their share "
    f"of all articles that {unit} within the filters. Days are publication dates (UTC)."
    + (undated if summary["undated"] else "")
)
with st.expander(f"Matches and all articles per {unit}"):
    st.dataframe(
        shares,
        hide_index=True,
        column_config={
            "period": st.column_config.DateColumn(unit.capitalize(), format="YYYY-MM-DD"),
            "share": st.column_config.NumberColumn("Share", format="percent"),
        },
    )

articles = data.load(data.search_articles, f, text, 20, 3)
left, right = st.columns([2, 3])
with left:
    st.subheader("Top entities in the matches")
    top = data.load(data.search_top_entities, f, text, 15)
    st.dataframe(top.drop(columns="entity_id"), hide_index=True, height=420)
with right:
    st.subheader("Top articles")
    st.dataframe(
        articles[["day", "outlet", "title", "score", "url"]].assign(url=lambda d: render.web_links(d["url"])),
        hide_index=True,
        height=420,
        column_config={
            "title": st.column_config.TextColumn("Title", width="medium"),
            "day": st.column_config.DateColumn("Day", format="YYYY-MM-DD"),
            "url": st.column_config.LinkColumn("URL"),
        },
    )

st.subheader("Matching sentences")
shown = articles.head(10)
with st.container(height=720 if len(shown) > 4 else "content"):
    for row in shown.itertuples():
        snippets = [render.highlighted(pieces) for pieces in row.sentences]
        if not snippets:
            snippets = [
                "<em>The query matches this article by its title or a filter, not by a sentence of its text.</em>"
            ]
        day = f"{render.when(row.day)} (no date stated; first seen)" if row.undated else row.day
        st.html(
            render.article_card(row.title, row.outlet, day, row.url, snippets, render.highlighted(row.title_pieces))
        )
if summary["matches"] > len(shown):
    st.caption(f"The {len(shown)} best matches of {summary['matches']:,}, by BM25; narrow the query or the filters.")
