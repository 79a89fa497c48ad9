"""newsmon dashboards: `make dashboards` serves them on 127.0.0.1 over $NEWSMON_WAREHOUSE, read-only."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts dashboards/ on sys.path, not the repo: make `import dashboards` mean this checkout.
_REPO = str(Path(__file__).resolve().parents[1])
if _REPO not in sys.path:
    sys.path.insert(0, _REPO)

import streamlit as st  # noqa: E402

from dashboards import data, filters  # noqa: E402

# No page or nav icons: the browser would fetch them from a CDN, and the dashboards must work offline.
st.set_page_config(page_title="newsmon", layout="wide")

# Pages live in views/, not pages/: a pages/ folder beside the entry point switches Streamlit to its legacy
# multipage mode, which runs a page without this script (and its sidebar filters) on some reruns.
navigation = st.navigation(
    [
        st.Page("views/overview.py", title="Overview", default=True),
        st.Page("views/search.py", title="Search"),
        st.Page("views/trending.py", title="Trending"),
        st.Page("views/entities.py", title="Entities"),
        st.Page("views/sources.py", title="Sources"),
        st.Page("views/stories.py", title="Stories"),
        st.Page("views/data_quality.py", title="Data quality"),
    ]
)

try:
    # One read-only connection per page run at most (none when everything is cached), closed once the page is drawn.
    with data.session():
        filters.sidebar(data.load(data.filter_options))
        st.sidebar.caption(f"Warehouse: `{data.warehouse_path()}` (read-only)")
        navigation.run()
except data.WarehouseUnavailable as exc:
    st.error(str(exc))
