"""`newsmon recover`, `newsmon backup` and `newsmon forget`: the working database checked, restored, copied somewhere
safe, or rid of what a user chose to delete.

All hold the warehouse's run lock, so they never interleave with a run (a run waits for them, and they for it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from filelock import FileLock

from orchestration.lib.settings import Settings
from orchestration.lib.warehouse.connection import connect
from orchestration.lib.warehouse.forget import forget as forget_rows
from orchestration.lib.warehouse.forget import preview
from orchestration.lib.warehouse.snapshot import damage, recover_if_damaged, restore, write_snapshot


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def recover(settings: Settings, source: Path | None = None) -> int:
    """Restore the working database from the last snapshot when it is damaged (or from `source`, a backup, always)."""
    working = settings.working_db
    with FileLock(f"{settings.warehouse}.lock"):
        if source is None:
            message = recover_if_damaged(working, settings.snapshot_db, _now())
            print(f"newsmon: {message or f'recover: {working} is intact, nothing to do'}")
            return 0
        problem = damage(source) if source.exists() else "does not exist"
        if problem is not None:
            print(f"newsmon: error: {source} cannot be restored: {problem}", file=sys.stderr)
            return 2
        rows = restore(source, working, _now())
    print(f"newsmon: recover: restored {rows:,} landing rows from {source}; `newsmon run` rebuilds and publishes")
    return 0


def backup(settings: Settings, target: Path) -> int:
    """Write the landing tables (everything the marts are rebuilt from) to a new file, verified."""
    working = settings.working_db
    if target.exists():
        print(f"newsmon: error: {target} exists; give a new file name", file=sys.stderr)
        return 2
    if not working.exists():
        print(f"newsmon: error: no working database at {working}: run `newsmon run` first", file=sys.stderr)
        return 2
    with FileLock(f"{settings.warehouse}.lock"):
        problem = damage(working)
        if problem is not None:
            print(f"newsmon: error: working database damaged ({problem}); run `newsmon recover`", file=sys.stderr)
            return 1
        info = write_snapshot(working, target, _now())
    rows = sum(info.row_counts.values())
    print(f"newsmon: backup: {rows:,} landing rows -> {target} (sha256 {info.sha256[:16]}...)")
    print(f"newsmon: restore it with `newsmon recover --from {target}`")
    return 0


def forget(
    settings: Settings, how: str, target: str, *, confirm: Callable[[str], bool], publish: Callable[[], int]
) -> int:
    """Delete what the selector matches from the working database (after `confirm` says yes), then rebuild and
    publish, so the published warehouse no longer holds it when this returns."""
    if how == "file":
        relative = raw_relative(settings.raw_dir, target)
        if relative is None:
            print(f"newsmon: error: {target} is not under the raw directory {settings.raw_dir}", file=sys.stderr)
            return 2
        target = relative
    working = settings.working_db
    if not working.exists():
        print(f"newsmon: error: no working database at {working}: nothing to forget", file=sys.stderr)
        return 2
    with FileLock(f"{settings.warehouse}.lock"), connect(working) as con:
        try:
            planned = preview(con, how, target)
        except ValueError as exc:
            print(f"newsmon: error: {exc}", file=sys.stderr)
            return 2
        if not planned.file_records:
            print(f"newsmon: forget: nothing matches {how} {target!r}")
            return 0
        question = (
            f"newsmon: forget {planned.articles:,} articles and {planned.file_records:,} file records "
            f"({how} {target})? This cannot be undone (except from a backup). [y/N] "
        )
        if not confirm(question):
            print("newsmon: forget: nothing deleted")
            return 1
        done = forget_rows(con, how, target, _now())
    print(f"newsmon: {done.line()}; rebuilding and publishing the warehouse", flush=True)
    return publish()


def raw_relative(raw_dir: Path, given: str) -> str | None:
    """A --file argument as the ledger names files: relative to the raw directory, '/'-separated. A path that names
    something under the raw directory (`raw/a.txt` from the project folder, or an absolute path) is made relative to
    it, also when the file has since been moved away; any other relative path is taken as relative to the raw
    directory already. None for an absolute path outside it."""
    path = Path(given).expanduser()
    if not path.is_absolute() and (raw_dir / path).exists():
        return PurePosixPath(path.as_posix()).as_posix()
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, absolute.parent.resolve() / absolute.name):
        if candidate == raw_dir or raw_dir in candidate.parents:
            return candidate.relative_to(raw_dir).as_posix() if candidate != raw_dir else None
    return None if path.is_absolute() else PurePosixPath(path.as_posix()).as_posix()
