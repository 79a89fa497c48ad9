"""A cheap fingerprint of the raw directory (paths, sizes, modification times) for the file sensor."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def raw_dir_fingerprint(raw_dir: Path) -> str:
    """Changes whenever a file is added, removed, resized or touched; reads no file contents."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                info = os.stat(path)
                stamp = f"{info.st_size}:{info.st_mtime_ns}"
            except OSError as exc:
                stamp = f"error:{exc.errno}"
            digest.update(f"{os.path.relpath(path, raw_dir)}\0{stamp}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
