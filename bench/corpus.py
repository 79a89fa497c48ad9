"""Benchmark corpus: real articles (Wikinews from evaluation/data, and the seeds), written as K variants each.

Variant 0 of a file is its original bytes. Variant k >= 1 is the decoded text plus two footer lines naming a distinct
outlet: a "This report was also carried by ..." sentence (kept in the body, so every variant is a new body that the
pipeline annotates, exactly as bare spaCy does) and a "Source link : ..." line (read as the URL, dropped from the
body). With ``same_body=True`` only the source-link line is added: files differ (no duplicates) but bodies are
shared, which shows what the pipeline saves by annotating each body once.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # the benchmarks run as scripts: make the repository's packages importable

from evaluation.corpora import DEFAULT_CORPORA, SEED_DIR  # noqa: E402

WIKINEWS_DIR = DEFAULT_CORPORA / "wikinews"


def source_files() -> list[Path]:
    """The real articles the corpus is made of: every Wikinews *.txt, then the seeds, in a stable order."""
    wikinews = sorted(WIKINEWS_DIR.glob("*.txt"))
    if not wikinews:
        raise SystemExit(f"no Wikinews articles under {WIKINEWS_DIR}: the benchmark needs evaluation/data")
    seeds = sorted(p for p in SEED_DIR.iterdir() if p.is_file() and not p.name.startswith("."))
    return wikinews + seeds


def variant_name(source: Path, k: int) -> str:
    # Short, unique names: the Wikinews titles are long; the source index keeps them distinct.
    return f"v{k:02d}_{source.stem[:60]}.txt"


def variant_bytes(source: Path, k: int, *, same_body: bool = False) -> bytes:
    """The bytes of variant k of one source file (variant 0 is the file itself)."""
    data = source.read_bytes()
    if k == 0:
        return data
    # Imported here, so the benchmark's worker processes time this import themselves.
    from orchestration.lib.ingest import decode_bytes

    decoded = decode_bytes(data)
    if decoded.text is None:
        raise ValueError(f"{source} is not text: {decoded.reason}")
    slug = source.stem[:40].lower()
    footer = [] if same_body else [f"This report was also carried by example{k}.com."]
    footer.append(f"Source link : https://example{k}.com/news/{slug}")
    return (decoded.text.rstrip("\n") + "\n\n" + "\n".join(footer) + "\n").encode("utf-8")


def plan(copies: int, limit: int | None = None) -> list[tuple[Path, int]]:
    """(source, variant) pairs: variant 0 of every source first, then variant 1, ... capped at ``limit``."""
    sources = source_files()
    pairs = [(source, k) for k in range(copies) for source in sources]
    return pairs[:limit] if limit is not None else pairs


def write_files(raw_dir: Path, pairs: list[tuple[Path, int]], *, same_body: bool = False) -> list[Path]:
    """Write the planned variants into raw_dir and return their paths."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source, k in pairs:
        target = raw_dir / variant_name(source, k)
        if target.exists():
            raise FileExistsError(f"two variants map to one file name: {target.name}")
        target.write_bytes(variant_bytes(source, k, same_body=same_body))
        written.append(target)
    return written


def extra_pairs(copies: int, count: int) -> list[tuple[Path, int]]:
    """``count`` files not in the corpus yet: variant ``copies`` (the next unused one) of the first sources."""
    return [(source, copies) for source in source_files()[:count]]
