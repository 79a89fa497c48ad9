"""No gold text in the code, its comments or its tests: examples are invented, so a score on the gold corpora is
not a score on sentences the rules were written around.

A line of code "quotes" the gold when it shares a run of eight words with a gold text. Page furniture that a site
prints on every page (the Wikinews review banner the parser strips) is not reporting and is allowed.
"""

from __future__ import annotations

import re

from evaluation.claims_gold import read_figure_items, read_stories
from evaluation.corpora import DEFAULT_CORPORA, NER_GOLD_FILES, QUOTES_GOLD, read_gold_docs, read_jsonl
from orchestration.lib.settings import PROJECT_ROOT

RUN = 8
CODE_FOLDERS = ("orchestration", "tests", "dashboards", "bench", "reliability", "dbt_project")
SITE_FURNITURE = (
    "this article requires pre publication review by an uninvolved reviewer",
    "please check the talk page history before reviewing",
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _gold_runs() -> set[tuple[str, ...]]:
    texts = [path.read_text(encoding="utf-8") for path in (DEFAULT_CORPORA / "wikinews").glob("*.txt")]
    texts += [doc.text for path in NER_GOLD_FILES.values() for doc in read_gold_docs(DEFAULT_CORPORA / path)]
    texts += [item["text"] for item in read_figure_items()]
    texts += [article["text"] for story in read_stories() for article in story["articles"]]
    texts += [item["text"] for item in read_jsonl(DEFAULT_CORPORA / QUOTES_GOLD)]
    runs = set()
    for text in texts:
        words = _words(text)
        runs.update(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    return runs


def test_no_line_of_code_quotes_a_gold_text():
    runs = _gold_runs()
    assert len(runs) > 100_000
    furniture = [tuple(_words(phrase)) for phrase in SITE_FURNITURE]
    quoted = []
    for folder in CODE_FOLDERS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".sql", ".yml"} or not path.is_file() or "target" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                words = _words(line)
                if any(" ".join(f) in " ".join(words) for f in furniture):
                    continue
                if any(tuple(words[i : i + RUN]) in runs for i in range(len(words) - RUN + 1)):
                    quoted.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()[:80]}")
    assert quoted == []
