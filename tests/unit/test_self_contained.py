"""The repository is all a user has: no code reads a folder beside the clone, and no code names an absolute path.

The dynamic check runs the data loaders of the tests, the accuracy report and the benchmarks in a fresh Python with
an audit hook that records every file opened and every directory listed; a path inside the folder that holds the
clone, but outside the clone itself, is a dependency a user who clones the repository does not have.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from orchestration.lib.settings import PROJECT_ROOT

LOADERS = """
import json, sys, tempfile
from pathlib import Path
seen = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, Path)):
        seen.append(str(args[0] if not isinstance(args[0], bytes) else args[0].decode(errors="replace")))
sys.addaudithook(hook)
sys.path.insert(0, "bench")
import corpus
from evaluation.corpora import DEFAULT_CORPORA, SEED_DIR, read_gold_docs, read_wikinews_metadata
from evaluation.stories_eval import load_labelled_set
from tests.conftest import copy_seeds
counts = {
    "wikinews rows": len(read_wikinews_metadata(DEFAULT_CORPORA)),
    "gum docs": len(read_gold_docs(DEFAULT_CORPORA / "gum_news" / "ner_gold.jsonl")),
    "uner docs": len(read_gold_docs(DEFAULT_CORPORA / "uner_pud_news" / "ner_gold.jsonl")),
    "story docs": len(load_labelled_set(DEFAULT_CORPORA)),
    "bench sources": len([p.read_bytes() for p in corpus.source_files()]),
    "test seeds": len(list(copy_seeds(Path(tempfile.mkdtemp()) / "raw").iterdir())),
}
print(json.dumps({"counts": counts, "seen": seen}))
"""


def test_the_data_loaders_read_nothing_beside_the_repository():
    result = subprocess.run(
        [sys.executable, "-c", LOADERS], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=True
    )
    report = json.loads(result.stdout.splitlines()[-1])
    counts = report["counts"]
    assert counts["wikinews rows"] == 295 and counts["gum docs"] == 24 and counts["uner docs"] == 215
    assert counts["story docs"] > 100 and counts["bench sources"] == 300 and counts["test seeds"] == 5
    beside = PROJECT_ROOT.parent
    outside = sorted(
        {
            path
            for path in report["seen"]
            if beside in (resolved := (PROJECT_ROOT / path).resolve()).parents
            and resolved != PROJECT_ROOT
            and PROJECT_ROOT not in resolved.parents
        }
    )
    assert outside == []


# Paths that only exist on a developer's machine; the test builds them so it does not match itself.
FORBIDDEN = re.compile("|".join([r"\.\./" + "shared", r'parent\s*/\s*"' + "shared", "/" + "work/", "/" + "root/"]))
CODE_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".toml", ".cfg", ".sh", ""}
# Generated, installed or data folders; hidden folders too (caches), except the two the project keeps.
SKIPPED_DIRS = {"target", "warehouse", "dbt_packages", "logs", "__pycache__", "data"}
KEPT_HIDDEN = {".ci", ".dagster_home"}


def _code_files() -> list[Path]:
    files = []
    for path in PROJECT_ROOT.rglob("*"):
        parts = set(path.relative_to(PROJECT_ROOT).parts)
        hidden = {part for part in parts if part.startswith(".")} - KEPT_HIDDEN - {path.name}
        if path.is_file() and not parts & SKIPPED_DIRS and not hidden and path.suffix in CODE_SUFFIXES:
            files.append(path)
    return files


def test_no_code_names_a_folder_beside_the_clone_or_an_absolute_path():
    files = _code_files()
    assert PROJECT_ROOT / "Makefile" in files and PROJECT_ROOT / "orchestration" / "cli.py" in files
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []
