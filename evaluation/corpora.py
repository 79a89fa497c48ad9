"""Where the gold corpora and seed files live, and how their records are read."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from evaluation.scoring import Span

REPO_ROOT = Path(__file__).resolve().parents[1]
# Everything evaluation, tests and benchmarks read ships inside the repository (licences and sources in data/README.md).
DATA_DIR = REPO_ROOT / "evaluation" / "data"
DEFAULT_CORPORA = DATA_DIR
# A frozen copy of the seeds: raw/ is the user's landing zone and may hold anything.
SEED_DIR = DATA_DIR / "seeds"
# The NER gold corpora, by name, and their files under DEFAULT_CORPORA.
NER_GOLD_FILES = {"gum_news": "gum_news/ner_gold.jsonl", "uner_pud_news": "uner_pud_news/ner_gold.jsonl"}
# The quotes gold (written for the project, evaluation/quotes_eval.py), under DEFAULT_CORPORA.
QUOTES_GOLD = "claims/quotes_gold.jsonl"


@dataclass(frozen=True)
class GoldDoc:
    """One document of an NER gold corpus: its text and its gold PERSON / ORG / LOC spans."""

    doc_id: str
    text: str
    spans: frozenset[Span]


def read_wikinews_metadata(corpora: Path) -> list[dict[str, str]]:
    """Rows of wikinews/metadata.csv (file, title, date, url, licence), in file-name order."""
    with open(corpora / "wikinews" / "metadata.csv", encoding="utf-8", newline="") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: row["file"])


def read_html_pages_expected(corpora: Path) -> list[dict[str, str]]:
    """Rows of html_pages/expected.csv: each page written for the project and what it states."""
    with open(corpora / "html_pages" / "expected.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_gold_docs(path: Path) -> list[GoldDoc]:
    """Documents of an ner_gold.jsonl file, spans keyed by the document id."""
    docs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            spans = frozenset(
                Span(record["doc_id"], entity["start"], entity["end"], entity["label"]) for entity in record["entities"]
            )
            docs.append(GoldDoc(record["doc_id"], record["text"], spans))
    return docs


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON Lines file, blank lines skipped."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
