"""Worker processes for the per-article stages (NER, story features): how many, how they start, and that they die
with the run that started them.

On Linux the workers are forked from the process that has loaded what they need already, so they start in
milliseconds and share its memory; they die with it (PR_SET_PDEATHSIG), so a killed run leaves no worker holding its
files. Where fork is unavailable they start afresh and import what they need themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys


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
