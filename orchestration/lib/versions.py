"""Rules versions made from the rule files themselves, so a changed rule redoes what it decides and nobody has to
remember to bump a number (the NER rules, the figure and quote rules)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def files_version(files: Iterable[Path], seed: bytes = b"") -> str:
    """A short hash of `seed` and each file's name and bytes, in the order given."""
    digest = hashlib.sha256(seed)
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]
