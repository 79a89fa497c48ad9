"""Dashboard tests: Streamlit AppTest per page and a Chromium browser run."""
