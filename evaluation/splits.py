"""The frozen dev / test split of every gold corpus: rules, word lists and thresholds are chosen on dev only, and
ACCURACY.md reports test beside dev.

A document's split is decided by a hash of its corpus and id (half and half on average, independent of its content
and of any score), and the assignment is recorded in `data/splits.csv` so that it never moves: a test checks that
the file still matches the rule and covers every gold document. `python -m evaluation.splits --write` rewrites it
(only needed when a corpus gains documents).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
from collections.abc import Sequence
from pathlib import Path

from evaluation.claims_gold import claims_gold_documents
from evaluation.corpora import (
    DATA_DIR,
    DEFAULT_CORPORA,
    NER_GOLD_FILES,
    QUOTES_GOLD,
    read_gold_docs,
    read_html_pages_expected,
    read_jsonl,
    read_wikinews_metadata,
)

SPLITS_FILE = DATA_DIR / "splits.csv"
DEV, TEST = "dev", "test"


def split_of(corpus: str, doc_id: str) -> str:
    """dev or test, from a hash of the corpus and document id alone."""
    digest = hashlib.sha256(f"{corpus}\0{doc_id}".encode()).digest()
    return DEV if digest[0] % 2 == 0 else TEST


def gold_documents(corpora: Path = DEFAULT_CORPORA) -> list[tuple[str, str]]:
    """(corpus, doc_id) of every gold document: the NER corpora, the Wikinews metadata, the HTML pages, the
    claims gold and the quotes gold."""
    documents = [
        (corpus, doc.doc_id) for corpus, path in NER_GOLD_FILES.items() for doc in read_gold_docs(corpora / path)
    ]
    documents += [("wikinews", row["file"]) for row in read_wikinews_metadata(corpora)]
    documents += [("html_pages", row["file"]) for row in read_html_pages_expected(corpora)]
    documents += [("quotes", item["id"]) for item in read_jsonl(corpora / QUOTES_GOLD)]
    return documents + claims_gold_documents(corpora)


def read_splits(path: Path = SPLITS_FILE) -> dict[tuple[str, str], str]:
    """The recorded split of every gold document."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {(row["corpus"], row["doc_id"]): row["split"] for row in csv.DictReader(handle)}


def write_splits(path: Path = SPLITS_FILE, corpora: Path = DEFAULT_CORPORA) -> int:
    rows = sorted((corpus, doc_id, split_of(corpus, doc_id)) for corpus, doc_id in gold_documents(corpora))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["corpus", "doc_id", "split"])
        writer.writerows(rows)
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Record the dev / test split of the gold corpora.")
    parser.add_argument("--write", action="store_true", help=f"rewrite {SPLITS_FILE.name}")
    args = parser.parse_args(argv)
    if args.write:
        print(f"splits: {write_splits()} documents -> {SPLITS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
