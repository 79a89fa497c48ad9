"""Stories: story clusters, biggest first, and one story's articles side by side (outlet, title, date), its figures
by outlet with the ones that disagree highlighted, and its quotes by speaker."""

from __future__ import annotations

import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Stories")

clusters = data.load(data.stories, f, 30)
if clusters.empty:
    st.info("No story has articles within the current filters.")
    st.stop()

count = f"{len(clusters)} story" if len(clusters) == 1 else f"The {len(clusters)} largest stories"
st.caption(f"{count} within the filters, biggest first. Times are UTC.")
st.dataframe(
    clusters.drop(columns="story_id"),
    hide_index=True,
    column_config={
        "story": st.column_config.TextColumn("Story", width="large"),
        "entities": st.column_config.TextColumn("Who and where"),
        "first_published": st.column_config.DatetimeColumn("First published", format="YYYY-MM-DD HH:mm"),
        "last_published": st.column_config.DatetimeColumn("Last published", format="YYYY-MM-DD HH:mm"),
    },
)

labels = {
    row.story_id: f"{row.story if isinstance(row.story, str) else '(untitled story)'} ({row.articles} articles)"
    for row in clusters.itertuples()
}
chosen = st.selectbox("Story", list(labels), format_func=labels.get)
story = clusters.set_index("story_id").loc[chosen]
rows = data.load(data.story_articles, f, (str(chosen),)).drop(columns="story_id")

st.subheader(render.md(story["story"]) if isinstance(story["story"], str) else "(untitled story)")
first, last = render.when(story["first_published"]), render.when(story["last_published"])
st.caption(
    f"{story['articles']} articles from {story['outlets']} outlets, "
    + (first if first == last else f"{first} → {last}")
    + (f" · {render.md(story['entities'])}" if isinstance(story["entities"], str) and story["entities"] else "")
)
# Side by side, four to a row: how each outlet told it (the table below lists every article).
for start in range(0, min(len(rows), 8), 4):
    for col, row in zip(st.columns(4), rows.iloc[start : start + 4].itertuples(), strict=False):
        with col.container(border=True):
            st.caption(render.md(f"{row.outlet} · {render.when(row.published)}"))
            st.markdown(f"**{render.md(row.title)}**" if isinstance(row.title, str) else "*(no title stated)*")
            if row.copy:
                st.caption("near-copy of another article")
st.dataframe(
    rows.assign(url=lambda d: render.web_links(d["url"])),
    hide_index=True,
    column_config={
        "published": st.column_config.DatetimeColumn("Published (UTC)", format="YYYY-MM-DD HH:mm"),
        "url": st.column_config.LinkColumn("URL"),
        "copy": st.column_config.CheckboxColumn("Copy", help="A near-duplicate of another article"),
    },
)

st.subheader("Figures by outlet")
figures = data.load(data.story_figures, f, str(chosen))
if figures.empty:
    st.caption("No article of this story states a figure.")
else:
    # One row per thing counted, one column per outlet: where outlets disagree, the cells are highlighted (amber
    # when the figures' times differ, so the gap may be a change over time; red otherwise).
    # Rows by what is counted as the conflicts match it (the key: "American troops" and "troops" are one row).
    figures["shown"] = figures["figure"] + figures["when"].map(lambda w: f" ({w})" if isinstance(w, str) else "")
    figures["what"] = figures["counted_key"].fillna("(nothing counted)")
    side_by_side = figures.pivot_table(
        index="what", columns="outlet", values="shown", aggfunc=lambda cells: "; ".join(cells)
    )
    flagged = figures[figures["conflicts"] > 0]
    marks = {(row.what, row.outlet): row.explained_by_time for row in flagged.itertuples()}

    def _colour(frame):
        return frame.apply(
            lambda column: [
                ""
                if (counted, column.name) not in marks
                else ("background-color: #fde68a" if marks[(counted, column.name)] else "background-color: #fecaca")
                for counted in frame.index
            ]
        )

    st.dataframe(side_by_side.style.apply(_colour, axis=None), height=min(420, 40 + 36 * len(side_by_side)))
    conflicts = int((figures["conflicts"] > 0).sum())
    st.caption(
        f"{len(figures)} figures; {conflicts} disagree with a figure of another report (red; amber when their times"
        " differ, so the gap may be a change over time)."
        if conflicts
        else f"{len(figures)} figures; no two reports disagree."
    )
    with st.expander("Every figure with its sentence"):
        st.dataframe(figures.drop(columns=["claim_id", "counted_key", "shown", "what"]), hide_index=True)

st.subheader("Quotes by speaker")
quotes = data.load(data.story_quotes, f, str(chosen))
if quotes.empty:
    st.caption("No article of this story quotes anyone.")
else:
    st.dataframe(
        quotes,
        hide_index=True,
        column_config={
            "quote": st.column_config.TextColumn("Quote", width="large"),
            "published": st.column_config.DatetimeColumn("Published (UTC)", format="YYYY-MM-DD HH:mm"),
        },
    )
