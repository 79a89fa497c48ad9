"""Copies and stories: near-duplicate detection (MinHash + LSH) and event clustering (no Dagster here)."""
