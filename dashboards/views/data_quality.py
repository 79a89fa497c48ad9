"""Data quality: the files ledger (quarantined, duplicates), what the warehouse shows, fields missing per source."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from dashboards import data, filters, render

f = filters.current()
st.title("Data quality")

checks = data.load(data.warehouse_checks)
st.caption(f"Last build published: {render.stamp(checks['built_at'])}")

st.subheader("Checks on the latest build")
st.info(
    "The pipeline's own check results (Great Expectations suites and dbt tests) are kept by Dagster, not in the "
    "warehouse: see them with `make dev` (or `newsmon check`). Below is what the warehouse itself shows, computed now."
)
# Each row: what is counted, the count, and whether a non-zero count means broken data or just needs a look.
rows = [
    ("Quarantined files (empty, binary, undecodable, nothing left)", checks["quarantined_files"], "review"),
    ("Duplicate files (same text as an article)", checks["duplicate_files"], "info"),
    ("Stated dates rejected (impossible or in the future)", checks["rejected_dates"], "review"),
    ("Publication dates more than a day in the future", checks["future_dates"], "must be 0"),
    ("Ledger rows pointing to a missing article", checks["orphan_files"], "must be 0"),
]
table = pd.DataFrame(rows, columns=["check", "count", "rule"])
table["status"] = ["fail" if r == "must be 0" and n else "warn" if r == "review" and n else "ok" for _, n, r in rows]
st.dataframe(table, hide_index=True)

st.subheader("Files ledger")
ledger = data.load(data.ledger_counts)
cols = st.columns(3)
for col, row in zip(cols, ledger.itertuples(), strict=True):
    col.metric(f"{row.status.capitalize()} files", f"{row.files:,}", help=f"{row.records:,} records")

left, right = st.columns(2)
with left:
    st.markdown("**Quarantined, with reasons**")
    quarantined = data.load(data.quarantined)
    if quarantined.empty:
        st.caption("No quarantined file or record.")
    else:
        st.dataframe(quarantined, hide_index=True)
with right:
    st.markdown("**Duplicates**")
    dupes = data.load(data.duplicates)
    if dupes.empty:
        st.caption("No duplicate file.")
    else:
        st.dataframe(dupes, hide_index=True)

st.markdown("**Rejected dates** (the stated text is kept in `published_at_text`; `published_at` is NULL)")
rejected = data.load(data.rejected_dates)
if rejected.empty:
    st.caption("No stated date was rejected.")
else:
    st.dataframe(rejected, hide_index=True)

st.subheader("Fields missing per source")
missing = data.load(data.missing_fields, f)
shares = [c for c in missing.columns if c.startswith("pct_")]
st.dataframe(missing.drop(columns=shares), hide_index=True)
if not missing.empty:
    share = missing.set_index("outlet")[shares].rename(columns=lambda c: c.removeprefix("pct_"))
    fig = px.imshow(
        share,
        text_auto=".0f",
        color_continuous_scale="Reds",
        zmin=0,
        zmax=100,
        aspect="auto",
        labels={"x": "field missing", "y": "outlet", "color": "% of articles"},
    )
    fig.update_layout(height=120 + 32 * len(share), margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, config={"displayModeBar": False})
