"""Sidebar filters shared by every page (date range, outlets, entity types), kept in st.session_state."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from dashboards.data import Filters

DATES, DATES_TOUCHED, UNDATED, SOURCES, TYPES = (
    "flt_dates",
    "flt_dates_touched",
    "flt_undated",
    "flt_sources",
    "flt_types",
)


def _touched() -> None:
    st.session_state[DATES_TOUCHED] = True


def _reset() -> None:
    st.session_state[DATES_TOUCHED] = False
    st.session_state[UNDATED] = True
    st.session_state[SOURCES] = []
    st.session_state[TYPES] = []


def _date_span(lo: date | None, hi: date | None) -> tuple[date | None, date | None]:
    if lo is None:
        st.caption("No article states a publication date yet.")
        return None, None
    # Until the analyst picks dates the range follows the data, so a new day of articles is never filtered out.
    if not st.session_state.get(DATES_TOUCHED):
        st.session_state[DATES] = (lo, hi)
    picked = st.date_input("Published between (UTC)", key=DATES, on_change=_touched, format="YYYY-MM-DD")
    picked = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
    if not st.session_state.get(DATES_TOUCHED) or not picked:
        return None, None
    return picked[0], picked[1] if len(picked) > 1 else None


def sidebar(options: dict[str, Any]) -> Filters:
    """Draw the filters in the sidebar and return them (also stored as st.session_state['filters'])."""
    with st.sidebar:
        st.subheader("Filters")
        start, end = _date_span(options["start"], options["end"])
        st.session_state.setdefault(UNDATED, True)  # set here, not as value=, so Reset can write it without warnings
        undated = st.checkbox("Include articles without a date", key=UNDATED)
        outlets = options["sources"]
        sources = st.multiselect(
            "Outlets", list(outlets), key=SOURCES, placeholder="All outlets", format_func=lambda d: outlets.get(d, d)
        )
        types = st.multiselect("Entity types", options["types"], key=TYPES, placeholder="All types")
        st.button("Reset filters", on_click=_reset)
    chosen = Filters(start, end, undated, tuple(sources), tuple(types))
    st.session_state["filters"] = chosen
    return chosen


def current() -> Filters:
    """The filters set in the sidebar on this run."""
    return st.session_state.get("filters", Filters())
