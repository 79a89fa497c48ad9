"""Worker processes for the per-article stages (NER, story features, figures and quotes): how many, how they start,
and that they die with the run that started them.

On Linux the workers are forked from the process that has loaded what they need already, so they start in
milliseconds and share its memory; they die with it (PR_SET_PDEATHSIG), so a killed run leaves no worker holding its
files. Where fork is unavailable they start afresh and import what they need themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Self

# Articles per task of a BatchPool: large enough that sending the articles and what comes back between processes stays
# a small part of the work.
TASK_ARTICLES = 50
# Below this many articles a batch stays in this process: there would be few tasks per worker.
SMALL_BATCH = 4 * TASK_ARTICLES


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it), at least 1."""
    if hasattr(os, "sched_getaffinity"):
        return max(len(os.sched_getaffinity(0)), 1)
    return max(os.cpu_count() or 1, 1)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this worker when the process that started it dies (also if it died already); forked workers
    ignore Ctrl-C, the parent stops them."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def process_context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class BatchPool:
    """Workers (default: one per core) for the batches of a per-article stage whose articles depend on nothing but
    themselves, started with the first batch large enough to pay for them, so a run that adds a few hundred articles
    stays in one process. A context manager: the workers stop when the block ends."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = available_cores() if processes is None else processes
        self.executor: ProcessPoolExecutor | None = None

    def workers_for(self, articles: int) -> ProcessPoolExecutor | None:
        """The workers for a batch of this many articles, or None when it is read in this process."""
        if self.processes <= 1 or articles < SMALL_BATCH:
            return None
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.processes, mp_context=process_context(), initializer=die_with_parent, initargs=(os.getpid(),)
            )
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
