"""`newsmon sql`: the published warehouse, read-only, from a query or in DuckDB's own shell."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import duckdb


def duckdb_shell() -> str | None:
    """The DuckDB shell of the duckdb-cli package installed beside this Python (same version as the library)."""
    beside = Path(sys.executable).with_name("duckdb")
    return str(beside) if beside.exists() else shutil.which("duckdb")


def run_sql(warehouse: Path, query: str | None, output: str = "table") -> int:
    """Run QUERY and print its result, or hand the terminal to the DuckDB shell; never writes to the warehouse."""
    if not warehouse.exists():
        print(f"newsmon: error: no warehouse at {warehouse}: run `newsmon run` first", file=sys.stderr)
        return 2
    if query is None:
        shell = duckdb_shell()
        if shell is None:
            print("newsmon: error: the duckdb shell is not installed (package duckdb-cli)", file=sys.stderr)
            return 2
        os.execv(shell, [shell, "-readonly", str(warehouse)])
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            relation = con.sql(query)
            if relation is None:
                return 0
            _print(relation, output)
    except duckdb.Error as exc:
        print(f"newsmon: error: {exc}", file=sys.stderr)
        return 1
    return 0


def _print(relation: duckdb.DuckDBPyRelation, output: str) -> None:
    if output == "table":
        relation.show(max_width=10_000, max_rows=10_000)
        return
    frame = relation.pl()
    sys.stdout.write(frame.write_csv() if output == "csv" else frame.write_json())
    sys.stdout.write("" if output == "csv" else "\n")
