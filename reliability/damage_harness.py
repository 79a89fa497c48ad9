"""A damaged working database: bytes overwritten, the file truncated, zeroed or deleted, then `newsmon run` again.

Every scenario starts from a copy of one green warehouse (published file, working database, snapshot), with one raw
file archived after that run, so the only copy of its article is inside the damaged database. The run after the
damage must succeed, say what it recovered in one line, and build the same published marts as an undamaged run, the
archived article's text included in the landing tables.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.settings import working_db_for
from reliability.kill_harness import seed_raw_dir
from reliability.runner import RunResult, make_dagster_home, pipeline_env, run_newsmon
from reliability.state import differences, published_rows


def _overwrite_spread(path: Path) -> None:
    # One spot can land in a free block (nothing to detect, nothing lost); nine spread over the file hit data.
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        for tenth in range(1, 10):
            handle.seek(size * tenth // 10)
            handle.write(b"\xa5" * 16_384)


def _truncate(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 3)


def _overwrite_landing_blocks(path: Path) -> None:
    # Data for certain, whatever the file's layout (a spot at a fixed offset may fall in free space or an index): 16 KB
    # inside every block that holds a landing table. DuckDB's file is three 4 KB headers, then blocks of block_size.
    with duckdb.connect(str(path), read_only=True) as con:
        block_size = con.execute("select block_size from pragma_database_size()").fetchone()[0]
        tables = con.execute(
            "select table_name from information_schema.tables"
            " where table_schema = 'landing' and table_type = 'BASE TABLE'"
        ).fetchall()
        blocks = {
            block
            for (table,) in tables
            for (block,) in con.execute(
                f"select distinct block_id from pragma_storage_info('landing.\"{table}\"') where block_id >= 0"
            ).fetchall()
        }
    with open(path, "r+b") as handle:
        for block in sorted(blocks):
            handle.seek(3 * 4096 + block * block_size + 4096)
            handle.write(b"\xa5" * 16_384)


def _zero_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 16_384)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "16 KB overwritten at each tenth of the file": _overwrite_spread,
    "16 KB overwritten in every block of the landing tables": _overwrite_landing_blocks,
    "truncated to a third": _truncate,
    "first 16 KB zeroed (header)": _zero_header,
    "deleted": os.remove,
}


@dataclass
class DamageCase:
    damage: str
    result: RunResult
    recover_line: str | None
    archived_text_kept: bool
    published_differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.result.returncode == 0
            and self.recover_line is not None
            and self.archived_text_kept
            and not self.published_differences
        )


def run_damage_harness(workdir: Path, timeout: float = 900) -> list[DamageCase]:
    """One green run, one undamaged re-run as the reference, then each damage on its own copy and a run after it."""
    raw = seed_raw_dir(workdir / "raw")
    env = pipeline_env(make_dagster_home(workdir / "dagster_home"))
    base = workdir / "base" / "news.duckdb"
    run_newsmon(raw, base, env, timeout)
    archived = sorted(raw.glob("00*.txt"))[-1]  # a seed whose text no other file has
    archived_text = archived.read_text(encoding="utf-8")
    archived.rename(workdir / archived.name)  # archived: the working database is now its only copy
    reference = workdir / "reference" / "news.duckdb"
    shutil.copytree(base.parent, reference.parent, ignore=shutil.ignore_patterns("*.lock"))
    run_newsmon(raw, reference, env, timeout)
    expected = published_rows(reference)
    cases = []
    for name, damage in DAMAGES.items():
        warehouse = workdir / f"damaged_{len(cases)}" / "news.duckdb"
        shutil.copytree(base.parent, warehouse.parent, ignore=shutil.ignore_patterns("*.lock"))
        damage(working_db_for(warehouse))
        result = run_newsmon(raw, warehouse, env, timeout)
        recover = next((line.text.strip() for line in result.lines if line.text.strip().startswith("recover:")), None)
        with duckdb.connect(str(working_db_for(warehouse)), read_only=True) as con:
            texts = [text for (text,) in con.execute("select text from landing.documents").fetchall()]
        cases.append(
            DamageCase(
                damage=name,
                result=result,
                recover_line=recover,
                archived_text_kept=any(archived_text.strip()[:500] in text for text in texts),
                published_differences=differences(expected, published_rows(warehouse)),
            )
        )
    return cases
