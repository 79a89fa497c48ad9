"""Streamlit dashboards over the newsmon marts (read-only)."""
