"""NER on every core: bodies annotated by a pool of worker processes, in order, one batch at a time.

Each worker holds the pipeline (load_pipeline) and returns only what the pipeline keeps of a Doc (mentions.annotate):
a few tuples per text. spaCy's own ``nlp.pipe(n_process=2)`` sends every Doc back whole, to be rebuilt in the parent
on the same cores: over 600 Wikinews bodies on 2 cores it ran bare "ner" + "sentencizer" at 77-81k bodies/hour,
where this pool runs the whole pipeline (rules and mention frames included) at about 90k. Tasks are a few chunks
each, so both workers stay busy to the end; at most IN_FLIGHT_PER_PROCESS tasks per worker are in flight, so memory
stays bounded however many bodies wait. Below SMALL_INPUT_CHUNKS chunks the work stays in this process.

How the workers start and stop: orchestration/lib/workers.py (forked from this process, which has loaded the pipeline;
where fork is unavailable they load it themselves, the components register on import).
"""

from __future__ import annotations

import os
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

import polars as pl

from orchestration.lib.nlp.mentions import MODEL_NAME, Annotation, annotate, annotated_frames, chunks_of, load_pipeline
from orchestration.lib.workers import available_cores, die_with_parent, process_context

# Chunks per task. Measured on 2 cores over 600 Wikinews bodies (~730 words): 4 gave 87-95k bodies/hour, 2 and 8
# about 88k; larger tasks leave a worker idle at the end of the input.
TASK_CHUNKS = 4
# Below this many chunks one process is as quick (measured with fork: 4 bodies 0.17 s in one process, 0.20 s in two;
# 8 bodies 0.32 s against 0.20 s): there would not be a task for each worker.
SMALL_INPUT_CHUNKS = 8
# Tasks submitted ahead per worker: enough that the workers never wait while the caller stores a batch.
IN_FLIGHT_PER_PROCESS = 4


def _start_worker(parent: int, model_name: str) -> None:
    die_with_parent(parent)
    load_pipeline(model_name)  # cached: a forked worker has it already


def _annotate_in_worker(model_name: str, texts: list[str]) -> list[Annotation]:
    return annotate(load_pipeline(model_name), texts)


def mention_batches(
    bodies: Sequence[tuple[str, str]],
    batch_size: int,
    processes: int | None = None,
    model_name: str = MODEL_NAME,
) -> Iterator[tuple[Sequence[tuple[str, str]], pl.DataFrame, pl.DataFrame]]:
    """(batch, mentions, sentences) for every batch_size bodies in order: the frames extract_annotations would give
    for the batch, made by `processes` workers (default: one per core) or, for small inputs or one core, in this
    process.

    The workers go on with the next tasks while the caller stores a batch; closing the generator stops them.
    """
    nlp = load_pipeline(model_name)
    batches = [bodies[start : start + batch_size] for start in range(0, len(bodies), batch_size)]
    processes = available_cores() if processes is None else processes
    # Each batch is cut into chunks when its turn comes, not all at once: the chunks are a second copy of the text
    # (a first run over 30,000 files held every body twice).
    few = len(bodies) < SMALL_INPUT_CHUNKS and len(chunks_of(bodies)) < SMALL_INPUT_CHUNKS
    if processes <= 1 or few:
        for batch in batches:
            yield batch, *annotated_frames(batch, annotate(nlp, _pieces(batch)))
        return
    remaining: dict[int, int] = {}  # tasks of each batch not back yet

    def tasks() -> Iterator[tuple[int, list[str]]]:
        for index, batch in enumerate(batches):
            pieces = _pieces(batch)
            remaining[index] = len(range(0, len(pieces), TASK_CHUNKS))
            for start in range(0, len(pieces), TASK_CHUNKS):
                yield index, pieces[start : start + TASK_CHUNKS]

    executor = ProcessPoolExecutor(
        processes, mp_context=process_context(), initializer=_start_worker, initargs=(os.getpid(), model_name)
    )
    try:
        results = _in_order(executor, model_name, tasks(), window=IN_FLIGHT_PER_PROCESS * processes)
        annotations: dict[int, list[Annotation]] = defaultdict(list)
        for index, result in results:
            annotations[index] += result
            remaining[index] -= 1
            if remaining[index] == 0:
                yield batches[index], *annotated_frames(batches[index], annotations.pop(index))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _pieces(batch: Sequence[tuple[str, str]]) -> list[str]:
    return [piece for _, _, piece in chunks_of(batch)]


def _in_order(
    executor: ProcessPoolExecutor, model_name: str, tasks: Iterable[tuple[int, list[str]]], window: int
) -> Iterator[tuple[int, list[Annotation]]]:
    """Each task's (batch index, annotations) in task order, with at most `window` tasks submitted and not taken."""
    in_flight: deque[tuple[int, Future[list[Annotation]]]] = deque()
    for index, texts in tasks:
        in_flight.append((index, executor.submit(_annotate_in_worker, model_name, texts)))
        if len(in_flight) >= window:
            index, future = in_flight.popleft()
            yield index, future.result()
    while in_flight:
        index, future = in_flight.popleft()
        yield index, future.result()
