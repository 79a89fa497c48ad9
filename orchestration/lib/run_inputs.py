"""Everything a run's result depends on, as one digest that is cheap to compute: when it equals the digest recorded
after the last successful run, a new run would scan, find nothing new and rebuild nothing, so `newsmon run` can say
so in a fraction of a second instead of starting Dagster, dbt and Great Expectations (which take ~20 s to import).

The digest is conservative: any change to a file under the raw directory (by size or modification time), to the
working or published database (a `forget`, a `recover`, a copy put back by hand), to the project's code, dbt
project or installed packages, to a NEWSMON_* setting, or the retention window moving to a new day, makes the next
run a full one. It stats files; it never reads or hashes them.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from importlib import metadata
from pathlib import Path

from orchestration.lib.settings import DBT_PROJECT_DIR, PROJECT_ROOT, Settings, retention_days

LAST_SUCCESS = "last_success.json"
# The project's own files whose change can change a result; build output and caches are not among them.
_PROJECT_PARTS = (PROJECT_ROOT / "orchestration", DBT_PROJECT_DIR, PROJECT_ROOT / "pyproject.toml")
# Names under the project that dbt and Python write while running (build output, caches, dbt's user id file).
_SKIPPED_NAMES = {"__pycache__", "target", "logs", "dbt_packages", ".user.yml"}


def _entry(path: str, root: Path) -> str:
    """A path's mode, size and modification time (and its target's, for a link); an error counts as state too."""
    relative = os.path.relpath(path, root)
    try:
        stat = os.lstat(path)
        entry = f"{relative}\0{stat.st_mode}\0{stat.st_size}\0{stat.st_mtime_ns}"
        if os.path.islink(path):
            target = os.stat(path)
            entry += f"\0{target.st_mode}\0{target.st_size}\0{target.st_mtime_ns}"
    except OSError as exc:  # a dangling link or an entry that vanished
        entry = f"{relative}\0{type(exc).__name__}"
    return entry + "\n"


def _tree_listing(root: Path, digest: hashlib._Hash, *, skip: set[str] = frozenset(), folders: bool = True) -> None:
    """Feed every entry under `root` (files, links, unlistable folders and, with `folders`, the folders themselves)
    into `digest`: a permission change or a new link to a folder changes what the scan finds as surely as a new file.
    The project's folders are left out: Python's bytecode caches change their modification times."""
    if not root.is_dir():
        digest.update(_entry(str(root), root.parent).encode(errors="surrogateescape"))
        return

    def unlistable(exc: OSError) -> None:
        digest.update(f"unlistable\0{os.path.relpath(exc.filename, root)}\n".encode(errors="surrogateescape"))

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in [*(dirs if folders else []), *sorted(f for f in files if f not in skip)]:
            digest.update(_entry(os.path.join(folder, name), root).encode(errors="surrogateescape"))


def _file_state(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return f"{path.name}:absent"
    return f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"


def raw_inputs_digest(settings: Settings, now: datetime) -> str:
    """What the run will read: the raw files, the code and packages, the settings, the retention day. Taken before
    a run starts, so files that arrive while it runs make the next run a full one."""
    digest = hashlib.sha256()
    digest.update(f"raw:{settings.raw_dir}\n".encode())
    _tree_listing(settings.raw_dir, digest)
    for part in _PROJECT_PARTS:
        digest.update(f"project:{part.name}\n".encode())
        if part.exists():
            _tree_listing(part, digest, skip=_SKIPPED_NAMES, folders=False)
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(packages).encode())
    settings_env = sorted((k, v) for k, v in os.environ.items() if k.startswith("NEWSMON_"))
    digest.update(json.dumps(settings_env).encode())
    days = retention_days()
    if days is not None:
        digest.update(f"retention:{days}:{now.date().isoformat()}".encode())
    return digest.hexdigest()


def databases_state(settings: Settings) -> str:
    """The working and published databases as a run left them (size and modification time of each file)."""
    files = (settings.working_db, Path(f"{settings.working_db}.wal"), settings.warehouse)
    return "|".join(_file_state(path) for path in files)


def last_success(settings: Settings) -> dict | None:
    try:
        return json.loads((settings.log_dir / LAST_SUCCESS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def nothing_changed(settings: Settings, inputs: str) -> bool:
    """True when the inputs and both databases are exactly as the last successful run left them."""
    last = last_success(settings)
    return (
        last is not None
        and last.get("inputs") == inputs
        and last.get("databases") == databases_state(settings)
        and settings.warehouse.exists()
    )


def forget_success(settings: Settings) -> None:
    """Called before a full run: until it succeeds, no earlier success vouches for the databases."""
    (settings.log_dir / LAST_SUCCESS).unlink(missing_ok=True)


def record_success(settings: Settings, inputs: str, finished_at: datetime) -> None:
    """Written atomically after a successful run, with the inputs taken before it started."""
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    record = {"inputs": inputs, "databases": databases_state(settings), "finished_at": finished_at.isoformat()}
    temporary = settings.log_dir / f".{LAST_SUCCESS}.tmp"
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, settings.log_dir / LAST_SUCCESS)
