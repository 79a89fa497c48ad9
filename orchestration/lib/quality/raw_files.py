"""An independent count of the entries under the raw directory, for the "every file accounted for" check."""

from __future__ import annotations

import os
from pathlib import Path


def count_raw_files(raw_dir: Path, changed_before: float | None = None) -> int:
    """Files, symlinks to directories and unlistable directories: each is owed one ledger entry. With
    `changed_before` (epoch seconds of the scan), entries that arrived or changed after the scan are not owed yet:
    a scraper dropping files during a run is the next run's work, not a failure."""
    count = 0

    def on_error(exc: OSError) -> None:
        nonlocal count
        if Path(exc.filename) != Path(raw_dir):
            count += 1

    def owed(path: str) -> bool:
        if changed_before is None:
            return True
        try:
            return os.lstat(path).st_ctime <= changed_before
        except OSError:  # vanished since the listing: no longer owed
            return False

    for dirpath, dirnames, filenames in os.walk(raw_dir, onerror=on_error, followlinks=False):
        links = [name for name in dirnames if os.path.islink(os.path.join(dirpath, name))]
        count += sum(1 for name in [*filenames, *links] if owed(os.path.join(dirpath, name)))
    return count
