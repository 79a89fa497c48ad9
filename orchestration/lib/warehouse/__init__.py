"""DuckDB I/O for the landing schema: the tables Python writes and dbt reads."""
