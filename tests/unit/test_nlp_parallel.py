"""NER on every core (parallel.py) with the real model: the workers' mentions are the single process's, batch by
batch and in order; a handful of bodies stays in this process; the workers die with the process that started them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from polars.testing import assert_frame_equal
from spacy.pipeline.tok2vec import Tok2VecListener

from evaluation.corpora import DEFAULT_CORPORA
from orchestration.lib.nlp.mentions import chunks_of, extract_annotations, load_pipeline
from orchestration.lib.nlp.parallel import SMALL_INPUT_CHUNKS, mention_batches
from orchestration.lib.nlp.sentences import LINE_BREAKS_NAME
from orchestration.lib.nlp.spans import COMPONENT_NAME, PATTERNS_NAME
from orchestration.lib.parsing import parse_article
from orchestration.lib.settings import PROJECT_ROOT

WIKINEWS = DEFAULT_CORPORA / "wikinews"


@pytest.fixture(scope="module")
def bodies() -> list[tuple[str, str]]:
    """Twelve real articles' bodies, parsed as the pipeline parses them."""
    paths = sorted(WIKINEWS.glob("*.txt"))[:12]
    return [(path.stem, parse_article(path.read_text(encoding="utf-8")).body) for path in paths]


def test_the_pipeline_runs_no_tagger_or_parser_and_its_ner_needs_neither():
    nlp = load_pipeline()
    assert nlp.pipe_names == ["senter", LINE_BREAKS_NAME, "ner", PATTERNS_NAME, COMPONENT_NAME]
    # "ner" embeds its own tok2vec: nothing in it listens to the shared one the pipeline leaves out.
    assert not [layer for layer in nlp.get_pipe("ner").model.walk() if isinstance(layer, Tok2VecListener)]


def test_workers_give_the_mentions_of_one_process_batch_by_batch_in_order(bodies, monkeypatch):
    # Small chunks: one body's chunks go to different tasks and workers, and its sentences must still add up.
    monkeypatch.setattr("orchestration.lib.nlp.mentions.MAX_CHUNK_CHARS", 1500)
    assert len(chunks_of(bodies)) > 2 * len(bodies)
    batches = []
    for batch, frame, sentences in mention_batches(bodies, batch_size=5, processes=2):
        assert len(multiprocessing.active_children()) == 2  # the work went to two workers
        assert frame.height > 0
        mentions_here, sentences_here = extract_annotations(load_pipeline(), batch)
        assert_frame_equal(frame, mentions_here)
        assert_frame_equal(sentences, sentences_here)
        batches.append(batch)
    assert [len(batch) for batch in batches] == [5, 5, 2]
    assert [body for batch in batches for body in batch] == bodies
    assert multiprocessing.active_children() == []  # and the workers are gone


def test_a_handful_of_bodies_stays_in_this_process(bodies):
    few = bodies[:2]
    assert len(chunks_of(few)) < SMALL_INPUT_CHUNKS
    results = []
    for batch, frame, _ in mention_batches(few, batch_size=200, processes=2):
        assert multiprocessing.active_children() == []
        results.append((batch, frame))
    assert len(results) == 1
    assert_frame_equal(results[0][1], extract_annotations(load_pipeline(), few)[0])


def test_no_bodies_give_no_batches():
    assert list(mention_batches([], batch_size=200, processes=2)) == []


# A run that annotates and then hangs, holding its workers: the test kills it as the OOM killer or `kill -9` would.
_HANGING_RUN = """
import multiprocessing, sys, time
from pathlib import Path
from orchestration.lib.nlp.parallel import mention_batches
bodies = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(Path(sys.argv[1]).glob("*.txt"))[:40]]
for batch, frame, _ in mention_batches(bodies, batch_size=10, processes=2):
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    """Running or sleeping; a zombie (killed, not yet reaped) or a vanished process is dead."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_run():
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    run = subprocess.Popen(
        [sys.executable, "-c", _HANGING_RUN, str(WIKINEWS)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        workers = [int(pid) for pid in run.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # leave no orphan behind when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
