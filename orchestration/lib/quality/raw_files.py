"""An independent count of the entries under the raw directory, for the "every file accounted for" check."""

from __future__ import annotations

import os
from pathlib import Path


def count_raw_files(raw_dir: Path) -> int:
    """Files, symlinks to directories and unlistable directories: each is owed exactly one ledger row."""
    count = 0

    def on_error(exc: OSError) -> None:
        nonlocal count
        if Path(exc.filename) != Path(raw_dir):
            count += 1

    for dirpath, dirnames, filenames in os.walk(raw_dir, onerror=on_error, followlinks=False):
        count += len(filenames) + sum(1 for name in dirnames if os.path.islink(os.path.join(dirpath, name)))
    return count
